/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HVM guest's variants of hypercalls whose PV handler would do the
 * wrong thing for a translated guest (common/hypercall.c names them in
 * its table's HVM column).
 *
 *   memory_op         the reservation calls (on itself, through the p2m),
 *                     the reservation queries, and add_to_physmap of
 *                     shared_info (at the gfn the guest names, replacing
 *                     what was there, as Xen 4.17; the 32-bit layout for
 *                     a guest not in 64-bit mode, as Xen's compat call);
 *                     the grant-table space and the gmfn spaces are not
 *                     done (-EOPNOTSUPP), an unknown space is Xen's
 *                     -EINVAL; everything else -ENOSYS (the machine-frame
 *                     calls are PV-only, as on Xen)
 *   xen_version       XENVER_get_features: auto-translated physmap and
 *                     the HVM callback vector; the rest as for PV
 *   vcpu_op           is_up, runstate, the periodic and single-shot
 *                     timers, register_vcpu_info (a gfn, through the p2m);
 *                     initialise/up/down take an HVM context Xenith does
 *                     not read yet, so they stay -ENOSYS with the rest
 *   event_channel_op  the common table, but for the FIFO ABI (its control
 *                     block is a gfn: not translated yet, -EOPNOTSUPP;
 *                     guests fall back to the 2-level ABI)
 *   grant_table_op    query_size and get_version; the rest needs grant
 *                     frames in the p2m and mappings of grants into it
 *                     (-EOPNOTSUPP)
 */
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/grant.h>
#include <xenith/guest_access.h>
#include <xenith/hvm_hypercalls.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/asm/current.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/pv/mm.h>

#define MEMOP_CMD_MASK 0x3f

/* XENMEM_add_to_physmap as a 32-bit guest lays it out (Xen's compat). */
struct add_to_physmap32 {
    domid_t domid;
    uint16_t size;
    uint32_t space;
    uint32_t idx;
    uint32_t gpfn;
};

/* A version 1 frame of d's grant table (a status frame's index, with
 * XENMAPIDX_grant_table_status, is beyond every table's size here, as in
 * Xen for a version 1 table; version 2's status frames are not done). */
static long add_grant_frame(struct domain *d, uint64_t idx, uint64_t gfn)
{
    struct gnttab_dom *gt = &d->gnttab;
    unsigned long *gfns;
    xen_pfn_t mfn;
    int rc;

    if ((idx & XENMAPIDX_grant_table_status) && gt->version == 2) {
        printk(XENLOG_WARNING "d%u: add_to_physmap of grant status frames "
                              "is not implemented\n",
               d->domain_id);
        return -EOPNOTSUPP;
    }
    if (idx >= gt->max_frames)
        return -EINVAL;
    if ((rc = gnttab_shared_frame(gt, idx, &mfn)))
        return rc;
    if (!(gfns = READ_ONCE(d->hvm.gnt_gfn))) {
        if (!(gfns = xmalloc_bytes(sizeof(*gfns) * gt->max_frames)))
            return -ENOMEM;
        for (unsigned int i = 0; i < gt->max_frames; i++)
            gfns[i] = ~0UL;
        spin_lock(&d->hvm.p2m_lock);
        if (!d->hvm.gnt_gfn) {
            d->hvm.gnt_gfn = gfns;
            gfns = NULL;
        }
        spin_unlock(&d->hvm.p2m_lock);
        xfree(gfns);
        gfns = d->hvm.gnt_gfn;
    }
    return p2m_map_xen_frame(d, gfn, mfn, &gfns[idx]);
}

static long add_to_physmap(unsigned long arg)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    struct xen_add_to_physmap x;

    if (hvm_funcs->long_mode(v)) {
        if (copy_from_guest(&x, arg, sizeof(x)))
            return -EFAULT;
    } else {
        struct add_to_physmap32 c;

        if (copy_from_guest(&c, arg, sizeof(c)))
            return -EFAULT;
        x.domid = c.domid;
        x.size = c.size;
        x.space = c.space;
        x.idx = c.idx;
        x.gpfn = c.gpfn;
    }
    if (x.domid != DOMID_SELF && x.domid != d->domain_id) {
        struct domain *t = get_domain_by_id(x.domid);

        if (!t)
            return -ESRCH;
        put_domain(t);
        return -EPERM; /* an HVM guest acts on itself only */
    }
    switch (x.space) {
    case XENMAPSPACE_shared_info:
        if (x.idx != 0)
            return -EINVAL;
        return p2m_map_xen_frame(d, x.gpfn, d->pv.shared_info_mfn,
                                 &d->hvm.shinfo_gfn);
    case XENMAPSPACE_grant_table:
        return add_grant_frame(d, x.idx, x.gpfn);
    case XENMAPSPACE_gmfn:
    case XENMAPSPACE_gmfn_range:
    case XENMAPSPACE_gmfn_foreign:
    case XENMAPSPACE_dev_mmio:
        printk(XENLOG_WARNING "d%u: add_to_physmap space %u is not "
                              "implemented for HVM\n",
               d->domain_id, x.space);
        return -EOPNOTSUPP;
    default:
        return -EINVAL; /* as Xen: no frame in that space */
    }
}

long hvm_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                   unsigned long a4, unsigned long a5)
{
    switch (cmd & MEMOP_CMD_MASK) {
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return do_memory_op(cmd, arg, a3, a4, a5);
    case XENMEM_add_to_physmap:
        return add_to_physmap(arg);
    default:
        return -ENOSYS;
    }
}

