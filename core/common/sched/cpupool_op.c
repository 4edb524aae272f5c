/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XEN_SYSCTL_cpupool_op: the toolstack's view of cpupools, with the
 * semantics and error codes of Xen 4.17 (see xenith/cpupool.h), and the
 * scheduler/cpupool console dump.
 */
#include <public/sysctl.h>
#include <xenith/cpupool.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/sched.h>

#include "cpupool_private.h"
#include "private.h"

/* Write mask as a byte bitmap of map_bytes bytes, zero-filled. */
static void mask_to_bytes(const unsigned long *mask, uint8_t *map,
                          unsigned int map_bytes)
{
    unsigned int cpu;

    if (!map)
        return;
    memset(map, 0, map_bytes);
    for_each_sched_cpu(cpu, mask)
    {
        if (cpu / 8 >= map_bytes)
            break;
        map[cpu / 8] |= (uint8_t)(1U << (cpu % 8));
    }
}

/* INFO: the first pool with an id >= op->cpupool_id. */
static int op_info(struct xen_sysctl_cpupool_op *op, uint8_t *map,
                   unsigned int map_bytes)
{
    struct cpupool *c;
    int rc = -ENOENT;

    spin_lock(&cpupool_lock);
    c = cpupool_find_next(op->cpupool_id);
    if (c) {
        op->cpupool_id = c->cpupool_id;
        op->sched_id = c->sched.ops->sched_id;
        op->n_dom = c->n_dom;
        mask_to_bytes(c->cpu_valid, map, map_bytes);
        rc = 0;
    }
    spin_unlock(&cpupool_lock);
    return rc;
}

/* ADDCPU: a free, online pCPU (or any such for PAR_ANY) joins the pool. */
static int op_addcpu(struct xen_sysctl_cpupool_op *op)
{
    unsigned int cpu = op->cpu;
    struct cpupool *c;
    int rc;

    spin_lock(&cpupool_lock);
    c = cpupool_find(op->cpupool_id);
    rc = -ENOENT;
    if (!c)
        goto out;
    if (cpu == XEN_SYSCTL_CPUPOOL_PAR_ANY) {
        cpu = sched_mask_first(cpupool_free_cpus);
        rc = -ENODEV;
        if (cpu >= sched_nr_cpu_ids)
            goto out;
    }
    rc = -EINVAL;
    if (cpu >= sched_nr_cpu_ids)
        goto out;
    rc = -ENODEV;
    if (!sched_mask_test(cpupool_online_cpus, cpu) ||
        !sched_mask_test(cpupool_free_cpus, cpu))
        goto out;
    rc = cpupool_assign_cpu(c, cpu);
out:
    spin_unlock(&cpupool_lock);
    return rc;
}

/* RMCPU: PAR_ANY removes the pool's highest pCPU. */
static int op_rmcpu(struct xen_sysctl_cpupool_op *op)
{
    unsigned int cpu = op->cpu;
    struct cpupool *c;
    int rc;

    spin_lock(&cpupool_lock);
    c = cpupool_find(op->cpupool_id);
    rc = -ENOENT;
    if (!c)
        goto out;
    if (cpu == XEN_SYSCTL_CPUPOOL_PAR_ANY)
        cpu = c == cpupool_cpu_moving ? cpupool_moving_cpu
                                      : sched_mask_last(c->cpu_valid);
    rc = cpu < sched_nr_cpu_ids ? cpupool_unassign_cpu(c, cpu) : -EINVAL;
out:
    spin_unlock(&cpupool_lock);
    return rc;
}

/* MOVEDOMAIN: d to the pool op->cpupool_id, which must have pCPUs. */
static int op_movedomain(struct xen_sysctl_cpupool_op *op, struct sched_dom *d)
{
    struct cpupool *c;
    int rc;

    if (!d)
        return -ESRCH;
    spin_lock(&cpupool_lock);
    if (!d->pool)
        rc = -EINVAL;
    else if (d->pool->cpupool_id == op->cpupool_id)
        rc = 0;
    else if (!(c = cpupool_find(op->cpupool_id)) ||
             sched_mask_empty(c->cpu_valid))
        rc = -ENOENT;
    else
        rc = sched_move_domain(d, c);
    spin_unlock(&cpupool_lock);
    return rc;
}

int cpupool_move_domain(struct sched_dom *d, struct cpupool *c)
{
    int rc;

    spin_lock(&cpupool_lock);
    rc = d->pool == c ? 0 : sched_move_domain(d, c);
    spin_unlock(&cpupool_lock);
    return rc;
}

int cpupool_do_op(struct xen_sysctl_cpupool_op *op, struct sched_dom *d,
                  uint8_t *map, unsigned int map_bytes)
{
    unsigned int id;
    int rc;

    if (!map)
        map_bytes = 0;
    switch (op->op) {
    case XEN_SYSCTL_CPUPOOL_OP_CREATE:
        rc = cpupool_create(op->cpupool_id == XEN_SYSCTL_CPUPOOL_PAR_ANY
                                ? CPUPOOLID_NONE
                                : op->cpupool_id,
                            op->sched_id, &id);
        if (!rc)
            op->cpupool_id = id;
        return rc;
    case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
        return cpupool_destroy(op->cpupool_id);
    case XEN_SYSCTL_CPUPOOL_OP_INFO:
        return op_info(op, map, map_bytes);
    case XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
        return op_addcpu(op);
    case XEN_SYSCTL_CPUPOOL_OP_RMCPU:
        return op_rmcpu(op);
    case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
        return op_movedomain(op, d);
    case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
        spin_lock(&cpupool_lock);
        mask_to_bytes(cpupool_free_cpus, map, map_bytes);
        spin_unlock(&cpupool_lock);
        return 0;
    default:
        return -ENOSYS;
    }
}

/* Debug-key dump: every pool, its pCPUs and its scheduler's state. */
void sched_dump_all(void)
{
    struct sched_list *pos;

    spin_lock(&cpupool_lock);
    sched_list_for_each(pos, &cpupool_list)
    {
        struct cpupool *c = sched_list_entry(pos, struct cpupool, list);
        struct scheduler *s = &c->sched;
        unsigned int cpu;

        printk("Cpupool %u: %u domain(s), %u CPU(s), scheduler %s\n",
               c->cpupool_id, c->n_dom, sched_mask_weight(c->cpu_valid),
               s->ops->opt_name);
        if (s->ops->dump)
            s->ops->dump(s);
        for_each_sched_cpu(cpu, c->cpu_valid)
        {
            if (s->ops->dump_cpu)
                s->ops->dump_cpu(s, cpu);
        }
    }
    printk("Free CPUs: %u\n", sched_mask_weight(cpupool_free_cpus));
    spin_unlock(&cpupool_lock);
}
