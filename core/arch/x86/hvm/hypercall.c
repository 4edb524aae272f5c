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
 *   vcpu_op           initialise (a vcpu_hvm_context), up, down, is_up,
 *                     runstate, the periodic and single-shot timers,
 *                     register_vcpu_info (a gfn, through the p2m); the
 *                     rest -ENOSYS
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
#include <public/sched.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/hvm/save.h>
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
#include <xenith/softirq.h>
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

/* XENMEM_memory_map: the E820 the toolstack set (none: -ENOSYS, as Xen
 * 4.17); at most as many entries as the guest has room for.  A guest not
 * in 64-bit mode passes the compat layout (32-bit count and buffer). */
static long memory_map(unsigned long arg)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    bool wide = hvm_funcs->long_mode(v);
    uint32_t m32[2];
    struct xen_memory_map m;
    uint64_t buf;
    void *copy = NULL;
    uint32_t n;
    long rc = 0;

    if (wide ? copy_from_guest(&m, arg, sizeof(m))
             : copy_from_guest(m32, arg, sizeof(m32)))
        return -EFAULT;
    if (wide) {
        memcpy(&buf, &m.buffer, sizeof(buf));
    } else {
        m.nr_entries = m32[0];
        buf = m32[1];
    }
    spin_lock(&d->lock);
    n = d->hvm.nr_e820 < m.nr_entries ? d->hvm.nr_e820 : m.nr_entries;
    if (d->hvm.e820 && n &&
        (copy = xmalloc_bytes(n * sizeof(struct xen_e820_entry))))
        memcpy(copy, d->hvm.e820, n * sizeof(struct xen_e820_entry));
    if (!d->hvm.nr_e820)
        rc = -ENOSYS;
    else if (n && !copy)
        rc = -ENOMEM;
    spin_unlock(&d->lock);
    if (rc)
        return rc;
    if (n && copy_to_guest(buf, copy, n * sizeof(struct xen_e820_entry)))
        rc = -EFAULT;
    xfree(copy);
    if (rc)
        return rc;
    m32[0] = n;
    m.nr_entries = n;
    return wide ? copy_to_guest(arg, &m, sizeof(m))
                : copy_to_guest(arg, m32, sizeof(m32[0]));
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
    case XENMEM_memory_map:
        return memory_map(arg);
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

/* A segment of VCPUOP_initialise's 32-bit form, as Xen 4.17 checks it:
 * attribute bits 12-15 clear; null only for DS and ES; TR a busy 32-bit
 * TSS, the others code or data; present; CS code, SS writable data, DS
 * and ES readable.  *ar gets the accessed (TR: busy) bit when present. */
enum { SEG_CS, SEG_DS, SEG_SS, SEG_ES, SEG_TR };

static bool segment_ok(uint16_t *ar, int seg)
{
    unsigned int type = *ar & 0xf, s = (*ar >> 4) & 1, p = (*ar >> 7) & 1;

    if (*ar & 0xf000)
        return false;
    if (*ar == 0)
        return seg == SEG_DS || seg == SEG_ES;
    if (p)
        *ar |= seg == SEG_TR ? 2 : 1;
    type = *ar & 0xf;
    if (seg == SEG_TR ? (s || type != 0xb) : !s)
        return false;
    if (!p)
        return false;
    switch (seg) {
    case SEG_CS:
        return type & 8;
    case SEG_SS:
        return !(type & 8) && (type & 2);
    case SEG_DS:
    case SEG_ES:
        return !((type & 8) && !(type & 2));
    default:
        return true;
    }
}

static unsigned int ar_dpl(uint16_t ar)
{
    return (ar >> 5) & 3;
}

#define EFER_LMA (1UL << 10)

/* VCPUOP_initialise for an HVM vCPU: its registers from a
 * vcpu_hvm_context (Xen 4.17's checks and order); it stays down until
 * VCPUOP_up. */
