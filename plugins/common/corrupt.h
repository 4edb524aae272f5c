/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * For the page codecs' tests: decoding into pages fenced by canaries, so
 * that a write outside the pages shows (AddressSanitizer, where the tests
 * are built with it, catches reads past the input, which is allocated to
 * its exact length).
 */
#ifndef PLUGIN_CORRUPT_H
#define PLUGIN_CORRUPT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FENCE 64

struct fenced {
    uint8_t *mem; /* FENCE, pages, FENCE */
    uint8_t *pages;
    size_t len;
};

static inline void fenced_init(struct fenced *f, size_t len)
{
    f->len = len;
    f->mem = malloc(len + 2 * FENCE);
    f->pages = f->mem + FENCE;
    memset(f->mem, 0xa5, len + 2 * FENCE);
}

static inline int fenced_intact(const struct fenced *f)
{
    for (size_t i = 0; i < FENCE; i++)
        if (f->mem[i] != 0xa5 || f->pages[f->len + i] != 0xa5)
            return 0;
    return 1;
}

static inline void fenced_free(struct fenced *f)
{
    free(f->mem);
}

/* A copy of in[0, len) in a buffer of exactly len bytes (1 when len 0). */
static inline uint8_t *exact_copy(const uint8_t *in, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    memcpy(p, in, len);
    return p;
}

#endif
