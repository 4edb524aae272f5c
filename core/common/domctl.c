/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl (#36), interface version 0x15 (Xen 4.17): one table of every
 * command Xenith knows (domctl_table below) with its handler, the size of
 * its argument, and what a caller other than the control domain gets.
 *
 * Order of checks, as Xen 4.17: the interface version (-EACCES); for
 * createdomain the caller's privilege (-EPERM); the target domain, which
 * must exist (-ESRCH; getdomaininfo takes the next one up, dying or not);
 * then a caller other than the control domain gets the command's
 * unprivileged answer (argument validation first for the few commands
 * whose handlers check permissions late in Xen, else -EPERM), and the
 * control domain the handler's result.  A command without a handler is
 * -ENOSYS.  The request is copied back on success.
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
#include <xenith/arch_domctl.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>

#include "domctl_private.h"

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
                   << XEN_DOMINF_shutdownshift) |
                  arch_domain_info_flags(d);
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = arch_domain_shared_info_frame(d);
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

static long getdomaininfo_op(struct domain *d, struct xen_domctl *op)
{
    domctl_fill_info(d, &op->u.getdomaininfo);
    op->domain = d->domain_id;
    return 0;
}

static long max_mem_op(struct domain *d, struct xen_domctl *op)
{
    spin_lock(&d->lock);
    d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
    spin_unlock(&d->lock);
    return 0;
}

/* Xen 4.17 creates a domU's vCPUs here; Xenith at createdomain, so only
 * the count is checked. */
static long max_vcpus_op(struct domain *d, struct xen_domctl *op)
{
    if (op->u.max_vcpus.max != d->max_vcpus)
        return -EINVAL;
    spin_lock(&d->lock);
    d->vcpus_announced = true;
    spin_unlock(&d->lock);
    return 0;
}

static long scheduler_op(struct domain *d, struct xen_domctl *op)
{
    return sched_adjust(&d->sched, &op->u.scheduler_op);
}

/*
 * pausedomain / unpausedomain.  Xen 4.17 finds a dying domain too and
 * counts the toolstack's pauses on it as on any other (0); a dying
 * domain's vCPUs are stopped for good by its destruction, so here the
 * pair changes nothing on it.  Pausing oneself is -EINVAL.
 */
static long pausedomain_op(struct domain *d, struct xen_domctl *op)
{
    bool pause = op->cmd == XEN_DOMCTL_pausedomain;

    if (READ_ONCE(d->is_dying))
        return pause && d == current->domain ? -EINVAL : 0;
    return pause ? arch_domctl_pausedomain(d, op)
                 : arch_domctl_unpausedomain(d, op);
}

/* Unprivileged answers of HVM-only and IOMMU commands: every Xenith
 * domain is PV and there is no IOMMU for device groups. */
static long unpriv_not_hvm_einval(struct domain *d, const struct xen_domctl *op)
{
    return -EINVAL;
}

static long unpriv_eopnotsupp(struct domain *d, const struct xen_domctl *op)
{
    return -EOPNOTSUPP;
}

static long unpriv_set_target(struct domain *d, const struct xen_domctl *op)
{
    struct domain *e = get_domain_by_id(op->u.set_target.target);
    long rc;

    if (!e)
        return -ESRCH;
    rc = e == d ? -EINVAL : -EOPNOTSUPP;
    put_domain(e);
    return rc;
}

/* Flags of a domctl_desc. */
#define DCTL_CREATE 0x1 /* no target domain: op->domain is the wanted id */
#define DCTL_NEXT_UP                                      \
    0x2 /* the target is the first domain from op->domain \
         * up, dying ones included */
#define DCTL_DYING                                 \
    0x4 /* the target may be dying (a re-issued or \
         * repeated destroydomain) */
/* Not implemented yet for a translated (HVM) target: -EOPNOTSUPP (the
 * handler knows PV state only). */
#define DCTL_PV 0x8
#define DCTL_COPYBACK                                        \
    0x10 /* the argument goes back on failure too (Xen 4.17: \
          * set_cpu_policy's err_*, get_vcpu_msrs' count) */

