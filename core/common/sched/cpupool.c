/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU pools: creation and destruction, and moving pCPUs between a pool
 * and the free set.  The toolstack operations are in cpupool_op.c.
 *
 * Locking: cpupool_lock protects everything declared in this file and the
 * pool fields listed in xenith/cpupool.h.  It is the outermost scheduler
 * lock: a scheduler's private lock and run-queue locks nest inside it.
 */
#include <xenith/cpupool.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/sched.h>

#include "cpupool_private.h"
#include "private.h"

DEFINE_SPINLOCK(cpupool_lock);
struct cpupool *cpupool0;

/* All pools, sorted by id. */
struct sched_list cpupool_list = { &cpupool_list, &cpupool_list };
/* Online pCPUs that belong to no pool. */
unsigned long *cpupool_free_cpus;
/* pCPUs that exist and are online (given at boot). */
unsigned long *cpupool_online_cpus;
static unsigned int cpupool_count;
/* The pCPU being removed from cpupool_cpu_moving, if any. */
unsigned int cpupool_moving_cpu = CPUPOOL_NO_CPU;
struct cpupool *cpupool_cpu_moving;

struct cpupool *cpupool_find(unsigned int poolid)
{
    struct cpupool *c = cpupool_find_next(poolid);

    return c && c->cpupool_id == poolid ? c : NULL;
}

struct cpupool *cpupool_find_next(unsigned int poolid)
{
    struct sched_list *pos;

    sched_list_for_each(pos, &cpupool_list)
    {
        struct cpupool *c = sched_list_entry(pos, struct cpupool, list);

        if (c->cpupool_id >= poolid)
            return c;
    }
    return NULL;
}

static void cpupool_free(struct cpupool *c)
{
    if (c->sched.priv)
        c->sched.ops->deinit(&c->sched);
    sched_mask_free(c->cpu_valid);
    sched_free(c);
}

