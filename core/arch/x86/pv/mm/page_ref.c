/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * General page references: who owns a frame and how many users hold it.
 *
 * A frame given to a domain has PGC_allocated set, its owner recorded and
 * a reference count (PGC_count_mask) that starts at 1 for the allocation
 * itself.  Every mapping, pin or transient use adds one.  The count never
 * wraps: a reference that would overflow it is refused.
 */
#include <xenith/asm/pv/mm.h>

/* Atomically add one to count_info if the frame belongs to @domid. */
bool pv_get_page(struct page_info *pg, domid_t domid)
{
    unsigned long x, nx;

    x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);
    do {
        if ((x & PGC_state_mask) != PGC_state_inuse || !(x & PGC_allocated))
            return false;
        if ((x & PGC_count_mask) == 0 || (x & PGC_count_mask) == PGC_count_mask)
            return false;
        if (__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) != domid)
            return false;
        nx = x + 1;
    } while (!__atomic_compare_exchange_n(&pg->count_info, &x, nx, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    /* The owner cannot change while we hold a reference; check it held. */
    if (__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) != domid) {
        pv_put_page(pg);
        return false;
    }
    return true;
}

/*
 * Drop one general reference.  While the frame is allocated the last one
 * belongs to the allocation (dropping it is the owner's business).  Once
 * a dying owner has released the allocation, whoever drops the last
 * reference hands the frame back (pv_mm_arch_release_page).
 */
void pv_put_page(struct page_info *pg)
{
    unsigned long old;

    old = __atomic_fetch_sub(&pg->count_info, 1, __ATOMIC_ACQ_REL);
    if ((old & PGC_count_mask) == 1 && !(old & PGC_allocated))
        pv_mm_arch_release_page(pg);
}

/*
 * The owner gives up the allocation and its reference: true when that was
 * the last reference (the caller frees the frame), false when other users
 * still hold it (the last pv_put_page() releases it).
 */
bool pv_release_allocation(struct page_info *pg)
{
    unsigned long x, nx;

    x = __atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE);
    do {
        if (!(x & PGC_allocated) || !(x & PGC_count_mask))
            return false; /* not ours to release */
        nx = (x & ~PGC_allocated) - 1;
    } while (!__atomic_compare_exchange_n(&pg->count_info, &x, nx, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    return !(nx & PGC_count_mask);
}

/* A RAM frame of @domid, with a general reference taken; else NULL. */
struct page_info *pv_get_page_from_mfn(unsigned long mfn, domid_t domid)
{
    struct page_info *pg = pv_mm_arch_page(mfn);

    if (pg == NULL || !pv_get_page(pg, domid))
        return NULL;
    return pg;
}
