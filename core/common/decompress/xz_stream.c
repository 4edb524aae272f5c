/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The .xz container (xz file format 1.0.4): stream header, blocks, index
 * and stream footer.  Blocks may use the LZMA2 filter, optionally preceded
 * by the x86 BCJ filter, which is what Linux's xz-compressed kernels use.
 * Integrity checks: none, CRC32, CRC64 and SHA-256 are all verified.
 *
 * Decoding is single-call: the whole stream is in memory and the whole
 * output buffer is the LZMA2 dictionary.  BCJ runs over each block after
 * LZMA2 has produced all of it, because LZMA2's matches refer to the
 * unfiltered bytes.
 */
#include "xz_private.h"

#define XZ_HDR_SIZE     12
#define XZ_CHECK_NONE   0
#define XZ_CHECK_CRC32  1
#define XZ_CHECK_CRC64  4
#define XZ_CHECK_SHA256 10

#define XZ_FILTER_X86   0x04
#define XZ_FILTER_LZMA2 0x21

static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

struct xz_state {
    struct lzma_dec lzma;
    struct sha256_ctx sha;
    uint8_t check_type;
    size_t check_size;
    struct xz_index_sum blocks;
};

/* What a block header announces. */
struct xz_block_hdr {
    size_t size;
    uint64_t csize, usize; /* UINT64_MAX when absent */
    bool bcj;
    uint32_t bcj_start;
};

/* Validate the stream header; returns 0, -EINVAL or -EOPNOTSUPP. */
static int xz_stream_header(struct xz_state *x, const uint8_t *in, size_t len)
{
    if (len < XZ_HDR_SIZE)
        return -EINVAL;
    for (unsigned int i = 0; i < sizeof(xz_magic); i++)
        if (in[i] != xz_magic[i])
            return -EINVAL;
    if (crc32_update(0, in + 6, 2) != get_le32(in + 8))
        return -EINVAL;
    if (in[6] != 0 || (in[7] & 0xf0))
        return -EINVAL;
    x->check_type = in[7];
    switch (x->check_type) {
    case XZ_CHECK_NONE:
        x->check_size = 0;
        return 0;
    case XZ_CHECK_CRC32:
        x->check_size = 4;
        return 0;
    case XZ_CHECK_CRC64:
        x->check_size = 8;
        return 0;
    case XZ_CHECK_SHA256:
        x->check_size = 32;
        return 0;
    default:
        return -EOPNOTSUPP;
    }
}

/* Parse the filter flags of a block header (at most BCJ x86 + LZMA2). */
static int xz_filters(const uint8_t *h, size_t end, size_t *pos,
                      unsigned int nfilters, struct xz_block_hdr *bh)
{
    for (unsigned int i = 0; i < nfilters; i++) {
        uint64_t id, psize;
        bool last = i + 1 == nfilters;

        if (xz_varint(h, end, pos, &id) || xz_varint(h, end, pos, &psize))
            return -EINVAL;
        if (psize > end - *pos)
            return -EINVAL;
        if (last && id == XZ_FILTER_LZMA2) {
            if (psize != 1 || (h[*pos] & 0xc0) || h[*pos] > 40)
                return -EINVAL;
        } else if (!last && id == XZ_FILTER_X86 && !bh->bcj) {
            if (psize != 0 && psize != 4)
                return -EINVAL;
            bh->bcj = true;
            bh->bcj_start = psize ? get_le32(h + *pos) : 0;
        } else {
            return -EOPNOTSUPP;
        }
        *pos += (size_t)psize;
    }
    return 0;
}

/* Parse and verify the block header at @in. */
static int xz_block_header(const uint8_t *in, size_t len,
                           struct xz_block_hdr *bh)
{
    size_t size = ((size_t)in[0] + 1) * 4, pos = 2, end;
    uint8_t flags;
    int rc;

    if (len < size)
        return -EINVAL;
    flags = in[1];
    end = size - 4;
    if (crc32_update(0, in, end) != get_le32(in + end))
        return -EINVAL;
    if (flags & 0x3c)
        return -EOPNOTSUPP;
    bh->size = size;
    bh->csize = bh->usize = UINT64_MAX;
    bh->bcj = false;
    if ((flags & 0x40) && xz_varint(in, end, &pos, &bh->csize))
        return -EINVAL;
    if ((flags & 0x80) && xz_varint(in, end, &pos, &bh->usize))
        return -EINVAL;
    rc = xz_filters(in, end, &pos, (flags & 3) + 1, bh);
    if (rc)
        return rc;
    while (pos < end)
        if (in[pos++] != 0)
            return -EINVAL;
    return 0;
}

