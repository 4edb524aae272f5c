/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: GNTTABOP_map_grant_ref / unmap_grant_ref bookkeeping.
 *
 * A mapping is a handle into the mapping domain's maptrack table (grown a
 * page at a time up to max_maptrack_frames) plus pin counts on the
 * granting domain's active entry.  The page-table side is the PV MMU's
 * (create/destroy_host_mapping hooks).  Unmapping runs in two phases, as
 * in Xen: remove the mappings of a batch, flush the TLB once, then drop the
 * pins and frame references.
 */
#include "private.h"

#define MT_NONE UINT32_MAX

static struct gnttab_maptrack *mt_entry(struct gnttab_dom *gt, uint32_t h)
{
    return &gt->maptrack[h / GNTTAB_MAPTRACK_PER_FRAME]
                        [h % GNTTAB_MAPTRACK_PER_FRAME];
}

/* A free handle, growing the table if needed; MT_NONE when full. */
static uint32_t get_handle(struct gnttab_dom *gt)
{
    struct gnttab_maptrack *page;
    uint32_t h, i, base;

    spin_lock(&gt->maptrack_lock);
    if (gt->maptrack_free == MT_NONE) {
        base = gt->maptrack_limit;
        if (base / GNTTAB_MAPTRACK_PER_FRAME >= gt->max_maptrack_frames ||
            !(page = xzalloc_bytes(PAGE_SIZE))) {
            spin_unlock(&gt->maptrack_lock);
            return MT_NONE;
        }
        for (i = 0; i < GNTTAB_MAPTRACK_PER_FRAME; i++)
            page[i].next_free =
                i + 1 < GNTTAB_MAPTRACK_PER_FRAME ? base + i + 1 : MT_NONE;
        gt->maptrack[base / GNTTAB_MAPTRACK_PER_FRAME] = page;
        gt->maptrack_limit = base + GNTTAB_MAPTRACK_PER_FRAME;
        gt->maptrack_free = base;
    }
    h = gt->maptrack_free;
    gt->maptrack_free = mt_entry(gt, h)->next_free;
    spin_unlock(&gt->maptrack_lock);
    return h;
}

static void put_handle(struct gnttab_dom *gt, uint32_t h)
{
    spin_lock(&gt->maptrack_lock);
    mt_entry(gt, h)->flags = 0;
    mt_entry(gt, h)->next_free = gt->maptrack_free;
    gt->maptrack_free = h;
    spin_unlock(&gt->maptrack_lock);
}

/* Pin counter increments for a set of GNTMAP_* flags. */
static uint32_t pin_incr(uint32_t flags)
{
    bool ro = flags & GNTMAP_readonly;
    uint32_t incr = 0;

    if (flags & GNTMAP_device_map)
        incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
    if (flags & GNTMAP_host_map)
        incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    return incr;
}

/* Domain of a granting domid (no DOMID_SELF for mappings), referenced. */
static struct domain *granter(domid_t domid)
{
    return domid < DOMID_FIRST_RESERVED ? evtchn_hooks->domain_get(domid)
                                        : NULL;
}

/* The same for undoing a mapping: a dying granter still counts (its
 * table stays until the last mapping of its frames goes). */
static struct domain *granter_any(domid_t domid)
{
    return domid < DOMID_FIRST_RESERVED ? gnttab_hooks->domain_get_any(domid)
                                        : NULL;
}

/*
 * One GNTTABOP_map_grant_ref entry for cur.  Status: bad_gntref (no
 * host/device flag, or ref out of range), bad_domain, no_space (maptrack
 * full), general_error (entry not granted to cur, readonly grant mapped
 * writable, pinned by another domain, sub-page), bad_page, or the host
 * mapping hook's error.  On success op->handle and op->dev_bus_addr.
 */
