/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, FIFO ABI: init_control's checks, the event words
 * (PENDING, MASKED, LINKED, LINK), queue heads and ready bits per
 * priority, masking, a port moving between vCPUs, expand_array up to its
 * limit, the 2-level state carried over, and EVTCHNOP_reset back to the
 * 2-level ABI with every guest page given back (see test_evtchn_sim.h).
 */
#include "test_evtchn_sim.h"

#define D0 (&sim_dom[0])
#define D1 (&sim_dom[1])

#define P              (1U << EVTCHN_FIFO_PENDING)
#define M              (1U << EVTCHN_FIFO_MASKED)
#define L              (1U << EVTCHN_FIFO_LINKED)
#define NR_ARRAY_PAGES 128

/* The guest's pages: a control block page per vCPU and the array. */
static uint8_t cb_page[SIM_NR_VCPUS][4096] __attribute__((aligned(4096)));
static event_word_t array[NR_ARRAY_PAGES][1024] __attribute__((aligned(4096)));

static uint64_t gfn_of(const void *p)
{
    return (uintptr_t)p >> 12;
}

static struct evtchn_fifo_control_block *cb(unsigned int vcpu)
{
    return (struct evtchn_fifo_control_block *)(cb_page[vcpu] + 64);
}

static event_word_t *word(unsigned int port)
{
    return &array[port / 1024][port % 1024];
}

static long init_control(struct domain *d, unsigned int vcpu, uint64_t gfn,
                         uint32_t offset)
{
    evtchn_init_control_t ic = { .control_gfn = gfn,
                                 .offset = offset,
                                 .vcpu = vcpu };
    long rc = sim_op(d, EVTCHNOP_init_control, &ic);

    if (!rc)
        assert_int_equal(ic.link_bits, EVTCHN_FIFO_LINK_BITS);
    return rc;
}

static long expand(struct domain *d, unsigned int page)
{
    evtchn_expand_array_t ea = { .array_gfn = gfn_of(array[page]) };

    return sim_op(d, EVTCHNOP_expand_array, &ea);
}

static long set_prio(struct domain *d, unsigned int port, unsigned int prio)
{
    evtchn_set_priority_t sp = { .port = port, .priority = prio };

    return sim_op(d, EVTCHNOP_set_priority, &sp);
}

/* D1 on FIFO: control blocks for vCPUs 0 and 1, one array page. */
static void fifo_on(void)
{
    memset(cb_page, 0, sizeof(cb_page));
    memset(array, 0, sizeof(array));
    assert_int_equal(init_control(D1, 0, gfn_of(cb_page[0]), 64), 0);
    assert_int_equal(init_control(D1, 1, gfn_of(cb_page[1]), 64), 0);
    assert_int_equal(expand(D1, 0), 0);
}

/* The guest consumes the head of queue prio on vcpu: returns the port. */
static unsigned int consume(unsigned int vcpu, unsigned int prio)
{
    unsigned int port = cb(vcpu)->head[prio];
    event_word_t w = *word(port);

    assert_true(port != 0);
    assert_true(w & L);
    *word(port) = w & ~(L | EVTCHN_FIFO_LINK_MASK | P);
    cb(vcpu)->head[prio] = w & EVTCHN_FIFO_LINK_MASK;
    if (!cb(vcpu)->head[prio])
        cb(vcpu)->ready &= ~(1U << prio);
    return port;
}

static void test_init_control_errors(void **state)
{
    /* Before FIFO: expand -EOPNOTSUPP, priorities -ENOSYS. */
    assert_int_equal(expand(D1, 0), -EOPNOTSUPP);
    assert_int_equal(set_prio(D1, 1, 3), -ENOSYS);
    assert_int_equal(init_control(D1, 2, gfn_of(cb_page[0]), 0), -ENOENT);
    assert_int_equal(init_control(D1, 9, gfn_of(cb_page[0]), 0), -ENOENT);
    assert_int_equal(init_control(D1, 0, gfn_of(cb_page[0]), 4), -EINVAL);
    assert_int_equal(init_control(D1, 0, gfn_of(cb_page[0]), 4096 - 64),
                     -EINVAL);
    assert_int_equal(init_control(D1, 0, 1, 0), -EINVAL); /* bad frame */
    assert_int_equal(sim_guest_maps, 0);
    assert_int_equal(expand(D1, 0), -EOPNOTSUPP); /* still 2-level */
    /* The last offset that fits, then twice for the same vCPU. */
    assert_int_equal(init_control(D1, 0, gfn_of(cb_page[0]), 4096 - 72), 0);
    assert_int_equal(init_control(D1, 0, gfn_of(cb_page[1]), 0), -EINVAL);
    assert_int_equal(init_control(D1, 1, gfn_of(cb_page[1]), 0), 0);
    assert_int_equal(sim_guest_maps, 2);
    assert_int_equal(set_prio(D1, 1, 16), -EINVAL);
    assert_int_equal(set_prio(D1, 64, 3), -EINVAL);
    assert_int_equal(set_prio(D1, 1, 15), 0);
    assert_int_equal(expand(D1, 0), 0);
    assert_int_equal(sim_guest_maps, 3);
}

