/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Buddy allocator core (see xenith/buddy.h).  No locking here: callers
 * serialise (common/page_alloc.c holds heap_lock).  Host-tested by
 * tests/unit/test_buddy.c.
 *
 * Scrubbing: a freed page may hold its last user's data, so it is marked
 * PGC_need_scrub and its block goes on the dirty list of its order; the
 * head's u.free.first_dirty says from which page on the block may hold
 * such pages (BUDDY_CLEAN: none, the block is on the clean list).
 * Allocation takes clean blocks first.  The scrubber (the idle loop's
 * work) takes a small dirty block off the lists with buddy_scrub_take(),
 * zeroes its dirty pages without the caller's lock and gives it back with
 * buddy_scrub_put(); meanwhile the block's head has order BUDDY_SCRUBBING,
 * so no freed buddy merges with it, and its pages still count as free.
 * first_dirty is an upper bound on cleanliness: splitting a block whose dirty
 * part starts in its lower half leaves the upper half marked dirty from its
 * start, and the scrubber then finds it clean.
 */
#include <xenith/buddy.h>
#include <xenith/lib.h>

static inline struct page_info *pg(const struct buddy_heap *h,
                                   unsigned long pfn)
{
    return &h->frames[pfn];
}

static uint32_t *list_of(struct buddy_heap *h, unsigned int order,
                         unsigned long pfn)
{
    return pg(h, pfn)->u.free.first_dirty == BUDDY_CLEAN ? &h->head[order]
                                                         : &h->dirty[order];
}

static void list_push(struct buddy_heap *h, unsigned int order,
                      unsigned long pfn)
{
    struct page_info *p = pg(h, pfn);
    uint32_t *head = list_of(h, order, pfn);

    p->list.prev = PAGE_LIST_NULL;
    p->list.next = *head;
    if (*head != PAGE_LIST_NULL)
        pg(h, *head)->list.prev = (uint32_t)pfn;
    *head = (uint32_t)pfn;
    h->free_blocks[order]++;
}

static void list_del(struct buddy_heap *h, unsigned int order,
                     unsigned long pfn)
{
    struct page_info *p = pg(h, pfn);

    if (p->list.prev != PAGE_LIST_NULL)
        pg(h, p->list.prev)->list.next = p->list.next;
    else
        *list_of(h, order, pfn) = p->list.next;
    if (p->list.next != PAGE_LIST_NULL)
        pg(h, p->list.next)->list.prev = p->list.prev;
    h->free_blocks[order]--;
}

static void mark_free_block(struct buddy_heap *h, unsigned long pfn,
                            unsigned int order, uint32_t first_dirty)
{
    struct page_info *p = pg(h, pfn);

    p->count_info = PGC_state_free | (p->count_info & PGC_need_scrub);
    p->u.free.order = order;
    p->u.free.node = h->node;
    p->u.free.first_dirty = first_dirty;
    list_push(h, order, pfn);
}

void buddy_init(struct buddy_heap *h, struct page_info *frames,
                unsigned long nr_frames)
{
    memset(h, 0, sizeof(*h));
    h->frames = frames;
    h->nr_frames = nr_frames;
    for (unsigned int i = 0; i <= BUDDY_MAX_ORDER; i++)
        h->head[i] = h->dirty[i] = PAGE_LIST_NULL;
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
        buddy_free(h, start, order); /* what firmware or loaders left */
        start += 1UL << order;
    }
}

/* Split the free block pfn (taken off its list) down to order, handing
 * the upper halves back; returns the kept lower part's first_dirty. */
static uint32_t split_to(struct buddy_heap *h, unsigned long pfn,
                         unsigned int o, unsigned int order, uint32_t fd)
{
    while (o > order) {
        unsigned long half = 1UL << --o;
        uint32_t upper_fd = fd == BUDDY_CLEAN ? BUDDY_CLEAN
                            : fd >= half      ? fd - (uint32_t)half
                                              : 0;

        mark_free_block(h, pfn + half, o, upper_fd);
        if (fd != BUDDY_CLEAN && fd >= half)
            fd = BUDDY_CLEAN;
    }
    return fd;
}

/* Take a block of at least order from the clean lists, else the dirty
 * ones; returns its pfn and order, or BUDDY_NO_PAGE. */
static unsigned long take_block(struct buddy_heap *h, unsigned int order,
                                unsigned int *got)
{
    unsigned int o;

    for (o = order; o <= BUDDY_MAX_ORDER; o++)
        if (h->head[o] != PAGE_LIST_NULL) {
            *got = o;
            return h->head[o];
        }
    for (o = order; o <= BUDDY_MAX_ORDER; o++)
        if (h->dirty[o] != PAGE_LIST_NULL) {
            *got = o;
            return h->dirty[o];
        }
    return BUDDY_NO_PAGE;
}

unsigned long buddy_alloc(struct buddy_heap *h, unsigned int order)
{
    unsigned int o;
    unsigned long pfn;
    uint32_t fd;

    if (order > BUDDY_MAX_ORDER)
        return BUDDY_NO_PAGE;
    pfn = take_block(h, order, &o);
    if (pfn == BUDDY_NO_PAGE)
        return BUDDY_NO_PAGE;
    fd = pg(h, pfn)->u.free.first_dirty;
    list_del(h, o, pfn);
    split_to(h, pfn, o, order, fd);
    for (unsigned long i = 0; i < (1UL << order); i++) {
        struct page_info *p = pg(h, pfn + i);

        if (p->count_info & PGC_need_scrub)
            h->dirty_pages--;
        /* The flag stays: the caller scrubs the page, then clears it. */
        p->count_info = PGC_state_inuse | (p->count_info & PGC_need_scrub);
        p->u.type_info = 0;
        p->list.next = p->list.prev = PAGE_LIST_NULL;
    }
    h->free_pages -= 1UL << order;
    return pfn;
}

