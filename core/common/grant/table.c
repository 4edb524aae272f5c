/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: the table itself (shared frames, status frames, active
 * entries), its life cycle and the size/version sub-ops (setup_table,
 * query_size, set_version, get_version, get_status_frames, swap_grant_ref).
 *
 * A table starts in version 1.  A domain whose createdomain grant_opts
 * allow version 2 (dom0 always) may switch with set_version while none of
 * its grants past the eight reserved ones is pinned.  Version 2 has half
 * as many (16-byte) entries per shared frame and a status array of one
 * 16-bit word per entry in frames of its own, allocated on the switch to
 * 2 (and as the table grows) and freed on the switch back.  The reserved
 * entries are carried across a switch; everything else is cleared.
 */
#include <public/domctl.h>
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
        !h->free_frame || !h->release_frame || !h->get_frame || !h->put_frame ||
        !h->get_writable || !h->put_writable || !h->map_frame ||
        !h->unmap_frame || !h->create_host_mapping ||
        !h->destroy_host_mapping || !h->flush_tlb)
        return -EINVAL;
    gnttab_hooks = h;
    return 0;
}

/* Give gt the status frames of nr shared frames.  -ENOMEM. */
static int grow_status(struct gnttab_dom *gt, unsigned int nr)
{
    unsigned int want = GNTTAB_STATUS_FRAMES(nr), i;

    for (i = gt->nr_status_frames; i < want; i++) {
        gt->status[i] =
            gnttab_hooks->alloc_frame(gt->owner, &gt->status_frames[i]);
        if (!gt->status[i]) {
            while (i-- > gt->nr_status_frames) {
                gnttab_hooks->free_frame(gt->owner, gt->status[i],
                                         gt->status_frames[i]);
                gt->status[i] = NULL;
            }
            return -ENOMEM;
        }
    }
    if (want > gt->nr_status_frames)
        gt->nr_status_frames = want;
    return 0;
}

/*
 * Take the status frames back from the running domain (switch to version
 * 1).  -EBUSY, and nothing changes, while it still maps any of them;
 * -ENOMEM, and nothing changes, without memory for the replacements a
 * refusal needs (frames already taken cannot be given back).
 */
