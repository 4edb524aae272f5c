/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu, part 2: hostile requests (see mmu.c).  Each must be refused with
 * the error Xen 4.17 gives, and the hypervisor must carry on: a
 * page-table page mapped writable, pinning a writable page, a Xen-owned
 * frame mapped (even read-only), the local APIC page (the IO-APIC page is
 * downgraded to read-only instead), self-referencing tables, type
 * confusion and superpages, the hypervisor's L4 slots, unpinning what is
 * not pinned, bad commands and pointers.
 */
#include "mmu.h"

static uint64_t xen_owned_mfn(void)
{
    xen_pfn_t list[2];
    struct xen_machphys_mfn_list ml = { .max_extents = 2 };

    set_xen_guest_handle(ml.extent_start, list);
    CHECK_RC(hc_memory_op(XENMEM_machphys_mfn_list, &ml), 0,
             "machphys_mfn_list");
    CHECK(ml.nr_extents >= 1, "no M2P extents");
    return list[0];
}

/*
 * Entries that would give a page two table types or a large page, writes
 * into the hypervisor's L4 slots, and unpinning the live top-level table.
 */
static void test_type_confusion(void)
{
    uint64_t l4m = mfn_of((void *)start_info->pt_base);
    /* An L2 slot of our image's table that maps nothing. */
    const uint64_t va = GUEST_VIRT_BASE + 500UL * (2UL << 20);
    const uint64_t va1g = GUEST_VIRT_BASE - (1UL << 30);
    uint64_t l2e = pte_maddr(va, 2);

    CHECK(!(pte_read(va, 2) & PTE_P), "L2 slot for %lx already used", va);
    expect(pt_write(l2e, (l4m << 12) | PTE_P | PTE_A, MMU_NORMAL_PT_UPDATE),
           -XEN_EINVAL, "L2 entry pointing at the L4");
    expect(pt_write(l2e, (mfn_of(pages[10]) << 12) | PTE_P | PTE_PSE,
                    MMU_NORMAL_PT_UPDATE),
           -XEN_EINVAL, "2 MiB superpage in an L2 entry");
    /* An unused L3 slot next to our image's (index 509 of L4[511]). */
    CHECK(!(pte_read(va1g, 3) & PTE_P), "L3 slot for %lx already used", va1g);
    expect(pt_write(pte_maddr(va1g, 3), PTE_P | PTE_PSE, MMU_NORMAL_PT_UPDATE),
           -XEN_EINVAL, "1 GiB superpage in an L3 entry");
    expect(pt_write(l4_maddr(260), (l4m << 12) | PTE_P, MMU_NORMAL_PT_UPDATE),
           -XEN_EINVAL, "write into a hypervisor L4 slot");
    expect(mmuext1(MMUEXT_UNPIN_TABLE, l4m), 0,
           "unpin the L4 that is CR3 (still referenced)");
    expect(mmuext1(MMUEXT_PIN_L4_TABLE, l4m), 0, "pin it again");
}

