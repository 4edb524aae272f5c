/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables v1: map_grant_ref / unmap_grant_ref bookkeeping (maptrack
 * handles, pin counts, GTF_reading/GTF_writing, frame references, host
 * mapping hooks, TLB flush) and release at domain death.
 */
#define SIM_WITH_GNTTAB
#include "test_evtchn_sim.h"

#define D0 (&sim_dom[0])
#define D1 (&sim_dom[1])

static long gop(struct domain *d, unsigned int cmd, void *arg,
                unsigned int count)
{
    sim_cur = d;
    return gnttab_do_grant_table_op(cmd, (uint64_t)(uintptr_t)arg, count);
}

static void grant(struct domain *d, grant_ref_t ref, uint16_t flags, domid_t to,
                  uint32_t frame)
{
    grant_entry_v1_t *e = &d->gt.shared[ref / 512][ref % 512];

    e->flags = flags;
    e->domid = to;
    e->frame = frame;
}

static uint16_t gflags(struct domain *d, grant_ref_t ref)
{
    return d->gt.shared[ref / 512][ref % 512].flags;
}

/* Map ref of dom as d; returns the status, *h the handle. */
static int16_t map(struct domain *d, domid_t dom, grant_ref_t ref,
                   uint32_t flags, grant_handle_t *h)
{
    gnttab_map_grant_ref_t m = { .host_addr = 0x400000,
                                 .flags = flags,
                                 .ref = ref,
                                 .dom = dom,
                                 .status = 99 };

    assert_int_equal(gop(d, GNTTABOP_map_grant_ref, &m, 1), 0);
    if (h)
        *h = m.handle;
    return m.status;
}

static int16_t unmap(struct domain *d, grant_handle_t h, uint64_t host,
                     uint64_t dev)
{
    gnttab_unmap_grant_ref_t u = {
        .host_addr = host, .dev_bus_addr = dev, .handle = h, .status = 99
    };

    assert_int_equal(gop(d, GNTTABOP_unmap_grant_ref, &u, 1), 0);
    return u.status;
}

static void test_map_readonly_and_writable(void **state)
{
    xen_pfn_t g = sim_page_for(D1);
    gnttab_map_grant_ref_t m = { .host_addr = 0x400000,
                                 .flags = GNTMAP_host_map | GNTMAP_readonly,
                                 .ref = 8,
                                 .dom = 1 };
    grant_handle_t h2;

    grant(D1, 8, GTF_permit_access, 0, g);
    assert_int_equal(gop(D0, GNTTABOP_map_grant_ref, &m, 1), 0);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(m.dev_bus_addr, (uint64_t)g << 12);
    assert_int_equal(gflags(D1, 8), GTF_permit_access | GTF_reading);
    assert_int_equal(D1->gt.active[0][8].pin, GNTPIN_hstr_inc);
    assert_int_equal(sim_pfn(g)->refs, 1);
    assert_int_equal(sim_pfn(g)->wtype, 0);
    assert_int_equal(sim_host_maps, 1);

    /* A second, writable mapping adds GTF_writing and a type ref. */
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, &h2), GNTST_okay);
    assert_int_not_equal(h2, m.handle);
    assert_int_equal(gflags(D1, 8),
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(sim_pfn(g)->refs, 1);
    assert_int_equal(sim_pfn(g)->wtype, 1);

    /* Dropping the writer keeps the reader. */
    assert_int_equal(unmap(D0, h2, 0x400000, 0), GNTST_okay);
    assert_int_equal(gflags(D1, 8), GTF_permit_access | GTF_reading);
    assert_int_equal(sim_pfn(g)->wtype, 0);
    assert_int_equal(sim_flushes, 1);
    assert_int_equal(unmap(D0, m.handle, 0x400000, 0), GNTST_okay);
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(sim_pfn(g)->refs, 0);
    assert_int_equal(sim_host_maps, 0);
    assert_int_equal(unmap(D0, m.handle, 0x400000, 0), GNTST_bad_handle);
}

