/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, 2-level and FIFO ABIs: the per-domain state the domain
 * code embeds,
 * the hypercall entry, the delivery API for the rest of the hypervisor and
 * the hooks the hypervisor must provide.  See docs/event-channels.md.
 *
 * Embedding: struct domain holds a struct evtchn_dom, initialised with
 * evtchn_dom_init() and torn down with evtchn_dom_destroy() then
 * evtchn_dom_free().  Its ->owner points back to the struct domain.  The
 * event code never allocates or frees struct domain or struct vcpu.
 *
 * Locking (outermost first):
 *   evtchn_dom.event_lock  (two domains: lower address first)
 *     > global VIRQ handler lock
 *       > evtchn_vcpu.virq_lock
 *         > evtchn.lock  (two channels: lower address first)
 * event_lock serialises every change of a domain's port table (allocation,
 * binding, closing) and is only taken from hypercall context.  The
 * per-channel lock and the VIRQ lock are taken with interrupts disabled,
 * so delivery (evtchn_send_*) may run in interrupt context; delivery never
 * takes event_lock.  A channel's state changes only with both event_lock
 * and its own lock held; an interdomain pair changes only with both
 * channels' locks held, so holding either end's lock keeps the pair intact.
 * The kick_vcpu hook is called with a channel lock held.
 *
 * Return convention: negative Xen errno values (-EINVAL, ...), 0 on
 * success.
 */
#ifndef XENITH_EVENT_H
#define XENITH_EVENT_H

#include <public/event_channel.h>
#include <public/xen.h>
#include <xenith/spinlock.h>
#include <xenith/types.h>

struct domain;

/*
 * Ports of one bucket; buckets are allocated as the table grows, and their
 * pointers sit in groups of EVTCHN_GROUP_BUCKETS, also allocated on
 * demand.  EVTCHN_MAX_PORTS is the FIFO ABI's limit; a domain using the
 * 2-level ABI stops at EVTCHN_2L_NR_CHANNELS.
 */
#define EVTCHN_BUCKET_PORTS  64
#define EVTCHN_GROUP_BUCKETS 64
#define EVTCHN_GROUP_PORTS   (EVTCHN_BUCKET_PORTS * EVTCHN_GROUP_BUCKETS)
#define EVTCHN_MAX_PORTS     EVTCHN_FIFO_NR_CHANNELS
#define EVTCHN_NR_GROUPS     (EVTCHN_MAX_PORTS / EVTCHN_GROUP_PORTS)
/* Bits of one evtchn_pending word (and of evtchn_pending_sel). */
#define EVTCHN_WORD_BITS 64

/* Channel states (internal; EVTCHNSTAT_* is what guests see). */
enum evtchn_state {
    ECS_FREE = 0,        /* Unused, may be allocated. */
    ECS_RESERVED = 1,    /* Port 0: never usable. */
    ECS_UNBOUND = 2,     /* Waiting for a remote domain to connect. */
    ECS_INTERDOMAIN = 3, /* Connected to a port of a domain. */
    ECS_PIRQ = 4,        /* Bound to a physical IRQ. */
    ECS_VIRQ = 5,        /* Bound to a virtual IRQ. */
    ECS_IPI = 6,         /* Inter-vCPU notification. */
};

struct evtchn_dom;
struct evtchn_port_ops;
struct evtchn_fifo_dom;
struct evtchn_fifo_vcpu;

