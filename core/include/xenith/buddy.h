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

struct buddy_heap {
    struct page_info *frames;           /* frame table (indexed by pfn) */
    unsigned long nr_frames;            /* entries in frames[] */
    uint32_t head[BUDDY_MAX_ORDER + 1]; /* free list heads (pfn) */
    unsigned long free_pages;
    unsigned long free_blocks[BUDDY_MAX_ORDER + 1];
};

void buddy_init(struct buddy_heap *h, struct page_info *frames,
                unsigned long nr_frames);

/* Give [start_pfn, end_pfn) to the heap (pages must be offline). */
void buddy_add_range(struct buddy_heap *h, unsigned long start_pfn,
                     unsigned long end_pfn);

/* Allocate 2^order contiguous pages; returns the first pfn or
 * BUDDY_NO_PAGE.  The pages are marked in use. */
unsigned long buddy_alloc(struct buddy_heap *h, unsigned int order);

/* Return a block previously allocated with the same order. */
void buddy_free(struct buddy_heap *h, unsigned long pfn, unsigned int order);

/* Consistency check: lists, counters and states agree.  Returns 0 or a
 * negative number naming the first problem found (for tests/debugging). */
int buddy_check(const struct buddy_heap *h);

#endif /* XENITH_BUDDY_H */
