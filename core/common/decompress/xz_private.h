/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals of the xz decoder: the LZMA range decoder, the LZMA decoder
 * state, and the functions the container code calls.
 */
#ifndef XENITH_DECOMPRESS_XZ_PRIVATE_H
#define XENITH_DECOMPRESS_XZ_PRIVATE_H

#include "private.h"

#define LZMA_STATES     12
#define LZMA_POS_STATES 16 /* 1 << largest pb (4) */
#define LZMA_LIT_SIZE   0x300
#define LZMA_LIT_CTX    16 /* 1 << largest lc + lp (4) */
#define LZMA_PROB_INIT  1024
#define LZMA_BITMODEL   11
#define LZMA_MOVE_BITS  5
#define LZMA_TOP        (1u << 24)

/* Adaptive probabilities of one length decoder (match or rep lengths). */
struct lzma_len_probs {
    uint16_t choice;
    uint16_t choice2;
    uint16_t low[LZMA_POS_STATES][8];
    uint16_t mid[LZMA_POS_STATES][8];
    uint16_t high[256];
};

/* Every adaptive probability of the LZMA model; all uint16_t. */
struct lzma_probs {
    uint16_t is_match[LZMA_STATES][LZMA_POS_STATES];
    uint16_t is_rep[LZMA_STATES];
    uint16_t is_rep0[LZMA_STATES];
    uint16_t is_rep1[LZMA_STATES];
    uint16_t is_rep2[LZMA_STATES];
    uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES];
    uint16_t dist_slot[4][64];
    uint16_t dist_special[1 + 114]; /* entry 0 unused, see lzma_dist() */
    uint16_t dist_align[16];
    struct lzma_len_probs match_len;
    struct lzma_len_probs rep_len;
    uint16_t literal[LZMA_LIT_CTX][LZMA_LIT_SIZE];
};

/* Range decoder over one LZMA2 chunk's compressed bytes. */
struct lzma_rc {
    uint32_t range, code;
    const uint8_t *in;
    size_t pos, end;
    bool overrun; /* tried to read past end */
};

/*
 * LZMA decoder working directly in the caller's output buffer, which is
 * the dictionary: back-references may reach down to dict_start.
 */
struct lzma_dec {
    struct lzma_rc rc;
    uint32_t state;
    uint32_t rep0, rep1, rep2, rep3;
    unsigned int lc, lp, pb;
    uint8_t *out;
    size_t out_size;
    size_t pos;        /* next output byte */
    size_t dict_start; /* first byte matches may refer to */
    size_t limit;      /* end of the current chunk's output */
    struct lzma_probs p;
};

/* Normalise the range so that at least 24 bits of precision remain. */
static inline void rc_normalize(struct lzma_rc *rc)
{
    if (rc->range < LZMA_TOP) {
        uint32_t b = 0;

        if (rc->pos < rc->end)
            b = rc->in[rc->pos++];
        else
            rc->overrun = true;
        rc->range <<= 8;
        rc->code = (rc->code << 8) | b;
    }
}

/* Decode one bit with adaptive probability *prob. */
static inline unsigned int rc_bit(struct lzma_rc *rc, uint16_t *prob)
{
    uint32_t bound;

    rc_normalize(rc);
    bound = (rc->range >> LZMA_BITMODEL) * *prob;
    if (rc->code < bound) {
        rc->range = bound;
        *prob = (uint16_t)(*prob +
                           (((1u << LZMA_BITMODEL) - *prob) >> LZMA_MOVE_BITS));
        return 0;
    }
    rc->range -= bound;
    rc->code -= bound;
    *prob = (uint16_t)(*prob - (*prob >> LZMA_MOVE_BITS));
    return 1;
}

/* Decode an @nbits-bit symbol through a bit tree, most significant first. */
static inline unsigned int rc_tree(struct lzma_rc *rc, uint16_t *probs,
                                   unsigned int nbits)
{
    unsigned int m = 1;

    for (unsigned int i = 0; i < nbits; i++)
        m = (m << 1) | rc_bit(rc, &probs[m]);
    return m - (1u << nbits);
}

/* Decode an @nbits-bit symbol through a bit tree, least significant first. */
static inline unsigned int rc_tree_rev(struct lzma_rc *rc, uint16_t *probs,
                                       unsigned int nbits)
{
    unsigned int m = 1, sym = 0;

    for (unsigned int i = 0; i < nbits; i++) {
        unsigned int bit = rc_bit(rc, &probs[m]);

        m = (m << 1) | bit;
        sym |= bit << i;
    }
    return sym;
}

/* lzma_dec.c */
void lzma_reset_state(struct lzma_dec *s);
int lzma_set_props(struct lzma_dec *s, uint8_t props);
int lzma_rc_init(struct lzma_rc *rc, const uint8_t *in, size_t len);
int lzma_decode_chunk(struct lzma_dec *s);

/* lzma2_dec.c: decode LZMA2 chunks from @in into s->out starting at s->pos. */
int lzma2_decode(struct lzma_dec *s, const uint8_t *in, size_t in_len,
                 size_t *in_used);

/* bcj_x86.c: undo the x86 branch conversion over a whole block. */
void bcj_x86_decode(uint8_t *buf, size_t size, uint32_t start_offset);

/* xz_index.c */
int xz_varint(const uint8_t *in, size_t len, size_t *pos, uint64_t *val);
struct xz_index_sum {
    uint64_t count;
    uint64_t unpadded;
    uint64_t uncompressed;
    uint64_t hash;
};
void xz_index_add(struct xz_index_sum *sum, uint64_t unpadded,
                  uint64_t uncompressed);
int xz_index_parse(const uint8_t *in, size_t len, struct xz_index_sum *sum,
                   size_t *index_size);
int xz_size_hint(const uint8_t *in, size_t len, uint64_t *size);

#endif /* XENITH_DECOMPRESS_XZ_PRIVATE_H */
