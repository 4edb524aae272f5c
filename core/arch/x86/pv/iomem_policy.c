/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device pages the hypervisor keeps for itself, checked on every level-1
 * entry a PV guest installs (mmu_update, update_va_mapping, writable page
 * tables), before the PV MMU's own checks: the local APIC page is never
 * mappable (-EPERM), and an IO-APIC page is mapped read-only even when
 * asked for writable, as on Xen 4.17 (dom0 reads IO-APIC registers
 * through PHYSDEVOP_apic_read, Linux maps the page only to find it).
 */
#include <xenith/acpi.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/mm.h>

int pv_filter_l1_entry(uint64_t *entry)
{
    unsigned long mfn = PTE_MFN(*entry);

    if (!(*entry & PTE_PRESENT) || pv_mm_arch_page(mfn))
        return 0;
    if (mfn == (unsigned long)(acpi_madt.lapic_address >> PAGE_SHIFT) ||
        pv_iomem_denied(current->domain, mfn))
        return -EPERM;
    for (unsigned int i = 0; i < acpi_madt.nr_ioapics; i++)
        if (mfn == (unsigned long)(acpi_madt.ioapic[i].address >> PAGE_SHIFT))
            *entry &= ~PTE_RW;
    return 0;
}

/* The same for a normal update of a table of unknown level. */
int pv_filter_update(unsigned long table_mfn, uint64_t *val)
{
    struct page_info *pg = pv_mm_arch_page(table_mfn);

    if (!pg || (pg->u.type_info & PGT_type_mask) != PGT_l1_page_table)
        return 0;
    return pv_filter_l1_entry(val);
}
