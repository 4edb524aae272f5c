/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small simulated hypervisor for the event-channel and grant-table unit
 * tests: a few domains with real shared_info pages, the hooks those
 * subsystems need (domain lookup with reference counts, privilege,
 * vCPU kicks, guest copies with fault injection, preemption), a heap with
 * failure injection and, with SIM_WITH_GNTTAB, a pool of page frames with
 * owners, reference and type counts, and recorded host mappings.
 *
 * Included by exactly one test program source; it defines functions.
 */
#ifndef TEST_EVTCHN_SIM_H
#define TEST_EVTCHN_SIM_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <xenith/event.h>
#ifdef SIM_WITH_GNTTAB
#include <xenith/grant.h>
#endif

#define SIM_NR_DOMS  4
#define SIM_NR_VCPUS 4
#define SIM_NR_PIRQS 64
/* Guest "addresses" are host pointers; this one always faults. */
#define SIM_BAD_VA 0xdead0000ULL

struct domain {
    domid_t id;
    bool exists;
    bool dying;      /* destroyed, still holding frames others map */
    bool privileged; /* control domain */
    bool paused;     /* paused by its controller */
    bool no_shinfo;  /* shared_info not set up yet */
    int refs;        /* references taken through domain_get */
    struct evtchn_dom ev;
#ifdef SIM_WITH_GNTTAB
    struct gnttab_dom gt;
#endif
    struct shared_info si __attribute__((aligned(4096)));
    unsigned int kicks[SIM_NR_VCPUS];
};

static struct domain sim_dom[SIM_NR_DOMS];
static struct domain *sim_cur;
static struct domain *sim_hwdom;
static long sim_alloc_budget = -1; /* allocations left; -1: unlimited */
static long sim_allocs_live;
static int sim_preempt_after = -1; /* preempt_check true after N calls */
static bool sim_fail_copy_to;

void *xzalloc_bytes(size_t size)
{
    void *p;

    if (sim_alloc_budget == 0)
        return NULL;
    if (sim_alloc_budget > 0)
        sim_alloc_budget--;
    p = calloc(1, size);
    if (p)
        sim_allocs_live++;
    return p;
}

void xfree(void *p)
{
    if (p)
        sim_allocs_live--;
    free(p);
}

static struct domain *sim_domain_lookup(domid_t id, bool dying_too)
{
    for (int i = 0; i < SIM_NR_DOMS; i++) {
        if (sim_dom[i].exists && sim_dom[i].id == id &&
            (dying_too || !sim_dom[i].dying)) {
            sim_dom[i].refs++;
            return &sim_dom[i];
        }
    }
    return NULL;
}

static struct domain *sim_domain_get(domid_t id)
{
    return sim_domain_lookup(id, false);
}

#ifdef SIM_WITH_GNTTAB
static struct domain *sim_domain_get_any(domid_t id)
{
    return sim_domain_lookup(id, true);
}
#endif

static void sim_domain_put(struct domain *d)
{
    assert_true(d->refs > 0);
    d->refs--;
}

static struct domain *sim_current_domain(void)
{
    return sim_cur;
}

static struct evtchn_dom *sim_domain_evtchn(struct domain *d)
{
    return &d->ev;
}

static bool sim_privileged_over(struct domain *src, struct domain *target)
{
    return src->privileged;
}

static bool sim_controller_paused(struct domain *d)
{
    return d->paused;
}

static struct domain *sim_hardware_domain(void)
{
    return sim_hwdom;
}

static bool sim_pirq_permitted(struct domain *d, unsigned int pirq)
{
    return d->privileged;
}

static struct shared_info *sim_shared_info(struct domain *d)
{
    return d->no_shinfo ? NULL : &d->si;
}

static struct vcpu_info *sim_vcpu_info(struct domain *d, unsigned int vcpu)
{
    if (d->no_shinfo || vcpu >= XEN_LEGACY_MAX_VCPUS)
        return NULL;
    return &d->si.vcpu_info[vcpu];
}

static void sim_kick_vcpu(struct domain *d, unsigned int vcpu)
{
    assert_true(vcpu < SIM_NR_VCPUS);
    d->kicks[vcpu]++;
}

