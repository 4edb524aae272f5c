/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Binary buddy allocator over a frame table (pure logic; the locked,
 * hypervisor-wide heap in common/page_alloc.c wraps it).  Blocks of 2^order
 * pages are kept on per-order free lists threaded through the frame table
 * entries; a freed block merges with its buddy (pfn ^ 2^order) while that
 * buddy is a free block of the same order.
 */
#ifndef XENITH_BUDDY_H
#define XENITH_BUDDY_H

#include <xenith/mm.h>

#define BUDDY_MAX_ORDER 18 /* 1 GiB blocks */
#define BUDDY_NO_PAGE   (~0UL)
#define BUDDY_CLEAN     0xffffffffu /* u.free.first_dirty of a clean block */
#define BUDDY_SCRUBBING 0xffffu     /* u.free.order of a block being scrubbed */

struct buddy_heap {
    struct page_info *frames;            /* frame table (indexed by pfn) */
    unsigned long nr_frames;             /* entries in frames[] */
    uint32_t head[BUDDY_MAX_ORDER + 1];  /* clean free list heads (pfn) */
    uint32_t dirty[BUDDY_MAX_ORDER + 1]; /* blocks that may need scrubbing */
    unsigned long free_pages;
    unsigned long dirty_pages;     /* free pages with PGC_need_scrub */
    unsigned long scrubbing_pages; /* free pages taken by the scrubber */
    unsigned long free_blocks[BUDDY_MAX_ORDER + 1];
};

void buddy_init(struct buddy_heap *h, struct page_info *frames,
                unsigned long nr_frames);

/* Give [start_pfn, end_pfn) to the heap (pages must be offline); their
 * contents are unknown, so they are dirty. */
void buddy_add_range(struct buddy_heap *h, unsigned long start_pfn,
                     unsigned long end_pfn);

/* Allocate 2^order contiguous pages, clean ones if there are; returns the
 * first pfn or BUDDY_NO_PAGE.  The pages are marked in use; a page that
 * still needs scrubbing keeps PGC_need_scrub (the caller scrubs it and
 * clears the flag). */
unsigned long buddy_alloc(struct buddy_heap *h, unsigned int order);

/* Return a block previously allocated with the same order; its pages
 * become dirty. */
void buddy_free(struct buddy_heap *h, unsigned long pfn, unsigned int order);

/* The scrubber: take a dirty free block of at most 2^max_order pages off
 * the lists (BUDDY_NO_PAGE: none); its pages from *first_dirty on may
 * have PGC_need_scrub.  The caller zeroes those and clears their flags
 * (holding no lock) and puts the block back, with the first page still
 * dirty (BUDDY_CLEAN: none) and how many it cleaned. */
unsigned long buddy_scrub_take(struct buddy_heap *h, unsigned int max_order,
                               unsigned int *order, uint32_t *first_dirty);
void buddy_scrub_put(struct buddy_heap *h, unsigned long pfn,
                     unsigned int order, uint32_t first_dirty,
                     unsigned long cleaned);

/* Consistency check: lists, counters and states agree.  Returns 0 or a
 * negative number naming the first problem found (for tests/debugging). */
int buddy_check(const struct buddy_heap *h);

#endif /* XENITH_BUDDY_H */
