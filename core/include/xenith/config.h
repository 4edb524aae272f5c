/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Build-wide constants and the hypervisor's virtual memory layout.
 * Usable from C and assembly.
 *
 * Virtual layout (only L4 slots 256-271 belong to the hypervisor, as the
 * Xen PV ABI requires; PV guests own everything else):
 *
 *   0xffff800000000000  slot 256       M2P table, read-only, guest-readable
 *   0xffff820000000000  slot 260       M2P table, writable (hypervisor)
 *   0xffff82c000000000  slot 261       vmap / ioremap area (1 GiB)
 *   0xffff82c080000000  slot 261       per-CPU GDT windows (16 pages each)
 *   0xffff82c0a0000000  slot 261       per-CPU stacks (STACK_SIZE each)
 *   0xffff82c0b0000000  slot 261       per-CPU SYSCALL stubs (a page each)
 *   0xffff82d040000000  slot 261       hypervisor image, VA = PA + this
 *   0xffff82e000000000  slot 261       frame table (128 GiB window)
 *   0xffff830000000000  slots 262-271  direct map of all RAM (5 TiB)
 */
#ifndef XENITH_CONFIG_H
#define XENITH_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, s) x
#else
#define _AC(x, s) (x##s)
#endif

#define PAGE_SHIFT 12
#define PAGE_SIZE  _AC(4096, UL)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define XEN_VIRT_START  _AC(0xffff82d040000000, UL)
#define XEN_LOAD_PHYS   _AC(0x200000, UL)
#define VMAP_VIRT_START _AC(0xffff82c000000000, UL)
#define VMAP_VIRT_END   _AC(0xffff82c040000000, UL)
/*
 * Each CPU's GDT is seen through a 64 KiB window: pages 0-13 hold guest
 * descriptor frames (a read-only zero page when none), page 14 the
 * hypervisor's entries (selectors 0xe000 up), page 15 stays unmapped.
 */
#define GDT_VIRT_START   _AC(0xffff82c080000000, UL)
#define GDT_WINDOW_PAGES 16
/* Per-CPU stack blocks, STACK_SIZE apart, first page of each unmapped. */
#define STACKS_VIRT_START _AC(0xffff82c0a0000000, UL)
/* Per-CPU SYSCALL entry stubs, one executable page per CPU. */
#define STUBS_VIRT_START      _AC(0xffff82c0b0000000, UL)
#define FRAMETABLE_VIRT_START _AC(0xffff82e000000000, UL)
#define FRAMETABLE_SIZE       _AC(0x2000000000, UL)
#define DIRECTMAP_VIRT_START  _AC(0xffff830000000000, UL)
#define DIRECTMAP_SIZE        _AC(0x50000000000, UL)
#define RO_MPT_VIRT_START     _AC(0xffff800000000000, UL)
#define RDWR_MPT_VIRT_START   _AC(0xffff820000000000, UL)
#define MPT_VIRT_SIZE         _AC(0x8000000000, UL) /* 512 GiB each */

/* Page-table slots of the above, for the 32-bit boot code (checked by
 * static assertions in arch/x86/mm/paging.c). */
#define XEN_VIRT_L4_SLOT  261
#define XEN_VIRT_L3_SLOT  321
#define DIRECTMAP_L4_SLOT 262

/* Per-CPU stack block: 8 pages, naturally aligned; see asm/current.h. */
#define STACK_ORDER 3
#define STACK_SIZE  (PAGE_SIZE << STACK_ORDER)
/* Bytes at the top of each stack block holding struct cpu_info. */
#define CPUINFO_SIZE 512

/* Upper bound of CPUs (bitmap size only; per-CPU data is allocated). */
#define NR_CPUS            4096
#define MAX_CPUS_SUPPORTED 4095

/* Hypervisor selectors in the per-CPU GDT (Xen's numbering). */
#define __HYPERVISOR_CS64 0xe008
#define __HYPERVISOR_DS   0xe010
#define __HYPERVISOR_CS32 0xe018
#define TSS_SELECTOR      0xe040

#endif /* XENITH_CONFIG_H */
