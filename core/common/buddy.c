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
            b->u.free.order != order || (buddy & ((1UL << order) - 1)))
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
