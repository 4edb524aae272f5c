/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Buddy allocator core (see xenith/buddy.h).  No locking here: callers
 * serialise (common/page_alloc.c holds heap_lock).  Host-tested by
 * tests/unit/test_buddy.c.
 */
#include <xenith/buddy.h>
#include <xenith/lib.h>

static inline struct page_info *pg(const struct buddy_heap *h,
                                   unsigned long pfn)
{
    return &h->frames[pfn];
}

static void list_push(struct buddy_heap *h, unsigned int order,
                      unsigned long pfn)
{
    struct page_info *p = pg(h, pfn);

    p->list.prev = PAGE_LIST_NULL;
    p->list.next = h->head[order];
    if (h->head[order] != PAGE_LIST_NULL)
        pg(h, h->head[order])->list.prev = (uint32_t)pfn;
    h->head[order] = (uint32_t)pfn;
    h->free_blocks[order]++;
}

static void list_del(struct buddy_heap *h, unsigned int order,
                     unsigned long pfn)
{
    struct page_info *p = pg(h, pfn);

    if (p->list.prev != PAGE_LIST_NULL)
        pg(h, p->list.prev)->list.next = p->list.next;
    else
        h->head[order] = p->list.next;
    if (p->list.next != PAGE_LIST_NULL)
        pg(h, p->list.next)->list.prev = p->list.prev;
    h->free_blocks[order]--;
}

static void mark_free_block(struct buddy_heap *h, unsigned long pfn,
                            unsigned int order)
{
    struct page_info *p = pg(h, pfn);

    p->count_info = PGC_state_free;
    p->u.free.order = order;
    p->u.free.node = h->node;
    list_push(h, order, pfn);
}

void buddy_init(struct buddy_heap *h, struct page_info *frames,
                unsigned long nr_frames)
{
    memset(h, 0, sizeof(*h));
    h->frames = frames;
    h->nr_frames = nr_frames;
    for (unsigned int i = 0; i <= BUDDY_MAX_ORDER; i++)
        h->head[i] = PAGE_LIST_NULL;
}

void buddy_add_range(struct buddy_heap *h, unsigned long start,
                     unsigned long end)
{
    if (end > h->nr_frames)
        end = h->nr_frames;
    while (start < end) {
        unsigned int order = 0;

        /* Largest naturally aligned block that fits. */
        while (order < BUDDY_MAX_ORDER && !(start & (1UL << order)) &&
               start + (2UL << order) <= end)
            order++;
        for (unsigned long i = 0; i < (1UL << order); i++)
            pg(h, start + i)->count_info = PGC_state_inuse;
        buddy_free(h, start, order);
        start += 1UL << order;
    }
}

unsigned long buddy_alloc(struct buddy_heap *h, unsigned int order)
{
    unsigned int o;
    unsigned long pfn;

    if (order > BUDDY_MAX_ORDER)
        return BUDDY_NO_PAGE;
    for (o = order; o <= BUDDY_MAX_ORDER; o++)
        if (h->head[o] != PAGE_LIST_NULL)
            break;
    if (o > BUDDY_MAX_ORDER)
        return BUDDY_NO_PAGE;
    pfn = h->head[o];
    list_del(h, o, pfn);
    /* Split: hand the upper halves back until the block fits. */
    while (o > order) {
        o--;
        mark_free_block(h, pfn + (1UL << o), o);
    }
    for (unsigned long i = 0; i < (1UL << order); i++) {
        struct page_info *p = pg(h, pfn + i);

        p->count_info = PGC_state_inuse;
        p->u.type_info = 0;
        p->list.next = p->list.prev = PAGE_LIST_NULL;
    }
    h->free_pages -= 1UL << order;
    return pfn;
}

void buddy_free(struct buddy_heap *h, unsigned long pfn, unsigned int order)
{
    h->free_pages += 1UL << order;
    for (unsigned long i = 1; i < (1UL << order); i++)
        pg(h, pfn + i)->count_info = PGC_state_free;
    while (order < BUDDY_MAX_ORDER) {
        unsigned long buddy = pfn ^ (1UL << order);
        struct page_info *b;

        if (buddy >= h->nr_frames)
            break;
        b = pg(h, buddy);
        if ((b->count_info & PGC_state_mask) != PGC_state_free ||
            b->u.free.order != order || b->u.free.node != h->node ||
            (buddy & ((1UL << order) - 1)))
            break;
        /* The buddy must head its block, not sit inside a larger one. */
        list_del(h, order, buddy);
        pfn &= ~(1UL << order);
        order++;
    }
    mark_free_block(h, pfn, order);
}

