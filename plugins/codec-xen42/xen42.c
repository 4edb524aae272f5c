/* SPDX-License-Identifier: LGPL-2.1-only */
/* Xen 4.2's page delta format (see xen42.h). */
#include "xen42.h"

#include <string.h>

#define WORDS (PC_PAGE_SIZE / 4)

static inline uint32_t word(const uint8_t *p, unsigned i)
{
    uint32_t w;
    memcpy(&w, p + (size_t)i * 4, 4);
    return w;
}

size_t x42_encode(struct page_cache *c, uint64_t pfn, const uint8_t *page,
                  uint8_t *out)
{
    int hit;
    uint8_t *old = pc_page(c, pc_get(c, pfn, &hit));
    size_t o = 0;
    unsigned i = 0;

    if (!hit) {
        out[0] = X42_FULL;
        memcpy(out + 1, page, PC_PAGE_SIZE);
        memcpy(old, page, PC_PAGE_SIZE);
        return PC_PAGE_SIZE + 1;
    }
    if (!memcmp(old, page, PC_PAGE_SIZE)) {
        out[0] = X42_UNCHANGED;
        return 1;
    }
    while (i < WORDS) {
        int changed = word(old, i) != word(page, i);
        unsigned j = i + 1;

        while (j < WORDS && j - i < X42_LEN_MASK &&
               (word(old, j) != word(page, j)) == changed)
            j++;
        if (changed) {
            out[o++] = (uint8_t)(j - i);
            memcpy(out + o, page + (size_t)i * 4, (size_t)(j - i) * 4);
            o += (size_t)(j - i) * 4;
        } else {
            out[o++] = (uint8_t)(X42_SKIP | (j - i));
        }
        i = j;
    }
    memcpy(old, page, PC_PAGE_SIZE);
    return o;
}

int x42_decode(struct page_cache *c, uint64_t pfn, const uint8_t *in,
               size_t len, size_t *used, uint8_t *page)
{
    int hit;
    uint8_t *base;
    size_t pos = 0;
    unsigned words = 0;

    if (!len || pfn == PC_FREE)
        return -1;
    base = pc_page(c, pc_get(c, pfn, &hit));
    if (in[0] == X42_FULL) {
        if (len < PC_PAGE_SIZE + 1)
            return -1;
        memcpy(base, in + 1, PC_PAGE_SIZE);
        pos = PC_PAGE_SIZE + 1;
    } else if (!hit) {
        return -1; /* a delta against nothing the stream sent */
    } else if (in[0] == X42_UNCHANGED) {
        pos = 1;
    } else {
        while (words < WORDS) {
            uint8_t m;
            unsigned n;

            if (pos >= len)
                return -1;
            m = in[pos++];
            n = m & X42_LEN_MASK;
            if (!n || words + n > WORDS)
                return -1;
            if (!(m & X42_SKIP)) {
                if (len - pos < (size_t)n * 4)
                    return -1;
                memcpy(base + (size_t)words * 4, in + pos, (size_t)n * 4);
                pos += (size_t)n * 4;
            }
            words += n;
        }
    }
    memcpy(page, base, PC_PAGE_SIZE);
    *used = pos;
    return 0;
}
