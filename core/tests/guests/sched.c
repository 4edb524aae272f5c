/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched: the credit scheduler seen from dom0 through domctl and sysctl
 * (interface version 0x15).  Boot the hypervisor with sched=credit.
 *
 * sysctl sched_id and credit tslice/ratelimit get/put (with bad values
 * refused), domctl scheduler_op get/put of dom0's weight and cap, then a
 * cap of 50 on dom0 itself: its only online vCPU spins and its running
 * time (VCPUOP_get_runstate_info) must stay near half the elapsed system
 * time, against an uncapped baseline near all of it.  Last, weights:
 * a spinning PV domU built here through domctl (weight 512) and dom0
 * (weight 256) pinned to one physical CPU must share it about 2:1.
 * Run on a single physical CPU: credit hands out the credit of every
 * pCPU in the pool, so with a second, idle pCPU both vCPUs stay UNDER
 * and merely alternate (Xen 4.17 then gives 50:50).
 */
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"

const char guest_name[] = "sched";

static long do_domctl(struct xen_domctl *d)
{
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_domctl, d, 0, 0, 0, 0);
}

static long do_sysctl(struct xen_sysctl *s)
{
    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_sysctl, s, 0, 0, 0, 0);
}

static long credit_params(domid_t dom, uint32_t cmd, uint16_t *weight,
                          uint16_t *cap, uint32_t sched_id)
{
    struct xen_domctl d;
    long rc;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_scheduler_op;
    d.domain = dom;
    d.u.scheduler_op.sched_id = sched_id;
    d.u.scheduler_op.cmd = cmd;
    d.u.scheduler_op.u.credit.weight = *weight;
    d.u.scheduler_op.u.credit.cap = *cap;
    rc = do_domctl(&d);
    *weight = d.u.scheduler_op.u.credit.weight;
    *cap = d.u.scheduler_op.u.credit.cap;
    return rc;
}

static long sys_credit(uint32_t cmd, struct xen_sysctl_credit_schedule *p)
{
    struct xen_sysctl s;
    long rc;

    gmemset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_scheduler_op;
    s.u.scheduler_op.cpupool_id = 0;
    s.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    s.u.scheduler_op.cmd = cmd;
    s.u.scheduler_op.u.sched_credit = *p;
    rc = do_sysctl(&s);
    *p = s.u.scheduler_op.u.sched_credit;
    return rc;
}

static void test_sysctl(void)
{
    struct xen_sysctl s;
    struct xen_sysctl_credit_schedule p = { 0 }, orig, bad;

    gmemset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_sched_id;
    CHECK_RC(do_sysctl(&s), 0, "sysctl sched_id");
    CHECK(s.u.sched_id.sched_id == XEN_SCHEDULER_CREDIT,
          "scheduler %u, expected credit (%u): boot with sched=credit",
          s.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT);
    s.interface_version = 0x14;
    s.cmd = XEN_SYSCTL_sched_id;
    CHECK_RC(HC(__HYPERVISOR_sysctl, &s, 0, 0, 0, 0), -XEN_EACCES,
             "sysctl with interface version 0x14");

    CHECK_RC(sys_credit(XEN_SYSCTL_SCHEDOP_getinfo, &p), 0, "credit getinfo");
    CHECK(p.tslice_ms == 30 && p.ratelimit_us == 1000,
          "credit defaults tslice %u ms ratelimit %u us", p.tslice_ms,
          p.ratelimit_us);
    orig = p;
    p.tslice_ms = 10;
    p.ratelimit_us = 500;
    CHECK_RC(sys_credit(XEN_SYSCTL_SCHEDOP_putinfo, &p), 0, "credit putinfo");
    CHECK(p.tslice_ms == 10 && p.ratelimit_us == 500,
          "putinfo read back %u ms / %u us", p.tslice_ms, p.ratelimit_us);
    bad = orig;
    bad.tslice_ms = 0;
    guest_expect(sys_credit(XEN_SYSCTL_SCHEDOP_putinfo, &bad), -XEN_EINVAL,
                 "tslice 0 ms");
    bad = orig;
    bad.ratelimit_us = 50;
    guest_expect(sys_credit(XEN_SYSCTL_SCHEDOP_putinfo, &bad), -XEN_EINVAL,
                 "ratelimit 50 us (below the minimum)");
    bad = orig;
    bad.tslice_ms = 1;
    bad.ratelimit_us = 2000;
    guest_expect(sys_credit(XEN_SYSCTL_SCHEDOP_putinfo, &bad), -XEN_EINVAL,
                 "ratelimit longer than the time slice");
    CHECK_RC(sys_credit(XEN_SYSCTL_SCHEDOP_putinfo, &orig), 0,
             "restore credit parameters");
    guest_ok("sched_id credit, tslice/ratelimit get/put, bad values refused");
}

