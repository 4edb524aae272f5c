/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's own page tables.  The boot code's tables map the low
 * 4 GiB with large, writable, executable pages; paging_init() replaces them
 * with idle_pg_table:
 *   - the image with 4 KiB pages: text RX, rodata R+NX, data/bss RW+NX;
 *   - the direct map: the low 4 GiB and all RAM, RW+NX, 2 MiB pages;
 *   - the frame table, sized from the highest RAM address.
 * Table pages come from the boot allocator (below 4 GiB, reachable through
 * the boot direct map) until the heap exists, then from the heap.
 */
#include <xenith/bootmem.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/spinlock.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>

_Static_assert(((XEN_VIRT_START >> 39) & 511) == XEN_VIRT_L4_SLOT, "slot");
_Static_assert(((XEN_VIRT_START >> 30) & 511) == XEN_VIRT_L3_SLOT, "slot");
_Static_assert(((DIRECTMAP_VIRT_START >> 39) & 511) == DIRECTMAP_L4_SLOT,
               "slot");
_Static_assert(sizeof(struct page_info) == 32, "page_info layout");

pgentry_t idle_pg_table[512] __aligned(4096) __section(".bss.page_aligned");
uint64_t pte_nx_mask;
unsigned long max_page, total_pages;
struct page_info *const frame_table = (void *)FRAMETABLE_VIRT_START;

/* Serialises changes to the shared upper levels of idle_pg_table. */
static DEFINE_SPINLOCK(map_lock);
static bool use_heap_for_tables;

extern char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _end[];

static pgentry_t *alloc_table(void)
{
    void *va;

    if (use_heap_for_tables) {
        va = alloc_zeroed_page();
    } else {
        paddr_t pa = bootmem_alloc(1, 1, 1UL << 32);

        va = pa ? __va(pa) : NULL;
        if (va)
            memset(va, 0, PAGE_SIZE);
    }
    return va;
}

/*
 * Return the next-level table for entry *e, creating it if needed.  user:
 * the mapping is user-accessible, so the upper levels must allow it too.
 */
static pgentry_t *next_level(pgentry_t *e, bool user)
{
    pgentry_t *t;

    if ((*e & _PAGE_PRESENT) && user)
        *e |= _PAGE_USER;

    if ((*e & _PAGE_PRESENT) && (*e & _PAGE_PSE))
        return NULL; /* Already a large mapping: refuse to split it. */
    if (*e & _PAGE_PRESENT)
        return __va(*e & PADDR_MASK);
    t = alloc_table();
    if (!t)
        return NULL;
    *e = __pa(t) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY |
         (user ? _PAGE_USER : 0);
    return t;
}

static int map_one(unsigned long va, paddr_t pa, uint64_t flags, bool large)
{
    bool user = flags & _PAGE_USER;
    pgentry_t *l3, *l2, *l1;

    l3 = next_level(&idle_pg_table[l4_index(va)], user);
    if (!l3)
        return -ENOMEM;
    l2 = next_level(&l3[l3_index(va)], user);
    if (!l2)
        return -ENOMEM;
    if (large) {
        l2[l2_index(va)] = pa | flags | _PAGE_PSE;
        return 0;
    }
    l1 = next_level(&l2[l2_index(va)], user);
    if (!l1)
        return -ENOMEM;
    l1[l1_index(va)] = pa | flags;
    return 0;
}

int map_pages(unsigned long va, paddr_t pa, unsigned long nr, uint64_t flags)
{
    unsigned long f = spin_lock_irqsave(&map_lock);
    int rc = 0;

    flags &= ~_PAGE_NX | pte_nx_mask;
    while (nr && !rc) {
        bool large = !((va | pa) & (L2_PAGE_SIZE - 1)) && nr >= 512;

        rc = map_one(va, pa, flags, large);
        if (use_heap_for_tables)
            invlpg(va);
        va += large ? L2_PAGE_SIZE : PAGE_SIZE;
        pa += large ? L2_PAGE_SIZE : PAGE_SIZE;
        nr -= large ? 512 : 1;
    }
    spin_unlock_irqrestore(&map_lock, f);
    return rc;
}

static void map_image_part(char *start, char *end, uint64_t flags)
{
    unsigned long va = (unsigned long)start;

    for (; va < (unsigned long)end; va += PAGE_SIZE)
        if (map_one(va, __pa(va), flags, false))
            break;
}

/* Back the frame table for frames below max_page; false when out of
 * memory. */
