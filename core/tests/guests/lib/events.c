/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 2-level event channels: the upcall handler, port masks and the
 * block-until helper.  events_init() registers the event and failsafe
 * callbacks, binds VIRQ_TIMER on vCPU 0 (the wake-up source of
 * wait_until) and enables upcalls on vCPU 0.
 */
#include "guest.h"

extern char entry_event[], entry_failsafe[];

static guest_evtchn_fn port_handlers[EVTCHN_2L_NR_CHANNELS];
static vcpu_info_t *vcpu_infos[GUEST_MAX_VCPUS];

/* Where vcpu's vcpu_info lives: shared_info, or where it was registered. */
vcpu_info_t *guest_vcpu_info(unsigned int vcpu)
{
    return vcpu_infos[vcpu] ? vcpu_infos[vcpu] : &shared->vcpu_info[vcpu];
}

void guest_set_vcpu_info(unsigned int vcpu, vcpu_info_t *vi)
{
    vcpu_infos[vcpu] = vi;
}
static evtchn_port_t timer_port;
volatile uint64_t events_handled;

/* Ports each vCPU handles: the vCPU the port is bound to in Xen. */
static uint64_t vcpu_ports[GUEST_MAX_VCPUS][64];

void evtchn_set_handler_vcpu(evtchn_port_t port, guest_evtchn_fn fn,
                             unsigned int vcpu)
{
    if (port >= EVTCHN_2L_NR_CHANNELS || vcpu >= GUEST_MAX_VCPUS)
        return;
    for (unsigned int v = 0; v < GUEST_MAX_VCPUS; v++)
        vcpu_ports[v][port / 64] &= ~(1UL << (port % 64));
    vcpu_ports[vcpu][port / 64] |= 1UL << (port % 64);
    port_handlers[port] = fn;
}

void evtchn_set_handler(evtchn_port_t port, guest_evtchn_fn fn)
{
    evtchn_set_handler_vcpu(port, fn, 0);
}

void evtchn_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&shared->evtchn_mask[port / 64], 1UL << (port % 64),
                      __ATOMIC_SEQ_CST);
}

void evtchn_unmask_local(evtchn_port_t port)
{
    __atomic_fetch_and(&shared->evtchn_mask[port / 64], ~(1UL << (port % 64)),
                       __ATOMIC_SEQ_CST);
}

int evtchn_is_pending(evtchn_port_t port)
{
    return !!(
        __atomic_load_n(&shared->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) &
        (1UL << (port % 64)));
}

void evtchn_clear(evtchn_port_t port)
{
    __atomic_fetch_and(&shared->evtchn_pending[port / 64],
                       ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

long evtchn_bind_virq(unsigned int virq, unsigned int vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq bv = { .virq = virq, .vcpu = vcpu };
    long rc = hc_evtchn_op(EVTCHNOP_bind_virq, &bv);

    if (!rc)
        *port = bv.port;
    return rc;
}

long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };
    return hc_evtchn_op(EVTCHNOP_send, &s);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };
    return hc_evtchn_op(EVTCHNOP_close, &c);
}

long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };
    return hc_evtchn_op(EVTCHNOP_unmask, &u);
}

/* Scan the pending words selected for this vCPU and run port handlers. */
static void events_upcall(struct guest_frame *f)
{
    unsigned int me = guest_vcpu_id();
    vcpu_info_t *vi = guest_vcpu_info(me);

    (void)f;
    while (
        __atomic_exchange_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST)) {
        uint64_t sel =
            __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while (sel) {
            unsigned int w = (unsigned int)__builtin_ctzl(sel);
            uint64_t bits;

            sel &= sel - 1;
            bits = shared->evtchn_pending[w] & ~shared->evtchn_mask[w] &
                   vcpu_ports[me][w];
            while (bits) {
                unsigned int b = (unsigned int)__builtin_ctzl(bits);
                evtchn_port_t port = w * 64 + b;

                bits &= bits - 1;
                evtchn_clear(port);
                events_handled++;
                if (port_handlers[port])
                    port_handlers[port](port);
            }
        }
    }
}

static void failsafe(struct guest_frame *f)
{
    guest_fail("failsafe callback at rip %lx", f->rip);
}

void events_init(void)
{
    struct callback_register ev = {
        .type = CALLBACKTYPE_event,
        .address = (uint64_t)entry_event,
    };
    struct callback_register fs = {
        .type = CALLBACKTYPE_failsafe,
        .address = (uint64_t)entry_failsafe,
    };

    guest_set_trap_handler(GUEST_VEC_EVENT, events_upcall);
    if (!guest_has_handler(GUEST_VEC_FAILSAFE))
        guest_set_trap_handler(GUEST_VEC_FAILSAFE, failsafe);
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &ev), 0,
             "register event callback");
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &fs), 0,
             "register failsafe callback");
    CHECK_RC(evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port), 0,
             "bind VIRQ_TIMER");
    /* Clear its pending bit on each tick so later ticks wake us again. */
    evtchn_set_handler(timer_port, NULL);
    guest_vcpu_info(0)->evtchn_upcall_mask = 0;
    barrier();
    if (guest_vcpu_info(0)->evtchn_upcall_pending)
        hc_xen_version(XENVER_version, NULL); /* any hypercall delivers */
}

/*
 * Sleep in SCHEDOP_block until cond() holds, waking at least every
 * millisecond through a single-shot timer.  Returns 0, or -1 on timeout.
 */
int wait_until(int (*cond)(void), uint64_t timeout_ns)
{
    uint64_t deadline = guest_now_ns() + timeout_ns;
    vcpu_info_t *vi = guest_vcpu_info(0);

    for (;;) {
        struct vcpu_set_singleshot_timer t;
        uint64_t now;

        if (cond())
            return 0;
        now = guest_now_ns();
        if (now >= deadline)
            return -1;
        t.timeout_abs_ns = now + 1000000 < deadline ? now + 1000000 : deadline;
        t.flags = 0;
        vi->evtchn_upcall_mask = 1;
        barrier();
        if (cond()) {
            vi->evtchn_upcall_mask = 0;
            return 0;
        }
        hc_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
        hc_sched_op(SCHEDOP_block, NULL);
    }
}
