/* SPDX-License-Identifier: GPL-2.0-only */
/* Domain and vCPU objects (see xenith/domain.h). */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/smp.h>

#define DOMAIN_HASH_SIZE 256
#define DOMAIN_HASH(id)  ((id) & (DOMAIN_HASH_SIZE - 1))

struct domain *idle_domain;
struct vcpu **idle_vcpu;

static struct domain *domain_hash[DOMAIN_HASH_SIZE];
static DEFINE_SPINLOCK(domlist_lock);

static struct domain *alloc_domain(domid_t domid, unsigned int max_vcpus)
{
    struct domain *d = xzalloc(struct domain);

    if (!d)
        return NULL;
    d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
    if (!d->vcpu) {
        xfree(d);
        return NULL;
    }
    d->domain_id = domid;
    d->max_vcpus = max_vcpus;
    d->refcnt = 1;
    spin_lock_init(&d->lock);
    return d;
}

static void free_domain(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        xfree(d->vcpu[i]);
    xfree(d->vcpu);
    xfree(d);
}

void idle_domain_init(void)
{
    idle_domain = alloc_domain(DOMID_IDLE, nr_cpu_ids);
    idle_vcpu = xzalloc_array(struct vcpu *, nr_cpu_ids);
    if (!idle_domain || !idle_vcpu)
        panic("no memory for the idle domain");
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
        struct vcpu *v = xzalloc(struct vcpu);

        if (!v)
            panic("no memory for idle vCPU %u", cpu);
        v->vcpu_id = cpu;
        v->domain = idle_domain;
        v->processor = cpu;
        v->is_idle = true;
        idle_domain->vcpu[cpu] = v;
        idle_vcpu[cpu] = v;
    }
    idle_vcpu[0]->is_running = true;
    get_cpu_info()->current_vcpu = idle_vcpu[0];
}

int domain_create(domid_t domid, unsigned int max_vcpus, bool privileged,
                  struct domain **out)
{
    struct domain *d, *e;
    unsigned long f;
    int rc;

    if (domid >= DOMID_FIRST_RESERVED || !max_vcpus ||
        max_vcpus > MAX_CPUS_SUPPORTED)
        return -EINVAL;
    d = alloc_domain(domid, max_vcpus);
    if (!d)
        return -ENOMEM;
    d->is_privileged = privileged;
    rc = sched_init_dom(&d->sched, d, domid, 0);
    if (rc) {
        free_domain(d);
        return rc;
    }
    f = spin_lock_irqsave(&domlist_lock);
    for (e = domain_hash[DOMAIN_HASH(domid)]; e; e = e->next_in_hash)
        if (e->domain_id == domid)
            break;
    if (!e) {
        d->next_in_hash = domain_hash[DOMAIN_HASH(domid)];
        domain_hash[DOMAIN_HASH(domid)] = d;
    }
    spin_unlock_irqrestore(&domlist_lock, f);
    if (e) {
        sched_destroy_dom(&d->sched);
        free_domain(d);
        return -EEXIST;
    }
    *out = d;
    return 0;
}

int vcpu_create(struct domain *d, unsigned int id, unsigned int cpu)
{
    struct vcpu *v;
    int rc;

    if (id >= d->max_vcpus || cpu >= nr_cpu_ids || !cpu_online(cpu))
        return -EINVAL;
    if (d->vcpu[id])
        return -EEXIST;
    v = xzalloc(struct vcpu);
    if (!v)
        return -ENOMEM;
    v->vcpu_id = id;
    v->domain = d;
    v->processor = cpu;
    v->sched.processor = cpu;
    rc = sched_init_unit(&v->sched, &d->sched, v, id);
    if (rc) {
        xfree(v);
        return rc;
    }
    d->vcpu[id] = v;
    return 0;
}

int domain_kill(struct domain *d)
{
    int rc;

    spin_lock(&d->lock);
    d->is_dying = true;
    spin_unlock(&d->lock);
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (!d->vcpu[i])
            continue;
        rc = sched_destroy_unit(&d->vcpu[i]->sched);
        if (rc)
            return rc; /* Still running: the caller retries later. */
        xfree(d->vcpu[i]);
        d->vcpu[i] = NULL;
    }
    sched_destroy_dom(&d->sched);
    return 0;
}

void domain_unlink(struct domain *d)
{
    struct domain **pp;
    unsigned long f;

    f = spin_lock_irqsave(&domlist_lock);
    for (pp = &domain_hash[DOMAIN_HASH(d->domain_id)]; *pp;
         pp = &(*pp)->next_in_hash)
        if (*pp == d) {
            *pp = d->next_in_hash;
            break;
        }
    spin_unlock_irqrestore(&domlist_lock, f);
    put_domain(d);
}

int domain_destroy(struct domain *d)
{
    int rc = domain_kill(d);

    if (!rc)
        domain_unlink(d);
    return rc;
}

void for_each_domain(void (*fn)(struct domain *d, void *ctx), void *ctx)
{
    unsigned long f = spin_lock_irqsave(&domlist_lock);

    for (unsigned int i = 0; i < DOMAIN_HASH_SIZE; i++)
        for (struct domain *d = domain_hash[i]; d; d = d->next_in_hash)
            fn(d, ctx);
    spin_unlock_irqrestore(&domlist_lock, f);
}

static struct domain *lookup(domid_t domid, bool dying_too)
{
    unsigned long f = spin_lock_irqsave(&domlist_lock);
    struct domain *d;

    for (d = domain_hash[DOMAIN_HASH(domid)]; d; d = d->next_in_hash)
        if (d->domain_id == domid && (dying_too || !READ_ONCE(d->is_dying))) {
            get_domain(d);
            break;
        }
    spin_unlock_irqrestore(&domlist_lock, f);
    return d;
}

struct domain *get_domain_by_id(domid_t domid)
{
    return lookup(domid, false);
}

struct domain *get_domain_by_id_any(domid_t domid)
{
    return lookup(domid, true);
}

struct domain *get_domain_from_id(domid_t domid)
{
    unsigned long f = spin_lock_irqsave(&domlist_lock);
    struct domain *best = NULL;

    for (unsigned int i = 0; i < DOMAIN_HASH_SIZE; i++)
        for (struct domain *d = domain_hash[i]; d; d = d->next_in_hash)
            if (d->domain_id >= domid &&
                (!best || d->domain_id < best->domain_id))
                best = d;
    if (best)
        get_domain(best);
    spin_unlock_irqrestore(&domlist_lock, f);
    return best;
}

void get_domain(struct domain *d)
{
    __atomic_fetch_add(&d->refcnt, 1, __ATOMIC_SEQ_CST);
}

void put_domain(struct domain *d)
{
    if (__atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_SEQ_CST) == 0)
        free_domain(d);
}
