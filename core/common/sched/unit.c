/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and unit (vCPU) life cycle in the scheduler, and moving a whole
 * domain from one cpupool to another.
 *
 * Locking: cpupool_lock is held throughout, which keeps the domain's pool
 * and unit list stable; scheduler and run-queue locks are taken inside.
 */
#include <xenith/cpupool.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/sched.h>

#include "private.h"

/* Join pool poolid (see xenith/sched.h for the errors). */
int sched_init_dom(struct sched_dom *d, void *owner, uint32_t domid,
                   unsigned int poolid)
{
    struct cpupool *c;
    int rc = 0;

    memset(d, 0, sizeof(*d));
    d->owner = owner;
    d->domid = domid;
    d->weight = SCHED_DEFAULT_WEIGHT;
    sched_list_init(&d->units);
    sched_list_init(&d->pool_elem);

    spin_lock(&cpupool_lock);
    c = cpupool_find(poolid);
    if (!c)
        rc = -ESRCH;
    else if (sched_mask_empty(c->cpu_valid))
        rc = -ENODEV;
    else if (!(d->priv = c->sched.ops->alloc_domdata(&c->sched, d)))
        rc = -ENOMEM;
    if (!rc) {
        d->pool = c;
        c->n_dom++;
        sched_list_add_tail(&d->pool_elem, &c->domains);
    }
    spin_unlock(&cpupool_lock);
    return rc;
}

void sched_destroy_dom(struct sched_dom *d)
{
    struct cpupool *c;

    spin_lock(&cpupool_lock);
    c = d->pool;
    if (c) {
        sched_list_del(&d->pool_elem);
        c->n_dom--;
        c->sched.ops->free_domdata(&c->sched, d->priv);
        d->priv = NULL;
        d->pool = NULL;
    }
    spin_unlock(&cpupool_lock);
}

/* Add a unit to d; it starts blocked, on a pCPU its scheduler picks. */
int sched_init_unit(struct sched_unit *u, struct sched_dom *d, void *owner,
                    unsigned int unit_id)
{
    struct scheduler *s;

    memset(u, 0, sizeof(*u));
    u->owner = owner;
    u->unit_id = unit_id;
    u->sdom = d;
    u->blocked = true;
    sched_list_init(&u->dom_elem);
    u->hard_affinity = sched_mask_alloc();
    if (!u->hard_affinity)
        return -ENOMEM;
    sched_mask_fill(u->hard_affinity);

    spin_lock(&cpupool_lock);
    if (!d->pool) {
        spin_unlock(&cpupool_lock);
        sched_mask_free(u->hard_affinity);
        return -EINVAL;
    }
    s = &d->pool->sched;
    u->processor = sched_mask_first(d->pool->cpu_valid);
    u->priv = s->ops->alloc_udata(s, u, d->priv);
    if (!u->priv) {
        spin_unlock(&cpupool_lock);
        sched_mask_free(u->hard_affinity);
        return -ENOMEM;
    }
    sched_list_add_tail(&u->dom_elem, &d->units);
    d->nr_units++;
    s->ops->insert_unit(s, u);
    spin_unlock(&cpupool_lock);
    return 0;
}

/* Take u out of its scheduler (run-queue first, then the scheduler's
 * accounting) and free its scheduler data.  u must not be running. */
static void unit_detach(struct scheduler *s, struct sched_unit *u)
{
    spinlock_t *lock = sched_unit_lock(u);

    if (sched_unit_runnable(u))
        s->ops->sleep(s, u);
    sched_unit_unlock(lock);
    s->ops->remove_unit(s, u);
    s->ops->free_udata(s, u->priv);
    u->priv = NULL;
}

/* Remove u from its domain: -EBUSY while it is running somewhere. */
int sched_destroy_unit(struct sched_unit *u)
{
    spinlock_t *lock;
    bool running;

    spin_lock(&cpupool_lock);
    lock = sched_unit_lock(u);
    running = u->is_running;
    sched_unit_unlock(lock);
    if (running) {
        spin_unlock(&cpupool_lock);
        return -EBUSY;
    }
    unit_detach(sched_of_unit(u), u);
    sched_list_del(&u->dom_elem);
    u->sdom->nr_units--;
    spin_unlock(&cpupool_lock);
    sched_mask_free(u->hard_affinity);
    u->hard_affinity = NULL;
    return 0;
}

