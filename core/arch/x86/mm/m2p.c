/* SPDX-License-Identifier: GPL-2.0-only */
/* The machine-to-phys table (see xenith/m2p.h). */
#include <public/xen.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/asm/page.h>

_Static_assert(DIRECTMAP_SIZE / PAGE_SIZE * sizeof(unsigned long) <=
                   MPT_VIRT_SIZE,
               "M2P area too small for the direct map's frames");

/*
 * Map one chunk of the table at both addresses; fill it with INVALID.
 * Its frames belong to DOMID_XEN: a privileged domain may map them
 * read-only by frame number (mmu_update with that foreign domain), as a
 * toolstack saving a PV guest does with the frames machphys_mfn_list names.
 */
static int map_chunk(unsigned long off, void *mem, unsigned long bytes)
{
    unsigned long nr = bytes >> PAGE_SHIFT;

    for (unsigned long i = 0; i < nr; i++)
        virt_to_page((char *)mem + i * PAGE_SIZE)->owner = DOMID_XEN;
    memset(mem, 0xff, bytes);
    if (map_pages(RDWR_MPT_VIRT_START + off, __pa(mem), nr,
                  PAGE_HYPERVISOR_RW) ||
        map_pages(RO_MPT_VIRT_START + off, __pa(mem), nr,
                  PAGE_HYPERVISOR_RO | _PAGE_USER))
        return -ENOMEM;
    return 0;
}

int m2p_init(void)
{
    unsigned long bytes = ROUNDUP(max_page * sizeof(unsigned long), PAGE_SIZE);

    for (unsigned long off = 0; off < bytes;) {
        /* 2 MiB chunks where possible (large pages), else single pages. */
        void *mem = NULL;
        unsigned long len = L2_PAGE_SIZE;

        if (bytes - off >= L2_PAGE_SIZE && !(off & (L2_PAGE_SIZE - 1)))
            mem = alloc_xenheap_pages(9);
        if (!mem) {
            len = PAGE_SIZE;
            mem = alloc_xenheap_page();
        }
        if (!mem || map_chunk(off, mem, len))
            return -ENOMEM;
        off += len;
    }
    printk("M2P: %lu KiB for %lu frames at %#lx (guest view %#lx)\n",
           bytes >> 10, max_page, RDWR_MPT_VIRT_START, RO_MPT_VIRT_START);
    return 0;
}
