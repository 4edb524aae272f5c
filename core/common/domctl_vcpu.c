/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl sub-ops about one vCPU that every architecture shares:
 * getvcpuinfo and set/getvcpuaffinity.  A missing vCPU is -EINVAL (Xen
 * 4.17's answer for these).
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

#include "domctl_private.h"

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
 * them): the hard mask from the scheduler; the soft mask as the toolstack
 * set it (every CPU id, Xen's default, until then or when set to all).
 * The soft mask is recorded and reported; the credit scheduler does not
 * prefer it yet (NUMA placement acts through the node affinity, which
 * places the memory).
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
    if (set && (va->flags & XEN_VCPUAFFINITY_SOFT)) {
        bool all = true;

        memset(mask, 0, sizeof(mask));
        memset(bytes, 0, sizeof(bytes));
        if (n && copy_from_guest(bytes, soft, n))
            return -EFAULT;
        for (unsigned int c = 0; c < nr_cpu_ids; c++) {
            if (c < n * 8 && (bytes[c / 8] & (1U << (c % 8))))
                mask[c / 64] |= 1UL << (c % 64);
            else
                all = false;
        }
        spin_lock(&v->domain->lock);
        memcpy(v->soft_affinity, mask, sizeof(v->soft_affinity));
        v->soft_affinity_set = !all;
        spin_unlock(&v->domain->lock);
    }
    if ((va->flags & XEN_VCPUAFFINITY_SOFT) && soft && want) {
        memset(bytes, 0, sizeof(bytes));
        spin_lock(&v->domain->lock);
        for (unsigned int c = 0; c < n * 8 && c < nr_cpu_ids; c++)
            if (!v->soft_affinity_set ||
                (v->soft_affinity[c / 64] & (1UL << (c % 64))))
                bytes[c / 8] |= (uint8_t)(1U << (c % 8));
        spin_unlock(&v->domain->lock);
        if ((rc = put_cpumap(soft, bytes, n, want)))
            return rc;
    }
    return 0;
}

long domctl_getvcpuinfo(struct domain *d, struct xen_domctl *op)
{
    struct vcpu *v = domctl_vcpu(d, op->u.getvcpuinfo.vcpu);

    return v ? vcpu_info_op(v, &op->u.getvcpuinfo) : -EINVAL;
}

long domctl_vcpuaffinity(struct domain *d, struct xen_domctl *op)
{
    struct vcpu *v = domctl_vcpu(d, op->u.vcpuaffinity.vcpu);

    if (!v)
        return -EINVAL;
    return affinity(v, &op->u.vcpuaffinity,
                    op->cmd == XEN_DOMCTL_setvcpuaffinity);
}