static void test_priorities(void **state)
{
    int a, b, c, d2;

    fifo_on();
    a = sim_bind_ipi(D1, 0);
    b = sim_bind_ipi(D1, 0);
    c = sim_bind_ipi(D1, 0);
    d2 = sim_bind_ipi(D1, 0);
    assert_int_equal(set_prio(D1, a, 9), 0);
    assert_int_equal(set_prio(D1, b, 3), 0);
    /* c and d2 keep the default priority, 7. */
    assert_int_equal(sim_send(D1, a), 0);
    assert_int_equal(sim_upcall(D1, 0), 1);
    assert_int_equal(D1->kicks[0], 1);
    assert_int_equal(sim_send(D1, c), 0);
    assert_int_equal(sim_send(D1, d2), 0);
    assert_int_equal(sim_send(D1, b), 0);
    assert_int_equal(cb(0)->ready, (1U << 3) | (1U << 7) | (1U << 9));
    assert_int_equal(cb(0)->head[9], a);
    assert_int_equal(cb(0)->head[3], b);
    assert_int_equal(cb(0)->head[7], c);
    assert_int_equal(*word(c), P | L | (unsigned)d2);
    assert_int_equal(*word(d2), P | L);
    /* Sending again changes nothing. */
    assert_int_equal(sim_send(D1, c), 0);
    assert_int_equal(*word(c), P | L | (unsigned)d2);
    /* Highest priority (lowest number) first, FIFO within one. */
    assert_int_equal(consume(0, 3), b);
    assert_int_equal(consume(0, 7), c);
    assert_int_equal(consume(0, 7), d2);
    assert_int_equal(consume(0, 9), a);
    assert_int_equal(cb(0)->ready, 0);
    /* An empty queue starts again at the head. */
    assert_int_equal(sim_send(D1, d2), 0);
    assert_int_equal(cb(0)->head[7], d2);
    assert_int_equal(cb(0)->ready, 1U << 7);
    assert_int_equal(sim_status(D1, DOMID_SELF, a, &(evtchn_status_t){ 0 }), 0);
}

static void test_masking(void **state)
{
    int a;

    fifo_on();
    a = sim_bind_ipi(D1, 0);
    *word(a) = M;
    assert_int_equal(sim_send(D1, a), 0);
    assert_int_equal(*word(a), M | P);
    assert_int_equal(cb(0)->ready, 0);
    assert_int_equal(sim_upcall(D1, 0), 0);
    assert_int_equal(evtchn_poll_port(&D1->ev, a), 1);
    /* EVTCHNOP_unmask links the pending event. */
    assert_int_equal(sim_unmask(D1, a), 0);
    assert_int_equal(*word(a), P | L);
    assert_int_equal(cb(0)->head[7], a);
    assert_int_equal(sim_upcall(D1, 0), 1);
    /* Closing clears PENDING; the linked port is not reused meanwhile. */
    assert_int_equal(sim_close(D1, a), 0);
    assert_int_equal(*word(a), L);
    assert_true(sim_bind_ipi(D1, 0) != a);
}

static void test_move_vcpu(void **state)
{
    int p0, p1 = sim_alloc_unbound(D1, DOMID_SELF, 0);

    fifo_on();
    p0 = sim_bind_interdomain(D0, 1, p1);
    assert_true(p0 > 0);
    assert_int_equal(sim_send(D0, p0), 0);
    assert_int_equal(cb(0)->head[7], p1);
    /* Still linked on vCPU 0 when it moves: the next event stays there. */
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu,
                            &(evtchn_bind_vcpu_t){ .port = p1, .vcpu = 1 }),
                     0);
    assert_int_equal(sim_send(D0, p0), 0);
    assert_int_equal(cb(1)->ready, 0);
    assert_int_equal(consume(0, 7), p1);
    /* Consumed: now it goes to vCPU 1's queue, with its new priority. */
    assert_int_equal(set_prio(D1, p1, 2), 0);
    assert_int_equal(sim_send(D0, p0), 0);
    assert_int_equal(cb(1)->head[2], p1);
    assert_int_equal(cb(1)->ready, 1U << 2);
    assert_int_equal(cb(0)->ready, 0);
    assert_int_equal(D1->kicks[1], 1);
}

