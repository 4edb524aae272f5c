/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest "soak": domU create/destroy cycles leave nothing behind.
 *
 * Each cycle builds a small PV domU through domctl (domu.c), connects an
 * interdomain event channel to it, leaves a second dom0 port unbound for
 * it, writes a grant entry into its grant table (setup_table for the
 * domU, the frame mapped foreign) and maps that grant, keeps a foreign
 * mapping of one of its frames, lets it run, then destroys it while the
 * grant and foreign mappings are still held.  The domain must stay dying
 * until dom0 drops them; then it must go away.  After every cycle the
 * domain list and dom0's open event channels equal their values before
 * the first one, and (once the hypervisor has finished freeing)
 * physinfo's free pages equal their value after the first one (which may
 * allocate dom0's maptrack frame and channel buckets for good).  The number of
 * cycles is `cycles=N` on the command line (default 10).
 */
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"

const char guest_name[] = "soak";

#define GREF 3

static uint8_t grant_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t foreign_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long sysctl(struct xen_sysctl *s, uint32_t cmd)
{
    s->cmd = cmd;
    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_sysctl, s, 0, 0, 0, 0);
}

static uint64_t free_pages(void)
{
    struct xen_sysctl s;

    gmemset(&s, 0, sizeof(s));
    CHECK_RC(sysctl(&s, XEN_SYSCTL_physinfo), 0, "physinfo");
    return s.u.physinfo.free_pages;
}

/* Domains other than dom0 (getdomaininfo walks up from d1). */
static unsigned int nr_domus(void)
{
    struct xen_domctl d;
    unsigned int n = 0;
    domid_t next = 1;

    for (;;) {
        gmemset(&d, 0, sizeof(d));
        d.cmd = XEN_DOMCTL_getdomaininfo;
        d.domain = next;
        if (guest_domctl(&d))
            return n;
        n++;
        next = (domid_t)(d.u.getdomaininfo.domain + 1);
    }
}

/* Dom0's ports in any state but closed (status until the first -EINVAL). */
static unsigned int open_ports(void)
{
    unsigned int n = 0;

    for (evtchn_port_t p = 1;; p++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = p };
        long rc = hc_evtchn_op(EVTCHNOP_status, &st);
        if (rc == -XEN_EINVAL)
            return n;
        CHECK_RC(rc, 0, "status of a dom0 port");
        if (st.status != EVTCHNSTAT_closed)
            n++;
    }
}

static long domain_state(domid_t dom, uint32_t *flags)
{
    struct xen_domctl d;
    long rc;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = dom;
    rc = guest_domctl(&d);
    if (rc)
        return rc;
    if (d.u.getdomaininfo.domain != dom)
        return -XEN_ESRCH; /* the next domain up answered */
    *flags = d.u.getdomaininfo.flags;
    return 0;
}

