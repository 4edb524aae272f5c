/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Synthetic checkpoint sequences for the page codecs' tests and the
 * remus-codec benchmark: a guest's memory and, per checkpoint, the pages
 * a workload dirtied with their new contents.
 *
 *   idle     few pages a checkpoint: timer and scheduler counters bumped
 *            (a word or two), some pages written with what they held
 *   build    a compiler run: fresh page-cache pages of text (new pfns),
 *            heap pages with pointers and sizes changed here and there,
 *            stacks rewritten from some depth on, freed pages zeroed
 *   loop     a program writing an incrementing pattern over a buffer:
 *            every word of a run of pages changes each checkpoint
 *   db       random updates of 64-byte rows in a table larger than the
 *            cache, each with the page's log sequence number
 */
#ifndef PLUGIN_WORKLOAD_H
#define PLUGIN_WORKLOAD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WL_PAGE 4096

enum wl_kind { WL_IDLE, WL_BUILD, WL_LOOP, WL_DB, WL_COUNT };

static const char *const wl_names[WL_COUNT] = { "idle", "kernel-build",
                                                "memory-loop", "database" };

struct wl {
    enum wl_kind kind;
    uint64_t rng;
    uint32_t nr_pages;  /* the guest's */
    uint8_t *mem;       /* nr_pages * 4096 */
    uint8_t *dirty;     /* per page: dirtied this checkpoint */
    uint32_t iteration; /* checkpoints so far */
    uint32_t next_file; /* build: the next page-cache page */
};

static inline uint64_t wl_rand(struct wl *w)
{
    /* xorshift64* */
    w->rng ^= w->rng >> 12;
    w->rng ^= w->rng << 25;
    w->rng ^= w->rng >> 27;
    return w->rng * 0x2545f4914f6cdd1dULL;
}

static inline uint8_t *wl_page(struct wl *w, uint32_t pfn)
{
    return w->mem + (size_t)pfn * WL_PAGE;
}

static inline void wl_put64(uint8_t *p, size_t off, uint64_t v)
{
    memcpy(p + off, &v, 8);
}

static inline uint64_t wl_get64(const uint8_t *p, size_t off)
{
    uint64_t v;
    memcpy(&v, p + off, 8);
    return v;
}

/* Text-like bytes (compiler output, source): a small alphabet. */
static inline void wl_text(struct wl *w, uint8_t *p, size_t len)
{
    static const char words[] = "static int void return struct if else for "
                                "unsigned long char const size_t while ";
    size_t n = sizeof(words) - 1;

    for (size_t i = 0; i < len; i++) {
        if (!(i % 32))
            n = wl_rand(w) % (sizeof(words) - 1);
        p[i] = (uint8_t)words[(n + i) % (sizeof(words) - 1)];
    }
}

/* A kernel or heap page: pointers into a region, small integers, zeros. */
static inline void wl_heap(struct wl *w, uint8_t *p)
{
    for (size_t off = 0; off < WL_PAGE; off += 8) {
        uint64_t r = wl_rand(w), v;
        switch (r % 4) {
        case 0:
            v = 0;
            break;
        case 1:
            v = 0xffff888000000000ULL + ((r >> 8) & 0xfffffff) * 8;
            break;
        case 2:
            v = (r >> 16) & 0xffff;
            break;
        default:
            v = r;
            break;
        }
        wl_put64(p, off, v);
    }
}

static inline void wl_touch(struct wl *w, uint32_t pfn)
{
    w->dirty[pfn] = 1;
}

/* 0, or -1 when memory is short.  The guest's first contents. */
static inline int wl_init(struct wl *w, enum wl_kind kind, uint32_t nr_pages,
                          uint64_t seed)
{
    memset(w, 0, sizeof(*w));
    w->kind = kind;
    w->rng = seed | 1;
    w->nr_pages = nr_pages;
    w->mem = malloc((size_t)nr_pages * WL_PAGE);
    w->dirty = calloc(nr_pages, 1);
    if (!w->mem || !w->dirty) {
        free(w->mem);
        free(w->dirty);
        return -1;
    }
    for (uint32_t p = 0; p < nr_pages; p++) {
        uint8_t *pg = wl_page(w, p);
        switch (p % 4) {
        case 0:
            memset(pg, 0, WL_PAGE);
            break;
        case 1:
            wl_text(w, pg, WL_PAGE);
            break;
        default:
            wl_heap(w, pg);
            break;
        }
    }
    return 0;
}

static inline void wl_free(struct wl *w)
{
    free(w->mem);
    free(w->dirty);
    memset(w, 0, sizeof(*w));
}

