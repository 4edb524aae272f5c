/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scheduler interface: the objects the rest of the hypervisor embeds, the
 * operations table every scheduler implements, and the entry points the
 * hypervisor calls (domain/vCPU life cycle, block/wake, timer, schedule,
 * domctl/sysctl scheduler_op).
 *
 * Embedding (see docs/scheduler.md): struct vcpu holds a struct sched_unit,
 * struct domain holds a struct sched_dom.  Their ->owner fields point back
 * to the vcpu/domain.  The scheduler never allocates or frees them.
 *
 * Time is s_time_t nanoseconds of system time, passed in by the caller.
 *
 * Lock order (outermost first):
 *   cpupool_lock  >  scheduler private lock  >  per-pCPU run-queue lock.
 * Two run-queue locks are never both held except through spin_trylock().
 */
#ifndef XENITH_SCHED_H
#define XENITH_SCHED_H

#include <xenith/sched_list.h>
#include <xenith/sched_mask.h>
#include <xenith/spinlock.h>
#include <xenith/types.h>

struct cpupool;
struct scheduler;
struct xen_domctl_scheduler_op;
struct xen_sysctl_scheduler_op;

#define SCHED_MICROSECS(us) ((s_time_t)(us)*1000)
#define SCHED_MILLISECS(ms) ((s_time_t)(ms)*1000000)
#define SCHED_TIME_NEVER    ((s_time_t)INT64_MAX)

/* Defaults and limits shared by all schedulers (Xen's values). */
#define SCHED_DEFAULT_RATELIMIT_US 1000
#define SCHED_DEFAULT_WEIGHT       256

/*
 * One schedulable entity: one vCPU.
 *
 * Fields marked (O) are set by the owner before sched_init_unit() and not
 * changed afterwards.  Fields marked (R) are protected by the run-queue
 * lock of the pCPU in ->processor (take it with sched_unit_lock()).
 */
struct sched_unit {
    void *owner;            /* (O) the struct vcpu embedding this unit */
    unsigned int unit_id;   /* (O) vCPU id inside its domain */
    struct sched_dom *sdom; /* set by sched_init_unit() */

    unsigned int processor;    /* (R) pCPU the unit runs or queues on */
    bool is_running;           /* (R) currently on ->processor */
    bool blocked;              /* (R) waiting for an event (SCHEDOP_block) */
    bool migrate_pending;      /* (R) move off ->processor when descheduled */
    unsigned int pause_count;  /* (R) > 0: not runnable (pause, cap park) */
    s_time_t state_entry_time; /* (R) when it last started/stopped running */
    s_time_t run_time;         /* (R) total time spent running */
    unsigned long *hard_affinity; /* (R) pCPUs it may run on (a mask) */

    void *priv;                 /* scheduler's per-unit data */
    struct sched_list dom_elem; /* on sdom->units; cpupool_lock */
};

/*
 * Per-domain scheduling state.  weight/cap belong to the domain's
 * scheduler and are protected by that scheduler's private lock.
 */
struct sched_dom {
    void *owner; /* the struct domain embedding this */
    uint32_t domid;
    uint16_t weight;             /* 1..65535, default 256 */
    uint16_t cap;                /* percent of one pCPU, 0 = no cap */
    struct cpupool *pool;        /* cpupool_lock */
    void *priv;                  /* scheduler's per-domain data */
    struct sched_list units;     /* sched_unit.dom_elem; cpupool_lock */
    unsigned int nr_units;       /* cpupool_lock */
    struct sched_list pool_elem; /* on pool->domains; cpupool_lock */
};

/* What a pCPU should do next: run ->next (NULL = idle) for ->slice ns
 * (negative = until something else happens). */
struct sched_decision {
    struct sched_unit *next;
    s_time_t slice;
    bool migrated; /* ->next was taken from another pCPU's queue */
};

/*
 * Operations of one scheduler, registered through one const descriptor
 * (see sched_registry[] in common/sched/registry.c).  Every pool has its
 * own instance (struct scheduler) with private data.
 *
 * Locks held on entry: sleep, wake, yield, do_schedule and pick_cpu are
 * called with the run-queue lock of the unit's (or the given) pCPU held;
 * everything else with no scheduler lock held.
 */
struct sched_ops {
    const char *name;      /* long name, for dumps */
    const char *opt_name;  /* "sched=" name */
    unsigned int sched_id; /* XEN_SCHEDULER_* */

    int (*init)(struct scheduler *s);
    void (*deinit)(struct scheduler *s);

    /* Per-pCPU data: allocate (may fail), then add/remove under the
     * scheduler's control, then free. */
    void *(*alloc_pdata)(struct scheduler *s, unsigned int cpu);
    void (*add_pcpu)(struct scheduler *s, void *pdata, unsigned int cpu,
                     s_time_t now);
    void (*remove_pcpu)(struct scheduler *s, void *pdata, unsigned int cpu);
    void (*free_pdata)(struct scheduler *s, void *pdata);

    void *(*alloc_domdata)(struct scheduler *s, struct sched_dom *d);
    void (*free_domdata)(struct scheduler *s, void *ddata);
    void *(*alloc_udata)(struct scheduler *s, struct sched_unit *u,
                         void *ddata);
    void (*free_udata)(struct scheduler *s, void *udata);

    void (*insert_unit)(struct scheduler *s, struct sched_unit *u);
    void (*remove_unit)(struct scheduler *s, struct sched_unit *u);
    void (*sleep)(struct scheduler *s, struct sched_unit *u);
    void (*wake)(struct scheduler *s, struct sched_unit *u);
    void (*yield)(struct scheduler *s, struct sched_unit *u);