static void test_unmap_and_replace(void **state)
{
    xen_pfn_t g = sim_page_for(D1);
    gnttab_unmap_and_replace_t r = { .host_addr = 0x400000,
                                     .new_addr = 0x500000 };
    grant_handle_t h;

    grant(D1, 8, GTF_permit_access, 0, g);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, &h), GNTST_okay);
    r.handle = h + 7;
    assert_int_equal(gop(D0, GNTTABOP_unmap_and_replace, &r, 1), 0);
    assert_int_equal(r.status, GNTST_bad_handle);
    r.handle = h;
    assert_int_equal(gop(D0, GNTTABOP_unmap_and_replace, &r, 1), 0);
    assert_int_equal(r.status, GNTST_okay);
    assert_int_equal(sim_last_new_addr, 0x500000);
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(sim_pfn(g)->refs, 0);
    assert_int_equal(gop(D0, GNTTABOP_unmap_and_replace, &r, 1), 0);
    assert_int_equal(r.status, GNTST_bad_handle);
}

static void test_map_errors(void **state)
{
    xen_pfn_t g = sim_page_for(D1), other = sim_page_for(D0);
    grant_handle_t h;

    grant(D1, 8, GTF_permit_access, 0, g);
    grant(D1, 9, GTF_permit_access | GTF_readonly, 0, g);
    grant(D1, 10, GTF_permit_access | GTF_sub_page, 0, g);
    grant(D1, 11, GTF_permit_access, 0, other);
    grant(D1, 12, GTF_permit_access, 2, g);

    assert_int_equal(map(D0, 1, 8, 0, NULL), GNTST_bad_gntref);
    assert_int_equal(map(D0, 1, 8, GNTMAP_readonly, NULL), GNTST_bad_gntref);
    assert_int_equal(map(D0, DOMID_SELF, 8, GNTMAP_host_map, NULL),
                     GNTST_bad_domain);
    assert_int_equal(map(D0, 6, 8, GNTMAP_host_map, NULL), GNTST_bad_domain);
    assert_int_equal(map(D0, 1, 512, GNTMAP_host_map, NULL), GNTST_bad_gntref);
    assert_int_equal(map(D0, 1, 0xffffffffu, GNTMAP_host_map, NULL),
                     GNTST_bad_gntref);
    assert_int_equal(map(D0, 1, 9, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(gflags(D1, 9), GTF_permit_access | GTF_readonly);
    assert_int_equal(map(D0, 1, 9, GNTMAP_host_map | GNTMAP_readonly, &h),
                     GNTST_okay);
    assert_int_equal(unmap(D0, h, 1, 0), GNTST_okay);
    assert_int_equal(map(D0, 1, 10, GNTMAP_host_map, NULL),
                     GNTST_general_error);
    assert_int_equal(map(D0, 1, 11, GNTMAP_host_map, NULL), GNTST_bad_page);
    assert_int_equal(gflags(D1, 11), GTF_permit_access);
    assert_int_equal(map(D0, 1, 12, GNTMAP_host_map, NULL),
                     GNTST_general_error);

    /* The page-table hook fails: everything is undone. */
    sim_fail_host_map = GNTST_bad_virt_addr;
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, NULL), GNTST_bad_virt_addr);
    sim_fail_host_map = 0;
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(sim_pfn(g)->refs, 0);
    assert_int_equal(sim_pfn(g)->wtype, 0);
    assert_int_equal(D1->gt.active[0][8].pin, 0);
    /* A writable frame refused by the MMU (it is a page table). */
    sim_pfn(g)->pagetable = true;
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(sim_pfn(g)->refs, 0);
}

static void test_pinned_by_other_domain(void **state)
{
    struct domain *d2 = sim_create(2, 2, 63, 1);
    xen_pfn_t g = sim_page_for(D1), own = sim_page_for(d2);
    gnttab_copy_t c = { .len = 4, .flags = GNTCOPY_dest_gref };
    grant_handle_t h;

    grant(D1, 8, GTF_permit_access, 0, g);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, &h), GNTST_okay);
    /* The granter now names dom2, but the entry is pinned for dom0. */
    D1->gt.shared[0][8].domid = 2;
    assert_int_equal(map(d2, 1, 8, GNTMAP_host_map, NULL), GNTST_general_error);
    c.source.u.gmfn = own;
    c.source.domid = DOMID_SELF;
    c.dest.u.ref = 8;
    c.dest.domid = 1;
    sim_cur = d2;
    gnttab_copy_one(d2, &c);
    assert_int_equal(c.status, GNTST_general_error);
    assert_int_equal(unmap(D0, h, 1, 0), GNTST_okay);
    gnttab_copy_one(d2, &c);
    assert_int_equal(c.status, GNTST_okay);
}

