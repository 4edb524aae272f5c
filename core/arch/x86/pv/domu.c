/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV domains the toolstack builds through domctl: creation (paused, no
 * memory, every vCPU offline), the controller's pause, and destruction.
 *
 * Pause counts: every vCPU holds one scheduler pause while it is offline
 * (dropped by VCPUOP_up / VGCF_online) and one more while the controller
 * has the domain paused (createdomain leaves it paused).
 *
 * Teardown (validate-then-act is not possible: it always succeeds): stop
 * the vCPUs and their timers, drop grant mappings and event channels,
 * release page-table roots, GDTs and registered vcpu_info frames, unpin
 * pinned tables (which devalidates them and drops what their entries
 * held), then release every frame's allocation: a frame only the
 * allocation referenced is freed at once.  A frame someone else still
 * holds (a foreign or grant mapping in another domain) goes back when its
 * last reference is dropped; until then the domain stays dying, under
 * its id, with its grant table (so those mappings can be undone), and is
 * counted in frames_held.  When that count reaches zero the reaper
 * softirq frees the rest and unlinks the domain, as Xen keeps a dying
 * domain until its last page is freed.
 */
#include <public/domctl.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/grant.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/asm/pv/logdirty.h>
#include <xenith/softirq.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/hvm/hvm.h>

static domid_t next_domid = 1;

/* Dying domains waiting for their frames (zombie_lock). */
static DEFINE_SPINLOCK(zombie_lock);
static struct domain *dying_list;

static bool domid_free(domid_t id)
{
    struct domain *d = get_domain_by_id_any(id);

    if (d)
        put_domain(d);
    return d == NULL;
}

static int pick_domid(domid_t *domid)
{
    if (*domid && *domid < DOMID_FIRST_RESERVED)
        return domid_free(*domid) ? 0 : -EEXIST;
    for (unsigned int i = 0; i < DOMID_FIRST_RESERVED; i++) {
        domid_t id = next_domid;

        next_domid = (domid_t)(next_domid + 1u >= DOMID_FIRST_RESERVED
                                   ? 1u
                                   : next_domid + 1u);
        if (domid_free(id)) {
            *domid = id;
            return 0;
        }
    }
    return -ENOSPC;
}

int pv_domu_create(const struct xen_domctl_createdomain *c, domid_t *domid)
{
    struct domain *d;
    int rc;

    if ((c->flags & XEN_DOMCTL_CDF_hvm) || !c->max_vcpus ||
        c->max_vcpus > PV_MAX_VCPUS || c->flags > 2 * XEN_DOMCTL_CDF_MAX - 1)
        return -EINVAL;
    if ((rc = pick_domid(domid)) ||
        (rc = domain_create(*domid, c->max_vcpus, false, &d)))
        return rc;
    d->pv.page_head = PAGE_LIST_NULL;
    memcpy(d->handle, c->handle, sizeof(d->handle)); /* the UUID */
    for (unsigned int i = 0; i < c->max_vcpus; i++)
        if ((rc = vcpu_create(d, i, i % num_online_cpus())))
            goto fail;
    if ((rc = pv_make_shared_info(d)) ||
        (rc = pv_domain_init_common(d, c->max_evtchn_port)) ||
        (rc = gnttab_dom_configure(&d->gnttab, c->max_grant_frames,
                                   c->max_maptrack_frames, c->grant_opts)))
        goto fail;
    d->ctrl_paused = true;
    for (unsigned int i = 0; i < c->max_vcpus; i++) {
        /* vCPU 0 is offline too until the toolstack starts it. */
        if (i == 0)
            sched_unit_pause_nosync(&d->vcpu[i]->sched);
        sched_unit_pause_nosync(&d->vcpu[i]->sched);
    }
    printk("Domain %u created (%u vCPUs)\n", *domid, c->max_vcpus);
    return 0;
fail:
    domain_destroy(d);
    return rc;
}

/* Wait until none of d's vCPUs is on a pCPU (they are all paused). */
static void wait_descheduled(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        while (READ_ONCE(v->is_running) ||
               __atomic_load_n(&v->pv.state_live, __ATOMIC_ACQUIRE))
            cpu_relax();
    }
}

int pv_domain_pause(struct domain *d)
{
    if (d == current->domain)
        return -EINVAL;
    spin_lock(&d->lock);
    if (d->ctrl_paused) {
        spin_unlock(&d->lock);
        return 0;
    }
    d->ctrl_paused = true;
    spin_unlock(&d->lock);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            sched_unit_pause_nosync(&d->vcpu[i]->sched);
    wait_descheduled(d);
    return 0;
}

