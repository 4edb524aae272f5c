/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: 2-level delivery at bit level (pending, mask, selector,
 * upcall_pending, kicks), unmask, SCHEDOP_poll support, VIRQ/IPI/PIRQ
 * delivery and global VIRQ routing (see test_evtchn_sim.h).
 */
#include "test_evtchn_sim.h"

#define D0 (&sim_dom[0])
#define D1 (&sim_dom[1])

/* A connected pair: returns dom1's port, *p0 gets dom0's. */
static int connect(int *p0)
{
    int p1 = sim_alloc_unbound(D1, DOMID_SELF, 0);

    *p0 = sim_bind_interdomain(D0, 1, p1);
    assert_true(*p0 > 0);
    sim_ack_all(D0);
    sim_ack_all(D1);
    return p1;
}

static void test_unmasked_delivery(void **state)
{
    int p0, p1 = connect(&p0);

    assert_int_equal(sim_send(D0, p0), 0);
    assert_true(sim_pending(D1, p1));
    assert_int_equal(sim_sel(D1, 0), 1UL << (p1 / 64));
    assert_int_equal(sim_upcall(D1, 0), 1);
    assert_int_equal(D1->kicks[0], 1);
    assert_int_equal(D1->kicks[1], 0);
    assert_int_equal(sim_sel(D1, 1), 0);
    /* Already pending: nothing more happens. */
    assert_int_equal(sim_send(D0, p0), 0);
    assert_int_equal(D1->kicks[0], 1);
    /* Guest consumed the port but left upcall_pending: no second kick. */
    D1->si.evtchn_pending[0] = 0;
    D1->si.vcpu_info[0].evtchn_pending_sel = 0;
    assert_int_equal(sim_send(D0, p0), 0);
    assert_int_equal(sim_sel(D1, 0), 1UL << (p1 / 64));
    assert_int_equal(D1->kicks[0], 1);
}

static void test_masked_then_unmask(void **state)
{
    int p0, p1 = connect(&p0);

    sim_mask(D1, p1, true);
    assert_int_equal(sim_send(D0, p0), 0);
    assert_true(sim_pending(D1, p1));
    assert_int_equal(sim_sel(D1, 0), 0);
    assert_int_equal(sim_upcall(D1, 0), 0);
    assert_int_equal(D1->kicks[0], 0);

    assert_int_equal(sim_unmask(D1, p1), 0);
    assert_false(sim_masked(D1, p1));
    assert_int_equal(sim_sel(D1, 0), 1);
    assert_int_equal(sim_upcall(D1, 0), 1);
    assert_int_equal(D1->kicks[0], 1);
}

static void test_unmask_not_pending(void **state)
{
    int p0, p1 = connect(&p0);

    sim_mask(D1, p1, true);
    assert_int_equal(sim_unmask(D1, p1), 0);
    assert_false(sim_masked(D1, p1));
    assert_int_equal(sim_sel(D1, 0), 0);
    assert_int_equal(sim_upcall(D1, 0), 0);
    assert_int_equal(D1->kicks[0], 0);
}

static void test_second_word_and_bind_vcpu(void **state)
{
    evtchn_bind_vcpu_t bv;
    int p0, p1 = 0;

    for (int i = 0; i < 70; i++)
        p1 = sim_alloc_unbound(D1, DOMID_SELF, 0);
    assert_int_equal(p1, 70);
    p0 = sim_bind_interdomain(D0, 1, p1);
    bv = (evtchn_bind_vcpu_t){ .port = p1, .vcpu = 1 };
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &bv), 0);
    sim_ack_all(D1);

    assert_int_equal(sim_send(D0, p0), 0);
    assert_int_equal(D1->si.evtchn_pending[1], 1UL << (70 - 64));
    assert_int_equal(sim_sel(D1, 1), 1UL << 1);
    assert_int_equal(sim_upcall(D1, 1), 1);
    assert_int_equal(D1->kicks[1], 1);
    assert_int_equal(sim_sel(D1, 0), 0);
    assert_int_equal(sim_upcall(D1, 0), 0);
}

