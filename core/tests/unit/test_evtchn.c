/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: every EVTCHNOP through the hypercall entry, success
 * paths and Xen 4.17's error codes, on a simulated dom0 (privileged) and
 * dom1 (see test_evtchn_sim.h).
 */
#include "test_evtchn_sim.h"

#include <xenith/pv_hypercalls.h>

#define D0 (&sim_dom[0])
#define D1 (&sim_dom[1])

static void test_alloc_unbound(void **state)
{
    evtchn_status_t st;
    int p;

    /* Own port; remote DOMID_SELF means the caller. */
    p = sim_alloc_unbound(D1, DOMID_SELF, DOMID_SELF);
    assert_int_equal(p, 1);
    assert_int_equal(sim_status(D1, DOMID_SELF, p, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 1);
    assert_int_equal(st.vcpu, 0);

    /* dom0 on behalf of dom1; remote SELF resolves to dom0. */
    p = sim_alloc_unbound(D0, 1, DOMID_SELF);
    assert_int_equal(p, 2);
    assert_int_equal(sim_status(D1, 1, p, &st), 0);
    assert_int_equal(st.u.unbound.dom, 0);

    /* Errors. */
    assert_int_equal(sim_alloc_unbound(D1, 0, 1), -EPERM);
    assert_int_equal(sim_alloc_unbound(D1, 7, 1), -ESRCH);
    assert_int_equal(sim_alloc_unbound(D1, DOMID_IO, 1), -ESRCH);
    /* The refused port was not consumed. */
    assert_int_equal(sim_alloc_unbound(D0, DOMID_SELF, 1), 1);
}

static void test_bind_interdomain_both_ways(void **state)
{
    evtchn_status_t st;
    int p1, p0, q0, q1;

    /* dom1 offers, dom0 binds. */
    p1 = sim_alloc_unbound(D1, DOMID_SELF, 0);
    p0 = sim_bind_interdomain(D0, 1, p1);
    assert_true(p0 > 0);
    assert_int_equal(sim_status(D0, DOMID_SELF, p0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 1);
    assert_int_equal(st.u.interdomain.port, p1);
    assert_int_equal(sim_status(D1, DOMID_SELF, p1, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 0);
    assert_int_equal(st.u.interdomain.port, p0);
    /* The binder's new port is left pending. */
    assert_true(sim_pending(D0, p0));

    /* dom0 offers, dom1 binds: the other direction. */
    q0 = sim_alloc_unbound(D0, DOMID_SELF, 1);
    q1 = sim_bind_interdomain(D1, 0, q0);
    assert_true(q1 > 0);
    sim_ack_all(D0);
    sim_ack_all(D1);

    assert_int_equal(sim_send(D0, p0), 0);
    assert_true(sim_pending(D1, p1));
    assert_false(sim_pending(D0, p0));
    assert_int_equal(sim_send(D1, q1), 0);
    assert_true(sim_pending(D0, q0));
    assert_int_equal(sim_send(D1, p1), 0);
    assert_true(sim_pending(D0, p0));
}

static void test_bind_interdomain_errors(void **state)
{
    int p, other;

    p = sim_alloc_unbound(D1, DOMID_SELF, 0);
    assert_int_equal(sim_bind_interdomain(D0, 9, p), -ESRCH);
    assert_int_equal(sim_bind_interdomain(D0, 1, 4000), -EINVAL);
    assert_int_equal(sim_bind_interdomain(D0, 1, 0xffffffffu), -EINVAL);
    assert_int_equal(sim_bind_interdomain(D0, 1, 0), -EINVAL);
    /* Free port, and a port offered to somebody else. */
    assert_int_equal(sim_bind_interdomain(D0, 1, 30), -EINVAL);
    other = sim_alloc_unbound(D1, DOMID_SELF, 1);
    assert_int_equal(sim_bind_interdomain(D0, 1, other), -EINVAL);
    /* Already connected. */
    assert_true(sim_bind_interdomain(D0, 1, p) > 0);
    assert_int_equal(sim_bind_interdomain(D0, 1, p), -EINVAL);
    /* Loopback within one domain. */
    assert_true(sim_bind_interdomain(D1, DOMID_SELF, other) > 0);
}

static void test_close_leaves_peer_unbound(void **state)
{
    evtchn_status_t st;
    int p1 = sim_alloc_unbound(D1, DOMID_SELF, 0);
    int p0 = sim_bind_interdomain(D0, 1, p1);

    assert_int_equal(sim_close(D0, p0), 0);
    assert_int_equal(sim_status(D0, DOMID_SELF, p0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_false(sim_pending(D0, p0)); /* close clears pending */
    assert_int_equal(sim_status(D1, DOMID_SELF, p1, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 0);
    /* Sending on the now-unbound end is dropped, not an error. */
    assert_int_equal(sim_send(D1, p1), 0);
    /* dom0 may bind again. */
    assert_int_equal(sim_bind_interdomain(D0, 1, p1), p0);

    /* Close from the other side (the higher-addressed domain first). */
    assert_int_equal(sim_close(D1, p1), 0);
    assert_int_equal(sim_status(D0, DOMID_SELF, p0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 1);

    assert_int_equal(sim_close(D1, p1), -EINVAL); /* twice */
    assert_int_equal(sim_close(D1, 0), -EINVAL);  /* reserved */
    assert_int_equal(sim_close(D1, 50), -EINVAL); /* free */
    assert_int_equal(sim_close(D1, 64), -EINVAL); /* no bucket */
}

static void test_send_errors(void **state)
{
    int v = sim_bind_virq(D1, VIRQ_TIMER, 0);

    assert_true(v > 0);
    assert_int_equal(sim_send(D1, v), -EINVAL);
    assert_int_equal(sim_send(D1, 0), -EINVAL);
    assert_int_equal(sim_send(D1, 5), -EINVAL);
    assert_int_equal(sim_send(D1, 4096), -EINVAL);
}

static void test_status(void **state)
{
    evtchn_status_t st;
    int ipi = sim_bind_ipi(D1, 1), virq = sim_bind_virq(D1, VIRQ_DEBUG, 1);

    assert_int_equal(sim_status(D1, DOMID_SELF, 0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_int_equal(sim_status(D1, DOMID_SELF, ipi, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_ipi);
    assert_int_equal(st.vcpu, 1);
    assert_int_equal(sim_status(D1, DOMID_SELF, virq, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_virq);
    assert_int_equal(st.u.virq, VIRQ_DEBUG);
    assert_int_equal(st.vcpu, 1);
    /* dom0 may look at dom1, not the other way round. */
    assert_int_equal(sim_status(D0, 1, ipi, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_ipi);
    assert_int_equal(sim_status(D1, 0, 0, &st), -EPERM);
    /* An invalid port is reported before the permission check. */
    assert_int_equal(sim_status(D1, 0, 4000, &st), -EINVAL);
    assert_int_equal(sim_status(D1, 5, 1, &st), -ESRCH);
    assert_int_equal(sim_status(D1, DOMID_SELF, 0x80000000u, &st), -EINVAL);
}

static void test_bind_virq(void **state)
{
    assert_true(sim_bind_virq(D1, VIRQ_TIMER, 1) > 0);
    assert_true(sim_bind_virq(D1, VIRQ_TIMER, 0) > 0);
    assert_int_equal(sim_bind_virq(D1, VIRQ_TIMER, 1), -EEXIST);
    assert_true(sim_bind_virq(D1, VIRQ_CONSOLE, 0) > 0);
    assert_int_equal(sim_bind_virq(D1, VIRQ_CONSOLE, 0), -EEXIST);
    assert_int_equal(sim_bind_virq(D1, VIRQ_DOM_EXC, 1), -EINVAL);
    assert_int_equal(sim_bind_virq(D1, NR_VIRQS, 0), -EINVAL);
    assert_int_equal(sim_bind_virq(D1, 0xffffffffu, 0), -EINVAL);
    assert_int_equal(sim_bind_virq(D1, VIRQ_TIMER, 2), -ENOENT); /* off */
    assert_int_equal(sim_bind_virq(D1, VIRQ_TIMER, 4), -ENOENT);
    assert_int_equal(sim_bind_virq(D1, VIRQ_TIMER, 0xffffffffu), -ENOENT);
}

static void test_bind_ipi(void **state)
{
    assert_int_equal(sim_bind_ipi(D1, 0), 1);
    assert_int_equal(sim_bind_ipi(D1, 1), 2);
    assert_int_equal(sim_bind_ipi(D1, 2), -ENOENT);
    assert_int_equal(sim_bind_ipi(D1, 0x7fffffffu), -ENOENT);
}

static void test_bind_pirq(void **state)
{
    evtchn_bind_pirq_t op = { .pirq = 9 };
    evtchn_status_t st;

    assert_int_equal(sim_op(D1, EVTCHNOP_bind_pirq, &op), -EPERM);
    op.pirq = SIM_NR_PIRQS;
    assert_int_equal(sim_op(D0, EVTCHNOP_bind_pirq, &op), -EINVAL);
    op.pirq = 9;
    assert_int_equal(sim_op(D0, EVTCHNOP_bind_pirq, &op), 0);
    assert_int_equal(op.port, 1);
    assert_int_equal(sim_op(D0, EVTCHNOP_bind_pirq, &op), -EEXIST);
    assert_int_equal(sim_status(D0, DOMID_SELF, 1, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_pirq);
    assert_int_equal(st.u.pirq, 9);
    assert_int_equal(sim_close(D0, 1), 0);
    assert_int_equal(sim_op(D0, EVTCHNOP_bind_pirq, &op), 0);
}

static void test_bind_vcpu(void **state)
{
    evtchn_bind_vcpu_t op;
    evtchn_status_t st;
    int ub = sim_alloc_unbound(D1, DOMID_SELF, 0);
    int ipi = sim_bind_ipi(D1, 0);
    int timer = sim_bind_virq(D1, VIRQ_TIMER, 0);
    int con = sim_bind_virq(D1, VIRQ_CONSOLE, 0);

    op = (evtchn_bind_vcpu_t){ .port = ub, .vcpu = 1 };
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &op), 0);
    assert_int_equal(sim_status(D1, DOMID_SELF, ub, &st), 0);
    assert_int_equal(st.vcpu, 1);
    op.port = con;
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &op), 0);
    op.port = ipi;
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &op), -EINVAL);
    op.port = timer;
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &op), -EINVAL);
    op.port = 40; /* free */
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &op), -EINVAL);
    op.port = 0xffffffffu;
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &op), -EINVAL);
    /* The vCPU is checked first. */
    op.vcpu = 2;
    assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &op), -ENOENT);
}

