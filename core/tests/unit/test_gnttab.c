/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables v1 and v2: setup_table, query_size, set/get_version,
 * status frames, sub-page and transitive grants, swap_grant_ref and copy
 * through the hypercall entry, with every per-entry status, on simulated
 * domains with real frames (see test_evtchn_sim.h).
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

/* Write grant ref of d: flags, granted-to domain, frame. */
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

static gnttab_copy_t cp_gref_to_frame(domid_t sdom, grant_ref_t ref,
                                      xen_pfn_t dframe, uint16_t len)
{
    gnttab_copy_t c = { .len = len, .flags = GNTCOPY_source_gref };

    c.source.u.ref = ref;
    c.source.domid = sdom;
    c.dest.u.gmfn = dframe;
    c.dest.domid = DOMID_SELF;
    return c;
}

static gnttab_copy_t cp_frame_to_gref(xen_pfn_t sframe, domid_t ddom,
                                      grant_ref_t ref, uint16_t len)
{
    gnttab_copy_t c = { .len = len, .flags = GNTCOPY_dest_gref };

    c.source.u.gmfn = sframe;
    c.source.domid = DOMID_SELF;
    c.dest.u.ref = ref;
    c.dest.domid = ddom;
    return c;
}

static int16_t copy1(struct domain *d, gnttab_copy_t *c)
{
    c->status = 99;
    assert_int_equal(gop(d, GNTTABOP_copy, c, 1), 0);
    return c->status;
}

static void test_query_size(void **state)
{
    gnttab_query_size_t q = { .dom = DOMID_SELF };

    assert_int_equal(gop(D1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);
    assert_int_equal(q.max_nr_frames, 64);
    q.dom = 1;
    assert_int_equal(gop(D0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    q.dom = 0;
    assert_int_equal(gop(D1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_permission_denied);
    q.dom = 9;
    assert_int_equal(gop(D1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_bad_domain);
    assert_int_equal(gop(D1, GNTTABOP_query_size, &q, 2), -EINVAL);
    assert_int_equal(gop(D1, GNTTABOP_query_size, NULL, 1), -EFAULT);
}

static void test_setup_table(void **state)
{
    xen_pfn_t list[70];
    gnttab_setup_table_t st = { .dom = DOMID_SELF, .nr_frames = 4 };
    gnttab_query_size_t q = { .dom = DOMID_SELF };
    xen_pfn_t first;

    set_xen_guest_handle(st.frame_list, list);
    memset(list, 0, sizeof(list));
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_okay);
    first = list[0];
    for (int i = 0; i < 4; i++) {
        assert_non_null(sim_pfn(list[i]));
        assert_int_equal(sim_pfn(list[i])->owner, 1);
        assert_ptr_equal(D1->gt.shared[i], sim_va(list[i]));
    }
    assert_int_equal(gop(D1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.nr_frames, 4);

    /* Shrinking is not possible; asking for fewer returns the same. */
    st.nr_frames = 2;
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(list[0], first);
    assert_int_equal(gop(D1, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.nr_frames, 4);

    /* The nr_frames limit (Xen 4.17 default 64). */
    st.nr_frames = 65;
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_general_error);
    st.nr_frames = 0xffffffffu;
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_general_error);
    st.nr_frames = 64;
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_okay);
    assert_int_equal(list[0], first);

    /* Unwritable list, other domains, bad count. */
    st.nr_frames = 1;
    set_xen_guest_handle(st.frame_list, (xen_pfn_t *)(uintptr_t)SIM_BAD_VA);
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_bad_virt_addr);
    set_xen_guest_handle(st.frame_list, list);
    st.dom = 0;
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_permission_denied);
    st.dom = 7;
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_bad_domain);
    st.dom = 1;
    assert_int_equal(gop(D0, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_okay);
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 0), -EINVAL);
    assert_int_equal(gop(D1, GNTTABOP_setup_table, NULL, 1), -EFAULT);
}

static void test_setup_table_enomem(void **state)
{
    xen_pfn_t list[4];
    gnttab_setup_table_t st = { .dom = DOMID_SELF, .nr_frames = 3 };

    set_xen_guest_handle(st.frame_list, list);
    sim_alloc_budget = 1; /* one active array, then nothing */
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_general_error);
    sim_alloc_budget = -1;
    assert_int_equal(D1->gt.nr_frames, 1);
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_okay);
}