static void test_ipi_and_loopback(void **state)
{
    int ipi = sim_bind_ipi(D1, 1);
    int a = sim_alloc_unbound(D1, DOMID_SELF, DOMID_SELF);
    int b = sim_bind_interdomain(D1, DOMID_SELF, a);

    sim_ack_all(D1);
    assert_int_equal(sim_send(D1, ipi), 0);
    assert_true(sim_pending(D1, ipi));
    assert_int_equal(sim_upcall(D1, 1), 1);
    assert_int_equal(sim_upcall(D1, 0), 0);
    assert_int_equal(sim_send(D1, b), 0);
    assert_true(sim_pending(D1, a));
    assert_false(sim_pending(D1, b));
}

static void test_close_clears_pending(void **state)
{
    int p0, p1 = connect(&p0);

    sim_mask(D1, p1, true);
    assert_int_equal(sim_send(D0, p0), 0);
    assert_true(sim_pending(D1, p1));
    assert_int_equal(sim_close(D1, p1), 0);
    assert_false(sim_pending(D1, p1));
    sim_mask(D1, p1, false);
}

static void test_poll(void **state)
{
    int p0, p1 = connect(&p0);
    int other = sim_bind_ipi(D1, 0);
    struct evtchn_dom *ed = &D1->ev;

    sim_mask(D1, p1, true);
    assert_int_equal(evtchn_poll_port(ed, p1), 0);
    assert_int_equal(evtchn_poll_port(ed, 0), -EINVAL);  /* reserved */
    assert_int_equal(evtchn_poll_port(ed, 40), -EINVAL); /* free */

    /* vCPU 1 polls for p1 only: another port does not wake it. */
    evtchn_poll_begin(ed, 1, p1);
    assert_true(evtchn_poll_active(ed, 1));
    assert_int_equal(sim_send(D1, other), 0);
    assert_true(evtchn_poll_active(ed, 1));
    assert_int_equal(D1->kicks[1], 0);
    /* A masked port going pending wakes the poller. */
    assert_int_equal(sim_send(D0, p0), 0);
    assert_false(evtchn_poll_active(ed, 1));
    assert_int_equal(D1->kicks[1], 1);
    assert_int_equal(evtchn_poll_port(ed, p1), 1);
    assert_int_equal(sim_upcall(D1, 0), 1); /* from "other" */
    evtchn_poll_end(ed, 1);
    assert_int_equal(ed->nr_polling, 0);

    /* Poll for any port. */
    sim_ack_all(D1);
    evtchn_poll_begin(ed, 1, 0);
    assert_int_equal(sim_send(D1, other), 0);
    assert_false(evtchn_poll_active(ed, 1));
    assert_int_equal(D1->kicks[1], 1);
    evtchn_poll_end(ed, 1);

    /* Ending without a wake-up (timeout) deregisters too. */
    evtchn_poll_begin(ed, 0, p1);
    evtchn_poll_begin(ed, 0, p1);
    assert_int_equal(ed->nr_polling, 1);
    evtchn_poll_end(ed, 0);
    assert_false(evtchn_poll_active(ed, 0));
    assert_int_equal(ed->nr_polling, 0);
    evtchn_poll_end(ed, 0);
    assert_int_equal(ed->nr_polling, 0);
    evtchn_poll_begin(ed, 99, p1);
    assert_int_equal(ed->nr_polling, 0);
}

static void test_vcpu_virq(void **state)
{
    int t1 = sim_bind_virq(D1, VIRQ_TIMER, 1);

    sim_ack_all(D1);
    evtchn_send_vcpu_virq(&D1->ev, 0, VIRQ_TIMER); /* not bound on 0 */
    assert_false(sim_pending(D1, t1));
    assert_int_equal(sim_upcall(D1, 0), 0);
    evtchn_send_vcpu_virq(&D1->ev, 1, VIRQ_TIMER);
    assert_true(sim_pending(D1, t1));
    assert_int_equal(sim_upcall(D1, 1), 1);
    assert_int_equal(D1->kicks[1], 1);
    /* Wrong class or range: ignored. */
    sim_ack_all(D1);
    evtchn_send_vcpu_virq(&D1->ev, 1, VIRQ_CONSOLE);
    evtchn_send_vcpu_virq(&D1->ev, 7, VIRQ_TIMER);
    evtchn_send_vcpu_virq(&D1->ev, 1, 1000);
    assert_false(sim_pending(D1, t1));
    /* After close the VIRQ is no longer delivered. */
    assert_int_equal(sim_close(D1, t1), 0);
    evtchn_send_vcpu_virq(&D1->ev, 1, VIRQ_TIMER);
    assert_false(sim_pending(D1, t1));
}

