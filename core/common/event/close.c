/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the sub-ops that inspect or undo bindings (close,
 * status, bind_vcpu, unmask, reset), with Xen 4.17's error codes.
 */
#include "private.h"

/*
 * Close chn of ed.  Caller holds ed's event_lock and, for an interdomain
 * channel, the peer domain's event_lock too.  The peer of an interdomain
 * channel goes back to unbound, offered to ed again.
 */
static int close_locked(struct evtchn_dom *ed, struct evtchn *chn)
{
    struct evtchn_vcpu *ev;
    struct evtchn *rchn;
    unsigned long flags;

    switch (chn->state) {
    case ECS_UNBOUND:
    case ECS_IPI:
        break;
    case ECS_PIRQ:
        __atomic_store_n(&ed->pirq_to_port[chn->u.pirq], 0, __ATOMIC_RELEASE);
        break;
    case ECS_VIRQ:
        ev = &ed->vcpu[evtchn_virq_is_global(chn->u.virq) ? 0
                                                          : chn->notify_vcpu];
        flags = evtchn_irq_save();
        spin_lock(&ev->virq_lock);
        __atomic_store_n(&ev->virq_to_port[chn->u.virq], 0, __ATOMIC_RELEASE);
        spin_unlock(&ev->virq_lock);
        evtchn_irq_restore(flags);
        break;
    case ECS_INTERDOMAIN: {
        struct evtchn_dom *red = chn->u.interdomain.remote;

        rchn = evtchn_from_port(red, chn->u.interdomain.remote_port);
        flags = evtchn_lock_pair(chn, rchn);
        evtchn_free_port(ed, chn);
        memset(&rchn->u, 0, sizeof(rchn->u));
        rchn->state = ECS_UNBOUND;
        rchn->u.unbound.remote_domid = ed->domid;
        evtchn_unlock_pair(chn, rchn, flags);
        return 0;
    }
    default: /* ECS_FREE, ECS_RESERVED */
        return -EINVAL;
    }

    flags = evtchn_lock(chn);
    evtchn_free_port(ed, chn);
    evtchn_unlock(chn, flags);
    return 0;
}

/* Lock the peer of an interdomain channel after ed (red > ed or same). */
static int close_in_order(struct evtchn_dom *ed, struct evtchn *chn)
{
    struct evtchn_dom *red = NULL;
    int rc;

    if (chn->state == ECS_INTERDOMAIN && chn->u.interdomain.remote != ed)
        red = chn->u.interdomain.remote;
    if (red)
        spin_lock(&red->event_lock);
    rc = close_locked(ed, chn);
    if (red)
        spin_unlock(&red->event_lock);
    return rc;
}

/*
 * Close port of ed.  -EINVAL if the port is invalid, free or reserved.
 * When the peer's event_lock orders before ed's, ed's lock is dropped and
 * both are retaken in order, holding a reference to the peer; if the
 * channel changed meanwhile, start again.
 */
int evtchn_close_port(struct evtchn_dom *ed, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_lookup(ed, port);
    struct evtchn_dom *red;
    struct domain *rd;
    int rc;

    if (!chn)
        return -EINVAL;

    for (;;) {
        spin_lock(&ed->event_lock);
        red = chn->u.interdomain.remote;
        if (chn->state != ECS_INTERDOMAIN || red >= ed) {
            rc = close_in_order(ed, chn);
            spin_unlock(&ed->event_lock);
            return rc;
        }
        spin_unlock(&ed->event_lock);

        rd = evtchn_hooks->domain_get(red->domid);
        if (rd && evtchn_dom_of(rd) == red) {
            spin_lock(&red->event_lock);
            spin_lock(&ed->event_lock);
            rc = 1;
            if (chn->state == ECS_INTERDOMAIN &&
                chn->u.interdomain.remote == red)
                rc = close_locked(ed, chn);
            spin_unlock(&ed->event_lock);
            spin_unlock(&red->event_lock);
            evtchn_hooks->domain_put(rd);
            if (rc <= 0)
                return rc;
        } else if (rd) {
            evtchn_hooks->domain_put(rd);
        }
    }
}

/* EVTCHNOP_close on a port of the calling domain. */
int evtchn_close(struct domain *cur, evtchn_port_t port)
{
    return evtchn_close_port(evtchn_dom_of(cur), port);
}

/* Fill op from chn (event_lock held). */
static void fill_status(const struct evtchn *chn, evtchn_status_t *op)
{
    switch (chn->state) {
    case ECS_UNBOUND:
        op->status = EVTCHNSTAT_unbound;
        op->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        op->status = EVTCHNSTAT_interdomain;
        op->u.interdomain.dom = chn->u.interdomain.remote->domid;
        op->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_PIRQ:
        op->status = EVTCHNSTAT_pirq;
        op->u.pirq = chn->u.pirq;
        break;
    case ECS_VIRQ:
        op->status = EVTCHNSTAT_virq;
        op->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        op->status = EVTCHNSTAT_ipi;
        break;
    default:
        op->status = EVTCHNSTAT_closed;
        break;
    }
    op->vcpu = chn->notify_vcpu;
}

