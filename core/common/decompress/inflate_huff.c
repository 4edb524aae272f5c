/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Canonical Huffman codes for the DEFLATE decoder (RFC 1951 section 3.2.2):
 * building the decoding tables from a list of code lengths, and the slow
 * bit-at-a-time decoding path for codes longer than the lookup table.
 */
#include "inflate.h"

/* Reverse the low @len bits of @code. */
static unsigned int bit_reverse(unsigned int code, unsigned int len)
{
    unsigned int r = 0;

    while (len--) {
        r = (r << 1) | (code & 1);
        code >>= 1;
    }
    return r;
}

/* Fill the lookup table entries of every code of length <= fast bits. */
static void huff_fill_fast(struct huff *h)
{
    unsigned int len, code = 0, idx = 0;

    __builtin_memset(h->fast, 0, sizeof(h->fast));
    for (len = 1; len <= HUFF_FAST_BITS; len++) {
        for (unsigned int i = 0; i < h->count[len]; i++, idx++, code++) {
            unsigned int rev = bit_reverse(code, len);
            uint16_t e = (uint16_t)((h->sym[idx] << 4) | len);

            for (unsigned int k = rev; k < (1u << HUFF_FAST_BITS);
                 k += 1u << len)
                h->fast[k] = e;
        }
        code <<= 1;
    }
}

/*
 * Build the code for symbols 0..@n-1 with the given code lengths (0 = the
 * symbol is unused).  Returns -EINVAL if the lengths over-subscribe the code
 * space, 0 if the code is complete, or a positive value if it is incomplete
 * (the caller decides whether that is acceptable).
 */
int huff_build(struct huff *h, const uint8_t *lens, unsigned int n)
{
    uint16_t offs[HUFF_MAX_BITS + 2];
    int left = 1;
    unsigned int len, sym;

    __builtin_memset(h->count, 0, sizeof(h->count));
    for (sym = 0; sym < n; sym++) {
        if (lens[sym] > HUFF_MAX_BITS)
            return -EINVAL;
        h->count[lens[sym]]++;
    }
    h->ncodes = (uint16_t)(n - h->count[0]);
    for (len = 1; len <= HUFF_MAX_BITS; len++) {
        left = (left << 1) - h->count[len];
        if (left < 0)
            return -EINVAL;
    }
    offs[1] = 0;
    for (len = 1; len <= HUFF_MAX_BITS; len++)
        offs[len + 1] = (uint16_t)(offs[len] + h->count[len]);
    for (sym = 0; sym < n; sym++)
        if (lens[sym])
            h->sym[offs[lens[sym]]++] = (uint16_t)sym;
    huff_fill_fast(h);
    return h->ncodes ? left : 1;
}

/*
 * Decode one symbol bit by bit.  Codes of consecutive values within one
 * length map to consecutive entries of sym[], so walking the lengths in
 * order and comparing against the first code of each length finds it.
 */
int huff_decode_slow(struct inflate_state *s, const struct huff *h)
{
    int code = 0, first = 0, index = 0;

    for (unsigned int len = 1; len <= HUFF_MAX_BITS; len++) {
        int count = h->count[len];

        code |= (int)(s->bitbuf & 1);
        s->bitbuf >>= 1;
        s->bitcnt--;
        if (code - first < count)
            return h->sym[index + code - first];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }
    return -EINVAL;
}
