/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench_hypercall: hypercall round trip and event-channel ping-pong.
 *
 * A benchmark guest, not a test of behaviour: it times
 *   - the round trip of xen_version(XENVER_version), the cheapest
 *     hypercall both Xen 4.17 and Xenith implement for a PV guest;
 *   - a ping-pong over a loopback channel pair (alloc_unbound plus
 *     bind_interdomain to itself) on vCPU 0, once with the event taken
 *     through the upcall and once with both ports masked and the pending
 *     bit awaited with SCHEDOP_poll;
 *   - with a second vCPU (QEMU -smp 2 or more): an IPI ping-pong between
 *     vCPU 0 and vCPU 1 over EVTCHNOP_bind_ipi ports, vCPU 1 sleeping in
 *     SCHEDOP_block between pings as an idle kernel does;
 *   - EVTCHNOP_send under the 2-level and then the FIFO ABI
 *     (bench_hypercall-fifo.c).
 * Time comes from vcpu_time_info (TSC scaled to system time).  After a
 * warm-up, each benchmark runs BATCHES short batches (about a millisecond
 * each under TCG) and reports the median and the fastest batch's mean
 * time per iteration.  Short batches matter on a shared host: a batch the
 * host's scheduler interrupts is an outlier, not a slower average.  The
 * periodic timer is stopped first so its ticks stay out of the figures.
 * Results are printed as
 *   BENCH <metric> <median ns> iterations <n> min <ns> max <ns>
 * or, for a figure the hypervisor or the machine cannot give,
 *   BENCH-NA <metric> <reason>
 * for tests/system/bench/hypercall-evtchn.  Only the ratio between two
 * hypervisors measured under the same QEMU command means anything.
 */
#include "guest.h"

const char guest_name[] = "bench_hypercall";

/*
 * Sized so one run of every benchmark takes a few seconds under QEMU's
 * TCG emulator on a small, busy host, and one batch about a millisecond.
 */
#define BATCHES         301
#define WARMUP          2000
#define HC_PER_BATCH    3000
#define PINGS_PER_BATCH 300
#define IPIS_PER_BATCH  20
/* A liveness limit, not a performance one: a busy host can stall QEMU. */
#define EVENT_TIMEOUT_NS 5000000000UL

static evtchn_port_t port_a, port_b;
static volatile unsigned int hits_a, hits_b;

/* IPI ports: ping_port is handled on vCPU 1, pong_port on vCPU 0. */
static evtchn_port_t ping_port, pong_port;
static volatile unsigned int pings, pongs, ap_online;
static uint8_t ap_stack[GUEST_STACK_SIZE]
    __attribute__((aligned(GUEST_STACK_SIZE)));
static vcpu_guest_context_t ap_ctxt;

extern char entry_event[], entry_failsafe[];

/* One iteration of a benchmark. */
typedef void (*bench_fn)(void);

static void one_hypercall(void)
{
    long rc = hc_xen_version(XENVER_version, NULL);

    if (rc <= 0)
        guest_fail("xen_version returned %ld", rc);
}

/* Spin until *ctr reaches want: the event is due on the next return. */
static void await_count(volatile unsigned int *ctr, unsigned int want,
                        const char *what)
{
    uint64_t start;

    if (*ctr == want)
        return;
    start = guest_now_ns();
    while (*ctr != want)
        CHECK(guest_now_ns() - start < EVENT_TIMEOUT_NS,
              "%s: no upcall within %lu s", what,
              EVENT_TIMEOUT_NS / 1000000000UL);
}

static void count_a(evtchn_port_t port)
{
    (void)port;
    hits_a++;
}

static void count_b(evtchn_port_t port)
{
    (void)port;
    hits_b++;
}

/* Ping on a, taken by the upcall at b; pong on b, taken at a. */
static void one_upcall_pingpong(void)
{
    unsigned int want_b = hits_b + 1, want_a = hits_a + 1;

    CHECK_RC(evtchn_send(port_a), 0, "send on a");
    await_count(&hits_b, want_b, "ping");
    CHECK_RC(evtchn_send(port_b), 0, "send on b");
    await_count(&hits_a, want_a, "pong");
}

/* Wait in SCHEDOP_poll until the masked port is pending, then clear it. */
static void poll_port(evtchn_port_t port)
{
    struct sched_poll poll = { .nr_ports = 1 };
    evtchn_port_t ports[1] = { port };

    set_xen_guest_handle(poll.ports, ports);
    poll.timeout = guest_now_ns() + EVENT_TIMEOUT_NS;
    CHECK_RC(hc_sched_op(SCHEDOP_poll, &poll), 0, "SCHEDOP_poll");
    CHECK(evtchn_is_pending(port), "poll returned, port %u not pending", port);
    evtchn_clear(port);
}

