/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the per-domain port table and its life cycle.
 *
 * Ports live in buckets of EVTCHN_BUCKET_PORTS channels, allocated from
 * the heap as the domain uses more ports, up to the limit of its ABI
 * (4096 for 2-level, 131072 for FIFO) and its max_port.  Bucket pointers
 * sit in groups of EVTCHN_GROUP_BUCKETS, allocated with their first
 * bucket.  ed->valid_ports counts the ports backed by buckets; it only
 * grows (until evtchn_dom_free()) and is published after the bucket it
 * covers, so delivery code may index the table without event_lock.
 */
#include "private.h"

const struct evtchn_hooks *evtchn_hooks;

/* Register the hypervisor's hooks; every member must be set. */
int evtchn_set_hooks(const struct evtchn_hooks *h)
{
    if (!h || !h->domain_get || !h->domain_put || !h->current_domain ||
        !h->domain_evtchn || !h->privileged_over || !h->controller_paused ||
        !h->hardware_domain || !h->pirq_permitted || !h->shared_info ||
        !h->vcpu_info || !h->kick_vcpu || !h->copy_from_guest ||
        !h->copy_to_guest || !h->preempt_check)
        return -EINVAL;
#ifndef XENITH_HOST_TEST
    /* The send path calls these directly (EVTCHN_HOOK). */
    if (h->current_domain != evtchn_arch_current_domain ||
        h->domain_evtchn != evtchn_arch_domain_evtchn ||
        h->shared_info != evtchn_arch_shared_info ||
        h->vcpu_info != evtchn_arch_vcpu_info ||
        h->kick_vcpu != evtchn_arch_kick_vcpu ||
        h->copy_from_guest != copy_from_guest ||
        h->copy_to_guest != copy_to_guest)
        return -EINVAL;
#endif
    evtchn_hooks = h;
    return 0;
}

/* A zeroed bucket whose channels know their port numbers. */
static struct evtchn *evtchn_alloc_bucket(unsigned int first_port)
{
    struct evtchn *b = xzalloc_bytes(sizeof(*b) * EVTCHN_BUCKET_PORTS);
    unsigned int i;

    if (!b)
        return NULL;
    for (i = 0; i < EVTCHN_BUCKET_PORTS; i++) {
        spin_lock_init(&b[i].lock);
        b[i].port = first_port + i;
        b[i].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    }
    return b;
}

/*
 * Back ports first_port.. with a new bucket (and its group if needed).
 * Caller holds event_lock (or owns ed during init).  0 or -ENOMEM.
 */
static int evtchn_add_bucket(struct evtchn_dom *ed, unsigned int first_port)
{
    unsigned int g = first_port / EVTCHN_GROUP_PORTS;
    struct evtchn **group = ed->group[g];
    struct evtchn *b;

    if (!group) {
        group = xzalloc_bytes(sizeof(*group) * EVTCHN_GROUP_BUCKETS);
        if (!group)
            return -ENOMEM;
        ed->group[g] = group;
    }
    b = evtchn_alloc_bucket(first_port);
    if (!b)
        return -ENOMEM;
    group[(first_port / EVTCHN_BUCKET_PORTS) % EVTCHN_GROUP_BUCKETS] = b;
    __atomic_store_n(&ed->valid_ports, first_port + EVTCHN_BUCKET_PORTS,
                     __ATOMIC_RELEASE);
    return 0;
}

/*
 * Set up a domain's event state: vCPU slots, the first bucket and the
 * reserved port 0.  Returns 0, -ENODEV (no hooks) or -ENOMEM.
 */
int evtchn_dom_init(struct evtchn_dom *ed, struct domain *owner, domid_t domid,
                    unsigned int max_vcpus, unsigned int max_port,
                    unsigned int nr_pirqs)
{
    unsigned int i;

    if (!evtchn_hooks)
        return -ENODEV;
    if (max_vcpus == 0 || max_vcpus > 0xffff)
        return -EINVAL;

    memset(ed, 0, sizeof(*ed));
    spin_lock_init(&ed->event_lock);
    ed->owner = owner;
    ed->domid = domid;
    ed->max_vcpus = max_vcpus;
    ed->max_port = MIN(max_port, EVTCHN_MAX_PORTS - 1);
    ed->nr_pirqs = nr_pirqs;
    ed->ops = &evtchn_ops_2l;

    ed->vcpu = xzalloc_bytes(sizeof(*ed->vcpu) * max_vcpus);
    if (!ed->vcpu || evtchn_add_bucket(ed, 0)) {
        evtchn_dom_free(ed);
        return -ENOMEM;
    }
    for (i = 0; i < max_vcpus; i++)
        spin_lock_init(&ed->vcpu[i].virq_lock);
    evtchn_from_port(ed, 0)->state = ECS_RESERVED;
    return 0;
}