static void test_global_virq(void **state)
{
    evtchn_bind_vcpu_t bv;
    int c0 = sim_bind_virq(D0, VIRQ_CONSOLE, 0);
    int e1 = sim_bind_virq(D1, VIRQ_DOM_EXC, 0);

    sim_ack_all(D0);
    evtchn_send_global_virq(VIRQ_CONSOLE); /* hardware domain */
    assert_true(sim_pending(D0, c0));
    assert_int_equal(sim_upcall(D0, 0), 1);
    /* Rebound to vCPU 1, it is delivered there. */
    sim_ack_all(D0);
    bv = (evtchn_bind_vcpu_t){ .port = c0, .vcpu = 1 };
    assert_int_equal(sim_op(D0, EVTCHNOP_bind_vcpu, &bv), 0);
    evtchn_send_global_virq(VIRQ_CONSOLE);
    assert_int_equal(sim_upcall(D0, 1), 1);
    assert_int_equal(sim_upcall(D0, 0), 0);

    /* Route DOM_EXC to dom1 (holds a reference until destroy). */
    assert_int_equal(evtchn_set_global_virq_handler(D1, VIRQ_TIMER), -EINVAL);
    assert_int_equal(evtchn_set_global_virq_handler(D1, NR_VIRQS), -EINVAL);
    assert_int_equal(evtchn_set_global_virq_handler(D1, VIRQ_DOM_EXC), 0);
    assert_int_equal(D1->refs, 1);
    evtchn_send_global_virq(VIRQ_DOM_EXC);
    assert_true(sim_pending(D1, e1));
    evtchn_send_global_virq(VIRQ_TIMER); /* per-vCPU: ignored */
    evtchn_dom_destroy(&D1->ev);
    assert_int_equal(D1->refs, 0);
}

static void test_pirq_delivery(void **state)
{
    evtchn_bind_pirq_t op = { .pirq = 5 };

    assert_int_equal(sim_op(D0, EVTCHNOP_bind_pirq, &op), 0);
    sim_ack_all(D0);
    evtchn_send_pirq(&D0->ev, 6);
    evtchn_send_pirq(&D0->ev, 100000);
    assert_false(sim_pending(D0, op.port));
    evtchn_send_pirq(&D0->ev, 5);
    assert_true(sim_pending(D0, op.port));
    assert_int_equal(sim_upcall(D0, 0), 1);
    assert_int_equal(sim_close(D0, op.port), 0);
    evtchn_send_pirq(&D0->ev, 5);
    assert_false(sim_pending(D0, op.port));
    evtchn_send_pirq(&D1->ev, 5); /* no PIRQ table at all */
}

static void test_no_shared_info(void **state)
{
    int p0, p1 = connect(&p0);

    D1->no_shinfo = true;
    assert_int_equal(sim_send(D0, p0), 0);
    assert_int_equal(evtchn_poll_port(&D1->ev, p1), 0);
    D1->no_shinfo = false;
    assert_false(sim_pending(D1, p1));
    assert_int_equal(D1->kicks[0], 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, sim_setup, sim_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_unmasked_delivery),
        T(test_masked_then_unmask),
        T(test_unmask_not_pending),
        T(test_second_word_and_bind_vcpu),
        T(test_ipi_and_loopback),
        T(test_close_clears_pending),
        T(test_poll),
        T(test_vcpu_virq),
        T(test_global_virq),
        T(test_pirq_delivery),
        T(test_no_shared_info),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