void test_hostile(void)
{
    void *l1 = pages[7];
    uint64_t l1m = mfn_of(l1), xen_mfn = xen_owned_mfn();
    uint64_t l4m = mfn_of((void *)start_info->pt_base);
    uint64_t *self = (uint64_t *)pages[8];

    gprintf("mmu: Xen-owned M2P frame %lx\n", xen_mfn);
    /* Pinning needs the page to have no writable mapping. */
    gmemset(l1, 0, PAGE_SIZE);
    expect(mmuext1(MMUEXT_PIN_L1_TABLE, l1m), -XEN_EINVAL,
           "pin a page that is still mapped writable");
    set_page_ro(l1);
    CHECK_RC(mmuext1(MMUEXT_PIN_L1_TABLE, l1m), 0, "pin L1");
    /* Xen 4.17 answers -EBUSY when a frame cannot take the needed type. */
    expect(map_page(l1, l1m, PTE_P | PTE_RW | PTE_A | PTE_D), -XEN_EBUSY,
           "map a pinned L1 writable (update_va_mapping)");
    expect(pt_write(pte_maddr((uint64_t)scratch, 1),
                    (l4m << 12) | PTE_P | PTE_RW | PTE_A | PTE_D,
                    MMU_NORMAL_PT_UPDATE),
           -XEN_EBUSY, "map the live L4 writable (mmu_update)");
    expect(
        pt_write(l1m << 12, (l1m << 12) | PTE_P | PTE_RW, MMU_NORMAL_PT_UPDATE),
        -XEN_EBUSY, "L1 entry mapping its own table writable");
    /* A frame owned by Xen is refused even read-only (-EBUSY). */
    expect(map_page(scratch, xen_mfn, PTE_P | PTE_RW | PTE_A | PTE_D),
           -XEN_EBUSY, "map a Xen-owned frame writable");
    expect(map_page(scratch, xen_mfn, PTE_P | PTE_A), -XEN_EBUSY,
           "map a Xen-owned M2P frame read-only");
    expect(mmuext1(MMUEXT_PIN_L1_TABLE, xen_mfn), -XEN_EINVAL,
           "pin a Xen-owned frame");
    /*
     * Frames that are not RAM: dom0 may map I/O space it was granted, but
     * not the local APIC page, which the hypervisor keeps for itself.
     */
    expect(map_page(scratch, 0x3ffff0, PTE_P | PTE_RW | PTE_A | PTE_D), 0,
           "dom0 maps a non-RAM frame above memory");
    expect(map_page(scratch, 0xfee00, PTE_P | PTE_RW | PTE_A | PTE_D),
           -XEN_EPERM, "dom0 maps the local APIC page");
    /* The IO-APIC page is accepted but silently made read-only. */
    expect(map_page(scratch, 0xfec00, PTE_P | PTE_RW | PTE_A | PTE_D), 0,
           "dom0 asks for the IO-APIC page writable");
    expect(!!(pte_read((uint64_t)scratch, 1) & PTE_RW), 0,
           "IO-APIC mapping is read-only");
    set_page_rw(scratch);
    expect(mmuext1(MMUEXT_UNPIN_TABLE, mfn_of(pages[9])), -XEN_EINVAL,
           "unpin a page that is not pinned");
    expect(mmuext1(MMUEXT_NEW_BASEPTR, mfn_of(pages[9])), -XEN_EINVAL,
           "new_baseptr to a writable data page");
    expect(mmuext1(99, 0), -XEN_ENOSYS, "unknown mmuext command");
    /* On an ordinary writable page mmu_update is a plain checked store. */
    expect(pt_write(mfn_of(pages[9]) << 12, 0x77, MMU_NORMAL_PT_UPDATE), 0,
           "mmu_update on an ordinary writable page");
    expect(((volatile uint64_t *)pages[9])[0] == 0x77, 1, "that store landed");
    expect(pt_write(l1m << 12, 0, 7), -XEN_ENOSYS,
           "mmu_update with an invalid command");
    expect(hc_update_va_mapping(HYPERVISOR_VIRT_START + 0x100000,
                                (mfn_of(pages[9]) << 12) | PTE_P, 0),
           -XEN_EINVAL, "update_va_mapping in the hypervisor's range");
    expect(HC(__HYPERVISOR_mmu_update, 0x1000, 1, 0, DOMID_SELF, 0),
           -XEN_EFAULT, "mmu_update with a bad request pointer");

    /* Self references: an L4 slot pointing at the L4 (linear map). */
    expect(pt_write(l4_maddr(3), (l4m << 12) | PTE_P | PTE_RW | PTE_A,
                    MMU_NORMAL_PT_UPDATE),
           -XEN_EINVAL, "writable L4 self-map");
    expect(pt_write(l4_maddr(3), (l4m << 12) | PTE_P | PTE_A,
                    MMU_NORMAL_PT_UPDATE),
           0, "read-only L4 self-map (linear page table)");
    if (pte_read(3UL << 39 | 3UL << 30 | 3UL << 21 | 3UL << 12, 4) & PTE_P) {
        volatile uint64_t *lin = (volatile uint64_t *)(3UL << 39 | 3UL << 30 |
                                                       3UL << 21 | 3UL << 12);
        expect(lin[511] == ((const uint64_t *)start_info->pt_base)[511], 1,
               "read L4 through the linear map");
    }
    expect(pt_write(l4_maddr(3), 0, MMU_NORMAL_PT_UPDATE), 0,
           "remove the self-map");
    /*
     * An L3 whose entry 0 points at itself: read-only it is a linear
     * page table and allowed; writable it is refused.
     */
    gmemset(self, 0, PAGE_SIZE);
    self[0] = (mfn_of(self) << 12) | PTE_P | PTE_RW | PTE_A;
    set_page_ro(self);
    expect(mmuext1(MMUEXT_PIN_L3_TABLE, mfn_of(self)), -XEN_EINVAL,
           "pin an L3 with a writable self-reference");
    set_page_rw(self);
    self[0] = (mfn_of(self) << 12) | PTE_P | PTE_A;
    set_page_ro(self);
    expect(mmuext1(MMUEXT_PIN_L3_TABLE, mfn_of(self)), 0,
           "pin an L3 with a read-only self-reference");
    expect(mmuext1(MMUEXT_UNPIN_TABLE, mfn_of(self)), 0, "unpin it");
    set_page_rw(self);

    expect(map_page(scratch, l1m, PTE_P | PTE_A), 0,
           "map a pinned L1 read-only");
    set_page_rw(scratch);
    CHECK_RC(mmuext1(MMUEXT_UNPIN_TABLE, l1m), 0, "unpin L1");
    set_page_rw(l1);
    test_type_confusion();
    CHECK(guest_mismatches == 0, "%u hostile case(s) gave unexpected results",
          guest_mismatches);
    guest_ok("every hostile MMU request refused; hypervisor still serving");
}
