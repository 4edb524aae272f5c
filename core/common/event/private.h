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
    return &ed->bucket[port / EVTCHN_BUCKET_PORTS][port % EVTCHN_BUCKET_PORTS];
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
    return d ? evtchn_hooks->domain_evtchn(d) : NULL;
}

/* vCPU vcpu_id exists in ed. */
bool evtchn_vcpu_exists(const struct evtchn_dom *ed, unsigned int vcpu_id);

/* ports.c: allocate the lowest free port (event_lock held). */
int evtchn_get_free_port(struct evtchn_dom *ed);
/* ports.c: return a channel to ECS_FREE (event_lock and chn lock held). */
void evtchn_free_port(struct evtchn_dom *ed, struct evtchn *chn);
/* close.c: close port of ed (Xen's evtchn_close without the guest flag). */
int evtchn_close_port(struct evtchn_dom *ed, evtchn_port_t port);

/* deliver_2l.c: mark chn pending for vcpu (chn lock held). */
void evtchn_set_pending(struct evtchn_dom *ed, unsigned int vcpu,
                        struct evtchn *chn);
/* deliver_2l.c: clear chn's pending bit (chn lock held). */
void evtchn_clear_pending(struct evtchn_dom *ed, struct evtchn *chn);
/* deliver_2l.c: clear chn's mask bit and deliver if pending. */
void evtchn_unmask_chn(struct evtchn_dom *ed, struct evtchn *chn);
/* virq.c: forget global VIRQ registrations of d. */
void evtchn_clear_global_virq_handlers(struct domain *d);

#endif /* XENITH_EVENT_PRIVATE_H */
