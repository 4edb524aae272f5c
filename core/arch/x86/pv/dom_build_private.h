/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals shared by the PV domain builder's files (dom_build*.c).
 */
#ifndef XENITH_PV_DOM_BUILD_PRIVATE_H
#define XENITH_PV_DOM_BUILD_PRIVATE_H

#include <xenith/asm/pv/build.h>

#define PV_PAGE_SHIFT 12
#define PV_PAGE_SIZE  ((uint64_t)1 << PV_PAGE_SHIFT)
#define PV_L2_SHIFT   21 /* One L1 table maps 2 MiB. */
#define PV_L3_SHIFT   30 /* One L2 table maps 1 GiB. */
#define PV_L4_SHIFT   39 /* One L3 table maps 512 GiB. */
#define PV_GIB        ((uint64_t)1 << PV_L3_SHIFT)
#define PV_4MIB       ((uint64_t)4 << 20)
#define PV_PAD_MIN    ((uint64_t)512 << 10)
#define PV_ENTRIES    512

/* Page-table entry bits (Intel SDM vol. 3 4.5, AMD APM vol. 2 5.3). */
#define PV_PTE_P  ((uint64_t)1 << 0)
#define PV_PTE_RW ((uint64_t)1 << 1)
#define PV_PTE_US ((uint64_t)1 << 2)
#define PV_PTE_A  ((uint64_t)1 << 5)
#define PV_PTE_D  ((uint64_t)1 << 6)
/* Software bit 52: Xen marks guest-kernel leaf mappings with it (they
 * carry U because a PV kernel runs in ring 3, and must not become global). */
#define PV_PTE_GUEST_KERNEL ((uint64_t)1 << 52)
#define PV_PTE_ADDR         0x000ffffffffff000ULL

/* Xen 4.17's protections for the initial mapping (no NX anywhere). */
#define PV_L1_PROT \
    (PV_PTE_P | PV_PTE_RW | PV_PTE_A | PV_PTE_US | PV_PTE_GUEST_KERNEL)
#define PV_TABLE_PROT (PV_PTE_P | PV_PTE_RW | PV_PTE_A | PV_PTE_US | PV_PTE_D)

/* Index of va in the table of the given level (1 = L1). */
#define PV_PT_INDEX(va, level) \
    ((unsigned int)(((va) >> (PV_PAGE_SHIFT + 9 * ((level)-1))) & 511))

/*
 * One 2 MiB block of a mapping: the L1 that maps it and, where the block
 * starts a new 1 GiB or 512 GiB region (or is the first), the new L2 / L3
 * (PV_BUILD_UNSET otherwise).  For the p2m, also its data pages.
 */
struct pv_pt_group {
    uint64_t va; /* First address the group maps. */
    uint64_t l1_pfn, l2_pfn, l3_pfn;
    uint64_t data_pfn, nr_data; /* p2m only: the pages this L1 maps. */
};
typedef int (*pv_pt_group_fn)(void *ctx, const struct pv_pt_group *g);

/* Number of 2^shift-sized blocks that [lo, hi) touches (hi > lo). */
uint64_t pv_build_nr_blocks(uint64_t lo, uint64_t hi, unsigned int shift);

/* The initial mapping's tables after the L4, in Xen's order: for each
 * 2 MiB block its L1, then a new L2, then a new L3. */
int pv_build_walk_init(const struct pv_build_layout *l, pv_pt_group_fn fn,
                       void *ctx);

/* The separate p2m's frames in Xen's order: a new L3, a new L2, the L1,
 * then the data pages it maps. */
int pv_build_walk_p2m(const struct pv_build_layout *l, pv_pt_group_fn fn,
                      void *ctx);

/* Build every page table and link them under the L4 at l4_mfn. */
int pv_build_tables(const struct pv_build_layout *l,
                    const struct pv_build_mem *m, uint64_t l4_mfn);

/* Frame helpers (dom_build_mem.c).  All return 0 or -EFAULT. */
int pv_build_mfn(const struct pv_build_layout *l, const struct pv_build_mem *m,
                 uint64_t pfn, uint64_t *mfn);
int pv_build_write(const struct pv_build_layout *l,
                   const struct pv_build_mem *m, uint64_t pfn, uint64_t off,
                   const void *src, uint64_t len);
int pv_build_set_entry(const struct pv_build_mem *m, uint64_t table_mfn,
                       unsigned int index, uint64_t val);

/* Write the p2m array and the M2P entries of every pfn. */
int pv_build_p2m(const struct pv_build_layout *l, const struct pv_build_mem *m);

#endif /* XENITH_PV_DOM_BUILD_PRIVATE_H */
