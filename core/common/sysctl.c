/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysctl (#35), interface version 0x15 (Xen 4.17), for the control
 * domain only (checked after the interface version, as Xen does).  The
 * commands are in sysctl_table below.  A wrong interface version is
 * -EACCES, an unknown command -ENOSYS, a bad pointer -EFAULT.
 */
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xenith/console.h>
#include <xenith/cpupool.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/pci.h>
#include <xenith/arch_domctl.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/time.h>
#include <xenith/asm/topology.h>

#include "domctl_private.h"

static uint64_t handle(const void *h)
{
    uint64_t p;

    memcpy(&p, h, sizeof(p));
    return p;
}

/* xl debug-keys: each key as if typed on the serial console. */
static long debug_keys(struct xen_sysctl_debug_keys *k)
{
    uint64_t src = handle(&k->keys);

    for (uint32_t i = 0; i < k->nr_keys; i++) {
        char c;

        if (copy_from_guest(&c, src + i, 1))
            return -EFAULT;
        keyhandler_queue(c);
    }
    return 0;
}

static long readconsole(struct xen_sysctl_readconsole *rc)
{
    enum { CHUNK = 4096 };
    char *buf = xmalloc_bytes(CHUNK); /* per call: callers may race */
    uint64_t dst = handle(&rc->buffer);
    uint32_t want = rc->count;
    size_t n;

    if (!buf)
        return -ENOMEM;
    /* Xen 4.17: from rc->index if incremental, else from the ring's
     * start (or the last clear); rc->index then names the next byte. */
    n = console_ring_read(buf, want < CHUNK ? want : CHUNK, &rc->index,
                          rc->incremental, rc->clear);
    if (n && copy_to_guest(dst, buf, n)) {
        xfree(buf);
        return -EFAULT;
    }
    xfree(buf);
    rc->count = (uint32_t)n;
    return 0;
}

static void physinfo(struct xen_sysctl_physinfo *p)
{
    unsigned int cpu, threads = 1, cores = 1;

    memset(p, 0, sizeof(*p));
    for_each_online_cpu(cpu)
    {
        if (cpu_topology && cpu_topology[cpu].thread + 1 > threads)
            threads = cpu_topology[cpu].thread + 1;
        if (cpu_topology && cpu_topology[cpu].core + 1 > cores)
            cores = cpu_topology[cpu].core + 1;
        p->max_cpu_id = cpu;
    }
    p->threads_per_core = threads;
    p->cores_per_socket = cores;
    p->nr_cpus = num_online_cpus();
    p->nr_nodes = nr_nodes ? nr_nodes : 1;
    p->max_node_id = p->nr_nodes - 1;
    p->cpu_khz = (uint32_t)cpu_khz;
    p->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1 |
                      XEN_SYSCTL_PHYSCAP_gnttab_v2 | arch_physinfo_caps();
    p->total_pages = total_pages;
    p->free_pages = heap_free_pages();
    p->max_mfn = max_page - 1;
}

static long cputopoinfo(struct xen_sysctl_cputopoinfo *t)
{
    uint64_t dst = handle(&t->cputopo);
    unsigned int n = nr_cpu_ids;

    if (!dst || !t->num_cpus) {
        t->num_cpus = n;
        return 0;
    }
    for (unsigned int cpu = 0; cpu < n && cpu < t->num_cpus; cpu++) {
        xen_sysctl_cputopo_t e = { XEN_INVALID_CORE_ID, XEN_INVALID_SOCKET_ID,
                                   XEN_INVALID_NODE_ID };

        if (cpu_online(cpu) && cpu_topology) {
            e.core = cpu_topology[cpu].core;
            e.socket = cpu_topology[cpu].socket;
            e.node = cpu_to_node ? cpu_to_node[cpu] : 0;
        }
        if (copy_to_guest(dst + cpu * sizeof(e), &e, sizeof(e)))
            return -EFAULT;
    }
    t->num_cpus = n < t->num_cpus ? n : t->num_cpus;
    return 0;
}

static long numainfo(struct xen_sysctl_numainfo *ni)
{
    uint64_t mem = handle(&ni->meminfo), dist = handle(&ni->distance);
    unsigned int nodes = nr_nodes ? nr_nodes : 1;

    if (!ni->num_nodes || (!mem && !dist)) {
        ni->num_nodes = nodes;
        return 0;
    }
    if (ni->num_nodes < nodes)
        nodes = ni->num_nodes;
    for (unsigned int i = 0; i < nodes; i++) {
        xen_sysctl_meminfo_t m;

        m.memsize = nr_nodes ? node_memory[i] : total_pages << PAGE_SHIFT;
        m.memfree = (uint64_t)heap_node_free_pages(i) << PAGE_SHIFT;
        if (mem && copy_to_guest(mem + i * sizeof(m), &m, sizeof(m)))
            return -EFAULT;
        for (unsigned int j = 0; dist && j < nodes; j++) {
            uint32_t d = numa_distance(i, j);

            if (copy_to_guest(dist + (i * ni->num_nodes + j) * sizeof(d), &d,
                              sizeof(d)))
                return -EFAULT;
        }
    }
    ni->num_nodes = nodes;
    return 0;
}

/*
 * The domain list in ascending id order, as Xen keeps its own.  The hash
 * has no order, so each batch is one pass over every domain keeping the
 * lowest ids at or above a cursor; the next batch starts past the last
 * one taken.  Nothing is shared between concurrent callers.
 */
#define LIST_BATCH 32

struct list_batch {
    unsigned int from; /* lowest id wanted */
    unsigned int want; /* at most LIST_BATCH */
    unsigned int n;
    struct domain *d[LIST_BATCH]; /* ascending ids, each referenced */
};

/* Runs under domlist_lock: a domain pushed out of the batch is still in
 * the list, so dropping its reference cannot free it. */
static void batch_add(struct domain *d, void *arg)
{
    struct list_batch *b = arg;
    unsigned int i;

    if (d->domain_id < b->from || !b->want)
        return;
    if (b->n == b->want) {
        if (d->domain_id > b->d[b->n - 1]->domain_id)
            return;
        put_domain(b->d[--b->n]);
    }
    for (i = b->n; i && b->d[i - 1]->domain_id > d->domain_id; i--)
        b->d[i] = b->d[i - 1];
    get_domain(d);
    b->d[i] = d;
    b->n++;
}

static long domaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
    uint64_t dst = handle(&l->buffer);
    unsigned int from = l->first_domain;
    uint32_t out = 0;
    long rc = 0;

    while (!rc && out < l->max_domains && from < DOMID_FIRST_RESERVED) {
        struct list_batch b = { .from = from, .n = 0 };

        b.want = l->max_domains - out < LIST_BATCH ? l->max_domains - out
                                                   : LIST_BATCH;
        for_each_domain(batch_add, &b);
        if (b.n)
            from = b.d[b.n - 1]->domain_id + 1u;
        for (unsigned int i = 0; i < b.n; i++) {
            xen_domctl_getdomaininfo_t info;

            if (!rc) {
                domctl_fill_info(b.d[i], &info);
                if (copy_to_guest(dst + out * sizeof(info), &info,
                                  sizeof(info)))
                    rc = -EFAULT;
                else
                    out++;
            }
            put_domain(b.d[i]);
        }
        if (b.n < b.want)
            break;
    }
    l->num_domains = out;
    return rc;
}