static void test_expand_and_carry_over(void **state)
{
    int early, p, last = 0;

    /* Pending under 2-level: pending once its event word exists. */
    early = sim_bind_ipi(D1, 0);
    assert_int_equal(sim_send(D1, early), 0);
    sim_ack_all(D1);
    D1->si.evtchn_pending[0] = 1UL << early;
    memset(array, 0, sizeof(array));
    memset(cb_page, 0, sizeof(cb_page));
    assert_int_equal(init_control(D1, 0, gfn_of(cb_page[0]), 64), 0);
    assert_int_equal(cb(0)->ready, 0);
    assert_int_equal(expand(D1, 0), 0);
    assert_int_equal(*word(early), P | L);
    assert_int_equal(cb(0)->head[7], early);

    /* dom2 with no port limit of its own passes 4096 ports on FIFO. */
    struct domain *d = sim_create(2, 2, 0x7fffffff, 1);
    memset(cb_page, 0, sizeof(cb_page));
    memset(array, 0, sizeof(array));
    assert_int_equal(init_control(d, 0, gfn_of(cb_page[0]), 64), 0);
    for (unsigned int i = 0; i < NR_ARRAY_PAGES; i++)
        assert_int_equal(expand(d, i), 0);
    assert_int_equal(expand(d, 0), -ENOSPC);
    for (unsigned int i = 1; i < 5000; i++) {
        p = sim_bind_ipi(d, 0);
        assert_int_equal(p, i);
        last = p;
    }
    assert_int_equal(set_prio(d, last, 0), 0);
    assert_int_equal(sim_send(d, last), 0);
    assert_int_equal(cb(0)->head[0], last);
    assert_int_equal(*word(last), P | L);
    sim_destroy(d);
    assert_int_equal(sim_guest_maps, 2); /* D1's control block and page */
}

static void test_reset_to_2l(void **state)
{
    int a;

    fifo_on();
    a = sim_bind_ipi(D1, 0);
    assert_int_equal(sim_guest_maps, 3);
    assert_int_equal(
        sim_op(D1, EVTCHNOP_reset, &(evtchn_reset_t){ .dom = DOMID_SELF }), 0);
    assert_int_equal(sim_guest_maps, 0);
    assert_int_equal(set_prio(D1, a, 3), -ENOSYS);
    assert_int_equal(expand(D1, 0), -EOPNOTSUPP);
    a = sim_bind_ipi(D1, 0);
    assert_int_equal(sim_send(D1, a), 0);
    assert_true(sim_pending(D1, a));
    /* The guest may choose FIFO again. */
    fifo_on();
    assert_int_equal(sim_guest_maps, 3);
}

static void test_missing_page(void **state)
{
    struct domain *d = sim_create(2, 2, 0x7fffffff, 1);
    int p = 0;

    memset(cb_page, 0, sizeof(cb_page));
    memset(array, 0, sizeof(array));
    assert_int_equal(init_control(d, 0, gfn_of(cb_page[0]), 64), 0);
    for (int i = 1; i < 1030; i++)
        p = sim_bind_ipi(d, 0);
    assert_int_equal(p, 1029);
    assert_int_equal(expand(d, 0), 0);
    assert_int_equal(sim_send(d, p), 0); /* no word yet: remembered */
    assert_int_equal(cb(0)->ready, 0);
    assert_int_equal(expand(d, 1), 0);
    assert_int_equal(*word(p), P | L);
    assert_int_equal(cb(0)->head[7], p);
    assert_int_equal(cb(0)->ready, 1U << 7);
}

#define T(f) cmocka_unit_test_setup_teardown(f, sim_setup, sim_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_init_control_errors),
        T(test_priorities),
        T(test_masking),
        T(test_move_vcpu),
        T(test_expand_and_carry_over),
        T(test_reset_to_2l),
        T(test_missing_page),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
