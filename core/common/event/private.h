/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal helpers of the event-channel code: port table access, atomic bit
 * operations on guest-shared words, interrupt-safe channel locking and the
 * allocator.  Not for use outside core/common/event/.
 */
#ifndef XENITH_EVENT_PRIVATE_H
#define XENITH_EVENT_PRIVATE_H

#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/lib.h>

#ifdef XENITH_HOST_TEST
/* Host unit tests provide the allocator (see core/tests/unit/). */
void *xzalloc_bytes(size_t size);
void xfree(void *p);
static inline unsigned long evtchn_irq_save(void)
{
    return 0;
}
static inline void evtchn_irq_restore(unsigned long flags)
{
    (void)flags;
}
#else
#include <xenith/asm/processor.h>
#include <xenith/mm.h>
static inline unsigned long evtchn_irq_save(void)
{
    return local_irq_save();
}
static inline void evtchn_irq_restore(unsigned long flags)
{
    local_irq_restore(flags);
}
#endif

/*
 * The hot hooks (see xenith/event.h): in the hypervisor the event code
 * calls the architecture's functions directly, resolved at link time;
 * host unit tests go through the registered struct.
 */
#ifdef XENITH_HOST_TEST
#define EVTCHN_HOOK(name) (evtchn_hooks->name)
#else
#include <xenith/guest_access.h>
#define EVTCHN_HOOK(name)           evtchn_arch_##name
#define evtchn_arch_copy_from_guest copy_from_guest
#define evtchn_arch_copy_to_guest   copy_to_guest
#endif

/* The port of an evtchn_send_t at guest_va: 0 or -EFAULT. */
static inline int evtchn_read_send_port(evtchn_port_t *port, uint64_t va)
{
#ifdef XENITH_HOST_TEST
    return evtchn_hooks->copy_from_guest(port, va, sizeof(*port));
#else
    return evtchn_arch_read_port(port, va);
#endif
}

/* Atomic bit operations on guest-visible words (lock-prefixed on x86). */
static inline bool evtchn_test_and_set(xen_ulong_t *words, unsigned int nr)
{
    xen_ulong_t bit = 1UL << (nr % EVTCHN_WORD_BITS);

    return __atomic_fetch_or(&words[nr / EVTCHN_WORD_BITS], bit,
                             __ATOMIC_SEQ_CST) &
           bit;
}

static inline bool evtchn_test_and_clear(xen_ulong_t *words, unsigned int nr)
{
    xen_ulong_t bit = 1UL << (nr % EVTCHN_WORD_BITS);

    return __atomic_fetch_and(&words[nr / EVTCHN_WORD_BITS], ~bit,
                              __ATOMIC_SEQ_CST) &
           bit;
}

static inline bool evtchn_test(const xen_ulong_t *words, unsigned int nr)
{
    xen_ulong_t w =
        __atomic_load_n(&words[nr / EVTCHN_WORD_BITS], __ATOMIC_SEQ_CST);

    return (w >> (nr % EVTCHN_WORD_BITS)) & 1;
}

/* True when port has a bucket (it may still be free). */
static inline bool evtchn_port_valid(const struct evtchn_dom *ed,
                                     evtchn_port_t port)
{
    return port < __atomic_load_n(&ed->valid_ports, __ATOMIC_ACQUIRE);
}

/* The channel of a valid port. */
static inline struct evtchn *evtchn_from_port(const struct evtchn_dom *ed,
                                              evtchn_port_t port)
{
    struct evtchn **g = ed->group[port / EVTCHN_GROUP_PORTS];

    return &g[(port / EVTCHN_BUCKET_PORTS) % EVTCHN_GROUP_BUCKETS]
             [port % EVTCHN_BUCKET_PORTS];
}

/* The channel of port, or NULL when the port is out of range. */
static inline struct evtchn *evtchn_lookup(const struct evtchn_dom *ed,
                                           evtchn_port_t port)
{
    return evtchn_port_valid(ed, port) ? evtchn_from_port(ed, port) : NULL;
}

/* A guest may see events on it: bound to something. */
static inline bool evtchn_usable(const struct evtchn *chn)
{
    return chn->state > ECS_RESERVED;
}

static inline unsigned long evtchn_lock(struct evtchn *chn)
{
    unsigned long flags = evtchn_irq_save();

    spin_lock(&chn->lock);
    return flags;
}

static inline void evtchn_unlock(struct evtchn *chn, unsigned long flags)
{
    spin_unlock(&chn->lock);
    evtchn_irq_restore(flags);
}

/* Lock two distinct channels in address order; interrupts off. */
static inline unsigned long evtchn_lock_pair(struct evtchn *a, struct evtchn *b)
{
    unsigned long flags = evtchn_irq_save();

    if (a > b) {
        struct evtchn *t = a;
        a = b;
        b = t;
    }
    spin_lock(&a->lock);
    spin_lock(&b->lock);
    return flags;
}

static inline void evtchn_unlock_pair(struct evtchn *a, struct evtchn *b,
                                      unsigned long flags)
{
    spin_unlock(&a->lock);
    spin_unlock(&b->lock);
    evtchn_irq_restore(flags);
}

