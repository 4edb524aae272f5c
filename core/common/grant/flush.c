/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables: GNTTABOP_cache_flush, as Xen 4.17 does it on x86.
 *
 * An entry names a frame by machine address (a.dev_bus_addr) and a byte
 * range of it.  The frame must be the caller's own or pinned for the
 * caller by a grant of its owner (a mapping).  A clean, with or without
 * invalidate, writes the lines back and invalidates them; an invalidate
 * alone is -EOPNOTSUPP (x86 has none without write-back).  Any other op
 * bit, GNTTAB_CACHE_SOURCE_GREF included, is -EINVAL.  The high bits of
 * cmd (above GNTTABOP_CMD_MASK) are the reference the search of the
 * owner's table starts from, as in Xen's continuations; an entry with
 * nothing to do is -EILSEQ when that is not 0.
 */
#include "private.h"

/*
 * Carry out op on va (the mapped frame mfn).  When rgt (the owner's
 * table) is given, an entry from ref on must be pinned for ldom on mfn
 * (-EINVAL otherwise); its lock is held meanwhile so the grant stays.
 */
static int flush_checked(struct gnttab_dom *rgt, domid_t ldom, xen_pfn_t mfn,
                         grant_ref_t ref, const gnttab_cache_flush_t *op,
                         char *va)
{
    int rc = 0;

    if (rgt) {
        spin_lock(&rgt->lock);
        for (rc = -EINVAL; ref < gnttab_nr_entries(rgt); ref++) {
            const struct gnttab_active *a = gnttab_act(rgt, ref);

            if (a->pin && a->domid == ldom && a->mfn == mfn) {
                rc = 0;
                break;
            }
        }
    }
    if (rc == 0 && !(op->op & GNTTAB_CACHE_CLEAN))
        rc = -EOPNOTSUPP;
    else if (rc == 0)
        gnttab_hooks->flush_cache(va + op->offset, op->length);
    if (rgt)
        spin_unlock(&rgt->lock);
    return rc;
}

int gnttab_cache_flush_one(struct domain *cur, const gnttab_cache_flush_t *op,
                           grant_ref_t start_ref)
{
    domid_t me = evtchn_hooks->domain_evtchn(cur)->domid, owner_id;
    xen_pfn_t mfn = op->a.dev_bus_addr >> PAGE_SHIFT;
    struct domain *owner = NULL;
    char *va;
    int rc;

    if (op->offset >= PAGE_SIZE || op->length > PAGE_SIZE ||
        op->offset + op->length > PAGE_SIZE ||
        (op->op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)))
        return -EINVAL;
    if (!op->length || !op->op)
        return start_ref ? -EILSEQ : 0;
    if ((rc = gnttab_hooks->get_frame_owner(mfn, &owner_id)))
        return rc;
    if (owner_id != me && !(owner = gnttab_hooks->domain_get_any(owner_id))) {
        rc = -EPERM;
    } else if (!(va = gnttab_hooks->map_frame(mfn))) {
        rc = -EINVAL;
    } else {
        rc = flush_checked(owner ? gnttab_of(owner) : NULL, me, mfn, start_ref,
                           op, va);
        gnttab_hooks->unmap_frame(va);
    }
    if (owner)
        evtchn_hooks->domain_put(owner);
    gnttab_hooks->put_frame(mfn);
    return rc;
}
