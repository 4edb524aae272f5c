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
    return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

static inline grant_entry_v1_t *gnttab_entry(struct gnttab_dom *gt,
                                             grant_ref_t ref)
{
    return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME]
                      [ref % GNTTAB_ENTRIES_PER_FRAME];
}

static inline struct gnttab_active *gnttab_act(struct gnttab_dom *gt,
                                               grant_ref_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME]
                      [ref % GNTTAB_ENTRIES_PER_FRAME];
}

/*
 * pin.c: pin grant ref of rgt for domain ldom (Xen's acquire step):
 * check the entry (type permit_access, domid, readonly, no sub-page for a
 * mapping), set GTF_reading/GTF_writing, take the frame references and add
 * pin_incr.  Returns GNTST_*; *mfn gets the frame on success.
 */
int gnttab_pin(struct gnttab_dom *rgt, grant_ref_t ref, domid_t ldom,
               bool readonly, bool mapping, uint32_t pin_incr, xen_pfn_t *mfn);
/* pin.c: undo gnttab_pin() with the same readonly and pin_incr. */
void gnttab_unpin(struct gnttab_dom *rgt, grant_ref_t ref, bool readonly,
                  uint32_t pin_incr);

/*
 * map.c: GNTTABOP_unmap_grant_ref over count entries at guest address
 * uop.  Returns 0, -EFAULT, or the number of entries done when preempted.
 */
long gnttab_unmap_batch(struct domain *cur, uint64_t uop, unsigned int count);

#endif /* XENITH_GRANT_PRIVATE_H */
