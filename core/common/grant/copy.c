/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: GNTTABOP_copy, one entry at a time.
 *
 * Each side is either a grant reference of a domain (GNTCOPY_*_gref) or a
 * frame of the caller itself (only DOMID_SELF may name a frame).  The
 * source is pinned read-only, the destination writable; readonly grants
 * therefore cannot be destinations.  Checks run in Xen 4.17's order:
 * domains, source claim, destination claim, then offsets and length
 * against the page (bad_copy_arg) and against the part of it a sub-page
 * or transitive grant covers (general_error).
 */
#include "private.h"

struct copy_buf {
    struct domain *d; /* referenced domain */
    bool have_grant;  /* pinned through a grant reference */
    bool have_frame;  /* frame reference taken directly */
    bool have_type;   /* writable type taken directly */
    grant_ref_t ref;
    xen_pfn_t mfn;
    uint16_t start, length; /* the bytes this side may touch */
    void *va;               /* hypervisor mapping of the frame */
};

/* Look up one side's domain.  GNTST_okay or an error status. */
static int lock_domain(struct domain *cur, domid_t domid, bool is_gref,
                       struct copy_buf *b)
{
    if (domid != DOMID_SELF && !is_gref)
        return GNTST_permission_denied;
    b->d = evtchn_get_domain_any(cur, domid);
    return b->d ? GNTST_okay : GNTST_bad_domain;
}

/* Pin or reference one side's frame and map it. */
static int claim(struct domain *cur, const struct gnttab_copy_ptr *p,
                 bool is_gref, bool readonly, struct copy_buf *b)
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

static void release(struct copy_buf *b, bool readonly)
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
    if (b->d)
        evtchn_hooks->domain_put(b->d);
}

/* Claim both sides, check the ranges, copy.  Returns a GNTST_* value. */
static int copy_claimed(struct domain *cur, const gnttab_copy_t *op,
                        struct copy_buf *src, struct copy_buf *dst)
{
    int rc;

    rc = lock_domain(cur, op->source.domid, op->flags & GNTCOPY_source_gref,
                     src);
    if (rc == GNTST_okay)
        rc = lock_domain(cur, op->dest.domid, op->flags & GNTCOPY_dest_gref,
                         dst);
    if (rc == GNTST_okay)
        rc =
            claim(cur, &op->source, op->flags & GNTCOPY_source_gref, true, src);
    if (rc == GNTST_okay)
        rc = claim(cur, &op->dest, op->flags & GNTCOPY_dest_gref, false, dst);
    if (rc != GNTST_okay)
        return rc;

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

/* One GNTTABOP_copy entry for the calling domain; sets op->status. */
void gnttab_copy_one(struct domain *cur, gnttab_copy_t *op)
{
    struct copy_buf src = { 0 }, dst = { 0 };

    op->status = (int16_t)copy_claimed(cur, op, &src, &dst);
    release(&dst, false);
    release(&src, true);
}