void gnttab_map_one(struct domain *cur, gnttab_map_grant_ref_t *op)
{
    struct gnttab_dom *lgt = gnttab_of(cur);
    uint32_t incr = pin_incr(op->flags), h;
    bool ro = op->flags & GNTMAP_readonly;
    struct gnttab_pinned pinned;
    struct domain *rd;
    xen_pfn_t mfn = 0;
    int rc;

    if (!incr) {
        op->status = GNTST_bad_gntref;
        return;
    }
    rd = granter(op->dom);
    if (!rd) {
        op->status = GNTST_bad_domain;
        return;
    }
    h = get_handle(lgt);
    if (h == MT_NONE) {
        op->status = GNTST_no_space;
        goto out;
    }
    rc =
        gnttab_pin(gnttab_of(rd), op->ref, lgt->domid, ro, true, incr, &pinned);
    if (rc == GNTST_okay)
        mfn = pinned.mfn;
    if (rc == GNTST_okay && (op->flags & GNTMAP_host_map)) {
        rc = gnttab_hooks->create_host_mapping(cur, op->host_addr, mfn,
                                               op->flags);
        if (rc != GNTST_okay)
            gnttab_unpin(gnttab_of(rd), op->ref, ro, incr);
    }
    if (rc != GNTST_okay) {
        put_handle(lgt, h);
        op->status = (int16_t)rc;
        goto out;
    }

    spin_lock(&lgt->maptrack_lock);
    mt_entry(lgt, h)->ref = op->ref;
    mt_entry(lgt, h)->domid = op->dom;
    mt_entry(lgt, h)->flags = (uint16_t)(op->flags & 0x1f);
    spin_unlock(&lgt->maptrack_lock);
    op->handle = h;
    op->dev_bus_addr = (uint64_t)mfn << PAGE_SHIFT;
    op->status = GNTST_okay;
out:
    evtchn_hooks->domain_put(rd);
}

/* What phase one of an unmap did, for phase two. */
struct gnttab_unmap_done {
    struct domain *rd; /* referenced granting domain, or NULL */
    grant_ref_t ref;
    uint32_t done; /* GNTMAP_host_map/device_map removed, + readonly */
};

/*
 * Phase one of one GNTTABOP_unmap_grant_ref entry: remove the host and/or
 * device mapping named by op.  Status: bad_handle, bad_domain (granting
 * domain gone), bad_dev_addr, or the destroy_host_mapping hook's error.
 */
static void unmap_begin(struct domain *cur, gnttab_unmap_grant_ref_t *op,
                        uint64_t new_addr, struct gnttab_unmap_done *u)
{
    struct gnttab_dom *lgt = gnttab_of(cur), *rgt;
    struct gnttab_maptrack *m;
    bool free_handle = false;
    uint16_t flags;
    xen_pfn_t mfn;
    int rc = GNTST_okay;

    memset(u, 0, sizeof(*u));
    spin_lock(&lgt->maptrack_lock);
    m = op->handle < lgt->maptrack_limit ? mt_entry(lgt, op->handle) : NULL;
    flags = m ? m->flags : 0;
    u->ref = m ? m->ref : 0;
    u->rd = flags ? granter_any(m->domid) : NULL;
    spin_unlock(&lgt->maptrack_lock);
    if (!flags) {
        op->status = GNTST_bad_handle;
        return;
    }
    if (!u->rd) {
        op->status = GNTST_bad_domain;
        return;
    }

    rgt = gnttab_of(u->rd);
    spin_lock(&rgt->lock);
    spin_lock(&lgt->maptrack_lock);
    if (m->flags != flags || m->ref != u->ref ||
        u->ref >= gnttab_nr_entries(rgt)) {
        rc = GNTST_bad_handle; /* raced with another unmap */
        goto unlock;
    }
    mfn = gnttab_act(rgt, u->ref)->mfn;
    if (op->dev_bus_addr && (flags & GNTMAP_device_map) &&
        op->dev_bus_addr != (uint64_t)mfn << PAGE_SHIFT) {
        rc = GNTST_bad_dev_addr;
        goto unlock;
    }
    if (op->host_addr && (flags & GNTMAP_host_map)) {
        rc = new_addr ? gnttab_hooks->replace_host_mapping(cur, op->host_addr,
                                                           mfn, new_addr, flags)
                      : gnttab_hooks->destroy_host_mapping(cur, op->host_addr,
                                                           mfn, flags);
        if (rc != GNTST_okay)
            goto unlock;
        m->flags &= ~GNTMAP_host_map;
        u->done |= GNTMAP_host_map | (flags & GNTMAP_readonly);
    }
    if (op->dev_bus_addr && (flags & GNTMAP_device_map)) {
        m->flags &= ~GNTMAP_device_map;
        u->done |= GNTMAP_device_map | (flags & GNTMAP_readonly);
    }
    free_handle = !(m->flags & (GNTMAP_host_map | GNTMAP_device_map));
unlock:
    spin_unlock(&lgt->maptrack_lock);
    spin_unlock(&rgt->lock);
    if (free_handle)
        put_handle(lgt, op->handle);
    op->status = (int16_t)rc;
}

