/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decompressors for boot images: gzip (DEFLATE) and xz (LZMA2 + x86 BCJ).
 *
 * Every decoder works whole buffer to whole buffer: the caller hands in the
 * complete compressed input and an output buffer large enough for the whole
 * result.  The output buffer doubles as the decoder's history window (the
 * DEFLATE window, the LZMA2 dictionary), so the only other memory needed is a
 * small state block (a few KiB for inflate, about 30 KiB for LZMA2) that the
 * decoder obtains through the caller's allocator callbacks.
 *
 * The code is freestanding: it builds inside the hypervisor and in host unit
 * tests alike.  The input is untrusted; every decoder bounds-checks all reads
 * and writes and reports corruption as an error, never by crashing.
 *
 * Return convention (all functions): 0 on success, or a negative Xen errno:
 *   -EINVAL      corrupt or truncated input, failed CRC or size check
 *   -ENOSPC      the output buffer is too small
 *   -ENOMEM      the allocator failed
 *   -EOPNOTSUPP  a recognised but unsupported format or option
 *   -ENOEXEC     the input is not in any recognised format
 */
#ifndef XENITH_DECOMPRESS_H
#define XENITH_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include <xenith/errno.h>

/*
 * Memory for decoder state.  alloc() returns zero-filled or uninitialised
 * memory of at least @size bytes aligned to 8, or NULL; free() releases it.
 */
struct decompress_alloc {
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
};

/* Result of one decoding call. */
struct decompress_result {
    size_t out_len; /* bytes written to the output buffer */
    size_t in_used; /* bytes of input the stream occupied */
};

enum decompress_format {
    DECOMP_UNKNOWN = 0,
    DECOMP_GZIP,
    DECOMP_XZ,
    /* Recognised so the caller can name them, but not decoded: */
    DECOMP_BZIP2,
    DECOMP_LZMA,
    DECOMP_LZO,
    DECOMP_LZ4,
    DECOMP_ZSTD,
};

/* Guess the format of @in from its magic bytes. */
enum decompress_format decompress_sniff(const void *in, size_t in_len);

/* A short lowercase name for @fmt ("gzip", "xz", ...). */
const char *decompress_format_name(enum decompress_format fmt);

/*
 * Decode a raw DEFLATE stream (RFC 1951).  res->in_used counts whole bytes,
 * rounded up past the final block's last bit.
 */
int inflate_raw(const void *in, size_t in_len, void *out, size_t out_size,
                const struct decompress_alloc *a,
                struct decompress_result *res);

/*
 * Decode one gzip member (RFC 1952): header with FEXTRA/FNAME/FCOMMENT/FHCRC,
 * DEFLATE body, CRC32 and ISIZE trailer, all checked.
 */
int gunzip(const void *in, size_t in_len, void *out, size_t out_size,
           const struct decompress_alloc *a, struct decompress_result *res);

/*
 * Decode one .xz stream: stream header, blocks (LZMA2, optionally preceded by
 * the x86 BCJ filter), index and footer.  CRC32 and CRC64 checks are
 * verified, SHA-256 checks are verified too; check type "none" is accepted.
 * Stream padding after the footer (zero bytes in groups of four) is counted
 * into res->in_used; anything else after it is left to the caller.
 */
int unxz(const void *in, size_t in_len, void *out, size_t out_size,
         const struct decompress_alloc *a, struct decompress_result *res);

/*
 * Sniff the format and decode it with the matching decoder.  Formats that
 * are recognised but not supported return -EOPNOTSUPP; unrecognised input
 * returns -ENOEXEC.  @fmt (may be NULL) receives the sniffed format.
 */
int decompress_any(const void *in, size_t in_len, void *out, size_t out_size,
                   const struct decompress_alloc *a,
                   struct decompress_result *res, enum decompress_format *fmt);

/*
 * Best guess of the decoded size without decoding: the gzip ISIZE field or
 * the sum of the xz index's uncompressed sizes.  The guess is only a hint
 * for sizing the output buffer; the decoders still check every bound.
 */
int decompress_size_hint(const void *in, size_t in_len, uint64_t *size);

/* Checksums used by the containers, exposed for tests and other users. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);
uint64_t crc64_update(uint64_t crc, const void *buf, size_t len);

#endif /* XENITH_DECOMPRESS_H */
