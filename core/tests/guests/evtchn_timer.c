/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn_timer: event channels and timers on vCPU 0.
 *
 * The upcall registered with set_callbacks; VIRQ_TIMER with the default
 * 10 ms periodic timer, stop/set_periodic_timer, single-shot timers (a
 * future deadline, deadlines in the past that must fire at once, with or
 * without VCPU_SSHOTTMR_future, which Xen 4.17 ignores; stop), and
 * set_timer_op; SCHEDOP_block waking on an event; a loopback channel
 * (alloc_unbound + bind_interdomain to itself, the bind-time pending
 * event, send both ways, status, close); EVTCHNOP_unmask delivering a
 * pending event; SCHEDOP_poll on a masked port and with a timeout; bad
 * arguments refused with Xen 4.17's errors; monotonic vcpu time and a
 * plausible wall clock.
 */
#include "guest.h"

const char guest_name[] = "evtchn_timer";

static evtchn_port_t timer_port;
static volatile unsigned int timer_hits, port_hits[EVTCHN_2L_NR_CHANNELS];

static void count_port(evtchn_port_t port)
{
    port_hits[port]++;
    if (port == timer_port)
        timer_hits++;
}

/* Find the port the runtime bound to VIRQ_TIMER and count its events. */
static void find_timer_port(void)
{
    for (evtchn_port_t p = 1; p < 64; p++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = p };
        if (hc_evtchn_op(EVTCHNOP_status, &st) == 0 &&
            st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER) {
            CHECK(st.vcpu == 0, "timer port on vcpu %u", st.vcpu);
            timer_port = p;
            evtchn_set_handler(p, count_port);
            return;
        }
    }
    guest_fail("no port bound to VIRQ_TIMER");
}

static void busy_wait(uint64_t ns)
{
    uint64_t end = guest_now_ns() + ns;
    while (guest_now_ns() < end)
        ;
}

/* Spin (events enabled) until timer_hits reaches want. */
static void wait_ticks(unsigned int want, uint64_t max_ns, const char *what)
{
    uint64_t end = guest_now_ns() + max_ns;

    while (timer_hits < want) {
        CHECK(guest_now_ns() < end, "%s: only %u ticks in %lu ms", what,
              timer_hits, max_ns / 1000000);
        hc_sched_op(SCHEDOP_yield, NULL);
    }
}

/*
 * Block until the timer has fired since timer_hits was `before`; returns
 * the elapsed ns.  Events are masked between the check and the block, so
 * a wake-up cannot be lost.
 */
static uint64_t block_for_timer(unsigned int before, uint64_t max_ns)
{
    uint64_t start = guest_now_ns();

    while (timer_hits == before) {
        CHECK(guest_now_ns() - start < max_ns, "timer did not fire in %lu ns",
              max_ns);
        shared->vcpu_info[0].evtchn_upcall_mask = 1;
        barrier();
        if (timer_hits != before) {
            shared->vcpu_info[0].evtchn_upcall_mask = 0;
            break;
        }
        hc_sched_op(SCHEDOP_block, NULL);
    }
    return guest_now_ns() - start;
}

