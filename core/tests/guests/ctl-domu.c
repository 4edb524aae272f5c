/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ctl, part 2: a domU's life through domctl (see ctl.c), and event
 * channels between dom0 and the domU.
 */
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"

void test_domu_lifecycle(void);

static vcpu_guest_context_t back;

static long domctl(struct xen_domctl *d, uint32_t cmd, domid_t dom)
{
    d->cmd = cmd;
    d->domain = dom;
    return guest_domctl(d);
}

static uint32_t dom_flags(domid_t dom)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_getdomaininfo, dom), 0, "getdomaininfo");
    CHECK(d.u.getdomaininfo.domain == dom, "asked d%u, got d%u", dom,
          d.u.getdomaininfo.domain);
    return d.u.getdomaininfo.flags;
}

/* physinfo: can this host run HVM guests with HAP?  (QEMU's qemu64 has
 * SVM without nested paging: Xen 4.17 reports hvm there, not hap.) */
static bool host_has_hvm_hap(void)
{
    struct xen_sysctl s;

    gmemset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_physinfo;
    s.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    CHECK_RC(HC(__HYPERVISOR_sysctl, &s, 0, 0, 0, 0), 0, "physinfo");
    return (s.u.physinfo.capabilities &
            (XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap)) ==
           (XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap);
}

static void test_create_refusals(void)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.u.createdomain.max_vcpus = 0;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    guest_expect(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EINVAL,
                 "createdomain with 0 vcpus");
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    /* Without SVM/VMX with HAP an HVM domain with CDF_hap is -EINVAL; with
     * them (EPYC under TCG has SVM and NPT) the PV emulation set (none)
     * is -EOPNOTSUPP. */
    if (host_has_hvm_hap())
        guest_expect(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EOPNOTSUPP,
                     "createdomain HVM without emulation flags");
    else
        guest_expect(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EINVAL,
                     "createdomain HVM|HAP on a host without SVM/VMX and "
                     "HAP");
    /* A reserved id (like 0) asks the hypervisor to pick a free one. */
    d.u.createdomain.flags = 0;
    CHECK_RC(domctl(&d, XEN_DOMCTL_createdomain, 0x7ff5), 0,
             "createdomain with a reserved domid");
    CHECK(d.domain != 0 && d.domain < DOMID_FIRST_RESERVED,
          "createdomain picked d%u", d.domain);
    {
        domid_t picked = d.domain;
        gmemset(&d, 0, sizeof(d));
        CHECK_RC(domctl(&d, XEN_DOMCTL_destroydomain, picked), 0,
                 "destroy the empty domain");
    }
    gmemset(&d, 0, sizeof(d));
    guest_expect(domctl(&d, 9999, 0), -XEN_ENOSYS, "unknown domctl");
    guest_expect(domctl(&d, XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL,
                 "dom0 pausing itself");
    guest_expect(domctl(&d, XEN_DOMCTL_pausedomain, 0x7f00), -XEN_ESRCH,
                 "pausedomain of a missing domain");
}

/*
 * Event channels between dom0 and the domU, set up the way a toolstack
 * wires a guest's console and xenstore: dom0 allocates an unbound port
 * in the domU for itself, then binds to it.
 */
