/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Binary buddy allocator over a frame table (pure logic; the locked,
 * hypervisor-wide heap in common/page_alloc.c wraps it).  Blocks of 2^order
 * pages are kept on per-order free lists threaded through the frame table
 * entries; a freed block merges with its buddy (pfn ^ 2^order) while that
 * buddy is a free block of the same order in the same heap.  Several heaps
 * (one per NUMA node) may share one frame table: each free block carries
 * its heap's node number, so blocks never merge across heaps.
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
    unsigned int node; /* tag of this heap's free blocks (0 after init) */
};

/* Tag of the boot heap, before the memory is split into node heaps. */
#define BUDDY_NODE_BOOT 0xffu

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

/*
 * Move every free block of `from` into the node heaps heaps[0..nr-1]
 * (initialised over the same frame table, heaps[n].node == n): blocks
 * are cut where node_of() says the node changes.  node_of(pfn, &end, ctx)
 * returns pfn's node (< nr) and sets end to the first pfn past the run of
 * frames on that node.  `from` is empty afterwards, and every moved page
 * is dirty (as at boot); no scrub may be in progress.
 */
void buddy_split_nodes(struct buddy_heap *from, struct buddy_heap *heaps,
                       unsigned int nr,
                       unsigned int (*node_of)(unsigned long pfn,
                                               unsigned long *end, void *ctx),
                       void *ctx);

/*
 * Allocate 2^order pages from node heaps heaps[0..nr-1] as Xen does for a
 * domain: start at `node` if it is not BUDDY_ANY_NODE, else at the node
 * in `mask` after *last (round robin; the first in mask when *last is not
 * in it); then the other nodes of mask in order; then, unless `exact`,
 * every node outside mask.  With `exact` and a node given, only that
 * node (a node without a heap has no memory; one past 63 none at all).  On
 * success *last is the node used.  Returns the pfn or BUDDY_NO_PAGE.
 */
#define BUDDY_ANY_NODE 0xffu
unsigned long buddy_alloc_nodes(struct buddy_heap *heaps, unsigned int nr,
                                unsigned int order, uint64_t mask,
                                unsigned int node, bool exact,
                                unsigned int *last);

#endif /* XENITH_BUDDY_H */
