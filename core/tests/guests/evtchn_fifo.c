/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn_fifo: the FIFO event-channel ABI, read at the level of the
 * guest's own memory (control blocks and event words), with upcalls left
 * masked so nothing but the hypervisor changes them.
 *
 * Before init_control: set_priority -ENOSYS, expand_array -EOPNOTSUPP.
 * init_control's refusals (missing vCPU -ENOENT; misaligned offset, a
 * block crossing the page, a frame that is not a writable page, a second
 * block for the same vCPU: -EINVAL), link_bits 17; a port left pending
 * under the 2-level ABI is queued once its event word exists; priorities
 * order the queues (ready bits, heads, LINK fields), FIFO within one; a
 * masked port stays pending and unlinked until EVTCHNOP_unmask; a port
 * moved to vCPU 1 is queued on vCPU 1's control block; expand_array to
 * all 128 pages (-ENOSPC after), a port above 5000 delivered;
 * EVTCHNOP_reset returns to the 2-level ABI and FIFO can be chosen again.
 */
#include "guest.h"

const char guest_name[] = "evtchn_fifo";

#define W_P            (1U << EVTCHN_FIFO_PENDING)
#define W_M            (1U << EVTCHN_FIFO_MASKED)
#define W_L            (1U << EVTCHN_FIFO_LINKED)
#define NR_ARRAY_PAGES 128
#define CB_OFFSET      64

static uint8_t cb_pages[2][4096] __attribute__((aligned(4096)));
static event_word_t array[NR_ARRAY_PAGES][1024] __attribute__((aligned(4096)));

static volatile struct evtchn_fifo_control_block *cb(unsigned int vcpu)
{
    return (volatile struct evtchn_fifo_control_block *)(cb_pages[vcpu] +
                                                         CB_OFFSET);
}

static volatile event_word_t *word(evtchn_port_t port)
{
    return &array[port / 1024][port % 1024];
}

static long init_control(unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
    struct evtchn_init_control ic = { .control_gfn = gfn,
                                      .offset = offset,
                                      .vcpu = vcpu };
    long rc = hc_evtchn_op(EVTCHNOP_init_control, &ic);

    if (rc == 0)
        CHECK(ic.link_bits == EVTCHN_FIFO_LINK_BITS, "link_bits %u",
              ic.link_bits);
    return rc;
}

static long expand(unsigned int page)
{
    struct evtchn_expand_array ea = { .array_gfn = virt_to_mfn(array[page]) };

    return hc_evtchn_op(EVTCHNOP_expand_array, &ea);
}

static long set_priority(evtchn_port_t port, unsigned int prio)
{
    struct evtchn_set_priority sp = { .port = port, .priority = prio };

    return hc_evtchn_op(EVTCHNOP_set_priority, &sp);
}

static evtchn_port_t bind_ipi(unsigned int vcpu)
{
    struct evtchn_bind_ipi bi = { .vcpu = vcpu };

    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_ipi, &bi), 0, "bind_ipi");
    return bi.port;
}

/* Take the head of queue prio on vcpu as a guest does; returns its port. */
static evtchn_port_t consume(unsigned int vcpu, unsigned int prio)
{
    evtchn_port_t port = cb(vcpu)->head[prio];
    event_word_t w;

    CHECK(port != 0, "vcpu %u queue %u empty", vcpu, prio);
    CHECK(cb(vcpu)->ready & (1U << prio), "vcpu %u queue %u not ready", vcpu,
          prio);
    w = __atomic_fetch_and(word(port), ~(W_L | EVTCHN_FIFO_LINK_MASK | W_P),
                           __ATOMIC_SEQ_CST);
    CHECK(w & W_L, "port %u at a head but not linked (%x)", port, w);
    cb(vcpu)->head[prio] = w & EVTCHN_FIFO_LINK_MASK;
    if (!(w & EVTCHN_FIFO_LINK_MASK))
        __atomic_fetch_and(&cb(vcpu)->ready, ~(1U << prio), __ATOMIC_SEQ_CST);
    return port;
}

static void expect_word(evtchn_port_t port, event_word_t want, const char *what)
{
    event_word_t w = *word(port);

    CHECK(w == want, "%s: port %u word %x, expected %x", what, port, w, want);
}

