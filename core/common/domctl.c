/*
 * domctl (#36), interface version 0x15 (Xen 4.17), for the control
 * domain (others: domctl_unprivileged()).  The domain named by the request must
 * exist (-ESRCH), except for createdomain.  Xen 4.17's answers: wrong
 * interface version -EACCES; pausing oneself -EINVAL; a missing vCPU in
 * getvcpuinfo -EINVAL; max_vcpus other than the created count -EINVAL;
 * unknown commands -ENOSYS.  The request is copied back on success.
 */
#include <public/domctl.h>
#include <xenith/cpupool.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/asm/processor.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>

long domctl_vcpu_op(struct domain *d, struct xen_domctl *op);
long domctl_permission_op(struct domain *d, struct xen_domctl *op);
long domctl_misc_op(struct domain *d, struct xen_domctl *op);
void domctl_fill_info(struct domain *d, xen_domctl_getdomaininfo_t *info);

void domctl_fill_info(struct domain *d, xen_domctl_getdomaininfo_t *info)
{
    bool running = false, blocked = true;
    unsigned int online = 0, max_id = 0;
    uint64_t cpu_time = 0;

    memset(info, 0, sizeof(*info));
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        max_id = i;
        cpu_time += v->runstate.time[RUNSTATE_running];
        if (!v->up)
            continue;
        online++;
        running |= v->is_running;
        blocked &= v->sched.blocked;
    }
    info->domain = d->domain_id;
    info->flags = (d->is_dying ? XEN_DOMINF_dying : 0) |
                  (d->shutting_down ? XEN_DOMINF_shutdown : 0) |
                  (d->ctrl_paused ? XEN_DOMINF_paused : 0) |
                  (running ? XEN_DOMINF_running : 0) |
                  (online && blocked ? XEN_DOMINF_blocked : 0) |
                  ((d->shutdown_code & XEN_DOMINF_shutdownmask)
                   << XEN_DOMINF_shutdownshift);
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = d->pv.shared_info_mfn;
    info->cpu_time = cpu_time;
    info->nr_online_vcpus = online;
    info->max_vcpu_id = max_id;
    /* Xen has no vCPUs for a toolstack's domain before max_vcpus. */
    if (!d->is_privileged && !READ_ONCE(d->vcpus_announced))
        info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    spin_lock(&cpupool_lock);
    info->cpupool = d->sched.pool ? d->sched.pool->cpupool_id : CPUPOOLID_NONE;
    spin_unlock(&cpupool_lock);
    info->gpaddr_bits = 52;
}

static long domain_op(struct domain *d, struct xen_domctl *op)
{
    long rc;

    switch (op->cmd) {
    case XEN_DOMCTL_destroydomain:
        return pv_domu_destroy(d);
    case XEN_DOMCTL_pausedomain:
        return pv_domain_pause(d);
    case XEN_DOMCTL_unpausedomain:
        return pv_domain_unpause(d);
    case XEN_DOMCTL_getdomaininfo:
        domctl_fill_info(d, &op->u.getdomaininfo);
        return 0;
    case XEN_DOMCTL_max_mem:
        spin_lock(&d->lock);
        d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
        spin_unlock(&d->lock);
        return 0;
    case XEN_DOMCTL_max_vcpus:
        if (op->u.max_vcpus.max != d->max_vcpus)
            return -EINVAL;
        spin_lock(&d->lock);
        d->vcpus_announced = true;
        spin_unlock(&d->lock);
        return 0;
    case XEN_DOMCTL_settimeoffset:
        pv_set_time_offset(d, op->u.settimeoffset.time_offset_seconds);
        return 0;
    case XEN_DOMCTL_scheduler_op:
        return sched_adjust(&d->sched, &op->u.scheduler_op);
    case XEN_DOMCTL_iomem_permission:
    case XEN_DOMCTL_ioport_permission:
        return domctl_permission_op(d, op);
    default:
        rc = domctl_vcpu_op(d, op);
        return rc == -ENOSYS ? domctl_misc_op(d, op) : rc;
    }
}

