/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smp_scale: a PV guest with hundreds of vCPUs (dom0 booted with
 * dom0_max_vcpus=512 on an 8-CPU host).  vCPUs 32 and up have no slot in
 * shared_info, so each gets a vcpu_info registered in pages of the guest
 * before VCPUOP_initialise (Xen refuses to initialise them otherwise).
 * Every secondary vCPU is initialised and brought up, checks in and takes
 * itself down (VCPUOP_down on itself); once all are down, vCPU 0 checks
 * each one's runstate (offline), brings them all up
 * again for a second round, and checks getdomaininfo's vCPU count.
 */
#include "guest.h"
#include "public/domctl.h"

const char guest_name[] = "smp_scale";

#define SCALE_MAX_VCPUS  512
#define VI_PER_PAGE      (PAGE_SIZE / sizeof(vcpu_info_t))
#define SCALE_STACK_SIZE GUEST_STACK_SIZE

static uint8_t stacks[SCALE_MAX_VCPUS][SCALE_STACK_SIZE]
    __attribute__((aligned(SCALE_STACK_SIZE)));
static uint8_t vi_pages[SCALE_MAX_VCPUS / VI_PER_PAGE][PAGE_SIZE]
    __attribute__((aligned(PAGE_SIZE)));
static volatile unsigned int checkins[SCALE_MAX_VCPUS];
static volatile unsigned int total;
static vcpu_guest_context_t ctxt;
static unsigned int nr_vcpus;

extern char entry_event[], entry_failsafe[];

/* Secondary vCPUs: check in, go down; VCPUOP_up resumes them here. */
static void ap_main(unsigned int me) __attribute__((used, noreturn));
static void ap_main(unsigned int me)
{
    for (;;) {
        checkins[me]++;
        __atomic_fetch_add(&total, 1, __ATOMIC_SEQ_CST);
        hc_vcpu_op(VCPUOP_down, me, NULL);
    }
}

static unsigned int count_vcpus(void)
{
    unsigned int n = 0;

    while (n < SCALE_MAX_VCPUS && hc_vcpu_op(VCPUOP_is_up, n, NULL) >= 0)
        n++;
    return n;
}

static void start_vcpu(unsigned int v)
{
    struct vcpu_register_vcpu_info ri = {
        .mfn = virt_to_mfn(vi_pages[v / VI_PER_PAGE]),
        .offset = (uint32_t)((v % VI_PER_PAGE) * sizeof(vcpu_info_t)),
    };

    CHECK_RC(hc_vcpu_op(VCPUOP_register_vcpu_info, v, &ri), 0,
             "register_vcpu_info");
    gmemset(&ctxt, 0, sizeof(ctxt));
    *(uint64_t *)stacks[v] = v;
    ctxt.flags = VGCF_in_kernel;
    ctxt.user_regs.rip = (uint64_t)ap_main;
    ctxt.user_regs.rsp = (uint64_t)(stacks[v] + SCALE_STACK_SIZE - 8);
    ctxt.user_regs.rdi = v;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = 0x1000;
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn((void *)start_info->pt_base));
    ctxt.event_callback_eip = (uint64_t)entry_event;
    ctxt.failsafe_callback_eip = (uint64_t)entry_failsafe;
    CHECK_RC(hc_vcpu_op(VCPUOP_initialise, v, &ctxt), 0, "VCPUOP_initialise");
    CHECK_RC(hc_vcpu_op(VCPUOP_up, v, NULL), 0, "VCPUOP_up");
}

static unsigned int want_total;

static int all_checked_in(void)
{
    return __atomic_load_n(&total, __ATOMIC_SEQ_CST) >= want_total;
}

/* Down and off its pCPU: a vCPU that took itself down is "running"
 * until the scheduler has switched away from it. */
static int all_down(void)
{
    for (unsigned int v = 1; v < nr_vcpus; v++) {
        vcpu_runstate_info_t rs;

        if (hc_vcpu_op(VCPUOP_is_up, v, NULL) != 0 ||
            hc_vcpu_op(VCPUOP_get_runstate_info, v, &rs) != 0 ||
            rs.state != RUNSTATE_offline)
            return 0;
    }
    return 1;
}

/* Wait for round r: every secondary vCPU checked in r times and down. */
static void finish_round(unsigned int r, uint64_t t0)
{
    want_total = r * (nr_vcpus - 1);
    CHECK(wait_until(all_checked_in, 120000000000UL) == 0,
          "round %u: %u of %u check-ins", r, total, want_total);
    CHECK(wait_until(all_down, 60000000000UL) == 0,
          "round %u: not every vcpu went down", r);
    for (unsigned int v = 1; v < nr_vcpus; v++) {
        vcpu_runstate_info_t rs;

        CHECK(checkins[v] == r, "vcpu %u checked in %u times in round %u", v,
              checkins[v], r);
        CHECK_RC(hc_vcpu_op(VCPUOP_get_runstate_info, v, &rs), 0,
                 "get_runstate_info");
        CHECK(rs.state == RUNSTATE_offline,
              "vcpu %u runstate %d after going down", v, rs.state);
    }
    guest_ok("round %u: %u vcpus came up, checked in and went down in %lu ms",
             r, nr_vcpus - 1, (guest_mono_ns() - t0) / 1000000);
}

void test_main(void)
{
    struct xen_domctl d;
    uint64_t t0;

    guest_install_traps();
    events_init(); /* wait_until() sleeps on VIRQ_TIMER */
    nr_vcpus = count_vcpus();
    CHECK(nr_vcpus >= 2, "only %u vcpu(s)", nr_vcpus);
    guest_ok("%u possible vcpus", nr_vcpus);

    t0 = guest_mono_ns();
    for (unsigned int v = 1; v < nr_vcpus; v++)
        start_vcpu(v);
    finish_round(1, t0);

    t0 = guest_mono_ns();
    for (unsigned int v = 1; v < nr_vcpus; v++)
        CHECK_RC(hc_vcpu_op(VCPUOP_up, v, NULL), 0, "VCPUOP_up again");
    finish_round(2, t0);

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = 0;
    CHECK_RC(guest_domctl(&d), 0, "getdomaininfo of dom0");
    CHECK(d.u.getdomaininfo.max_vcpu_id == nr_vcpus - 1,
          "getdomaininfo max_vcpu_id %u, expected %u",
          d.u.getdomaininfo.max_vcpu_id, nr_vcpus - 1);
    CHECK(d.u.getdomaininfo.nr_online_vcpus == 1,
          "getdomaininfo: %u vcpus online, expected 1",
          d.u.getdomaininfo.nr_online_vcpus);
    guest_ok("getdomaininfo: max_vcpu_id %u, 1 online",
             d.u.getdomaininfo.max_vcpu_id);
}
