/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: pinning a grant entry for a copy or a mapping.
 *
 * The granting guest owns its entries and may change them at any time.
 * In version 1 the hypervisor updates the (flags, domid) pair with
 * compare-and-swap and gives up after a few lost races, as Xen does.  In
 * version 2 GTF_reading/GTF_writing live in a separate status array the
 * guest only reads: the hypervisor sets them, then reads the header again
 * and backs out if the guest changed it meanwhile.  While an entry is
 * pinned its in-use flags stay set; the active entry keeps the frame
 * referenced.
 *
 * Version 2 adds sub-page grants (a copy may touch only page_off ..
 * page_off + length; they cannot be mapped) and transitive grants (copy
 * only): the entry names another domain's grant, which is pinned in turn
 * for the granting domain, one level deep.
 */
#include "private.h"

/* The (flags, domid) pair of an entry as one 32-bit word. */
typedef uint32_t __attribute__((__may_alias__)) gnttab_combo_t;

#define GNTTAB_CAS_RETRIES 5

/* Version 1: set GTF_reading (and GTF_writing) after checking the entry. */
static int set_status_v1(grant_entry_header_t *h, bool pinned, bool readonly,
                         bool mapping, domid_t ldom)
{
    gnttab_combo_t *raw = (gnttab_combo_t *)h;
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

/* Version 2 header check: permit_access (not sub-page for a mapping), or
 * transitive for a copy, granted to ldom. */
static bool v2_usable(uint32_t combo, bool mapping, domid_t ldom)
{
    uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
    uint16_t type = (uint16_t)combo & mask;

    if ((domid_t)(combo >> 16) != ldom)
        return false;
    return type == GTF_permit_access || (!mapping && type == GTF_transitive);
}

/* Version 2: set the status bits, then check the header did not change. */
static int set_status_v2(grant_entry_header_t *h, uint16_t *st, bool pinned,
                         bool readonly, bool mapping, domid_t ldom)
{
    gnttab_combo_t *raw = (gnttab_combo_t *)h;
    uint32_t combo = __atomic_load_n(raw, __ATOMIC_SEQ_CST);

    if (!pinned && !v2_usable(combo, mapping, ldom))
        return GNTST_general_error;
    if (!readonly && (combo & GTF_readonly))
        return GNTST_general_error;
    __atomic_fetch_or(st,
                      (uint16_t)(GTF_reading | (readonly ? 0 : GTF_writing)),
                      __ATOMIC_SEQ_CST);

    combo = __atomic_load_n(raw, __ATOMIC_SEQ_CST);
    if (!pinned) {
        if (!v2_usable(combo, mapping, ldom) ||
            (!readonly && (combo & GTF_readonly))) {
            __atomic_fetch_and(st, (uint16_t) ~(GTF_reading | GTF_writing),
                               __ATOMIC_SEQ_CST);
            return GNTST_general_error;
        }
    } else if (combo & GTF_readonly) {
        __atomic_fetch_and(st, (uint16_t)~GTF_writing, __ATOMIC_SEQ_CST);
        return GNTST_general_error;
    }
    return GNTST_okay;
}

static int set_status(struct gnttab_dom *gt, grant_ref_t ref, bool pinned,
                      bool readonly, bool mapping, domid_t ldom)
{
    if (gt->version == 2)
        return set_status_v2(gnttab_header(gt, ref), gnttab_status(gt, ref),
                             pinned, readonly, mapping, ldom);
    return set_status_v1(gnttab_header(gt, ref), pinned, readonly, mapping,
                         ldom);
}

/* Clear the in-use flags the remaining pins no longer justify. */
static void reduce_status(struct gnttab_dom *gt, grant_ref_t ref,
                          const struct gnttab_active *a, bool readonly)
{
    uint16_t clear = a->pin ? 0 : GTF_reading;

    if (ref >= gnttab_nr_entries(gt))
        return;
    if (!readonly && !(a->pin & GNTPIN_write_mask))
        clear |= GTF_writing;
    if (clear)
        __atomic_fetch_and(gnttab_status(gt, ref), (uint16_t)~clear,
                           __ATOMIC_SEQ_CST);
}

static int pin_entry(struct gnttab_dom *rgt, grant_ref_t ref, domid_t ldom,
                     bool readonly, bool mapping, bool transitive_ok,
                     uint32_t pin_incr, struct gnttab_pinned *p);

/*
 * A transitive entry (lock held, entry checked by the caller): pin the
 * grant it names, for rgt's domain, with the lock dropped meanwhile.  If
 * the entry changed in between, undo and fail.
 */
static int pin_transitive(struct gnttab_dom *rgt, grant_ref_t ref, domid_t ldom,
                          bool readonly, bool transitive_ok, uint32_t pin_incr,
                          struct gnttab_pinned *p)
{
    struct gnttab_active *a = gnttab_act(rgt, ref);
    uint32_t old_pin = a->pin;
    struct gnttab_pinned in;
    domid_t tdom;
    grant_ref_t tref;
    struct domain *td;
    int rc;

    if (!old_pin || (!readonly && !(old_pin & GNTPIN_write_mask))) {
        rc = set_status(rgt, ref, old_pin != 0, readonly, false, ldom);
        if (rc != GNTST_okay)
            return rc;
    }
    if (!transitive_ok) {
        rc = GNTST_general_error;
        goto undo;
    }
    if (old_pin) {
        tdom = a->trans_domid;
        tref = a->trans_gref;
    } else {
        grant_entry_v2_t *e = gnttab_entry_v2(rgt, ref);

        tdom = __atomic_load_n(&e->transitive.trans_domid, __ATOMIC_RELAXED);
        tref = __atomic_load_n(&e->transitive.gref, __ATOMIC_RELAXED);
    }
    /* Self-referential grants are refused; ldom itself is allowed. */
    td = tdom == rgt->domid ? NULL : evtchn_hooks->domain_get(tdom);
    if (!td) {
        rc = GNTST_general_error;
        goto undo;
    }

    spin_unlock(&rgt->lock);
    rc = pin_entry(gnttab_of(td), tref, rgt->domid, readonly, false, false,
                   pin_incr, &in);
    spin_lock(&rgt->lock);
    if (rc != GNTST_okay) {
        evtchn_hooks->domain_put(td);
        goto undo;
    }
    if (rgt->version != 2 || a->pin != old_pin ||
        (old_pin &&
         (a->domid != ldom || a->mfn != in.mfn || a->start != in.start ||
          a->length != in.length || a->trans_domid != tdom ||
          a->trans_gref != tref || !(a->kind & GNTACT_transitive)))) {
        /* Changed while unlocked. */
        spin_unlock(&rgt->lock);
        gnttab_unpin(gnttab_of(td), tref, readonly, pin_incr);
        evtchn_hooks->domain_put(td);
        spin_lock(&rgt->lock);
        rc = GNTST_general_error;
        goto undo;
    }
    evtchn_hooks->domain_put(td); /* the inner pin keeps its table */
    if (!old_pin) {
        a->domid = ldom;
        /* Treated as sub-page whatever it names: never mappable. */
        a->kind = GNTACT_transitive | GNTACT_sub_page;
        a->mfn = in.mfn;
        a->start = in.start;
        a->length = in.length;
        a->trans_domid = tdom;
        a->trans_gref = tref;
    }
    a->pin += pin_incr;
    p->mfn = a->mfn;
    p->start = a->start;
    p->length = a->length;
    return GNTST_okay;

undo:
    reduce_status(rgt, ref, a, readonly);
    return rc;
}

static int pin_entry(struct gnttab_dom *rgt, grant_ref_t ref, domid_t ldom,
                     bool readonly, bool mapping, bool transitive_ok,
                     uint32_t pin_incr, struct gnttab_pinned *p)
{
    struct gnttab_active *a;
    bool first, need_write;
    int rc = GNTST_okay;

    spin_lock(&rgt->lock);
    if (ref >= gnttab_nr_entries(rgt)) {
        rc = GNTST_bad_gntref;
        goto out;
    }
    a = gnttab_act(rgt, ref);
    /* Pinned by someone else, a counter would overflow (top bit), or a
     * mapping of what a copy pinned as sub-page or transitive. */
    if (a->pin && (a->domid != ldom || (a->pin & (pin_incr << 7)) ||
                   (mapping && (a->kind & GNTACT_sub_page)))) {
        rc = GNTST_general_error;
        goto out;
    }

    if (rgt->version == 2 && !mapping &&
        (a->pin ? (a->kind & GNTACT_transitive)
                : (__atomic_load_n(&gnttab_header(rgt, ref)->flags,
                                   __ATOMIC_SEQ_CST) &
                   GTF_type_mask) == GTF_transitive)) {
        rc = pin_transitive(rgt, ref, ldom, readonly, transitive_ok, pin_incr,
                            p);
        goto out;
    }

    first = a->pin == 0;
    need_write = !readonly && !(a->pin & GNTPIN_write_mask);
    if (first || need_write) {
        rc = set_status(rgt, ref, !first, readonly, mapping, ldom);
        if (rc != GNTST_okay)
            goto out;
    }
    if (first) {
        xen_pfn_t gfn;

        a->kind = 0;
        a->start = 0;
        a->length = PAGE_SIZE;
        if (rgt->version == 2) {
            grant_entry_v2_t *e = gnttab_entry_v2(rgt, ref);
            uint16_t flags = __atomic_load_n(&e->hdr.flags, __ATOMIC_SEQ_CST);

            gfn = __atomic_load_n(&e->full_page.frame, __ATOMIC_RELAXED);
            if (flags & GTF_sub_page) {
                a->kind = GNTACT_sub_page;
                a->start =
                    __atomic_load_n(&e->sub_page.page_off, __ATOMIC_RELAXED);
                a->length =
                    __atomic_load_n(&e->sub_page.length, __ATOMIC_RELAXED);
            }
        } else {
            gfn = __atomic_load_n(&gnttab_entry(rgt, ref)->frame,
                                  __ATOMIC_RELAXED);
        }
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
    p->mfn = a->mfn;
    p->start = a->start;
    p->length = a->length;
    goto out;

undo:
    reduce_status(rgt, ref, a, readonly);
out:
    spin_unlock(&rgt->lock);
    return rc;
}

int gnttab_pin(struct gnttab_dom *rgt, grant_ref_t ref, domid_t ldom,
               bool readonly, bool mapping, uint32_t pin_incr,
               struct gnttab_pinned *p)
{
    return pin_entry(rgt, ref, ldom, readonly, mapping, !mapping, pin_incr, p);
}

void gnttab_unpin(struct gnttab_dom *rgt, grant_ref_t ref, bool readonly,
                  uint32_t pin_incr)
{
    struct gnttab_active *a;
    bool transitive;
    domid_t tdom;
    grant_ref_t tref;
    struct domain *td;

    spin_lock(&rgt->lock);
    a = gnttab_act(rgt, ref);
    transitive = a->kind & GNTACT_transitive;
    tdom = a->trans_domid;
    tref = a->trans_gref;
    a->pin -= pin_incr;
    if (!transitive) {
        if (!readonly && !(a->pin & GNTPIN_write_mask))
            gnttab_hooks->put_writable(a->mfn);
        if (!a->pin)
            gnttab_hooks->put_frame(a->mfn);
    }
    reduce_status(rgt, ref, a, readonly);
    if (!a->pin)
        a->kind = 0;
    spin_unlock(&rgt->lock);

    /* The named grant was pinned once for each pin of this one. */
    if (transitive && (td = gnttab_hooks->domain_get_any(tdom))) {
        gnttab_unpin(gnttab_of(td), tref, readonly, pin_incr);
        evtchn_hooks->domain_put(td);
    }
}
