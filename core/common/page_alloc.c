/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor heap: one buddy allocator per NUMA node over the RAM the
 * boot allocator did not use.  Every RAM page is reachable through the
 * direct map, so "xenheap" pages are simply heap pages flagged
 * PGC_xen_heap.
 *
 * Until heap_split_nodes() runs (once the SRAT is known) all memory sits
 * in one boot heap; afterwards each node's frames are in heaps[node] and
 * blocks never merge across nodes.  Hypervisor allocations come from the
 * allocating CPU's node first; a domain's from its node affinity
 * (heap_alloc_domain_pages()), falling back to the other nodes as Xen
 * does.
 *
 * Scrubbing (as Xen): freed pages and the RAM given at boot are dirty;
 * idle CPUs zero them 16 pages at a time without heap_lock
 * (scrub_free_pages(), from the idle loop, their own node's heap first;
 * an allocation that finds only blocks being scrubbed waits for them) and
 * allocation prefers clean blocks, zeroing the dirty pages of a block it
 * has to take.  So no allocation hands out another user's data, and one
 * that finds clean memory does not zero anything.  Dom0's initial memory
 * alone is taken unscrubbed, as Xen 4.17 does.
 *
 * Locking: heap_lock (irq-safe) protects the buddy lists and counters.
 */
#include <xenith/bootmem.h>
#include <xenith/buddy.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <xenith/asm/current.h>
#include <xenith/asm/processor.h>

/* The idle loop scrubs blocks of at most 2^SCRUB_ORDER pages at a time,
 * without heap_lock; allocation never waits long for one. */
#define SCRUB_ORDER 4

static struct buddy_heap heaps[MAX_NUMNODES];
static unsigned int nr_heaps = 1;
static DEFINE_SPINLOCK(heap_lock);
static bool heap_ready, heap_split;

static void give_range(paddr_t start, paddr_t end)
{
    buddy_add_range(&heaps[0], PFN_UP(start), PFN_DOWN(end));
}

void heap_init_from_bootmem(void)
{
    buddy_init(&heaps[0], frame_table, max_page);
    heaps[0].node = BUDDY_NODE_BOOT;
    bootmem_handover(give_range);
    heap_ready = true;
    printk("Heap: %lu MiB free\n", heaps[0].free_pages >> (20 - PAGE_SHIFT));
}

static unsigned int split_node_of(unsigned long pfn, unsigned long *end,
                                  void *ctx)
{
    return numa_node_of_pfn(pfn, end);
}

void heap_split_nodes(void)
{
    static struct buddy_heap boot;
    unsigned int n = nr_nodes ? nr_nodes : 1;
    unsigned long f;

    if (n > MAX_NUMNODES)
        n = MAX_NUMNODES;
    f = spin_lock_irqsave(&heap_lock);
    boot = heaps[0];
    for (unsigned int i = 0; i < n; i++) {
        buddy_init(&heaps[i], frame_table, max_page);
        heaps[i].node = i;
    }
    buddy_split_nodes(&boot, heaps, n, split_node_of, NULL);
    nr_heaps = n;
    heap_split = true;
    spin_unlock_irqrestore(&heap_lock, f);
    for (unsigned int i = 0; i < n && n > 1; i++)
        printk("Heap: node %u: %lu MiB free\n", i,
               heaps[i].free_pages >> (20 - PAGE_SHIFT));
}

static unsigned int local_node(void)
{
    unsigned int cpu = smp_processor_id();

    return cpu_to_node && cpu < nr_cpu_ids ? cpu_to_node[cpu] : 0;
}

/* Called with heap_lock held. */
static bool scrub_in_progress(void)
{
    for (unsigned int i = 0; i < nr_heaps; i++)
        if (heaps[i].scrubbing_pages)
            return true;
    return false;
}

static struct page_info *alloc_pages(unsigned int order, uint64_t nodes,
                                     unsigned int node, bool exact,
                                     unsigned int *last, bool scrub)
{
    unsigned long f, pfn;
    struct page_info *pg;

    if (!heap_ready)
        return NULL;
    for (;;) {
        bool busy;

        f = spin_lock_irqsave(&heap_lock);
        if (heap_split)
            pfn = buddy_alloc_nodes(heaps, nr_heaps, order, nodes, node, exact,
                                    last);
        else
            pfn = buddy_alloc(&heaps[0], order);
        busy = scrub_in_progress();
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

struct page_info *heap_alloc_domain_pages(unsigned int order, uint64_t nodes,
                                          unsigned int node, bool exact,
                                          unsigned int *last)
{
    return alloc_pages(order, nodes, node, exact, last, true);
}

struct page_info *alloc_heap_pages(unsigned int order)
{
    unsigned int last = 0;

    return alloc_pages(order, ~0ULL, local_node(), false, &last, true);
}

struct page_info *alloc_heap_pages_unscrubbed(unsigned int order)
{
    unsigned int last = 0;

    return alloc_pages(order, ~0ULL, local_node(), false, &last, false);
}

unsigned int heap_node_of_page(const struct page_info *pg)
{
    unsigned long end;

    return heap_split ? numa_node_of_pfn(page_to_pfn(pg), &end) : 0;
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned int node = heap_node_of_page(pg);
    unsigned long f = spin_lock_irqsave(&heap_lock);

    buddy_free(&heaps[node < nr_heaps ? node : 0], page_to_pfn(pg), order);
    spin_unlock_irqrestore(&heap_lock, f);
}

/* The heap to scrub: this CPU's node's if it has dirty pages, else the
 * first that has; nr_heaps when none has. */
static unsigned int heap_to_scrub(void)
{
    unsigned int local = heap_split ? local_node() : 0;

    if (local < nr_heaps && READ_ONCE(heaps[local].dirty_pages))
        return local;
    for (unsigned int i = 0; i < nr_heaps; i++)
        if (READ_ONCE(heaps[i].dirty_pages))
            return i;
    return nr_heaps;
}

bool scrub_free_pages(void)
{
    unsigned int cpu = smp_processor_id(), order, n;
    unsigned long f, pfn, cleaned = 0;
    struct buddy_heap *h;
    uint32_t i;

    if (!heap_ready || (n = heap_to_scrub()) >= nr_heaps)
        return false;
    h = &heaps[n];
    f = spin_lock_irqsave(&heap_lock);
    pfn = buddy_scrub_take(h, SCRUB_ORDER, &order, &i);
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
    buddy_scrub_put(h, pfn, order, i < (1u << order) ? i : BUDDY_CLEAN,
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
    unsigned long n = 0;

    for (unsigned int i = 0; i < nr_heaps; i++)
        n += READ_ONCE(heaps[i].free_pages);
    return n;
}

unsigned long heap_node_free_pages(unsigned int node)
{
    return node < nr_heaps ? READ_ONCE(heaps[node].free_pages) : 0;
}

unsigned long heap_dirty_pages(void)
{
    unsigned long n = 0;

    for (unsigned int i = 0; i < nr_heaps; i++)
        n += READ_ONCE(heaps[i].dirty_pages);
    return n;
}
