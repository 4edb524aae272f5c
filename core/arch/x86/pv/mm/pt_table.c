/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Validating and devalidating whole page-table frames.
 *
 * A frame becomes a level-N table when its first level-N type reference
 * is taken: every present entry in a guest slot is checked and takes its
 * references, and is adjusted as the hypervisor requires.  If one entry
 * fails, the references taken by the entries before it are dropped again
 * and the frame is left untouched apart from those adjustments.  Root
 * (L4) tables also get the hypervisor's own slots filled in.
 *
 * The caller holds the only type reference of the frame, in the
 * "being validated" state, so no guest mapping can write it meanwhile
 * (a writable mapping would need a writable type reference).
 */
#include <xenith/asm/pv/mm.h>

static bool is_guest_slot(unsigned int level, unsigned int slot)
{
    return level != 4 || pv_is_guest_l4_slot(slot);
}

/* Drop what entries [0, end) of a table hold. */
static void put_entries(uint64_t *t, unsigned int level, unsigned int end,
                        unsigned long mfn)
{
    unsigned int i;

    for (i = 0; i < end; i++)
        if (is_guest_slot(level, i))
            pv_put_page_from_entry(level, t[i], mfn);
}

int pv_validate_table(struct page_info *pg, unsigned int level)
{
    unsigned long mfn = pv_mm_arch_page_to_mfn(pg);
    domid_t owner = (domid_t)__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE);
    uint64_t *t = pv_mm_arch_map(mfn);
    unsigned int i;
    int rc = 0;

    for (i = 0; i < PT_ENTRIES; i++) {
        uint64_t e = t[i];

        if (!is_guest_slot(level, i) || !(e & PTE_PRESENT))
            continue;
        rc = pv_get_page_from_entry(level, &e, mfn, owner, owner);
        if (rc != 0)
            break;
        t[i] = pv_adjust_guest_entry(level, e);
    }
    if (rc != 0)
        put_entries(t, level, i, mfn);
    else if (level == 4)
        pv_mm_arch_init_xen_l4_slots(t, mfn);
    pv_mm_arch_unmap(t);
    return rc;
}

void pv_devalidate_table(struct page_info *pg, unsigned int level)
{
    unsigned long mfn = pv_mm_arch_page_to_mfn(pg);
    uint64_t *t = pv_mm_arch_map(mfn);

    put_entries(t, level, PT_ENTRIES, mfn);
    pv_mm_arch_unmap(t);
}