/* Event state of a domain found by id; NULL when it does not exist. */
static inline struct evtchn_dom *evtchn_dom_of(struct domain *d)
{
    return d ? EVTCHN_HOOK(domain_evtchn)(d) : NULL;
}

/* vCPU vcpu_id exists in ed. */
bool evtchn_vcpu_exists(const struct evtchn_dom *ed, unsigned int vcpu_id);

/* ports.c: allocate the lowest free port (event_lock held). */
int evtchn_get_free_port(struct evtchn_dom *ed);
/* ports.c: return a channel to ECS_FREE (event_lock and chn lock held). */
void evtchn_free_port(struct evtchn_dom *ed, struct evtchn *chn);
/* close.c: close port of ed (Xen's evtchn_close without the guest flag). */
int evtchn_close_port(struct evtchn_dom *ed, evtchn_port_t port);

/*
 * How the guest sees events: the 2-level bitmaps in shared_info
 * (deliver_2l.c) or the FIFO queues (fifo.c).  ed->ops is read once per
 * operation, with the channel's lock held; it changes (init_control,
 * reset) under event_lock, and the code that changes it then takes every
 * channel's lock (with its interdomain peer's) once, so no delivery still
 * uses the old one afterwards.
 *
 * set_pending: mark chn pending for vcpu (chn lock, or for an
 * interdomain channel its peer's, held).  clear_pending: clear it (chn
 * lock held).  unmask: clear the mask and deliver if pending.
 * is_pending: the port is pending (masked or not).  is_busy: the port may
 * not be reused yet (FIFO: still linked in a queue).  set_priority: NULL
 * when the ABI has none (-ENOSYS).  max_ports: ports the ABI can address.
 */
struct evtchn_port_ops {
    void (*set_pending)(struct evtchn_dom *ed, unsigned int vcpu,
                        struct evtchn *chn);
    void (*clear_pending)(struct evtchn_dom *ed, struct evtchn *chn);
    void (*unmask)(struct evtchn_dom *ed, struct evtchn *chn);
    bool (*is_pending)(struct evtchn_dom *ed, const struct evtchn *chn);
    bool (*is_busy)(struct evtchn_dom *ed, const struct evtchn *chn);
    int (*set_priority)(struct evtchn_dom *ed, struct evtchn *chn,
                        unsigned int priority);
    unsigned int max_ports;
};

extern const struct evtchn_port_ops evtchn_ops_2l;
extern const struct evtchn_port_ops evtchn_ops_fifo;

static inline const struct evtchn_port_ops *
evtchn_ops(const struct evtchn_dom *ed)
{
    return __atomic_load_n(&ed->ops, __ATOMIC_ACQUIRE);
}

/* The set_pending of each ABI, for the direct calls below. */
void evtchn_2l_set_pending(struct evtchn_dom *ed, unsigned int vcpu,
                           struct evtchn *chn);
void evtchn_fifo_set_pending(struct evtchn_dom *ed, unsigned int vcpu,
                             struct evtchn *chn);

/*
 * Mark chn pending for vcpu (see struct evtchn_port_ops).  The two ABIs'
 * handlers are called directly rather than through the table: this is
 * every send's path.
 */
static inline void evtchn_set_pending(struct evtchn_dom *ed, unsigned int vcpu,
                                      struct evtchn *chn)
{
    const struct evtchn_port_ops *ops;

    if (!evtchn_usable(chn))
        return;
    ops = evtchn_ops(ed);
    if (ops == &evtchn_ops_2l)
        evtchn_2l_set_pending(ed, vcpu, chn);
    else if (ops == &evtchn_ops_fifo)
        evtchn_fifo_set_pending(ed, vcpu, chn);
    else
        ops->set_pending(ed, vcpu, chn);
}

static inline void evtchn_clear_pending(struct evtchn_dom *ed,
                                        struct evtchn *chn)
{
    if (evtchn_usable(chn))
        evtchn_ops(ed)->clear_pending(ed, chn);
}

static inline void evtchn_unmask_chn(struct evtchn_dom *ed, struct evtchn *chn)
{
    evtchn_ops(ed)->unmask(ed, chn);
}

/* deliver_2l.c: wake vCPUs polling for port (or any port) of ed. */
void evtchn_wake_pollers(struct evtchn_dom *ed, unsigned int port);
/* deliver_2l.c: set vcpu's evtchn_upcall_pending; kick it on 0 -> 1. */
void evtchn_mark_upcall(struct evtchn_dom *ed, unsigned int vcpu);
/*
 * Wait for every delivery that may have read ed->ops before it changed:
 * take each channel's lock, and its peer's, once.  event_lock held.
 */
void evtchn_sync_ports(struct evtchn_dom *ed);

/* fifo.c: the FIFO sub-ops (current domain cur). */
int evtchn_fifo_init_control(struct domain *cur, evtchn_init_control_t *op);
int evtchn_fifo_expand_array(struct domain *cur,
                             const evtchn_expand_array_t *op);
/* fifo.c: back to 2-level and release the FIFO state (event_lock held). */
void evtchn_fifo_destroy(struct evtchn_dom *ed);
/* virq.c: forget global VIRQ registrations of d. */
void evtchn_clear_global_virq_handlers(struct domain *d);

#endif /* XENITH_EVENT_PRIVATE_H */
