/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The Linux/x86 boot protocol's setup header (Documentation/x86/boot):
 * "HdrS" at 0x202, the protocol version at 0x206, setup_sects at 0x1f1,
 * and from version 2.08 the compressed payload's offset (after the setup
 * sectors) and length at 0x248 and 0x24c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pvbuild_private.h"

#define BZ_SETUP_SECTS    0x1f1
#define BZ_HEADER         0x202
#define BZ_VERSION        0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_VERSION    0x0208

static uint32_t le(const uint8_t *p, unsigned n)
{
    uint32_t v = 0;

    while (n--)
        v = v << 8 | p[n];
    return v;
}

int pvb_bzimage_payload(const uint8_t *img, size_t len, size_t *off,
                        size_t *plen, char *err, size_t errlen)
{
    uint64_t o, l;
    unsigned version;

    if (len < BZ_PAYLOAD_LENGTH + 4 || memcmp(img + BZ_HEADER, "HdrS", 4))
        return 1;
    version = le(img + BZ_VERSION, 2);
    if (version < BZ_MIN_VERSION) {
        snprintf(err, errlen,
                 "bzImage boot protocol %u.%02u is too old (2.08 or later "
                 "has the payload offset)",
                 version >> 8, version & 0xff);
        return -EINVAL;
    }
    o = ((uint64_t)img[BZ_SETUP_SECTS] + 1) * 512 +
        le(img + BZ_PAYLOAD_OFFSET, 4);
    l = le(img + BZ_PAYLOAD_LENGTH, 4);
    if (o >= len || o + l > len) {
        snprintf(err, errlen,
                 "bzImage payload (offset %#llx, length %#llx) lies "
                 "beyond the file's end (%#zx): truncated?",
                 (unsigned long long)o, (unsigned long long)l, len);
        return -EINVAL;
    }
    *off = o;
    *plen = l;
    return 0;
}