static void test_domctl_params(void)
{
    uint16_t w = 0, c = 0;
    struct xen_domctl d;

    CHECK_RC(credit_params(0, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c,
                           XEN_SCHEDULER_CREDIT),
             0, "domctl credit getinfo");
    CHECK(w == 256 && c == 0, "dom0 weight %u cap %u, expected 256/0", w, c);
    w = 0;
    c = 0;
    guest_expect(credit_params(0, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c,
                               XEN_SCHEDULER_CREDIT2),
                 -XEN_EINVAL, "scheduler_op naming the wrong scheduler");
    w = 0;
    c = 0;
    guest_expect(credit_params(0x7fe0, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c,
                               XEN_SCHEDULER_CREDIT),
                 -XEN_ESRCH, "scheduler_op on a domain that does not exist");
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = 0;
    CHECK_RC(do_domctl(&d), 0, "getdomaininfo dom0");
    CHECK(d.u.getdomaininfo.domain == 0 &&
              d.u.getdomaininfo.nr_online_vcpus == 1 &&
              d.u.getdomaininfo.tot_pages == start_info->nr_pages,
          "getdomaininfo: dom %u, %u vcpus online, %lu pages",
          d.u.getdomaininfo.domain, d.u.getdomaininfo.nr_online_vcpus,
          d.u.getdomaininfo.tot_pages);
    d.interface_version = 0x14;
    CHECK_RC(HC(__HYPERVISOR_domctl, &d, 0, 0, 0, 0), -XEN_EACCES,
             "domctl with interface version 0x14");
    guest_ok("dom0 credit weight 256 cap 0; getdomaininfo; errors");
}

/* Spin for ns of system time; return vCPU 0's share of it running, in %. */
static unsigned int running_share(uint64_t ns)
{
    vcpu_runstate_info_t a, b;
    uint64_t t0, t1;

    CHECK_RC(hc_vcpu_op(VCPUOP_get_runstate_info, 0, &a), 0, "runstate");
    t0 = guest_now_ns();
    while (guest_now_ns() - t0 < ns)
        ;
    CHECK_RC(hc_vcpu_op(VCPUOP_get_runstate_info, 0, &b), 0, "runstate");
    t1 = guest_now_ns();
    return (
        unsigned int)((b.time[RUNSTATE_running] - a.time[RUNSTATE_running]) *
                      100 / (t1 - t0));
}

