/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The page codecs' cache (plugins/codec-*): the last copy of up to nr
 * guest pages a stream sent, keyed by pfn, the least recently used one
 * replaced when a new pfn comes.  The encoder and the decoder of a stream
 * each keep one of the same size and, looking the same pfns up in the
 * same order, hold the same pages.
 *
 * Header only, so that each plugin stays one shared object.
 */
#ifndef PLUGIN_PAGE_CACHE_H
#define PLUGIN_PAGE_CACHE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PC_PAGE_SIZE 4096
#define PC_NONE      0xffffffffu
#define PC_FREE      (~0ULL) /* the pfn of an unused slot */

struct page_cache {
    uint32_t nr;      /* slots */
    uint32_t hbits;   /* the hash table has 1 << hbits buckets */
    uint8_t *pages;   /* nr * 4096 bytes */
    uint64_t *pfn;    /* per slot, PC_FREE when unused */
    uint32_t *prev;   /* LRU list: towards the most recently used */
    uint32_t *next;   /* towards the least recently used */
    uint32_t *hnext;  /* the next slot in the same bucket */
    uint32_t *bucket; /* the first slot of each bucket */
    uint32_t head;    /* the most recently used slot */
    uint32_t tail;    /* the least recently used slot */
    uint64_t hits;    /* lookups that found their pfn */
    uint64_t misses;  /* lookups that took a slot */
};

static inline void pc_free(struct page_cache *c)
{
    free(c->pages);
    free(c->pfn);
    free(c->prev);
    free(c->next);
    free(c->hnext);
    free(c->bucket);
    memset(c, 0, sizeof(*c));
}

/* 0, or -1 when nr is 0 or memory is short (then nothing is held). */
static inline int pc_init(struct page_cache *c, uint32_t nr)
{
    uint32_t i;

    memset(c, 0, sizeof(*c));
    if (!nr)
        return -1;
    c->nr = nr;
    while (c->hbits < 31 && (1u << c->hbits) < 2 * (uint64_t)nr)
        c->hbits++;
    /* calloc: untouched pages of a large cache cost no memory. */
    c->pages = calloc(nr, PC_PAGE_SIZE);
    c->pfn = malloc(nr * sizeof(*c->pfn));
    c->prev = malloc(nr * sizeof(*c->prev));
    c->next = malloc(nr * sizeof(*c->next));
    c->hnext = malloc(nr * sizeof(*c->hnext));
    c->bucket = malloc(((size_t)1 << c->hbits) * sizeof(*c->bucket));
    if (!c->pages || !c->pfn || !c->prev || !c->next || !c->hnext ||
        !c->bucket) {
        pc_free(c);
        return -1;
    }
    for (i = 0; i < nr; i++) {
        c->pfn[i] = PC_FREE;
        c->prev[i] = i ? i - 1 : PC_NONE;
        c->next[i] = i + 1 < nr ? i + 1 : PC_NONE;
        c->hnext[i] = PC_NONE;
    }
    memset(c->bucket, 0xff, ((size_t)1 << c->hbits) * sizeof(*c->bucket));
    c->head = 0;
    c->tail = nr - 1;
    return 0;
}

static inline uint8_t *pc_page(const struct page_cache *c, uint32_t slot)
{
    return c->pages + (size_t)slot * PC_PAGE_SIZE;
}

static inline uint32_t pc_hash(const struct page_cache *c, uint64_t pfn)
{
    return (uint32_t)((pfn * 0x9e3779b97f4a7c15ULL) >> (64 - c->hbits));
}

static inline void pc_unlink(struct page_cache *c, uint32_t s)
{
    if (c->prev[s] != PC_NONE)
        c->next[c->prev[s]] = c->next[s];
    else
        c->head = c->next[s];
    if (c->next[s] != PC_NONE)
        c->prev[c->next[s]] = c->prev[s];
    else
        c->tail = c->prev[s];
}

static inline void pc_push_head(struct page_cache *c, uint32_t s)
{
    c->prev[s] = PC_NONE;
    c->next[s] = c->head;
    if (c->head != PC_NONE)
        c->prev[c->head] = s;
    c->head = s;
    if (c->tail == PC_NONE)
        c->tail = s;
}

static inline void pc_unhash(struct page_cache *c, uint32_t s)
{
    uint32_t *p = &c->bucket[pc_hash(c, c->pfn[s])];

    while (*p != PC_NONE && *p != s)
        p = &c->hnext[*p];
    if (*p == s)
        *p = c->hnext[s];
    c->hnext[s] = PC_NONE;
}

/*
 * The slot of pfn, now the most recently used.  *hit 1: it holds pfn's
 * last copy; 0: the least recently used slot, given to pfn with what it
 * held before (the caller fills it).
 * pfn must not be PC_FREE.
 */
static inline uint32_t pc_get(struct page_cache *c, uint64_t pfn, int *hit)
{
    uint32_t h = pc_hash(c, pfn), s;

    for (s = c->bucket[h]; s != PC_NONE; s = c->hnext[s])
        if (c->pfn[s] == pfn)
            break;
    *hit = s != PC_NONE;
    if (*hit) {
        c->hits++;
    } else {
        c->misses++;
        s = c->tail;
        if (c->pfn[s] != PC_FREE)
            pc_unhash(c, s);
        c->pfn[s] = pfn;
        c->hnext[s] = c->bucket[h];
        c->bucket[h] = s;
    }
    if (c->head != s) {
        pc_unlink(c, s);
        pc_push_head(c, s);
    }
    return s;
}

#endif