/* Give every unit of d a processor in c and hand it to c's scheduler. */
static void attach_units(struct sched_dom *d, struct cpupool *c, void **udata)
{
    struct sched_list *pos;
    unsigned int i = 0, cpu = sched_mask_first(c->cpu_valid);

    sched_list_for_each(pos, &d->units)
    {
        struct sched_unit *u =
            sched_list_entry(pos, struct sched_unit, dom_elem);
        spinlock_t *lock = sched_unit_lock(u);

        /* An affinity with no CPU in the new pool is reset to all. */
        if (!sched_mask_intersects(u->hard_affinity, c->cpu_valid))
            sched_mask_fill(u->hard_affinity);
        u->priv = udata[i++];
        u->processor = cpu;
        sched_unit_unlock(lock);
        c->sched.ops->insert_unit(&c->sched, u);
        cpu = sched_mask_cycle(c->cpu_valid, cpu);
    }
}

/* Allocate c's per-unit data for every unit of d (all or nothing). */
static void **alloc_all_udata(struct sched_dom *d, struct scheduler *s,
                              void *ddata)
{
    void **udata = sched_zalloc((d->nr_units + 1) * sizeof(void *));
    struct sched_list *pos;
    unsigned int i = 0;

    if (!udata)
        return NULL;
    sched_list_for_each(pos, &d->units)
    {
        struct sched_unit *u =
            sched_list_entry(pos, struct sched_unit, dom_elem);

        udata[i] = s->ops->alloc_udata(s, u, ddata);
        if (!udata[i]) {
            while (i-- > 0)
                s->ops->free_udata(s, udata[i]);
            sched_free(udata);
            return NULL;
        }
        i++;
    }
    return udata;
}

/*
 * Move d into pool c (cpupool_lock held).  Everything that can fail is
 * done before the domain is touched.  The domain's scheduling parameters
 * restart from the defaults, as a new scheduler instance owns them.
 * Returns 0, -EBUSY if a unit is running (the caller pauses the domain
 * first) or -ENOMEM.
 */
int sched_move_domain(struct sched_dom *d, struct cpupool *c)
{
    struct cpupool *old = d->pool;
    struct sched_list *pos;
    void *ddata, **udata;

    sched_list_for_each(pos, &d->units)
    {
        if (sched_list_entry(pos, struct sched_unit, dom_elem)->is_running)
            return -EBUSY;
    }
    ddata = c->sched.ops->alloc_domdata(&c->sched, d);
    if (!ddata)
        return -ENOMEM;
    udata = alloc_all_udata(d, &c->sched, ddata);
    if (!udata) {
        c->sched.ops->free_domdata(&c->sched, ddata);
        return -ENOMEM;
    }

    sched_list_for_each(pos, &d->units)
    {
        unit_detach(&old->sched,
                    sched_list_entry(pos, struct sched_unit, dom_elem));
    }
    old->sched.ops->free_domdata(&old->sched, d->priv);
    sched_list_del(&d->pool_elem);
    old->n_dom--;

    d->priv = ddata;
    d->weight = SCHED_DEFAULT_WEIGHT;
    d->cap = 0;
    d->pool = c;
    c->n_dom++;
    sched_list_add_tail(&d->pool_elem, &c->domains);
    attach_units(d, c, udata);
    sched_free(udata);
    return 0;
}

/*
 * Move every unit queued on or assigned to cpu (just taken out of c's
 * cpu_valid) to another pCPU of c.  A unit whose affinity has no other
 * pCPU of c gets its affinity reset to all pCPUs.  A running unit is
 * moved by sched_schedule() once cpu has switched away from it.
 */
void sched_evacuate_cpu(struct cpupool *c, unsigned int cpu)
{
    struct sched_list *dpos, *upos;

    sched_list_for_each(dpos, &c->domains)
    {
        struct sched_dom *d =
            sched_list_entry(dpos, struct sched_dom, pool_elem);

        sched_list_for_each(upos, &d->units)
        {
            struct sched_unit *u =
                sched_list_entry(upos, struct sched_unit, dom_elem);

            if (u->processor != cpu)
                continue;
            if (!sched_mask_intersects(u->hard_affinity, c->cpu_valid)) {
                printk(XENLOG_WARNING "sched: d%uv%u loses its affinity "
                                      "(CPU%u leaves pool %u)\n",
                       d->domid, u->unit_id, cpu, c->cpupool_id);
                sched_mask_fill(u->hard_affinity);
            }
            sched_unit_migrate(u);
        }
    }
}