static void test_init_limits(void **state)
{
    struct gnttab_dom gt;
    struct gnttab_hooks h = sim_gnttab_hooks;

    assert_int_equal(gnttab_dom_init(&gt, D1, 1, 0, -1), -EINVAL);
    assert_int_equal(gnttab_dom_init(&gt, D1, 1, 65, -1), -EINVAL);
    assert_int_equal(gnttab_dom_init(&gt, D1, 1, 4, 1025), -EINVAL);
    sim_alloc_budget = 2;
    assert_int_equal(gnttab_dom_init(&gt, D1, 1, 4, 8), -ENOMEM);
    sim_alloc_budget = -1;
    assert_int_equal(gnttab_dom_init(&gt, D1, 1, 64, 1024), 0);
    assert_int_equal(gt.nr_frames, 1);
    gnttab_dom_free(&gt);
    h.flush_tlb = NULL;
    assert_int_equal(gnttab_set_hooks(&h), -EINVAL);
}

static void test_versions(void **state)
{
    gnttab_set_version_t sv = { .version = 1 };
    gnttab_get_version_t gv = { .dom = DOMID_SELF };

    assert_int_equal(gnttab_dom_configure(&D1->gt, -1, -1, 0), -EINVAL);
    assert_int_equal(gnttab_dom_configure(&D1->gt, -1, -1, 3), -EINVAL);
    assert_int_equal(gnttab_dom_configure(&D1->gt, -1, -1, 0x11), -EINVAL);
    assert_int_equal(gnttab_dom_configure(&D1->gt, 0, -1, 1), -EINVAL);
    assert_int_equal(gnttab_dom_configure(&D1->gt, 65, -1, 1), -EINVAL);
    assert_int_equal(gnttab_dom_configure(&D1->gt, -1, 1025, 1), -EINVAL);
    assert_int_equal(gnttab_dom_configure(&D1->gt, 2, 0, 1), 0);
    assert_int_equal(D1->gt.max_frames, 2);
    assert_int_equal(D1->gt.max_maptrack_frames, 0);
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), 0);
    assert_int_equal(sv.version, 1);
    sv.version = 2;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), -ENOSYS);
    assert_int_equal(sv.version, 1);
    sv.version = 3;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), -EINVAL);
    assert_int_equal(sv.version, 1);
    sv.version = 0;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), -EINVAL);
    assert_int_equal(gop(D1, GNTTABOP_get_version, &gv, 1), 0);
    assert_int_equal(gv.version, 1);
    gv.dom = 0;
    assert_int_equal(gop(D1, GNTTABOP_get_version, &gv, 1), -EPERM);
    gv.dom = 8;
    assert_int_equal(gop(D1, GNTTABOP_get_version, &gv, 1), -ESRCH);
}

static grant_entry_v2_t *e2(struct domain *d, grant_ref_t ref)
{
    return &((grant_entry_v2_t *)d->gt.shared[ref / 256])[ref % 256];
}

static uint16_t *st2(struct domain *d, grant_ref_t ref)
{
    return &d->gt.status[ref / 2048][ref % 2048];
}

