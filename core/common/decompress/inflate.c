/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman
 * blocks, decoded whole buffer to whole buffer.  The output buffer is the
 * 32 KiB history window, so back-references are checked against the output
 * written so far.
 *
 * Huffman codes are decoded through a 9-bit lookup table; longer codes fall
 * back to a bit-at-a-time walk of the canonical code (inflate_huff.c).
 */
#include "private.h"
#include "inflate.h"

/* Base values and extra-bit counts for length symbols 257..285. */
static const uint16_t len_base[29] = { 3,   4,   5,   6,   7,  8,  9,  10,
                                       11,  13,  15,  17,  19, 23, 27, 31,
                                       35,  43,  51,  59,  67, 83, 99, 115,
                                       131, 163, 195, 227, 258 };
static const uint8_t len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
                                       1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                       4, 4, 4, 4, 5, 5, 5, 5, 0 };

/* Base values and extra-bit counts for distance symbols 0..29. */
static const uint16_t dist_base[30] = { 1,    2,    3,    4,     5,     7,
                                        9,    13,   17,   25,    33,    49,
                                        65,   97,   129,  193,   257,   385,
                                        513,  769,  1025, 1537,  2049,  3073,
                                        4097, 6145, 8193, 12289, 16385, 24577 };
static const uint8_t dist_extra[30] = { 0, 0, 0,  0,  1,  1,  2,  2,  3,  3,
                                        4, 4, 5,  5,  6,  6,  7,  7,  8,  8,
                                        9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* Order in which code-length code lengths are transmitted. */
static const uint8_t clen_order[19] = { 16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                        11, 4,  12, 3, 13, 2, 14, 1, 15 };

/*
 * Copy a back-reference of @len bytes from @dist bytes behind the output
 * position.  Returns 0, -EINVAL for a distance before the start of the
 * output or -ENOSPC when the output buffer is full.
 */
static int copy_match(struct inflate_state *s, unsigned int len,
                      unsigned int dist)
{
    uint8_t *dst, *src;

    if (dist > s->out_pos)
        return -EINVAL;
    if (len > s->out_size - s->out_pos)
        return -ENOSPC;
    dst = s->out + s->out_pos;
    src = dst - dist;
    s->out_pos += len;
    if (dist >= len) {
        __builtin_memcpy(dst, src, len);
        return 0;
    }
    while (len--)
        *dst++ = *src++;
    return 0;
}

/* Decode the symbols of one Huffman-coded block up to end-of-block. */
static int inflate_codes(struct inflate_state *s)
{
    for (;;) {
        int sym = huff_decode(s, &s->lit);
        unsigned int len, dist;

        if (sym < 0)
            return sym;
        if (sym < 256) {
            if (s->out_pos >= s->out_size)
                return -ENOSPC;
            s->out[s->out_pos++] = (uint8_t)sym;
            continue;
        }
        if (sym == 256)
            return 0;
        sym -= 257;
        if (sym >= 29)
            return -EINVAL;
        len = len_base[sym] + bits_take(s, len_extra[sym]);
        sym = huff_decode(s, &s->dist);
        if (sym < 0)
            return sym;
        if (sym >= 30)
            return -EINVAL;
        dist = dist_base[sym] + bits_take(s, dist_extra[sym]);
        if (bits_overrun(s))
            return -EINVAL;
        sym = copy_match(s, len, dist);
        if (sym)
            return sym;
    }
}

/* A stored block: LEN, NLEN (its complement), then LEN raw bytes. */
static int inflate_stored(struct inflate_state *s)
{
    uint16_t len, nlen;

    bits_to_bytes(s);
    if (s->in_len - s->in_pos < 4)
        return -EINVAL;
    len = get_le16(s->in + s->in_pos);
    nlen = get_le16(s->in + s->in_pos + 2);
    s->in_pos += 4;
    if ((uint16_t)(len ^ nlen) != 0xffff)
        return -EINVAL;
    if (s->in_len - s->in_pos < len)
        return -EINVAL;
    if (s->out_size - s->out_pos < len)
        return -ENOSPC;
    __builtin_memcpy(s->out + s->out_pos, s->in + s->in_pos, len);
    s->out_pos += len;
    s->in_pos += len;
    return 0;
}

/* The fixed code of block type 1 (RFC 1951 section 3.2.6). */
static int inflate_fixed(struct inflate_state *s)
{
    unsigned int i;
    int rc;

    for (i = 0; i < 144; i++)
        s->lens[i] = 8;
    for (; i < 256; i++)
        s->lens[i] = 9;
    for (; i < 280; i++)
        s->lens[i] = 7;
    for (; i < 288; i++)
        s->lens[i] = 8;
    rc = huff_build(&s->lit, s->lens, 288);
    if (rc < 0)
        return rc;
    for (i = 0; i < 30; i++)
        s->lens[i] = 5;
    rc = huff_build(&s->dist, s->lens, 30);
    if (rc < 0)
        return rc;
    return inflate_codes(s);
}

/* Read the literal/length and distance code lengths of a dynamic block. */
static int read_code_lengths(struct inflate_state *s, unsigned int nlen,
                             unsigned int ndist)
{
    unsigned int i = 0, total = nlen + ndist;

    while (i < total) {
        int sym = huff_decode(s, &s->lit);
        unsigned int rep, val = 0;

        if (sym < 0)
            return sym;
        if (sym < 16) {
            s->lens[i++] = (uint8_t)sym;
            continue;
        }
        if (sym == 16) {
            if (i == 0)
                return -EINVAL;
            val = s->lens[i - 1];
            rep = 3 + bits_take(s, 2);
        } else if (sym == 17) {
            rep = 3 + bits_take(s, 3);
        } else {
            rep = 11 + bits_take(s, 7);
        }
        if (rep > total - i)
            return -EINVAL;
        while (rep--)
            s->lens[i++] = (uint8_t)val;
    }
    return bits_overrun(s) ? -EINVAL : 0;
}

/* A dynamic block: code-length code, then the two codes, then symbols. */
static int inflate_dynamic(struct inflate_state *s)
{
    unsigned int nlen, ndist, ncode, i;
    int rc;

    nlen = bits_take(s, 5) + 257;
    ndist = bits_take(s, 5) + 1;
    ncode = bits_take(s, 4) + 4;
    if (nlen > 286 || ndist > 30)
        return -EINVAL;
    for (i = 0; i < 19; i++)
        s->lens[clen_order[i]] = 0;
    for (i = 0; i < ncode; i++)
        s->lens[clen_order[i]] = (uint8_t)bits_take(s, 3);
    /* The code-length code must be complete (or a single code). */
    rc = huff_build(&s->lit, s->lens, 19);
    if (rc < 0 || (rc > 0 && !huff_single(&s->lit)))
        return -EINVAL;
    rc = read_code_lengths(s, nlen, ndist);
    if (rc)
        return rc;
    if (s->lens[256] == 0)
        return -EINVAL;
    rc = huff_build(&s->lit, s->lens, nlen);
    if (rc < 0 || (rc > 0 && !huff_single(&s->lit)))
        return -EINVAL;
    /* An empty or single-code distance code is allowed. */
    rc = huff_build(&s->dist, s->lens + nlen, ndist);
    if (rc < 0 || (rc > 0 && !huff_single(&s->dist) && !huff_empty(&s->dist)))
        return -EINVAL;
    return inflate_codes(s);
}

/* Decode blocks until the one marked final. */
static int inflate_blocks(struct inflate_state *s)
{
    unsigned int last;
    int rc;

    do {
        unsigned int type;

        last = bits_take(s, 1);
        type = bits_take(s, 2);
        if (bits_overrun(s))
            return -EINVAL;
        switch (type) {
        case 0:
            rc = inflate_stored(s);
            break;
        case 1:
            rc = inflate_fixed(s);
            break;
        case 2:
            rc = inflate_dynamic(s);
            break;
        default:
            rc = -EINVAL;
            break;
        }
        if (rc)
            return rc;
        if (bits_overrun(s))
            return -EINVAL;
    } while (!last);
    bits_to_bytes(s);
    return 0;
}

/* Decode a raw DEFLATE stream; see decompress.h. */
int inflate_raw(const void *in, size_t in_len, void *out, size_t out_size,
                const struct decompress_alloc *a, struct decompress_result *res)
{
    struct inflate_state *s;
    int rc;

    res->out_len = 0;
    res->in_used = 0;
    if (!in || (!out && out_size))
        return -EINVAL;
    s = dc_zalloc(a, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->in = in;
    s->in_len = in_len;
    s->out = out;
    s->out_size = out_size;
    rc = inflate_blocks(s);
    if (!rc) {
        res->out_len = s->out_pos;
        res->in_used = s->in_pos;
    }
    dc_free(a, s);
    return rc;
}
