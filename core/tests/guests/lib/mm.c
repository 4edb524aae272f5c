/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address translation and page-table helpers.
 *
 * The domain builder maps PFN N at GUEST_VIRT_BASE + N pages, including
 * the boot page tables, so a table found by its MFN is read through the
 * M2P table and that linear mapping.
 */
#include "guest.h"

static const uint64_t *const m2p = (const uint64_t *)MACH2PHYS_VIRT_START;

uint64_t virt_to_pfn(const void *va)
{
    return ((uint64_t)va - GUEST_VIRT_BASE) >> 12;
}

uint64_t virt_to_mfn(const void *va)
{
    return p2m[virt_to_pfn(va)];
}

uint64_t mfn_to_pfn(uint64_t mfn)
{
    return m2p[mfn];
}

void *pfn_to_virt(uint64_t pfn)
{
    return (void *)(GUEST_VIRT_BASE + (pfn << 12));
}

/* Walk from the top-level table down to the wanted level. */
static const uint64_t *table_for(uint64_t va, int level)
{
    const uint64_t *t = (const uint64_t *)start_info->pt_base;

    for (int l = 4; l > level; l--) {
        uint64_t e = t[(va >> (12 + 9 * (l - 1))) & 511];
        if (!(e & PTE_P))
            guest_fail("no level-%d entry for va %lx", l, va);
        t = pfn_to_virt(mfn_to_pfn((e & PTE_ADDR_MASK) >> 12));
    }
    return t;
}

uint64_t pte_maddr(uint64_t va, int level)
{
    const uint64_t *t = table_for(va, level);
    unsigned int idx = (va >> (12 + 9 * (level - 1))) & 511;

    return (virt_to_mfn(t) << 12) + idx * 8;
}

uint64_t pte_read(uint64_t va, int level)
{
    return table_for(va, level)[(va >> (12 + 9 * (level - 1))) & 511];
}

long map_page(void *va, uint64_t mfn, uint64_t flags)
{
    return hc_update_va_mapping((uint64_t)va, (mfn << 12) | flags, UVMF_INVLPG);
}

void set_page_ro(void *va)
{
    long rc = map_page(va, virt_to_mfn(va), PTE_P | PTE_A | PTE_D);
    if (rc)
        guest_fail("making %p read-only returned %ld", va, rc);
}

void set_page_rw(void *va)
{
    long rc = map_page(va, virt_to_mfn(va), PTE_P | PTE_RW | PTE_A | PTE_D);
    if (rc)
        guest_fail("making %p writable returned %ld", va, rc);
}