static void test_timers(void)
{
    struct vcpu_set_singleshot_timer t = { 0 };
    uint64_t now, took;
    struct vcpu_set_periodic_timer per = { .period_ns = 2000000 };
    unsigned int before, ticks;
    uint64_t t0, elapsed;

    /*
     * A PV vCPU starts with a 10 ms periodic timer.  Under TCG on a loaded
     * host ticks can be coalesced, so count ticks against elapsed time:
     * at least a few must arrive, and never more than the period allows.
     */
    before = timer_hits;
    t0 = guest_now_ns();
    wait_ticks(before + 3, 2000000000UL, "default periodic timer");
    ticks = timer_hits - before;
    elapsed = guest_now_ns() - t0;
    CHECK(ticks <= elapsed / 10000000 + 2,
          "default periodic timer: %u ticks in %lu us, faster than 10 ms",
          ticks, elapsed / 1000);
    CHECK_RC(hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");
    busy_wait(2000000);
    before = timer_hits;
    busy_wait(50000000);
    CHECK(timer_hits == before, "periodic timer ticks after stop");
    CHECK_RC(hc_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), 0,
             "set_periodic_timer 2ms");
    before = timer_hits;
    t0 = guest_now_ns();
    wait_ticks(before + 10, 2000000000UL, "2ms periodic timer");
    ticks = timer_hits - before;
    elapsed = guest_now_ns() - t0;
    CHECK(ticks <= elapsed / 2000000 + 2,
          "2ms periodic timer: %u ticks in %lu us", ticks, elapsed / 1000);
    CHECK_RC(hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");
    guest_ok("periodic timer: default on, stop, 2ms period: %u ticks in %lu us",
             ticks, elapsed / 1000);
    busy_wait(3000000);

    before = timer_hits;
    now = guest_now_ns();
    t.timeout_abs_ns = now + 5000000;
    CHECK_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t), 0,
             "set_singleshot_timer +5ms");
    took = block_for_timer(before, 2000000000UL);
    CHECK(guest_now_ns() >= t.timeout_abs_ns, "woke %lu ns before deadline",
          t.timeout_abs_ns - guest_now_ns());
    guest_ok("single-shot timer +5ms fired after %lu us", took / 1000);

    before = timer_hits;
    t.timeout_abs_ns = guest_now_ns() - 1000000;
    CHECK_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t), 0,
             "set_singleshot_timer in the past");
    took = block_for_timer(before, 1000000000UL);
    guest_ok("past deadline fired after %lu us", took / 1000);

    /*
     * Xen 4.17 ignores VCPU_SSHOTTMR_future: a past deadline is accepted
     * and fires at once whatever the flags say (Linux relies on it firing).
     */
    before = timer_hits;
    t.flags = VCPU_SSHOTTMR_future;
    t.timeout_abs_ns = guest_now_ns() - 1000000;
    CHECK_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t), 0,
             "set_singleshot_timer past with VCPU_SSHOTTMR_future");
    block_for_timer(before, 1000000000UL);
    /*
     * Only the vCPU itself may arm its single-shot timer; with a single
     * vCPU there is no vCPU 1 at all.
     */
    CHECK_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 1, &t),
             hc_vcpu_op(VCPUOP_is_up, 1, NULL) >= 0 ? -XEN_EINVAL : -XEN_ENOENT,
             "set_singleshot_timer for another vcpu");

    t.flags = 0;
    t.timeout_abs_ns = guest_now_ns() + 10000000;
    CHECK_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t), 0,
             "set_singleshot_timer +10ms");
    CHECK_RC(hc_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0,
             "stop_singleshot_timer");
    before = timer_hits;
    busy_wait(30000000);
    CHECK(timer_hits == before, "stopped timer fired");
    guest_ok("stopped single-shot timer stays silent");

    before = timer_hits;
    now = guest_now_ns();
    CHECK_RC(hc_set_timer_op(now + 3000000), 0, "set_timer_op +3ms");
    took = block_for_timer(before, 2000000000UL);
    CHECK(guest_now_ns() >= now + 3000000, "set_timer_op woke early");
    CHECK_RC(hc_set_timer_op(guest_now_ns() + 5000000), 0, "set_timer_op");
    CHECK_RC(hc_set_timer_op(0), 0, "set_timer_op(0) cancels");
    before = timer_hits;
    busy_wait(15000000);
    CHECK(timer_hits == before, "cancelled set_timer_op fired");
    guest_ok("set_timer_op fires after %lu us and 0 cancels", took / 1000);
}

static void check_status(evtchn_port_t port, uint32_t status,
                         evtchn_port_t peer)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, &st), 0, "evtchn status");
    CHECK(st.status == status, "port %u status %u, expected %u", port,
          st.status, status);
    if (status == EVTCHNSTAT_interdomain)
        CHECK(st.u.interdomain.dom == 0 && st.u.interdomain.port == peer,
              "port %u peer d%u:%u, expected d0:%u", port, st.u.interdomain.dom,
              st.u.interdomain.port, peer);
    if (status == EVTCHNSTAT_unbound)
        CHECK(st.u.unbound.dom == 0, "unbound port %u for d%u", port,
              st.u.unbound.dom);
}