/* A pool object with its own instance of scheduler ops. */
static int cpupool_alloc(const struct sched_ops *ops, struct cpupool **out)
{
    struct cpupool *c = sched_zalloc(sizeof(*c));
    int rc;

    if (!c)
        return -ENOMEM;
    sched_list_init(&c->list);
    sched_list_init(&c->domains);
    c->sched.ops = ops;
    c->sched.pool = c;
    c->cpu_valid = sched_mask_alloc();
    if (!c->cpu_valid) {
        sched_free(c);
        return -ENOMEM;
    }
    rc = ops->init(&c->sched);
    if (rc) {
        c->sched.priv = NULL;
        cpupool_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

/* Find the id for a PAR_ANY creation: one above the highest, or the
 * first gap when the highest id is already the last usable one. */
static unsigned int next_free_id(void)
{
    struct cpupool *last =
        sched_list_entry(cpupool_list.prev, struct cpupool, list);
    struct sched_list *pos;
    unsigned int id = 0;

    if (last->cpupool_id != CPUPOOLID_NONE - 1)
        return last->cpupool_id + 1;
    sched_list_for_each(pos, &cpupool_list)
    {
        if (sched_list_entry(pos, struct cpupool, list)->cpupool_id != id)
            break;
        id++;
    }
    return id;
}

/*
 * Create a pool (cpupool_lock not held).  poolid CPUPOOLID_NONE picks the
 * next free id.  Errors as Xen: -ENOMEM, -ENOSPC (more than twice as many
 * pools as CPU ids), -EEXIST, -ENOENT (unknown scheduler).
 */
int cpupool_create(unsigned int poolid, unsigned int sched_id,
                   unsigned int *out_id)
{
    const struct sched_ops *ops = sched_find_by_id(sched_id);
    struct cpupool *c = NULL, *q;
    int rc;

    if (ops) {
        rc = cpupool_alloc(ops, &c);
        if (rc)
            return rc;
    }
    spin_lock(&cpupool_lock);
    rc = -ENOSPC;
    if (cpupool_count >= 2 * sched_nr_cpu_ids)
        goto fail;
    if (poolid == CPUPOOLID_NONE)
        poolid = sched_list_empty(&cpupool_list) ? 0 : next_free_id();
    q = cpupool_find_next(poolid);
    rc = -EEXIST;
    if (q && q->cpupool_id == poolid)
        goto fail;
    rc = -ENOENT;
    if (!c)
        goto fail;
    c->cpupool_id = poolid;
    sched_list_add_tail(&c->list, q ? &q->list : &cpupool_list);
    cpupool_count++;
    spin_unlock(&cpupool_lock);
    *out_id = poolid;
    return 0;

fail:
    spin_unlock(&cpupool_lock);
    if (c)
        cpupool_free(c);
    return rc;
}

/* Destroy pool poolid: -ENOENT if unknown, -EBUSY while it has domains
 * or pCPUs (cpupool_lock not held). */
int cpupool_destroy(unsigned int poolid)
{
    struct cpupool *c;

    spin_lock(&cpupool_lock);
    c = cpupool_find(poolid);
    if (!c) {
        spin_unlock(&cpupool_lock);
        return -ENOENT;
    }
    if (c->n_dom || !sched_mask_empty(c->cpu_valid) ||
        cpupool_cpu_moving == c) {
        spin_unlock(&cpupool_lock);
        return -EBUSY;
    }
    sched_list_del(&c->list);
    cpupool_count--;
    spin_unlock(&cpupool_lock);
    cpupool_free(c);
    return 0;
}

/*
 * Give the free pCPU cpu to c (cpupool_lock held).  The scheduler sets up
 * its per-pCPU state before the pCPU becomes visible in cpu_valid, so no
 * other pCPU can tickle or steal from it half-initialised.
 */
int cpupool_assign_cpu(struct cpupool *c, unsigned int cpu)
{
    struct sched_res *res = sched_res(cpu);
    struct scheduler *s = &c->sched;
    void *pdata = s->ops->alloc_pdata(s, cpu);

    if (!pdata)
        return -ENOMEM;
    s->ops->add_pcpu(s, pdata, cpu, sched_now());
    sched_res_lock(res);
    res->sched_priv = pdata;
    res->pool = c;
    res->leaving = false;
    sched_res_unlock(res);
    sched_mask_clear(cpupool_free_cpus, cpu);
    sched_mask_set(c->cpu_valid, cpu);
    sched_kick(cpu);
    return 0;
}

/* Second half of a removal: cpu runs nothing of c any more. */
static int unassign_finish(struct cpupool *c, unsigned int cpu)
{
    struct sched_res *res = sched_res(cpu);
    void *pdata;

    sched_res_lock(res);
    if (res->curr) {
        sched_res_unlock(res);
        sched_kick(cpu);
        return -EAGAIN;
    }
    pdata = res->sched_priv;
    res->pool = NULL;
    res->sched_priv = NULL;
    res->leaving = false;
    sched_res_unlock(res);

    c->sched.ops->remove_pcpu(&c->sched, pdata, cpu);
    c->sched.ops->free_pdata(&c->sched, pdata);
    sched_mask_set(cpupool_free_cpus, cpu);
    cpupool_moving_cpu = CPUPOOL_NO_CPU;
    cpupool_cpu_moving = NULL;
    return 0;
}

/*
 * Take cpu out of c (cpupool_lock held).  Errors as Xen: -EINVAL (pCPU 0
 * of pool 0, offline pCPU), -EADDRNOTAVAIL (not in c, or another pCPU is
 * being removed), -EBUSY (last pCPU of a pool with domains), -EAGAIN (a
 * unit still runs there; call again).
 */
int cpupool_unassign_cpu(struct cpupool *c, unsigned int cpu)
{
    struct sched_res *res;

    if ((c->cpupool_id == 0 && cpu == 0) ||
        !sched_mask_test(cpupool_online_cpus, cpu))
        return -EINVAL;
    if (cpu == cpupool_moving_cpu)
        return c == cpupool_cpu_moving ? unassign_finish(c, cpu)
                                       : -EADDRNOTAVAIL;
    if (cpupool_moving_cpu != CPUPOOL_NO_CPU ||
        !sched_mask_test(c->cpu_valid, cpu))
        return -EADDRNOTAVAIL;
    if (c->n_dom > 0 && sched_mask_weight(c->cpu_valid) == 1)
        return -EBUSY;

    res = sched_res(cpu);
    sched_res_lock(res);
    res->leaving = true;
    sched_res_unlock(res);
    sched_mask_clear(c->cpu_valid, cpu);
    cpupool_moving_cpu = cpu;
    cpupool_cpu_moving = c;
    sched_evacuate_cpu(c, cpu);
    return unassign_finish(c, cpu);
}

/* Boot: pool 0 with every online pCPU. */
int cpupool_boot(const struct sched_ops *ops, const unsigned long *online)
{
    unsigned int cpu, id;
    int rc;

    if (sched_mask_empty(online))
        return -EINVAL;
    cpupool_free_cpus = sched_mask_alloc();
    cpupool_online_cpus = sched_mask_alloc();
    if (!cpupool_free_cpus || !cpupool_online_cpus) {
        rc = -ENOMEM;
        goto fail;
    }
    sched_mask_copy(cpupool_online_cpus, online);
    sched_mask_copy(cpupool_free_cpus, online);
    rc = cpupool_create(0, ops->sched_id, &id);
    if (rc)
        goto fail;
    cpupool0 = cpupool_find(0);
    spin_lock(&cpupool_lock);
    for_each_sched_cpu(cpu, online)
    {
        rc = cpupool_assign_cpu(cpupool0, cpu);
        if (rc)
            break;
    }
    spin_unlock(&cpupool_lock);
    if (rc)
        goto fail;
    return 0;

fail:
    cpupool_shutdown();
    return rc;
}

/*
 * Tear down every pool.  Domains must be gone; pCPUs are released even if
 * the caller left a unit recorded as running (the whole state goes).
 */
void cpupool_shutdown(void)
{
    while (!sched_list_empty(&cpupool_list)) {
        struct cpupool *c =
            sched_list_entry(cpupool_list.next, struct cpupool, list);
        unsigned int cpu;

        spin_lock(&cpupool_lock);
        for_each_sched_cpu(cpu, c->cpu_valid)
        {
            sched_res(cpu)->curr = NULL;
            cpupool_moving_cpu = cpu;
            cpupool_cpu_moving = c;
            sched_mask_clear(c->cpu_valid, cpu);
            unassign_finish(c, cpu);
        }
        sched_list_del(&c->list);
        cpupool_count--;
        spin_unlock(&cpupool_lock);
        cpupool_free(c);
    }
    sched_mask_free(cpupool_free_cpus);
    sched_mask_free(cpupool_online_cpus);
    cpupool_free_cpus = NULL;
    cpupool_online_cpus = NULL;
    cpupool0 = NULL;
    cpupool_moving_cpu = CPUPOOL_NO_CPU;
    cpupool_cpu_moving = NULL;
}