static int sim_copy_from_guest(void *dst, uint64_t va, size_t n)
{
    if (va == SIM_BAD_VA || va == 0)
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)va, n);
    return 0;
}

static int sim_copy_to_guest(uint64_t va, const void *src, size_t n)
{
    if (va == SIM_BAD_VA || va == 0 || sim_fail_copy_to)
        return -EFAULT;
    memcpy((void *)(uintptr_t)va, src, n);
    return 0;
}

static bool sim_preempt_check(void)
{
    if (sim_preempt_after < 0)
        return false;
    if (sim_preempt_after == 0)
        return true;
    sim_preempt_after--;
    return false;
}

/*
 * FIFO pages: a "gfn" is a host page address >> 12; gfn 0 or 1 is not a
 * writable frame of the domain.  sim_guest_maps counts live mappings.
 */
static int sim_guest_maps;

static int sim_map_guest_frame(struct domain *d, uint64_t gfn, void **va)
{
    (void)d;
    if (gfn <= 1)
        return -EINVAL;
    *va = (void *)(uintptr_t)(gfn << 12);
    sim_guest_maps++;
    return 0;
}

static void sim_unmap_guest_frame(void *va)
{
    assert_int_equal((uintptr_t)va & 4095, 0);
    assert_true(sim_guest_maps > 0);
    sim_guest_maps--;
}

static const struct evtchn_hooks sim_evtchn_hooks = {
    .domain_get = sim_domain_get,
    .domain_put = sim_domain_put,
    .current_domain = sim_current_domain,
    .domain_evtchn = sim_domain_evtchn,
    .privileged_over = sim_privileged_over,
    .controller_paused = sim_controller_paused,
    .hardware_domain = sim_hardware_domain,
    .pirq_permitted = sim_pirq_permitted,
    .shared_info = sim_shared_info,
    .vcpu_info = sim_vcpu_info,
    .kick_vcpu = sim_kick_vcpu,
    .copy_from_guest = sim_copy_from_guest,
    .copy_to_guest = sim_copy_to_guest,
    .preempt_check = sim_preempt_check,
    .map_guest_frame = sim_map_guest_frame,
    .unmap_guest_frame = sim_unmap_guest_frame,
};

#ifdef SIM_WITH_GNTTAB
/* Page frames: MFN = SIM_MFN_BASE + index; owners, refs, type counts. */
#define SIM_NR_PAGES 96
#define SIM_MFN_BASE 0x1000
struct sim_page {
    bool used;
    domid_t owner;
    bool pagetable; /* cannot take a writable type */
    int refs, wtype, maps;
};
static uint8_t sim_mem[SIM_NR_PAGES][4096] __attribute__((aligned(4096)));
static struct sim_page sim_pg[SIM_NR_PAGES];
static int sim_host_maps, sim_flushes;
static int sim_fail_host_map, sim_fail_host_unmap; /* GNTST_* to return */
static xen_pfn_t sim_eagain_gfn;

/* A RAM page of d; returns its frame number. */
static inline xen_pfn_t sim_page_for(struct domain *d)
{
    for (int i = 0; i < SIM_NR_PAGES; i++) {
        if (!sim_pg[i].used) {
            memset(&sim_pg[i], 0, sizeof(sim_pg[i]));
            sim_pg[i].used = true;
            sim_pg[i].owner = d->id;
            memset(sim_mem[i], 0, 4096);
            return SIM_MFN_BASE + i;
        }
    }
    fail_msg("out of simulated pages");
    return 0;
}

static inline struct sim_page *sim_pfn(xen_pfn_t mfn)
{
    if (mfn < SIM_MFN_BASE || mfn >= SIM_MFN_BASE + SIM_NR_PAGES)
        return NULL;
    return &sim_pg[mfn - SIM_MFN_BASE];
}

static inline uint8_t *sim_va(xen_pfn_t mfn)
{
    return sim_mem[mfn - SIM_MFN_BASE];
}

static struct gnttab_dom *sim_domain_gnttab(struct domain *d)
{
    return &d->gt;
}

