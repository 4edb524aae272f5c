/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One guest request to change one page-table entry (MMU_NORMAL_PT_UPDATE
 * and MMU_PT_UPDATE_PRESERVE_AD of the mmu_update hypercall).
 *
 * The frame holding the entry is locked, the new entry is checked and
 * takes its references, it replaces the old entry atomically, and only
 * then are the old entry's references dropped.  A change that keeps the
 * frame and every flag that matters for safety skips the checks.
 */
#include <xenith/errno.h>
#include <xenith/asm/pv/mm.h>

/* Flags a guest may change without the entry being checked again. */
#define FASTPATH_FLAGS                                              \
    (PTE_NX | PTE_AVAIL_HIGH | PTE_AVAIL | PTE_GLOBAL | PTE_DIRTY | \
     PTE_ACCESSED | PTE_USER)

static bool is_guest_slot_of(unsigned int level, unsigned int slot)
{
    return level != 4 || pv_is_guest_l4_slot(slot);
}

static bool entry_has_changed(uint64_t old, uint64_t new)
{
    return ((old ^ new) & ~FASTPATH_FLAGS) != 0;
}

/*
 * Replace *p (which only the CPU's accessed/dirty updates may change
 * meanwhile: the frame is locked).  With @preserve_ad those bits are kept.
 * Returns the entry that was replaced.
 */
static uint64_t write_entry(uint64_t *p, uint64_t new, bool preserve_ad)
{
    uint64_t old = __atomic_load_n(p, __ATOMIC_ACQUIRE);
    uint64_t val;

    do {
        val = new;
        if (preserve_ad)
            val |= old & (PTE_ACCESSED | PTE_DIRTY);
    } while (!__atomic_compare_exchange_n(p, &old, val, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    return old;
}

static int mod_entry(uint64_t *table, unsigned int slot, unsigned int level,
                     uint64_t new, unsigned long mfn, domid_t pt_owner,
                     domid_t pg_owner, bool preserve_ad)
{
    uint64_t *p = &table[slot];
    uint64_t old = __atomic_load_n(p, __ATOMIC_ACQUIRE);
    int rc;

    if (!is_guest_slot_of(level, slot))
        return -EINVAL;
    if (new &PTE_PRESENT) {
        if (new &pv_disallowed_flags(level, pt_owner))
            return -EINVAL;
        new = pv_adjust_guest_entry(level, new);
        if ((old & PTE_PRESENT) && !entry_has_changed(old, new)) {
            write_entry(p, new, preserve_ad);
            return 0;
        }
        rc = pv_get_page_from_entry(level, &new, mfn, pt_owner, pg_owner);
        if (rc != 0)
            return rc;
    }
    old = write_entry(p, new, preserve_ad);
    pv_put_page_from_entry(level, old, mfn);
    return 0;
}

/*
 * Update one entry of a frame of @pt_owner under its page lock.  With
 * @only_l1 the frame must be an L1 table (update_va_mapping); otherwise
 * any page-table level, or an ordinary frame taking a plain store.
 */
static int update_entry(unsigned long mfn, unsigned int offset, uint64_t val,
                        domid_t pt_owner, domid_t pg_owner, bool preserve_ad,
                        bool only_l1)
{
    struct page_info *pg;
    uint64_t *table;
    int rc = -EINVAL;

    if (offset >= PAGE_SIZE || (offset & 7))
        return -EINVAL;
    pg = pv_get_page_from_mfn(mfn, pt_owner);
    if (pg == NULL)
        return -EINVAL;
    table = pv_mm_arch_map(mfn);

    if (pv_page_lock(pg)) {
        unsigned long type = pg->u.type_info & PGT_type_mask;
        unsigned int level = (unsigned int)(type >> PGT_type_shift);

        if (only_l1 && type != PGT_l1_page_table) {
            rc = -EINVAL;
        } else if (type == PGT_writable_page) {
            __atomic_store_n(&table[offset / 8], val, __ATOMIC_RELEASE);
            rc = 0;
        } else if (level >= 1 && level <= 4 &&
                   (level == 1 || pg_owner == pt_owner)) {
            rc = mod_entry(table, offset / 8, level, val, mfn, pt_owner,
                           pg_owner, preserve_ad);
        }
        pv_page_unlock(pg);
    } else if (!only_l1 && pv_get_page_type(pg, PGT_writable_page) == 0) {
        /* An ordinary frame not in use: a plain store. */
        __atomic_store_n(&table[offset / 8], val, __ATOMIC_RELEASE);
        pv_put_page_type(pg);
        rc = 0;
    }

    pv_mm_arch_unmap(table);
    pv_put_page(pg);
    return rc;
}

int pv_mmu_normal_update(unsigned long mfn, unsigned int offset, uint64_t val,
                         domid_t pt_owner, domid_t pg_owner, bool preserve_ad)
{
    return update_entry(mfn, offset, val, pt_owner, pg_owner, preserve_ad,
                        false);
}

int pv_mod_l1_entry(unsigned long l1mfn, unsigned int slot, uint64_t val,
                    domid_t pt_owner, domid_t pg_owner)
{
    if (slot >= PT_ENTRIES)
        return -EINVAL;
    return update_entry(l1mfn, slot * 8, val, pt_owner, pg_owner, false, true);
}

/* Lock pt_owner's L1 table l1mfn and map it; NULL if it is not one. */
static uint64_t *lock_l1(unsigned long l1mfn, domid_t pt_owner,
                         struct page_info **pgp)
{
    struct page_info *pg = pv_get_page_from_mfn(l1mfn, pt_owner);

    if (pg == NULL)
        return NULL;
    if (!pv_page_lock(pg)) {
        pv_put_page(pg);
        return NULL;
    }
    if ((pg->u.type_info & PGT_type_mask) != PGT_l1_page_table) {
        pv_page_unlock(pg);
        pv_put_page(pg);
        return NULL;
    }
    *pgp = pg;
    return pv_mm_arch_map(l1mfn);
}

static void unlock_l1(uint64_t *table, struct page_info *pg)
{
    pv_mm_arch_unmap(table);
    pv_page_unlock(pg);
    pv_put_page(pg);
}

int pv_l1_steal(unsigned long l1mfn, unsigned int slot, domid_t pt_owner,
                uint64_t *out)
{
    struct page_info *pg;
    uint64_t *table;

    if (slot >= PT_ENTRIES || !(table = lock_l1(l1mfn, pt_owner, &pg)))
        return -EINVAL;
    *out = write_entry(&table[slot], 0, false);
    unlock_l1(table, pg);
    return 0;
}

int pv_l1_transplant(unsigned long l1mfn, unsigned int slot, domid_t pt_owner,
                     unsigned long expect_mfn, bool rw, uint64_t val)
{
    struct page_info *pg;
    uint64_t *table, old;
    int rc = -EINVAL;

    if (slot >= PT_ENTRIES || !(table = lock_l1(l1mfn, pt_owner, &pg)))
        return -EINVAL;
    old = __atomic_load_n(&table[slot], __ATOMIC_ACQUIRE);
    if ((old & PTE_PRESENT) && PTE_MFN(old) == expect_mfn &&
        !!(old & PTE_RW) == rw) {
        old = write_entry(&table[slot], val, false);
        pv_put_page_from_entry(1, old, l1mfn);
        rc = 0;
    }
    unlock_l1(table, pg);
    return rc;
}