static void one_poll_pingpong(void)
{
    CHECK_RC(evtchn_send(port_a), 0, "send on a");
    poll_port(port_b);
    CHECK_RC(evtchn_send(port_b), 0, "send on b");
    poll_port(port_a);
}

static void sort_u64(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned int j = i;

        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/*
 * Run fn WARMUP times, then BATCHES batches of per_batch iterations;
 * print the median, minimum and maximum batch mean in ns per iteration.
 */
static void run_bench(const char *metric, bench_fn fn, unsigned int per_batch)
{
    uint64_t ns[BATCHES];

    for (unsigned int i = 0; i < WARMUP; i++)
        fn();
    for (unsigned int b = 0; b < BATCHES; b++) {
        uint64_t start = guest_now_ns();

        for (unsigned int i = 0; i < per_batch; i++)
            fn();
        ns[b] = (guest_now_ns() - start) / per_batch;
    }
    sort_u64(ns, BATCHES);
    gprintf("BENCH %s %lu iterations %u min %lu max %lu\n", metric,
            ns[BATCHES / 2], BATCHES * per_batch, ns[0], ns[BATCHES - 1]);
}

/*
 * A loopback pair: a is unbound for ourselves, b binds to it.  Binding
 * sets b pending (a notification the unbound port may have missed), and
 * that upcall came before b had a handler: clear it so every send counts.
 */
static void make_loopback(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };

    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0, "alloc_unbound");
    port_a = au.port;
    bi.remote_port = port_a;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind_interdomain to own port");
    port_b = bi.local_port;
    evtchn_set_handler(port_a, count_a);
    evtchn_set_handler(port_b, count_b);
    evtchn_clear(port_a);
    evtchn_clear(port_b);
}

/* On vCPU 1: answer each ping with a pong. */
static void on_ping(evtchn_port_t port)
{
    (void)port;
    pings++;
    evtchn_send(pong_port);
}

static void on_pong(evtchn_port_t port)
{
    (void)port;
    pongs++;
}

static void one_ipi_pingpong(void)
{
    unsigned int want = pongs + 1;

    CHECK_RC(evtchn_send(ping_port), 0, "send ping IPI");
    await_count(&pongs, want, "IPI pong");
}

/*
 * vCPU 1 starts here on ap_stack.  It sleeps in SCHEDOP_block (which
 * re-enables event delivery) until an event is pending; a pending upcall
 * found with events masked is taken by unmasking and making a hypercall.
 */
