/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: the table itself (frames, active entries), its life cycle
 * and the size/version sub-ops (setup_table, query_size, set_version,
 * get_version).  Only version 1 is provided: the domain's maximum version
 * is 1, so set_version(2) behaves as on Xen with v2 disabled.
 */
#include <xenith/param.h>

#include "private.h"

static unsigned int opt_max_frames = GNTTAB_DEFAULT_MAX_FRAMES;
static unsigned int opt_max_maptrack_frames =
    GNTTAB_DEFAULT_MAX_MAPTRACK_FRAMES;
integer_param("gnttab_max_frames", opt_max_frames);
integer_param("gnttab_max_maptrack_frames", opt_max_maptrack_frames);

const struct gnttab_hooks *gnttab_hooks;

/* Register the frame and page-table hooks; every member must be set. */
int gnttab_set_hooks(const struct gnttab_hooks *h)
{
    if (!h || !h->domain_gnttab || !h->domain_get_any || !h->alloc_frame ||
        !h->free_frame || !h->get_frame || !h->put_frame || !h->get_writable ||
        !h->put_writable || !h->map_frame || !h->unmap_frame ||
        !h->create_host_mapping || !h->destroy_host_mapping || !h->flush_tlb)
        return -EINVAL;
    gnttab_hooks = h;
    return 0;
}

/* Grow gt to nr frames (lock held or not yet shared).  -ENOMEM. */
static int grow_table(struct gnttab_dom *gt, unsigned int nr)
{
    unsigned int i;

    for (i = gt->nr_frames; i < nr; i++) {
        gt->active[i] = xzalloc_bytes(sizeof(struct gnttab_active) *
                                      GNTTAB_ENTRIES_PER_FRAME);
        if (!gt->active[i])
            goto fail;
        gt->shared[i] = gnttab_hooks->alloc_frame(gt->owner, &gt->frames[i]);
        if (!gt->shared[i]) {
            xfree(gt->active[i]);
            gt->active[i] = NULL;
            goto fail;
        }
    }
    gt->nr_frames = nr;
    return 0;

fail:
    while (i-- > gt->nr_frames) {
        gnttab_hooks->free_frame(gt->owner, gt->shared[i], gt->frames[i]);
        gt->shared[i] = NULL;
        xfree(gt->active[i]);
        gt->active[i] = NULL;
    }
    return -ENOMEM;
}

int gnttab_dom_init(struct gnttab_dom *gt, struct domain *owner, domid_t domid,
                    int max_frames, int max_maptrack_frames)
{
    if (!gnttab_hooks || !evtchn_hooks)
        return -ENODEV;
    if (max_frames < 0)
        max_frames = (int)opt_max_frames;
    if (max_maptrack_frames < 0)
        max_maptrack_frames = (int)opt_max_maptrack_frames;
    if (max_frames < GNTTAB_INITIAL_FRAMES ||
        (unsigned int)max_frames > opt_max_frames ||
        (unsigned int)max_maptrack_frames > opt_max_maptrack_frames)
        return -EINVAL;

    memset(gt, 0, sizeof(*gt));
    spin_lock_init(&gt->lock);
    spin_lock_init(&gt->maptrack_lock);
    gt->owner = owner;
    gt->domid = domid;
    gt->max_frames = (unsigned int)max_frames;
    gt->max_maptrack_frames = (unsigned int)max_maptrack_frames;
    gt->maptrack_free = UINT32_MAX;

    gt->shared = xzalloc_bytes(sizeof(*gt->shared) * gt->max_frames);
    gt->frames = xzalloc_bytes(sizeof(*gt->frames) * gt->max_frames);
    gt->active = xzalloc_bytes(sizeof(*gt->active) * gt->max_frames);
    if (gt->max_maptrack_frames)
        gt->maptrack =
            xzalloc_bytes(sizeof(*gt->maptrack) * gt->max_maptrack_frames);
    if (!gt->shared || !gt->frames || !gt->active ||
        (gt->max_maptrack_frames && !gt->maptrack) ||
        grow_table(gt, GNTTAB_INITIAL_FRAMES)) {
        gnttab_dom_free(gt);
        return -ENOMEM;
    }
    return 0;
}

