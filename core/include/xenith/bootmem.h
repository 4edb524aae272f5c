/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time page allocator: a list of free physical ranges taken from the
 * e820 map, minus what is in use (image, modules, low memory).  Used until
 * the heap exists, then its remaining ranges are handed to the heap.
 */
#ifndef XENITH_BOOTMEM_H
#define XENITH_BOOTMEM_H

#include <xenith/e820.h>
#include <xenith/types.h>

void bootmem_init(const struct e820map *e820);

/* Remove [start, end) from the free ranges. */
void bootmem_reserve(paddr_t start, paddr_t end);

/*
 * Allocate nr pages aligned to align pages (a power of two), ending at or
 * below limit; taken from the top of the highest suitable range.  Returns
 * the physical address, or 0 when nothing fits.
 */
paddr_t bootmem_alloc(unsigned long nr, unsigned long align, paddr_t limit);

/* Call fn for each remaining free range and empty the allocator. */
void bootmem_handover(void (*fn)(paddr_t start, paddr_t end));

/* Bytes still free. */
uint64_t bootmem_free_bytes(void);

#endif /* XENITH_BOOTMEM_H */