int pv_domain_unpause(struct domain *d)
{
    if (d == current->domain)
        return -EINVAL;
    spin_lock(&d->lock);
    if (!d->ctrl_paused) {
        spin_unlock(&d->lock);
        return 0;
    }
    d->ctrl_paused = false;
    spin_unlock(&d->lock);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            sched_unit_unpause(&d->vcpu[i]->sched);
    return 0;
}

static void stop_vcpu(struct vcpu *v)
{
    stop_timer(&v->pv.periodic_timer);
    stop_timer(&v->singleshot_timer);
    stop_timer(&v->poll_timer);
    stop_timer(&v->pv.time_timer);
    pv_release_baseptrs(&v->pv.mm);
    pv_destroy_gdt(&v->pv.mm);
    pv_ldt_destroy(v);
    if (v->pv.vcpu_info_mfn) {
        pv_put_page_and_type(pv_mm_arch_page(v->pv.vcpu_info_mfn));
        v->pv.vcpu_info_mfn = 0;
    }
    v->vcpu_info = NULL;
}

static void free_frame(struct page_info *pg)
{
    pg->owner = DOMID_INVALID_OWNER;
    pg->u.type_info = 0;
    set_gpfn_from_mfn(pv_mm_arch_page_to_mfn(pg), INVALID_M2P_ENTRY);
    pg->count_info = PGC_state_inuse;
    free_heap_pages(pg, 0);
}

/* Frames handled between two checks for pending work. */
#define RELINQUISH_BATCH 512

static bool destroy_preempt(unsigned long *n)
{
    return !(++*n % RELINQUISH_BATCH) && softirq_pending(smp_processor_id());
}

/*
 * Unpin every pinned table, then release every frame's allocation.
 * Frames still held elsewhere are counted in d->pv.frames_held (which
 * the caller biased by one, so none of them can finish d meanwhile).
 * -ERESTART when other work is pending: called again, it goes on from
 * where it stopped (d->pv.unpin_next, then the page list's head).
 */
static int relinquish_memory(struct domain *d)
{
    unsigned long broken = 0, n = 0;
    uint32_t pfn;

    for (pfn = d->pv.unpin_next; pfn != PAGE_LIST_NULL;
         pfn = pfn_to_page(pfn)->list.next) {
        if (pfn_to_page(pfn)->u.type_info & PGT_pinned)
            pv_unpin_table(pfn, d->domain_id);
        if (destroy_preempt(&n)) {
            d->pv.unpin_next = pfn_to_page(pfn)->list.next;
            return -ERESTART;
        }
    }
    d->pv.unpin_next = PAGE_LIST_NULL;
    while ((pfn = d->pv.page_head) != PAGE_LIST_NULL) {
        struct page_info *pg = pfn_to_page(pfn);

        if (destroy_preempt(&n))
            return -ERESTART;
        pv_page_list_del(d, pg);
        __atomic_fetch_add(&d->pv.frames_held, 1, __ATOMIC_ACQ_REL);
        if (!pv_release_allocation(pg))
            continue; /* the last holder's pv_put_page() frees it */
        __atomic_fetch_sub(&d->pv.frames_held, 1, __ATOMIC_ACQ_REL);
        if (pg->u.type_info & PGT_count_mask) {
            broken++; /* typed yet unreferenced: never reuse it */
            continue;
        }
        free_frame(pg);
    }
    if (broken)
        printk(XENLOG_WARNING "Domain %u: %lu typed frames without a "
                              "reference, not freed\n",
               d->domain_id, broken);
    return 0;
}

void pv_domain_frame_released(struct page_info *pg)
{
    struct domain *d = get_domain_by_id_any(pg->owner);

    if (pg->u.type_info & PGT_count_mask)
        printk(XENLOG_WARNING "Domain %u: frame %#lx released while typed, "
                              "not freed\n",
               pg->owner, pv_mm_arch_page_to_mfn(pg));
    else
        free_frame(pg);
    if (!d)
        return;
    if (__atomic_sub_fetch(&d->pv.frames_held, 1, __ATOMIC_ACQ_REL) == 0)
        raise_softirq(DOMAIN_REAP_SOFTIRQ);
    put_domain(d);
}

static void free_shared_info(struct domain *d)
{
    struct page_info *pg = virt_to_page(d->pv.shared_info);

    pg->owner = DOMID_INVALID_OWNER;
    pg->u.type_info = 0;
    pg->count_info = PGC_state_inuse | PGC_xen_heap;
    free_xenheap_page(d->pv.shared_info);
    d->pv.shared_info = NULL;
}