static void test_device_map_and_dev_addr(void **state)
{
    xen_pfn_t g = sim_page_for(D1);
    gnttab_map_grant_ref_t m = { .flags = GNTMAP_device_map | GNTMAP_host_map,
                                 .ref = 8,
                                 .dom = 1,
                                 .host_addr = 0x1000 };

    grant(D1, 8, GTF_permit_access, 0, g);
    assert_int_equal(gop(D0, GNTTABOP_map_grant_ref, &m, 1), 0);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(D1->gt.active[0][8].pin,
                     GNTPIN_devw_inc | GNTPIN_hstw_inc);
    assert_int_equal(unmap(D0, m.handle, 0, m.dev_bus_addr + 4096),
                     GNTST_bad_dev_addr);
    /* Nothing named: nothing done, the handle stays. */
    assert_int_equal(unmap(D0, m.handle, 0, 0), GNTST_okay);
    assert_int_equal(D1->gt.active[0][8].pin,
                     GNTPIN_devw_inc | GNTPIN_hstw_inc);
    /* Device side only, then host side. */
    assert_int_equal(unmap(D0, m.handle, 0, m.dev_bus_addr), GNTST_okay);
    assert_int_equal(D1->gt.active[0][8].pin, GNTPIN_hstw_inc);
    sim_fail_host_unmap = GNTST_general_error;
    assert_int_equal(unmap(D0, m.handle, 0x1000, 0), GNTST_general_error);
    sim_fail_host_unmap = 0;
    assert_int_equal(unmap(D0, m.handle, 0x1000, 0), GNTST_okay);
    assert_int_equal(D1->gt.active[0][8].pin, 0);
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(unmap(D0, m.handle, 0x1000, 0), GNTST_bad_handle);
}

static void test_unmap_errors_and_batch(void **state)
{
    xen_pfn_t g = sim_page_for(D1);
    gnttab_unmap_grant_ref_t u[3];
    grant_handle_t h1, h2;

    grant(D1, 8, GTF_permit_access, 0, g);
    assert_int_equal(unmap(D0, 0, 1, 0), GNTST_bad_handle); /* none yet */
    assert_int_equal(unmap(D0, 0xffffffffu, 1, 0), GNTST_bad_handle);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, &h1), GNTST_okay);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, &h2), GNTST_okay);
    assert_int_equal(unmap(D0, 200, 1, 0), GNTST_bad_handle); /* free */

    memset(u, 0, sizeof(u));
    u[0] = (gnttab_unmap_grant_ref_t){ .host_addr = 1, .handle = h1 };
    u[1] = (gnttab_unmap_grant_ref_t){ .host_addr = 1, .handle = 4000 };
    u[2] = (gnttab_unmap_grant_ref_t){ .host_addr = 1, .handle = h2 };
    sim_flushes = 0;
    assert_int_equal(gop(D0, GNTTABOP_unmap_grant_ref, u, 3), 0);
    assert_int_equal(u[0].status, GNTST_okay);
    assert_int_equal(u[1].status, GNTST_bad_handle);
    assert_int_equal(u[2].status, GNTST_okay);
    assert_int_equal(sim_flushes, 1); /* one flush per batch */
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(gop(D0, GNTTABOP_unmap_grant_ref, NULL, 1), -EFAULT);
}

static void test_map_batch_preempt(void **state)
{
    xen_pfn_t g = sim_page_for(D1);
    gnttab_map_grant_ref_t m[2] = {
        { .flags = GNTMAP_host_map, .ref = 8, .dom = 1, .host_addr = 1 },
        { .flags = GNTMAP_host_map, .ref = 8, .dom = 1, .host_addr = 2 },
    };

    grant(D1, 8, GTF_permit_access, 0, g);
    sim_preempt_after = 0;
    assert_int_equal(gop(D0, GNTTABOP_map_grant_ref, m, 2), 1);
    sim_preempt_after = -1;
    assert_int_equal(m[0].status, GNTST_okay);
    assert_int_equal(gop(D0, GNTTABOP_map_grant_ref, &m[1], 1), 0);
    assert_int_equal(m[1].status, GNTST_okay);
    assert_int_equal(D1->gt.active[0][8].pin, 2 * GNTPIN_hstw_inc);
    assert_int_equal(gop(D0, GNTTABOP_map_grant_ref, NULL, 1), -EFAULT);
}