static void test_cap(void)
{
    uint16_t w = 0, c = 50;
    unsigned int free_share, capped;

    free_share = running_share(1000000000UL);
    CHECK(free_share >= 80, "uncapped vcpu ran only %u%% of the time",
          free_share);
    CHECK_RC(credit_params(0, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c,
                           XEN_SCHEDULER_CREDIT),
             0, "set cap 50 on dom0");
    w = 0;
    c = 0;
    CHECK_RC(credit_params(0, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c,
                           XEN_SCHEDULER_CREDIT),
             0, "read cap back");
    CHECK(w == 256 && c == 50, "after putinfo weight %u cap %u", w, c);
    running_share(200000000UL); /* let the cap take hold */
    capped = running_share(2000000000UL);
    /*
     * The cap is an upper bound.  On a loaded TCG host the cap's parking
     * periods stretch, so only require that the vCPU still ran.
     */
    CHECK(capped >= 10 && capped <= 60,
          "capped at 50%% the vcpu ran %u%% of the time", capped);
    w = 0;
    c = 0;
    CHECK_RC(credit_params(0, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c,
                           XEN_SCHEDULER_CREDIT),
             0, "remove cap");
    guest_ok("uncapped %u%%, capped at 50: %u%% of system time running",
             free_share, capped);
}

/* Pin a vCPU to the physical CPUs in mask (hard affinity). */
static long pin(domid_t dom, uint32_t vcpu, uint8_t mask)
{
    struct xen_domctl d;
    uint8_t hard = mask;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_setvcpuaffinity;
    d.domain = dom;
    d.u.vcpuaffinity.vcpu = vcpu;
    d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, &hard);
    d.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
    return do_domctl(&d);
}

static uint64_t vcpu_time(domid_t dom)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getvcpuinfo;
    d.domain = dom;
    CHECK_RC(do_domctl(&d), 0, "getvcpuinfo");
    return d.u.getvcpuinfo.cpu_time;
}

static void test_weights(void)
{
    uint16_t w = 512, c = 0xffff;
    struct xen_domctl d;
    domid_t dom;
    uint64_t u0, u1, t0, t1;
    unsigned int share0, shareu;

    CHECK_RC(domu_start_spinner(&dom), 0, "build a domU");
    CHECK(dom != 0, "domU got id 0");
    CHECK_RC(credit_params(dom, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c,
                           XEN_SCHEDULER_CREDIT),
             0, "domU weight 512");
    CHECK_RC(pin(0, 0, 1), 0, "pin dom0 vcpu 0 to cpu 0");
    CHECK_RC(pin(dom, 0, 1), 0, "pin domU vcpu 0 to cpu 0");
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_unpausedomain;
    d.domain = dom;
    CHECK_RC(do_domctl(&d), 0, "unpause domU");
    running_share(300000000UL); /* settle */
    u0 = vcpu_time(dom);
    t0 = guest_now_ns();
    share0 = running_share(3000000000UL);
    u1 = vcpu_time(dom);
    t1 = guest_now_ns();
    shareu = (unsigned int)((u1 - u0) * 100 / (t1 - t0));
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = dom;
    CHECK_RC(do_domctl(&d), 0, "getdomaininfo domU");
    /* Runnable (dom0 holds the shared CPU right now), not blocked. */
    CHECK(d.u.getdomaininfo.domain == dom &&
              !(d.u.getdomaininfo.flags &
                (XEN_DOMINF_paused | XEN_DOMINF_blocked | XEN_DOMINF_dying |
                 XEN_DOMINF_shutdown)),
          "domU %u flags %x", d.u.getdomaininfo.domain,
          d.u.getdomaininfo.flags);
    CHECK_RC(domu_destroy(dom), 0, "destroy domU");
    CHECK_RC(pin(0, 0, 0xff), 0, "unpin dom0 vcpu 0");
    CHECK(shareu > 0, "domU never ran");
    CHECK(share0 >= 15 && share0 <= 45,
          "dom0 (weight 256) got %u%% of a CPU shared with a weight-512 "
          "domU (%u%%)",
          share0, shareu);
    CHECK(shareu * 10 >= share0 * 14 && shareu * 10 <= share0 * 35,
          "weights 256:512 gave dom0 %u%%, domU %u%%", share0, shareu);
    guest_ok("weights 256:512 on one CPU: dom0 %u%%, domU d%u %u%%", share0,
             dom, shareu);
}

void test_main(void)
{
    guest_install_traps();
    test_sysctl();
    test_domctl_params();
    test_cap();
    test_weights();
}