static void check_init_control(evtchn_port_t early)
{
    uint64_t pt_mfn = virt_to_mfn((void *)start_info->pt_base);
    uint64_t cb0 = virt_to_mfn(cb_pages[0]);

    CHECK_RC(set_priority(early, 3), -XEN_ENOSYS, "set_priority, 2-level");
    CHECK_RC(expand(0), -XEN_EOPNOTSUPP, "expand_array before init_control");
    CHECK_RC(init_control(4000, cb0, CB_OFFSET), -XEN_ENOENT,
             "init_control, missing vCPU");
    CHECK_RC(init_control(0, cb0, 4), -XEN_EINVAL, "init_control, offset 4");
    CHECK_RC(init_control(0, cb0, 4096 - 64), -XEN_EINVAL,
             "init_control, block crossing the page");
    CHECK_RC(init_control(0, pt_mfn, CB_OFFSET), -XEN_EINVAL,
             "init_control on a page table");
    CHECK_RC(expand(0), -XEN_EOPNOTSUPP, "expand_array after refusals");
    guest_ok("init_control refusals");

    CHECK_RC(init_control(0, cb0, CB_OFFSET), 0, "init_control");
    CHECK_RC(init_control(0, virt_to_mfn(cb_pages[1]), CB_OFFSET), -XEN_EINVAL,
             "init_control twice");
    CHECK(cb(0)->ready == 0, "ready %x before any event", cb(0)->ready);
    guest_ok("init_control: link_bits 17, twice -EINVAL");

    /* Pending under 2-level: queued when its event word appears. */
    CHECK_RC(expand(0), 0, "expand_array page 0");
    expect_word(early, W_P | W_L, "2-level pending carried over");
    CHECK(cb(0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT] == early, "head %u",
          cb(0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT]);
    CHECK(guest_vcpu_info(0)->evtchn_upcall_pending, "no upcall pending");
    CHECK(consume(0, EVTCHN_FIFO_PRIORITY_DEFAULT) == early, "consume early");
    guest_ok("2-level pending port %u queued after expand_array", early);
}

static void check_priorities(void)
{
    evtchn_port_t a = bind_ipi(0), b = bind_ipi(0), c = bind_ipi(0),
                  d = bind_ipi(0);

    CHECK_RC(set_priority(a, 16), -XEN_EINVAL, "set_priority 16");
    CHECK_RC(set_priority(100000, 3), -XEN_EINVAL, "set_priority, bad port");
    CHECK_RC(set_priority(a, 9), 0, "set_priority 9");
    CHECK_RC(set_priority(b, EVTCHN_FIFO_PRIORITY_MAX), 0, "set_priority 0");
    CHECK_RC(evtchn_send(a), 0, "send a");
    CHECK_RC(evtchn_send(c), 0, "send c");
    CHECK_RC(evtchn_send(d), 0, "send d");
    CHECK_RC(evtchn_send(b), 0, "send b");
    CHECK_RC(evtchn_send(c), 0, "send c again");
    CHECK(cb(0)->ready == ((1U << 0) | (1U << 7) | (1U << 9)), "ready %x",
          cb(0)->ready);
    CHECK(cb(0)->head[9] == a && cb(0)->head[0] == b && cb(0)->head[7] == c,
          "heads %u %u %u", cb(0)->head[0], cb(0)->head[7], cb(0)->head[9]);
    expect_word(c, W_P | W_L | d, "c linked to d");
    expect_word(d, W_P | W_L, "d at the tail");
    CHECK(consume(0, 0) == b, "priority 0 first");
    CHECK(consume(0, 7) == c, "then 7: c");
    CHECK(consume(0, 7) == d, "then 7: d");
    CHECK(consume(0, 9) == a, "then 9");
    CHECK(cb(0)->ready == 0, "ready %x after draining", cb(0)->ready);
    guest_ok("priorities 0 < 7 < 9 order the queues, FIFO within one");

    /* Masked: pending, not linked, until EVTCHNOP_unmask. */
    __atomic_fetch_or(word(a), W_M, __ATOMIC_SEQ_CST);
    CHECK_RC(evtchn_send(a), 0, "send masked");
    expect_word(a, W_P | W_M, "masked and pending");
    CHECK(cb(0)->ready == 0, "ready %x for a masked port", cb(0)->ready);
    CHECK_RC(evtchn_unmask(a), 0, "EVTCHNOP_unmask");
    expect_word(a, W_P | W_L, "unmasked");
    CHECK(cb(0)->head[9] == a && cb(0)->ready == (1U << 9),
          "after unmask: head %u ready %x", cb(0)->head[9], cb(0)->ready);
    CHECK(consume(0, 9) == a, "consume unmasked");
    guest_ok("masked port stays unlinked until EVTCHNOP_unmask");
}