static inline void wl_idle(struct wl *w)
{
    /* jiffies, per-CPU run queue clocks, a few scheduler counters */
    for (uint32_t i = 0; i < 24; i++) {
        uint32_t pfn = (uint32_t)(wl_rand(w) % 64) * 7 % w->nr_pages;
        uint8_t *pg = wl_page(w, pfn);
        size_t off = (wl_rand(w) % 8) * 8;
        wl_put64(pg, off, wl_get64(pg, off) + 1 + wl_rand(w) % 4);
        if (i % 3 == 0) {
            off = 512 + (wl_rand(w) % 32) * 8;
            wl_put64(pg, off, wl_get64(pg, off) + 250);
        }
        wl_touch(w, pfn);
    }
    /* pages written with what they held (a lock taken and released) */
    for (uint32_t i = 0; i < 8; i++)
        wl_touch(w, (uint32_t)(wl_rand(w) % w->nr_pages));
}

static inline void wl_build(struct wl *w)
{
    /* new page-cache pages: object files and sources read */
    for (uint32_t i = 0; i < 96; i++) {
        uint32_t pfn = w->next_file++ % (w->nr_pages / 2) + w->nr_pages / 2;
        wl_text(w, wl_page(w, pfn), WL_PAGE);
        wl_touch(w, pfn);
    }
    /* heap: the compiler's trees, a few fields per node changed */
    for (uint32_t i = 0; i < 160; i++) {
        uint32_t pfn = (uint32_t)(wl_rand(w) % 2048);
        uint8_t *pg = wl_page(w, pfn);
        for (uint32_t k = 0; k < 6; k++) {
            size_t off = (wl_rand(w) % (WL_PAGE / 8)) * 8;
            wl_put64(pg, off,
                     0xffff888000000000ULL + (wl_rand(w) & 0xfffffff) * 8);
        }
        wl_touch(w, pfn);
    }
    /* stacks: rewritten from some depth on */
    for (uint32_t i = 0; i < 16; i++) {
        uint32_t pfn = 2048 + (uint32_t)(wl_rand(w) % 64);
        uint8_t *pg = wl_page(w, pfn);
        size_t from = (wl_rand(w) % 64) * 64;
        for (size_t off = from; off < WL_PAGE; off += 8)
            wl_put64(pg, off,
                     wl_rand(w) % 3
                         ? wl_get64(pg, off) + 0x40
                         : 0xffffc90000000000ULL + (wl_rand(w) & 0xfffff));
        wl_touch(w, pfn);
    }
    /* freed and zeroed */
    for (uint32_t i = 0; i < 32; i++) {
        uint32_t pfn = 2112 + (uint32_t)(wl_rand(w) % 1024);
        memset(wl_page(w, pfn), 0, WL_PAGE);
        wl_touch(w, pfn);
    }
}

static inline void wl_loop(struct wl *w)
{
    /* for (;;) for (i = 0; i < n; i++) buf[i] = i + pass;  over 1024
     * pages, a quarter of it per checkpoint */
    uint32_t first = 4096 + (w->iteration % 4) * 256;

    for (uint32_t p = first; p < first + 256; p++) {
        uint8_t *pg = wl_page(w, p);
        for (size_t off = 0; off < WL_PAGE; off += 8)
            wl_put64(pg, off, ((uint64_t)p << 9) + off / 8 + w->iteration);
        wl_touch(w, p);
    }
}

static inline void wl_db(struct wl *w)
{
    /* a 48 MiB table (12,288 pages) of 64-byte rows; 1,500 updates */
    uint32_t table = w->nr_pages - 4096 < 12288 ? w->nr_pages - 4096 : 12288;

    for (uint32_t i = 0; i < 1500; i++) {
        uint32_t pfn = 4096 + (uint32_t)(wl_rand(w) % table);
        uint8_t *pg = wl_page(w, pfn);
        size_t row = 64 + (wl_rand(w) % 63) * 64;
        wl_put64(pg, 0, wl_get64(pg, 0) + 1);               /* page LSN */
        wl_put64(pg, row + 8, wl_rand(w) % 100000);         /* a balance */
        wl_put64(pg, row + 16, w->iteration * 1000ULL + i); /* a time */
        wl_touch(w, pfn);
    }
}

/* One checkpoint's changes (dirty flags set; wl_take collects them). */
static inline void wl_step(struct wl *w)
{
    switch (w->kind) {
    case WL_IDLE:
        wl_idle(w);
        break;
    case WL_BUILD:
        wl_build(w);
        break;
    case WL_LOOP:
        wl_loop(w);
        break;
    default:
        wl_db(w);
        break;
    }
    w->iteration++;
}

/* The dirty pfns in order and their contents into pfns/pages (room for
 * max); the count.  The dirty flags are cleared. */
static inline uint32_t wl_take(struct wl *w, uint64_t *pfns, uint8_t *pages,
                               uint32_t max)
{
    uint32_t n = 0;

    for (uint32_t p = 0; p < w->nr_pages && n < max; p++) {
        if (!w->dirty[p])
            continue;
        w->dirty[p] = 0;
        pfns[n] = p;
        memcpy(pages + (size_t)n * WL_PAGE, wl_page(w, p), WL_PAGE);
        n++;
    }
    return n;
}

#endif
