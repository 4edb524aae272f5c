/* SPDX-License-Identifier: GPL-2.0-only */
/* x86-64 4-level paging: entry bits and index helpers (Intel SDM 4.5). */
#ifndef XENITH_ASM_PAGE_H
#define XENITH_ASM_PAGE_H

#include <xenith/types.h>

#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_NX       (1UL << 63)

#define PADDR_MASK   0x000ffffffffff000UL
#define L2_PAGE_SIZE (1UL << 21)
#define L3_PAGE_SIZE (1UL << 30)

typedef uint64_t pgentry_t;

static inline unsigned int l4_index(unsigned long va)
{
    return (va >> 39) & 511;
}

static inline unsigned int l3_index(unsigned long va)
{
    return (va >> 30) & 511;
}

static inline unsigned int l2_index(unsigned long va)
{
    return (va >> 21) & 511;
}

static inline unsigned int l1_index(unsigned long va)
{
    return (va >> 12) & 511;
}

/* Mapping permissions for map_pages(). */
#define PAGE_HYPERVISOR_RW                                                    \
    (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | \
     _PAGE_NX)
#define PAGE_HYPERVISOR_RO \
    (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_HYPERVISOR_RX (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_UC (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)

/* The idle (hypervisor-only) L4; copied into every guest L4 later. */
extern pgentry_t idle_pg_table[512];

/* NX bit when the CPU supports it, else 0 (then NX is never set). */
extern uint64_t pte_nx_mask;

/*
 * Map nr pages at va to pa with the given flags in the idle page table,
 * using 2 MiB pages where alignment allows (unless flags say otherwise).
 * Returns 0 or -ENOMEM.
 */
int map_pages(unsigned long va, paddr_t pa, unsigned long nr, uint64_t flags);

/* Map an MMIO range uncached in the vmap area; NULL when out of space. */
void *ioremap(paddr_t pa, size_t len);

#endif /* XENITH_ASM_PAGE_H */
