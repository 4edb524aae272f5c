/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gzip container (RFC 1952): one member, header fields skipped after
 * validation, DEFLATE body, CRC32 and ISIZE trailer verified.
 */
#include "private.h"

#define GZ_FTEXT     0x01
#define GZ_FHCRC     0x02
#define GZ_FEXTRA    0x04
#define GZ_FNAME     0x08
#define GZ_FCOMMENT  0x10
#define GZ_FRESERVED 0xe0

/* Skip a zero-terminated header string; returns the new offset or 0. */
static size_t skip_string(const uint8_t *p, size_t len, size_t off)
{
    while (off < len)
        if (p[off++] == 0)
            return off;
    return 0;
}

/*
 * Validate the member header and return the offset of the DEFLATE data in
 * @body, or -EINVAL.
 */
static int gzip_header(const uint8_t *p, size_t len, size_t *body)
{
    size_t off = 10;
    uint8_t flg;

    if (len < 10 || p[0] != 0x1f || p[1] != 0x8b)
        return -EINVAL;
    if (p[2] != 8) /* CM: only DEFLATE is defined */
        return -EINVAL;
    flg = p[3];
    if (flg & GZ_FRESERVED)
        return -EINVAL;
    if (flg & GZ_FEXTRA) {
        if (len - off < 2)
            return -EINVAL;
        size_t xlen = get_le16(p + off);
        off += 2;
        if (len - off < xlen)
            return -EINVAL;
        off += xlen;
    }
    if ((flg & GZ_FNAME) && !(off = skip_string(p, len, off)))
        return -EINVAL;
    if ((flg & GZ_FCOMMENT) && !(off = skip_string(p, len, off)))
        return -EINVAL;
    if (flg & GZ_FHCRC) {
        if (len - off < 2)
            return -EINVAL;
        if ((crc32_update(0, p, off) & 0xffff) != get_le16(p + off))
            return -EINVAL;
        off += 2;
    }
    *body = off;
    return 0;
}

/* Decode one gzip member; see decompress.h. */
int gunzip(const void *in, size_t in_len, void *out, size_t out_size,
           const struct decompress_alloc *a, struct decompress_result *res)
{
    const uint8_t *p = in;
    struct decompress_result body;
    size_t off = 0, end;
    int rc;

    res->out_len = 0;
    res->in_used = 0;
    if (!in)
        return -EINVAL;
    rc = gzip_header(p, in_len, &off);
    if (rc)
        return rc;
    rc = inflate_raw(p + off, in_len - off, out, out_size, a, &body);
    if (rc)
        return rc;
    end = off + body.in_used;
    if (in_len - end < 8)
        return -EINVAL;
    if (get_le32(p + end) != crc32_update(0, out, body.out_len))
        return -EINVAL;
    if (get_le32(p + end + 4) != (uint32_t)body.out_len)
        return -EINVAL;
    res->out_len = body.out_len;
    res->in_used = end + 8;
    return 0;
}