static void test_v2_switch(void **state)
{
    gnttab_set_version_t sv = { .version = 2 };
    gnttab_get_status_frames_t gs = { .dom = DOMID_SELF, .nr_frames = 1 };
    gnttab_setup_table_t st = { .dom = DOMID_SELF, .nr_frames = 9 };
    xen_pfn_t frames[9];
    uint64_t sf[2];
    xen_pfn_t own = sim_page_for(D1);

    grant(D1, 1, GTF_permit_access | GTF_readonly, 0, 0x1234);
    grant(D1, 9, GTF_permit_access, 0, own);
    set_xen_guest_handle(gs.frame_list, sf);
    assert_int_equal(gop(D1, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_general_error); /* none in v1 */
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), 0);
    assert_int_equal(sv.version, 2);
    assert_int_equal(D1->gt.nr_status_frames, 1);
    /* Reserved entries carried over, the rest cleared. */
    assert_int_equal(e2(D1, 1)->hdr.flags, GTF_permit_access | GTF_readonly);
    assert_int_equal(e2(D1, 1)->full_page.frame, 0x1234);
    assert_int_equal(e2(D1, 9)->hdr.flags, 0);
    assert_int_equal(gop(D1, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_okay);
    assert_int_equal(sf[0], D1->gt.status_frames[0]);
    gs.nr_frames = 2;
    assert_int_equal(gop(D1, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_general_error);
    assert_int_equal(gop(D1, GNTTABOP_get_status_frames, &gs, 2), -EINVAL);
    /* Growing to 9 frames needs a second status frame. */
    set_xen_guest_handle(st.frame_list, frames);
    assert_int_equal(gop(D1, GNTTABOP_setup_table, &st, 1), 0);
    assert_int_equal(st.status, GNTST_okay);
    assert_int_equal(D1->gt.nr_status_frames, 2);

    /* A pinned (mapped) entry blocks the switch back; a mapped status
     * frame too. */
    e2(D1, 9)->full_page.frame = own;
    e2(D1, 9)->hdr.domid = 0;
    e2(D1, 9)->hdr.flags = GTF_permit_access;
    D1->gt.active[0][9].pin = GNTPIN_hstr_inc;
    sv.version = 1;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), -EBUSY);
    assert_int_equal(sv.version, 2);
    D1->gt.active[0][9].pin = 0;
    sim_pfn(D1->gt.status_frames[1])->refs++;
    sv.version = 1;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), -EBUSY);
    sim_pfn(D1->gt.status_frames[1])->refs--;
    assert_int_equal(D1->gt.nr_status_frames, 2);
    /* A frame above 4G in a reserved entry cannot go back to v1. */
    e2(D1, 2)->full_page.frame = 1ULL << 32;
    e2(D1, 2)->hdr.flags = GTF_permit_access;
    sv.version = 1;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), -ERANGE);
    e2(D1, 2)->hdr.flags = GTF_transitive;
    sv.version = 1;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), -ERANGE);
    e2(D1, 2)->hdr.flags = 0;
    *st2(D1, 1) = GTF_reading;
    sv.version = 1;
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), 0);
    assert_int_equal(sv.version, 1);
    assert_int_equal(D1->gt.nr_status_frames, 0);
    assert_int_equal(gflags(D1, 1),
                     GTF_permit_access | GTF_readonly | GTF_reading);
    assert_int_equal(gflags(D1, 9), 0);
}