/* One port.  Fields change under event_lock and ->lock together. */
struct evtchn {
    spinlock_t lock;      /* See "Locking" above. */
    uint8_t state;        /* ECS_* */
    uint8_t priority;     /* FIFO queue (EVTCHN_FIFO_PRIORITY_*) */
    bool pending;         /* FIFO: raised while its event word was absent */
    uint16_t notify_vcpu; /* vCPU that gets the upcall. */
    uint32_t fifo_lastq;  /* FIFO: queue last linked on (vCPU, priority) */
    evtchn_port_t port;   /* This port's number (constant). */
    union {
        struct {
            domid_t remote_domid; /* Domain allowed to bind. */
        } unbound;
        struct {
            struct evtchn_dom *remote; /* The peer's domain state. */
            evtchn_port_t remote_port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};

/*
 * Per-vCPU event state, one per possible vCPU, inside struct evtchn_dom.
 * virq_to_port is written under event_lock and virq_lock, read under
 * virq_lock; poll_port is updated atomically; polling is touched only by
 * the vCPU itself.
 */
struct evtchn_vcpu {
    spinlock_t virq_lock;
    bool online;                          /* evtchn_vcpu_online() was called */
    bool polling;                         /* between poll begin and end */
    int32_t poll_port;                    /* 0: not polling, -1: any port */
    evtchn_port_t virq_to_port[NR_VIRQS]; /* 0: VIRQ not bound */
    struct evtchn_fifo_vcpu *fifo;        /* FIFO queues (once FIFO is on) */
};

/* A domain's event-channel state (embedded in struct domain). */
struct evtchn_dom {
    spinlock_t event_lock;    /* See "Locking" above. */
    struct domain *owner;     /* (constant) the embedding domain */
    domid_t domid;            /* (constant) */
    bool dying;               /* event_lock: no new ports */
    unsigned int max_port;    /* (constant) highest port allowed */
    unsigned int max_vcpus;   /* (constant) entries of ->vcpu */
    unsigned int nr_pirqs;    /* (constant) PIRQs 0..nr_pirqs-1 exist */
    unsigned int valid_ports; /* ports backed by buckets; atomic reads */
    unsigned int nr_polling;  /* vCPUs inside SCHEDOP_poll; atomic */
    unsigned int reset_next;  /* event_lock: port a preempted
                                 EVTCHNOP_reset resumes at (0: none) */
    uint32_t *pirq_to_port;   /* event_lock; allocated on first bind_pirq */
    struct evtchn_vcpu *vcpu; /* max_vcpus entries */
    /* 2-level or FIFO (common/event/fifo.c); atomic reads, see fifo.c. */
    const struct evtchn_port_ops *ops;
    struct evtchn_fifo_dom *fifo; /* FIFO event array (once FIFO is on) */
    struct evtchn **group[EVTCHN_NR_GROUPS]; /* bucket pointers */
};

/*
 * Life cycle (domain code).
 *
 * evtchn_dom_init(): max_port is the highest port the domain may use (the
 * createdomain max_evtchn_port; larger values are clamped to the FIFO
 * limit, 131071; the 2-level ABI stops at 4095 whatever it is);
 * nr_pirqs bounds EVTCHNOP_bind_pirq.  Port 0 is reserved.  -ENOMEM.
 * evtchn_vcpu_online(): vCPU vcpu_id now exists (binds may target it).
 * evtchn_dom_destroy(): stop allocations and close every port (the peers
 * of interdomain channels become unbound); drops global VIRQ handler
 * registrations of this domain.  evtchn_dom_free(): release the memory.
 */
int evtchn_dom_init(struct evtchn_dom *ed, struct domain *owner, domid_t domid,
                    unsigned int max_vcpus, unsigned int max_port,
                    unsigned int nr_pirqs);
int evtchn_vcpu_online(struct evtchn_dom *ed, unsigned int vcpu_id);
void evtchn_dom_destroy(struct evtchn_dom *ed);
void evtchn_dom_free(struct evtchn_dom *ed);

/*
 * The event_channel_op hypercall (#32) for the current domain: copies the
 * argument in through the copy_from_guest hook, runs the sub-op and
 * copies results out.  Unknown commands give -ENOSYS.
 */
long evtchn_do_event_channel_op(int cmd, uint64_t arg);

/*
 * Sub-ops on already copied-in arguments, for the hypercall layer and for
 * the hypervisor itself (e.g. the domain builder's xenstore and console
 * channels).  "cur" is the calling domain; Xen 4.17's checks and error
 * codes apply (see docs/event-channels.md).
 */
int evtchn_alloc_unbound(struct domain *cur, evtchn_alloc_unbound_t *op);
int evtchn_bind_interdomain(struct domain *cur, evtchn_bind_interdomain_t *op);
int evtchn_bind_virq(struct domain *cur, evtchn_bind_virq_t *op);
int evtchn_bind_ipi(struct domain *cur, evtchn_bind_ipi_t *op);
int evtchn_bind_pirq(struct domain *cur, evtchn_bind_pirq_t *op);
int evtchn_close(struct domain *cur, evtchn_port_t port);
int evtchn_send(struct domain *cur, evtchn_port_t port);
int evtchn_status(struct domain *cur, evtchn_status_t *op);
int evtchn_bind_vcpu(struct domain *cur, evtchn_port_t port,
                     unsigned int vcpu_id);
int evtchn_unmask(struct domain *cur, evtchn_port_t port);
/* resuming: EVTCHNOP_reset_cont.  -ERESTART when preempted: the caller
 * re-issues the hypercall as EVTCHNOP_reset_cont. */
int evtchn_reset(struct domain *cur, domid_t dom, bool resuming);

/*
 * Delivery for the hypervisor.  All may run in interrupt context.
 * evtchn_send_vcpu_virq(): a per-vCPU VIRQ (TIMER, DEBUG, XENOPROF,
 * XENPMU) to vcpu_id of ed.  evtchn_send_domain_global_virq(): a global
 * VIRQ to ed.  evtchn_send_global_virq(): a global VIRQ to its registered
 * handler domain, else to the hardware domain.  evtchn_send_pirq(): the
 * port bound to pirq, if any.  Unbound VIRQs/PIRQs are dropped silently.
 */
void evtchn_send_vcpu_virq(struct evtchn_dom *ed, unsigned int vcpu_id,
                           unsigned int virq);
void evtchn_send_domain_global_virq(struct evtchn_dom *ed, unsigned int virq);
void evtchn_send_global_virq(unsigned int virq);
void evtchn_send_pirq(struct evtchn_dom *ed, unsigned int pirq);
/* Route global VIRQ virq to d (takes a reference); -EINVAL if not global. */
int evtchn_set_global_virq_handler(struct domain *d, unsigned int virq);
bool evtchn_virq_is_global(unsigned int virq);

/*
 * SCHEDOP_poll support.  evtchn_poll_port(): 1 if port is pending, 0 if
 * not (masked ports count too), -EINVAL if it is not a bound port.
 * evtchn_poll_begin(): vCPU vcpu_id starts waiting for port (0: for any
 * port); from now on a port of ed turning pending (even masked) clears the
 * poll and kicks the vCPU.  The scheduler marks the vCPU blocked BEFORE
 * calling it, then checks the ports with evtchn_poll_port(), and calls
 * evtchn_poll_end() when the poll finishes for any reason.
 * evtchn_poll_active(): the vCPU is still registered (not yet woken).
 */
int evtchn_poll_port(struct evtchn_dom *ed, evtchn_port_t port);
void evtchn_poll_begin(struct evtchn_dom *ed, unsigned int vcpu_id,
                       evtchn_port_t port);
void evtchn_poll_end(struct evtchn_dom *ed, unsigned int vcpu_id);
bool evtchn_poll_active(struct evtchn_dom *ed, unsigned int vcpu_id);

/*
 * Hooks the hypervisor provides (domain/vCPU, scheduler and guest-access
 * code), registered once at boot with evtchn_set_hooks() before the first
 * evtchn_dom_init().  Every member is required unless marked optional.
 * The grant-table code uses
 * them too.
 */
struct evtchn_hooks {
    /* Domain domid with a reference, or NULL.  Never given DOMID_SELF. */
    struct domain *(*domain_get)(domid_t domid);
    void (*domain_put)(struct domain *d);
    /* The domain of the running vCPU (no reference taken). */
    struct domain *(*current_domain)(void);
    /* The struct evtchn_dom embedded in d. */
    struct evtchn_dom *(*domain_evtchn)(struct domain *d);
    /*
     * src may act on target's behalf: src is the control domain or
     * target's device-model domain (Xen's XSM_TARGET minus src == target).
     */
    bool (*privileged_over)(struct domain *src, struct domain *target);
    /* target has been paused by its controller (domctl pausedomain). */
    bool (*controller_paused)(struct domain *target);
    /*
     * The hardware domain (dom0), or NULL.  No reference: the domain code
     * must stop returning a domain before evtchn_dom_destroy() on it.
     */
    struct domain *(*hardware_domain)(void);
    /* d may bind physical IRQ pirq (PV: irq_access_permitted). */
    bool (*pirq_permitted)(struct domain *d, unsigned int pirq);
    /* d's shared_info page (NULL if not set up yet). */
    struct shared_info *(*shared_info)(struct domain *d);
    /* vCPU vcpu's vcpu_info: registered copy or shared_info slot; NULL. */
    struct vcpu_info *(*vcpu_info)(struct domain *d, unsigned int vcpu);
    /*
     * evtchn_upcall_pending of vcpu went 0 -> 1, or its poll finished:
     * wake the vCPU if blocked or polling, make a running one re-check
     * for events (IPI).  Called with a channel lock held and interrupts
     * off: must not take event locks.
     */
    void (*kick_vcpu)(struct domain *d, unsigned int vcpu);
    /* Guest memory of the current vCPU: 0, or -EFAULT. */
    int (*copy_from_guest)(void *dst, uint64_t guest_va, size_t n);
    int (*copy_to_guest)(uint64_t guest_va, const void *src, size_t n);
    /* A long batch should stop for a continuation. */
    bool (*preempt_check)(void);
    /*
     * Optional (NULL: nothing to do).  pirq_check_bind: the interrupt
     * behind pirq can be bound by d now (0; -EINVAL not mapped, -EBUSY the
     * hypervisor's own).  pirq_bound: route it, after a successful bind
     * (no event lock held).  port_vcpu_moved: port now notifies vcpu
     * (EVTCHNOP_bind_vcpu succeeded), so its interrupt may follow.
     */
    int (*pirq_check_bind)(struct domain *d, unsigned int pirq);
    void (*pirq_bound)(struct domain *d, unsigned int pirq);
    void (*port_vcpu_moved)(struct domain *d, evtchn_port_t port,
                            unsigned int vcpu);
    /*
     * Optional (NULL: the FIFO ABI is not offered, init_control gives
     * -ENOSYS).  map_guest_frame: take a reference and a writable type
     * reference on d's frame gfn and map it for the hypervisor (0, or
     * -EINVAL not a writable frame of d, -ENOMEM).  unmap_guest_frame:
     * undo it, given the address map_guest_frame returned.
     */
    int (*map_guest_frame)(struct domain *d, uint64_t gfn, void **va);
    void (*unmap_guest_frame)(void *va);
};

/*
 * The hooks on every send's path, under fixed names: in the hypervisor
 * (not in host unit tests, XENITH_HOST_TEST) the event code calls these
 * directly, so the registered struct must name these same functions (and
 * copy_from_guest / copy_to_guest of xenith/guest_access.h);
 * evtchn_set_hooks() refuses one that does not.
 */
#ifndef XENITH_HOST_TEST
struct domain *evtchn_arch_current_domain(void);
struct evtchn_dom *evtchn_arch_domain_evtchn(struct domain *d);
struct shared_info *evtchn_arch_shared_info(struct domain *d);
struct vcpu_info *evtchn_arch_vcpu_info(struct domain *d, unsigned int vcpu);
void evtchn_arch_kick_vcpu(struct domain *d, unsigned int vcpu);
/* EVTCHNOP_send's argument (its port) as copy_from_guest would read it. */
int evtchn_arch_read_port(evtchn_port_t *port, uint64_t guest_va);
#endif

/*
 * Helpers for code built on these hooks (the grant tables):
 * evtchn_get_domain_any() resolves DOMID_SELF against cur and looks the
 * domain up with a reference (NULL if none); evtchn_may_target() is Xen's
 * XSM_TARGET default: cur == d or cur privileged over d.
 */
struct domain *evtchn_get_domain_any(struct domain *cur, domid_t domid);
bool evtchn_may_target(struct domain *cur, struct domain *d);

/* Register the hooks; -EINVAL if a member is missing. */
int evtchn_set_hooks(const struct evtchn_hooks *hooks);
/* The event_channel_op hypercall (#32), for the hypercall table. */
long do_event_channel_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                         unsigned long a4, unsigned long a5);
/* The registered hooks (NULL before evtchn_set_hooks()). */
extern const struct evtchn_hooks *evtchn_hooks;

#endif /* XENITH_EVENT_H */
