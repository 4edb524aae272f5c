/*
 * domctl sub-ops about one vCPU (setvcpucontext, getvcpucontext,
 * getvcpuinfo, set/getvcpuaffinity) and the I/O permission ones
 * (iomem_permission, ioport_permission).  A missing vCPU is -EINVAL (Xen
 * 4.17's answer for these); unknown commands -ENOSYS.
 *
 * I/O memory: every domain starts with Xen's default (dom0 may map all
 * non-RAM frames, others none); removing a range records it as denied,
 * and a domain can give back only ranges it still has itself (-EPERM).
 */
#include <public/domctl.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>
#include <xenith/time.h>

long domctl_vcpu_op(struct domain *d, struct xen_domctl *op);
long domctl_permission_op(struct domain *d, struct xen_domctl *op);

static uint64_t handle(const void *h)
{
    uint64_t p;

    memcpy(&p, h, sizeof(p));
    return p;
}

static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

static long set_context(struct vcpu *v, struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c;
    long rc;

    if (v->pv.initialised)
        return -EEXIST;
    if (!(c = xmalloc(struct vcpu_guest_context)))
        return -ENOMEM;
    rc = copy_from_guest(c, handle(&vc->ctxt), sizeof(*c));
    if (!rc)
        rc = pv_vcpu_load_context(v, c);
    if (!rc && (c->flags & VGCF_online))
        pv_vcpu_bring_up(v);
    xfree(c);
    return rc;
}

static long get_context(struct vcpu *v, struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c = xzalloc(struct vcpu_guest_context);
    long rc;

    if (!c)
        return -ENOMEM;
    c->flags = VGCF_in_kernel | (v->up ? VGCF_online : 0);
    c->user_regs = v->pv.regs;
    memcpy(c->trap_ctxt, v->pv.trap_ctxt, sizeof(c->trap_ctxt));
    for (unsigned int i = 0; i < PV_GDT_FRAMES; i++)
        c->gdt_frames[i] = v->pv.mm.gdt_frames[i];
    c->gdt_ents = v->pv.mm.gdt_entries;
    c->kernel_ss = v->pv.kernel_ss;
    c->kernel_sp = v->pv.kernel_sp;
    c->ctrlreg[3] = xen_pfn_to_cr3(v->pv.mm.guest_table);
    c->ctrlreg[1] = xen_pfn_to_cr3(v->pv.mm.guest_table_user);
    memcpy(c->debugreg, v->pv.debugreg, sizeof(c->debugreg));
    c->event_callback_eip = v->pv.cb.event;
    c->failsafe_callback_eip = v->pv.cb.failsafe;
    c->syscall_callback_eip = v->pv.cb.syscall;
    c->vm_assist = v->domain->pv.vm_assist;
    c->fs_base = v->pv.fs_base;
    c->gs_base_kernel = v->pv.gs_base_kernel;
    c->gs_base_user = v->pv.gs_base_user;
    rc = copy_to_guest(handle(&vc->ctxt), c, sizeof(*c));
    xfree(c);
    return rc;
}

static long vcpu_info_op(struct vcpu *v, struct xen_domctl_getvcpuinfo *vi)
{
    vi->online = v->up;
    vi->blocked = v->sched.blocked;
    vi->running = v->is_running;
    vi->cpu_time = v->runstate.time[RUNSTATE_running];
    if (v->is_running)
        vi->cpu_time +=
            (uint64_t)(NOW() - (s_time_t)v->runstate.state_entry_time);
    vi->cpu = v->processor;
    return 0;
}

/* Write a CPU bitmap to the caller's want bytes: the first n from
 * bytes, the rest zero (no CPU has those ids). */
static long put_cpumap(uint64_t map, const uint8_t *bytes, unsigned int n,
                       unsigned int want)
{
    static const uint8_t zero[64];

    if (n && copy_to_guest(map, bytes, n))
        return -EFAULT;
    while (n < want) {
        unsigned int k = want - n < sizeof(zero) ? want - n : sizeof(zero);

        if (copy_to_guest(map + n, zero, k))
            return -EFAULT;
        n += k;
    }
    return 0;
}

/*
 * Affinity bitmaps of up to NR_CPUS bits (a longer map reads as zero past
 * them): the hard mask from the scheduler; soft affinity is not kept, so
 * it reads as every CPU id (Xen's default).
 */
