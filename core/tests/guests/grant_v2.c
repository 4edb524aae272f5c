/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_v2: grant tables version 2, as dom0 and against two domUs built
 * through domctl that run a copy of this image (grant_v2_domu_entry).
 *
 * Dom0's own table: set_version 1 -> 2 with the reserved entries carried
 * over, get_status_frames, full-page and sub-page v2 grants copied and
 * mapped, GTF_reading/GTF_writing in the status frame and never in the
 * entry, map of a sub-page or transitive grant refused, switching back
 * refused while a grant is mapped or a status frame is mapped, swap_grant_ref,
 * then back to version 1.  createdomain refuses bad grant_opts.  A domU
 * created with version 2 allowed switches itself; dom0 fills its v2
 * table through foreign mappings and copies from its full-page grant and
 * into its sub-page grant, copies through a transitive grant of its own
 * that names the domU's grant, and sees the domU's status frame while it
 * maps the domU's grant.  A domU created with version 1 gets -ENOSYS.
 */
#include "guest.h"
#include "public/domctl.h"

const char guest_name[] = "grant_v2";

#define MAX_FRAMES 512

/* Dom0's windows onto its own and the domUs' frames. */
static uint8_t gt_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t st_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t ugt_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t ust_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t uxfer_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t uctl_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t src[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t dst[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t repl[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* In the domU's copy: its commands from dom0 and its answers. */
struct v2_ctl {
    volatile uint32_t seq;     /* dom0: a new command */
    volatile uint32_t version; /* dom0: set_version argument */
    volatile uint32_t done;    /* domU: last seq carried out */
    volatile uint32_t out;     /* domU: version written back */
    volatile int64_t rc;       /* domU: set_version's return */
};
static struct v2_ctl ctl __attribute__((aligned(PAGE_SIZE)));
/* The domU's page it grants to dom0. */
static uint8_t xfer[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char domu_stack[GUEST_STACK_SIZE]
    __attribute__((aligned(GUEST_STACK_SIZE)));
static xen_pfn_t frames[MAX_FRAMES];

static grant_entry_v1_t *gt1;
static grant_entry_v2_t *gt2;
static volatile grant_status_t *gst;

/* ---- the domU side ---- */

/* Carry out dom0's set_version commands, yielding in between. */
static void grant_v2_domu_entry(void)
{
    uint32_t seen = 0;

    *(uint64_t *)domu_stack = 0; /* vCPU 0 (guest_vcpu_id) */
    for (;;) {
        if (ctl.seq != seen) {
            struct gnttab_set_version sv = { .version = ctl.version };

            seen = ctl.seq;
            ctl.rc = hc_grant_table_op(GNTTABOP_set_version, &sv, 1);
            ctl.out = sv.version;
            barrier();
            ctl.done = seen;
        }
        hc_sched_op(SCHEDOP_yield, NULL);
    }
}

/* ---- dom0 helpers ---- */

static void map_other(void *va, domid_t dom, uint64_t mfn, uint64_t flags)
{
    long rc = domu_map(va, dom, mfn, flags);

    CHECK(rc == 0, "map d%u frame %lx: %ld", dom, mfn, rc);
}

static const uint64_t rw = PTE_P | PTE_RW | PTE_A | PTE_D;
static const uint64_t ro = PTE_P | PTE_A;

static int16_t copy(struct gnttab_copy *c)
{
    long rc = hc_grant_table_op(GNTTABOP_copy, c, 1);

    CHECK(rc == 0, "GNTTABOP_copy hypercall returned %ld", rc);
    return c->status;
}

/* A copy from gref sref of sdom into dst, or the reverse. */
static struct gnttab_copy from_gref(domid_t sdom, grant_ref_t sref,
                                    uint16_t soff, uint16_t doff, uint16_t len)
{
    struct gnttab_copy c;

    gmemset(&c, 0, sizeof(c));
    c.source.u.ref = sref;
    c.source.domid = sdom;
    c.source.offset = soff;
    c.dest.u.gmfn = virt_to_mfn(dst);
    c.dest.domid = DOMID_SELF;
    c.dest.offset = doff;
    c.len = len;
    c.flags = GNTCOPY_source_gref;
    return c;
}

static struct gnttab_copy to_gref(domid_t ddom, grant_ref_t dref, uint16_t soff,
                                  uint16_t doff, uint16_t len)
{
    struct gnttab_copy c;

    gmemset(&c, 0, sizeof(c));
    c.source.u.gmfn = virt_to_mfn(src);
    c.source.domid = DOMID_SELF;
    c.source.offset = soff;
    c.dest.u.ref = dref;
    c.dest.domid = ddom;
    c.dest.offset = doff;
    c.len = len;
    c.flags = GNTCOPY_dest_gref;
    return c;
}

static int16_t map_ref(domid_t dom, grant_ref_t ref, uint32_t flags,
                       grant_handle_t *h)
{
    struct gnttab_map_grant_ref m;

    gmemset(&m, 0, sizeof(m));
    m.host_addr = (uint64_t)map_va;
    m.flags = flags;
    m.ref = ref;
    m.dom = dom;
    CHECK_RC(hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0,
             "map_grant_ref hypercall");
    *h = m.handle;
    if (m.status == GNTST_okay) {
        /* The grant replaced a present mapping: drop its TLB entry (the
         * hypervisor need not). */
        mmuext_op_t op;

        gmemset(&op, 0, sizeof(op));
        op.cmd = MMUEXT_INVLPG_LOCAL;
        op.arg1.linear_addr = (uint64_t)map_va;
        CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "invlpg");
    }
    return m.status;
}

static int16_t unmap_ref(grant_handle_t h)
{
    struct gnttab_unmap_grant_ref u;

    gmemset(&u, 0, sizeof(u));
    u.host_addr = (uint64_t)map_va;
    u.handle = h;
    CHECK_RC(hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0,
             "unmap_grant_ref hypercall");
    return u.status;
}

static int16_t unmap_replace(grant_handle_t h, uint64_t new_addr)
{
    gnttab_unmap_and_replace_t r;

    gmemset(&r, 0, sizeof(r));
    r.host_addr = (uint64_t)map_va;
    r.new_addr = new_addr;
    r.handle = h;
    CHECK_RC(hc_grant_table_op(GNTTABOP_unmap_and_replace, &r, 1), 0,
             "unmap_and_replace hypercall");
    return r.status;
}

static long set_version(uint32_t v, uint32_t *out)
{
    struct gnttab_set_version sv = { .version = v };
    long rc = hc_grant_table_op(GNTTABOP_set_version, &sv, 1);

    *out = sv.version;
    return rc;
}

static uint32_t get_version(domid_t dom)
{
    struct gnttab_get_version gv = { .dom = dom };

    CHECK_RC(hc_grant_table_op(GNTTABOP_get_version, &gv, 1), 0, "get_version");
    return gv.version;
}

static int16_t status_frames(domid_t dom, uint32_t n, uint64_t *list)
{
    struct gnttab_get_status_frames gs = { .dom = dom, .nr_frames = n };

    set_xen_guest_handle(gs.frame_list, list);
    CHECK_RC(hc_grant_table_op(GNTTABOP_get_status_frames, &gs, 1), 0,
             "get_status_frames hypercall");
    return gs.status;
}

/* XENMEM_acquire_resource of dom's grant status frames (list NULL: size). */
static long acquire_status(domid_t dom, uint64_t frame, uint32_t *nr,
                           xen_pfn_t *list)
{
    struct xen_mem_acquire_resource r;
    long rc;

    gmemset(&r, 0, sizeof(r));
    r.domid = dom;
    r.type = XENMEM_resource_grant_table;
    r.id = XENMEM_resource_grant_table_id_status;
    r.nr_frames = *nr;
    r.frame = frame;
    set_xen_guest_handle(r.frame_list, list);
    rc = hc_memory_op(XENMEM_acquire_resource, &r);
    *nr = r.nr_frames;
    return rc;
}

static int16_t swap(grant_ref_t a, grant_ref_t b)
{
    struct gnttab_swap_grant_ref s = { .ref_a = a, .ref_b = b };

    CHECK_RC(hc_grant_table_op(GNTTABOP_swap_grant_ref, &s, 1), 0,
             "swap_grant_ref hypercall");
    return s.status;
}

static void grant_full(grant_entry_v2_t *e, domid_t to, uint64_t frame,
                       uint16_t extra)
{
    e->hdr.domid = to;
    e->full_page.frame = frame;
    barrier();
    e->hdr.flags = GTF_permit_access | extra;
}

static void grant_sub(grant_entry_v2_t *e, domid_t to, uint64_t frame,
                      uint16_t off, uint16_t len)
{
    e->hdr.domid = to;
    e->sub_page.frame = frame;
    e->sub_page.page_off = off;
    e->sub_page.length = len;
    barrier();
    e->hdr.flags = GTF_permit_access | GTF_sub_page;
}

static void grant_trans(grant_entry_v2_t *e, domid_t to, domid_t tdom,
                        grant_ref_t tref)
{
    e->hdr.domid = to;
    e->transitive.trans_domid = tdom;
    e->transitive.gref = tref;
    barrier();
    e->hdr.flags = GTF_transitive;
}

static void fill(uint8_t *p, uint8_t seed)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        p[i] = (uint8_t)(i * 13 + seed);
}

static bool same(const uint8_t *a, const uint8_t *b, unsigned int n)
{
    return gmemcmp(a, b, n) == 0;
}

static long cache_flush(unsigned int cmd_hi, uint64_t maddr, uint16_t off,
                        uint16_t len, uint32_t op)
{
    gnttab_cache_flush_t f;

    gmemset(&f, 0, sizeof(f));
    f.a.dev_bus_addr = maddr;
    f.offset = off;
    f.length = len;
    f.op = op;
    return hc_grant_table_op(GNTTABOP_cache_flush | (cmd_hi << 12), &f, 1);
}

/* ---- dom0's own table ---- */

#define REF_KEEP  1 /* a reserved entry carried across switches */
#define REF_DROP  9 /* cleared by a switch */
#define REF_FULL  10
#define REF_SUB   11
#define REF_RO    12
#define REF_TRANS 13
#define REF_UFULL 14 /* transitive: the domU's full-page grant */
#define REF_USUB  15 /* transitive: the domU's sub-page grant */

static void switch_to_2(void)
{
    uint64_t sf[2] = { 0, 0 };
    xen_pfn_t frame = domu_grant_frame(DOMID_SELF);
    uint32_t v;

    CHECK(get_version(DOMID_SELF) == 1, "dom0 starts in version %u",
          get_version(DOMID_SELF));
    CHECK_RC(map_page(gt_win, frame, rw), 0, "map the grant table");
    gt1 = (grant_entry_v1_t *)gt_win;
    guest_expect(status_frames(DOMID_SELF, 1, sf), GNTST_general_error,
                 "get_status_frames in version 1");
    guest_expect(status_frames(DOMID_SELF, 0, sf), GNTST_okay,
                 "get_status_frames of 0 frames in version 1");
    gt1[REF_KEEP].domid = 0;
    gt1[REF_KEEP].frame = (uint32_t)virt_to_mfn(src);
    gt1[REF_KEEP].flags = GTF_permit_access | GTF_readonly;
    gt1[REF_DROP].domid = 0;
    gt1[REF_DROP].frame = (uint32_t)virt_to_mfn(src);
    gt1[REF_DROP].flags = GTF_permit_access;

    guest_expect(set_version(3, &v), -XEN_EINVAL, "set_version 3");
    guest_expect(v, 1, "version after set_version 3");
    CHECK_RC(set_version(2, &v), 0, "set_version 2");
    guest_expect(v, 2, "version written back by set_version 2");
    guest_expect(get_version(DOMID_SELF), 2, "get_version after the switch");
    CHECK_RC(set_version(2, &v), 0, "set_version 2 again");
    gt2 = (grant_entry_v2_t *)gt_win;
    /* The shared frame stays; entries are 16 bytes now. */
    guest_expect(domu_grant_frame(DOMID_SELF), frame,
                 "shared frame in version 2");
    guest_expect(gt2[REF_KEEP].hdr.flags, GTF_permit_access | GTF_readonly,
                 "reserved entry's flags carried to version 2");
    guest_expect(gt2[REF_KEEP].full_page.frame, virt_to_mfn(src),
                 "reserved entry's frame carried to version 2");
    guest_expect(gt2[REF_DROP].hdr.flags, 0, "entry 9 cleared by the switch");

    guest_expect(status_frames(DOMID_SELF, 1, sf), GNTST_okay,
                 "get_status_frames 1");
    CHECK(sf[0] != 0, "status frame 0");
    guest_expect(status_frames(DOMID_SELF, 2, sf), GNTST_general_error,
                 "get_status_frames beyond the table");
    {
        struct gnttab_get_status_frames gs = { .dom = DOMID_SELF,
                                               .nr_frames = 1 };

        set_xen_guest_handle(gs.frame_list, sf);
        guest_expect(hc_grant_table_op(GNTTABOP_get_status_frames, &gs, 2),
                     -XEN_EINVAL, "get_status_frames with count 2");
        gs.dom = 1000;
        guest_expect(hc_grant_table_op(GNTTABOP_get_status_frames, &gs, 1), 0,
                     "get_status_frames of a missing domain: hypercall");
        guest_expect(gs.status, GNTST_bad_domain,
                     "get_status_frames of a missing domain");
    }
    CHECK_RC(map_page(st_win, sf[0], ro), 0, "map the status frame");
    gst = (volatile grant_status_t *)st_win;
    guest_ok("version 2: shared frame %lx, status frame %lx, reserved entry "
             "kept",
             frame, sf[0]);
}

static void own_grants(void)
{
    struct gnttab_copy c;
    grant_handle_t h;
    uint32_t v;

    fill(src, 1);
    gmemset(dst, 0, PAGE_SIZE);
    grant_full(&gt2[REF_FULL], 0, virt_to_mfn(src), GTF_readonly);
    c = from_gref(DOMID_SELF, REF_FULL, 0, 0, PAGE_SIZE);
    guest_expect(copy(&c), GNTST_okay, "copy a v2 full-page grant");
    CHECK(same(dst, src, PAGE_SIZE), "full-page copy differs");
    guest_expect(gst[REF_FULL], 0, "status word after the copy");
    guest_expect(gt2[REF_FULL].hdr.flags, GTF_permit_access | GTF_readonly,
                 "v2 flags after the copy");
    c = to_gref(DOMID_SELF, REF_FULL, 0, 0, 8);
    c.source.u.gmfn = virt_to_mfn(dst);
    guest_expect(copy(&c), GNTST_general_error, "copy into a read-only grant");

    /* Sub-page: 256 bytes at 512 of dst. */
    grant_sub(&gt2[REF_SUB], 0, virt_to_mfn(dst), 512, 256);
    fill(src, 2);
    gmemset(dst, 0, PAGE_SIZE);
    c = to_gref(DOMID_SELF, REF_SUB, 100, 512, 256);
    guest_expect(copy(&c), GNTST_okay, "copy into a sub-page grant");
    CHECK(same(dst + 512, src + 100, 256) && dst[511] == 0 && dst[768] == 0,
          "sub-page copy wrote %x %x %x", dst[511], dst[512], dst[768]);
    c = to_gref(DOMID_SELF, REF_SUB, 0, 511, 16);
    guest_expect(copy(&c), GNTST_general_error, "copy before a sub-page");
    c = to_gref(DOMID_SELF, REF_SUB, 0, 700, 100);
    guest_expect(copy(&c), GNTST_general_error, "copy past a sub-page");
    c = to_gref(DOMID_SELF, REF_SUB, 0, 4000, 200);
    guest_expect(copy(&c), GNTST_bad_copy_arg, "copy past the page");
    c = from_gref(DOMID_SELF, REF_SUB, 600, 0, 100);
    guest_expect(copy(&c), GNTST_okay, "copy from a sub-page grant");
    guest_expect(gst[REF_SUB], 0, "sub-page status word after copies");
    guest_expect(map_ref(0, REF_SUB, GNTMAP_host_map, &h), GNTST_general_error,
                 "map a sub-page grant");
    guest_ok("v2 full-page and sub-page grants copied, sub-page bounds kept");

    /* A mapping: status bits in the status frame only. */
    grant_full(&gt2[REF_FULL], 0, virt_to_mfn(src), 0);
    CHECK(map_ref(0, REF_FULL, GNTMAP_host_map, &h) == GNTST_okay,
          "map a v2 grant");
    guest_expect(gst[REF_FULL], GTF_reading | GTF_writing,
                 "status word while mapped writable");
    guest_expect(gt2[REF_FULL].hdr.flags, GTF_permit_access,
                 "v2 flags while mapped");
    CHECK(((volatile uint8_t *)map_va)[5] == src[5], "mapped page differs");
    guest_expect(set_version(1, &v), -XEN_EBUSY,
                 "set_version 1 while a grant is mapped");
    guest_expect(v, 2, "version after the refused switch");
    guest_expect(swap(REF_FULL, REF_SUB), GNTST_eagain,
                 "swap_grant_ref of a mapped grant");
    guest_expect(unmap_ref(h), GNTST_okay, "unmap the v2 grant");
    guest_expect(gst[REF_FULL], 0, "status word after unmap");
    grant_full(&gt2[REF_RO], 0, virt_to_mfn(src), GTF_readonly);
    guest_expect(map_ref(0, REF_RO, GNTMAP_host_map, &h), GNTST_general_error,
                 "map a read-only v2 grant writable");
    CHECK(map_ref(0, REF_RO, GNTMAP_host_map | GNTMAP_readonly, &h) ==
              GNTST_okay,
          "map a read-only v2 grant read-only");
    guest_expect(gst[REF_RO], GTF_reading,
                 "status word while mapped read-only");
    guest_expect(unmap_ref(h), GNTST_okay, "unmap the read-only grant");
    guest_expect(gst[REF_RO], 0, "status word after the read-only unmap");
    CHECK_RC(map_page(map_va, virt_to_mfn(map_va), rw), 0,
             "restore the mapping page");
    guest_ok("v2 map: GTF_reading/GTF_writing in the status frame, switch "
             "back -EBUSY while mapped");

    /* unmap_and_replace: map_va takes over repl's mapping. */
    fill(repl, 9);
    CHECK(map_ref(0, REF_FULL, GNTMAP_host_map, &h) == GNTST_okay,
          "map for unmap_and_replace");
    guest_expect(unmap_replace(h + 100, (uint64_t)repl), GNTST_bad_handle,
                 "unmap_and_replace with a bad handle");
    guest_expect(unmap_replace(h, (uint64_t)repl), GNTST_okay,
                 "unmap_and_replace");
    guest_expect((pte_read((uint64_t)map_va, 1) & 0x000ffffffffff000UL) >> 12,
                 virt_to_mfn(repl),
                 "frame at host_addr after unmap_and_replace");
    guest_expect(pte_read((uint64_t)repl, 1) & PTE_P, 0,
                 "new_addr's entry after unmap_and_replace");
    guest_expect(((volatile uint8_t *)map_va)[3], (uint8_t)(3 * 13 + 9),
                 "data at host_addr after unmap_and_replace");
    guest_expect(gst[REF_FULL], 0, "status word after unmap_and_replace");
    guest_expect(unmap_replace(h, 0), GNTST_bad_handle,
                 "unmap_and_replace twice");
    CHECK_RC(map_page(repl, virt_to_mfn(repl), rw), 0, "remap new_addr");
    CHECK(map_ref(0, REF_FULL, GNTMAP_host_map, &h) == GNTST_okay,
          "map for unmap_and_replace without new_addr");
    guest_expect(unmap_replace(h, 0), GNTST_okay,
                 "unmap_and_replace with new_addr 0");
    guest_expect(pte_read((uint64_t)map_va, 1) & PTE_P, 0,
                 "host_addr after unmap_and_replace with new_addr 0");
    CHECK_RC(map_page(map_va, virt_to_mfn(map_va), rw), 0,
             "restore the mapping page");
    guest_ok("unmap_and_replace moves new_addr's mapping to host_addr");

    /* Transitive grants naming ourselves are refused; never mappable. */
    grant_trans(&gt2[REF_TRANS], 0, 0, REF_FULL);
    c = from_gref(DOMID_SELF, REF_TRANS, 0, 0, 8);
    guest_expect(copy(&c), GNTST_general_error,
                 "copy a self-referential transitive grant");
    guest_expect(map_ref(0, REF_TRANS, GNTMAP_host_map, &h),
                 GNTST_general_error, "map a transitive grant");
    guest_expect(gst[REF_TRANS], 0, "transitive status word after refusals");

    /* swap_grant_ref exchanges entries and status words. */
    guest_expect(swap(REF_FULL, REF_SUB), GNTST_okay, "swap_grant_ref");
    guest_expect(gt2[REF_FULL].hdr.flags, GTF_permit_access | GTF_sub_page,
                 "swapped entry a");
    guest_expect(gt2[REF_FULL].sub_page.page_off, 512, "swapped sub-page");
    guest_expect(gt2[REF_SUB].hdr.flags, GTF_permit_access, "swapped entry b");
    guest_expect(swap(REF_FULL, REF_FULL), GNTST_okay, "swap with itself");
    guest_expect(swap(REF_FULL, 100000), GNTST_bad_gntref,
                 "swap beyond the table");
    guest_expect(swap(REF_SUB, REF_FULL), GNTST_okay, "swap back");
    guest_ok("swap_grant_ref; transitive self-reference refused");
}

static void own_cache_flush(void)
{
    uint64_t ma = virt_to_mfn(src) << 12;
    const uint32_t clean = GNTTAB_CACHE_CLEAN, inval = GNTTAB_CACHE_INVAL;

    guest_expect(cache_flush(0, ma, 0, 4096, clean), 0,
                 "cache_flush clean of an own page");
    guest_expect(cache_flush(0, ma, 128, 64, clean | inval), 0,
                 "cache_flush clean+invalidate of an own page");
    guest_expect(cache_flush(0, ma, 0, 64, inval), -XEN_EOPNOTSUPP,
                 "cache_flush invalidate only");
    guest_expect(cache_flush(0, ma, 0, 64, clean | GNTTAB_CACHE_SOURCE_GREF),
                 -XEN_EINVAL, "cache_flush with GNTTAB_CACHE_SOURCE_GREF");
    guest_expect(cache_flush(0, ma, 4090, 64, clean), -XEN_EINVAL,
                 "cache_flush past the page");
    guest_expect(cache_flush(0, ma, 4096, 0, clean), -XEN_EINVAL,
                 "cache_flush at offset 4096");
    guest_expect(cache_flush(0, ma, 0, 0, clean), 0, "cache_flush of 0 bytes");
    guest_expect(cache_flush(0, ma, 0, 64, 0), 0, "cache_flush with op 0");
    guest_expect(cache_flush(5, ma, 0, 0, clean), -XEN_EILSEQ,
                 "cache_flush of 0 bytes with a resume point in cmd");
    guest_expect(cache_flush(0, 0x7fffffff000ULL, 0, 64, clean), -XEN_EINVAL,
                 "cache_flush of a frame beyond RAM");
    {
        gnttab_swap_grant_ref_t s = { .ref_a = REF_FULL, .ref_b = REF_SUB };

        guest_expect(
            hc_grant_table_op(GNTTABOP_swap_grant_ref | (5U << 12), &s, 1),
            -XEN_EINVAL, "high cmd bits on another op");
    }
    guest_ok("cache_flush of our own frames, refusals");
}

/* ---- domUs ---- */

static domid_t start_domu(uint32_t opts)
{
    domid_t dom;

    domu_grant_opts = opts;
    CHECK_RC(domu_start_image(grant_v2_domu_entry,
                              domu_stack + GUEST_STACK_SIZE, &dom, frames,
                              MAX_FRAMES),
             0, "build a domU");
    domu_grant_opts = XEN_DOMCTL_GRANT_version(1);
    domu_set_paused(dom, false);
    return dom;
}

/* Have the domU call set_version(v); its return (and version in *out). */
static long domu_set_version(uint32_t v, uint32_t *out)
{
    struct v2_ctl *c = (struct v2_ctl *)uctl_win;
    uint32_t seq = c->seq + 1;
    uint64_t end = guest_mono_ns() + 20000000000ULL;

    c->version = v;
    barrier();
    c->seq = seq;
    while (c->done != seq) {
        CHECK(guest_mono_ns() < end, "the domU did not answer command %u", seq);
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    barrier();
    *out = c->out;
    return c->rc;
}

static void bad_grant_opts(void)
{
    struct xen_domctl d;
    static const uint32_t bad[] = { 0, 3, 0x12 };

    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        gmemset(&d, 0, sizeof(d));
        d.cmd = XEN_DOMCTL_createdomain;
        d.u.createdomain.max_vcpus = 1;
        d.u.createdomain.max_evtchn_port = 31;
        d.u.createdomain.max_grant_frames = 1;
        d.u.createdomain.grant_opts = bad[i];
        guest_expect(guest_domctl(&d), -XEN_EINVAL,
                     "createdomain with bad grant_opts");
    }
    guest_ok("createdomain refuses grant_opts 0, version 3, unknown bits");
}

static void domu_v1_only(void)
{
    domid_t dom = start_domu(XEN_DOMCTL_GRANT_version(1));
    uint32_t v;

    map_other(uctl_win, dom, domu_image_frame(frames, &ctl), rw);
    guest_expect(domu_set_version(2, &v), -XEN_ENOSYS,
                 "set_version 2 in a domU limited to version 1");
    guest_expect(v, 1, "its version after the refusal");
    guest_expect(get_version(dom), 1, "get_version of that domU");
    {
        xen_pfn_t f = 0;
        uint32_t n = 1;

        guest_expect(acquire_status(dom, 0, &n, &f), -XEN_EINVAL,
                     "acquire_resource of status frames in version 1");
    }
    set_page_rw(uctl_win);
    CHECK_RC(domu_destroy(dom), 0, "destroy the version-1 domU");
    guest_ok("domU created with version 1: set_version 2 -ENOSYS");
}

static void domu_v2(void)
{
    domid_t dom = start_domu(XEN_DOMCTL_GRANT_version(2));
    grant_entry_v2_t *ugt = (grant_entry_v2_t *)ugt_win;
    volatile grant_status_t *ust = (volatile grant_status_t *)ust_win;
    uint64_t sf = 0, xmfn = domu_image_frame(frames, xfer);
    struct gnttab_copy c;
    grant_handle_t h;
    uint32_t v;

    map_other(uctl_win, dom, domu_image_frame(frames, &ctl), rw);
    guest_expect(get_version(dom), 1, "a new domU's version");
    guest_expect(domu_set_version(2, &v), 0, "the domU's set_version 2");
    guest_expect(v, 2, "the domU's version written back");
    guest_expect(get_version(dom), 2, "get_version of the domU");

    map_other(ugt_win, dom, domu_grant_frame(dom), rw);
    guest_expect(status_frames(dom, 1, &sf), GNTST_okay,
                 "get_status_frames of the domU");
    map_other(ust_win, dom, sf, ro);
    {
        xen_pfn_t f = 0;
        uint32_t n = 0;

        guest_expect(acquire_status(dom, 0, &n, NULL), 0,
                     "acquire_resource size of the status frames");
        guest_expect(n, 1, "status frames of a 1-frame table");
        n = 1;
        guest_expect(acquire_status(dom, 0, &n, &f), 0,
                     "acquire_resource of status frame 0");
        guest_expect(f, sf, "acquire_resource's status frame");
        n = 1;
        guest_expect(acquire_status(dom, 1, &n, &f), -XEN_EINVAL,
                     "acquire_resource of status frame 1");
        n = 0;
        guest_expect(acquire_status(dom, 0, &n, &f), -XEN_EINVAL,
                     "acquire_resource of 0 status frames");
    }
    map_other(uxfer_win, dom, xmfn, rw);

    /* Dom0 copies from the domU's full-page grant ... */
    fill(uxfer_win, 3);
    grant_full(&ugt[8], 0, xmfn, GTF_readonly);
    gmemset(dst, 0, PAGE_SIZE);
    c = from_gref(dom, 8, 0, 0, PAGE_SIZE);
    guest_expect(copy(&c), GNTST_okay, "copy from the domU's v2 grant");
    CHECK(same(dst, uxfer_win, PAGE_SIZE), "copy from the domU differs");
    /* ... and into its sub-page grant (1024..1535). */
    grant_sub(&ugt[9], 0, xmfn, 1024, 512);
    fill(src, 4);
    fill(dst, 3);
    c = to_gref(dom, 9, 0, 1024, 512);
    guest_expect(copy(&c), GNTST_okay, "copy into the domU's sub-page grant");
    CHECK(same(uxfer_win + 1024, src, 512) && same(uxfer_win, dst, 1024) &&
              same(uxfer_win + 1536, dst + 1536, PAGE_SIZE - 1536),
          "copy into the domU's sub-page grant wrote outside it");
    c = to_gref(dom, 9, 0, 1536, 1);
    guest_expect(copy(&c), GNTST_general_error,
                 "copy past the domU's sub-page grant");
    guest_expect(ust[8] | ust[9], 0, "the domU's status words after copies");
    guest_ok("dom0 copies from a domU's v2 grant and into its sub-page grant");

    /* Transitive: dom0's grants naming the domU's grants (for dom0). */
    grant_trans(&gt2[REF_UFULL], 0, dom, 8);
    grant_trans(&gt2[REF_USUB], 0, dom, 9);
    gmemset(dst, 0, PAGE_SIZE);
    c = from_gref(DOMID_SELF, REF_UFULL, 100, 0, 1000);
    guest_expect(copy(&c), GNTST_okay, "copy through a transitive grant");
    CHECK(same(dst, uxfer_win + 100, 1000), "transitive copy differs");
    fill(src, 5);
    c = to_gref(DOMID_SELF, REF_USUB, 0, 1024, 512);
    guest_expect(copy(&c), GNTST_okay,
                 "copy into a sub-page through a transitive grant");
    CHECK(same(uxfer_win + 1024, src, 512), "transitive write differs");
    c = to_gref(DOMID_SELF, REF_USUB, 0, 1000, 64);
    guest_expect(copy(&c), GNTST_general_error,
                 "transitive copy outside the named sub-page");
    c = to_gref(DOMID_SELF, REF_UFULL, 0, 0, 8);
    guest_expect(copy(&c), GNTST_general_error,
                 "transitive write to a read-only grant");
    guest_expect(map_ref(0, REF_UFULL, GNTMAP_host_map | GNTMAP_readonly, &h),
                 GNTST_general_error, "map a transitive grant of a domU");
    guest_expect(gst[REF_UFULL] | gst[REF_USUB] | ust[8] | ust[9], 0,
                 "status words after transitive copies");
    grant_trans(&gt2[REF_UFULL], 0, 1000, 8);
    c = from_gref(DOMID_SELF, REF_UFULL, 0, 0, 8);
    guest_expect(copy(&c), GNTST_general_error,
                 "transitive grant naming a missing domain");
    gt2[REF_UFULL].hdr.flags = 0;
    gt2[REF_USUB].hdr.flags = 0;
    guest_ok("transitive grants copy within what the named grant allows");

    /* Dom0 maps the domU's grant: the domU's status frame shows it, and
     * the domU cannot switch back meanwhile. */
    grant_full(&ugt[10], 0, xmfn, 0);
    guest_expect(cache_flush(0, xmfn << 12, 0, 64, GNTTAB_CACHE_CLEAN),
                 -XEN_EINVAL, "cache_flush of a domU frame not granted to us");
    CHECK(map_ref(dom, 10, GNTMAP_host_map, &h) == GNTST_okay,
          "map the domU's v2 grant");
    guest_expect(cache_flush(0, xmfn << 12, 0, 64, GNTTAB_CACHE_CLEAN), 0,
                 "cache_flush of a domU frame we map by grant");
    guest_expect(ust[10], GTF_reading | GTF_writing,
                 "the domU's status word while dom0 maps its grant");
    guest_expect(ugt[10].hdr.flags, GTF_permit_access,
                 "the domU's v2 flags while mapped");
    ((volatile uint8_t *)map_va)[7] = 0xa5;
    CHECK(((volatile uint8_t *)uxfer_win)[7] == 0xa5,
          "write through the mapped domU grant not seen: %x %x, pte %lx, "
          "frame %lx",
          ((volatile uint8_t *)map_va)[7], ((volatile uint8_t *)uxfer_win)[7],
          pte_read((uint64_t)map_va, 1), xmfn);
    guest_expect(domu_set_version(1, &v), -XEN_EBUSY,
                 "the domU's set_version 1 while dom0 maps its grant");
    guest_expect(v, 2, "the domU's version after the refusal");
    guest_expect(unmap_ref(h), GNTST_okay, "unmap the domU's grant");
    guest_expect(ust[10], 0, "the domU's status word after unmap");
    CHECK_RC(map_page(map_va, virt_to_mfn(map_va), rw), 0,
             "restore the mapping page");
    /* Still refused while dom0 maps the domU's status frame. */
    guest_expect(domu_set_version(1, &v), -XEN_EBUSY,
                 "the domU's set_version 1 while its status frame is mapped");
    set_page_rw(ust_win);
    guest_expect(domu_set_version(1, &v), 0, "the domU's set_version 1");
    guest_expect(v, 1, "the domU's version after switching back");
    guest_expect(status_frames(dom, 1, &sf), GNTST_general_error,
                 "the domU's status frames are gone");
    {
        xen_pfn_t f = 0;
        uint32_t n = 1;

        guest_expect(acquire_status(dom, 0, &n, &f), -XEN_EINVAL,
                     "acquire_resource of status frames back in version 1");
    }
    guest_ok("the domU switches back once nothing is mapped");

    set_page_rw(ugt_win);
    set_page_rw(uxfer_win);
    set_page_rw(uctl_win);
    CHECK_RC(domu_destroy(dom), 0, "destroy the version-2 domU");
}

static void switch_back(void)
{
    uint64_t sf = 0;
    uint32_t v;

    gt2[REF_KEEP].hdr.flags = GTF_permit_access;
    gt2[REF_KEEP].full_page.frame = virt_to_mfn(dst);
    guest_expect(set_version(1, &v), -XEN_EBUSY,
                 "set_version 1 while our status frame is mapped");
    guest_expect(v, 2, "version after that refusal");
    set_page_rw(st_win);
    gst = NULL;
    CHECK_RC(set_version(1, &v), 0, "set_version 1");
    guest_expect(v, 1, "version written back by set_version 1");
    guest_expect(gt1[REF_KEEP].flags, GTF_permit_access,
                 "reserved entry's flags carried to version 1");
    guest_expect(gt1[REF_KEEP].frame, virt_to_mfn(dst),
                 "reserved entry's frame carried to version 1");
    guest_expect(gt1[REF_FULL].flags, 0, "entry 10 cleared by the switch");
    guest_expect(status_frames(DOMID_SELF, 1, &sf), GNTST_general_error,
                 "get_status_frames back in version 1");
    gt1[REF_KEEP].flags = 0;
    set_page_rw(gt_win);
    guest_ok("back to version 1: status frames gone, reserved entry kept");
}

void test_main(void)
{
    guest_install_traps();
    switch_to_2();
    own_grants();
    own_cache_flush();
    bad_grant_opts();
    domu_v1_only();
    domu_v2();
    switch_back();
}