static int drop_status(struct gnttab_dom *gt)
{
    unsigned int i, k, n = gt->nr_status_frames;
    grant_status_t **spare_va;
    xen_pfn_t *spare;
    int rc = 0;

    spare_va = xzalloc_bytes(sizeof(*spare_va) * n);
    spare = xzalloc_bytes(sizeof(*spare) * n);
    for (i = 0; spare_va && spare && i < n; i++)
        if (!(spare_va[i] = gnttab_hooks->alloc_frame(gt->owner, &spare[i])))
            break;
    if (!spare_va || !spare || i < n) {
        rc = -ENOMEM;
        goto out;
    }
    for (k = 0; k < n; k++)
        if (!gnttab_hooks->release_frame(gt->owner, gt->status[k],
                                         gt->status_frames[k]))
            break;
    if (k < n) {
        /* Busy: fresh (zeroed) frames stand in for those already freed. */
        for (i = 0; i < k; i++) {
            gt->status[i] = spare_va[i];
            gt->status_frames[i] = spare[i];
            spare_va[i] = NULL;
        }
        rc = -EBUSY;
    } else {
        for (i = 0; i < n; i++)
            gt->status[i] = NULL;
        gt->nr_status_frames = 0;
    }
out:
    for (i = 0; spare_va && i < n; i++)
        if (spare_va[i])
            gnttab_hooks->free_frame(gt->owner, spare_va[i], spare[i]);
    xfree(spare_va);
    xfree(spare);
    return rc;
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
    if (gt->version == 2 && grow_status(gt, nr)) {
        i = nr;
        goto fail;
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
    gt->version = 1;
    gt->max_version = GNTTAB_MAX_VERSION;

    gt->shared = xzalloc_bytes(sizeof(*gt->shared) * gt->max_frames);
    gt->frames = xzalloc_bytes(sizeof(*gt->frames) * gt->max_frames);
    gt->status = xzalloc_bytes(sizeof(*gt->status) *
                               GNTTAB_STATUS_FRAMES(gt->max_frames));
    gt->status_frames = xzalloc_bytes(sizeof(*gt->status_frames) *
                                      GNTTAB_STATUS_FRAMES(gt->max_frames));
    gt->active = xzalloc_bytes(sizeof(*gt->active) * gt->max_frames);
    if (gt->max_maptrack_frames)
        gt->maptrack =
            xzalloc_bytes(sizeof(*gt->maptrack) * gt->max_maptrack_frames);
    if (!gt->shared || !gt->frames || !gt->status || !gt->status_frames ||
        !gt->active || (gt->max_maptrack_frames && !gt->maptrack) ||
        grow_table(gt, GNTTAB_INITIAL_FRAMES)) {
        gnttab_dom_free(gt);
        return -ENOMEM;
    }
    return 0;
}

int gnttab_dom_configure(struct gnttab_dom *gt, int max_frames,
                         int max_maptrack_frames, uint32_t grant_opts)
{
    unsigned int v = grant_opts & XEN_DOMCTL_GRANT_version_mask;

    if ((grant_opts & ~XEN_DOMCTL_GRANT_version_mask) || v == 0 ||
        v > GNTTAB_MAX_VERSION)
        return -EINVAL;
    if (max_frames < 0)
        max_frames = (int)opt_max_frames;
    if (max_maptrack_frames < 0)
        max_maptrack_frames = (int)opt_max_maptrack_frames;
    /* The arrays were sized for the defaults (the command-line limits). */
    if (max_frames < GNTTAB_INITIAL_FRAMES ||
        (unsigned int)max_frames > gt->max_frames ||
        (unsigned int)max_maptrack_frames > gt->max_maptrack_frames)
        return -EINVAL;
    gt->max_frames = (unsigned int)max_frames;
    gt->max_maptrack_frames = (unsigned int)max_maptrack_frames;
    gt->max_version = v;
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
    for (i = 0; i < gt->nr_status_frames; i++)
        gnttab_hooks->free_frame(gt->owner, gt->status[i],
                                 gt->status_frames[i]);
    for (i = 0; gt->maptrack && i < gt->max_maptrack_frames; i++)
        xfree(gt->maptrack[i]);
    xfree(gt->shared);
    xfree(gt->frames);
    xfree(gt->status);
    xfree(gt->status_frames);
    xfree(gt->active);
    xfree(gt->maptrack);
    memset(gt, 0, sizeof(*gt));
}

/* The domain a table query names, referenced, or NULL with *status set
 * (bad_domain; permission_denied when cur may not act for it). */
static struct domain *table_target(struct domain *cur, domid_t dom,
                                   int16_t *status)
{
    struct domain *d = evtchn_get_domain_any(cur, dom);

    if (!d) {
        *status = GNTST_bad_domain;
        return NULL;
    }
    if (!evtchn_may_target(cur, d)) {
        *status = GNTST_permission_denied;
        evtchn_hooks->domain_put(d);
        return NULL;
    }
    return d;
}

/*
 * GNTTABOP_setup_table: grow op->dom's table to op->nr_frames and write
 * its frame numbers to op->frame_list.  Status: bad_domain,
 * permission_denied (not self and not privileged), general_error (above
 * the maximum or out of memory), bad_virt_addr (list not writable).
 */
void gnttab_setup_table(struct domain *cur, gnttab_setup_table_t *op)
{
    struct domain *d = table_target(cur, op->dom, &op->status);
    struct gnttab_dom *gt = gnttab_of(d);
    uint64_t list = (uint64_t)(uintptr_t)op->frame_list.p;
    unsigned int i;

    if (!d)
        return;
    spin_lock(&gt->lock);
    if (op->nr_frames > gt->max_frames ||
        ((op->nr_frames > gt->nr_frames ||
          (gt->version == 2 &&
           GNTTAB_STATUS_FRAMES(op->nr_frames) > gt->nr_status_frames)) &&
         grow_table(gt, op->nr_frames > gt->nr_frames ? op->nr_frames
                                                      : gt->nr_frames))) {
        op->status = GNTST_general_error;
    } else {
        op->status = GNTST_okay;
        for (i = 0; i < op->nr_frames; i++)
            if (evtchn_hooks->copy_to_guest(list + i * sizeof(xen_pfn_t),
                                            &gt->frames[i], sizeof(xen_pfn_t)))
                op->status = GNTST_bad_virt_addr;
    }
    spin_unlock(&gt->lock);
    evtchn_hooks->domain_put(d);
}

/* GNTTABOP_query_size: current and maximum frames of op->dom. */
void gnttab_query_size(struct domain *cur, gnttab_query_size_t *op)
{
    struct domain *d = table_target(cur, op->dom, &op->status);
    struct gnttab_dom *gt = gnttab_of(d);

    if (!d)
        return;
    spin_lock(&gt->lock);
    op->nr_frames = gt->nr_frames;
    op->max_nr_frames = gt->max_frames;
    op->status = GNTST_okay;
    spin_unlock(&gt->lock);
    evtchn_hooks->domain_put(d);
}

int gnttab_shared_frame(struct gnttab_dom *gt, unsigned long idx,
                        xen_pfn_t *frame)
{
    int rc = 0;

    spin_lock(&gt->lock);
    if (idx >= gt->nr_frames && idx < gt->max_frames)
        rc = grow_table(gt, (unsigned int)idx + 1);
    if (!rc && idx >= gt->nr_frames)
        rc = -EINVAL;
    if (!rc)
        *frame = gt->frames[idx];
    spin_unlock(&gt->lock);
    return rc;
}

unsigned int gnttab_status_max_frames(const struct gnttab_dom *gt)
{
    return GNTTAB_STATUS_FRAMES(gt->max_frames);
}

int gnttab_acquire_status(struct gnttab_dom *gt, uint64_t frame,
                          unsigned int nr, xen_pfn_t *list)
{
    uint64_t last = frame + nr - 1;
    int rc = 0;

    if (!nr || frame >= gnttab_status_max_frames(gt) ||
        last >= gnttab_status_max_frames(gt))
        return -EINVAL;
    spin_lock(&gt->lock);
    if (gt->version != 2) {
        rc = -EINVAL;
    } else if (last >= gt->nr_status_frames) {
        /* The shared frames whose status words fill frame `last`. */
        unsigned int need =
            (unsigned int)(((last + 1) * GNTTAB_STATUS_PER_FRAME +
                            GNTTAB_V2_PER_FRAME - 1) /
                           GNTTAB_V2_PER_FRAME);

        if (need > gt->max_frames || grow_table(gt, need) ||
            last >= gt->nr_status_frames)
            rc = -EINVAL;
    }
    for (unsigned int i = 0; !rc && i < nr; i++)
        list[i] = gt->status_frames[frame + i];
    spin_unlock(&gt->lock);
    return rc;
}

/* The reserved entries as v1 entries (status bits folded into flags). */
static void save_reserved(struct gnttab_dom *gt,
                          grant_entry_v1_t r[GNTTAB_NR_RESERVED_ENTRIES])
{
    unsigned int i;

    for (i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
        if (gt->version == 1) {
            r[i] = *gnttab_entry(gt, i);
            continue;
        }
        grant_entry_v2_t *e = gnttab_entry_v2(gt, i);

        memset(&r[i], 0, sizeof(r[i]));
        if ((e->hdr.flags & GTF_type_mask) == GTF_permit_access) {
            r[i].flags = e->hdr.flags | *gnttab_status(gt, i);
            r[i].domid = e->hdr.domid;
            r[i].frame = (uint32_t)e->full_page.frame;
        }
    }
}

/* Write the saved reserved entries in the (new) version of gt. */
static void
restore_reserved(struct gnttab_dom *gt,
                 const grant_entry_v1_t r[GNTTAB_NR_RESERVED_ENTRIES])
{
    const uint16_t inuse = GTF_reading | GTF_writing;
    unsigned int i;

    for (i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
        if (gt->version == 1) {
            *gnttab_entry(gt, i) = r[i];
            continue;
        }
        grant_entry_v2_t *e = gnttab_entry_v2(gt, i);

        *gnttab_status(gt, i) = r[i].flags & inuse;
        e->hdr.flags = r[i].flags & (uint16_t)~inuse;
        e->hdr.domid = r[i].domid;
        e->full_page.frame = r[i].frame;
    }
}

/* Switch gt (lock held) to version v, as Xen 4.17 does. */
static int switch_version(struct gnttab_dom *gt, unsigned int v)
{
    grant_entry_v1_t reserved[GNTTAB_NR_RESERVED_ENTRIES];
    unsigned int i, n = gnttab_nr_entries(gt);
    int rc;

    if (gt->version == v)
        return 0;
    /* Only the reserved entries may be in use (the console and xenstore
     * rings stay mapped by the toolstack's daemons). */
    for (i = GNTTAB_NR_RESERVED_ENTRIES; i < n; i++)
        if (gnttab_act(gt, i)->pin)
            return -EBUSY;
    if (gt->version == 1) {
        if ((rc = grow_status(gt, gt->nr_frames)))
            return rc;
    } else {
        /* A v1 entry has a 32-bit frame and no transitive type. */
        for (i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
            grant_entry_v2_t *e = gnttab_entry_v2(gt, i);
            uint16_t type = e->hdr.flags & GTF_type_mask;

            if ((type == GTF_permit_access && (e->full_page.frame >> 32)) ||
                type == GTF_transitive)
                return -ERANGE;
        }
    }
    save_reserved(gt, reserved);
    if (gt->version == 2 && (rc = drop_status(gt)))
        return rc;
    for (i = 0; i < gt->nr_frames; i++)
        memset(gt->shared[i], 0, PAGE_SIZE);
    gt->version = v;
    restore_reserved(gt, reserved);
    return 0;
}

/*
 * GNTTABOP_set_version for the calling domain: -EINVAL for a version
 * other than 1 or 2, -ENOSYS for 2 when the domain was created with
 * maximum version 1, -EBUSY while a grant past the reserved ones is
 * pinned (mapped or being copied) or a status frame is still mapped,
 * -ERANGE when a reserved v2 entry cannot be expressed in version 1,
 * -ENOMEM.  op->version always returns the version in use.
 */
int gnttab_set_version(struct domain *cur, gnttab_set_version_t *op)
{
    struct gnttab_dom *gt = gnttab_of(cur);
    int rc;

    if (op->version != 1 && op->version != 2) {
        rc = -EINVAL;
    } else if (op->version == 2 && gt->max_version == 1) {
        rc = -ENOSYS;
    } else {
        spin_lock(&gt->lock);
        rc = switch_version(gt, op->version);
        spin_unlock(&gt->lock);
    }
    op->version = __atomic_load_n(&gt->version, __ATOMIC_RELAXED);
    return rc;
}

/* GNTTABOP_get_version of op->dom: -ESRCH, -EPERM, else its version. */
int gnttab_get_version(struct domain *cur, gnttab_get_version_t *op)
{
    struct domain *d = evtchn_get_domain_any(cur, op->dom);
    int rc = 0;

    if (!d)
        return -ESRCH;
    if (!evtchn_may_target(cur, d))
        rc = -EPERM;
    else
        op->version = __atomic_load_n(&gnttab_of(d)->version, __ATOMIC_RELAXED);
    evtchn_hooks->domain_put(d);
    return rc;
}

/*
 * GNTTABOP_get_status_frames: the first op->nr_frames status frames of
 * op->dom to op->frame_list (64-bit frame numbers).  Status: bad_domain,
 * permission_denied, general_error (more than the table has; none in
 * version 1), bad_virt_addr.
 */
void gnttab_get_status_frames(struct domain *cur,
                              gnttab_get_status_frames_t *op)
{
    struct domain *d = table_target(cur, op->dom, &op->status);
    struct gnttab_dom *gt = gnttab_of(d);
    uint64_t list = (uint64_t)(uintptr_t)op->frame_list.p;
    unsigned int i;

    if (!d)
        return;
    spin_lock(&gt->lock);
    if (op->nr_frames > gt->nr_status_frames) {
        op->status = GNTST_general_error;
    } else {
        op->status = GNTST_okay;
        for (i = 0; i < op->nr_frames; i++) {
            uint64_t f = gt->status_frames[i];

            if (evtchn_hooks->copy_to_guest(list + i * sizeof(f), &f,
                                            sizeof(f)))
                op->status = GNTST_bad_virt_addr;
        }
    }
    spin_unlock(&gt->lock);
    evtchn_hooks->domain_put(d);
}

/*
 * GNTTABOP_swap_grant_ref: exchange two entries (and their status words)
 * of the caller's table.  bad_gntref beyond the table, eagain while
 * either is pinned; the same reference twice does nothing.
 */
int16_t gnttab_swap_one(struct domain *cur, grant_ref_t a, grant_ref_t b)
{
    struct gnttab_dom *gt = gnttab_of(cur);
    int16_t rc = GNTST_okay;

    spin_lock(&gt->lock);
    if (a >= gnttab_nr_entries(gt) || b >= gnttab_nr_entries(gt)) {
        rc = GNTST_bad_gntref;
    } else if (a == b) {
        /* nothing to do */
    } else if (gnttab_act(gt, a)->pin || gnttab_act(gt, b)->pin) {
        rc = GNTST_eagain;
    } else if (gt->version == 1) {
        grant_entry_v1_t t = *gnttab_entry(gt, a);

        *gnttab_entry(gt, a) = *gnttab_entry(gt, b);
        *gnttab_entry(gt, b) = t;
    } else {
        grant_entry_v2_t t = *gnttab_entry_v2(gt, a);
        uint16_t st = *gnttab_status(gt, a);

        *gnttab_entry_v2(gt, a) = *gnttab_entry_v2(gt, b);
        *gnttab_status(gt, a) = *gnttab_status(gt, b);
        *gnttab_entry_v2(gt, b) = t;
        *gnttab_status(gt, b) = st;
    }
    spin_unlock(&gt->lock);
    return rc;
}
