/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compression format detection by magic bytes, and the dispatcher that
 * decodes whichever supported format it finds.
 */
#include "xz_private.h"

struct magic {
    enum decompress_format fmt;
    uint8_t len;
    uint8_t bytes[9];
};

/* Leading bytes of each format, as written by the usual compressors. */
static const struct magic magics[] = {
    { DECOMP_GZIP, 2, { 0x1f, 0x8b } },
    { DECOMP_GZIP, 2, { 0x1f, 0x9e } }, /* old gzip */
    { DECOMP_XZ, 6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
    { DECOMP_BZIP2, 3, { 'B', 'Z', 'h' } },
    { DECOMP_LZMA, 3, { 0x5d, 0x00, 0x00 } },
    { DECOMP_LZO, 9, { 0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a } },
    { DECOMP_LZ4, 4, { 0x02, 0x21, 0x4c, 0x18 } }, /* legacy frame */
    { DECOMP_LZ4, 4, { 0x04, 0x22, 0x4d, 0x18 } }, /* frame format */
    { DECOMP_ZSTD, 4, { 0x28, 0xb5, 0x2f, 0xfd } },
};

static const char *const names[] = {
    [DECOMP_UNKNOWN] = "unknown", [DECOMP_GZIP] = "gzip", [DECOMP_XZ] = "xz",
    [DECOMP_BZIP2] = "bzip2",     [DECOMP_LZMA] = "lzma", [DECOMP_LZO] = "lzo",
    [DECOMP_LZ4] = "lz4",         [DECOMP_ZSTD] = "zstd",
};

/* Guess the format of @in from its magic bytes. */
enum decompress_format decompress_sniff(const void *in, size_t in_len)
{
    const uint8_t *p = in;

    if (!p)
        return DECOMP_UNKNOWN;
    for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
        const struct magic *m = &magics[i];
        size_t k = 0;

        if (in_len < m->len)
            continue;
        while (k < m->len && p[k] == m->bytes[k])
            k++;
        if (k == m->len)
            return m->fmt;
    }
    return DECOMP_UNKNOWN;
}

const char *decompress_format_name(enum decompress_format fmt)
{
    if ((unsigned int)fmt >= sizeof(names) / sizeof(names[0]))
        return "unknown";
    return names[fmt];
}

/* Sniff and decode; see decompress.h. */
int decompress_any(const void *in, size_t in_len, void *out, size_t out_size,
                   const struct decompress_alloc *a,
                   struct decompress_result *res, enum decompress_format *fmt)
{
    enum decompress_format f = decompress_sniff(in, in_len);

    res->out_len = 0;
    res->in_used = 0;
    if (fmt)
        *fmt = f;
    switch (f) {
    case DECOMP_GZIP:
        return gunzip(in, in_len, out, out_size, a, res);
    case DECOMP_XZ:
        return unxz(in, in_len, out, out_size, a, res);
    case DECOMP_UNKNOWN:
        return -ENOEXEC;
    default:
        return -EOPNOTSUPP;
    }
}

/* Guess the decoded size from the gzip trailer or the xz index. */
int decompress_size_hint(const void *in, size_t in_len, uint64_t *size)
{
    const uint8_t *p = in;

    switch (decompress_sniff(in, in_len)) {
    case DECOMP_GZIP:
        if (in_len < 18)
            return -EINVAL;
        *size = get_le32(p + in_len - 4);
        return 0;
    case DECOMP_XZ:
        return xz_size_hint(p, in_len, size);
    case DECOMP_UNKNOWN:
        return -ENOEXEC;
    default:
        return -EOPNOTSUPP;
    }
}
