/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmalloc: small allocations from per-class pages, large ones in whole
 * pages.  Nothing is kept once freed: a page whose blocks are all free
 * goes back to the heap at once, and a large block gives back exactly
 * the pages it took (the tail of its power-of-two block is returned at
 * allocation), so the heap's free count after a domain is gone is what it
 * was before the domain came.
 *
 * The bookkeeping lives in each page's frame table entry (u.xm), not in
 * the blocks, so a block has no header and a PAGE_SIZE request takes one
 * page:
 *  - a small-block page has its class, its count of blocks in use and the
 *    offset of its first free block (each free block starts with the
 *    offset of the next); pages with a free block are on their class's
 *    partial list, linked through the entry's list field;
 *  - the first page of a large block has XM_LARGE and its page count.
 * xfree() tells the two apart by that entry; a pointer into neither kind
 * (or not at a block's start) is reported and ignored.
 *
 * Locking: xmalloc_lock (irq-safe) protects the partial lists and the
 * small pages' entries; it is taken before heap_lock.
 */
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/spinlock.h>

#ifdef XENITH_HOST_TEST
/* The host unit test supplies the pages and their frame table. */
void *xm_alloc_pages(unsigned int order);
void xm_free_pages(void *va, unsigned int order);
struct page_info *xm_virt_to_page(const void *va);
void *xm_page_to_virt(const struct page_info *pg);
struct page_info *xm_pfn_to_page(unsigned long pfn);
unsigned long xm_page_to_pfn(const struct page_info *pg);
unsigned long spin_lock_irqsave(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long f);
#else
#define xm_alloc_pages(order)    alloc_xenheap_pages(order)
#define xm_free_pages(va, order) free_xenheap_pages(va, order)
#define xm_virt_to_page(va)      virt_to_page(va)
#define xm_page_to_virt(pg)      page_to_virt(pg)
#define xm_pfn_to_page(pfn)      pfn_to_page(pfn)
#define xm_page_to_pfn(pg)       page_to_pfn(pg)
#endif

#define MIN_SHIFT  4  /* 16-byte blocks */
#define MAX_SHIFT  11 /* 2 KiB blocks */
#define NR_CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define XM_NONE    0xffffu
#define XM_LARGE   0x80000000u
#define XM_SMALL   0x40000000u

/* Pages with a free block, per class (pfn lists). */
static uint32_t partial[NR_CLASSES] = { [0 ... NR_CLASSES - 1] =
                                            PAGE_LIST_NULL };
static DEFINE_SPINLOCK(xmalloc_lock);
static unsigned long small_pages, large_pages; /* for the 'm' key */

static unsigned int class_of(size_t size)
{
    unsigned int c = 0;

    while ((1UL << (MIN_SHIFT + c)) < size)
        c++;
    return c;
}

static void partial_push(unsigned int c, struct page_info *pg)
{
    uint32_t pfn = (uint32_t)xm_page_to_pfn(pg);

    pg->list.prev = PAGE_LIST_NULL;
    pg->list.next = partial[c];
    if (partial[c] != PAGE_LIST_NULL)
        xm_pfn_to_page(partial[c])->list.prev = pfn;
    partial[c] = pfn;
}

static void partial_del(unsigned int c, struct page_info *pg)
{
    if (pg->list.prev != PAGE_LIST_NULL)
        xm_pfn_to_page(pg->list.prev)->list.next = pg->list.next;
    else
        partial[c] = pg->list.next;
    if (pg->list.next != PAGE_LIST_NULL)
        xm_pfn_to_page(pg->list.next)->list.prev = pg->list.prev;
    pg->list.next = pg->list.prev = PAGE_LIST_NULL;
}

/* A fresh page for class c, its blocks chained (lock held). */
static struct page_info *new_small_page(unsigned int c)
{
    size_t bs = 1UL << (MIN_SHIFT + c);
    char *va = xm_alloc_pages(0);
    struct page_info *pg;
    unsigned int off;

    if (!va)
        return NULL;
    pg = xm_virt_to_page(va);
    for (off = 0; off + bs <= PAGE_SIZE; off += bs)
        *(uint16_t *)(va + off) =
            off + 2 * bs <= PAGE_SIZE ? (uint16_t)(off + bs) : XM_NONE;
    pg->u.xm.info = XM_SMALL | c;
    pg->u.xm.used = 0;
    pg->u.xm.free = 0;
    partial_push(c, pg);
    small_pages++;
    return pg;
}

static void *alloc_small(size_t size)
{
    unsigned int c = class_of(size);
    struct page_info *pg;
    unsigned long f;
    char *va;

    f = spin_lock_irqsave(&xmalloc_lock);
    if (partial[c] != PAGE_LIST_NULL)
        pg = xm_pfn_to_page(partial[c]);
    else if (!(pg = new_small_page(c))) {
        spin_unlock_irqrestore(&xmalloc_lock, f);
        return NULL;
    }
    va = (char *)xm_page_to_virt(pg) + pg->u.xm.free;
    pg->u.xm.free = *(uint16_t *)va;
    pg->u.xm.used++;
    if (pg->u.xm.free == XM_NONE)
        partial_del(c, pg);
    spin_unlock_irqrestore(&xmalloc_lock, f);
    return va;
}

/* Give back pages [first, first + nr) of a block, in aligned chunks. */
static void free_page_run(char *va, unsigned long nr)
{
    while (nr) {
        unsigned long pfn = xm_page_to_pfn(xm_virt_to_page(va));
        unsigned int order = 0;

        while ((2UL << order) <= nr && !(pfn & ((2UL << order) - 1)))
            order++;
        xm_free_pages(va, order);
        va += PAGE_SIZE << order;
        nr -= 1UL << order;
    }
}

static void *alloc_large(size_t size)
{
    unsigned long nr = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
    unsigned int order = 0;
    struct page_info *pg;
    char *va;

    while ((1UL << order) < nr)
        order++;
    va = xm_alloc_pages(order);
    if (!va)
        return NULL;
    free_page_run(va + (nr << PAGE_SHIFT), (1UL << order) - nr);
    pg = xm_virt_to_page(va);
    pg->u.xm.info = XM_LARGE | (uint32_t)nr;
    pg->u.xm.used = 0;
    pg->u.xm.free = XM_NONE;
    __atomic_fetch_add(&large_pages, nr, __ATOMIC_RELAXED);
    return va;
}

void *xmalloc_bytes(size_t size)
{
    if (size > (1UL << 30))
        return NULL;
    if (size > (1UL << MAX_SHIFT))
        return alloc_large(size);
    return alloc_small(size);
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if (p)
        memset(p, 0, size);
    return p;
}

static void free_small(struct page_info *pg, char *p)
{
    unsigned int c = pg->u.xm.info & ~XM_SMALL;
    size_t bs = 1UL << (MIN_SHIFT + c);
    char *base = xm_page_to_virt(pg);
    unsigned int off = (unsigned int)(p - base);
    unsigned long f;
    bool empty;

    if (c >= NR_CLASSES || (off & (bs - 1))) {
        printk(XENLOG_ERR "xfree: bad pointer %p\n", p);
        return;
    }
    f = spin_lock_irqsave(&xmalloc_lock);
    if (pg->u.xm.free == XM_NONE)
        partial_push(c, pg);
    *(uint16_t *)p = pg->u.xm.free;
    pg->u.xm.free = (uint16_t)off;
    empty = --pg->u.xm.used == 0;
    if (empty) {
        partial_del(c, pg);
        pg->u.xm.info = 0;
        small_pages--;
    }
    spin_unlock_irqrestore(&xmalloc_lock, f);
    if (empty)
        xm_free_pages(base, 0);
}

void xfree(void *p)
{
    struct page_info *pg;
    uint32_t info;

    if (!p)
        return;
    pg = xm_virt_to_page(p);
    info = pg->u.xm.info;
    if (info & XM_LARGE) {
        if ((unsigned long)p & (PAGE_SIZE - 1)) {
            printk(XENLOG_ERR "xfree: bad pointer %p\n", p);
            return;
        }
        unsigned long nr = info & ~XM_LARGE;

        pg->u.xm.info = 0;
        __atomic_fetch_sub(&large_pages, nr, __ATOMIC_RELAXED);
        free_page_run(p, nr);
        return;
    }
    if (!(info & XM_SMALL)) {
        printk(XENLOG_ERR "xfree: bad pointer %p\n", p);
        return;
    }
    free_small(pg, p);
}

void xmalloc_stats(unsigned long *small, unsigned long *large)
{
    *small = __atomic_load_n(&small_pages, __ATOMIC_RELAXED);
    *large = __atomic_load_n(&large_pages, __ATOMIC_RELAXED);
}