/*
 * A domain other than the control domain: Xen 4.17's default XSM policy
 * refuses every command with -EPERM once the domain is found, except the
 * few whose handlers do their own permission checks after validating the
 * arguments (the device-model commands); those give the validation's
 * error first.  Every Xenith domain is PV, so the HVM-only ones fail
 * that way; there is no IOMMU for device groups.
 */
static long domctl_unprivileged(struct domain *d, const struct xen_domctl *op)
{
    switch (op->cmd) {
    case XEN_DOMCTL_ioport_permission: {
        uint32_t fp = op->u.ioport_permission.first_port;
        uint32_t end = fp + op->u.ioport_permission.nr_ports;

        return end <= fp || end > 0x10000 ? -EINVAL : -EPERM;
    }
    case XEN_DOMCTL_memory_mapping: {
        uint64_t mfn = op->u.memory_mapping.first_mfn;
        uint64_t gfn = op->u.memory_mapping.first_gfn;
        uint64_t nr = op->u.memory_mapping.nr_mfns;
        uint64_t mfn_end = mfn + nr - 1;
        struct cpuid_regs r;
        unsigned int paddr_bits = 36;

        cpuid(0x80000000, &r);
        if (r.a >= 0x80000008) {
            cpuid(0x80000008, &r);
            paddr_bits = r.a & 0xff;
        }
        if (mfn_end < mfn || ((mfn | mfn_end) >> (paddr_bits - PAGE_SHIFT)) ||
            gfn + nr - 1 < gfn)
            return -EINVAL;
        return -EPERM;
    }
    case XEN_DOMCTL_bind_pt_irq:
    case XEN_DOMCTL_unbind_pt_irq:
        return -EINVAL; /* not an HVM domain */
    case XEN_DOMCTL_ioport_mapping:
        return -EOPNOTSUPP; /* not an HVM domain */
    case XEN_DOMCTL_set_target: {
        struct domain *e = get_domain_by_id(op->u.set_target.target);
        long rc;

        if (!e)
            return -ESRCH;
        rc = e == d ? -EINVAL : -EOPNOTSUPP; /* not an HVM domain */
        put_domain(e);
        return rc;
    }
    case XEN_DOMCTL_get_device_group:
        return -EOPNOTSUPP; /* no IOMMU */
    default:
        return -EPERM;
    }
}

long do_domctl(unsigned long arg, unsigned long a2, unsigned long a3,
               unsigned long a4, unsigned long a5)
{
    struct xen_domctl op;
    struct domain *d;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!current->domain->is_privileged) {
        if (op.cmd == XEN_DOMCTL_createdomain)
            return -EPERM;
        if (!(d = op.cmd == XEN_DOMCTL_getdomaininfo
                      ? get_domain_from_id(op.domain)
                      : get_domain_by_id(op.domain)))
            return -ESRCH;
        rc = domctl_unprivileged(d, &op);
        put_domain(d);
        return rc;
    }
    if (op.cmd == XEN_DOMCTL_createdomain) {
        domid_t id = op.domain;

        rc = pv_domu_create(&op.u.createdomain, &id);
        op.domain = id;
    } else if (op.cmd == XEN_DOMCTL_getdomaininfo) {
        /* Xen 4.17: the first domain from op.domain up, dying or not
         * (libxc's xc_domain_getinfo iterates with it). */
        if (op.domain >= DOMID_FIRST_RESERVED)
            return -EINVAL;
        if (!(d = get_domain_from_id(op.domain)))
            return -ESRCH;
        domctl_fill_info(d, &op.u.getdomaininfo);
        op.domain = d->domain_id;
        put_domain(d);
        rc = 0;
    } else {
        if (!(d = get_domain_by_id(op.domain)))
            return -ESRCH;
        rc = domain_op(d, &op);
        put_domain(d);
    }
    if (rc == -ENOSYS)
        printk(XENLOG_DEBUG "domctl %u (d%u): not implemented\n", op.cmd,
               op.domain);
    if (rc == 0 && copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
