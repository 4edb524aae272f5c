/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: delivery of virtual and physical IRQs raised by the
 * hypervisor, and the routing of global VIRQs.
 *
 * Per-vCPU VIRQs (TIMER, DEBUG, XENOPROF, XENPMU) are bound separately on
 * every vCPU; all others are global: bound once, in vCPU 0's table, and
 * delivered to whichever vCPU the port notifies.  A global VIRQ raised
 * with evtchn_send_global_virq() goes to the domain registered for it, or
 * to the hardware domain.
 */
#include "private.h"

/* Registered handler domains (with a reference each); handler_lock. */
static struct domain *global_virq_handlers[NR_VIRQS];
static DEFINE_SPINLOCK(handler_lock);

bool evtchn_virq_is_global(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:
        return true;
    }
}

/* Deliver the port bound to virq in ev's table, to vcpu (or its target). */
static void send_virq(struct evtchn_dom *ed, struct evtchn_vcpu *ev,
                      unsigned int virq, int vcpu)
{
    unsigned long flags = evtchn_irq_save();
    evtchn_port_t port;
    struct evtchn *chn;

    spin_lock(&ev->virq_lock);
    port = __atomic_load_n(&ev->virq_to_port[virq], __ATOMIC_ACQUIRE);
    if (port && evtchn_port_valid(ed, port)) {
        chn = evtchn_from_port(ed, port);
        spin_lock(&chn->lock);
        if (chn->state == ECS_VIRQ && chn->u.virq == virq)
            evtchn_set_pending(ed, vcpu < 0 ? chn->notify_vcpu : vcpu, chn);
        spin_unlock(&chn->lock);
    }
    spin_unlock(&ev->virq_lock);
    evtchn_irq_restore(flags);
}

/* Raise a per-vCPU VIRQ on vcpu_id; ignored if global or out of range. */
void evtchn_send_vcpu_virq(struct evtchn_dom *ed, unsigned int vcpu_id,
                           unsigned int virq)
{
    if (virq >= NR_VIRQS || evtchn_virq_is_global(virq) ||
        vcpu_id >= ed->max_vcpus)
        return;
    send_virq(ed, &ed->vcpu[vcpu_id], virq, (int)vcpu_id);
}

/* Raise a global VIRQ in ed; ignored if per-vCPU or out of range. */
void evtchn_send_domain_global_virq(struct evtchn_dom *ed, unsigned int virq)
{
    if (virq >= NR_VIRQS || !evtchn_virq_is_global(virq))
        return;
    send_virq(ed, &ed->vcpu[0], virq, -1);
}

/* Raise a global VIRQ in its handler domain, else the hardware domain. */
void evtchn_send_global_virq(unsigned int virq)
{
    struct domain *d;
    unsigned long flags;

    if (virq >= NR_VIRQS || !evtchn_virq_is_global(virq) || !evtchn_hooks)
        return;
    flags = evtchn_irq_save();
    spin_lock(&handler_lock);
    d = global_virq_handlers[virq];
    if (!d)
        d = evtchn_hooks->hardware_domain();
    if (d)
        evtchn_send_domain_global_virq(evtchn_dom_of(d), virq);
    spin_unlock(&handler_lock);
    evtchn_irq_restore(flags);
}

/* Deliver physical IRQ pirq to the port bound to it, if any. */
void evtchn_send_pirq(struct evtchn_dom *ed, unsigned int pirq)
{
    uint32_t *map = __atomic_load_n(&ed->pirq_to_port, __ATOMIC_ACQUIRE);
    struct evtchn *chn;
    unsigned long flags;
    evtchn_port_t port;

    if (!map || pirq >= ed->nr_pirqs)
        return;
    port = __atomic_load_n(&map[pirq], __ATOMIC_ACQUIRE);
    if (!port || !evtchn_port_valid(ed, port))
        return;
    chn = evtchn_from_port(ed, port);
    flags = evtchn_lock(chn);
    if (chn->state == ECS_PIRQ && chn->u.pirq == pirq)
        evtchn_set_pending(ed, chn->notify_vcpu, chn);
    evtchn_unlock(chn, flags);
}

/*
 * Route global VIRQ virq to d, holding a reference to d until replaced
 * or d is destroyed.  -EINVAL for a per-vCPU or unknown VIRQ, or if d
 * cannot be referenced.
 */
int evtchn_set_global_virq_handler(struct domain *d, unsigned int virq)
{
    struct domain *ref, *old;
    unsigned long flags;

    if (virq >= NR_VIRQS || !evtchn_virq_is_global(virq))
        return -EINVAL;
    ref = evtchn_hooks->domain_get(evtchn_dom_of(d)->domid);
    if (ref != d) {
        if (ref)
            evtchn_hooks->domain_put(ref);
        return -EINVAL;
    }

    flags = evtchn_irq_save();
    spin_lock(&handler_lock);
    old = global_virq_handlers[virq];
    global_virq_handlers[virq] = d;
    spin_unlock(&handler_lock);
    evtchn_irq_restore(flags);

    if (old)
        evtchn_hooks->domain_put(old);
    return 0;
}

void evtchn_clear_global_virq_handlers(struct domain *d)
{
    unsigned int virq, puts = 0;
    unsigned long flags = evtchn_irq_save();

    spin_lock(&handler_lock);
    for (virq = 0; virq < NR_VIRQS; virq++) {
        if (global_virq_handlers[virq] == d) {
            global_virq_handlers[virq] = NULL;
            puts++;
        }
    }
    spin_unlock(&handler_lock);
    evtchn_irq_restore(flags);

    while (puts--)
        evtchn_hooks->domain_put(d);
}