/* What a dying domain keeps until nothing holds its frames. */
static void finish_destroy(struct domain *d)
{
    gnttab_dom_free(&d->gnttab);
    evtchn_dom_free(&d->evtchn);
    free_shared_info(d);
    printk("Domain %u destroyed\n", d->domain_id);
    domain_unlink(d);
}

/* DOMAIN_REAP_SOFTIRQ: finish every dying domain whose frames are back. */
static void reap_dying(void)
{
    for (;;) {
        struct domain *d, **pp;

        spin_lock(&zombie_lock);
        for (pp = &dying_list; (d = *pp); pp = &d->pv.next_dying)
            if (!__atomic_load_n(&d->pv.frames_held, __ATOMIC_ACQUIRE)) {
                *pp = d->pv.next_dying;
                break;
            }
        spin_unlock(&zombie_lock);
        if (!d)
            return;
        finish_destroy(d);
    }
}

/* How far a (preempted) destroydomain got. */
enum {
    DESTROY_START,  /* nothing done yet */
    DESTROY_MEMORY, /* stopped; giving frames back (preemptible) */
    DESTROY_KILL,   /* frames given back; vCPUs and scheduler left */
    DESTROY_DONE,   /* dead: destroyed, or dying until frames return */
};

/* Stop d: no vCPU runs, no event or grant reaches it, no frame is added
 * (is_dying, as Xen sets it first). */
static void destroy_stop(struct domain *d)
{
    spin_lock(&d->lock);
    d->is_dying = true;
    spin_unlock(&d->lock);
    pv_domain_pause(d);
    pv_logdirty_disable(d);
    for (unsigned int i = 0; i < NR_DOMAIN_WATCHDOGS; i++)
        if (d->watchdog_inuse & (1U << i))
            stop_timer(&d->watchdog_timer[i]);
    gnttab_dom_release_mappings(&d->gnttab);
    evtchn_dom_destroy(&d->evtchn);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            stop_vcpu(d->vcpu[i]);
    if (d->is_hvm)
        hvm_domain_destroy(d);       /* VMCBs and the p2m's tables */
    flush_tlb_mask(&cpu_online_map); /* before any frame changes hands */
    d->pv.frames_held = 1;           /* held by this call until d is listed */
    d->pv.unpin_next = d->pv.page_head;
}

/*
 * destroydomain, in stages so that a large domain does not hold the CPU:
 * -ERESTART means "call again" (the domctl is re-issued), as Xen 4.17's
 * domain_kill.  Destroying a domain already dead (or dying until others
 * let go of its frames) is 0.
 */
int pv_domu_destroy(struct domain *d)
{
    int rc;

    if (d == current->domain || d->domain_id == 0)
        return -EINVAL;
    switch (d->pv.destroy_stage) {
    case DESTROY_START:
        destroy_stop(d);
        d->pv.destroy_stage = DESTROY_MEMORY;
        /* fall through */
    case DESTROY_MEMORY:
        if ((rc = relinquish_memory(d)))
            return rc;
        xfree(d->pv.ioport_allowed);
        xfree(d->pv.cpuid);
        d->pv.cpuid = NULL;
        d->pv.ioport_allowed = NULL;
        d->pv.destroy_stage = DESTROY_KILL;
        /* fall through */
    case DESTROY_KILL:
        /* A vCPU still on its way off a pCPU: call again. */
        if ((rc = domain_kill(d)))
            return rc == -EBUSY ? -ERESTART : rc;
        d->pv.destroy_stage = DESTROY_DONE;
        break;
    default:
        return 0;
    }
    evtchn_send_global_virq(VIRQ_DOM_EXC);
    if (d->pv.frames_held == 1) {
        finish_destroy(d);
        return 0;
    }
    printk("Domain %u dying: %lu frames still mapped elsewhere\n", d->domain_id,
           d->pv.frames_held - 1);
    open_softirq(DOMAIN_REAP_SOFTIRQ, reap_dying);
    spin_lock(&zombie_lock);
    d->pv.next_dying = dying_list;
    dying_list = d;
    spin_unlock(&zombie_lock);
    if (__atomic_sub_fetch(&d->pv.frames_held, 1, __ATOMIC_ACQ_REL) == 0)
        raise_softirq(DOMAIN_REAP_SOFTIRQ);
    return 0;
}