static void *sim_alloc_frame(struct domain *d, xen_pfn_t *frame)
{
    if (sim_alloc_budget == 0)
        return NULL;
    *frame = sim_page_for(d);
    return sim_va(*frame);
}

static void sim_free_frame(struct domain *d, void *va, xen_pfn_t frame)
{
    struct sim_page *p = sim_pfn(frame);

    assert_non_null(p);
    assert_ptr_equal(va, sim_va(frame));
    assert_int_equal(p->refs, 0);
    p->used = false;
}

/* A frame the domain maps (refs > 0) stays. */
static bool sim_release_frame(struct domain *d, void *va, xen_pfn_t frame)
{
    struct sim_page *p = sim_pfn(frame);

    assert_non_null(p);
    if (p->refs)
        return false;
    sim_free_frame(d, va, frame);
    return true;
}

static int sim_get_frame(struct domain *d, xen_pfn_t gfn, xen_pfn_t *mfn)
{
    struct sim_page *p = sim_pfn(gfn);

    if (gfn == sim_eagain_gfn && gfn)
        return GNTST_eagain;
    if (!p || !p->used || p->owner != d->id)
        return GNTST_bad_page;
    p->refs++;
    *mfn = gfn;
    return GNTST_okay;
}

static void sim_put_frame(xen_pfn_t mfn)
{
    struct sim_page *p = sim_pfn(mfn);

    assert_true(p && p->refs > 0);
    p->refs--;
}

static int sim_cache_flushes;

static int sim_get_frame_owner(xen_pfn_t mfn, domid_t *owner)
{
    struct sim_page *p = sim_pfn(mfn);

    if (!p)
        return -EINVAL;
    if (!p->used)
        return -EPERM;
    p->refs++;
    *owner = p->owner;
    return 0;
}

static void sim_flush_cache(void *va, unsigned int len)
{
    assert_true(len > 0 && len <= 4096);
    sim_cache_flushes++;
}

static bool sim_get_writable(xen_pfn_t mfn)
{
    struct sim_page *p = sim_pfn(mfn);

    assert_true(p && p->refs > 0);
    if (p->pagetable)
        return false;
    p->wtype++;
    return true;
}

static void sim_put_writable(xen_pfn_t mfn)
{
    struct sim_page *p = sim_pfn(mfn);

    assert_true(p && p->wtype > 0);
    p->wtype--;
}

static void *sim_map_frame(xen_pfn_t mfn)
{
    struct sim_page *p = sim_pfn(mfn);

    assert_true(p && p->refs > 0);
    p->maps++;
    return sim_va(mfn);
}

static void sim_unmap_frame(void *va)
{
    struct sim_page *p =
        sim_pfn(SIM_MFN_BASE + ((uint8_t(*)[4096])va - sim_mem));

    assert_true(p && p->maps > 0);
    p->maps--;
}

static int sim_create_host_mapping(struct domain *ld, uint64_t addr,
                                   xen_pfn_t mfn, uint32_t flags)
{
    if (sim_fail_host_map)
        return sim_fail_host_map;
    assert_true(sim_pfn(mfn)->refs > 0);
    sim_host_maps++;
    return GNTST_okay;
}

static int sim_destroy_host_mapping(struct domain *ld, uint64_t addr,
                                    xen_pfn_t mfn, uint32_t flags)
{
    if (sim_fail_host_unmap)
        return sim_fail_host_unmap;
    sim_host_maps--;
    return GNTST_okay;
}

static uint64_t sim_last_new_addr;

static int sim_replace_host_mapping(struct domain *ld, uint64_t addr,
                                    xen_pfn_t mfn, uint64_t new_addr,
                                    uint32_t flags)
{
    sim_last_new_addr = new_addr;
    return sim_destroy_host_mapping(ld, addr, mfn, flags);
}

static void sim_flush_tlb(struct domain *ld)
{
    sim_flushes++;
}

