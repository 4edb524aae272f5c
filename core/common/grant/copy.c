/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: GNTTABOP_copy.
 *
 * Each side is either a grant reference of a domain (GNTCOPY_*_gref) or a
 * frame of the caller itself (only DOMID_SELF may name a frame).  The
 * source is pinned read-only, the destination writable; readonly grants
 * therefore cannot be destinations.  Checks run in Xen 4.17's order:
 * domains, source claim, destination claim, then offsets and length
 * against the page (bad_copy_arg) and against the part of it a sub-page
 * or transitive grant covers (general_error).
 *
 * Within one batch a side stays claimed (domain referenced, grant pinned
 * or frame referenced, frame mapped) while the next entry names the same
 * domain and the same grant or frame, as Xen 4.17's gnttab_copy keeps its
 * buffers; it is released when an entry names another, when an entry
 * fails, and at the end of the batch or before a continuation.
 */
#include "private.h"

/* Which domain an entry's side names, as written (DOMID_SELF kept). */
static int lock_domain(struct domain *cur, domid_t domid,
                       struct gnttab_copy_buf *b)
{
    b->d = evtchn_get_domain_any(cur, domid);
    b->domid = domid;
    return b->d ? GNTST_okay : GNTST_bad_domain;
}

static void unlock_domain(struct gnttab_copy_buf *b)
{
    if (b->d)
        evtchn_hooks->domain_put(b->d);
    b->d = NULL;
}

/* Pin or reference one side's frame and map it. */
static int claim(struct domain *cur, const struct gnttab_copy_ptr *p,
                 bool is_gref, bool readonly, struct gnttab_copy_buf *b)
{
    domid_t ldom = evtchn_hooks->domain_evtchn(cur)->domid;
    int rc;

    if (is_gref) {
        struct gnttab_pinned pinned;

        rc = gnttab_pin(gnttab_of(b->d), p->u.ref, ldom, readonly, false,
                        readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc, &pinned);
        if (rc != GNTST_okay)
            return rc;
        b->have_grant = true;
        b->ref = p->u.ref;
        b->mfn = pinned.mfn;
        b->start = pinned.start;
        b->length = pinned.length;
    } else {
        b->start = 0;
        b->length = PAGE_SIZE;
        b->gmfn = p->u.gmfn;
        rc = gnttab_hooks->get_frame(b->d, p->u.gmfn, &b->mfn);
        if (rc != GNTST_okay)
            return rc;
        b->have_frame = true;
        if (!readonly) {
            if (!gnttab_hooks->get_writable(b->mfn))
                return GNTST_general_error;
            b->have_type = true;
        }
    }
    b->va = gnttab_hooks->map_frame(b->mfn);
    return b->va ? GNTST_okay : GNTST_general_error;
}

/* Let go of the frame; the domain reference stays. */
static void release(struct gnttab_copy_buf *b, bool readonly)
{
    if (b->va)
        gnttab_hooks->unmap_frame(b->va);
    if (b->have_grant)
        gnttab_unpin(gnttab_of(b->d), b->ref, readonly,
                     readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc);
    if (b->have_type)
        gnttab_hooks->put_writable(b->mfn);
    if (b->have_frame)
        gnttab_hooks->put_frame(b->mfn);
    b->va = NULL;
    b->have_grant = b->have_frame = b->have_type = false;
}

/* Is b, fully claimed, the grant or frame p names? */
static bool still_valid(const struct gnttab_copy_ptr *p, bool is_gref,
                        const struct gnttab_copy_buf *b)
{
    if (!b->va)
        return false;
    if (is_gref)
        return b->have_grant && b->ref == p->u.ref;
    return !b->have_grant && b->gmfn == p->u.gmfn;
}

/* Claim what is not claimed yet, check the ranges, copy.  Returns a
 * GNTST_* value. */
static int copy_claimed(struct domain *cur, const gnttab_copy_t *op,
                        struct gnttab_copy_batch *b)
{
    bool sg = op->flags & GNTCOPY_source_gref;
    bool dg = op->flags & GNTCOPY_dest_gref;
    struct gnttab_copy_buf *src = &b->src, *dst = &b->dst;
    int rc;

    /* Only DOMID_SELF may name a frame; checked for every entry. */
    if ((op->source.domid != DOMID_SELF && !sg) ||
        (op->dest.domid != DOMID_SELF && !dg))
        return GNTST_permission_denied;
    if (!src->d || src->domid != op->source.domid || !dst->d ||
        dst->domid != op->dest.domid) {
        gnttab_copy_batch_end(b);
        rc = lock_domain(cur, op->source.domid, src);
        if (rc == GNTST_okay)
            rc = lock_domain(cur, op->dest.domid, dst);
        if (rc != GNTST_okay)
            return rc;
    }
    if (!still_valid(&op->source, sg, src)) {
        release(src, true);
        rc = claim(cur, &op->source, sg, true, src);
        if (rc != GNTST_okay)
            return rc;
    }
    if (!still_valid(&op->dest, dg, dst)) {
        release(dst, false);
        rc = claim(cur, &op->dest, dg, false, dst);
        if (rc != GNTST_okay)
            return rc;
    }

    if ((unsigned int)op->source.offset + op->len > PAGE_SIZE ||
        (unsigned int)op->dest.offset + op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;
    /* A sub-page (or transitive) grant covers only part of its frame. */
    if (op->source.offset < src->start ||
        (unsigned int)op->source.offset + op->len >
            (unsigned int)src->start + src->length ||
        op->dest.offset < dst->start ||
        (unsigned int)op->dest.offset + op->len >
            (unsigned int)dst->start + dst->length)
        return GNTST_general_error;
    memmove((char *)dst->va + op->dest.offset,
            (const char *)src->va + op->source.offset, op->len);
    return GNTST_okay;
}

void gnttab_copy_batch_start(struct gnttab_copy_batch *b)
{
    memset(b, 0, sizeof(*b));
}

void gnttab_copy_batch_end(struct gnttab_copy_batch *b)
{
    release(&b->dst, false);
    release(&b->src, true);
    unlock_domain(&b->dst);
    unlock_domain(&b->src);
}

/* One entry of a batch; sets op->status.  A failed entry releases both
 * sides' frames, as Xen. */
void gnttab_copy_batched(struct domain *cur, gnttab_copy_t *op,
                         struct gnttab_copy_batch *b)
{
    op->status = (int16_t)copy_claimed(cur, op, b);
    if (op->status != GNTST_okay) {
        release(&b->dst, false);
        release(&b->src, true);
    }
}

/* One GNTTABOP_copy entry on its own; sets op->status. */
void gnttab_copy_one(struct domain *cur, gnttab_copy_t *op)
{
    struct gnttab_copy_batch b;

    gnttab_copy_batch_start(&b);
    gnttab_copy_batched(cur, op, &b);
    gnttab_copy_batch_end(&b);
}
