/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checking one page-table entry a PV guest wants to install, and the
 * references it holds while installed.
 *
 *   level 1  maps a frame: the frame must belong to the page owner and,
 *            if the entry is writable, be typable as a writable page
 *            (so never a page table or descriptor page).  Frames that
 *            are not RAM (device memory, firmware) may be mapped only
 *            with I/O permission, and uncached unless asked otherwise.
 *            The hypervisor's frames it shares with privileged domains
 *            (owner PV_DOMID_XEN: the M2P table, which a toolstack maps
 *            to save a guest) may be mapped read-only, with the foreign
 *            domain DOMID_XEN, by a domain with I/O rights, and hold no
 *            references.
 *   level N  (2..4) points at a frame that must validate as a level N-1
 *            table of the same domain.  The one exception is an entry
 *            pointing read-only at its own table (a self map); other
 *            same-level ("linear") references are refused: they would
 *            let chains of tables devalidate each other recursively.
 *
 * Flags follow the rules of Xen 4.17's x86 PV memory management: large
 * pages and PAT/cache bits above level 1 are refused; GLOBAL only at
 * level 1; cache attributes at level 1 only for domains with I/O rights;
 * the grant-mapping software bit never comes from a guest.
 */
#include <xenith/errno.h>
#include <xenith/asm/pv/mm.h>

/* Flags any guest entry may carry (the frame address aside). */
#define PTE_BASE_ALLOWED                                                      \
    (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY | PTE_AVAIL | \
     PTE_AVAIL_HIGH | PTE_NX)

uint64_t pv_disallowed_flags(unsigned int level, domid_t domid)
{
    uint64_t allowed = PTE_BASE_ALLOWED;

    if (level == 1) {
        allowed = (allowed | PTE_GLOBAL) & ~PTE_GNTTAB;
        if (pv_mm_arch_has_io_caps(domid))
            allowed |= PTE_CACHE_ATTRS;
    }
    return ~(allowed | PTE_ADDR);
}

uint64_t pv_adjust_guest_entry(unsigned int level, uint64_t entry)
{
    if (!(entry & PTE_PRESENT))
        return entry;
    /*
     * The guest kernel runs in ring 3, so every mapping must be a user
     * mapping; kernel-only ones are marked so user mode never sees them
     * (the kernel's and user's page tables differ).
     */
    if (level == 1 && !(entry & PTE_USER))
        entry |= PTE_USER | PTE_GUEST_KERNEL;
    return entry | PTE_USER;
}

/* Device or firmware memory at level 1 (the entry may be changed). */
static int get_io_frame(uint64_t *entry, unsigned long mfn, domid_t pt_owner,
                        domid_t pg_owner)
{
    if (!pv_mm_arch_iomem_permitted(pg_owner, mfn) ||
        (pg_owner != pt_owner && !pv_mm_arch_iomem_permitted(pt_owner, mfn)))
        return -EPERM;
    /* Device memory is never cached write-back: make WB uncached. */
    switch (*entry & PTE_CACHE_ATTRS) {
    case 0:
        *entry |= PTE_PWT | PTE_PCD;
        break;
    case PTE_PWT:
    case PTE_PWT | PTE_PAT:
        *entry |= PTE_PCD;
        break;
    }
    return 0;
}

static int get_l1_frame(uint64_t *entry, domid_t pt_owner, domid_t pg_owner)
{
    unsigned long mfn = PTE_MFN(*entry);
    struct page_info *pg;
    uint32_t owner;

    /* A translated (HVM) page owner's frames are named by gfn. */
    if (pg_owner != pt_owner) {
        int rc = pv_mm_arch_foreign_frame(pg_owner, &mfn);

        if (rc)
            return rc;
        *entry = (*entry & ~PTE_ADDR) | ((uint64_t)mfn << 12);
    }
    pg = pv_mm_arch_page(mfn);
    owner = pg ? __atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) : 0;

    if (pg == NULL || owner == PV_DOMID_IO)
        return get_io_frame(entry, mfn, pt_owner, pg_owner);
    /* Only as the foreign domain DOMID_XEN; a domain naming itself gets
     * -EBUSY from the ownership check below, as on Xen 4.17. */
    if (owner == PV_DOMID_XEN && pg_owner == PV_DOMID_XEN)
        return (*entry & PTE_RW) || !pv_mm_arch_has_io_caps(pt_owner) ? -EPERM
                                                                      : 0;
    if (!pv_get_page(pg, pg_owner))
        return -EBUSY;
    if ((*entry & PTE_RW) && pv_get_page_type(pg, PGT_writable_page) != 0) {
        pv_put_page(pg);
        return -EBUSY;
    }
    return 0;
}

int pv_get_page_from_entry(unsigned int level, uint64_t *entry,
                           unsigned long table_mfn, domid_t pt_owner,
                           domid_t pg_owner)
{
    uint64_t e = *entry;
    unsigned long mfn = PTE_MFN(e);
    int rc;

    if (e & pv_disallowed_flags(level, pt_owner))
        return -EINVAL;
    if (level == 1)
        return get_l1_frame(entry, pt_owner, pg_owner);
    if (level < 2 || level > 4 || pg_owner != pt_owner)
        return -EINVAL;

    rc = pv_get_page_and_type(mfn, pt_owner, PGT_pt_level(level - 1));
    /* A read-only map of the table itself holds no references. */
    if (rc == -EINVAL && mfn == table_mfn && !(e & PTE_RW))
        return 0;
    return rc;
}

void pv_put_page_from_entry(unsigned int level, uint64_t entry,
                            unsigned long table_mfn)
{
    unsigned long mfn = PTE_MFN(entry);
    struct page_info *pg;

    if (!(entry & PTE_PRESENT))
        return;
    if (level > 1 && mfn == table_mfn)
        return; /* Self map: nothing was taken. */
    pg = pv_mm_arch_page(mfn);
    if (pg == NULL ||
        __atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) == PV_DOMID_IO ||
        __atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) == PV_DOMID_XEN)
        return; /* Device memory and shared hypervisor frames: no refs. */
    if (level > 1 || (entry & PTE_RW))
        pv_put_page_type(pg);
    pv_put_page(pg);
}
