/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor heap: one buddy allocator over all RAM the boot allocator
 * did not use.  Every RAM page is reachable through the direct map, so
 * "xenheap" pages are simply heap pages flagged PGC_xen_heap.
 *
 * Scrubbing (as Xen): freed pages and the RAM given at boot are dirty;
 * idle CPUs zero them 16 pages at a time without heap_lock
 * (scrub_free_pages(), from the idle loop; an allocation that finds only
 * blocks being scrubbed waits for them) and allocation prefers clean blocks,
 * zeroing the dirty pages of a block it has to take.  So no allocation hands
 * out another user's data, and one that finds clean memory does not zero
 * anything.  Dom0's initial memory alone is taken unscrubbed, as Xen 4.17 does.
 *
 * Locking: heap_lock (irq-safe) protects the buddy lists and counters.
 */
#include <xenith/bootmem.h>
#include <xenith/buddy.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <xenith/asm/processor.h>

/* The idle loop scrubs blocks of at most 2^SCRUB_ORDER pages at a time,
 * without heap_lock; allocation never waits long for one. */
#define SCRUB_ORDER 4

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

static struct page_info *alloc_pages(unsigned int order, bool scrub)
{
    unsigned long f, pfn;
    struct page_info *pg;

    if (!heap_ready)
        return NULL;
    for (;;) {
        bool busy;

        f = spin_lock_irqsave(&heap_lock);
        pfn = buddy_alloc(&heap, order);
        busy = heap.scrubbing_pages != 0;
        spin_unlock_irqrestore(&heap_lock, f);
        if (pfn != BUDDY_NO_PAGE)
            break;
        if (!busy)
            return NULL;
        cpu_relax(); /* the rest is being scrubbed: it is back soon */
    }
    pg = pfn_to_page(pfn);
    for (unsigned long i = 0; i < (1UL << order); i++) {
        if (!(pg[i].count_info & PGC_need_scrub))
            continue;
        if (scrub)
            memset(page_to_virt(&pg[i]), 0, PAGE_SIZE);
        pg[i].count_info &= ~PGC_need_scrub;
    }
    return pg;
}

struct page_info *alloc_heap_pages(unsigned int order)
{
    return alloc_pages(order, true);
}

struct page_info *alloc_heap_pages_unscrubbed(unsigned int order)
{
    return alloc_pages(order, false);
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long f = spin_lock_irqsave(&heap_lock);

    buddy_free(&heap, page_to_pfn(pg), order);
    spin_unlock_irqrestore(&heap_lock, f);
}

bool scrub_free_pages(void)
{
    unsigned int cpu = smp_processor_id(), order;
    unsigned long f, pfn, cleaned = 0;
    uint32_t i;

    if (!heap_ready || !READ_ONCE(heap.dirty_pages))
        return false;
    f = spin_lock_irqsave(&heap_lock);
    pfn = buddy_scrub_take(&heap, SCRUB_ORDER, &order, &i);
    spin_unlock_irqrestore(&heap_lock, f);
    if (pfn == BUDDY_NO_PAGE)
        return false;
    for (; i < (1u << order) && !softirq_pending(cpu); i++) {
        struct page_info *pg = pfn_to_page(pfn + i);

        if (!(pg->count_info & PGC_need_scrub))
            continue;
        memset(page_to_virt(pg), 0, PAGE_SIZE);
        pg->count_info &= ~PGC_need_scrub;
        cleaned++;
    }
    f = spin_lock_irqsave(&heap_lock);
    buddy_scrub_put(&heap, pfn, order, i < (1u << order) ? i : BUDDY_CLEAN,
                    cleaned);
    spin_unlock_irqrestore(&heap_lock, f);
    return true;
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

unsigned long heap_dirty_pages(void)
{
    return READ_ONCE(heap.dirty_pages);
}
