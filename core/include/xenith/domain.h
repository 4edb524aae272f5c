/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs.  Each subsystem keeps its per-domain and per-vCPU
 * state embedded here (scheduler today; event channels, grant tables and
 * the PV MM join as they are integrated), reached with container_of() from
 * the embedded part.
 *
 * Lifetime: a domain is reference counted (refcnt).  domain_create()
 * returns it with one reference, owned by the domain list; lookups take
 * another (put_domain() drops it).  domain_kill() marks it dying and
 * removes its vCPUs; domain_unlink() takes it off the list and drops the
 * list's reference; domain_destroy() does both.  Between the two a dying
 * domain still has an id (get_domain_by_id_any() finds it) while other
 * domains hold some of its frames.  The memory goes when the last
 * reference does.
 *
 * Locking: domlist_lock (domain.c) protects the domain hash and list.
 * d->lock protects the domain's own fields marked (L).  Order: domlist_lock
 * before d->lock; neither is held across a call into the scheduler.
 */
#ifndef XENITH_DOMAIN_H
#define XENITH_DOMAIN_H

#include <public/xen.h>
#include <xenith/event.h>
#include <xenith/grant.h>
#include <xenith/asm/hvm/domain.h>
#include <xenith/asm/pv/domain.h>
#include <xenith/sched.h>
#include <xenith/spinlock.h>
#include <xenith/types.h>

struct domain;

struct vcpu {
    unsigned int vcpu_id;          /* (constant) index in the domain */
    struct domain *domain;         /* (constant) owner */
    unsigned int processor;        /* pCPU it runs or last ran on */
    bool is_idle;                  /* (constant) an idle vCPU */
    bool is_running;               /* on a pCPU right now */
    struct sched_unit sched;       /* scheduler state (not used for idle) */
    bool up;                       /* online: VCPUOP_up done (vCPU 0: built) */
    bool blocked_in_op;            /* SCHEDOP_poll in progress */
    bool pin_override_set;         /* SCHEDOP_pin_override active */
    struct vcpu_info *vcpu_info;   /* shared_info slot or registered copy */
    struct timer singleshot_timer; /* set_timer_op / VCPUOP one-shot */
    struct timer poll_timer;       /* SCHEDOP_poll's timeout */
    struct vcpu_runstate_info runstate; /* time in each RUNSTATE_* */
    /* (domain lock) XEN_VCPUAFFINITY_SOFT as set by the toolstack
     * (reported back; every CPU while not set). */
    bool soft_affinity_set;
    unsigned long soft_affinity[NR_CPUS / 64];
    struct pv_vcpu pv;   /* PV guest state (xenith/asm/pv/domain.h) */
    struct hvm_vcpu hvm; /* HVM guest state (xenith/asm/hvm/domain.h) */
};

/* SCHEDOP_watchdog timers per domain (ids 1 and 2, as Xen). */
#define NR_DOMAIN_WATCHDOGS 2

struct domain {
    domid_t domain_id;      /* (constant) */
    bool is_privileged;     /* (constant) control domain */
    bool is_dying;          /* (L) being destroyed */
    unsigned int max_vcpus; /* (constant) length of vcpu[] */
    struct vcpu **vcpu;     /* vcpu[i] set once by vcpu_create() */
    unsigned int refcnt;    /* atomic */
    spinlock_t lock;
    struct sched_dom sched;      /* scheduler state (not used for idle) */
    struct domain *next_in_hash; /* domlist_lock */
    /* Memory accounting: frames owned and the reservation limit. */
    unsigned long tot_pages;    /* (L) */
    unsigned long max_pages;    /* (L) */
    uint8_t handle[16];         /* (L) setdomainhandle: the toolstack's UUID */
    bool ctrl_paused;           /* (L) paused by the toolstack */
    bool vcpus_announced;       /* (L) domctl max_vcpus seen (Xen creates a
                                 * domU's vCPUs there) */
    bool shutting_down;         /* (L) SCHEDOP_shutdown seen */
    unsigned int shutdown_code; /* (L) its SHUTDOWN_* reason */
    uint64_t node_affinity;     /* (L) setnodeaffinity (nodes 0..63) */
    bool node_affinity_set;     /* (L) false: automatic */
    unsigned int last_alloc_node; /* heap_lock: round-robin allocation */
    unsigned long vm_assist;      /* (L) VMASST_TYPE_* bits */
    unsigned int watchdog_inuse;  /* (L) bitmap of watchdog ids 1..2 */
    struct timer watchdog_timer[NR_DOMAIN_WATCHDOGS];
    struct pv_domain pv;      /* PV guest state (xenith/asm/pv/domain.h) */
    bool is_hvm;              /* (constant) hardware-assisted (translated) */
    struct hvm_domain hvm;    /* HVM guest state (xenith/asm/hvm/domain.h) */
    struct evtchn_dom evtchn; /* event channels (xenith/event.h) */
    struct gnttab_dom gnttab; /* grant table (xenith/grant.h) */
};

/* DOMID_IDLE's domain: one idle vCPU per pCPU. */
extern struct domain *idle_domain;
extern struct vcpu **idle_vcpu;

/* Boot: create the idle domain and make each CPU's idle vCPU current. */
void idle_domain_init(void);

/*
 * Create a domain with room for max_vcpus vCPUs (none created yet).
 * Returns 0 and *out, or -EINVAL (bad id or count), -EEXIST, -ENOMEM, or
 * the scheduler's error.
 */
int domain_create(domid_t domid, unsigned int max_vcpus, bool privileged,
                  struct domain **out);
/* Create vCPU id of d (starting blocked) on pCPU cpu; 0 or -errno. */
int vcpu_create(struct domain *d, unsigned int id, unsigned int cpu);
/* Mark d dying and free its vCPUs: every vCPU must be paused and not
 * running (else the scheduler's error; the caller retries). */
int domain_kill(struct domain *d);
/* Take a killed domain off the list and drop the list's reference. */
void domain_unlink(struct domain *d);
/* domain_kill() then domain_unlink(). */
int domain_destroy(struct domain *d);
/* The nodes d's memory comes from: its setnodeaffinity map, else the
 * nodes of its cpupool's CPUs (common/domctl_misc.c). */
uint64_t domain_node_affinity(struct domain *d);

/* Call fn for every domain (not idle), domlist_lock held: fn must not
 * sleep or take domlist_lock. */
void for_each_domain(void (*fn)(struct domain *d, void *ctx), void *ctx);

/* Find a live domain and take a reference (NULL if none). */
struct domain *get_domain_by_id(domid_t domid);
/* The same, dying domains included (for releasing what they still own). */
struct domain *get_domain_by_id_any(domid_t domid);
/* The domain with the lowest id >= domid, dying ones included, with a
 * reference taken (NULL if none): getdomaininfo's iteration. */
struct domain *get_domain_from_id(domid_t domid);
void get_domain(struct domain *d);
void put_domain(struct domain *d);

/* Scheduling glue (common/schedule.c): boot the scheduler and the
 * schedule softirq once all CPUs are up. */
int scheduler_init(void);

/* Switch this CPU from prev to next (arch/x86/context_switch.c). */
void context_switch(struct vcpu *prev, struct vcpu *next);

#endif /* XENITH_DOMAIN_H */