/*
 * EVTCHNOP_status: describe port op->port of op->dom.  -ESRCH no such
 * domain; -EINVAL port out of range; -EPERM cur may not inspect op->dom.
 */
int evtchn_status(struct domain *cur, evtchn_status_t *op)
{
    struct domain *d = evtchn_get_domain_any(cur, op->dom);
    struct evtchn_dom *ed = evtchn_dom_of(d);
    struct evtchn *chn;
    int rc = 0;

    if (!d)
        return -ESRCH;
    chn = evtchn_lookup(ed, op->port);
    if (!chn) {
        rc = -EINVAL;
    } else if (!evtchn_may_target(cur, d)) {
        rc = -EPERM;
    } else {
        spin_lock(&ed->event_lock);
        fill_status(chn, op);
        spin_unlock(&ed->event_lock);
    }
    evtchn_hooks->domain_put(d);
    return rc;
}

/*
 * EVTCHNOP_bind_vcpu: notify vcpu_id instead.  Allowed for unbound,
 * interdomain, PIRQ and global VIRQ ports.  -ENOENT no such vCPU; -EINVAL
 * invalid port or a port that cannot move (IPI, per-vCPU VIRQ, closed).
 */
int evtchn_bind_vcpu(struct domain *cur, evtchn_port_t port,
                     unsigned int vcpu_id)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    struct evtchn *chn;
    unsigned long flags;
    int rc = 0;

    if (!evtchn_vcpu_exists(ed, vcpu_id))
        return -ENOENT;
    chn = evtchn_lookup(ed, port);
    if (!chn)
        return -EINVAL;

    spin_lock(&ed->event_lock);
    switch (chn->state) {
    case ECS_VIRQ:
        if (!evtchn_virq_is_global(chn->u.virq)) {
            rc = -EINVAL;
            break;
        }
        /* fall through */
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
    case ECS_PIRQ:
        flags = evtchn_lock(chn);
        chn->notify_vcpu = vcpu_id;
        evtchn_unlock(chn, flags);
        break;
    default:
        rc = -EINVAL;
        break;
    }
    spin_unlock(&ed->event_lock);
    return rc;
}

/*
 * EVTCHNOP_unmask: clear the port's mask bit and deliver the event if it
 * is pending.  A valid but unbound-to-anything (free) port is left alone.
 * -EINVAL port out of range.
 */
int evtchn_unmask(struct domain *cur, evtchn_port_t port)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur);
    struct evtchn *chn = evtchn_lookup(ed, port);
    unsigned long flags;

    if (!chn)
        return -EINVAL;
    flags = evtchn_lock(chn);
    if (evtchn_usable(chn))
        evtchn_unmask_chn(ed, chn);
    evtchn_unlock(chn, flags);
    return 0;
}

/*
 * EVTCHNOP_reset: close every port of dom and return it to the 2-level
 * ABI.  -ESRCH no such domain; -EPERM cur may not act for it; -EINVAL
 * another domain that its controller has not paused; -EBUSY a reset of
 * dom already in progress (or a resume with none).  Every 64 ports a
 * pending softirq preempts it (-ERESTART, progress in ed->reset_next), as
 * Xen 4.17 does: a domain with 131071 ports cannot hold a CPU.
 */
int evtchn_reset(struct domain *cur, domid_t dom, bool resuming)
{
    struct domain *d = evtchn_get_domain_any(cur, dom);
    struct evtchn_dom *ed = evtchn_dom_of(d);
    unsigned int port, valid;
    int rc = 0;

    if (!d)
        return -ESRCH;
    if (!evtchn_may_target(cur, d))
        rc = -EPERM;
    else if (d != cur && !evtchn_hooks->controller_paused(d))
        rc = -EINVAL;
    if (rc) {
        evtchn_hooks->domain_put(d);
        return rc;
    }

    spin_lock(&ed->event_lock);
    port = resuming ? ed->reset_next : !ed->reset_next;
    if (port > ed->reset_next)
        ed->reset_next = port;
    spin_unlock(&ed->event_lock);
    if (!port) {
        evtchn_hooks->domain_put(d);
        return -EBUSY;
    }

    valid = __atomic_load_n(&ed->valid_ports, __ATOMIC_ACQUIRE);
    for (; port < valid; port++) {
        evtchn_close_port(ed, port);
        if (!(port & 63) && port + 1 < valid && evtchn_hooks->preempt_check()) {
            spin_lock(&ed->event_lock);
            ed->reset_next = port + 1;
            spin_unlock(&ed->event_lock);
            evtchn_hooks->domain_put(d);
            return -ERESTART;
        }
    }
    /* Back to the 2-level ABI, as Xen 4.17 (the guest may choose again). */
    spin_lock(&ed->event_lock);
    ed->reset_next = 0;
    evtchn_fifo_destroy(ed);
    spin_unlock(&ed->event_lock);
    evtchn_hooks->domain_put(d);
    return 0;
}