static const struct gnttab_hooks sim_gnttab_hooks = {
    .domain_gnttab = sim_domain_gnttab,
    .domain_get_any = sim_domain_get_any,
    .alloc_frame = sim_alloc_frame,
    .free_frame = sim_free_frame,
    .release_frame = sim_release_frame,
    .get_frame = sim_get_frame,
    .put_frame = sim_put_frame,
    .get_writable = sim_get_writable,
    .put_writable = sim_put_writable,
    .map_frame = sim_map_frame,
    .unmap_frame = sim_unmap_frame,
    .create_host_mapping = sim_create_host_mapping,
    .destroy_host_mapping = sim_destroy_host_mapping,
    .replace_host_mapping = sim_replace_host_mapping,
    .get_frame_owner = sim_get_frame_owner,
    .flush_cache = sim_flush_cache,
    .flush_tlb = sim_flush_tlb,
};
#endif /* SIM_WITH_GNTTAB */

/* Create domain slot i with id, max_port; vCPUs 0..nvcpus-1 online. */
static inline struct domain *
sim_create(int i, domid_t id, unsigned int max_port, unsigned int nvcpus)
{
    struct domain *d = &sim_dom[i];

    memset(d, 0, sizeof(*d));
    d->id = id;
    d->exists = true;
    assert_int_equal(
        evtchn_dom_init(&d->ev, d, id, SIM_NR_VCPUS, max_port, SIM_NR_PIRQS),
        0);
    for (unsigned int v = 0; v < nvcpus; v++)
        assert_int_equal(evtchn_vcpu_online(&d->ev, v), 0);
#ifdef SIM_WITH_GNTTAB
    assert_int_equal(gnttab_dom_init(&d->gt, d, id, -1, -1), 0);
#endif
    return d;
}

static inline void sim_destroy(struct domain *d)
{
#ifdef SIM_WITH_GNTTAB
    gnttab_dom_release_mappings(&d->gt);
    gnttab_dom_free(&d->gt);
#endif
    evtchn_dom_destroy(&d->ev);
    evtchn_dom_free(&d->ev);
    d->exists = false;
}

/* Common set-up: hooks, dom0 (privileged, hardware domain) and dom1. */
static int sim_setup(void **state)
{
    (void)state;
    memset(sim_dom, 0, sizeof(sim_dom));
    sim_alloc_budget = -1;
    sim_preempt_after = -1;
    sim_fail_copy_to = false;
    assert_int_equal(evtchn_set_hooks(&sim_evtchn_hooks), 0);
#ifdef SIM_WITH_GNTTAB
    memset(sim_pg, 0, sizeof(sim_pg));
    sim_host_maps = sim_flushes = sim_cache_flushes = 0;
    sim_fail_host_map = sim_fail_host_unmap = 0;
    sim_eagain_gfn = 0;
    assert_int_equal(gnttab_set_hooks(&sim_gnttab_hooks), 0);
#endif
    sim_create(0, 0, 4095, 2)->privileged = true;
    sim_create(1, 1, 1023, 2);
    sim_hwdom = &sim_dom[0];
    sim_cur = &sim_dom[1];
    return 0;
}

/* Tear down; every reference and allocation must have been returned. */
static int sim_teardown(void **state)
{
    (void)state;
    sim_hwdom = NULL;
#ifdef SIM_WITH_GNTTAB
    for (int i = 0; i < SIM_NR_DOMS; i++)
        if (sim_dom[i].exists)
            gnttab_dom_release_mappings(&sim_dom[i].gt);
#endif
    for (int i = 0; i < SIM_NR_DOMS; i++)
        if (sim_dom[i].exists)
            sim_destroy(&sim_dom[i]);
#ifdef SIM_WITH_GNTTAB
    for (int i = 0; i < SIM_NR_PAGES; i++) {
        assert_int_equal(sim_pg[i].refs, 0);
        assert_int_equal(sim_pg[i].wtype, 0);
        assert_int_equal(sim_pg[i].maps, 0);
    }
#endif
    for (int i = 0; i < SIM_NR_DOMS; i++)
        assert_int_equal(sim_dom[i].refs, 0);
    assert_int_equal(sim_allocs_live, 0);
    assert_int_equal(sim_guest_maps, 0);
    return 0;
}