static bool map_frame_table(void)
{
    uint64_t fl = PAGE_HYPERVISOR_RW & (~_PAGE_NX | pte_nx_mask);
    unsigned long bytes =
        ROUNDUP(max_page * sizeof(struct page_info), L2_PAGE_SIZE);

    for (unsigned long off = 0; off < bytes; off += L2_PAGE_SIZE) {
        paddr_t pa = bootmem_alloc(512, 512, ~0ULL);

        if (pa) {
            if (map_one(FRAMETABLE_VIRT_START + off, pa, fl, true))
                return false;
            continue;
        }
        /* No 2 MiB block left: single pages. */
        for (unsigned long p = 0; p < L2_PAGE_SIZE; p += PAGE_SIZE) {
            pa = bootmem_alloc(1, 1, ~0ULL);
            if (!pa || map_one(FRAMETABLE_VIRT_START + off + p, pa, fl, false))
                return false;
        }
    }
    return true;
}

/*
 * Map [start, end) of physical memory into the direct map.  The 2 MiB
 * regions holding the image use 4 KiB pages so that its text and rodata
 * are read-only there too (no writable alias of code).
 */
static void map_direct(paddr_t start, paddr_t end)
{
    uint64_t rw = PAGE_HYPERVISOR_RW & (~_PAGE_NX | pte_nx_mask);
    uint64_t ro = PAGE_HYPERVISOR_RO & (~_PAGE_NX | pte_nx_mask);
    paddr_t img_lo = ROUNDDOWN(__pa(_stext), L2_PAGE_SIZE);
    paddr_t img_hi = ROUNDUP(__pa(_end), L2_PAGE_SIZE);
    paddr_t ro_lo = __pa(_stext), ro_hi = __pa(_erodata);

    start = ROUNDDOWN(start, PAGE_SIZE);
    end = ROUNDUP(end, PAGE_SIZE);
    while (start < end) {
        bool near_image = start >= img_lo && start < img_hi;
        bool large = !(start & (L2_PAGE_SIZE - 1)) &&
                     end - start >= L2_PAGE_SIZE && !near_image;
        bool read_only = start >= ro_lo && start < ro_hi;

        if (map_one(DIRECTMAP_VIRT_START + start, start, read_only ? ro : rw,
                    large))
            return;
        start += large ? L2_PAGE_SIZE : PAGE_SIZE;
    }
}

/*
 * Build idle_pg_table and switch to it.  Returns the number of bytes of
 * frame table mapped (for the caller's report) or 0 on failure.
 */
unsigned long paging_init(const struct e820map *e820);
unsigned long paging_init(const struct e820map *e820)
{
    uint64_t nx = pte_nx_mask;

    max_page = PFN_DOWN(e820_ram_end(e820));
    if ((max_page << PAGE_SHIFT) > DIRECTMAP_SIZE)
        max_page = DIRECTMAP_SIZE >> PAGE_SHIFT;
    total_pages = e820_ram_bytes(e820) >> PAGE_SHIFT;

    map_image_part(_stext, _etext, PAGE_HYPERVISOR_RX);
    map_image_part(_srodata, _erodata, PAGE_HYPERVISOR_RO & (~_PAGE_NX | nx));
    map_image_part(_sdata, _end, PAGE_HYPERVISOR_RW & (~_PAGE_NX | nx));

    map_direct(0, 1UL << 32);
    for (unsigned int i = 0; i < e820->nr_map; i++) {
        const struct e820entry *e = &e820->map[i];

        if (e->type == E820_RAM && e->addr + e->size > (1UL << 32))
            map_direct(MAX(e->addr, 1UL << 32),
                       MIN(e->addr + e->size, (paddr_t)DIRECTMAP_SIZE));
    }
    if (!map_frame_table())
        panic("not enough memory for the frame table (%lu frames)", max_page);

    write_cr3(__pa(idle_pg_table));
    write_cr4(read_cr4() | X86_CR4_PGE);
    memset(frame_table, 0, max_page * sizeof(struct page_info));
    use_heap_for_tables = false;
    return max_page * sizeof(struct page_info);
}

/* From now on, page-table pages come from the heap. */
void paging_use_heap(void);
void paging_use_heap(void)
{
    use_heap_for_tables = true;
}

static unsigned long vmap_next = VMAP_VIRT_START;

void *ioremap(paddr_t pa, size_t len)
{
    paddr_t base = ROUNDDOWN(pa, PAGE_SIZE);
    unsigned long nr = (ROUNDUP(pa + len, PAGE_SIZE) - base) >> PAGE_SHIFT;
    unsigned long va =
        __atomic_fetch_add(&vmap_next, nr << PAGE_SHIFT, __ATOMIC_RELAXED);

    if (va + (nr << PAGE_SHIFT) > VMAP_VIRT_END)
        return NULL;
    if (map_pages(va, base, nr, PAGE_HYPERVISOR_UC & ~_PAGE_PSE))
        return NULL;
    return (void *)(va + (pa - base));
}
