/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linux x86 bzImage (boot protocol, Documentation/x86/boot.rst): the real-
 * mode setup sectors with the setup header, then the protected-mode part,
 * which holds a compressed payload (the vmlinux ELF, gzip or xz) at
 * payload_offset with payload_length bytes (boot protocol >= 2.08).
 */
#ifndef XENITH_BZIMAGE_H
#define XENITH_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <xenith/errno.h>

/* Setup header fields (offsets from the start of the image). */
#define BZ_SETUP_SECTS    0x1f1 /* u8; 0 means 4 */
#define BZ_BOOT_FLAG      0x1fe /* u16 0xaa55 */
#define BZ_HEADER_MAGIC   0x202 /* "HdrS" */
#define BZ_VERSION        0x206 /* u16 boot protocol version */
#define BZ_PAYLOAD_OFFSET 0x248 /* u32, from the protected-mode code */
#define BZ_PAYLOAD_LENGTH 0x24c /* u32 */
#define BZ_MIN_VERSION    0x0208
#define BZ_HEADER_END     0x250

struct bzimage_info {
    uint16_t version; /* boot protocol version, e.g. 0x020f */
    unsigned int setup_sects;
    size_t pm_offset; /* file offset of the protected-mode code */
    const uint8_t *payload;
    size_t payload_len;
};

/* True if @img carries the "HdrS" setup header signature. */
bool bzimage_probe(const void *img, size_t size);

/*
 * Parse and bounds-check the setup header and locate the payload.
 * Returns -ENOEXEC if @img is not a bzImage, -EOPNOTSUPP for a boot
 * protocol older than 2.08, -EINVAL for inconsistent fields.
 */
int bzimage_parse(const void *img, size_t size, struct bzimage_info *bi);

#endif /* XENITH_BZIMAGE_H */