/* Verify a block's integrity check against its decoded bytes. */
static int xz_check(struct xz_state *x, const uint8_t *data, size_t len,
                    const uint8_t *check)
{
    uint8_t digest[32];

    switch (x->check_type) {
    case XZ_CHECK_CRC32:
        return crc32_update(0, data, len) == get_le32(check) ? 0 : -EINVAL;
    case XZ_CHECK_CRC64:
        return crc64_update(0, data, len) == get_le64(check) ? 0 : -EINVAL;
    case XZ_CHECK_SHA256:
        sha256_init(&x->sha);
        sha256_update(&x->sha, data, len);
        sha256_final(&x->sha, digest);
        for (unsigned int i = 0; i < sizeof(digest); i++)
            if (digest[i] != check[i])
                return -EINVAL;
        return 0;
    default:
        return 0;
    }
}

/* Decode the block at in[*ip]; advances *ip past its padding and check. */
static int xz_block(struct xz_state *x, const uint8_t *in, size_t len,
                    size_t *ip)
{
    struct xz_block_hdr bh;
    size_t start = x->lzma.pos, used, pad;
    const uint8_t *b = in + *ip;
    size_t avail = len - *ip;
    int rc;

    rc = xz_block_header(b, avail, &bh);
    if (rc)
        return rc;
    rc = lzma2_decode(&x->lzma, b + bh.size, avail - bh.size, &used);
    if (rc)
        return rc;
    if ((bh.csize != UINT64_MAX && bh.csize != used) ||
        (bh.usize != UINT64_MAX && bh.usize != x->lzma.pos - start))
        return -EINVAL;
    if (bh.bcj)
        bcj_x86_decode(x->lzma.out + start, x->lzma.pos - start, bh.bcj_start);
    pad = (4 - (used & 3)) & 3;
    used += bh.size;
    if (avail - used < pad + x->check_size)
        return -EINVAL;
    for (size_t i = 0; i < pad; i++)
        if (b[used + i] != 0)
            return -EINVAL;
    rc = xz_check(x, x->lzma.out + start, x->lzma.pos - start, b + used + pad);
    if (rc)
        return rc;
    xz_index_add(&x->blocks, used + x->check_size, x->lzma.pos - start);
    *ip += used + pad + x->check_size;
    return 0;
}

/* Check the index and footer at in[ip]; returns the stream's end. */
static int xz_index_footer(struct xz_state *x, const uint8_t *in, size_t len,
                           size_t ip, size_t *end)
{
    struct xz_index_sum sum;
    size_t isize;
    const uint8_t *f;

    if (xz_index_parse(in + ip, len - ip, &sum, &isize))
        return -EINVAL;
    if (sum.count != x->blocks.count || sum.hash != x->blocks.hash ||
        sum.uncompressed != x->blocks.uncompressed)
        return -EINVAL;
    ip += isize;
    if (len - ip < XZ_HDR_SIZE)
        return -EINVAL;
    f = in + ip;
    if (crc32_update(0, f + 4, 6) != get_le32(f) ||
        ((size_t)get_le32(f + 4) + 1) * 4 != isize || f[8] != in[6] ||
        f[9] != in[7] || f[10] != 'Y' || f[11] != 'Z')
        return -EINVAL;
    ip += XZ_HDR_SIZE;
    /* Stream padding: zero bytes in groups of four. */
    while (len - ip >= 4 && get_le32(in + ip) == 0)
        ip += 4;
    *end = ip;
    return 0;
}

/* Decode every block of the stream, then check index and footer. */
static int xz_run(struct xz_state *x, const uint8_t *in, size_t len,
                  size_t *end)
{
    size_t ip = XZ_HDR_SIZE;
    int rc = xz_stream_header(x, in, len);

    if (rc)
        return rc;
    for (;;) {
        if (ip >= len)
            return -EINVAL;
        if (in[ip] == 0)
            break;
        rc = xz_block(x, in, len, &ip);
        if (rc)
            return rc;
    }
    return xz_index_footer(x, in, len, ip, end);
}

/* Decode one .xz stream; see decompress.h. */
int unxz(const void *in, size_t in_len, void *out, size_t out_size,
         const struct decompress_alloc *a, struct decompress_result *res)
{
    struct xz_state *x;
    size_t end = 0;
    int rc;

    res->out_len = 0;
    res->in_used = 0;
    if (!in || (!out && out_size))
        return -EINVAL;
    x = dc_zalloc(a, sizeof(*x));
    if (!x)
        return -ENOMEM;
    x->lzma.out = out;
    x->lzma.out_size = out_size;
    rc = xz_run(x, in, in_len, &end);
    if (!rc) {
        res->out_len = x->lzma.pos;
        res->in_used = end;
    }
    dc_free(a, x);
    return rc;
}
