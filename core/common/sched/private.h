/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scheduler core internals shared by core.c, cpupool*.c and the
 * schedulers: the per-pCPU scheduling resource.
 */
#ifndef XENITH_SCHED_PRIVATE_H
#define XENITH_SCHED_PRIVATE_H

#include <xenith/cpupool.h>
#include <xenith/sched.h>

/*
 * One per possible pCPU, allocated at boot (sched_res_table has
 * sched_nr_cpu_ids entries).
 *
 * Locking: ->lock is the pCPU's run-queue lock, always taken with
 * interrupts off (sched_res_lock(), sched_unit_lock()): interrupt
 * handlers wake vCPUs (a device's PIRQ, a timer), so a CPU interrupted
 * while holding it would otherwise wait for itself.  It protects ->curr and
 * the run queue kept in ->sched_priv by the pool's scheduler.  ->pool,
 * ->sched_priv and ->leaving change only under cpupool_lock and ->lock.
 */
struct sched_res {
    spinlock_t lock;
    unsigned long lock_flags; /* interrupt state saved by the holder */
    unsigned int cpu;
    struct sched_unit *curr; /* NULL: the pCPU is idle */
    struct cpupool *pool;    /* NULL: free pCPU */
    void *sched_priv;        /* pool scheduler's per-pCPU data */
    bool leaving;            /* being removed from its pool */
};

extern struct sched_res **sched_res_table;

static inline struct sched_res *sched_res(unsigned int cpu)
{
    return sched_res_table[cpu];
}

/* Interrupts off around the scheduler's locks (host unit tests: none). */
#ifdef XENITH_HOST_TEST
#define sched_irq_save()     0UL
#define sched_irq_restore(f) ((void)(f))
#else
#define sched_irq_save()     local_irq_save()
#define sched_irq_restore(f) local_irq_restore(f)
#endif

/* A lock taken with interrupts off whose holder keeps the saved
 * interrupt state beside it (*saved), for locks released elsewhere than
 * where they were taken. */
static inline void sched_lock_irq(spinlock_t *l, unsigned long *saved)
{
    unsigned long f = sched_irq_save();

    spin_lock(l);
    *saved = f;
}

static inline bool sched_trylock_irq(spinlock_t *l, unsigned long *saved)
{
    unsigned long f = sched_irq_save();

    if (!spin_trylock(l)) {
        sched_irq_restore(f);
        return false;
    }
    *saved = f;
    return true;
}

static inline void sched_unlock_irq(spinlock_t *l, const unsigned long *saved)
{
    unsigned long f = *saved;

    spin_unlock(l);
    sched_irq_restore(f);
}

static inline void sched_res_lock(struct sched_res *res)
{
    sched_lock_irq(&res->lock, &res->lock_flags);
}

static inline bool sched_res_trylock(struct sched_res *res)
{
    return sched_trylock_irq(&res->lock, &res->lock_flags);
}

static inline void sched_res_unlock(struct sched_res *res)
{
    sched_unlock_irq(&res->lock, &res->lock_flags);
}

/* The scheduler instance of a unit / pCPU. */
static inline struct scheduler *sched_of_unit(const struct sched_unit *u)
{
    return &u->sdom->pool->sched;
}

/* Migration of units off a pCPU that is leaving its pool. */
void sched_evacuate_cpu(struct cpupool *c, unsigned int cpu);
/* Move every unit of d into pool c (cpupool_lock held). */
int sched_move_domain(struct sched_dom *d, struct cpupool *c);

#endif /* XENITH_SCHED_PRIVATE_H */