long hvm_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    xen_feature_info_t fi;

    if (cmd != XENVER_get_features)
        return do_xen_version_pv(cmd, arg, a3, a4, a5);
    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx != 0)
        return -EINVAL;
    fi.submap = (1U << XENFEAT_auto_translated_physmap) |
                (1U << XENFEAT_hvm_callback_vector);
    return copy_to_guest(arg, &fi, sizeof(fi));
}

/* VCPUOP_register_vcpu_info for an HVM vCPU: the frame is a gfn. */
static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
    struct domain *d = v->domain;
    vcpu_register_vcpu_info_t r;
    struct vcpu_info *nvi;
    unsigned long mfn;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info))
        return -ENXIO;
    if (v->pv.vcpu_info_mfn)
        return -EINVAL;
    mfn = p2m_lookup(d, r.mfn);
    if (mfn == INVALID_MFN_P2M ||
        pv_get_page_and_type(mfn, d->domain_id, PGT_writable_page))
        return -EINVAL;
    nvi = (struct vcpu_info *)((char *)__va(mfn << PAGE_SHIFT) + r.offset);
    if (v->vcpu_info)
        memcpy(nvi, v->vcpu_info, sizeof(*nvi));
    v->vcpu_info = nvi;
    v->pv.vcpu_info_mfn = mfn;
    /* As Xen: everything pending once, so nothing is lost in the move. */
    __atomic_store_n(&nvi->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
    __atomic_store_n(&nvi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    pv_update_vcpu_time(v);
    hvm_vcpu_kick(v);
    return 0;
}

long hvm_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
                 unsigned long a4, unsigned long a5)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case VCPUOP_register_vcpu_info:
        if (vcpuid >= d->max_vcpus || !d->vcpu[vcpuid])
            return -ENOENT;
        return register_vcpu_info(d->vcpu[vcpuid], arg);
    case VCPUOP_is_up:
    case VCPUOP_get_runstate_info:
    case VCPUOP_set_periodic_timer:
    case VCPUOP_stop_periodic_timer:
    case VCPUOP_set_singleshot_timer:
    case VCPUOP_stop_singleshot_timer:
        return do_vcpu_op(cmd, vcpuid, arg, a4, a5);
    default:
        return -ENOSYS;
    }
}

long hvm_event_channel_op(unsigned long cmd, unsigned long arg,
                          unsigned long a3, unsigned long a4, unsigned long a5)
{
    switch (cmd) {
    case EVTCHNOP_init_control:
    case EVTCHNOP_expand_array:
        return -EOPNOTSUPP;
    default:
        return do_event_channel_op(cmd, arg, a3, a4, a5);
    }
}

long hvm_grant_table_op(unsigned long cmd, unsigned long arg,
                        unsigned long count, unsigned long a4, unsigned long a5)
{
    switch (cmd) {
    case GNTTABOP_query_size:
    case GNTTABOP_get_version:
        return do_grant_table_op(cmd, arg, count, a4, a5);
    default:
        return -EOPNOTSUPP;
    }
}