static void test_v2_copy(void **state)
{
    gnttab_set_version_t sv = { .version = 2 };
    gnttab_swap_grant_ref_t sw = { .ref_a = 10, .ref_b = 11 };
    xen_pfn_t g = sim_page_for(D1), own = sim_page_for(D0);
    xen_pfn_t g2;
    gnttab_copy_t c;

    sim_create(2, 2, 1023, 2);
    g2 = sim_page_for(&sim_dom[2]);
    assert_int_equal(gop(D1, GNTTABOP_set_version, &sv, 1), 0);
    memset(sim_va(g), 0x11, 4096);
    /* Full page. */
    e2(D1, 10)->full_page.frame = g;
    e2(D1, 10)->hdr.domid = 0;
    e2(D1, 10)->hdr.flags = GTF_permit_access;
    c = cp_gref_to_frame(1, 10, own, 4096);
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    assert_int_equal(sim_va(own)[4095], 0x11);
    assert_int_equal(*st2(D1, 10), 0);
    /* Sub-page: 100 bytes at 200. */
    e2(D1, 11)->sub_page.frame = g;
    e2(D1, 11)->sub_page.page_off = 200;
    e2(D1, 11)->sub_page.length = 100;
    e2(D1, 11)->hdr.domid = 0;
    e2(D1, 11)->hdr.flags = GTF_permit_access | GTF_sub_page;
    c = cp_frame_to_gref(own, 1, 11, 100);
    c.dest.offset = 200;
    memset(sim_va(own), 0x22, 4096);
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    assert_int_equal(sim_va(g)[199], 0x11);
    assert_int_equal(sim_va(g)[200], 0x22);
    assert_int_equal(sim_va(g)[299], 0x22);
    assert_int_equal(sim_va(g)[300], 0x11);
    c.dest.offset = 201;
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    c.dest.offset = 199;
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    c.dest.offset = 4000;
    assert_int_equal(copy1(D0, &c), GNTST_bad_copy_arg);
    assert_int_equal(*st2(D1, 11), 0);
    /* Swap the two entries. */
    assert_int_equal(gop(D1, GNTTABOP_swap_grant_ref, &sw, 1), 0);
    assert_int_equal(sw.status, GNTST_okay);
    assert_int_equal(e2(D1, 10)->sub_page.page_off, 200);
    assert_int_equal(e2(D1, 11)->hdr.flags, GTF_permit_access);
    sw.ref_b = 5000;
    assert_int_equal(gop(D1, GNTTABOP_swap_grant_ref, &sw, 1), 0);
    assert_int_equal(sw.status, GNTST_bad_gntref);

    /* Transitive: d1's ref 12 names d2's ref 8, granted to d1. */
    memset(sim_va(g2), 0x33, 4096);
    grant(&sim_dom[2], 8, GTF_permit_access, 1, g2);
    e2(D1, 12)->transitive.trans_domid = 2;
    e2(D1, 12)->transitive.gref = 8;
    e2(D1, 12)->hdr.domid = 0;
    e2(D1, 12)->hdr.flags = GTF_transitive;
    c = cp_gref_to_frame(1, 12, own, 64);
    c.source.offset = 64;
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    assert_int_equal(sim_va(own)[0], 0x33);
    assert_int_equal(sim_va(own)[64], 0x22);
    assert_int_equal(*st2(D1, 12), 0);
    assert_int_equal(gflags(&sim_dom[2], 8), GTF_permit_access);
    assert_int_equal(sim_pfn(g2)->refs, 0);
    /* Self-referential, or naming a missing domain. */
    e2(D1, 12)->transitive.trans_domid = 1;
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    e2(D1, 12)->transitive.trans_domid = 3;
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    /* The named grant is not for d1. */
    e2(D1, 12)->transitive.trans_domid = 2;
    grant(&sim_dom[2], 8, GTF_permit_access, 0, g2);
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    assert_int_equal(*st2(D1, 12), 0);
}

static void test_cache_flush(void **state)
{
    xen_pfn_t own = sim_page_for(D1), other = sim_page_for(D0);
    gnttab_cache_flush_t f = { .length = 64, .op = GNTTAB_CACHE_CLEAN };

    f.a.dev_bus_addr = (uint64_t)own << 12;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), 0);
    assert_int_equal(sim_cache_flushes, 1);
    f.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), 0);
    f.op = GNTTAB_CACHE_INVAL;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), -EOPNOTSUPP);
    f.op = GNTTAB_CACHE_SOURCE_GREF | GNTTAB_CACHE_CLEAN;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), -EINVAL);
    f.op = GNTTAB_CACHE_CLEAN;
    f.offset = 4090;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), -EINVAL);
    f.offset = 0;
    f.length = 0;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), 0);
    assert_int_equal(gop(D1, GNTTABOP_cache_flush | (5U << 12), &f, 1),
                     -EILSEQ);
    assert_int_equal(gop(D1, GNTTABOP_copy | (5U << 12), &f, 1), -EINVAL);
    f.length = 64;
    f.a.dev_bus_addr = 0x7fffffff000ULL;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), -EINVAL);
    /* Dom0's frame: only once granted to (and pinned for) dom1. */
    f.a.dev_bus_addr = (uint64_t)other << 12;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), -EINVAL);
    D0->gt.active[0][20].pin = GNTPIN_hstw_inc;
    D0->gt.active[0][20].domid = 1;
    D0->gt.active[0][20].mfn = other;
    assert_int_equal(gop(D1, GNTTABOP_cache_flush, &f, 1), 0);
    /* ... searched from the reference in cmd's high bits. */
    assert_int_equal(gop(D1, GNTTABOP_cache_flush | (21U << 12), &f, 1),
                     -EINVAL);
    D0->gt.active[0][20].pin = 0;
    assert_int_equal(sim_cache_flushes, 3);
    assert_int_equal(sim_pfn(own)->refs, 0);
    assert_int_equal(sim_pfn(other)->refs, 0);
}