static void test_maptrack_exhaustion(void **state)
{
    struct domain *d2 = &sim_dom[2];
    xen_pfn_t g = sim_page_for(D1);
    grant_handle_t h;
    unsigned int i;

    /* dom2 may track one page of mappings: 256 handles. */
    memset(d2, 0, sizeof(*d2));
    d2->id = 2;
    d2->exists = true;
    assert_int_equal(evtchn_dom_init(&d2->ev, d2, 2, 1, 63, 0), 0);
    assert_int_equal(gnttab_dom_init(&d2->gt, d2, 2, 1, 1), 0);
    grant(D1, 8, GTF_permit_access | GTF_readonly, 2, g);
    for (i = 0; i < GNTTAB_MAPTRACK_PER_FRAME; i++) {
        /* The 8-bit read counter stops at 127 pins per entry. */
        grant_ref_t ref = 8 + i / 100;

        grant(D1, ref, GTF_permit_access | GTF_readonly, 2, g);
        assert_int_equal(map(d2, 1, ref, GNTMAP_host_map | GNTMAP_readonly, &h),
                         GNTST_okay);
        assert_int_equal(h, i);
    }
    assert_int_equal(map(d2, 1, 8, GNTMAP_host_map | GNTMAP_readonly, NULL),
                     GNTST_no_space);
    /* Freed handles are reused. */
    assert_int_equal(unmap(d2, 17, 1, 0), GNTST_okay);
    assert_int_equal(map(d2, 1, 8, GNTMAP_host_map | GNTMAP_readonly, &h),
                     GNTST_okay);
    assert_int_equal(h, 17);
}

static void test_pin_counter_overflow(void **state)
{
    xen_pfn_t g = sim_page_for(D1);
    int i;

    grant(D1, 8, GTF_permit_access, 0, g);
    for (i = 0; i < 128; i++)
        assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, NULL), GNTST_okay);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, NULL), GNTST_general_error);
    /* Other counters are independent. */
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map | GNTMAP_readonly, NULL),
                     GNTST_okay);
}

static void test_release_at_death(void **state)
{
    xen_pfn_t g = sim_page_for(D1);

    grant(D1, 8, GTF_permit_access, 0, g);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, NULL), GNTST_okay);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map | GNTMAP_readonly, NULL),
                     GNTST_okay);
    assert_int_equal(sim_pfn(g)->refs, 1);
    gnttab_dom_release_mappings(&D0->gt);
    assert_int_equal(D1->gt.active[0][8].pin, 0);
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(sim_pfn(g)->refs, 0);
    assert_int_equal(sim_pfn(g)->wtype, 0);
}

/* The granter dies while mapped: its table stays, the mapping domain
 * can still unmap (Xen's order: the frame goes when the last map does),
 * but nothing new can be mapped from it. */
static void test_unmap_after_granter_died(void **state)
{
    xen_pfn_t g = sim_page_for(D1);
    grant_handle_t h;

    grant(D1, 8, GTF_permit_access, 0, g);
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, &h), GNTST_okay);
    D1->dying = true;
    assert_int_equal(map(D0, 1, 8, GNTMAP_host_map, NULL), GNTST_bad_domain);
    assert_int_equal(sim_pfn(g)->refs, 1);
    assert_int_equal(unmap(D0, h, 0x400000, 0), GNTST_okay);
    assert_int_equal(D1->gt.active[0][8].pin, 0);
    assert_int_equal(sim_pfn(g)->refs, 0);
    assert_int_equal(D1->refs, 0);
    assert_int_equal(unmap(D0, h, 0x400000, 0), GNTST_bad_handle);
}

#define T(f) cmocka_unit_test_setup_teardown(f, sim_setup, sim_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_map_readonly_and_writable), T(test_map_errors),
        T(test_pinned_by_other_domain),    T(test_device_map_and_dev_addr),
        T(test_unmap_errors_and_batch),    T(test_map_batch_preempt),
        T(test_maptrack_exhaustion),       T(test_pin_counter_overflow),
        T(test_release_at_death),          T(test_unmap_after_granter_died),
        T(test_unmap_and_replace),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
