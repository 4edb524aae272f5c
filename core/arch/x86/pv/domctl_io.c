/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 I/O permissions through domctl (iomem_permission,
 * ioport_permission) and what an unprivileged caller gets for the
 * commands whose argument checks come before the permission check.
 *
 * I/O memory: every domain starts with Xen's default (dom0 may map all
 * non-RAM frames, others none); removing a range records it as denied,
 * and a domain can give back only ranges it still has itself (-EPERM).
 */
#include <public/domctl.h>
#include <xenith/arch_domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/asm/current.h>
#include <xenith/spinlock.h>
#include <xenith/asm/processor.h>

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

long arch_domctl_iomem_permission(struct domain *d, struct xen_domctl *op)
{
    return iomem_permission(d, &op->u.iomem_permission);
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

long arch_domctl_ioport_permission(struct domain *d, struct xen_domctl *op)
{
    return ioport_permission(d, &op->u.ioport_permission);
}

long arch_domctl_ioport_permission_unpriv(struct domain *d,
                                          const struct xen_domctl *op)
{
    uint32_t fp = op->u.ioport_permission.first_port;
    uint32_t end = fp + op->u.ioport_permission.nr_ports;

    return end <= fp || end > 0x10000 ? -EINVAL : -EPERM;
}

long arch_domctl_memory_mapping_unpriv(struct domain *d,
                                       const struct xen_domctl *op)
{
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