static void test_copy_across_domains(void **state)
{
    xen_pfn_t g = sim_page_for(D1), own = sim_page_for(D0);
    gnttab_copy_t c;

    memset(sim_va(own), 0xab, 4096);
    grant(D1, 8, GTF_permit_access, 0, g);

    /* dom0 writes into dom1's granted page. */
    c = cp_frame_to_gref(own, 1, 8, 100);
    c.source.offset = 10;
    c.dest.offset = 4000 - 4;
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    assert_int_equal(sim_va(g)[3996], 0xab);
    assert_int_equal(sim_va(g)[4095], 0xab);
    assert_int_equal(sim_va(g)[3995], 0);
    assert_int_equal(gflags(D1, 8), GTF_permit_access); /* flags released */

    /* dom0 reads it back into its own frame. */
    memset(sim_va(g), 0x5a, 16);
    c = cp_gref_to_frame(1, 8, own, 16);
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    assert_int_equal(sim_va(own)[0], 0x5a);
    assert_int_equal(sim_va(own)[16], 0xab);
    assert_int_equal(sim_pfn(g)->refs, 0);
    assert_int_equal(sim_pfn(own)->refs, 0);
}

static void test_copy_within_domain(void **state)
{
    xen_pfn_t a = sim_page_for(D1), b = sim_page_for(D1);
    gnttab_copy_t c = { .len = 8 };

    memcpy(sim_va(a), "abcdefgh", 8);
    c.source.u.gmfn = a;
    c.source.domid = DOMID_SELF;
    c.dest.u.gmfn = b;
    c.dest.domid = DOMID_SELF;
    assert_int_equal(copy1(D1, &c), GNTST_okay);
    assert_memory_equal(sim_va(b), "abcdefgh", 8);
    /* Same frame, overlapping ranges. */
    c.dest.u.gmfn = a;
    c.dest.offset = 2;
    assert_int_equal(copy1(D1, &c), GNTST_okay);
    assert_memory_equal(sim_va(a), "ababcdefgh", 10);
    /* A domain's grant to itself, through DOMID_SELF. */
    grant(D1, 9, GTF_permit_access, 1, b);
    c = cp_frame_to_gref(a, DOMID_SELF, 9, 4);
    assert_int_equal(copy1(D1, &c), GNTST_okay);
    assert_memory_equal(sim_va(b), "abab", 4);
}

static void test_copy_errors(void **state)
{
    xen_pfn_t g = sim_page_for(D1), own = sim_page_for(D0);
    xen_pfn_t other = sim_page_for(D1);
    gnttab_copy_t c;

    grant(D1, 8, GTF_permit_access, 0, g);
    grant(D1, 10, GTF_permit_access | GTF_readonly, 0, g);
    grant(D1, 11, GTF_permit_access, 2, g);   /* for dom2 */
    grant(D1, 12, GTF_invalid, 0, g);         /* not granted */
    grant(D1, 13, GTF_permit_access, 0, own); /* not dom1's page */
    grant(D1, 14, GTF_accept_transfer, 0, g); /* wrong type */

    /* A frame may only be named for DOMID_SELF. */
    c = cp_frame_to_gref(own, 1, 8, 8);
    c.source.domid = 1;
    assert_int_equal(copy1(D0, &c), GNTST_permission_denied);
    c = cp_frame_to_gref(own, 5, 8, 8);
    assert_int_equal(copy1(D0, &c), GNTST_bad_domain);
    c = cp_frame_to_gref(own, 1, 512, 8); /* one frame = 512 entries */
    assert_int_equal(copy1(D0, &c), GNTST_bad_gntref);
    c = cp_frame_to_gref(own, 1, 0xffffffffu, 8);
    assert_int_equal(copy1(D0, &c), GNTST_bad_gntref);
    c = cp_frame_to_gref(own, 1, 11, 8);
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    c = cp_frame_to_gref(own, 1, 12, 8);
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    c = cp_frame_to_gref(own, 1, 14, 8);
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    /* Readonly grants: fine as a source, refused as a destination. */
    c = cp_frame_to_gref(own, 1, 10, 8);
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    assert_int_equal(gflags(D1, 10), GTF_permit_access | GTF_readonly);
    c = cp_gref_to_frame(1, 10, own, 8);
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    /* Frames the domain does not own. */
    c = cp_frame_to_gref(own, 1, 13, 8);
    assert_int_equal(copy1(D0, &c), GNTST_bad_page);
    assert_int_equal(gflags(D1, 13), GTF_permit_access);
    c = cp_frame_to_gref(other, 1, 8, 8);
    assert_int_equal(copy1(D0, &c), GNTST_bad_page);
    sim_eagain_gfn = g;
    c = cp_frame_to_gref(own, 1, 8, 8);
    assert_int_equal(copy1(D0, &c), GNTST_eagain);
    sim_eagain_gfn = 0;
    /* A destination frame that cannot be writable (a page table). */
    sim_pfn(own)->pagetable = true;
    c = cp_gref_to_frame(1, 8, own, 8);
    assert_int_equal(copy1(D0, &c), GNTST_general_error);
    sim_pfn(own)->pagetable = false;
    /* Ranges must stay within the page; checked after the claims. */
    c = cp_frame_to_gref(own, 1, 8, 4096);
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    c.source.offset = 1;
    assert_int_equal(copy1(D0, &c), GNTST_bad_copy_arg);
    c = cp_frame_to_gref(own, 1, 8, 1);
    c.dest.offset = 4096;
    assert_int_equal(copy1(D0, &c), GNTST_bad_copy_arg);
    c.dest.offset = 4095;
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    c = cp_frame_to_gref(own, 1, 8, 0xffff);
    assert_int_equal(copy1(D0, &c), GNTST_bad_copy_arg);
    c = cp_frame_to_gref(own, 1, 512, 0xffff);
    assert_int_equal(copy1(D0, &c), GNTST_bad_gntref);
    c = cp_frame_to_gref(own, 1, 8, 0);
    assert_int_equal(copy1(D0, &c), GNTST_okay);
    assert_int_equal(gflags(D1, 8), GTF_permit_access);
    assert_int_equal(sim_pfn(g)->refs, 0);
    assert_int_equal(sim_pfn(own)->wtype, 0);
}