static evtchn_port_t loop_a, loop_b;

static int a_hit_once(void)
{
    return port_hits[loop_a] >= 1;
}

static void test_loopback(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };

    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0, "alloc_unbound");
    loop_a = au.port;
    check_status(loop_a, EVTCHNSTAT_unbound, 0);
    bi.remote_port = loop_a;
    /*
     * Xen 4.17 marks the new local port pending at bind time, in case the
     * peer signalled the unbound port earlier.  Watch for it with upcalls
     * masked, then consume it.
     */
    shared->vcpu_info[0].evtchn_upcall_mask = 1;
    barrier();
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind_interdomain to own port");
    loop_b = bi.local_port;
    CHECK(loop_b != loop_a, "bind_interdomain returned the same port");
    CHECK(evtchn_is_pending(loop_b), "new local port %u not pending", loop_b);
    CHECK(!evtchn_is_pending(loop_a), "remote port %u pending after bind",
          loop_a);
    evtchn_clear(loop_b);
    shared->vcpu_info[0].evtchn_upcall_mask = 0;
    barrier();
    check_status(loop_a, EVTCHNSTAT_interdomain, loop_b);
    check_status(loop_b, EVTCHNSTAT_interdomain, loop_a);
    evtchn_set_handler(loop_a, count_port);
    evtchn_set_handler(loop_b, count_port);

    CHECK_RC(evtchn_send(loop_b), 0, "send on b");
    CHECK(wait_until(a_hit_once, 1000000000UL) == 0,
          "event sent on b never reached a");
    CHECK(port_hits[loop_b] == 0, "b (%u) saw %u events before any send to it",
          loop_b, port_hits[loop_b]);
    CHECK_RC(evtchn_send(loop_a), 0, "send on a");
    CHECK(port_hits[loop_b] == 1,
          "b (%u) saw %u events after send on a (a=%u, timer=%u)", loop_b,
          port_hits[loop_b], loop_a, timer_port);
    guest_ok("loopback %u<->%u delivers both ways", loop_a, loop_b);

    /* A masked port collects the event; unmask delivers it. */
    evtchn_mask(loop_a);
    CHECK_RC(evtchn_send(loop_b), 0, "send to masked a");
    CHECK(evtchn_is_pending(loop_a), "masked port not pending after send");
    CHECK(port_hits[loop_a] == 1, "masked port delivered");
    CHECK_RC(evtchn_unmask(loop_a), 0, "EVTCHNOP_unmask");
    CHECK(port_hits[loop_a] == 2, "unmask did not deliver the pending event");
    guest_ok("EVTCHNOP_unmask delivers a pending masked event");
}

static void test_poll(void)
{
    struct vcpu_set_singleshot_timer t = { 0 };
    struct sched_poll poll = { .nr_ports = 1 };
    evtchn_port_t ports[1];
    uint64_t start;

    /* Poll wakes for a masked port: the timer port, masked. */
    evtchn_mask(timer_port);
    ports[0] = timer_port;
    set_xen_guest_handle(poll.ports, ports);
    start = guest_now_ns();
    t.timeout_abs_ns = start + 4000000;
    CHECK_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t), 0, "timer");
    CHECK_RC(hc_sched_op(SCHEDOP_poll, &poll), 0, "SCHEDOP_poll");
    CHECK(evtchn_is_pending(timer_port), "poll returned, port not pending");
    CHECK(guest_now_ns() >= t.timeout_abs_ns, "poll returned early");
    evtchn_clear(timer_port);
    evtchn_unmask_local(timer_port);
    guest_ok("SCHEDOP_poll woke on masked port after %lu us",
             (guest_now_ns() - start) / 1000);

    /* Poll with a timeout on a port that stays quiet. */
    evtchn_mask(loop_a);
    ports[0] = loop_a;
    start = guest_now_ns();
    poll.timeout = start + 3000000;
    CHECK_RC(hc_sched_op(SCHEDOP_poll, &poll), 0, "SCHEDOP_poll timeout");
    CHECK(guest_now_ns() >= poll.timeout, "poll timeout returned early");
    CHECK(!evtchn_is_pending(loop_a), "quiet port pending");
    evtchn_unmask_local(loop_a);
    guest_ok("SCHEDOP_poll timeout honoured");
}

