/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZMA decoder core, as used inside LZMA2 chunks: literals (plain and
 * "matched" against the byte at the last distance), matches with a coded
 * distance, and repeats of one of the last four distances.  The output
 * buffer is the dictionary; every distance is checked against the bytes
 * decoded since the last dictionary reset.
 */
#include "xz_private.h"

/* The symbol decoders are inlined into lzma_decode_chunk() so that the
 * range decoder's state stays in registers instead of memory. */
#define LZMA_INLINE static inline __attribute__((always_inline))

/* State transitions after each kind of symbol (states 0..11). */
static uint32_t state_after_literal(uint32_t st)
{
    if (st < 4)
        return 0;
    return st < 10 ? st - 3 : st - 6;
}

#define STATE_IS_LITERAL(st) ((st) < 7)

/* Reset the model: every probability to one half, no distances yet. */
void lzma_reset_state(struct lzma_dec *s)
{
    uint16_t *p = (uint16_t *)&s->p;
    size_t n = sizeof(s->p) / sizeof(uint16_t);

    /* Only the literal tables in use by lc + lp need resetting. */
    n -= (size_t)(LZMA_LIT_CTX - (1u << (s->lc + s->lp))) * LZMA_LIT_SIZE;
    for (size_t i = 0; i < n; i++)
        p[i] = LZMA_PROB_INIT;
    s->state = 0;
    s->rep0 = s->rep1 = s->rep2 = s->rep3 = 0;
}

/*
 * Set lc/lp/pb from the packed properties byte (pb * 5 + lp) * 9 + lc.
 * LZMA2 requires lc + lp <= 4.  Returns 0 or -EINVAL.
 */
int lzma_set_props(struct lzma_dec *s, uint8_t props)
{
    unsigned int lc, lp, pb;

    if (props > (4 * 5 + 4) * 9 + 8)
        return -EINVAL;
    lc = props % 9;
    props /= 9;
    lp = props % 5;
    pb = props / 5;
    if (lc + lp > 4)
        return -EINVAL;
    s->lc = lc;
    s->lp = lp;
    s->pb = pb;
    return 0;
}

/* Start the range decoder on @len compressed bytes. */
int lzma_rc_init(struct lzma_rc *rc, const uint8_t *in, size_t len)
{
    if (len < 5 || in[0] != 0)
        return -EINVAL;
    rc->in = in;
    rc->end = len;
    rc->pos = 5;
    rc->range = 0xffffffffu;
    rc->code = ((uint32_t)in[1] << 24) | ((uint32_t)in[2] << 16) |
               ((uint32_t)in[3] << 8) | in[4];
    rc->overrun = false;
    return 0;
}

/* Decode one literal byte, matched against the byte at rep0 if needed. */
LZMA_INLINE int lzma_literal(struct lzma_dec *s, struct lzma_rc *rc)
{
    size_t have = s->pos - s->dict_start;
    unsigned int prev = have ? s->out[s->pos - 1] : 0;
    unsigned int ctx =
        (unsigned int)(((s->pos & ((1u << s->lp) - 1)) << s->lc) +
                       (prev >> (8 - s->lc)));
    uint16_t *probs = s->p.literal[ctx];
    unsigned int sym = 1;

    if (!STATE_IS_LITERAL(s->state)) {
        unsigned int match;

        if (s->rep0 >= have)
            return -EINVAL;
        match = s->out[s->pos - s->rep0 - 1];
        do {
            unsigned int mbit = (match >> 7) & 1;
            unsigned int bit;

            match <<= 1;
            bit = rc_bit(rc, &probs[0x100 + (mbit << 8) + sym]);
            sym = (sym << 1) | bit;
            if (bit != mbit)
                break;
        } while (sym < 0x100);
    }
    while (sym < 0x100)
        sym = (sym << 1) | rc_bit(rc, &probs[sym]);
    s->out[s->pos++] = (uint8_t)sym;
    s->state = state_after_literal(s->state);
    return 0;
}

/* Decode a match length (2..273) with the given length model. */
LZMA_INLINE unsigned int lzma_len(struct lzma_rc *rc, struct lzma_len_probs *l,
                                  unsigned int pos_state)
{
    if (!rc_bit(rc, &l->choice))
        return 2 + rc_tree(rc, l->low[pos_state], 3);
    if (!rc_bit(rc, &l->choice2))
        return 2 + 8 + rc_tree(rc, l->mid[pos_state], 3);
    return 2 + 16 + rc_tree(rc, l->high, 8);
}