static void test_copy_batch(void **state)
{
    xen_pfn_t g = sim_page_for(D1), own = sim_page_for(D0);
    gnttab_copy_t c[3];

    grant(D1, 8, GTF_permit_access, 0, g);
    c[0] = cp_frame_to_gref(own, 1, 8, 8);
    c[1] = cp_frame_to_gref(own, 1, 9, 8); /* not granted */
    c[2] = cp_gref_to_frame(1, 8, own, 8);
    assert_int_equal(gop(D0, GNTTABOP_copy, c, 3), 0);
    assert_int_equal(c[0].status, GNTST_okay);
    assert_int_equal(c[1].status, GNTST_general_error);
    assert_int_equal(c[2].status, GNTST_okay);
    /* Preempted after the first entry: one entry done. */
    c[1].status = c[2].status = 77;
    sim_preempt_after = 0;
    assert_int_equal(gop(D0, GNTTABOP_copy, c, 3), 1);
    assert_int_equal(c[1].status, 77);
    sim_preempt_after = -1;
    assert_int_equal(gop(D0, GNTTABOP_copy, NULL, 1), -EFAULT);
    assert_int_equal(gop(D0, GNTTABOP_copy, c, 0), 0);
}

static void test_dispatch_errors(void **state)
{
    gnttab_copy_t c;

    memset(&c, 0, sizeof(c));
    assert_int_equal(gop(D0, GNTTABOP_transfer, &c, 1), -ENOSYS);
    assert_int_equal(gop(D0, GNTTABOP_dump_table, &c, 1), -ENOSYS);
    assert_int_equal(gop(D0, 99, &c, 1), -ENOSYS);
    assert_int_equal(gop(D0, GNTTABOP_copy | (1U << 12), &c, 1), -EINVAL);
    assert_int_equal(gop(D0, GNTTABOP_swap_grant_ref | (1U << 12), &c, 1),
                     -EINVAL);
    assert_int_equal(gop(D0, GNTTABOP_copy, &c, 0x80000000u), -EINVAL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, sim_setup, sim_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_query_size),         T(test_setup_table),
        T(test_setup_table_enomem), T(test_init_limits),
        T(test_versions),           T(test_copy_across_domains),
        T(test_copy_within_domain), T(test_copy_errors),
        T(test_copy_batch),         T(test_dispatch_errors),
        T(test_v2_switch),          T(test_v2_copy),
        T(test_cache_flush),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