static void cycle(unsigned int i)
{
    struct evtchn_alloc_unbound au = { .remote_dom = 0 };
    struct evtchn_alloc_unbound spare = { .dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi;
    struct evtchn_status st = { .dom = DOMID_SELF };
    struct gnttab_map_grant_ref m;
    struct gnttab_unmap_grant_ref u;
    struct xen_domctl d;
    xen_pfn_t f[6];
    uint32_t flags = 0;
    domid_t dom;
    uint64_t t0;
    long rc;

    CHECK_RC(domu_start_spinner(&dom), 0, "build a domU");
    gmemcpy(f, domu_frames, sizeof(f));

    /* An interdomain channel, and a dom0 port offered to the domU. */
    au.dom = dom;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0,
             "alloc_unbound in the domU");
    bi.remote_dom = dom;
    bi.remote_port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind to the domU's port");
    spare.remote_dom = dom;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &spare), 0,
             "alloc_unbound in dom0 for the domU");

    /* A grant of the domU's stack frame, mapped by dom0. */
    domu_grant_to_dom0(dom, GREF, f[5], false);
    gmemset(&m, 0, sizeof(m));
    m.host_addr = (uint64_t)grant_win;
    m.flags = GNTMAP_host_map;
    m.ref = GREF;
    m.dom = dom;
    CHECK_RC(hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0,
             "map_grant_ref hypercall");
    CHECK(m.status == GNTST_okay, "map the domU's grant: status %d", m.status);

    /* A foreign mapping of its code frame. */
    rc = HC(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)foreign_win,
            (f[4] << 12) | PTE_P | PTE_A, UVMF_INVLPG, dom, 0);
    CHECK_RC(rc, 0, "foreign mapping of the domU's code");
    CHECK(foreign_win[0] == 0xeb && foreign_win[1] == 0xfe,
          "domU code reads %x %x", foreign_win[0], foreign_win[1]);

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_unpausedomain;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0, "unpause the domU");
    hc_sched_op(SCHEDOP_yield, NULL);
    CHECK_RC(domu_destroy(dom), 0, "destroy the domU");

    /* Still held: the domain is dying, not gone. */
    CHECK_RC(domain_state(dom, &flags), 0, "getdomaininfo of the dying domU");
    CHECK(flags & XEN_DOMINF_dying, "d%u flags %x after destroy", dom, flags);
    /* A dead domain destroyed again: nothing to do, not an error. */
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_destroydomain;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0, "destroy the dying domU again");
    /* The toolstack may still pause and unpause it (Xen 4.17 counts the
     * pair as for any domain): 0 both, and it stays dying. */
    d.cmd = XEN_DOMCTL_pausedomain;
    guest_expect(guest_domctl(&d), 0, "pausedomain of the dying domU");
    d.cmd = XEN_DOMCTL_unpausedomain;
    guest_expect(guest_domctl(&d), 0, "unpausedomain of the dying domU");
    CHECK_RC(domain_state(dom, &flags), 0, "getdomaininfo after the pause");
    CHECK(flags & XEN_DOMINF_dying, "d%u flags %x after pause/unpause", dom,
          flags);
    CHECK(grant_win[0] == 0 && foreign_win[0] == 0xeb,
          "held mappings read %x %x after destroy", grant_win[0],
          foreign_win[0]);
    st.port = bi.local_port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, &st), 0, "status of dom0's end");
    CHECK(st.status == EVTCHNSTAT_unbound,
          "dom0's end of the channel: status %u after destroy", st.status);

    /* Drop everything. */
    gmemset(&u, 0, sizeof(u));
    u.host_addr = (uint64_t)grant_win;
    u.handle = m.handle;
    CHECK_RC(hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0,
             "unmap_grant_ref hypercall");
    CHECK(u.status == GNTST_okay, "unmap the dying domU's grant: status %d",
          u.status);
    CHECK_RC(hc_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0,
             "unmap_grant_ref hypercall");
    CHECK(u.status == GNTST_bad_handle, "unmap of a freed handle: status %d",
          u.status);
    set_page_rw(grant_win);
    set_page_rw(foreign_win);
    CHECK_RC(evtchn_close(bi.local_port), 0, "close dom0's end");
    CHECK_RC(evtchn_close(spare.port), 0, "close the offered port");

    t0 = guest_mono_ns();
    while ((rc = domain_state(dom, &flags)) == 0) {
        CHECK(guest_mono_ns() - t0 < 5000000000UL,
              "d%u still there (flags %x) 5 s after its last mapping went", dom,
              flags);
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    CHECK_RC(rc, -XEN_ESRCH, "getdomaininfo of the destroyed domU");
    if (i == 0)
        guest_ok("cycle 0: d%u dying while mapped (grant handle %u, "
                 "channel %u<->%u), gone once dropped",
                 dom, m.handle, bi.local_port, au.port);
}

static unsigned int cycles_arg(void)
{
    const char *s = (const char *)start_info->cmd_line;
    unsigned int n = 0;

    for (; *s; s++) {
        if (!gstrncmp(s, "cycles=", 7)) {
            for (s += 7; *s >= '0' && *s <= '9'; s++)
                n = n * 10 + (unsigned int)(*s - '0');
            return n;
        }
    }
    return 10;
}

/* Free pages come back once the hypervisor has finished the domain. */
static uint64_t settled_free_pages(uint64_t want)
{
    uint64_t t0 = guest_mono_ns(), now;

    for (;;) {
        now = free_pages();
        if (now == want || guest_mono_ns() - t0 > 5000000000UL)
            return now;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
}

void test_main(void)
{
    unsigned int n = cycles_arg(), domus = nr_domus(), ports = open_ports();
    uint64_t free0 = free_pages(), free1, now, t0;

    CHECK(n > 1, "cycles=%u: at least 2", n);
    guest_ok("start: %lu free pages, %u domUs, %u open dom0 ports", free0,
             domus, ports);
    /* Cycle 0 may allocate dom0's own structures for good (its maptrack
     * frame, an event channel bucket): the baseline is taken after it. */
    cycle(0);
    free1 = settled_free_pages(free0);
    guest_ok("after cycle 0: %lu free pages (%ld kept by dom0's first "
             "grant map and channels)",
             free1, (long)(free0 - free1));
    CHECK(free0 - free1 < 16, "cycle 0 kept %ld pages", (long)(free0 - free1));
    t0 = guest_mono_ns();
    for (unsigned int i = 1; i < n; i++) {
        cycle(i);
        CHECK(nr_domus() == domus, "cycle %u: %u domUs left, %u before", i,
              nr_domus(), domus);
        CHECK(open_ports() == ports, "cycle %u: %u open dom0 ports, %u before",
              i, open_ports(), ports);
        now = settled_free_pages(free1);
        CHECK(now == free1, "cycle %u: %lu free pages, %lu before (%ld)", i,
              now, free1, (long)(now - free1));
    }
    guest_ok("%u create/destroy cycles (%u after cycle 0 in %lu ms): %lu free "
             "pages, %u domUs, %u open dom0 ports, as after cycle 0",
             n, n - 1, (guest_mono_ns() - t0) / 1000000, free_pages(),
             nr_domus(), open_ports());
    guest_pass();
}
