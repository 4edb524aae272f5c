/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smp: bringing up every possible vCPU of dom0.
 *
 * For each vCPU: VCPUOP_is_up, a runstate area and a vcpu_info registered
 * while it is still offline (runstate must say offline), VCPUOP_initialise
 * with a full vcpu_guest_context and VCPUOP_up.  Each vCPU reports in and
 * answers IPIs (EVTCHNOP_bind_ipi) delivered through its registered
 * vcpu_info; VCPUOP_down takes it offline (is_up 0, runstate offline, no
 * answers) and VCPUOP_up brings it back.  vCPU 0 also moves its own
 * vcpu_info and checks time and events follow it.  Bad vcpu_op requests
 * are refused with Xen 4.17's errors.
 */
#include "guest.h"

const char guest_name[] = "smp";

static uint8_t stacks[GUEST_MAX_VCPUS][GUEST_STACK_SIZE]
    __attribute__((aligned(GUEST_STACK_SIZE)));
static uint8_t vcpu_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static vcpu_runstate_info_t runstate[GUEST_MAX_VCPUS];
static vcpu_guest_context_t ctxt;
static evtchn_port_t ipi_port[GUEST_MAX_VCPUS], ack_port[GUEST_MAX_VCPUS];
static volatile unsigned int reported[GUEST_MAX_VCPUS];
static volatile unsigned int ipis[GUEST_MAX_VCPUS], acks[GUEST_MAX_VCPUS];
static unsigned int nr_vcpus;

extern char entry_event[], entry_failsafe[];

static void on_ipi(evtchn_port_t port)
{
    unsigned int me = guest_vcpu_id();

    CHECK(port == ipi_port[me], "vcpu %u got port %u, its IPI port is %u", me,
          port, ipi_port[me]);
    ipis[me]++;
    evtchn_send(ack_port[me]);
}

static void on_ack(evtchn_port_t port)
{
    for (unsigned int v = 1; v < nr_vcpus; v++) {
        if (ack_port[v] == port)
            acks[v]++;
    }
}

/* Secondary vCPUs start here, on their own stack, with rdi = vCPU id. */
static void ap_main(unsigned int me) __attribute__((used, noreturn));
static void ap_main(unsigned int me)
{
    vcpu_info_t *vi = guest_vcpu_info(me);

    CHECK(guest_vcpu_id() == me, "vcpu %u runs on the stack of %u", me,
          guest_vcpu_id());
    guest_install_traps();
    gprintf("smp: vcpu %u online\n", me);
    reported[me] = 1;
    for (;;) {
        /*
         * Sleep until an event is pending.  Unmasking alone delivers
         * nothing: a pending upcall needs a trip through the hypervisor,
         * which SCHEDOP_block (or any hypercall) provides.
         */
        vi->evtchn_upcall_mask = 1;
        barrier();
        if (!vi->evtchn_upcall_pending) {
            hc_sched_op(SCHEDOP_block, NULL);
        } else {
            vi->evtchn_upcall_mask = 0;
            barrier();
            hc_xen_version(XENVER_version, NULL);
        }
    }
}

static unsigned int count_vcpus(void)
{
    unsigned int n = 0;

    while (n < GUEST_MAX_VCPUS && hc_vcpu_op(VCPUOP_is_up, n, NULL) >= 0)
        n++;
    CHECK(n >= 1, "VCPUOP_is_up fails for vcpu 0");
    CHECK_RC(hc_vcpu_op(VCPUOP_is_up, n, NULL), -XEN_ENOENT,
             "is_up beyond the last vcpu");
    return n;
}

static void register_areas(unsigned int v)
{
    struct vcpu_register_runstate_memory_area ra;
    struct vcpu_register_vcpu_info ri = {
        .mfn = virt_to_mfn(vcpu_info_page),
        .offset = v * sizeof(vcpu_info_t),
    };

    ra.addr.v = &runstate[v];
    CHECK_RC(hc_vcpu_op(VCPUOP_register_runstate_memory_area, v, &ra), 0,
             "register runstate area");
    CHECK_RC(hc_vcpu_op(VCPUOP_register_vcpu_info, v, &ri), 0,
             "register_vcpu_info");
    guest_set_vcpu_info(v, (vcpu_info_t *)(vcpu_info_page + ri.offset));
    CHECK_RC(hc_vcpu_op(VCPUOP_register_vcpu_info, v, &ri), -XEN_EINVAL,
             "register_vcpu_info twice");
}

static int all_reported(void)
{
    for (unsigned int v = 1; v < nr_vcpus; v++) {
        if (!reported[v])
            return 0;
    }
    return 1;
}

