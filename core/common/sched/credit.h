/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credit scheduler internals, shared by the credit_*.c files.
 *
 * Locking:
 * - Run-queue lock (struct sched_res.lock): one per pCPU.  It protects the
 *   pCPU's run queue, nr_runnable, and the queue position, priority and
 *   flags of the units queued on or running on that pCPU.
 * - Private lock (csched_private.lock): one per scheduler instance (per
 *   cpupool).  It protects the accounting state: the active domain and
 *   unit lists, total weight, credit totals, domains' weight and cap,
 *   the set of pCPUs and the accounting master.
 * - Order: the private lock comes first.  Code holding a run-queue lock
 *   never takes the private lock; code holding the private lock may take
 *   run-queue locks (accounting parks and unparks units that way).
 * - A unit's credit is read and changed with atomic operations, as the
 *   pCPU running it burns credit under its run-queue lock while the
 *   accounting master adds credit under the private lock.
 * - The idlers mask is written with atomic bit operations from any pCPU.
 */
#ifndef XENITH_SCHED_CREDIT_H
#define XENITH_SCHED_CREDIT_H

#include <xenith/sched.h>

#include "private.h"

extern const struct sched_ops sched_credit_def;

#define CSCHED_DEFAULT_TSLICE_MS 30
#define CSCHED_TICKS_PER_TSLICE  3
#define CSCHED_CREDITS_PER_MSEC  10
/* Never ask for a time slice shorter than the smallest rate limit. */
#define CSCHED_MIN_TIMER SCHED_MICROSECS(100)

/* Priorities: higher runs first. */
#define CSCHED_PRI_BOOST 0   /* woke up after sleeping */
#define CSCHED_PRI_UNDER -1  /* has credit left */
#define CSCHED_PRI_OVER  -2  /* used up its credit */
#define CSCHED_PRI_IDLE  -64 /* the idle "unit" (an empty queue) */

/* csched_unit.flags bits. */
#define CSCHED_FLAG_PARKED    0 /* paused by the cap until credit returns */
#define CSCHED_FLAG_YIELD     1 /* asked to give way once */
#define CSCHED_FLAG_MIGRATING 2 /* being moved: its next wake is no boost */

/* Per pCPU (run-queue lock unless noted). */
struct csched_pcpu {
    struct sched_list runq;   /* queued units, highest priority first */
    unsigned int nr_runnable; /* queued + running units of this pCPU */
    uint32_t runq_sort_last;  /* last sort epoch applied */
    bool ticking;             /* the accounting tick is armed */
    s_time_t next_tick;
    unsigned long *scratch; /* a mask for temporary use */
};

/* Per unit. */
struct csched_unit {
    struct sched_list runq_elem;   /* run-queue lock */
    struct sched_list active_elem; /* private lock */
    struct csched_dom *sdom;
    struct sched_unit *unit;
    int pri;                  /* run-queue lock */
    unsigned long flags;      /* atomic bit operations */
    int credit;               /* atomic */
    unsigned int residual;    /* sub-credit remainder of burned time */
    s_time_t start_time;      /* credit burned up to here */
    s_time_t last_sched_time; /* last time it was descheduled */
};

/* Per domain (private lock). */
struct csched_dom {
    struct sched_list active_units; /* units earning credit */
    struct sched_list active_sdom_elem;
    struct sched_dom *dom;
    unsigned int active_unit_count;
};

/* Per scheduler instance. */
struct csched_private {
    spinlock_t lock;          /* taken with interrupts off, as run queues */
    unsigned long lock_flags; /* interrupt state saved by the holder */
    unsigned long *idlers;    /* pCPUs idling (atomic bit operations) */
    unsigned long *cpus;      /* pCPUs of this instance */
    unsigned int ncpus;
    unsigned int master;       /* pCPU running the accounting */
    unsigned int balance_bias; /* where the next steal search starts */
    unsigned int last_tickle;  /* last idler woken for new work */
    uint32_t runq_sort;        /* sort epoch, bumped by accounting */
    s_time_t tslice, tick_period, ratelimit, migr_delay;
    unsigned int ticks_per_tslice;
    unsigned int credits_per_tslice;
    uint32_t credit;    /* credit handed out per period, all pCPUs */
    uint32_t weight;    /* sum of weights of active units */
    int credit_balance; /* sum of active units' credit after acct */
    struct sched_list active_sdom;
    s_time_t next_acct;
};