static long vcpu_initialise(struct vcpu *v, unsigned long arg)
{
    struct vcpu_hvm_context c;
    struct hvm_hw_cpu h;
    long rc;

    /* As Xen: a vCPU past shared_info's slots first needs its vcpu_info
     * registered. */
    if (!v->vcpu_info)
        return -EINVAL;
    if (copy_from_guest(&c, arg, sizeof(c)))
        return -EFAULT;
    if (v->hvm.ctxt_loaded)
        return -EEXIST;
    if (c.pad)
        return -EINVAL;
    memset(&h, 0, sizeof(h));
    if (c.mode == VCPU_HVM_MODE_32B) {
        struct vcpu_hvm_x86_32 r = c.cpu_regs.x86_32;
        uint32_t limit = r.cs_limit;
        bool ok;

        if (r.pad1 || r.pad2[0] || r.pad2[1] || r.pad2[2])
            return -EINVAL;
        ok = segment_ok(&r.cs_ar, SEG_CS);
        ok &= segment_ok(&r.ds_ar, SEG_DS);
        ok &= segment_ok(&r.ss_ar, SEG_SS);
        ok &= segment_ok(&r.es_ar, SEG_ES);
        ok &= segment_ok(&r.tr_ar, SEG_TR);
        if (!ok)
            return -EINVAL;
        if (r.cs_ar & 0x800) /* granularity: 4 KiB units */
            limit = (limit << 12) | 0xfff;
        if (r.eip > limit || ar_dpl(r.ss_ar) != ar_dpl(r.cs_ar) ||
            ((r.ds_ar & 0x80) && ar_dpl(r.ds_ar) > ar_dpl(r.cs_ar)) ||
            ((r.es_ar & 0x80) && ar_dpl(r.es_ar) > ar_dpl(r.cs_ar)) ||
            ((r.efer & EFER_LMA) && !(r.efer & EFER_LME)))
            return -EINVAL;
        h.rax = r.eax;
        h.rcx = r.ecx;
        h.rdx = r.edx;
        h.rbx = r.ebx;
        h.rsp = r.esp;
        h.rbp = r.ebp;
        h.rsi = r.esi;
        h.rdi = r.edi;
        h.rip = r.eip;
        h.rflags = r.eflags;
        h.cr0 = r.cr0;
        h.cr3 = r.cr3;
        h.cr4 = r.cr4;
        h.msr_efer = r.efer;
        h.cs_base = r.cs_base;
        h.ds_base = r.ds_base;
        h.ss_base = r.ss_base;
        h.es_base = r.es_base;
        h.tr_base = r.tr_base;
        h.cs_limit = r.cs_limit;
        h.ds_limit = r.ds_limit;
        h.ss_limit = r.ss_limit;
        h.es_limit = r.es_limit;
        h.tr_limit = r.tr_limit;
        h.cs_arbytes = r.cs_ar;
        h.ds_arbytes = r.ds_ar;
        h.ss_arbytes = r.ss_ar;
        h.es_arbytes = r.es_ar;
        h.tr_arbytes = r.tr_ar;
    } else if (c.mode == VCPU_HVM_MODE_64B) {
        const struct vcpu_hvm_x86_64 *r = &c.cpu_regs.x86_64;

        if (((int64_t)r->rip >> 47) != 0 && ((int64_t)r->rip >> 47) != -1)
            return -EINVAL;
        if (!(r->cr0 & 0x80000000UL) || !(r->cr4 & 0x20) ||
            !(r->efer & EFER_LME))
            return -EINVAL;
        h.rax = r->rax;
        h.rcx = r->rcx;
        h.rdx = r->rdx;
        h.rbx = r->rbx;
        h.rsp = r->rsp;
        h.rbp = r->rbp;
        h.rsi = r->rsi;
        h.rdi = r->rdi;
        h.rip = r->rip;
        h.rflags = r->rflags;
        h.cr0 = r->cr0;
        h.cr3 = r->cr3;
        h.cr4 = r->cr4;
        h.msr_efer = r->efer;
        h.cs_limit = h.ds_limit = h.ss_limit = h.es_limit = ~0u;
        h.cs_arbytes = 0xa9b;
        h.ds_arbytes = h.ss_arbytes = h.es_arbytes = 0xc93;
        h.tr_limit = 0x67;
        h.tr_arbytes = 0x8b;
    } else {
        return -EINVAL;
    }
    if (h.msr_efer & EFER_LME)
        h.msr_efer |= EFER_LMA;
    h.dr6 = 0xffff0ff0;
    h.dr7 = 0x400;
    if ((rc = hvm_funcs->load_cpu_ctxt(v, &h)))
        return rc;
    v->hvm.ctxt_loaded = true;
    return 0;
}

/* VCPUOP_down: the last vCPU up powers the domain off instead (Xen). */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    bool others = false;

    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i] != v && d->vcpu[i]->up)
            others = true;
    if (!others) {
        pv_domain_shutdown(d, SHUTDOWN_poweroff);
        return 0;
    }
    if (!v->up)
        return 0;
    v->up = false;
    stop_timer(&v->singleshot_timer);
    sched_unit_pause_nosync(&v->sched);
    if (v == current)
        raise_softirq(SCHEDULE_SOFTIRQ);
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
    case VCPUOP_initialise:
    case VCPUOP_up:
    case VCPUOP_down:
        if (vcpuid >= d->max_vcpus || !d->vcpu[vcpuid])
            return -ENOENT;
        if (cmd == VCPUOP_initialise)
            return vcpu_initialise(d->vcpu[vcpuid], arg);
        if (cmd == VCPUOP_down)
            return vcpu_down(d->vcpu[vcpuid]);
        if (!d->vcpu[vcpuid]->hvm.ctxt_loaded)
            return -EINVAL;
        hvm_vcpu_bring_up(d->vcpu[vcpuid]);
        return 0;
    case VCPUOP_register_runstate_memory_area:
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
