/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl sub-ops about a domain that every architecture shares:
 *   setnodeaffinity / getnodeaffinity  the domain's node map (recorded)
 *   setdomainhandle                    the UUID getdomaininfo reports
 *   set_virq_handler                   route a global VIRQ to the domain
 */
#include <public/domctl.h>
#include <xenith/cpupool.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/sched_mask.h>
#include <xenith/time.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/current.h>

#include "domctl_private.h"

static uint64_t handle(const void *h)
{
    uint64_t p;

    memcpy(&p, h, sizeof(p));
    return p;
}

/* Nodes with CPUs or memory: 0..nr_nodes-1 (node 0 without an SRAT). */
static uint64_t online_nodes(void)
{
    unsigned int n = nr_nodes ? nr_nodes : 1;

    return n >= MAX_NUMNODES ? ~0ULL : (1ULL << n) - 1;
}

/* Automatic node affinity: the nodes of the CPUs of the domain's pool
 * (every vCPU may run on each of them). */
static uint64_t auto_nodes(struct domain *d)
{
    uint64_t nodes = 0;

    spin_lock(&cpupool_lock);
    if (d->sched.pool)
        for (unsigned int c = 0; c < sched_nr_cpu_ids; c++)
            if (sched_mask_test(d->sched.pool->cpu_valid, c))
                nodes |= 1ULL << (cpu_to_node ? cpu_to_node[c] : 0);
    spin_unlock(&cpupool_lock);
    return nodes ? nodes : 1;
}

/*
 * Xen's node maps are MAX_NUMNODES (64) bits wide.  Set: bits past the
 * caller's nr_bits are ignored; a map with no online node is -EINVAL; a
 * full map means "automatic".  Get: min(caller's, 8) bytes of the map,
 * the rest of the caller's bytes zero.  The affinity is recorded and
 * reported, and the domain's memory comes from those nodes
 * (domain_node_affinity(), common/memory_op.c).
 */
static long node_affinity(struct domain *d, struct xen_domctl_nodeaffinity *na,
                          bool set)
{
    uint64_t map = handle(&na->nodemap.bitmap);
    unsigned int bytes = (na->nodemap.nr_bits + 7) / 8, n;
    uint8_t buf[8] = { 0 };
    uint64_t nodes = 0;

    n = bytes < sizeof(buf) ? bytes : sizeof(buf);
    if (set) {
        if (n && copy_from_guest(buf, map, n))
            return -EFAULT;
        if ((na->nodemap.nr_bits & 7) && n == bytes)
            buf[n - 1] &= (uint8_t) ~(0xffu << (na->nodemap.nr_bits & 7));
        for (unsigned int i = 0; i < sizeof(buf); i++)
            nodes |= (uint64_t)buf[i] << (8 * i);
        if (!(nodes & online_nodes()))
            return -EINVAL;
        spin_lock(&d->lock);
        d->node_affinity_set = nodes != ~0ULL;
        d->node_affinity = nodes;
        spin_unlock(&d->lock);
        return 0;
    }
    spin_lock(&d->lock);
    nodes = d->node_affinity_set ? d->node_affinity : 0;
    spin_unlock(&d->lock);
    if (!nodes)
        nodes = auto_nodes(d);
    for (unsigned int i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(nodes >> (8 * i));
    if (n && copy_to_guest(map, buf, n))
        return -EFAULT;
    for (unsigned int i = n; i < bytes; i++) {
        uint8_t z = 0;

        if (copy_to_guest(map + i, &z, 1))
            return -EFAULT;
    }
    return 0;
}

uint64_t domain_node_affinity(struct domain *d)
{
    uint64_t nodes;

    spin_lock(&d->lock);
    nodes = d->node_affinity_set ? d->node_affinity : 0;
    spin_unlock(&d->lock);
    return nodes ? nodes : auto_nodes(d);
}

long domctl_nodeaffinity(struct domain *d, struct xen_domctl *op)
{
    return node_affinity(d, &op->u.nodeaffinity,
                         op->cmd == XEN_DOMCTL_setnodeaffinity);
}

long domctl_setdomainhandle(struct domain *d, struct xen_domctl *op)
{
    spin_lock(&d->lock);
    memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
    spin_unlock(&d->lock);
    return 0;
}

long domctl_set_virq_handler(struct domain *d, struct xen_domctl *op)
{
    return evtchn_set_global_virq_handler(d, op->u.set_virq_handler.virq);
}