/* vCPU vcpu_id exists from now on.  -EINVAL if out of range. */
int evtchn_vcpu_online(struct evtchn_dom *ed, unsigned int vcpu_id)
{
    if (vcpu_id >= ed->max_vcpus)
        return -EINVAL;
    __atomic_store_n(&ed->vcpu[vcpu_id].online, true, __ATOMIC_RELEASE);
    return 0;
}

bool evtchn_vcpu_exists(const struct evtchn_dom *ed, unsigned int vcpu_id)
{
    return vcpu_id < ed->max_vcpus &&
           __atomic_load_n(&ed->vcpu[vcpu_id].online, __ATOMIC_ACQUIRE);
}

/* Close every port and refuse new ones; peers' ports become unbound. */
void evtchn_dom_destroy(struct evtchn_dom *ed)
{
    unsigned int port, valid;

    spin_lock(&ed->event_lock);
    ed->dying = true;
    spin_unlock(&ed->event_lock);

    valid = __atomic_load_n(&ed->valid_ports, __ATOMIC_ACQUIRE);
    for (port = 1; port < valid; port++)
        evtchn_close_port(ed, port);

    /* The FIFO pages are the guest's frames: give them back now. */
    spin_lock(&ed->event_lock);
    evtchn_fifo_destroy(ed);
    spin_unlock(&ed->event_lock);

    evtchn_clear_global_virq_handlers(ed->owner);
}

/* Free the memory of a destroyed (or never completed) domain state. */
void evtchn_dom_free(struct evtchn_dom *ed)
{
    unsigned int g, b;

    __atomic_store_n(&ed->valid_ports, 0, __ATOMIC_RELEASE);
    evtchn_fifo_destroy(ed);
    for (g = 0; g < EVTCHN_NR_GROUPS; g++) {
        if (!ed->group[g])
            continue;
        for (b = 0; b < EVTCHN_GROUP_BUCKETS; b++)
            xfree(ed->group[g][b]);
        xfree(ed->group[g]);
        ed->group[g] = NULL;
    }
    xfree(ed->vcpu);
    ed->vcpu = NULL;
    xfree(ed->pirq_to_port);
    ed->pirq_to_port = NULL;
}

/*
 * Find the lowest free port, growing the table by a bucket if every
 * existing port is in use.  Caller holds event_lock.  Returns the port,
 * -EINVAL (domain dying), -ENOSPC (max_port reached) or -ENOMEM.
 */
int evtchn_get_free_port(struct evtchn_dom *ed)
{
    const struct evtchn_port_ops *ops = evtchn_ops(ed);
    unsigned int port, valid = ed->valid_ports;
    unsigned int limit = MIN(ed->max_port, ops->max_ports - 1);
    struct evtchn *chn;
    int rc;

    if (ed->dying)
        return -EINVAL;

    for (port = 0; port < valid && port <= limit; port++) {
        chn = evtchn_from_port(ed, port);
        /* A port still linked in a FIFO queue is skipped (Xen: -EBUSY). */
        if (chn->state == ECS_FREE && !ops->is_busy(ed, chn))
            return port;
    }

    if (port > limit || valid >= EVTCHN_MAX_PORTS)
        return -ENOSPC;

    rc = evtchn_add_bucket(ed, valid);
    return rc ? rc : (int)valid;
}

void evtchn_sync_ports(struct evtchn_dom *ed)
{
    unsigned int port, valid = ed->valid_ports;
    struct evtchn *chn, *rchn;
    unsigned long flags;

    for (port = 1; port < valid; port++) {
        chn = evtchn_from_port(ed, port);
        if (chn->state == ECS_INTERDOMAIN) {
            rchn = evtchn_from_port(chn->u.interdomain.remote,
                                    chn->u.interdomain.remote_port);
            if (rchn != chn) {
                flags = evtchn_lock_pair(chn, rchn);
                evtchn_unlock_pair(chn, rchn, flags);
                continue;
            }
        }
        flags = evtchn_lock(chn);
        evtchn_unlock(chn, flags);
    }
}

/*
 * Return a channel to the free state: clear its pending bit (so a later
 * binding starts clean) and reset the notified vCPU to 0.  Caller holds
 * event_lock and the channel's lock.
 */
void evtchn_free_port(struct evtchn_dom *ed, struct evtchn *chn)
{
    evtchn_clear_pending(ed, chn);
    chn->state = ECS_FREE;
    chn->notify_vcpu = 0;
    chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
    memset(&chn->u, 0, sizeof(chn->u));
}

struct domain *evtchn_get_domain_any(struct domain *cur, domid_t domid)
{
    if (domid == DOMID_SELF)
        domid = EVTCHN_HOOK(domain_evtchn)(cur)->domid;
    return evtchn_hooks->domain_get(domid);
}

bool evtchn_may_target(struct domain *cur, struct domain *d)
{
    return cur == d || evtchn_hooks->privileged_over(cur, d);
}