static void test_bad_args(void)
{
    struct evtchn_bind_virq bv = { .virq = NR_VIRQS, .vcpu = 0 };
    struct evtchn_status st = { .dom = DOMID_SELF, .port = 4095 };
    struct sched_poll poll = { .nr_ports = 1 };
    evtchn_port_t port;

    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL,
             "bind_virq NR_VIRQS");
    CHECK_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &port), -XEN_EEXIST,
             "bind VIRQ_TIMER twice");
    CHECK_RC(evtchn_bind_virq(VIRQ_TIMER, 4000, &port), -XEN_ENOENT,
             "bind_virq on a vcpu that does not exist");
    /* Global VIRQs (dom0's console, domain exceptions) live on vCPU 0. */
    CHECK_RC(evtchn_bind_virq(VIRQ_DOM_EXC, 1, &port), -XEN_EINVAL,
             "bind a global VIRQ to vcpu 1");
    CHECK_RC(evtchn_bind_virq(VIRQ_CONSOLE, 0, &port), 0, "bind VIRQ_CONSOLE");
    CHECK_RC(evtchn_close(port), 0, "close the VIRQ_CONSOLE port");
    CHECK_RC(evtchn_send(4000), -XEN_EINVAL, "send on unallocated port");
    CHECK_RC(evtchn_close(4000), -XEN_EINVAL, "close unallocated port");
    CHECK_RC(evtchn_unmask(5000), -XEN_EINVAL, "unmask port out of range");
    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, &st), -XEN_EINVAL,
             "status of port beyond the allocated range");
    CHECK_RC(hc_evtchn_op(99, &st), -XEN_ENOSYS, "unknown evtchn op");
    CHECK_RC(hc_evtchn_op(EVTCHNOP_send, (void *)0x1000), -XEN_EFAULT,
             "send with an unmapped argument");
    CHECK_RC(hc_evtchn_op(EVTCHNOP_send, (void *)0xffff830000000000UL),
             -XEN_EFAULT, "send with a hypervisor-range argument");
    set_xen_guest_handle(poll.ports, (evtchn_port_t *)0x1000);
    CHECK_RC(hc_sched_op(SCHEDOP_poll, &poll), -XEN_EFAULT,
             "poll with a bad ports pointer");
    CHECK_RC(hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)0x1000),
             -XEN_EFAULT, "singleshot timer with a bad pointer");
    guest_ok("bad event-channel arguments refused");
}

static void test_close(void)
{
    CHECK_RC(evtchn_close(loop_b), 0, "close b");
    check_status(loop_a, EVTCHNSTAT_unbound, 0);
    CHECK_RC(evtchn_close(loop_a), 0, "close a");
    check_status(loop_a, EVTCHNSTAT_closed, 0);
    CHECK_RC(evtchn_send(loop_a), -XEN_EINVAL, "send on closed port");
    guest_ok("close leaves the peer unbound, then closed");
}

/* In evtchn_timer-time.c. */
void test_time(void);
void test_time_area(void);

extern char entry_event[], entry_failsafe[], entry_syscall[];

/*
 * The older set_callbacks hypercall (#4: event, failsafe, syscall) must
 * install the same upcall as callback_op did: every later test depends
 * on events arriving through it.
 */
static void use_set_callbacks(void)
{
    CHECK_RC(HC(__HYPERVISOR_set_callbacks, entry_event, entry_failsafe,
                entry_syscall, 0, 0),
             0, "set_callbacks");
    guest_ok("event upcall re-registered with set_callbacks");
}

void test_main(void)
{
    guest_install_traps();
    events_init();
    use_set_callbacks();
    find_timer_port();
    test_timers();
    test_loopback();
    test_poll();
    test_bad_args();
    test_close();
    test_time();
    test_time_area();
}