/* Release every frame and array (after gnttab_dom_release_mappings()). */
void gnttab_dom_free(struct gnttab_dom *gt)
{
    unsigned int i;

    for (i = 0; i < gt->nr_frames; i++) {
        gnttab_hooks->free_frame(gt->owner, gt->shared[i], gt->frames[i]);
        xfree(gt->active[i]);
    }
    for (i = 0; gt->maptrack && i < gt->max_maptrack_frames; i++)
        xfree(gt->maptrack[i]);
    xfree(gt->shared);
    xfree(gt->frames);
    xfree(gt->active);
    xfree(gt->maptrack);
    memset(gt, 0, sizeof(*gt));
}

/*
 * GNTTABOP_setup_table: grow op->dom's table to op->nr_frames and write
 * its frame numbers to op->frame_list.  Status: bad_domain,
 * permission_denied (not self and not privileged), general_error (above
 * the maximum or out of memory), bad_virt_addr (list not writable).
 */
void gnttab_setup_table(struct domain *cur, gnttab_setup_table_t *op)
{
    struct domain *d = evtchn_get_domain_any(cur, op->dom);
    struct gnttab_dom *gt = gnttab_of(d);
    uint64_t list = (uint64_t)(uintptr_t)op->frame_list.p;
    unsigned int i;

    if (!d) {
        op->status = GNTST_bad_domain;
        return;
    }
    if (!evtchn_may_target(cur, d)) {
        op->status = GNTST_permission_denied;
        goto out;
    }

    spin_lock(&gt->lock);
    if (op->nr_frames > gt->max_frames ||
        (op->nr_frames > gt->nr_frames && grow_table(gt, op->nr_frames))) {
        op->status = GNTST_general_error;
    } else {
        op->status = GNTST_okay;
        for (i = 0; i < op->nr_frames; i++)
            if (evtchn_hooks->copy_to_guest(list + i * sizeof(xen_pfn_t),
                                            &gt->frames[i], sizeof(xen_pfn_t)))
                op->status = GNTST_bad_virt_addr;
    }
    spin_unlock(&gt->lock);
out:
    evtchn_hooks->domain_put(d);
}

/* GNTTABOP_query_size: current and maximum frames of op->dom. */
void gnttab_query_size(struct domain *cur, gnttab_query_size_t *op)
{
    struct domain *d = evtchn_get_domain_any(cur, op->dom);
    struct gnttab_dom *gt = gnttab_of(d);

    if (!d) {
        op->status = GNTST_bad_domain;
        return;
    }
    if (!evtchn_may_target(cur, d)) {
        op->status = GNTST_permission_denied;
    } else {
        spin_lock(&gt->lock);
        op->nr_frames = gt->nr_frames;
        op->max_nr_frames = gt->max_frames;
        op->status = GNTST_okay;
        spin_unlock(&gt->lock);
    }
    evtchn_hooks->domain_put(d);
}

/*
 * GNTTABOP_set_version: only version 1 exists.  -EINVAL for a version
 * other than 1 or 2, -ENOSYS for 2 (Xen's answer when the domain's
 * maximum version is 1).  op->version always returns the version in use.
 */
int gnttab_set_version(struct domain *cur, gnttab_set_version_t *op)
{
    int rc = 0;

    if (op->version != 1 && op->version != 2)
        rc = -EINVAL;
    else if (op->version == 2)
        rc = -ENOSYS;
    op->version = 1;
    return rc;
}

/* GNTTABOP_get_version of op->dom: -ESRCH, -EPERM, else version 1. */
int gnttab_get_version(struct domain *cur, gnttab_get_version_t *op)
{
    struct domain *d = evtchn_get_domain_any(cur, op->dom);
    int rc = 0;

    if (!d)
        return -ESRCH;
    if (!evtchn_may_target(cur, d))
        rc = -EPERM;
    else
        op->version = 1;
    evtchn_hooks->domain_put(d);
    return rc;
}
