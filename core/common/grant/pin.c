/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: pinning a grant entry for a copy or a mapping.
 *
 * The granting guest owns its v1 entries and may change them at any time,
 * so the hypervisor updates the (flags, domid) pair with compare-and-swap
 * and gives up after a few lost races, as Xen does.  While an entry is
 * pinned, GTF_reading (and GTF_writing for writable pins) stay set so the
 * guest can tell the grant is in use; the active entry keeps the frame
 * referenced.
 */
#include "private.h"

/* The (flags, domid) pair of an entry as one 32-bit word. */
typedef uint32_t __attribute__((__may_alias__)) gnttab_combo_t;

#define GNTTAB_CAS_RETRIES 5

/* Set GTF_reading (and GTF_writing) after checking the entry. */
static int set_status(grant_entry_v1_t *e, bool pinned, bool readonly,
                      bool mapping, domid_t ldom)
{
    gnttab_combo_t *raw = (gnttab_combo_t *)e;
    uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
    uint32_t old = __atomic_load_n(raw, __ATOMIC_SEQ_CST), new;
    unsigned int tries;

    for (tries = 0; tries < GNTTAB_CAS_RETRIES; tries++) {
        uint16_t flags = (uint16_t)old;
        domid_t domid = (domid_t)(old >> 16);

        if (!pinned && ((flags & mask) != GTF_permit_access || domid != ldom))
            return GNTST_general_error;
        if (!readonly && (flags & GTF_readonly))
            return GNTST_general_error;
        flags |= GTF_reading | (readonly ? 0 : GTF_writing);
        new = (old & 0xffff0000U) | flags;
        if (__atomic_compare_exchange_n(raw, &old, new, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return GNTST_okay;
    }
    return GNTST_general_error;
}

/* Clear the in-use flags the remaining pins no longer justify. */
static void reduce_status(grant_entry_v1_t *e, const struct gnttab_active *a,
                          bool readonly)
{
    uint16_t clear = a->pin ? 0 : GTF_reading;

    if (!readonly && !(a->pin & GNTPIN_write_mask))
        clear |= GTF_writing;
    if (clear)
        __atomic_fetch_and(&e->flags, (uint16_t)~clear, __ATOMIC_SEQ_CST);
}

int gnttab_pin(struct gnttab_dom *rgt, grant_ref_t ref, domid_t ldom,
               bool readonly, bool mapping, uint32_t pin_incr, xen_pfn_t *mfn)
{
    struct gnttab_active *a;
    grant_entry_v1_t *e;
    bool first, need_write;
    int rc = GNTST_okay;

    spin_lock(&rgt->lock);
    if (ref >= gnttab_nr_entries(rgt)) {
        rc = GNTST_bad_gntref;
        goto out;
    }
    e = gnttab_entry(rgt, ref);
    a = gnttab_act(rgt, ref);
    /* Pinned by someone else, or a counter would overflow (top bit). */
    if (a->pin && (a->domid != ldom || (a->pin & (pin_incr << 7)))) {
        rc = GNTST_general_error;
        goto out;
    }

    first = a->pin == 0;
    need_write = !readonly && !(a->pin & GNTPIN_write_mask);
    if (first || need_write) {
        rc = set_status(e, !first, readonly, mapping, ldom);
        if (rc != GNTST_okay)
            goto out;
    }
    if (first) {
        xen_pfn_t gfn = __atomic_load_n(&e->frame, __ATOMIC_RELAXED);

        rc = gnttab_hooks->get_frame(rgt->owner, gfn, &a->mfn);
        if (rc != GNTST_okay)
            goto undo;
        a->domid = ldom;
    }
    if (need_write && !gnttab_hooks->get_writable(a->mfn)) {
        if (first)
            gnttab_hooks->put_frame(a->mfn);
        rc = GNTST_general_error;
        goto undo;
    }
    a->pin += pin_incr;
    *mfn = a->mfn;
    goto out;

undo:
    reduce_status(e, a, readonly);
out:
    spin_unlock(&rgt->lock);
    return rc;
}

void gnttab_unpin(struct gnttab_dom *rgt, grant_ref_t ref, bool readonly,
                  uint32_t pin_incr)
{
    struct gnttab_active *a;

    spin_lock(&rgt->lock);
    a = gnttab_act(rgt, ref);
    a->pin -= pin_incr;
    if (!readonly && !(a->pin & GNTPIN_write_mask))
        gnttab_hooks->put_writable(a->mfn);
    if (!a->pin)
        gnttab_hooks->put_frame(a->mfn);
    reduce_status(gnttab_entry(rgt, ref), a, readonly);
    spin_unlock(&rgt->lock);
}
