/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical memory: address conversions, the frame table and the page
 * allocator interface.
 *
 * Every RAM page has a struct page_info in the frame table, a virtually
 * contiguous array at FRAMETABLE_VIRT_START indexed by page frame number
 * (only the parts covering RAM are backed).  All RAM is reachable through
 * the direct map at DIRECTMAP_VIRT_START.
 */
#ifndef XENITH_MM_H
#define XENITH_MM_H

#include <xenith/config.h>
#include <xenith/types.h>

#define __va(pa)          ((void *)((unsigned long)(pa) + DIRECTMAP_VIRT_START))
#define __pa(va)          __virt_to_phys((unsigned long)(va))
#define maddr_to_virt(ma) __va(ma)
#define PFN_DOWN(pa)      ((pa) >> PAGE_SHIFT)
#define PFN_UP(pa)        (((pa) + PAGE_SIZE - 1) >> PAGE_SHIFT)

/* How far a multiboot2 loader moved the image (head.S; 0 normally). */
extern unsigned long xen_phys_delta;

/* Physical address of a direct-map or image virtual address. */
static inline paddr_t __virt_to_phys(unsigned long va)
{
    if (va >= DIRECTMAP_VIRT_START)
        return va - DIRECTMAP_VIRT_START;
    return va - XEN_VIRT_START + xen_phys_delta;
}

/* Frame table entry (32 bytes; layout fixed so the table size is known). */
struct page_list_entry {
    uint32_t next, prev; /* Frame numbers; PAGE_LIST_NULL ends a list. */
};
#define PAGE_LIST_NULL 0xffffffffu

struct page_info {
    struct page_list_entry list; /* Free list or owner's page list. */
    unsigned long count_info;    /* PGC_* flags and reference count. */
    union {
        unsigned long type_info; /* In use: PGT_* type and type count. */
        struct {
            uint16_t order;       /* Free: order of the block it heads, */
            uint16_t node;        /* the node heap holding it, */
            uint32_t first_dirty; /* and its first page that may need
                                   * scrubbing (buddy.h) */
        } free;
        struct {
            uint32_t info; /* xmalloc's page: class or size, and kind */
            uint16_t used; /* small blocks in use */
            uint16_t free; /* offset of the first free small block */
        } xm;
    } u;
    uint32_t owner; /* Owning domain id, DOMID_INVALID if none. */
    uint32_t tlbflush_timestamp;
};

#define PGC_state_mask (3UL << 60)
/* A zeroed entry means "offline": not RAM, or never given to the heap. */
#define PGC_state_offline (0UL << 60)
#define PGC_state_inuse   (1UL << 60)
#define PGC_state_free    (2UL << 60)
#define PGC_need_scrub    (1UL << 59) /* may hold a previous user's data */
#define PGC_xen_heap      (1UL << 62)
#define PGC_allocated     (1UL << 63)
#define PGC_count_mask    ((1UL << 54) - 1)

#define DOMID_INVALID_OWNER 0x7ff4u

/* Small allocations (any size; aligned to 16 bytes). */
void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);

#ifndef XENITH_HOST_TEST
extern struct page_info *const frame_table;
extern unsigned long max_page; /* One past the highest RAM frame. */
extern unsigned long total_pages;

#define pfn_to_page(pfn) (&frame_table[(pfn)])
#define page_to_pfn(pg)  ((unsigned long)((pg)-frame_table))
#define page_to_virt(pg) __va(page_to_pfn(pg) << PAGE_SHIFT)
#define virt_to_page(va) pfn_to_page(__pa(va) >> PAGE_SHIFT)

/* Heap allocator; orders are log2 of the number of pages. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
/* Heap pages come zeroed or clean: see common/page_alloc.c on scrubbing. */
struct page_info *alloc_heap_pages(unsigned int order);
/* The same without zeroing dirty pages (dom0's initial memory, as Xen). */
struct page_info *alloc_heap_pages_unscrubbed(unsigned int order);
void free_heap_pages(struct page_info *pg, unsigned int order);
unsigned long heap_free_pages(void);
/* Free pages of one node's heap (0 for a node that does not exist). */
unsigned long heap_node_free_pages(unsigned int node);
/* Node whose heap a page belongs to. */
unsigned int heap_node_of_page(const struct page_info *pg);
/* Pages for a domain from the nodes in the mask `nodes` (see
 * buddy_alloc_nodes(): node is a requested node or 0xff, exact forbids
 * falling back, *last the domain's round-robin position). */
struct page_info *heap_alloc_domain_pages(unsigned int order, uint64_t nodes,
                                          unsigned int node, bool exact,
                                          unsigned int *last);
/* Once the NUMA topology is known: one heap per node (boot CPU only). */
void heap_split_nodes(void);
/* Free pages still to scrub, all nodes. */
unsigned long heap_dirty_pages(void);
/* Idle loop: scrub a few dirty free pages; false when none is left. */
bool scrub_free_pages(void);

#define alloc_xenheap_page() alloc_xenheap_pages(0)
#define free_xenheap_page(v) free_xenheap_pages(v, 0)

/* Zeroed single page from the heap (NULL when out of memory). */
void *alloc_zeroed_page(void);

/* Pages xmalloc holds: in small-block pages and in large blocks. */
void xmalloc_stats(unsigned long *small, unsigned long *large);
#define xmalloc(type)          ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type)          ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n) ((type *)xzalloc_bytes(sizeof(type) * (n)))

/* Boot-time memory setup (arch/x86/mm). */
struct e820map;
void init_frame_table(const struct e820map *e820);
void heap_init_from_bootmem(void);
#endif

#endif /* XENITH_MM_H */