/* Decode the distance (minus one) of a match of length @len. */
LZMA_INLINE uint32_t lzma_dist(struct lzma_dec *s, struct lzma_rc *rc,
                               unsigned int len)
{
    unsigned int len_state = len < 6 ? len - 2 : 3;
    unsigned int slot = rc_tree(rc, s->p.dist_slot[len_state], 6);
    unsigned int nbits;
    uint32_t dist;

    if (slot < 4)
        return slot;
    nbits = (slot >> 1) - 1;
    dist = (2u | (slot & 1)) << nbits;
    if (slot < 14) {
        /* dist_special is shifted by one so this base is never negative. */
        return dist + rc_tree_rev(rc, s->p.dist_special + dist - slot, nbits);
    }
    for (unsigned int i = 0; i < nbits - 4; i++) {
        uint32_t bit;

        rc_normalize(rc);
        rc->range >>= 1;
        bit = rc->code >= rc->range;
        if (bit)
            rc->code -= rc->range;
        dist = dist + (bit << (nbits - 1 - i));
    }
    return dist + rc_tree_rev(rc, s->p.dist_align, 4);
}

/* Decode a match or repeat; returns the length to copy from rep0. */
LZMA_INLINE unsigned int lzma_match(struct lzma_dec *s, struct lzma_rc *rc,
                                    unsigned int pos_state)
{
    uint32_t st = s->state, dist;
    unsigned int len;

    if (!rc_bit(rc, &s->p.is_rep[st])) {
        len = lzma_len(rc, &s->p.match_len, pos_state);
        s->state = STATE_IS_LITERAL(st) ? 7 : 10;
        s->rep3 = s->rep2;
        s->rep2 = s->rep1;
        s->rep1 = s->rep0;
        s->rep0 = lzma_dist(s, rc, len);
        return len;
    }
    if (!rc_bit(rc, &s->p.is_rep0[st])) {
        if (!rc_bit(rc, &s->p.is_rep0_long[st][pos_state])) {
            s->state = STATE_IS_LITERAL(st) ? 9 : 11;
            return 1;
        }
    } else {
        if (!rc_bit(rc, &s->p.is_rep1[st])) {
            dist = s->rep1;
        } else {
            if (!rc_bit(rc, &s->p.is_rep2[st])) {
                dist = s->rep2;
            } else {
                dist = s->rep3;
                s->rep3 = s->rep2;
            }
            s->rep2 = s->rep1;
        }
        s->rep1 = s->rep0;
        s->rep0 = dist;
    }
    s->state = STATE_IS_LITERAL(st) ? 8 : 11;
    return lzma_len(rc, &s->p.rep_len, pos_state);
}

/* Copy @len bytes from rep0 + 1 bytes back. */
LZMA_INLINE int lzma_copy(struct lzma_dec *s, unsigned int len)
{
    uint8_t *dst = s->out + s->pos;
    const uint8_t *src;
    size_t dist = (size_t)s->rep0 + 1;

    if (dist > s->pos - s->dict_start)
        return -EINVAL;
    /* A match may not run past the end of its chunk. */
    if (len > s->limit - s->pos)
        return -EINVAL;
    src = dst - dist;
    s->pos += len;
    /* Most matches are short: eight bytes a step (each step reads only
     * bytes written before it when dist >= 8), no call to memcpy. */
    if (dist >= 8)
        for (; len >= 8; len -= 8, dst += 8, src += 8)
            __builtin_memcpy(dst, src, 8);
    while (len--)
        *dst++ = *src++;
    return 0;
}

/*
 * Decode symbols until s->pos reaches s->limit.  Returns 0 or -EINVAL for
 * corrupt data (bad distance, end marker, reading past the chunk).
 */
int lzma_decode_chunk(struct lzma_dec *s)
{
    unsigned int pb_mask = (1u << s->pb) - 1;
    /* A local copy: stores to the output cannot alias it. */
    struct lzma_rc local = s->rc, *rc = &local;
    int ret = 0;

    while (s->pos < s->limit) {
        unsigned int pos_state = (unsigned int)s->pos & pb_mask;
        unsigned int len;

        if (rc->overrun) {
            ret = -EINVAL;
            break;
        }
        if (!rc_bit(rc, &s->p.is_match[s->state][pos_state])) {
            ret = lzma_literal(s, rc);
        } else {
            len = lzma_match(s, rc, pos_state);
            /* The end-of-payload marker is not allowed in LZMA2. */
            if (s->rep0 == 0xffffffffu)
                ret = -EINVAL;
            else
                ret = lzma_copy(s, len);
        }
        if (ret)
            break;
    }
    s->rc = local;
    if (!ret && rc->overrun)
        ret = -EINVAL;
    return ret;
}
