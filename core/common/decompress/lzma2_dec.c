/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LZMA2 chunk layer: a sequence of chunks, each either stored
 * (uncompressed) or LZMA-compressed with its own range-coder run, ending
 * with a zero control byte.  The control byte of a chunk says whether the
 * dictionary, the model state and the lc/lp/pb properties are reset.
 *
 * Control byte:
 *   0x00         end of the LZMA2 data
 *   0x01         stored chunk, dictionary reset
 *   0x02         stored chunk, no reset
 *   0x80..0xff   LZMA chunk; bits 5-6: 0 nothing reset, 1 state reset,
 *                2 state reset + new properties, 3 all of that plus a
 *                dictionary reset; bits 0-4: bits 16-20 of (size - 1)
 */
#include "xz_private.h"

struct lzma2_flags {
    bool need_dict_reset;
    bool need_props;
};

/* Decode one LZMA chunk whose control byte was @ctl; @ip is past it. */
static int lzma2_lzma_chunk(struct lzma_dec *s, uint8_t ctl, const uint8_t *in,
                            size_t in_len, size_t *ip, struct lzma2_flags *f)
{
    size_t hdr = ctl >= 0xc0 ? 5 : 4, usize, csize;
    const uint8_t *h = in + *ip;
    int rc;

    if (in_len - *ip < hdr)
        return -EINVAL;
    usize = (((size_t)ctl & 0x1f) << 16) + ((size_t)h[0] << 8) + h[1] + 1;
    csize = ((size_t)h[2] << 8) + h[3] + 1;
    if (ctl >= 0xc0) {
        rc = lzma_set_props(s, h[4]);
        if (rc)
            return rc;
        f->need_props = false;
    } else if (f->need_props) {
        return -EINVAL;
    }
    if (ctl >= 0xa0)
        lzma_reset_state(s);
    *ip += hdr;
    if (in_len - *ip < csize)
        return -EINVAL;
    if (s->out_size - s->pos < usize)
        return -ENOSPC;
    rc = lzma_rc_init(&s->rc, in + *ip, csize);
    if (rc)
        return rc;
    s->limit = s->pos + usize;
    rc = lzma_decode_chunk(s);
    if (rc)
        return rc;
    /*
     * The encoder normalises after each bit, this decoder before it, so one
     * last normalisation brings both to the same point.  The chunk must
     * then have used exactly its compressed bytes and end with code 0.
     */
    rc_normalize(&s->rc);
    if (s->rc.overrun || s->rc.pos != s->rc.end || s->rc.code != 0)
        return -EINVAL;
    *ip += csize;
    return 0;
}

/* Copy one stored chunk; @ip is past the control byte. */
static int lzma2_stored_chunk(struct lzma_dec *s, const uint8_t *in,
                              size_t in_len, size_t *ip)
{
    size_t size;

    if (in_len - *ip < 2)
        return -EINVAL;
    size = ((size_t)in[*ip] << 8) + in[*ip + 1] + 1;
    *ip += 2;
    if (in_len - *ip < size)
        return -EINVAL;
    if (s->out_size - s->pos < size)
        return -ENOSPC;
    __builtin_memcpy(s->out + s->pos, in + *ip, size);
    s->pos += size;
    *ip += size;
    return 0;
}

/*
 * Decode LZMA2 data from @in into s->out at s->pos onwards.  On success
 * *in_used is the number of input bytes including the end marker.
 */
int lzma2_decode(struct lzma_dec *s, const uint8_t *in, size_t in_len,
                 size_t *in_used)
{
    struct lzma2_flags f = { .need_dict_reset = true, .need_props = true };
    size_t ip = 0;
    int rc;

    for (;;) {
        uint8_t ctl;

        if (ip >= in_len)
            return -EINVAL;
        ctl = in[ip++];
        if (ctl == 0x00)
            break;
        if (ctl >= 0xe0 || ctl == 0x01) {
            f.need_dict_reset = false;
            f.need_props = true;
            s->dict_start = s->pos;
        } else if (f.need_dict_reset) {
            return -EINVAL;
        }
        if (ctl >= 0x80)
            rc = lzma2_lzma_chunk(s, ctl, in, in_len, &ip, &f);
        else if (ctl <= 0x02)
            rc = lzma2_stored_chunk(s, in, in_len, &ip);
        else
            rc = -EINVAL;
        if (rc)
            return rc;
    }
    *in_used = ip;
    return 0;
}
