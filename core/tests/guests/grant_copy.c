/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant_copy: grant table set-up and GNTTABOP_copy on the domain's own
 * frames.
 *
 * query_size, setup_table (and mapping the returned frame), get_version,
 * v1 grant entries written by the guest, copies by grant reference and
 * by frame number in both directions, the GTF_reading/GTF_writing flags
 * left clear afterwards, and bad arguments refused per operation with
 * Xen 4.17's GNTST_* status or hypercall error.  Then map_grant_ref and
 * unmap_grant_ref of our own grants (RW and read-only) as a backend uses
 * them.
 */
#include "guest.h"

const char guest_name[] = "grant_copy";

static uint8_t gt_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t src[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t dst[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static grant_entry_v1_t *gt;

#define GREF_SRC 8
#define GREF_DST 9
#define GREF_RO  10
#define GREF_OFF 11

static void setup(void)
{
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    xen_pfn_t frame;

    CHECK_RC(hc_grant_table_op(GNTTABOP_query_size, &qs, 1), 0, "query_size");
    CHECK(qs.status == GNTST_okay, "query_size status %d", qs.status);
    CHECK(qs.max_nr_frames >= 1 && qs.nr_frames <= qs.max_nr_frames,
          "query_size %u of %u frames", qs.nr_frames, qs.max_nr_frames);
    guest_ok("query_size: %u of max %u frames", qs.nr_frames, qs.max_nr_frames);

    frame = domu_grant_frame(DOMID_SELF); /* status okay, a frame */
    CHECK_RC(map_page(gt_va, frame, PTE_P | PTE_RW | PTE_A | PTE_D), 0,
             "map grant table frame");
    gt = (grant_entry_v1_t *)gt_va;
    CHECK_RC(hc_grant_table_op(GNTTABOP_get_version, &gv, 1), 0, "get_version");
    CHECK(gv.version == 1, "grant table version %u", gv.version);
    {
        struct gnttab_set_version sv = { .version = 1 };
        CHECK_RC(hc_grant_table_op(GNTTABOP_set_version, &sv, 1), 0,
                 "set_version 1");
        CHECK(sv.version == 1, "set_version reports %u", sv.version);
        sv.version = 3;
        guest_expect(hc_grant_table_op(GNTTABOP_set_version, &sv, 1),
                     -XEN_EINVAL, "set_version 3");
    }
    guest_ok("setup_table frame %lx mapped, version 1", frame);
}

static void grant(grant_ref_t ref, void *page, uint16_t extra)
{
    gt[ref].domid = 0;
    gt[ref].frame = (uint32_t)virt_to_mfn(page);
    barrier();
    gt[ref].flags = GTF_permit_access | extra;
}

static int16_t copy(struct gnttab_copy *c)
{
    long rc = hc_grant_table_op(GNTTABOP_copy, c, 1);

    CHECK(rc == 0, "GNTTABOP_copy hypercall returned %ld", rc);
    return c->status;
}

static struct gnttab_copy by_ref(grant_ref_t sref, uint16_t soff, uint16_t doff,
                                 uint16_t len)
{
    struct gnttab_copy c;

    gmemset(&c, 0, sizeof(c));
    c.source.u.ref = sref;
    c.source.domid = DOMID_SELF;
    c.source.offset = soff;
    c.dest.u.gmfn = virt_to_mfn(dst);
    c.dest.domid = DOMID_SELF;
    c.dest.offset = doff;
    c.len = len;
    c.flags = GNTCOPY_source_gref;
    return c;
}

static void test_copies(void)
{
    struct gnttab_copy c;

    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        src[i] = (uint8_t)(i * 7 + 3);
    gmemset(dst, 0, PAGE_SIZE);
    grant(GREF_SRC, src, GTF_readonly);
    grant(GREF_DST, dst, 0);

    c = by_ref(GREF_SRC, 100, 200, 1000);
    CHECK(copy(&c) == GNTST_okay, "copy by source gref: status %d", c.status);
    CHECK(gmemcmp(dst + 200, src + 100, 1000) == 0, "copied bytes differ");
    CHECK(dst[199] == 0 && dst[1200] == 0, "copy wrote outside its range");
    CHECK(!(gt[GREF_SRC].flags & (GTF_reading | GTF_writing)),
          "source grant flags %x after copy", gt[GREF_SRC].flags);
    guest_ok("copy 1000 bytes by source gref into a frame");

    gmemset(dst, 0, PAGE_SIZE);
    gmemset(&c, 0, sizeof(c));
    c.source.u.gmfn = virt_to_mfn(src);
    c.source.domid = DOMID_SELF;
    c.dest.u.ref = GREF_DST;
    c.dest.domid = DOMID_SELF;
    c.len = PAGE_SIZE;
    c.flags = GNTCOPY_dest_gref;
    CHECK(copy(&c) == GNTST_okay, "copy to dest gref: status %d", c.status);
    CHECK(gmemcmp(dst, src, PAGE_SIZE) == 0, "whole-page copy differs");
    CHECK(!(gt[GREF_DST].flags & (GTF_reading | GTF_writing)),
          "dest grant flags %x after copy", gt[GREF_DST].flags);
    guest_ok("copy a whole page from a frame into a dest gref");

    gmemset(dst, 0, PAGE_SIZE);
    c.source.u.gmfn = virt_to_mfn(src);
    c.dest.u.gmfn = virt_to_mfn(dst);
    c.flags = 0;
    c.len = 64;
    CHECK(copy(&c) == GNTST_okay, "frame-to-frame copy: status %d", c.status);
    CHECK(gmemcmp(dst, src, 64) == 0, "frame-to-frame copy differs");
    guest_ok("copy between two own frames without grants");
}

static void test_bad_args(void)
{
    struct gnttab_copy c;
    struct gnttab_query_size qs = { .dom = 12 };
    struct gnttab_setup_table st = { .dom = 12, .nr_frames = 1 };

    c = by_ref(GREF_SRC, 4000, 0, 200);
    guest_expect(copy(&c), GNTST_bad_copy_arg, "source offset+len > page");
    c = by_ref(GREF_SRC, 0, 4000, 200);
    guest_expect(copy(&c), GNTST_bad_copy_arg, "dest offset+len > page");
    c = by_ref(100000, 0, 0, 8);
    guest_expect(copy(&c), GNTST_bad_gntref, "gref beyond the table");
    c = by_ref(GREF_OFF, 0, 0, 8);
    guest_expect(copy(&c), GNTST_general_error, "gref not granted");
    c = by_ref(GREF_SRC, 0, 0, 8);
    c.source.domid = 12;
    guest_expect(copy(&c), GNTST_bad_domain, "source domain does not exist");
    /* Writing through a read-only grant. */
    grant(GREF_RO, dst, GTF_readonly);
    gmemset(&c, 0, sizeof(c));
    c.source.u.gmfn = virt_to_mfn(src);
    c.source.domid = DOMID_SELF;
    c.dest.u.ref = GREF_RO;
    c.dest.domid = DOMID_SELF;
    c.len = 8;
    c.flags = GNTCOPY_dest_gref;
    guest_expect(copy(&c), GNTST_general_error, "write via read-only grant");
    /* A frame the domain does not own. */
    c.dest.u.gmfn = 0x7fffffffUL;
    c.flags = 0;
    guest_expect(copy(&c), GNTST_bad_page, "dest frame not owned");

    guest_expect(hc_grant_table_op(GNTTABOP_query_size, &qs, 1), 0,
                 "query_size other domain: hypercall");
    guest_expect(qs.status, GNTST_bad_domain, "query_size other domain");
    guest_expect(hc_grant_table_op(GNTTABOP_setup_table, &st, 1), 0,
                 "setup_table other domain: hypercall");
    guest_expect(st.status, GNTST_bad_domain, "setup_table other domain");
    guest_expect(hc_grant_table_op(99, &c, 1), -XEN_ENOSYS, "unknown op");
    guest_expect(hc_grant_table_op(GNTTABOP_copy, (void *)0x1000, 1),
                 -XEN_EFAULT, "copy with a bad argument pointer");
    guest_ok("bad grant arguments checked");
}

static uint8_t map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static int16_t map_ref(grant_ref_t ref, uint32_t flags, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m;

    gmemset(&m, 0, sizeof(m));
    m.host_addr = (uint64_t)map_va;
    m.flags = flags;
    m.ref = ref;
    m.dom = 0;
    CHECK_RC(hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0,
             "map_grant_ref hypercall");
    *h = m.handle;
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

/*
 * Mapping a grant (here one of our own, as a backend would map a
 * frontend's): GTF_reading/GTF_writing are set while mapped, the page is
 * visible at host_addr, and unmapping clears both.
 */
static void test_map(void)
{
    grant_handle_t h, h2;

    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        src[i] = (uint8_t)(i ^ 0x5a);
    grant(GREF_SRC, src, 0);
    CHECK(map_ref(GREF_SRC, GNTMAP_host_map, &h) == GNTST_okay,
          "map_grant_ref RW failed");
    CHECK((gt[GREF_SRC].flags & (GTF_reading | GTF_writing)) ==
              (GTF_reading | GTF_writing),
          "grant flags %x while mapped writable", gt[GREF_SRC].flags);
    CHECK(gmemcmp(map_va, src, PAGE_SIZE) == 0, "mapped grant differs");
    /* Volatile: the compiler cannot know map_va aliases src. */
    ((volatile uint8_t *)map_va)[10] = 0x99;
    CHECK(((volatile uint8_t *)src)[10] == 0x99,
          "write through the grant mapping not seen");
    guest_expect(unmap_ref(h + 1000), GNTST_bad_handle,
                 "unmap with a bad handle");
    CHECK(unmap_ref(h) == GNTST_okay, "unmap_grant_ref failed");
    CHECK(!(gt[GREF_SRC].flags & (GTF_reading | GTF_writing)),
          "grant flags %x after unmap", gt[GREF_SRC].flags);
    guest_expect(unmap_ref(h), GNTST_bad_handle, "unmap twice");

    grant(GREF_RO, src, GTF_readonly);
    guest_expect(map_ref(GREF_RO, GNTMAP_host_map, &h2), GNTST_general_error,
                 "map a read-only grant writable");
    CHECK(map_ref(GREF_RO, GNTMAP_host_map | GNTMAP_readonly, &h2) ==
              GNTST_okay,
          "map a read-only grant read-only");
    CHECK(!(pte_read((uint64_t)map_va, 1) & PTE_RW),
          "read-only grant mapped writable");
    CHECK(unmap_ref(h2) == GNTST_okay, "unmap read-only grant");
    guest_expect(map_ref(100000, GNTMAP_host_map, &h2), GNTST_bad_gntref,
                 "map a gref beyond the table");
    guest_expect(map_ref(GREF_OFF, GNTMAP_host_map, &h2), GNTST_general_error,
                 "map a gref that is not granted");
    CHECK_RC(
        map_page(map_va, virt_to_mfn(map_va), PTE_P | PTE_RW | PTE_A | PTE_D),
        0, "restore the mapping page");
    guest_ok("map_grant_ref/unmap_grant_ref with GTF_reading/writing");
}

void test_main(void)
{
    guest_install_traps();
    setup();
    test_copies();
    test_bad_args();
    test_map();
}
