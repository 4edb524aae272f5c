/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time memory set-up: sanitise and print the e820 map, start the
 * boot allocator, build the hypervisor page tables and frame table, then
 * hand every remaining free page to the heap.
 */
#include <xenith/bootinfo.h>
#include <xenith/bootmem.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/panic.h>

unsigned long paging_init(const struct e820map *e820);
void paging_use_heap(void);
void memory_init(void);

extern char _start[], _end[];

void memory_init(void)
{
    struct e820map *m = &boot_info.e820;
    unsigned long ft;

    e820_print(m, "Multiboot-e820 RAM map:");
    if (e820_sanitise(m))
        panic("e820: memory map too large to sanitise");
    e820_print(m, "Xenith-e820 RAM map:");

    bootmem_init(m);
    /* Low 1 MiB: BIOS data, the AP trampoline, legacy areas. */
    bootmem_reserve(0, 0x100000);
    bootmem_reserve(__pa(_start), __pa(_end));
    for (unsigned int i = 0; i < boot_info.nr_modules; i++)
        bootmem_reserve(boot_info.modules[i].start,
                        boot_info.modules[i].start + boot_info.modules[i].size);

    ft = paging_init(m);
    heap_init_from_bootmem();
    paging_use_heap();
    if (m2p_init())
        panic("no memory for the M2P table");
    printk("Memory: %lu MiB RAM, frame table %lu KiB for %lu pages, "
           "%lu MiB free\n",
           total_pages >> (20 - PAGE_SHIFT), ft >> 10, max_page,
           heap_free_pages() >> (20 - PAGE_SHIFT));
}