static void test_unmask_errors(void **state)
{
    sim_mask(D1, 10, true);
    assert_int_equal(sim_unmask(D1, 10), 0); /* free: left alone */
    assert_true(sim_masked(D1, 10));
    assert_int_equal(sim_unmask(D1, 64), -EINVAL);
    assert_int_equal(sim_unmask(D1, 0xffffffffu), -EINVAL);
}

static void test_reset(void **state)
{
    evtchn_reset_t op = { .dom = DOMID_SELF };
    evtchn_status_t st;
    int p1 = sim_alloc_unbound(D1, DOMID_SELF, 0);
    int p0 = sim_bind_interdomain(D0, 1, p1);

    sim_bind_ipi(D1, 0);
    sim_bind_virq(D1, VIRQ_TIMER, 1);
    assert_int_equal(sim_op(D1, EVTCHNOP_reset, &op), 0);
    for (int p = 1; p < 4; p++) {
        assert_int_equal(sim_status(D1, DOMID_SELF, p, &st), 0);
        assert_int_equal(st.status, EVTCHNSTAT_closed);
    }
    assert_int_equal(sim_status(D0, DOMID_SELF, p0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    /* The VIRQ may be bound again. */
    assert_true(sim_bind_virq(D1, VIRQ_TIMER, 1) > 0);

    op.dom = 0;
    assert_int_equal(sim_op(D1, EVTCHNOP_reset, &op), -EPERM);
    op.dom = 1;
    assert_int_equal(sim_op(D0, EVTCHNOP_reset, &op), -EINVAL);
    D1->paused = true;
    assert_int_equal(sim_op(D0, EVTCHNOP_reset, &op), 0);
    op.dom = 3;
    assert_int_equal(sim_op(D0, EVTCHNOP_reset, &op), -ESRCH);
}

/* A reset of a domain with many ports is preempted every 64 ports and
 * resumed as EVTCHNOP_reset_cont; a second reset meanwhile is -EBUSY. */
static void test_reset_preempted(void **state)
{
    evtchn_reset_t op = { .dom = DOMID_SELF };
    evtchn_status_t st;
    int last = 0, restarts = 0;
    long rc;

    for (int i = 0; i < 300; i++)
        last = sim_alloc_unbound(D1, DOMID_SELF, 0);
    assert_int_equal(last, 300);
    /* A resume with no reset in progress. */
    assert_int_equal(sim_op(D1, EVTCHNOP_reset_cont, &op), -EBUSY);
    sim_preempt_after = 0;
    assert_int_equal(sim_op(D1, EVTCHNOP_reset, &op), -ERESTART);
    assert_int_equal(sim_status(D1, DOMID_SELF, 64, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_int_equal(sim_status(D1, DOMID_SELF, 65, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(sim_op(D1, EVTCHNOP_reset, &op), -EBUSY);
    while ((rc = sim_op(D1, EVTCHNOP_reset_cont, &op)) == -ERESTART)
        restarts++;
    assert_int_equal(rc, 0);
    assert_true(restarts >= 3);
    for (int p = 1; p <= 300; p++) {
        assert_int_equal(sim_status(D1, DOMID_SELF, p, &st), 0);
        assert_int_equal(st.status, EVTCHNSTAT_closed);
    }
    assert_int_equal(sim_op(D1, EVTCHNOP_reset_cont, &op), -EBUSY);

    /* Through the hypercall entry: re-issued as reset_cont, or carried
     * on inline inside a multicall. */
    for (int i = 0; i < 200; i++)
        sim_alloc_unbound(D1, DOMID_SELF, 0);
    sim_cur = D1;
    sim_restart_arg1 = 0;
    assert_int_equal(
        do_event_channel_op(EVTCHNOP_reset, (uintptr_t)&op, 0, 0, 0),
        HYPERCALL_RESTART);
    assert_int_equal(sim_restart_arg1, EVTCHNOP_reset_cont);
    sim_in_multicall = true;
    assert_int_equal(
        do_event_channel_op(EVTCHNOP_reset_cont, (uintptr_t)&op, 0, 0, 0), 0);
    sim_in_multicall = false;
    sim_preempt_after = -1;
    assert_int_equal(sim_status(D1, DOMID_SELF, 200, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
}

static void test_fifo_and_unknown(void **state)
{
    evtchn_init_control_t ic = { 0 };
    evtchn_expand_array_t ea = { 0 };
    evtchn_set_priority_t sp = { .port = 3 };

    /* 2-level until init_control (test_evtchn_fifo.c tests FIFO). */
    assert_int_equal(sim_op(D1, EVTCHNOP_expand_array, &ea), -EOPNOTSUPP);
    assert_int_equal(sim_op(D1, EVTCHNOP_set_priority, &sp), -ENOSYS);
    assert_int_equal(sim_op(D1, EVTCHNOP_init_control, &ic), -EINVAL);
    assert_int_equal(ic.link_bits, 0); /* not copied back on failure */
    sp.port = 64;
    assert_int_equal(sim_op(D1, EVTCHNOP_set_priority, &sp), -EINVAL);
    assert_int_equal(sim_op(D1, 99, &sp), -ENOSYS);
    assert_int_equal(sim_op(D1, -1, &sp), -ENOSYS);
    assert_int_equal(sim_op(D1, 15, &sp), -ENOSYS);
}

static void test_efault(void **state)
{
    evtchn_alloc_unbound_t op = { .dom = DOMID_SELF, .remote_dom = 0 };
    evtchn_status_t st;

    sim_cur = D1;
    assert_int_equal(
        evtchn_do_event_channel_op(EVTCHNOP_alloc_unbound, SIM_BAD_VA),
        -EFAULT);
    assert_int_equal(evtchn_do_event_channel_op(EVTCHNOP_send, 0), -EFAULT);
    /* Copy-back failure: the port exists anyway, as in Xen. */
    sim_fail_copy_to = true;
    assert_int_equal(sim_op(D1, EVTCHNOP_alloc_unbound, &op), -EFAULT);
    sim_fail_copy_to = false;
    assert_int_equal(sim_status(D1, DOMID_SELF, 1, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
}

static void test_exhaustion(void **state)
{
    struct domain *d = sim_create(2, 2, 127, 1);
    int p;

    for (int i = 1; i <= 127; i++)
        assert_int_equal(sim_alloc_unbound(d, DOMID_SELF, 0), i);
    assert_int_equal(sim_alloc_unbound(d, DOMID_SELF, 0), -ENOSPC);
    assert_int_equal(sim_bind_ipi(d, 0), -ENOSPC);
    assert_int_equal(d->ev.valid_ports, 128);
    /* A freed port is reused first. */
    assert_int_equal(sim_close(d, 77), 0);
    assert_int_equal(sim_bind_ipi(d, 0), 77);

    /* dom0 reaches the 2-level limit of 4096 ports. */
    for (int i = 1; i < 4096; i++) {
        p = sim_alloc_unbound(D0, DOMID_SELF, 0);
        assert_int_equal(p, i);
    }
    assert_int_equal(sim_alloc_unbound(D0, DOMID_SELF, 0), -ENOSPC);
    assert_int_equal(D0->ev.valid_ports, 4096);
    assert_int_equal(sim_send(D0, 4095), 0);
    assert_int_equal(sim_close(D0, 4095), 0);
    assert_int_equal(sim_close(D0, 4096), -EINVAL);
}

static void test_enomem(void **state)
{
    for (int i = 1; i < 64; i++)
        assert_int_equal(sim_bind_ipi(D1, 0), i);
    sim_alloc_budget = 0; /* the next port needs a new bucket */
    assert_int_equal(sim_bind_ipi(D1, 0), -ENOMEM);
    sim_alloc_budget = -1;
    assert_int_equal(sim_bind_ipi(D1, 0), 64);
}

static void test_hostile_ports(void **state)
{
    static const uint32_t bad[] = { 64,         1023,       1024,
                                    4095,       4096,       0x10000,
                                    0x7fffffff, 0x80000000, 0xffffffff };
    evtchn_status_t st;
    evtchn_bind_vcpu_t bv;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(sim_send(D1, bad[i]), -EINVAL);
        assert_int_equal(sim_close(D1, bad[i]), -EINVAL);
        assert_int_equal(sim_unmask(D1, bad[i]), -EINVAL);
        assert_int_equal(sim_status(D1, DOMID_SELF, bad[i], &st), -EINVAL);
        bv = (evtchn_bind_vcpu_t){ .port = bad[i], .vcpu = 0 };
        assert_int_equal(sim_op(D1, EVTCHNOP_bind_vcpu, &bv), -EINVAL);
        assert_int_equal(evtchn_poll_port(&D1->ev, bad[i]), -EINVAL);
        assert_int_equal(sim_bind_interdomain(D0, 1, bad[i]), -EINVAL);
    }
}

static void test_dying_domain(void **state)
{
    evtchn_status_t st;
    int p1 = sim_alloc_unbound(D1, DOMID_SELF, 0);
    int p0 = sim_bind_interdomain(D0, 1, p1);

    evtchn_dom_destroy(&D1->ev);
    assert_int_equal(sim_status(D0, DOMID_SELF, p0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(sim_alloc_unbound(D0, 1, 0), -EINVAL);
    assert_int_equal(sim_status(D0, 1, p1, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
}

static void test_hooks_required(void **state)
{
    struct evtchn_hooks h = sim_evtchn_hooks;

    h.kick_vcpu = NULL;
    assert_int_equal(evtchn_set_hooks(&h), -EINVAL);
    assert_int_equal(evtchn_set_hooks(NULL), -EINVAL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, sim_setup, sim_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_alloc_unbound),
        T(test_bind_interdomain_both_ways),
        T(test_bind_interdomain_errors),
        T(test_close_leaves_peer_unbound),
        T(test_send_errors),
        T(test_status),
        T(test_bind_virq),
        T(test_bind_ipi),
        T(test_bind_pirq),
        T(test_bind_vcpu),
        T(test_unmask_errors),
        T(test_reset),
        T(test_reset_preempted),
        T(test_fifo_and_unknown),
        T(test_efault),
        T(test_exhaustion),
        T(test_enomem),
        T(test_hostile_ports),
        T(test_dying_domain),
        T(test_hooks_required),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