struct domctl_desc {
    const char *name;
    /* Control domain; NULL: not implemented (-ENOSYS). */
    long (*fn)(struct domain *d, struct xen_domctl *op);
    /* Any other caller; NULL: -EPERM. */
    long (*unpriv)(struct domain *d, const struct xen_domctl *op);
    uint16_t arg_size; /* bytes of op->u the command reads or writes */
    uint8_t flags;
};

#define ARG(member) sizeof(((struct xen_domctl *)0)->u.member)
#define DOMCTL(cmd, member, handler, unpriv_fn, fl) \
    [XEN_DOMCTL_##cmd] = { #cmd, handler, unpriv_fn, ARG(member), fl }

static const struct domctl_desc domctl_table[] = {
    /* The domain's lifecycle. */
    DOMCTL(createdomain, createdomain, arch_domctl_createdomain, NULL,
           DCTL_CREATE),
    DOMCTL(destroydomain, getdomaininfo, arch_domctl_destroydomain, NULL,
           DCTL_DYING),
    DOMCTL(pausedomain, getdomaininfo, pausedomain_op, NULL, DCTL_DYING),
    DOMCTL(unpausedomain, getdomaininfo, pausedomain_op, NULL, DCTL_DYING),
    DOMCTL(getdomaininfo, getdomaininfo, getdomaininfo_op, NULL, DCTL_NEXT_UP),
    DOMCTL(setdomainhandle, setdomainhandle, domctl_setdomainhandle, NULL, 0),
    DOMCTL(settimeoffset, settimeoffset, arch_domctl_settimeoffset, NULL, 0),
    /* Resources. */
    DOMCTL(max_mem, max_mem, max_mem_op, NULL, 0),
    DOMCTL(max_vcpus, max_vcpus, max_vcpus_op, NULL, 0),
    DOMCTL(scheduler_op, scheduler_op, scheduler_op, NULL, 0),
    DOMCTL(setnodeaffinity, nodeaffinity, domctl_nodeaffinity, NULL, 0),
    DOMCTL(getnodeaffinity, nodeaffinity, domctl_nodeaffinity, NULL, 0),
    DOMCTL(set_virq_handler, set_virq_handler, domctl_set_virq_handler, NULL,
           0),
    /* vCPUs. */
    DOMCTL(getvcpuinfo, getvcpuinfo, domctl_getvcpuinfo, NULL, 0),
    DOMCTL(setvcpuaffinity, vcpuaffinity, domctl_vcpuaffinity, NULL, 0),
    DOMCTL(getvcpuaffinity, vcpuaffinity, domctl_vcpuaffinity, NULL, 0),
    DOMCTL(setvcpucontext, vcpucontext, arch_domctl_vcpucontext, NULL, DCTL_PV),
    DOMCTL(getvcpucontext, vcpucontext, arch_domctl_vcpucontext, NULL, DCTL_PV),
    DOMCTL(set_ext_vcpucontext, ext_vcpucontext, arch_domctl_ext_vcpucontext,
           NULL, DCTL_PV),
    DOMCTL(get_ext_vcpucontext, ext_vcpucontext, arch_domctl_ext_vcpucontext,
           NULL, DCTL_PV),
    /* The PV builder. */
    DOMCTL(hypercall_init, hypercall_init, arch_domctl_hypercall_init, NULL,
           DCTL_PV),
    DOMCTL(getpageframeinfo3, getpageframeinfo3, arch_domctl_getpageframeinfo3,
           NULL, DCTL_PV),
    DOMCTL(set_address_size, address_size, arch_domctl_address_size, NULL,
           DCTL_PV),
    /* HVM guests' register state. */
    DOMCTL(gethvmcontext, hvmcontext, arch_domctl_hvmcontext, NULL, 0),
    DOMCTL(sethvmcontext, hvmcontext, arch_domctl_hvmcontext, NULL, 0),
    /* Save, restore, migration. */
    DOMCTL(shadow_op, shadow_op, arch_domctl_shadow_op, NULL, 0),
    DOMCTL(resumedomain, getdomaininfo, arch_domctl_resumedomain, NULL,
           DCTL_PV),
    DOMCTL(getvcpuextstate, vcpuextstate, arch_domctl_vcpuextstate, NULL,
           DCTL_PV),
    DOMCTL(setvcpuextstate, vcpuextstate, arch_domctl_vcpuextstate, NULL,
           DCTL_PV),
    DOMCTL(get_vcpu_msrs, vcpu_msrs, arch_domctl_vcpu_msrs, NULL,
           DCTL_PV | DCTL_COPYBACK),
    DOMCTL(set_vcpu_msrs, vcpu_msrs, arch_domctl_vcpu_msrs, NULL, DCTL_PV),
    DOMCTL(get_address_size, address_size, arch_domctl_address_size, NULL,
           DCTL_PV),
    DOMCTL(settscinfo, tsc_info, arch_domctl_tscinfo, NULL, DCTL_PV),
    DOMCTL(gettscinfo, tsc_info, arch_domctl_tscinfo, NULL, DCTL_PV),
    DOMCTL(get_cpu_policy, cpu_policy, arch_domctl_cpu_policy, NULL, DCTL_PV),
    DOMCTL(set_cpu_policy, cpu_policy, arch_domctl_cpu_policy, NULL,
           DCTL_PV | DCTL_COPYBACK),
    /* I/O. */
    DOMCTL(iomem_permission, iomem_permission, arch_domctl_iomem_permission,
           NULL, 0),
    DOMCTL(ioport_permission, ioport_permission, arch_domctl_ioport_permission,
           arch_domctl_ioport_permission_unpriv, 0),
    /* Not implemented (no HVM, no IOMMU): only their unprivileged answers. */
    DOMCTL(memory_mapping, memory_mapping, NULL,
           arch_domctl_memory_mapping_unpriv, 0),
    DOMCTL(bind_pt_irq, bind_pt_irq, NULL, unpriv_not_hvm_einval, 0),
    DOMCTL(unbind_pt_irq, bind_pt_irq, NULL, unpriv_not_hvm_einval, 0),
    DOMCTL(ioport_mapping, ioport_mapping, NULL, unpriv_eopnotsupp, 0),
    DOMCTL(set_target, set_target, NULL, unpriv_set_target, 0),
    DOMCTL(get_device_group, get_device_group, NULL, unpriv_eopnotsupp, 0),
};

static const struct domctl_desc *domctl_lookup(uint32_t cmd)
{
    if (cmd >= ARRAY_SIZE(domctl_table) || !domctl_table[cmd].name)
        return NULL;
    return &domctl_table[cmd];
}

/* The target of op: -ESRCH, -EINVAL (getdomaininfo of a reserved id by
 * the control domain), or 0 with a reference in *dp. */
static long domctl_target(const struct domctl_desc *desc,
                          const struct xen_domctl *op, bool priv,
                          struct domain **dp)
{
    bool next_up = desc && (desc->flags & DCTL_NEXT_UP);

    if (next_up && priv && op->domain >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (next_up)
        *dp = get_domain_from_id(op->domain);
    else if (desc && (desc->flags & DCTL_DYING))
        *dp = get_domain_by_id_any(op->domain);
    else
        *dp = get_domain_by_id(op->domain);
    return *dp ? 0 : -ESRCH;
}

long do_domctl(unsigned long arg, unsigned long a2, unsigned long a3,
               unsigned long a4, unsigned long a5)
{
    bool priv = current->domain->is_privileged;
    const struct domctl_desc *desc;
    struct xen_domctl op;
    struct domain *d = NULL;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    desc = domctl_lookup(op.cmd);
    if (desc && (desc->flags & DCTL_CREATE)) {
        if (!priv)
            return -EPERM;
        rc = desc->fn(NULL, &op);
    } else {
        if ((rc = domctl_target(desc, &op, priv, &d)))
            return rc;
        if (!priv)
            rc = desc && desc->unpriv ? desc->unpriv(d, &op) : -EPERM;
        else if (desc && (desc->flags & DCTL_PV) && arch_domain_translated(d))
            rc = -EOPNOTSUPP;
        else
            rc = desc && desc->fn ? desc->fn(d, &op) : -ENOSYS;
        put_domain(d);
        if (!priv)
            return rc;
    }
    if (rc == -ENOSYS)
        printk(XENLOG_DEBUG "domctl %u (d%u): not implemented\n", op.cmd,
               op.domain);
    if ((rc == 0 || (desc && (desc->flags & DCTL_COPYBACK))) &&
        copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
