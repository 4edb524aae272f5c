/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor heap: one buddy allocator over all RAM the boot allocator
 * did not use.  Every RAM page is reachable through the direct map, so
 * "xenheap" pages are simply heap pages flagged PGC_xen_heap.
 *
 * Locking: heap_lock (irq-safe) protects the buddy lists and counters.
 */
#include <xenith/bootmem.h>
#include <xenith/buddy.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/spinlock.h>

static struct buddy_heap heap;
static DEFINE_SPINLOCK(heap_lock);
static bool heap_ready;

static void give_range(paddr_t start, paddr_t end)
{
    buddy_add_range(&heap, PFN_UP(start), PFN_DOWN(end));
}

void heap_init_from_bootmem(void)
{
    buddy_init(&heap, frame_table, max_page);
    bootmem_handover(give_range);
    heap_ready = true;
    printk("Heap: %lu MiB free\n", heap.free_pages >> (20 - PAGE_SHIFT));
}

struct page_info *alloc_heap_pages(unsigned int order)
{
    unsigned long f, pfn;

    if (!heap_ready)
        return NULL;
    f = spin_lock_irqsave(&heap_lock);
    pfn = buddy_alloc(&heap, order);
    spin_unlock_irqrestore(&heap_lock, f);
    return pfn == BUDDY_NO_PAGE ? NULL : pfn_to_page(pfn);
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long f = spin_lock_irqsave(&heap_lock);

    buddy_free(&heap, page_to_pfn(pg), order);
    spin_unlock_irqrestore(&heap_lock, f);
}

void *alloc_xenheap_pages(unsigned int order)
{
    struct page_info *pg = alloc_heap_pages(order);

    if (!pg)
        return NULL;
    for (unsigned long i = 0; i < (1UL << order); i++)
        pg[i].count_info |= PGC_xen_heap;
    return page_to_virt(pg);
}

void free_xenheap_pages(void *va, unsigned int order)
{
    struct page_info *pg;

    if (!va)
        return;
    pg = virt_to_page(va);
    for (unsigned long i = 0; i < (1UL << order); i++)
        pg[i].count_info &= ~PGC_xen_heap;
    free_heap_pages(pg, order);
}

void *alloc_zeroed_page(void)
{
    void *p = alloc_xenheap_page();

    if (p)
        memset(p, 0, PAGE_SIZE);
    return p;
}

unsigned long heap_free_pages(void)
{
    return heap.free_pages;
}
