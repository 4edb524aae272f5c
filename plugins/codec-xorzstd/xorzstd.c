/* SPDX-License-Identifier: LGPL-2.1-only */
/* The xorzstd page codec (see xorzstd.h). */
#include "xorzstd.h"

#include <stdlib.h>
#include <string.h>

#define WORDS (PC_PAGE_SIZE / 8)

size_t xz_page_encode(uint8_t *old, const uint8_t *page, uint8_t *out)
{
    uint64_t x[WORDS], any = 0;
    size_t o = 1;
    unsigned i = 0;

    for (i = 0; i < WORDS; i++) {
        uint64_t a, b;
        memcpy(&a, old + (size_t)i * 8, 8);
        memcpy(&b, page + (size_t)i * 8, 8);
        x[i] = a ^ b;
        any |= x[i];
    }
    if (!any) {
        out[0] = XZ_UNCHANGED;
        return 1;
    }
    out[0] = XZ_PAIRS;
    i = 0;
    while (i < WORDS) {
        unsigned z = 0, l = 0, s;

        while (i < WORDS && z < 255 && !x[i]) {
            z++;
            i++;
        }
        s = i;
        while (i < WORDS && l < 255 && x[i]) {
            l++;
            i++;
        }
        if (o + 2 + (size_t)l * 8 > XZ_PAGE_MAX) {
            out[0] = XZ_WHOLE;
            memcpy(out + 1, x, PC_PAGE_SIZE);
            o = XZ_PAGE_MAX;
            break;
        }
        out[o] = (uint8_t)z;
        out[o + 1] = (uint8_t)l;
        memcpy(out + o + 2, &x[s], (size_t)l * 8);
        o += 2 + (size_t)l * 8;
    }
    memcpy(old, page, PC_PAGE_SIZE);
    return o;
}

static void xor_into(uint8_t *dst, const uint8_t *src, size_t len)
{
    for (size_t i = 0; i < len; i += 8) {
        uint64_t a, b;
        memcpy(&a, dst + i, 8);
        memcpy(&b, src + i, 8);
        a ^= b;
        memcpy(dst + i, &a, 8);
    }
}

int xz_page_decode(uint8_t *base, const uint8_t *in, size_t len, size_t *used)
{
    size_t pos = 1;
    unsigned w = 0;

    if (!len)
        return -1;
    switch (in[0]) {
    case XZ_UNCHANGED:
        break;
    case XZ_WHOLE:
        if (len < XZ_PAGE_MAX)
            return -1;
        xor_into(base, in + 1, PC_PAGE_SIZE);
        pos = XZ_PAGE_MAX;
        break;
    case XZ_PAIRS:
        while (w < WORDS) {
            unsigned z, l;

            if (len - pos < 2)
                return -1;
            z = in[pos];
            l = in[pos + 1];
            pos += 2;
            if (!(z + l) || w + z + l > WORDS || len - pos < (size_t)l * 8)
                return -1;
            w += z;
            xor_into(base + (size_t)w * 8, in + pos, (size_t)l * 8);
            pos += (size_t)l * 8;
            w += l;
        }
        break;
    default:
        return -1;
    }
    *used = pos;
    return 0;
}

size_t xz_bound(unsigned n)
{
    return XZ_HEAD + ZSTD_COMPRESSBOUND((size_t)n * XZ_PAGE_MAX);
}

int xz_open(struct xz *x, uint32_t cache_pages, int level, int decode)
{
    memset(x, 0, sizeof(*x));
    x->level = level;
    if (pc_init(&x->cache, cache_pages))
        return -1;
    if (decode)
        x->dctx = ZSTD_createDCtx();
    else
        x->cctx = ZSTD_createCCtx();
    if (decode ? !x->dctx : !x->cctx) {
        xz_close(x);
        return -1;
    }
    return 0;
}

void xz_close(struct xz *x)
{
    pc_free(&x->cache);
    ZSTD_freeCCtx(x->cctx);
    ZSTD_freeDCtx(x->dctx);
    free(x->stage);
    memset(x, 0, sizeof(*x));
}

/* Room for the zero-run forms of n pages: 0 or -1. */
static int stage_for(struct xz *x, unsigned n)
{
    size_t need = (size_t)n * XZ_PAGE_MAX;
    uint8_t *p;

    if (need <= x->stage_cap)
        return 0;
    if (!(p = realloc(x->stage, need)))
        return -1;
    x->stage = p;
    x->stage_cap = need;
    return 0;
}

/* The cache's copy of pfn (zeros when it had none). */
static uint8_t *cached(struct xz *x, uint64_t pfn)
{
    int hit;
    uint8_t *p = pc_page(&x->cache, pc_get(&x->cache, pfn, &hit));

    if (!hit)
        memset(p, 0, PC_PAGE_SIZE);
    return p;
}

int xz_encode(struct xz *x, unsigned n, const uint64_t *pfns,
              const uint8_t *pages, uint8_t *out, size_t out_size,
              size_t *out_len)
{
    size_t sl = 0, r;

    if (!x->cctx || n > XZ_BATCH_MAX || out_size < xz_bound(n) ||
        stage_for(x, n))
        return -1;
    for (unsigned i = 0; i < n; i++) {
        if (pfns[i] == PC_FREE)
            return -1;
        sl += xz_page_encode(cached(x, pfns[i]),
                             pages + (size_t)i * PC_PAGE_SIZE, x->stage + sl);
    }
    /* Too little for a frame's overhead to pay: as it is. */
    r = sl < 32 ? 0
                : ZSTD_compressCCtx(x->cctx, out + XZ_HEAD, out_size - XZ_HEAD,
                                    x->stage, sl, x->level);
    if (r && !ZSTD_isError(r) && r + XZ_HEAD < sl + 1) {
        uint32_t l32 = (uint32_t)sl;
        out[0] = XZ_BATCH_ZSTD;
        memcpy(out + 1, &l32, 4);
        *out_len = XZ_HEAD + r;
    } else {
        out[0] = XZ_BATCH_PLAIN;
        memcpy(out + 1, x->stage, sl);
        *out_len = sl + 1;
    }
    return 0;
}

int xz_decode(struct xz *x, unsigned n, const uint64_t *pfns, const uint8_t *in,
              size_t in_len, uint8_t *pages)
{
    const uint8_t *st;
    size_t sl, pos = 0, used;

    if (!x->dctx || n > XZ_BATCH_MAX || !in_len)
        return -1;
    if (in[0] == XZ_BATCH_PLAIN) {
        st = in + 1;
        sl = in_len - 1;
    } else if (in[0] == XZ_BATCH_ZSTD && in_len > XZ_HEAD) {
        uint32_t l32;
        size_t r;

        memcpy(&l32, in + 1, 4);
        sl = l32;
        if (sl < n || sl > (size_t)n * XZ_PAGE_MAX || stage_for(x, n))
            return -1;
        r = ZSTD_decompressDCtx(x->dctx, x->stage, sl, in + XZ_HEAD,
                                in_len - XZ_HEAD);
        if (ZSTD_isError(r) || r != sl)
            return -1;
        st = x->stage;
    } else {
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        uint8_t *base;

        if (pfns[i] == PC_FREE)
            return -1;
        base = cached(x, pfns[i]);
        if (xz_page_decode(base, st + pos, sl - pos, &used))
            return -1;
        memcpy(pages + (size_t)i * PC_PAGE_SIZE, base, PC_PAGE_SIZE);
        pos += used;
    }
    return pos == sl ? 0 : -1;
}
