/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the per-domain port table and its life cycle.
 *
 * Ports live in buckets of EVTCHN_BUCKET_PORTS channels, allocated from
 * the heap as the domain uses more ports, up to the 2-level limit of 4096.
 * ed->valid_ports counts the ports backed by buckets; it only grows (until
 * evtchn_dom_free()) and is published after the bucket it covers, so
 * delivery code may index the table without event_lock.
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
    }
    return b;
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

    ed->vcpu = xzalloc_bytes(sizeof(*ed->vcpu) * max_vcpus);
    ed->bucket[0] = evtchn_alloc_bucket(0);
    if (!ed->vcpu || !ed->bucket[0]) {
        evtchn_dom_free(ed);
        return -ENOMEM;
    }
    for (i = 0; i < max_vcpus; i++)
        spin_lock_init(&ed->vcpu[i].virq_lock);
    ed->bucket[0][0].state = ECS_RESERVED;
    __atomic_store_n(&ed->valid_ports, EVTCHN_BUCKET_PORTS, __ATOMIC_RELEASE);
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

    evtchn_clear_global_virq_handlers(ed->owner);
}

/* Free the memory of a destroyed (or never completed) domain state. */
void evtchn_dom_free(struct evtchn_dom *ed)
{
    unsigned int i;

    __atomic_store_n(&ed->valid_ports, 0, __ATOMIC_RELEASE);
    for (i = 0; i < EVTCHN_NR_BUCKETS; i++) {
        xfree(ed->bucket[i]);
        ed->bucket[i] = NULL;
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
    unsigned int port, valid = ed->valid_ports;
    struct evtchn *b;

    if (ed->dying)
        return -EINVAL;

    for (port = 0; port < valid && port <= ed->max_port; port++)
        if (evtchn_from_port(ed, port)->state == ECS_FREE)
            return port;

    if (port > ed->max_port || valid >= EVTCHN_MAX_PORTS)
        return -ENOSPC;

    b = evtchn_alloc_bucket(valid);
    if (!b)
        return -ENOMEM;
    ed->bucket[valid / EVTCHN_BUCKET_PORTS] = b;
    __atomic_store_n(&ed->valid_ports, valid + EVTCHN_BUCKET_PORTS,
                     __ATOMIC_RELEASE);
    return valid;
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
    memset(&chn->u, 0, sizeof(chn->u));
}

struct domain *evtchn_get_domain_any(struct domain *cur, domid_t domid)
{
    if (domid == DOMID_SELF)
        domid = evtchn_hooks->domain_evtchn(cur)->domid;
    return evtchn_hooks->domain_get(domid);
}

bool evtchn_may_target(struct domain *cur, struct domain *d)
{
    return cur == d || evtchn_hooks->privileged_over(cur, d);
}