static void ap_main(void) __attribute__((used, noreturn));
static void ap_main(void)
{
    vcpu_info_t *vi = guest_vcpu_info(1);

    guest_install_traps();
    ap_online = 1;
    for (;;) {
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

static int ap_is_online(void)
{
    return ap_online;
}

/* Bind the IPI ports: ping handled on vCPU 1, pong on vCPU 0. */
static long bind_ipis(void)
{
    struct evtchn_bind_ipi bi = { .vcpu = 1 };
    long rc = hc_evtchn_op(EVTCHNOP_bind_ipi, &bi);

    if (rc)
        return rc;
    ping_port = bi.port;
    evtchn_set_handler_vcpu(ping_port, on_ping, 1);
    bi.vcpu = 0;
    rc = hc_evtchn_op(EVTCHNOP_bind_ipi, &bi);
    if (rc)
        return rc;
    pong_port = bi.port;
    evtchn_set_handler(pong_port, on_pong);
    return 0;
}

/*
 * Bring vCPU 1 up with a minimal kernel-mode context on its own stack
 * (the stack's first word is its vCPU id, as the runtime expects) and
 * the IPI ports bound.  Returns 0, or -1 with why[] saying what the
 * hypervisor lacks (a vCPU that is up but never runs fails the guest).
 */
static int start_ap(char *why, size_t len)
{
    struct cpu_user_regs *r = &ap_ctxt.user_regs;
    long rc;

    if (hc_vcpu_op(VCPUOP_is_up, 1, NULL) < 0) {
        gsnprintf(why, len, "dom0 has one vCPU (QEMU -smp 1?)");
        return -1;
    }
    rc = bind_ipis();
    if (rc) {
        gsnprintf(why, len, "EVTCHNOP_bind_ipi returned %ld", rc);
        return -1;
    }
    *(uint64_t *)ap_stack = 1;
    ap_ctxt.flags = VGCF_in_kernel;
    r->rip = (uint64_t)ap_main;
    r->rsp = (uint64_t)(ap_stack + GUEST_STACK_SIZE - 8);
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rflags = 0x1000; /* IOPL 1; interrupts are the upcall mask */
    ap_ctxt.kernel_ss = FLAT_KERNEL_SS;
    ap_ctxt.kernel_sp = r->rsp;
    ap_ctxt.ctrlreg[3] =
        xen_pfn_to_cr3(virt_to_mfn((void *)start_info->pt_base));
    ap_ctxt.event_callback_eip = (uint64_t)entry_event;
    ap_ctxt.failsafe_callback_eip = (uint64_t)entry_failsafe;
    rc = hc_vcpu_op(VCPUOP_initialise, 1, &ap_ctxt);
    if (!rc)
        rc = hc_vcpu_op(VCPUOP_up, 1, NULL);
    if (rc) {
        gsnprintf(why, len, "VCPUOP_initialise/up of vCPU 1 returned %ld", rc);
        return -1;
    }
    CHECK(wait_until(ap_is_online, 5000000000UL) == 0,
          "vcpu 1 did not come up");
    return 0;
}

/* Grant copy: 16 whole pages from a domU's granted frame into our
 * buffer per hypercall (as a backend copies a ring's data). */
#define GCOPY_OPS 16
static uint8_t gcopy_dst[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct gnttab_copy gcopy[GCOPY_OPS];

static void one_grant_copy_batch(void)
{
    CHECK_RC(hc_grant_table_op(GNTTABOP_copy, gcopy, GCOPY_OPS), 0,
             "grant copy");
    CHECK(gcopy[GCOPY_OPS - 1].status == GNTST_okay, "grant copy status %d",
          gcopy[GCOPY_OPS - 1].status);
}

/* A paused domU grants us one of its frames; we copy from it. */
static int setup_grant_copy(domid_t *dom, char *why, size_t len)
{
    long rc = domu_start_spinner(dom);

    if (rc) {
        gsnprintf(why, len, "building a domU returned %ld", rc);
        return -1;
    }
    domu_grant_to_dom0(*dom, 8, domu_frames[5], true);
    for (unsigned int i = 0; i < GCOPY_OPS; i++) {
        gcopy[i].source.u.ref = 8;
        gcopy[i].source.domid = *dom;
        gcopy[i].dest.u.gmfn = virt_to_mfn(gcopy_dst);
        gcopy[i].dest.domid = DOMID_SELF;
        gcopy[i].len = PAGE_SIZE;
        gcopy[i].flags = GNTCOPY_source_gref;
    }
    return 0;
}

void bench_send_2l_fifo(void (*run)(const char *, void (*)(void), unsigned int),
                        unsigned int per_batch);

void test_main(void)
{
    char why[80];
    long ver = hc_xen_version(XENVER_version, NULL);

    gprintf("bench_hypercall: hypervisor reports version %ld.%ld\n", ver >> 16,
            ver & 0xffff);
    guest_install_traps();
    events_init();
    CHECK_RC(hc_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0,
             "stop_periodic_timer");

    run_bench("hypercall_roundtrip_ns", one_hypercall, HC_PER_BATCH);

    make_loopback();
    run_bench("evtchn_pingpong_ns", one_upcall_pingpong, PINGS_PER_BATCH);

    evtchn_mask(port_a);
    evtchn_mask(port_b);
    run_bench("evtchn_poll_pingpong_ns", one_poll_pingpong, PINGS_PER_BATCH);

    /* Mask bits outlive a port: leave them clear for the next owner. */
    CHECK_RC(evtchn_close(port_b), 0, "close b");
    CHECK_RC(evtchn_close(port_a), 0, "close a");
    evtchn_unmask_local(port_a);
    evtchn_unmask_local(port_b);

    {
        domid_t dom;

        if (setup_grant_copy(&dom, why, sizeof(why)) == 0) {
            run_bench("grant_copy_16_pages_ns", one_grant_copy_batch, 8);
            CHECK_RC(domu_destroy(dom), 0, "destroy the granting domU");
        } else {
            gprintf("BENCH-NA grant_copy_16_pages_ns %s\n", why);
        }
    }

    /* Without a second vCPU, say why in place of the figure. */
    if (start_ap(why, sizeof(why)) == 0)
        run_bench("ipi_pingpong_ns", one_ipi_pingpong, IPIS_PER_BATCH);
    else
        gprintf("BENCH-NA ipi_pingpong_ns %s\n", why);

    /* Last: it switches the guest to the FIFO ABI (bench_hypercall-fifo.c). */
    bench_send_2l_fifo(run_bench, PINGS_PER_BATCH);
}