/* Put a block whose pages are accounted for back on the lists, merging
 * it with free buddies; fd: its first page that may be dirty. */
static void free_block(struct buddy_heap *h, unsigned long pfn,
                       unsigned int order, uint32_t fd)
{
    while (order < BUDDY_MAX_ORDER) {
        unsigned long buddy = pfn ^ (1UL << order);
        uint32_t half = (uint32_t)(1UL << order), bfd;
        struct page_info *b;

        if (buddy >= h->nr_frames)
            break;
        b = pg(h, buddy);
        if ((b->count_info & PGC_state_mask) != PGC_state_free ||
            b->u.free.order != order || b->u.free.node != h->node)
            break;
        /* A free page that heads a block of this order (a page inside a
         * larger free block would contain pfn too; a block being
         * scrubbed has order BUDDY_SCRUBBING). */
        bfd = b->u.free.first_dirty;
        list_del(h, order, buddy);
        if (buddy < pfn) /* b is the lower half */
            fd = bfd != BUDDY_CLEAN  ? bfd
                 : fd != BUDDY_CLEAN ? fd + half
                                     : BUDDY_CLEAN;
        else if (fd == BUDDY_CLEAN && bfd != BUDDY_CLEAN)
            fd = bfd + half;
        pfn &= ~(1UL << order);
        order++;
    }
    mark_free_block(h, pfn, order, fd);
}

void buddy_free(struct buddy_heap *h, unsigned long pfn, unsigned int order)
{
    h->free_pages += 1UL << order;
    h->dirty_pages += 1UL << order;
    for (unsigned long i = 0; i < (1UL << order); i++)
        pg(h, pfn + i)->count_info = PGC_state_free | PGC_need_scrub;
    free_block(h, pfn, order, 0);
}

unsigned long buddy_scrub_take(struct buddy_heap *h, unsigned int max_order,
                               unsigned int *order, uint32_t *first_dirty)
{
    for (unsigned int o = 0; o <= BUDDY_MAX_ORDER; o++) {
        unsigned long pfn = h->dirty[o];
        unsigned int keep = o < max_order ? o : max_order;
        uint32_t fd;

        if (pfn == PAGE_LIST_NULL)
            continue;
        fd = pg(h, pfn)->u.free.first_dirty;
        list_del(h, o, pfn);
        /* Keep the part of at most max_order holding the first dirty
         * page; a lower half before it is clean. */
        while (o > keep) {
            unsigned long half = 1UL << --o;

            if (fd >= half) {
                mark_free_block(h, pfn, o, BUDDY_CLEAN);
                pfn += half;
                fd -= (uint32_t)half;
            } else {
                mark_free_block(h, pfn + half, o, 0);
            }
        }
        pg(h, pfn)->u.free.order = BUDDY_SCRUBBING;
        h->scrubbing_pages += 1UL << keep;
        *order = keep;
        *first_dirty = fd;
        return pfn;
    }
    return BUDDY_NO_PAGE;
}

void buddy_scrub_put(struct buddy_heap *h, unsigned long pfn,
                     unsigned int order, uint32_t first_dirty,
                     unsigned long cleaned)
{
    h->scrubbing_pages -= 1UL << order;
    h->dirty_pages -= cleaned;
    free_block(h, pfn, order, first_dirty);
}

int buddy_check(const struct buddy_heap *h)
{
    unsigned long pages = 0, dirty = 0;

    for (unsigned int o = 0; o <= BUDDY_MAX_ORDER; o++) {
        unsigned long blocks = 0;

        for (unsigned int l = 0; l < 2; l++) {
            uint32_t prev = PAGE_LIST_NULL;

            for (uint32_t p = l ? h->dirty[o] : h->head[o]; p != PAGE_LIST_NULL;
                 p = h->frames[p].list.next) {
                const struct page_info *e = &h->frames[p];
                uint32_t fd;

                if (p >= h->nr_frames)
                    return -1;
                if ((e->count_info & PGC_state_mask) != PGC_state_free)
                    return -2;
                if (e->u.free.order != o || (p & ((1UL << o) - 1)))
                    return -3;
                if (e->list.prev != prev)
                    return -4;
                if (e->u.free.node != h->node)
                    return -12; /* another heap's block */
                fd = e->u.free.first_dirty;
                if ((fd == BUDDY_CLEAN) == (l == 1) ||
                    (fd != BUDDY_CLEAN && fd >= (1UL << o)))
                    return -8;
                for (unsigned long i = 0; i < (1UL << o); i++) {
                    if (!(h->frames[p + i].count_info & PGC_need_scrub))
                        continue;
                    if (fd == BUDDY_CLEAN || i < fd)
                        return -9; /* dirty page where none may be */
                    dirty++;
                }
                prev = p;
                pages += 1UL << o;
                if (++blocks > h->nr_frames)
                    return -5;
            }
        }
        if (blocks != h->free_blocks[o])
            return -6;
    }
    if (h->scrubbing_pages)
        return -11; /* only checked with no scrub in progress */
    if (dirty != h->dirty_pages)
        return -10;
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
            p->u.free.node != from->node ||
            p->u.free.order > BUDDY_MAX_ORDER /* being scrubbed */) {
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
        from->head[o] = from->dirty[o] = PAGE_LIST_NULL;
        from->free_blocks[o] = 0;
    }
    from->free_pages = from->dirty_pages = 0;
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