static void check_move(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_bind_vcpu bv = { .vcpu = 1 };

    if (hc_vcpu_op(VCPUOP_is_up, 1, NULL) < 0) {
        guest_ok("one vCPU: port move not tested");
        return;
    }
    CHECK_RC(init_control(1, virt_to_mfn(cb_pages[1]), CB_OFFSET), 0,
             "init_control vCPU 1");
    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0, "alloc_unbound");
    bi.remote_port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind_interdomain");
    /* The bind leaves the local end pending. */
    CHECK(consume(0, 7) == bi.local_port, "bind-time event");
    bv.port = au.port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_vcpu, &bv), 0, "bind_vcpu 1");
    CHECK_RC(evtchn_send(bi.local_port), 0, "send to moved port");
    CHECK(cb(0)->ready == 0, "vCPU 0 ready %x", cb(0)->ready);
    CHECK(cb(1)->head[7] == au.port && cb(1)->ready == (1U << 7),
          "vCPU 1: head %u ready %x", cb(1)->head[7], cb(1)->ready);
    CHECK(guest_vcpu_info(1)->evtchn_upcall_pending, "vCPU 1 upcall");
    CHECK(consume(1, 7) == au.port, "consume on vCPU 1");
    guest_ok("port moved to vCPU 1 queued on its control block");
}

static void check_many_ports(void)
{
    evtchn_port_t p = 0;
    unsigned int n;

    for (unsigned int i = 1; i < NR_ARRAY_PAGES; i++)
        CHECK_RC(expand(i), 0, "expand_array");
    CHECK_RC(expand(0), -XEN_ENOSPC, "expand_array past 128 pages");
    for (n = 0; p < 5000; n++)
        p = bind_ipi(0);
    CHECK_RC(set_priority(p, 4), 0, "set_priority on a high port");
    CHECK_RC(evtchn_send(p), 0, "send on a high port");
    expect_word(p, W_P | W_L, "high port");
    CHECK(cb(0)->head[4] == p && cb(0)->ready == (1U << 4),
          "high port: head %u ready %x", cb(0)->head[4], cb(0)->ready);
    CHECK(consume(0, 4) == p, "consume high port");
    guest_ok("128 array pages, %u more ports, port %u delivered", n, p);
}

static void check_reset(evtchn_port_t early)
{
    evtchn_port_t some = early;

    struct evtchn_reset r = { .dom = DOMID_SELF };

    CHECK_RC(hc_evtchn_op(EVTCHNOP_reset, &r), 0, "EVTCHNOP_reset");
    /* Only the hypervisor resumes a preempted reset; none is pending. */
    CHECK_RC(hc_evtchn_op(EVTCHNOP_reset_cont, &r), -XEN_EBUSY,
             "EVTCHNOP_reset_cont with no reset in progress");
    CHECK_RC(set_priority(some, 3), -XEN_ENOSYS, "set_priority after reset");
    CHECK_RC(expand(0), -XEN_EOPNOTSUPP, "expand_array after reset");
    gmemset(cb_pages, 0, sizeof(cb_pages));
    gmemset(array, 0, sizeof(array));
    /*
     * Closing under FIFO left port `some`'s old 2-level bit set; the next
     * init_control would carry it over (Xen 4.17 then queues the closed
     * port).  A guest switching again clears the bitmap first.
     */
    CHECK(evtchn_is_pending(some), "2-level bit of port %u", some);
    gmemset(shared->evtchn_pending, 0, sizeof(shared->evtchn_pending));
    CHECK_RC(init_control(0, virt_to_mfn(cb_pages[0]), CB_OFFSET), 0,
             "init_control after reset");
    CHECK_RC(expand(0), 0, "expand_array after reset");
    /*
     * The port raised while its page was missing at the first switch
     * (early) is raised again now, closed as it is, and stays linked, so
     * the new binding takes the next port.
     */
    CHECK(cb(0)->head[7] == early, "after reset: head %u", cb(0)->head[7]);
    some = bind_ipi(0);
    CHECK(some != early, "linked port %u reused", some);
    CHECK_RC(evtchn_send(some), 0, "send after reset");
    CHECK(consume(0, 7) == early, "stale event first");
    CHECK(consume(0, 7) == some, "FIFO again after reset");
    guest_ok("EVTCHNOP_reset returns to 2-level; FIFO chosen again");
}

void test_main(void)
{
    evtchn_port_t early = bind_ipi(0);

    CHECK_RC(evtchn_send(early), 0, "send under 2-level");
    CHECK(evtchn_is_pending(early), "2-level pending bit");
    check_init_control(early);
    check_priorities();
    check_move();
    check_many_ports();
    check_reset(early);
}