static inline void csched_lock(struct csched_private *prv)
{
    sched_lock_irq(&prv->lock, &prv->lock_flags);
}

static inline void csched_unlock(struct csched_private *prv)
{
    sched_unlock_irq(&prv->lock, &prv->lock_flags);
}

static inline struct csched_private *csched_priv(const struct scheduler *s)
{
    return s->priv;
}

static inline struct csched_pcpu *csched_pcpu(unsigned int cpu)
{
    return sched_res(cpu)->sched_priv;
}

static inline struct csched_unit *csched_unit(const struct sched_unit *u)
{
    return u->priv;
}

static inline bool csched_flag_test(struct csched_unit *svc, int bit)
{
    return __atomic_load_n(&svc->flags, __ATOMIC_SEQ_CST) & (1UL << bit);
}

static inline void csched_flag_set(struct csched_unit *svc, int bit)
{
    __atomic_fetch_or(&svc->flags, 1UL << bit, __ATOMIC_SEQ_CST);
}

static inline bool csched_flag_test_and_clear(struct csched_unit *svc, int bit)
{
    return __atomic_fetch_and(&svc->flags, ~(1UL << bit), __ATOMIC_SEQ_CST) &
           (1UL << bit);
}

static inline bool csched_flag_test_and_set(struct csched_unit *svc, int bit)
{
    return __atomic_fetch_or(&svc->flags, 1UL << bit, __ATOMIC_SEQ_CST) &
           (1UL << bit);
}

static inline int csched_credit_read(struct csched_unit *svc)
{
    return __atomic_load_n(&svc->credit, __ATOMIC_SEQ_CST);
}

static inline bool csched_on_runq(const struct csched_unit *svc)
{
    return !sched_list_empty(&svc->runq_elem);
}

/* Run-queue helpers (run-queue lock of the unit's pCPU held). */
void csched_runq_insert(struct csched_unit *svc);
void csched_runq_requeue(struct csched_unit *svc);
void csched_runq_remove(struct csched_unit *svc);
void csched_tickle(struct scheduler *s, struct csched_unit *svc);
unsigned int csched_pick_cpu(struct scheduler *s, struct sched_unit *u);
unsigned int csched_cpu_pick(struct scheduler *s, struct sched_unit *u);
void csched_schedule(struct scheduler *s, unsigned int cpu, s_time_t now,
                     struct sched_decision *out);

/* Accounting (credit_acct.c). */
void csched_burn_credits(struct csched_unit *svc, s_time_t now);
void csched_acct_stop_locked(struct csched_private *prv,
                             struct csched_unit *svc);
s_time_t csched_tick(struct scheduler *s, unsigned int cpu, s_time_t now);
s_time_t csched_next_timer(struct scheduler *s, unsigned int cpu);
void csched_set_tslice(struct csched_private *prv, unsigned int tslice_ms);

/* Control (credit_ctl.c). */
int csched_init(struct scheduler *s);
void csched_deinit(struct scheduler *s);
void *csched_alloc_pdata(struct scheduler *s, unsigned int cpu);
void csched_add_pcpu(struct scheduler *s, void *pdata, unsigned int cpu,
                     s_time_t now);
void csched_remove_pcpu(struct scheduler *s, void *pdata, unsigned int cpu);
void csched_free_pdata(struct scheduler *s, void *pdata);
int csched_adjust(struct scheduler *s, struct sched_dom *d,
                  struct xen_domctl_scheduler_op *op);
int csched_adjust_global(struct scheduler *s,
                         struct xen_sysctl_scheduler_op *op);
void csched_dump(struct scheduler *s);
void csched_dump_cpu(struct scheduler *s, unsigned int cpu);

#endif /* XENITH_SCHED_CREDIT_H */