/* Bit helpers for checks on shared_info. */
static inline bool sim_pending(struct domain *d, unsigned int port)
{
    return (d->si.evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static inline bool sim_masked(struct domain *d, unsigned int port)
{
    return (d->si.evtchn_mask[port / 64] >> (port % 64)) & 1;
}

static inline void sim_mask(struct domain *d, unsigned int port, bool on)
{
    if (on)
        d->si.evtchn_mask[port / 64] |= 1UL << (port % 64);
    else
        d->si.evtchn_mask[port / 64] &= ~(1UL << (port % 64));
}

static inline uint64_t sim_sel(struct domain *d, unsigned int vcpu)
{
    return d->si.vcpu_info[vcpu].evtchn_pending_sel;
}

static inline uint8_t sim_upcall(struct domain *d, unsigned int vcpu)
{
    return d->si.vcpu_info[vcpu].evtchn_upcall_pending;
}

/* Guest-side acknowledgement: clear all delivery state of a domain. */
static inline void sim_ack_all(struct domain *d)
{
    memset(d->si.evtchn_pending, 0, sizeof(d->si.evtchn_pending));
    for (int v = 0; v < SIM_NR_VCPUS; v++) {
        d->si.vcpu_info[v].evtchn_pending_sel = 0;
        d->si.vcpu_info[v].evtchn_upcall_pending = 0;
        d->kicks[v] = 0;
    }
}

/* The hypercall layer around do_event_channel_op(): a restart rewrites
 * argument 1 (the re-issued command); sim_in_multicall continues inline. */
static unsigned long sim_restart_arg1;
static bool sim_in_multicall;

void hypercall_set_arg(unsigned int n, unsigned long val)
{
    if (n == 1)
        sim_restart_arg1 = val;
}

bool hypercall_in_multicall(void)
{
    return sim_in_multicall;
}

/* Run an EVTCHNOP through the hypercall entry as domain d. */
static inline long sim_op(struct domain *d, int cmd, void *arg)
{
    sim_cur = d;
    return evtchn_do_event_channel_op(cmd, (uint64_t)(uintptr_t)arg);
}

static inline int sim_alloc_unbound(struct domain *d, domid_t dom,
                                    domid_t remote)
{
    evtchn_alloc_unbound_t op = { .dom = dom, .remote_dom = remote };
    long rc = sim_op(d, EVTCHNOP_alloc_unbound, &op);

    return rc ? (int)rc : (int)op.port;
}

static inline int sim_bind_interdomain(struct domain *d, domid_t rdom,
                                       evtchn_port_t rport)
{
    evtchn_bind_interdomain_t op = { .remote_dom = rdom, .remote_port = rport };
    long rc = sim_op(d, EVTCHNOP_bind_interdomain, &op);

    return rc ? (int)rc : (int)op.local_port;
}

static inline int sim_send(struct domain *d, evtchn_port_t port)
{
    evtchn_send_t op = { .port = port };

    return (int)sim_op(d, EVTCHNOP_send, &op);
}

static inline int sim_close(struct domain *d, evtchn_port_t port)
{
    evtchn_close_t op = { .port = port };

    return (int)sim_op(d, EVTCHNOP_close, &op);
}

static inline int sim_unmask(struct domain *d, evtchn_port_t port)
{
    evtchn_unmask_t op = { .port = port };

    return (int)sim_op(d, EVTCHNOP_unmask, &op);
}

static inline int sim_status(struct domain *d, domid_t dom, evtchn_port_t port,
                             evtchn_status_t *out)
{
    memset(out, 0, sizeof(*out));
    out->dom = dom;
    out->port = port;
    return (int)sim_op(d, EVTCHNOP_status, out);
}

static inline int sim_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu)
{
    evtchn_bind_virq_t op = { .virq = virq, .vcpu = vcpu };
    long rc = sim_op(d, EVTCHNOP_bind_virq, &op);

    return rc ? (int)rc : (int)op.port;
}

static inline int sim_bind_ipi(struct domain *d, uint32_t vcpu)
{
    evtchn_bind_ipi_t op = { .vcpu = vcpu };
    long rc = sim_op(d, EVTCHNOP_bind_ipi, &op);

    return rc ? (int)rc : (int)op.port;
}

#endif /* TEST_EVTCHN_SIM_H */
