/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal helpers of the grant-table code.  Not for use outside
 * core/common/grant/.
 */
#ifndef XENITH_GRANT_PRIVATE_H
#define XENITH_GRANT_PRIVATE_H

#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/grant.h>
#include <xenith/lib.h>

#ifdef XENITH_HOST_TEST
/* Host unit tests provide the allocator (see core/tests/unit/). */
void *xzalloc_bytes(size_t size);
void xfree(void *p);
#else
#include <xenith/mm.h>
#endif

/* The grant table of d (d may be NULL). */
static inline struct gnttab_dom *gnttab_of(struct domain *d)
{
    return d ? gnttab_hooks->domain_gnttab(d) : NULL;
}

static inline unsigned int gnttab_nr_entries(const struct gnttab_dom *gt)
{
    return gt->nr_frames *
           (gt->version == 2 ? GNTTAB_V2_PER_FRAME : GNTTAB_ENTRIES_PER_FRAME);
}

/* Entry ref of a version 1 table. */
static inline grant_entry_v1_t *gnttab_entry(struct gnttab_dom *gt,
                                             grant_ref_t ref)
{
    return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME]
                      [ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* Entry ref of a version 2 table. */
static inline grant_entry_v2_t *gnttab_entry_v2(struct gnttab_dom *gt,
                                                grant_ref_t ref)
{
    grant_entry_v2_t *page =
        (grant_entry_v2_t *)gt->shared[ref / GNTTAB_V2_PER_FRAME];

    return &page[ref % GNTTAB_V2_PER_FRAME];
}

/* The (flags, domid) header of entry ref in either version. */
static inline grant_entry_header_t *gnttab_header(struct gnttab_dom *gt,
                                                  grant_ref_t ref)
{
    if (gt->version == 2)
        return &gnttab_entry_v2(gt, ref)->hdr;
    return (grant_entry_header_t *)gnttab_entry(gt, ref);
}

/* Where GTF_reading/GTF_writing of ref live: the v1 entry's flags, or the
 * status array in version 2. */
static inline uint16_t *gnttab_status(struct gnttab_dom *gt, grant_ref_t ref)
{
    if (gt->version == 2)
        return &gt->status[ref / GNTTAB_STATUS_PER_FRAME]
                          [ref % GNTTAB_STATUS_PER_FRAME];
    return &gnttab_entry(gt, ref)->flags;
}

/* Active entries are kept per v1 frame's worth of references (a v2 table
 * uses the first half of each array). */
static inline struct gnttab_active *gnttab_act(struct gnttab_dom *gt,
                                               grant_ref_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME]
                      [ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* What a pin gives: the frame and the bytes of it the grant covers. */
struct gnttab_pinned {
    xen_pfn_t mfn;
    uint16_t start, length;
};

/*
 * pin.c: pin grant ref of rgt for domain ldom (Xen's acquire step):
 * check the entry (type permit_access, or transitive for a copy; domid;
 * readonly; no sub-page for a mapping), set GTF_reading/GTF_writing, take
 * the frame references and add pin_incr.  A transitive v2 entry (copy
 * only) pins the entry it names in the other domain for rgt's domain.
 * Returns GNTST_*; *p is filled on success.
 */
int gnttab_pin(struct gnttab_dom *rgt, grant_ref_t ref, domid_t ldom,
               bool readonly, bool mapping, uint32_t pin_incr,
               struct gnttab_pinned *p);
/* pin.c: undo gnttab_pin() with the same readonly and pin_incr. */
void gnttab_unpin(struct gnttab_dom *rgt, grant_ref_t ref, bool readonly,
                  uint32_t pin_incr);

/* table.c: one GNTTABOP_swap_grant_ref of the caller's table (GNTST_*). */
int16_t gnttab_swap_one(struct domain *cur, grant_ref_t a, grant_ref_t b);

/*
 * flush.c: one GNTTABOP_cache_flush entry for cur, the owner's table
 * searched from start_ref.  0 or a negative errno (which ends the call).
 */
int gnttab_cache_flush_one(struct domain *cur, const gnttab_cache_flush_t *op,
                           grant_ref_t start_ref);

/*
 * map.c: GNTTABOP_unmap_grant_ref (replace: GNTTABOP_unmap_and_replace)
 * over count entries at guest address uop.  Returns 0, -EFAULT, or the
 * number of entries done when preempted.
 */
long gnttab_unmap_batch(struct domain *cur, uint64_t uop, unsigned int count,
                        bool replace);

#endif /* XENITH_GRANT_PRIVATE_H */
