/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: 2-level delivery (the port ops of a domain that has not
 * asked for FIFO), EVTCHNOP_send and SCHEDOP_poll support.
 *
 * The guest sees one pending and one mask bit per port in shared_info
 * (evtchn_pending / evtchn_mask, 64 words of 64 bits) and, per vCPU, a
 * selector word (evtchn_pending_sel: which pending words to scan) and the
 * evtchn_upcall_pending flag.  Delivery sets the port's pending bit; if the
 * port is not masked it sets the selector bit and upcall_pending, and kicks
 * the vCPU when upcall_pending goes from 0 to 1.  Every step is an atomic
 * operation on the shared page, in this order, because the guest clears
 * these bits concurrently.
 */
#include "private.h"

void evtchn_mark_upcall(struct evtchn_dom *ed, unsigned int vcpu)
{
    struct vcpu_info *vi = EVTCHN_HOOK(vcpu_info)(ed->owner, vcpu);

    if (vi &&
        !__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        EVTCHN_HOOK(kick_vcpu)(ed->owner, vcpu);
}

/*
 * Set the selector bit of port's word and upcall_pending on vcpu; kick the
 * vCPU when the upcall becomes pending.
 */
static void mark_vcpu_pending(struct evtchn_dom *ed, unsigned int vcpu,
                              unsigned int port)
{
    struct vcpu_info *vi = EVTCHN_HOOK(vcpu_info)(ed->owner, vcpu);

    if (!vi)
        return;
    if (evtchn_test_and_set(&vi->evtchn_pending_sel, port / EVTCHN_WORD_BITS))
        return;
    if (!__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        EVTCHN_HOOK(kick_vcpu)(ed->owner, vcpu);
}

void evtchn_wake_pollers(struct evtchn_dom *ed, unsigned int port)
{
    unsigned int i;

    if (!__atomic_load_n(&ed->nr_polling, __ATOMIC_SEQ_CST))
        return;
    for (i = 0; i < ed->max_vcpus; i++) {
        int32_t want =
            __atomic_load_n(&ed->vcpu[i].poll_port, __ATOMIC_SEQ_CST);

        if ((want == -1 || want == (int32_t)port) &&
            __atomic_compare_exchange_n(&ed->vcpu[i].poll_port, &want, 0, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            EVTCHN_HOOK(kick_vcpu)(ed->owner, i);
    }
}

/* The shared_info bitmaps, or NULL (no page yet, or a port beyond them). */
static struct shared_info *si_for(struct evtchn_dom *ed, unsigned int port)
{
    return port < EVTCHN_2L_NR_CHANNELS ? EVTCHN_HOOK(shared_info)(ed->owner)
                                        : NULL;
}

void evtchn_2l_set_pending(struct evtchn_dom *ed, unsigned int vcpu,
                           struct evtchn *chn)
{
    unsigned int port = chn->port;
    struct shared_info *si = si_for(ed, port);

    if (!si)
        return;
    if (evtchn_test_and_set(si->evtchn_pending, port))
        return;
    if (!evtchn_test(si->evtchn_mask, port))
        mark_vcpu_pending(ed, vcpu, port);
    evtchn_wake_pollers(ed, port);
}

static void clear_pending_2l(struct evtchn_dom *ed, struct evtchn *chn)
{
    struct shared_info *si = si_for(ed, chn->port);

    if (si)
        evtchn_test_and_clear(si->evtchn_pending, chn->port);
}

static void unmask_2l(struct evtchn_dom *ed, struct evtchn *chn)
{
    unsigned int port = chn->port;
    struct shared_info *si = si_for(ed, port);

    if (!si)
        return;
    if (evtchn_test_and_clear(si->evtchn_mask, port) &&
        evtchn_test(si->evtchn_pending, port))
        mark_vcpu_pending(ed, chn->notify_vcpu, port);
}

static bool is_pending_2l(struct evtchn_dom *ed, const struct evtchn *chn)
{
    struct shared_info *si = si_for(ed, chn->port);

    return si && evtchn_test(si->evtchn_pending, chn->port);
}

static bool is_busy_2l(struct evtchn_dom *ed, const struct evtchn *chn)
{
    (void)ed;
    (void)chn;
    return false;
}

const struct evtchn_port_ops evtchn_ops_2l = {
    .set_pending = evtchn_2l_set_pending,
    .clear_pending = clear_pending_2l,
    .unmask = unmask_2l,
    .is_pending = is_pending_2l,
    .is_busy = is_busy_2l,
    .set_priority = NULL,
    .max_ports = EVTCHN_2L_NR_CHANNELS,
};

/*
 * EVTCHNOP_send: notify the other end of an interdomain port, or the
 * target vCPU of an IPI port.  Sending on an unbound port is dropped
 * silently.  -EINVAL for an invalid port or any other state.
 */
int evtchn_send(struct domain *cur, evtchn_port_t port)
{
    struct evtchn_dom *ed = evtchn_dom_of(cur), *red;
    struct evtchn *chn = evtchn_lookup(ed, port), *rchn;
    unsigned long flags;
    int rc = 0;

    if (!chn)
        return -EINVAL;

    flags = evtchn_lock(chn);
    switch (chn->state) {
    case ECS_INTERDOMAIN:
        red = chn->u.interdomain.remote;
        rchn = evtchn_from_port(red, chn->u.interdomain.remote_port);
        evtchn_set_pending(red, rchn->notify_vcpu, rchn);
        break;
    case ECS_IPI:
        evtchn_set_pending(ed, chn->notify_vcpu, chn);
        break;
    case ECS_UNBOUND:
        break;
    default:
        rc = -EINVAL;
        break;
    }
    evtchn_unlock(chn, flags);
    return rc;
}

/* Pending state of a bound port: 1 / 0, or -EINVAL. */
int evtchn_poll_port(struct evtchn_dom *ed, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_lookup(ed, port);
    unsigned long flags;
    int rc = -EINVAL;

    if (!chn)
        return -EINVAL;
    flags = evtchn_lock(chn);
    if (evtchn_usable(chn))
        rc = evtchn_ops(ed)->is_pending(ed, chn);
    evtchn_unlock(chn, flags);
    return rc;
}

/*
 * Register vcpu_id as polling for port (0: any port).  Only the vCPU
 * itself calls begin and end, so ->polling needs no lock; ->poll_port is
 * shared with wake_pollers().
 */
void evtchn_poll_begin(struct evtchn_dom *ed, unsigned int vcpu_id,
                       evtchn_port_t port)
{
    struct evtchn_vcpu *ev;

    if (vcpu_id >= ed->max_vcpus || port >= EVTCHN_MAX_PORTS)
        return;
    ev = &ed->vcpu[vcpu_id];
    if (!ev->polling) {
        ev->polling = true;
        __atomic_fetch_add(&ed->nr_polling, 1, __ATOMIC_SEQ_CST);
    }
    __atomic_store_n(&ev->poll_port, port ? (int32_t)port : -1,
                     __ATOMIC_SEQ_CST);
}

/* Forget vcpu_id's poll; wake_pollers() may already have cleared it. */
void evtchn_poll_end(struct evtchn_dom *ed, unsigned int vcpu_id)
{
    struct evtchn_vcpu *ev;

    if (vcpu_id >= ed->max_vcpus)
        return;
    ev = &ed->vcpu[vcpu_id];
    __atomic_store_n(&ev->poll_port, 0, __ATOMIC_SEQ_CST);
    if (ev->polling) {
        ev->polling = false;
        __atomic_fetch_sub(&ed->nr_polling, 1, __ATOMIC_SEQ_CST);
    }
}

bool evtchn_poll_active(struct evtchn_dom *ed, unsigned int vcpu_id)
{
    return vcpu_id < ed->max_vcpus &&
           __atomic_load_n(&ed->vcpu[vcpu_id].poll_port, __ATOMIC_SEQ_CST);
}