    void (*do_schedule)(struct scheduler *s, unsigned int cpu, s_time_t now,
                        struct sched_decision *out);
    unsigned int (*pick_cpu)(struct scheduler *s, struct sched_unit *u);

    /* Run the scheduler's timers of cpu that are due at now; return the
     * next deadline (SCHED_TIME_NEVER if none). */
    s_time_t (*tick)(struct scheduler *s, unsigned int cpu, s_time_t now);
    s_time_t (*next_timer)(struct scheduler *s, unsigned int cpu);

    int (*adjust)(struct scheduler *s, struct sched_dom *d,
                  struct xen_domctl_scheduler_op *op);
    int (*adjust_global)(struct scheduler *s,
                         struct xen_sysctl_scheduler_op *op);
    void (*dump)(struct scheduler *s);
    void (*dump_cpu)(struct scheduler *s, unsigned int cpu);
};

/* A scheduler instance (one per cpupool). */
struct scheduler {
    const struct sched_ops *ops;
    void *priv;           /* instance data from ops->init */
    struct cpupool *pool; /* pool this instance schedules */
};

/* Registered schedulers; NULL if id/name is unknown. */
const struct sched_ops *sched_find_by_id(unsigned int sched_id);
const struct sched_ops *sched_find_by_name(const char *opt_name);

/* Memory and notification hooks the hypervisor supplies at boot. */
struct sched_platform {
    void *(*zalloc)(size_t size); /* zeroed memory or NULL */
    void (*free)(void *p);
    /* Ask cpu to call sched_schedule() soon (softirq / IPI). */
    void (*kick)(unsigned int cpu);
    s_time_t (*now)(void); /* current system time */
};

/*
 * Boot: size CPU masks for nr_cpu_ids possible CPUs, create cpupool 0 with
 * the scheduler named by "sched=" (default credit) and every CPU in
 * online.  Returns 0, -EINVAL (bad nr_cpu_ids, platform or online mask),
 * -EBUSY (already booted) or -ENOMEM.
 */
int sched_boot(const struct sched_platform *plat, unsigned int nr_cpu_ids,
               const unsigned long *online);
/* Free everything sched_boot() made; all domains must be gone. */
void sched_shutdown(void);

/* The platform's allocator, kick and clock. */
void *sched_zalloc(size_t size);
void sched_free(void *p);
void sched_kick(unsigned int cpu);
s_time_t sched_now(void);

/*
 * Domain life cycle.  sched_init_dom() joins pool poolid: -ESRCH if it
 * does not exist, -ENODEV if it has no CPU, -ENOMEM.  A domain must have
 * no units left when sched_destroy_dom() is called.
 */
int sched_init_dom(struct sched_dom *d, void *owner, uint32_t domid,
                   unsigned int poolid);
void sched_destroy_dom(struct sched_dom *d);

/*
 * vCPU life cycle.  A new unit starts blocked (like a vCPU that is down);
 * sched_unit_wake() makes it runnable.  sched_destroy_unit() requires the
 * unit not to be running (pause it and let its pCPU reschedule first).
 */
int sched_init_unit(struct sched_unit *u, struct sched_dom *d, void *owner,
                    unsigned int unit_id);
int sched_destroy_unit(struct sched_unit *u);

/* Block until woken; wake; pause counting; yield. */
void sched_unit_block(struct sched_unit *u);
void sched_unit_wake(struct sched_unit *u);
void sched_unit_pause_nosync(struct sched_unit *u);
void sched_unit_unpause(struct sched_unit *u);
void sched_unit_yield(struct sched_unit *u);

/* Hard affinity: -EINVAL if mask has no CPU of the unit's pool. */
int sched_set_affinity(struct sched_unit *u, const unsigned long *mask);

/* Lock the run queue of the unit's pCPU (follows migrations), with
 * interrupts off until sched_unit_unlock(). */
spinlock_t *sched_unit_lock(struct sched_unit *u);
void sched_unit_unlock(spinlock_t *lock);

static inline bool sched_unit_runnable(const struct sched_unit *u)
{
    return !u->blocked && u->pause_count == 0;
}

/* Move a unit that is not running to a pCPU its scheduler picks. */
void sched_unit_migrate(struct sched_unit *u);

/*
 * Called on cpu when its scheduler timer fires (or any time: nothing is
 * done before a deadline).  Returns the next deadline for cpu.
 */
s_time_t sched_timer(unsigned int cpu, s_time_t now);
/* Next scheduler timer deadline of cpu without running anything. */
s_time_t sched_next_timer(unsigned int cpu);

/*
 * Called on cpu from the schedule softirq: chooses what cpu runs next,
 * records it as cpu's current unit and returns the decision.  The caller
 * context-switches to ->next (or idles) and arms a timer for ->slice.
 */
struct sched_decision sched_schedule(unsigned int cpu, s_time_t now);

/* The unit running on cpu (NULL = idle). */
struct sched_unit *sched_curr(unsigned int cpu);

/*
 * XEN_DOMCTL_scheduler_op for domain d and XEN_SYSCTL_scheduler_op, with
 * Xen 4.17's checks: -EINVAL for a wrong sched_id or command, -ESRCH for
 * an unknown pool, then the scheduler's own validation.
 */
int sched_adjust(struct sched_dom *d, struct xen_domctl_scheduler_op *op);
int sched_adjust_global(struct xen_sysctl_scheduler_op *op);

/* XEN_SYSCTL_sched_id: the scheduler of cpupool 0. */
unsigned int sched_default_id(void);

/* Print every pool's scheduler state on the console. */
void sched_dump_all(void);

/* Boot parameter shared by schedulers ("sched_ratelimit_us"). */
extern unsigned int sched_ratelimit_us;

#endif /* XENITH_SCHED_H */
