/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the sub-ops that create bindings (alloc_unbound,
 * bind_interdomain, bind_virq, bind_ipi, bind_pirq).
 *
 * Each validates its arguments and takes a free port under the domain's
 * event_lock before changing any state, and returns Xen 4.17's error codes
 * in Xen's order of checks.  A port taken from the free list and then
 * rejected stays ECS_FREE, so failures leave nothing behind (a bucket
 * allocated on the way stays, as in Xen).
 */
#include "private.h"

/*
 * EVTCHNOP_alloc_unbound: a new port of op->dom (DOMID_SELF or a domain
 * cur is privileged over) that op->remote_dom may bind to.
 * -ESRCH no such domain; -EINVAL dying; -ENOSPC/-ENOMEM no port;
 * -EPERM not allowed to act for op->dom.
 */
int evtchn_alloc_unbound(struct domain *cur, evtchn_alloc_unbound_t *op)
{
    struct domain *d = evtchn_get_domain_any(cur, op->dom);
    struct evtchn_dom *ed = evtchn_dom_of(d);
    struct evtchn *chn;
    unsigned long flags;
    int port, rc = 0;

    if (!d)
        return -ESRCH;

    spin_lock(&ed->event_lock);
    port = evtchn_get_free_port(ed);
    if (port < 0) {
        rc = port;
        goto out;
    }
    if (!evtchn_may_target(cur, d)) {
        rc = -EPERM;
        goto out;
    }

    chn = evtchn_from_port(ed, port);
    flags = evtchn_lock(chn);
    chn->state = ECS_UNBOUND;
    chn->u.unbound.remote_domid = op->remote_dom == DOMID_SELF
                                      ? evtchn_dom_of(cur)->domid
                                      : op->remote_dom;
    evtchn_unlock(chn, flags);
    op->port = port;

out:
    spin_unlock(&ed->event_lock);
    evtchn_hooks->domain_put(d);
    return rc;
}

/* Take two domains' event locks in address order (once if the same). */
static void lock_two_doms(struct evtchn_dom *a, struct evtchn_dom *b)
{
    if (a == b) {
        spin_lock(&a->event_lock);
    } else if (a < b) {
        spin_lock(&a->event_lock);
        spin_lock(&b->event_lock);
    } else {
        spin_lock(&b->event_lock);
        spin_lock(&a->event_lock);
    }
}

static void unlock_two_doms(struct evtchn_dom *a, struct evtchn_dom *b)
{
    spin_unlock(&a->event_lock);
    if (a != b)
        spin_unlock(&b->event_lock);
}

/*
 * EVTCHNOP_bind_interdomain: connect a new local port of cur to the
 * unbound port op->remote_port of op->remote_dom, which must name cur as
 * its allowed remote.  The new local port is left pending, since events
 * sent to the remote end while it was unbound were dropped.
 * -ESRCH no such domain; -EINVAL/-ENOSPC/-ENOMEM no local port; -EINVAL
 * remote port invalid, not unbound or not offered to cur.
 */
int evtchn_bind_interdomain(struct domain *cur, evtchn_bind_interdomain_t *op)
{
    struct evtchn_dom *led = evtchn_dom_of(cur), *red;
    struct domain *rd = evtchn_get_domain_any(cur, op->remote_dom);
    struct evtchn *lchn, *rchn;
    unsigned long flags;
    int lport, rc = 0;

    if (!rd)
        return -ESRCH;
    red = evtchn_dom_of(rd);

    lock_two_doms(led, red);
    lport = evtchn_get_free_port(led);
    if (lport < 0) {
        rc = lport;
        goto out;
    }
    rchn = evtchn_lookup(red, op->remote_port);
    if (!rchn || rchn->state != ECS_UNBOUND ||
        rchn->u.unbound.remote_domid != led->domid) {
        rc = -EINVAL;
        goto out;
    }

    lchn = evtchn_from_port(led, lport);
    flags = evtchn_lock_pair(lchn, rchn);
    lchn->u.interdomain.remote = red;
    lchn->u.interdomain.remote_port = op->remote_port;
    lchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote = led;
    rchn->u.interdomain.remote_port = lport;
    rchn->state = ECS_INTERDOMAIN;
    evtchn_set_pending(led, lchn->notify_vcpu, lchn);
    evtchn_unlock_pair(lchn, rchn, flags);
    op->local_port = lport;

out:
    unlock_two_doms(led, red);
    evtchn_hooks->domain_put(rd);
    return rc;
}

/*
 * EVTCHNOP_bind_virq: bind op->virq of vCPU op->vcpu to a new port.
 * Global VIRQs bind on vCPU 0 only.  -EINVAL bad VIRQ or global VIRQ on
 * another vCPU; -ENOENT no such vCPU; -EEXIST already bound there; then
 * the port allocation errors.
 */