/* Phase two (after the TLB flush): drop the pins phase one released. */
static void unmap_finish(struct gnttab_unmap_done *u)
{
    if (u->rd && u->done)
        gnttab_unpin(gnttab_of(u->rd), u->ref, u->done & GNTMAP_readonly,
                     pin_incr(u->done));
    if (u->rd)
        evtchn_hooks->domain_put(u->rd);
}

#define UNMAP_BATCH 32

/* unmap_and_replace entries are read as unmap_grant_ref ones. */
_Static_assert(sizeof(gnttab_unmap_and_replace_t) ==
                       sizeof(gnttab_unmap_grant_ref_t) &&
                   offsetof(gnttab_unmap_and_replace_t, new_addr) ==
                       offsetof(gnttab_unmap_grant_ref_t, dev_bus_addr) &&
                   offsetof(gnttab_unmap_and_replace_t, handle) ==
                       offsetof(gnttab_unmap_grant_ref_t, handle) &&
                   offsetof(gnttab_unmap_and_replace_t, status) ==
                       offsetof(gnttab_unmap_grant_ref_t, status),
               "unmap_and_replace layout");

/*
 * GNTTABOP_unmap_grant_ref (or with replace, unmap_and_replace, whose
 * entries have the same layout with new_addr in place of dev_bus_addr)
 * over count entries at guest address uop.  Returns 0, -EFAULT, or the
 * number of entries done when preempted.
 */
long gnttab_unmap_batch(struct domain *cur, uint64_t uop, unsigned int count,
                        bool replace)
{
    struct gnttab_unmap_done done[UNMAP_BATCH];
    gnttab_unmap_grant_ref_t op;
    const size_t sz = sizeof(op);
    unsigned int i = 0, n, k;
    long rc = 0;

    while (i < count && rc == 0) {
        if (i && evtchn_hooks->preempt_check())
            return i;
        for (n = 0; n < UNMAP_BATCH && i + n < count; n++) {
            uint64_t at = uop + (uint64_t)(i + n) * sz;

            if (evtchn_hooks->copy_from_guest(&op, at, sz)) {
                rc = -EFAULT;
                break;
            }
            if (replace) {
                uint64_t new_addr = op.dev_bus_addr;

                op.dev_bus_addr = 0;
                unmap_begin(cur, &op, new_addr, &done[n]);
            } else {
                unmap_begin(cur, &op, 0, &done[n]);
            }
            if (evtchn_hooks->copy_to_guest(
                    at + offsetof(gnttab_unmap_grant_ref_t, status), &op.status,
                    sizeof(op.status))) {
                n++;
                rc = -EFAULT;
                break;
            }
        }
        gnttab_hooks->flush_tlb(cur);
        for (k = 0; k < n; k++)
            unmap_finish(&done[k]);
        i += n;
    }
    return rc;
}

/* At death: drop every pin this domain holds on others' grants. */
void gnttab_dom_release_mappings(struct gnttab_dom *gt)
{
    struct gnttab_maptrack *m;
    struct domain *rd;
    uint32_t h;

    for (h = 0; h < gt->maptrack_limit; h++) {
        m = mt_entry(gt, h);
        if (!(m->flags & (GNTMAP_host_map | GNTMAP_device_map)))
            continue;
        rd = granter_any(m->domid);
        if (rd) {
            gnttab_unpin(gnttab_of(rd), m->ref, m->flags & GNTMAP_readonly,
                         pin_incr(m->flags));
            evtchn_hooks->domain_put(rd);
        }
        put_handle(gt, h);
    }
}
