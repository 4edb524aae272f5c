/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DEFLATE decoder internals shared by inflate.c and inflate_huff.c.
 */
#ifndef XENITH_DECOMPRESS_INFLATE_H
#define XENITH_DECOMPRESS_INFLATE_H

#include "private.h"

#define HUFF_FAST_BITS 9
#define HUFF_MAX_BITS  15

/*
 * One canonical Huffman code.  fast[] is indexed by the next
 * HUFF_FAST_BITS input bits and holds (symbol << 4 | length) for codes no
 * longer than that, or 0 when the slow path must walk count[]/sym[].
 */
struct huff {
    uint16_t fast[1u << HUFF_FAST_BITS];
    uint16_t count[HUFF_MAX_BITS + 1];
    uint16_t sym[288];
    uint16_t ncodes;
};

struct inflate_state {
    const uint8_t *in;
    size_t in_len, in_pos;
    uint64_t bitbuf;     /* unread bits, least significant first */
    unsigned int bitcnt; /* number of valid bits in bitbuf */
    size_t overrun;      /* zero bytes fed in past the end of input */
    uint8_t *out;
    size_t out_size, out_pos;
    struct huff lit, dist;
    uint8_t lens[320];
};

/* Top up the bit buffer; past the end of input, zero bytes are counted. */
static inline void bits_fill(struct inflate_state *s)
{
    while (s->bitcnt <= 56) {
        uint64_t b = 0;

        if (s->in_pos < s->in_len)
            b = s->in[s->in_pos++];
        else
            s->overrun++;
        s->bitbuf |= b << s->bitcnt;
        s->bitcnt += 8;
    }
}

/* Take @n (0..16) bits, least significant first. */
static inline unsigned int bits_take(struct inflate_state *s, unsigned int n)
{
    unsigned int v;

    if (s->bitcnt < n)
        bits_fill(s);
    v = (unsigned int)(s->bitbuf & ((1u << n) - 1));
    s->bitbuf >>= n;
    s->bitcnt -= n;
    return v;
}

/* True once bits beyond the real end of input have been consumed. */
static inline bool bits_overrun(const struct inflate_state *s)
{
    return s->overrun * 8 > s->bitcnt;
}

/* Drop the partial byte and hand unread whole bytes back to the input. */
static inline void bits_to_bytes(struct inflate_state *s)
{
    size_t n = s->bitcnt / 8, d = n < s->overrun ? n : s->overrun;

    s->overrun -= d;
    s->in_pos -= n - d;
    s->bitbuf = 0;
    s->bitcnt = 0;
}

int huff_build(struct huff *h, const uint8_t *lens, unsigned int n);
int huff_decode_slow(struct inflate_state *s, const struct huff *h);

/* True if the code has exactly one symbol, of length 1. */
static inline bool huff_single(const struct huff *h)
{
    return h->ncodes == 1 && h->count[1] == 1;
}

/* True if the code has no symbols at all. */
static inline bool huff_empty(const struct huff *h)
{
    return h->ncodes == 0;
}

/* Decode one symbol; returns it, or -EINVAL for an invalid code. */
static inline int huff_decode(struct inflate_state *s, const struct huff *h)
{
    unsigned int e;

    if (s->bitcnt < HUFF_MAX_BITS)
        bits_fill(s);
    e = h->fast[s->bitbuf & ((1u << HUFF_FAST_BITS) - 1)];
    if (e) {
        s->bitbuf >>= e & 15;
        s->bitcnt -= e & 15;
        return (int)(e >> 4);
    }
    return huff_decode_slow(s, h);
}

#endif /* XENITH_DECOMPRESS_INFLATE_H */