static void start_vcpu(unsigned int v)
{
    struct evtchn_bind_ipi bi = { .vcpu = v };

    CHECK_RC(hc_vcpu_op(VCPUOP_is_up, v, NULL), 0, "is_up before start");
    register_areas(v);
    CHECK(runstate[v].state == RUNSTATE_offline,
          "vcpu %u runstate %d before up, expected offline", v,
          runstate[v].state);
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_ipi, &bi), 0, "bind_ipi");
    ipi_port[v] = bi.port;
    evtchn_set_handler_vcpu(bi.port, on_ipi, v);
    bi.vcpu = 0;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_ipi, &bi), 0, "bind_ipi ack");
    ack_port[v] = bi.port;
    evtchn_set_handler(bi.port, on_ack);

    gmemset(&ctxt, 0, sizeof(ctxt));
    *(uint64_t *)stacks[v] = v;
    ctxt.flags = VGCF_in_kernel;
    ctxt.user_regs.rip = (uint64_t)ap_main;
    ctxt.user_regs.rsp = (uint64_t)(stacks[v] + GUEST_STACK_SIZE - 8);
    ctxt.user_regs.rdi = v;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = 0x1000; /* IOPL 1, events via upcall mask */
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn((void *)start_info->pt_base));
    ctxt.event_callback_eip = (uint64_t)entry_event;
    ctxt.failsafe_callback_eip = (uint64_t)entry_failsafe;
    CHECK_RC(hc_vcpu_op(VCPUOP_initialise, v, &ctxt), 0, "VCPUOP_initialise");
    CHECK_RC(hc_vcpu_op(VCPUOP_initialise, v, &ctxt), -XEN_EEXIST,
             "VCPUOP_initialise twice");
    CHECK_RC(hc_vcpu_op(VCPUOP_up, v, NULL), 0, "VCPUOP_up");
    CHECK_RC(hc_vcpu_op(VCPUOP_is_up, v, NULL), 1, "is_up after up");
}

static unsigned int want_round;

/* Every secondary vCPU has handled and acknowledged want_round IPIs. */
static int acks_match(void)
{
    for (unsigned int v = 1; v < nr_vcpus; v++) {
        if (acks[v] < want_round || ipis[v] < want_round)
            return 0;
    }
    return 1;
}

static void ping_all(unsigned int round)
{
    for (unsigned int v = 1; v < nr_vcpus; v++)
        CHECK_RC(evtchn_send(ipi_port[v]), 0, "send IPI");
    want_round = round;
    CHECK(wait_until(acks_match, 5000000000UL) == 0,
          "round %u: not every vcpu answered its IPI", round);
    for (unsigned int v = 1; v < nr_vcpus; v++)
        CHECK(ipis[v] == round, "vcpu %u saw %u IPIs in round %u", v, ipis[v],
              round);
}

static volatile unsigned int moved_hits, moved_on;

static void on_moved(evtchn_port_t port)
{
    (void)port;
    moved_on = guest_vcpu_id();
    moved_hits++;
}

static int moved_seen(void)
{
    return moved_hits > 0;
}

/* EVTCHNOP_bind_vcpu: a loopback port moved to vCPU 1 is delivered there. */
static void test_bind_vcpu(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_bind_vcpu bv;
    struct evtchn_status st;

    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0, "alloc_unbound");
    bi.remote_port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind_interdomain");
    evtchn_clear(bi.local_port); /* the bind-time notification */
    bv.port = au.port;
    bv.vcpu = 1;
    evtchn_set_handler_vcpu(au.port, on_moved, 1);
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_vcpu, &bv), 0, "bind_vcpu to 1");
    st.dom = DOMID_SELF;
    st.port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, &st), 0, "status");
    CHECK(st.vcpu == 1, "port %u notifies vcpu %u after bind_vcpu", au.port,
          st.vcpu);
    CHECK_RC(evtchn_send(bi.local_port), 0, "send to the moved port");
    CHECK(wait_until(moved_seen, 5000000000UL) == 0,
          "moved port never delivered");
    CHECK(moved_on == 1, "moved port handled on vcpu %u", moved_on);
    bv.vcpu = 200;
    guest_expect(hc_evtchn_op(EVTCHNOP_bind_vcpu, &bv), -XEN_ENOENT,
                 "bind_vcpu to a missing vcpu");
    CHECK_RC(evtchn_close(bi.local_port), 0, "close");
    CHECK_RC(evtchn_close(au.port), 0, "close");
    guest_ok("bind_vcpu moves a port's delivery to vcpu 1");
}