int buddy_check(const struct buddy_heap *h)
{
    unsigned long pages = 0;

    for (unsigned int o = 0; o <= BUDDY_MAX_ORDER; o++) {
        unsigned long blocks = 0;
        uint32_t prev = PAGE_LIST_NULL;

        for (uint32_t p = h->head[o]; p != PAGE_LIST_NULL;
             p = h->frames[p].list.next) {
            const struct page_info *e = &h->frames[p];

            if (p >= h->nr_frames)
                return -1;
            if ((e->count_info & PGC_state_mask) != PGC_state_free)
                return -2;
            if (e->u.free.order != o || (p & ((1UL << o) - 1)))
                return -3;
            if (e->u.free.node != h->node)
                return -8;
            if (e->list.prev != prev)
                return -4;
            prev = p;
            pages += 1UL << o;
            if (++blocks > h->nr_frames)
                return -5;
        }
        if (blocks != h->free_blocks[o])
            return -6;
    }
    return pages == h->free_pages ? 0 : -7;
}

void buddy_split_nodes(struct buddy_heap *from, struct buddy_heap *heaps,
                       unsigned int nr,
                       unsigned int (*node_of)(unsigned long pfn,
                                               unsigned long *end, void *ctx),
                       void *ctx)
{
    unsigned long pfn = 0;

    /*
     * Free blocks tile the free frames from their heads, so a walk that
     * skips each block whole lands only on heads.  A block already moved
     * carries its node's tag and so never merges with one not yet moved.
     */
    while (pfn < from->nr_frames) {
        const struct page_info *p = pg(from, pfn);
        unsigned long end, run_end;

        if ((p->count_info & PGC_state_mask) != PGC_state_free ||
            p->u.free.node != from->node) {
            pfn++;
            continue;
        }
        end = pfn + (1UL << p->u.free.order);
        while (pfn < end) {
            unsigned int n = node_of(pfn, &run_end, ctx);

            if (run_end > end || run_end <= pfn)
                run_end = end;
            if (n >= nr)
                n = 0;
            from->free_pages -= run_end - pfn;
            buddy_add_range(&heaps[n], pfn, run_end);
            pfn = run_end;
        }
    }
    /* Everything left: reset the lists (their blocks now live elsewhere). */
    for (unsigned int o = 0; o <= BUDDY_MAX_ORDER; o++) {
        from->head[o] = PAGE_LIST_NULL;
        from->free_blocks[o] = 0;
    }
    from->free_pages = 0;
}

/* Next node of mask after n (wrapping); nr when mask is empty. */
static unsigned int next_in(uint64_t mask, unsigned int n, unsigned int nr)
{
    for (unsigned int i = n + 1; i < nr; i++)
        if (mask & (1ULL << i))
            return i;
    for (unsigned int i = 0; i <= n && i < nr; i++)
        if (mask & (1ULL << i))
            return i;
    return nr;
}

static unsigned int first_in(uint64_t mask, unsigned int nr)
{
    for (unsigned int i = 0; i < nr; i++)
        if (mask & (1ULL << i))
            return i;
    return nr;
}

unsigned long buddy_alloc_nodes(struct buddy_heap *heaps, unsigned int nr,
                                unsigned int order, uint64_t mask,
                                unsigned int node, bool exact,
                                unsigned int *last)
{
    uint64_t online = nr >= 64 ? ~0ULL : (1ULL << nr) - 1;
    bool requested = node != BUDDY_ANY_NODE, retried = false;
    unsigned int first;

    mask &= online;
    if (!requested) {
        node = next_in(mask, *last < nr ? *last : 0, nr);
        if (node >= nr)
            node = 0;
    } else if (node >= 64) {
        return BUDDY_NO_PAGE;
    }
    first = node;
    for (;;) {
        /* A requested node may have no heap: it just has no memory. */
        unsigned long pfn =
            node < nr ? buddy_alloc(&heaps[node], order) : BUDDY_NO_PAGE;

        if (pfn != BUDDY_NO_PAGE) {
            *last = node;
            return pfn;
        }
        if (exact && requested)
            return BUDDY_NO_PAGE;
        if (!(mask & (1ULL << node))) {
            /* A requested node outside the mask: then the mask's nodes. */
            first = node = first_in(mask, nr);
            if (node < nr)
                continue;
        } else {
            node = next_in(mask, node, nr);
        }
        if (node == first || node >= nr) {
            /* The whole mask tried: the other nodes, once. */
            if (exact || retried)
                return BUDDY_NO_PAGE;
            retried = true;
            mask = online & ~mask;
            first = node = first_in(mask, nr);
            if (node >= nr)
                return BUDDY_NO_PAGE;
        }
    }
}