/* Zero the caller's bitmap bytes from..to-1 (past the CPUs there are). */
static long zero_guest_bytes(uint64_t map, unsigned int from, unsigned int to)
{
    static const uint8_t zero[64];

    while (from < to) {
        unsigned int n = to - from < sizeof(zero) ? to - from : sizeof(zero);

        if (copy_to_guest(map + from, zero, n))
            return -EFAULT;
        from += n;
    }
    return 0;
}

static long cpupool(struct xen_sysctl_cpupool_op *op)
{
    uint64_t map = handle(&op->cpumap.bitmap);
    unsigned int want = (op->cpumap.nr_bits + 7) / 8, bytes = want;
    uint8_t buf[NR_CPUS / 8]; /* every CPU id there can be */
    struct domain *d = NULL;
    long rc;

    if (bytes > sizeof(buf))
        bytes = sizeof(buf);
    if (op->op == XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN &&
        !(d = get_domain_by_id((domid_t)op->domid)))
        return -ESRCH;
    rc = cpupool_do_op(op, d ? &d->sched : NULL, map ? buf : NULL,
                       map ? bytes : 0);
    if (d)
        put_domain(d);
    /* Only INFO and FREEINFO fill the map; other ops leave it alone. */
    if (rc || !map ||
        (op->op != XEN_SYSCTL_CPUPOOL_OP_INFO &&
         op->op != XEN_SYSCTL_CPUPOOL_OP_FREEINFO))
        return rc;
    if (bytes && copy_to_guest(map, buf, bytes))
        return -EFAULT;
    return zero_guest_bytes(map, bytes, want);
}

/* Each command's handler over the whole request. */
static long readconsole_op(struct xen_sysctl *s)
{
    return readconsole(&s->u.readconsole);
}

static long physinfo_op(struct xen_sysctl *s)
{
    physinfo(&s->u.physinfo);
    return 0;
}