static void test_interdomain(domid_t dom)
{
    struct evtchn_alloc_unbound au = { .dom = dom, .remote_dom = 0 };
    struct evtchn_bind_interdomain bi = { .remote_dom = dom };
    struct evtchn_status st = { .dom = dom };
    struct evtchn_reset rs = { .dom = dom };

    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0,
             "alloc_unbound in the domU");
    st.port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, &st), 0, "domU port status");
    CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
          "domU port %u: status %u for d%u", au.port, st.status,
          st.u.unbound.dom);
    bi.remote_port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind to the domU port");
    evtchn_clear(bi.local_port);
    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, &st), 0, "domU port status");
    CHECK(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == 0 &&
              st.u.interdomain.port == bi.local_port,
          "domU port %u: status %u peer d%u:%u", au.port, st.status,
          st.u.interdomain.dom, st.u.interdomain.port);
    CHECK_RC(evtchn_send(bi.local_port), 0, "send to the domU");
    guest_expect(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL,
                 "bind to a domU port already connected");
    /* The remote domain is only recorded, not looked up. */
    au.remote_dom = 0x7f00;
    guest_expect(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0,
                 "alloc_unbound for a missing remote domain");
    au.dom = 0x7f00;
    au.remote_dom = 0;
    guest_expect(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), -XEN_ESRCH,
                 "alloc_unbound in a missing domain");
    CHECK_RC(hc_evtchn_op(EVTCHNOP_reset, &rs), 0, "reset the domU's ports");
    st.dom = DOMID_SELF;
    st.port = bi.local_port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, &st), 0, "dom0 port status");
    CHECK(st.status == EVTCHNSTAT_unbound,
          "dom0 port %u status %u after "
          "the domU's reset",
          bi.local_port, st.status);
    CHECK_RC(evtchn_close(bi.local_port), 0, "close dom0's end");
    guest_ok("interdomain channel dom0 <-> d%u, reset leaves dom0's end "
             "unbound",
             dom);
}

void test_domu_lifecycle(void)
{
    struct xen_domctl d;
    domid_t dom;
    uint32_t f;

    test_create_refusals();
    CHECK_RC(domu_start_spinner(&dom), 0, "build a domU");
    f = dom_flags(dom);
    CHECK((f & XEN_DOMINF_paused) && !(f & XEN_DOMINF_hvm_guest),
          "new PV domU flags %x", f);

    gmemset(&d, 0, sizeof(d));
    gmemset(&back, 0, sizeof(back));
    d.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, &back);
    CHECK_RC(domctl(&d, XEN_DOMCTL_getvcpucontext, dom), 0, "getvcpucontext");
    CHECK(back.user_regs.rip == 0x400000 && back.user_regs.rsp == 0x402000,
          "context read back: rip %lx rsp %lx", back.user_regs.rip,
          back.user_regs.rsp);
    CHECK((back.user_regs.cs & ~3UL) == (FLAT_KERNEL_CS & ~3U) &&
              (back.flags & VGCF_online) && back.ctrlreg[3] != 0,
          "context: cs %x flags %lx cr3 %lx", back.user_regs.cs, back.flags,
          back.ctrlreg[3]);

    test_interdomain(dom);
    /* getdomaininfo of a free id answers for the next domain up (libxc's
     * xc_domain_getinfo iterates so); past the last one -ESRCH. */
    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_getdomaininfo, 1), 0,
             "getdomaininfo from d1");
    CHECK(d.domain == dom && d.u.getdomaininfo.domain == dom,
          "getdomaininfo from d1 gave d%u (%u), not d%u", d.domain,
          d.u.getdomaininfo.domain, dom);
    gmemset(&d, 0, sizeof(d));
    guest_expect(domctl(&d, XEN_DOMCTL_getdomaininfo, dom + 1), -XEN_ESRCH,
                 "getdomaininfo past the last domain");
    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_unpausedomain, dom), 0, "unpause");
    f = dom_flags(dom);
    CHECK(!(f & XEN_DOMINF_paused), "flags %x after unpause", f);
    gmemset(&d, 0, sizeof(d));
    d.u.settimeoffset.time_offset_seconds = 3600;
    guest_expect(domctl(&d, XEN_DOMCTL_settimeoffset, dom), 0, "settimeoffset");
    gmemset(&d, 0, sizeof(d));
    d.u.max_mem.max_memkb = 2048;
    guest_expect(domctl(&d, XEN_DOMCTL_max_mem, dom), 0, "max_mem 2 MiB");
    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_pausedomain, dom), 0, "pause");
    CHECK(dom_flags(dom) & XEN_DOMINF_paused, "not paused after pause");
    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_destroydomain, dom), 0, "destroy");
    gmemset(&d, 0, sizeof(d));
    guest_expect(domctl(&d, XEN_DOMCTL_unpausedomain, dom), -XEN_ESRCH,
                 "unpause a destroyed domain");
    guest_ok("domU d%u: created paused, context round trip, unpaused, "
             "paused, destroyed",
             dom);
}