static void test_own_vcpu_info(void)
{
    vcpu_info_t *old = &shared->vcpu_info[0];
    uint32_t old_ver;
    uint64_t t0;

    register_areas(0);
    CHECK(runstate[0].state == RUNSTATE_running, "own runstate %d",
          runstate[0].state);
    old_ver = old->time.version;
    t0 = guest_now_ns();
    CHECK(guest_vcpu_info(0)->time.tsc_to_system_mul != 0,
          "moved vcpu_info has no time");
    for (int i = 0; i < 3; i++)
        hc_sched_op(SCHEDOP_yield, NULL);
    CHECK(guest_now_ns() >= t0, "time from moved vcpu_info went back");
    CHECK(old->time.version == old_ver,
          "hypervisor still updates the old vcpu_info copy");
    guest_ok("vcpu 0 vcpu_info moved to mfn %lx; old copy left alone",
             virt_to_mfn(vcpu_info_page));
}

/*
 * Refusals on the last vCPU while it is still down: bringing it up
 * uninitialised, a context with a non-canonical RIP, a vcpu_info that
 * would cross its page, and a vCPU id out of range.
 */
static void test_refusals(void)
{
    unsigned int v = nr_vcpus - 1;
    struct vcpu_register_vcpu_info ri = {
        .mfn = virt_to_mfn(vcpu_info_page),
        .offset = PAGE_SIZE - 32,
    };

    guest_expect(hc_vcpu_op(VCPUOP_up, v, NULL), -XEN_EINVAL,
                 "VCPUOP_up before VCPUOP_initialise");
    gmemset(&ctxt, 0, sizeof(ctxt));
    ctxt.flags = VGCF_in_kernel;
    ctxt.user_regs.rip = 0x8000000000000000UL;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn((void *)start_info->pt_base));
    guest_expect(hc_vcpu_op(VCPUOP_initialise, v, &ctxt), -XEN_EINVAL,
                 "VCPUOP_initialise with a non-canonical rip");
    /* (Xen 4.17 does not check rsvd, so that is not tested.) */
    guest_expect(hc_vcpu_op(VCPUOP_register_vcpu_info, v, &ri), -XEN_ENXIO,
                 "register_vcpu_info crossing the page end");
    guest_expect(hc_vcpu_op(VCPUOP_initialise, GUEST_MAX_VCPUS + 100, &ctxt),
                 -XEN_ENOENT, "VCPUOP_initialise of a missing vcpu");
    guest_expect(hc_vcpu_op(99, 0, NULL), -XEN_ENOSYS, "unknown vcpu_op");
}

void test_main(void)
{
    guest_install_traps();
    nr_vcpus = count_vcpus();
    CHECK(nr_vcpus >= 2, "only %u vcpu(s); run with -smp 2 or more", nr_vcpus);
    guest_ok("%u possible vcpus", nr_vcpus);
    test_own_vcpu_info();
    test_refusals();
    events_init();

    for (unsigned int v = 1; v < nr_vcpus; v++)
        start_vcpu(v);
    CHECK(wait_until(all_reported, 5000000000UL) == 0,
          "not every vcpu reported in");
    guest_ok("%u secondary vcpus initialised, up and reporting", nr_vcpus - 1);

    ping_all(1);
    ping_all(2);
    guest_ok("IPIs reach every vcpu through its registered vcpu_info");
    test_bind_vcpu();

    for (unsigned int v = 1; v < nr_vcpus; v++) {
        CHECK_RC(hc_vcpu_op(VCPUOP_down, v, NULL), 0, "VCPUOP_down");
        CHECK_RC(hc_vcpu_op(VCPUOP_is_up, v, NULL), 0, "is_up after down");
    }
    for (unsigned int v = 1; v < nr_vcpus; v++) {
        /*
         * Xen 4.17 leaves a vCPU that was blocked when taken down in the
         * blocked state (only a runnable one turns offline); running or
         * runnable would be wrong.
         */
        CHECK(runstate[v].state == RUNSTATE_offline ||
                  runstate[v].state == RUNSTATE_blocked,
              "vcpu %u runstate %d after down", v, runstate[v].state);
        CHECK(runstate[v].time[RUNSTATE_running] > 0,
              "vcpu %u never accounted running time", v);
        CHECK_RC(evtchn_send(ipi_port[v]), 0, "IPI to an offline vcpu");
    }
    {
        uint64_t end = guest_now_ns() + 20000000;
        while (guest_now_ns() < end)
            hc_sched_op(SCHEDOP_yield, NULL);
    }
    for (unsigned int v = 1; v < nr_vcpus; v++)
        CHECK(ipis[v] == 2, "offline vcpu %u handled an IPI", v);
    for (unsigned int v = 1; v < nr_vcpus; v++)
        CHECK_RC(hc_vcpu_op(VCPUOP_up, v, NULL), 0, "VCPUOP_up again");
    /* The IPI sent while offline is delivered once the vcpu runs again. */
    want_round = 3;
    CHECK(wait_until(acks_match, 5000000000UL) == 0,
          "vcpus did not answer the IPI queued while they were down");
    ping_all(4);
    guest_ok("down/up: offline vcpus stay silent, then resume and answer");
}