static long affinity(struct vcpu *v, struct xen_domctl_vcpuaffinity *va,
                     bool set)
{
    unsigned long mask[(NR_CPUS + 63) / 64];
    uint8_t bytes[NR_CPUS / 8]; /* every CPU id there can be */
    unsigned int want = (va->cpumap_hard.nr_bits + 7) / 8, n = want;
    unsigned int ids = (nr_cpu_ids + 7) / 8;
    uint64_t hard = handle(&va->cpumap_hard.bitmap);
    uint64_t soft = handle(&va->cpumap_soft.bitmap);
    long rc;

    if (n > ids)
        n = ids;
    if (set && (va->flags & XEN_VCPUAFFINITY_HARD)) {
        memset(mask, 0, sizeof(mask));
        memset(bytes, 0, sizeof(bytes));
        if (copy_from_guest(bytes, hard, n))
            return -EFAULT;
        for (unsigned int c = 0; c < n * 8 && c < nr_cpu_ids; c++)
            if (bytes[c / 8] & (1U << (c % 8)))
                mask[c / 64] |= 1UL << (c % 64);
        if ((rc = sched_set_affinity(&v->sched, mask)))
            return rc;
    }
    if ((va->flags & XEN_VCPUAFFINITY_HARD) && hard && want) {
        memset(bytes, 0, sizeof(bytes));
        for (unsigned int c = 0; c < n * 8 && c < nr_cpu_ids; c++)
            if (v->sched.hard_affinity[c / 64] & (1UL << (c % 64)))
                bytes[c / 8] |= (uint8_t)(1U << (c % 8));
        if ((rc = put_cpumap(hard, bytes, n, want)))
            return rc;
    }
    want = (va->cpumap_soft.nr_bits + 7) / 8;
    n = want < ids ? want : ids;
    if ((va->flags & XEN_VCPUAFFINITY_SOFT) && soft && want) {
        memset(bytes, 0, sizeof(bytes));
        for (unsigned int c = 0; c < n * 8 && c < nr_cpu_ids; c++)
            bytes[c / 8] |= (uint8_t)(1U << (c % 8));
        if ((rc = put_cpumap(soft, bytes, n, want)))
            return rc;
    }
    return 0;
}

long domctl_vcpu_op(struct domain *d, struct xen_domctl *op)
{
    struct vcpu *v;

    switch (op->cmd) {
    case XEN_DOMCTL_setvcpucontext:
    case XEN_DOMCTL_getvcpucontext:
        if (!(v = domctl_vcpu(d, op->u.vcpucontext.vcpu)))
            return -EINVAL;
        return op->cmd == XEN_DOMCTL_setvcpucontext
                   ? set_context(v, &op->u.vcpucontext)
                   : get_context(v, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpuinfo:
        if (!(v = domctl_vcpu(d, op->u.getvcpuinfo.vcpu)))
            return -EINVAL;
        return vcpu_info_op(v, &op->u.getvcpuinfo);
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        if (!(v = domctl_vcpu(d, op->u.vcpuaffinity.vcpu)))
            return -EINVAL;
        return affinity(v, &op->u.vcpuaffinity,
                        op->cmd == XEN_DOMCTL_setvcpuaffinity);
    default:
        return -ENOSYS;
    }
}

/* Is [first, last] inside a range d has lost? */
static bool iomem_denied(const struct domain *d, unsigned long first,
                         unsigned long last)
{
    for (unsigned int i = 0; i < d->pv.nr_iomem_denied; i++)
        if (first <= d->pv.iomem_denied[i].last &&
            last >= d->pv.iomem_denied[i].first)
            return true;
    return false;
}

bool pv_iomem_denied(const struct domain *d, unsigned long mfn)
{
    return iomem_denied(d, mfn, mfn);
}

static long iomem_permission(struct domain *d,
                             struct xen_domctl_iomem_permission *p)
{
    struct domain *cur = current->domain;
    unsigned long first = p->first_mfn, last = first + p->nr_mfns - 1;
    long rc = 0;

    if (!p->nr_mfns || last < first)
        return -EINVAL;
    /* Granting needs the caller to have the range itself. */
    if (p->allow_access &&
        (!cur->is_privileged || iomem_denied(cur, first, last)))
        return -EPERM;
    spin_lock(&d->lock);
    if (!p->allow_access) {
        if (d->pv.nr_iomem_denied == ARRAY_SIZE(d->pv.iomem_denied))
            rc = -ENOSPC;
        else {
            d->pv.iomem_denied[d->pv.nr_iomem_denied].first = first;
            d->pv.iomem_denied[d->pv.nr_iomem_denied].last = last;
            d->pv.nr_iomem_denied++;
        }
    } else {
        for (unsigned int i = 0; i < d->pv.nr_iomem_denied;)
            if (first <= d->pv.iomem_denied[i].first &&
                last >= d->pv.iomem_denied[i].last)
                d->pv.iomem_denied[i] =
                    d->pv.iomem_denied[--d->pv.nr_iomem_denied];
            else
                i++;
    }
    spin_unlock(&d->lock);
    return rc;
}

/* Ports: a 65536-bit map made on first use from the domain's default. */
static long ioport_permission(struct domain *d,
                              struct xen_domctl_ioport_permission *p)
{
    unsigned int last = p->first_port + p->nr_ports - 1;

    if (!p->nr_ports || last > 0xffff || last < p->first_port)
        return -EINVAL;
    if (!d->pv.ioport_allowed) {
        uint8_t *map = xmalloc_bytes(65536 / 8);

        if (!map)
            return -ENOMEM;
        memset(map, d->is_privileged ? 0xff : 0, 65536 / 8);
        d->pv.ioport_allowed = map;
    }
    for (unsigned int port = p->first_port; port <= last; port++) {
        if (p->allow_access)
            d->pv.ioport_allowed[port / 8] |= (uint8_t)(1U << (port % 8));
        else
            d->pv.ioport_allowed[port / 8] &= (uint8_t) ~(1U << (port % 8));
    }
    return 0;
}

long domctl_permission_op(struct domain *d, struct xen_domctl *op)
{
    if (op->cmd == XEN_DOMCTL_iomem_permission)
        return iomem_permission(d, &op->u.iomem_permission);
    return ioport_permission(d, &op->u.ioport_permission);
}