static long sched_id_op(struct xen_sysctl *s)
{
    s->u.sched_id.sched_id = sched_default_id();
    return 0;
}

static long domaininfolist_op(struct xen_sysctl *s)
{
    return domaininfolist(&s->u.getdomaininfolist);
}

static long cputopoinfo_op(struct xen_sysctl *s)
{
    return cputopoinfo(&s->u.cputopoinfo);
}

static long numainfo_op(struct xen_sysctl *s)
{
    return numainfo(&s->u.numainfo);
}

/* Devices per call before a preemption check, as Xen. */
#define PCITOPO_BATCH 64

static long pcitopoinfo_op(struct xen_sysctl *s)
{
    struct xen_sysctl_pcitopoinfo *ti = &s->u.pcitopoinfo;
    uint64_t devs = handle(&ti->devs), nodes = handle(&ti->nodes);
    unsigned int i;

    if (!devs || !nodes)
        return -EINVAL;
    for (i = 0; i < ti->num_devs; i++) {
        physdev_pci_device_t dev;
        uint32_t node;

        if (copy_from_guest(&dev, devs + i * sizeof(dev), sizeof(dev)))
            return -EFAULT;
        /* No PXM is kept for a device: a known one has no node. */
        node = pci_device_reported(
                   PCI_SBDF(dev.seg, dev.bus, dev.devfn >> 3, dev.devfn & 7))
                   ? XEN_INVALID_NODE_ID
                   : XEN_INVALID_DEV;
        if (copy_to_guest(nodes + i * sizeof(node), &node, sizeof(node)))
            return -EFAULT;
        if (i + 1 >= PCITOPO_BATCH && i + 1 < ti->num_devs &&
            softirq_pending(smp_processor_id())) {
            i++;
            break;
        }
    }
    ti->num_devs = i;
    return 0;
}

static long cpupool_op(struct xen_sysctl *s)
{
    return cpupool(&s->u.cpupool_op);
}

static long scheduler_op(struct xen_sysctl *s)
{
    return sched_adjust_global(&s->u.scheduler_op);
}

static long cpu_policy_op(struct xen_sysctl *s)
{
    return arch_sysctl_cpu_policy(s->cmd, &s->u);
}

static long debug_keys_op(struct xen_sysctl *s)
{
    return debug_keys(&s->u.debug_keys);
}

/*
 * Every sysctl Xenith implements: handler and argument size.  All are for
 * the control domain only (do_sysctl checks that once); a command not
 * here is -ENOSYS.
 */
struct sysctl_desc {
    const char *name;
    long (*fn)(struct xen_sysctl *s);
    uint16_t arg_size; /* bytes of s->u the command reads or writes */
};

#define SYSCTL(cmd, member, handler) \
    [XEN_SYSCTL_##                   \
        cmd] = { #cmd, handler, sizeof(((struct xen_sysctl *)0)->u.member) }

static const struct sysctl_desc sysctl_table[] = {
    SYSCTL(readconsole, readconsole, readconsole_op),
    SYSCTL(physinfo, physinfo, physinfo_op),
    SYSCTL(sched_id, sched_id, sched_id_op),
    SYSCTL(getdomaininfolist, getdomaininfolist, domaininfolist_op),
    SYSCTL(debug_keys, debug_keys, debug_keys_op),
    SYSCTL(cputopoinfo, cputopoinfo, cputopoinfo_op),
    SYSCTL(numainfo, numainfo, numainfo_op),
    SYSCTL(pcitopoinfo, pcitopoinfo, pcitopoinfo_op),
    SYSCTL(cpupool_op, cpupool_op, cpupool_op),
    SYSCTL(scheduler_op, scheduler_op, scheduler_op),
    SYSCTL(get_cpu_featureset, cpu_featureset, cpu_policy_op),
    SYSCTL(get_cpu_policy, cpu_policy, cpu_policy_op),
};

static long sysctl_one(struct xen_sysctl *s)
{
    if (s->cmd >= ARRAY_SIZE(sysctl_table) || !sysctl_table[s->cmd].fn)
        return -ENOSYS;
    return sysctl_table[s->cmd].fn(s);
}

long do_sysctl(unsigned long arg, unsigned long a2, unsigned long a3,
               unsigned long a4, unsigned long a5)
{
    struct xen_sysctl s;
    long rc;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (s.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    /* Xen 4.17's order: the version first, then the caller's right. */
    if (!current->domain->is_privileged)
        return -EPERM;
    rc = sysctl_one(&s);
    if (rc == -ENOSYS)
        printk(XENLOG_DEBUG "sysctl %u: not implemented\n", s.cmd);
    if (rc == 0 && copy_to_guest(arg, &s, sizeof(s)))
        rc = -EFAULT;
    return rc;
}