int evtchn_bind_virq(struct domain *cur, evtchn_bind_virq_t *op)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    struct evtchn_vcpu *ev;
    struct evtchn *chn;
    unsigned long flags;
    int port, rc = 0;

    if (op->virq >= NR_VIRQS)
        return -EINVAL;
    if (evtchn_virq_is_global(op->virq) && op->vcpu != 0)
        return -EINVAL;
    if (!evtchn_vcpu_exists(ed, op->vcpu))
        return -ENOENT;
    ev = &ed->vcpu[op->vcpu];

    spin_lock(&ed->event_lock);
    if (__atomic_load_n(&ev->virq_to_port[op->virq], __ATOMIC_RELAXED)) {
        rc = -EEXIST;
        goto out;
    }
    port = evtchn_get_free_port(ed);
    if (port < 0) {
        rc = port;
        goto out;
    }

    chn = evtchn_from_port(ed, port);
    flags = evtchn_lock(chn);
    chn->state = ECS_VIRQ;
    chn->notify_vcpu = op->vcpu;
    chn->u.virq = op->virq;
    evtchn_unlock(chn, flags);

    flags = evtchn_irq_save();
    spin_lock(&ev->virq_lock);
    __atomic_store_n(&ev->virq_to_port[op->virq], port, __ATOMIC_RELEASE);
    spin_unlock(&ev->virq_lock);
    evtchn_irq_restore(flags);
    op->port = port;

out:
    spin_unlock(&ed->event_lock);
    return rc;
}

/*
 * EVTCHNOP_bind_ipi: a new port notifying vCPU op->vcpu of cur.
 * -ENOENT no such vCPU; then the port allocation errors.
 */
int evtchn_bind_ipi(struct domain *cur, evtchn_bind_ipi_t *op)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    struct evtchn *chn;
    unsigned long flags;
    int port;

    if (!evtchn_vcpu_exists(ed, op->vcpu))
        return -ENOENT;

    spin_lock(&ed->event_lock);
    port = evtchn_get_free_port(ed);
    if (port >= 0) {
        chn = evtchn_from_port(ed, port);
        flags = evtchn_lock(chn);
        chn->state = ECS_IPI;
        chn->notify_vcpu = op->vcpu;
        evtchn_unlock(chn, flags);
        op->port = port;
    }
    spin_unlock(&ed->event_lock);
    return port < 0 ? port : 0;
}

/*
 * EVTCHNOP_bind_pirq: bind physical IRQ op->pirq to a new port notifying
 * vCPU 0.  Only the event-channel state is kept here; routing the
 * interrupt belongs to the architecture (the pirq_check_bind and
 * pirq_bound hooks), which sees the same copy of the argument.  -EEXIST
 * already bound; -EINVAL pirq out of range; the hook's error; -EPERM no
 * access to it; port allocation errors; -ENOMEM for the PIRQ table.
 */
int evtchn_bind_pirq(struct domain *cur, evtchn_bind_pirq_t *op)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    struct evtchn *chn;
    uint32_t *map;
    unsigned long flags;
    int port, rc = 0;

    /* Unlocked first look (checked again under the lock below). */
    map = READ_ONCE(ed->pirq_to_port);
    if (op->pirq < ed->nr_pirqs && map && READ_ONCE(map[op->pirq]))
        return -EEXIST;
    if (op->pirq >= ed->nr_pirqs)
        return -EINVAL;
    if (evtchn_hooks->pirq_check_bind &&
        (rc = evtchn_hooks->pirq_check_bind(cur, op->pirq)))
        return rc;
    if (!evtchn_hooks->pirq_permitted(cur, op->pirq))
        return -EPERM;

    spin_lock(&ed->event_lock);
    map = ed->pirq_to_port;
    if (map && map[op->pirq]) {
        rc = -EEXIST;
        goto out;
    }
    port = evtchn_get_free_port(ed);
    if (port < 0) {
        rc = port;
        goto out;
    }
    if (!map) {
        map = xzalloc_bytes(sizeof(*map) * ed->nr_pirqs);
        if (!map) {
            rc = -ENOMEM;
            goto out;
        }
        __atomic_store_n(&ed->pirq_to_port, map, __ATOMIC_RELEASE);
    }

    chn = evtchn_from_port(ed, port);
    flags = evtchn_lock(chn);
    chn->state = ECS_PIRQ;
    chn->notify_vcpu = 0;
    chn->u.pirq = op->pirq;
    __atomic_store_n(&map[op->pirq], (uint32_t)port, __ATOMIC_RELEASE);
    evtchn_unlock(chn, flags);
    op->port = port;

out:
    spin_unlock(&ed->event_lock);
    if (!rc && evtchn_hooks->pirq_bound)
        evtchn_hooks->pirq_bound(cur, op->pirq);
    return rc;
}
