/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the scheduler parameters through the toolstack ABI:
 * XEN_DOMCTL_scheduler_op (weight, cap) and XEN_SYSCTL_scheduler_op
 * (tslice, rate limit, migration delay), with Xen 4.17's defaults and
 * -EINVAL/-ESRCH cases, and a weight change taking effect at run time.
 */
#include "test_sched_sim.h"

static int dom_op(struct sim_dom *d, uint32_t sched_id, uint32_t cmd,
                  uint16_t *weight, uint16_t *cap)
{
    struct xen_domctl_scheduler_op op = { 0 };
    int rc;

    op.sched_id = sched_id;
    op.cmd = cmd;
    op.u.credit.weight = *weight;
    op.u.credit.cap = *cap;
    rc = sched_adjust(&d->sd, &op);
    *weight = op.u.credit.weight;
    *cap = op.u.credit.cap;
    return rc;
}

static int sys_op(uint32_t poolid, uint32_t sched_id, uint32_t cmd,
                  struct xen_sysctl_credit_schedule *p)
{
    struct xen_sysctl_scheduler_op op = { 0 };
    int rc;

    op.cpupool_id = poolid;
    op.sched_id = sched_id;
    op.cmd = cmd;
    op.u.sched_credit = *p;
    rc = sched_adjust_global(&op);
    *p = op.u.sched_credit;
    return rc;
}

static void test_domctl(void **state)
{
    struct sim_dom *d[1];
    uint16_t w = 0, c = 0;

    sim_boot(2);
    d[0] = sim_dom(1, 256, 0, 0);
    assert_int_equal(
        dom_op(d[0], XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c),
        0);
    assert_int_equal(w, 256);
    assert_int_equal(c, 0);

    w = 1000, c = 40;
    assert_int_equal(
        dom_op(d[0], XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c),
        0);
    /* Weight 0 and cap 0xffff mean "leave unchanged". */
    w = 0, c = 0xffff;
    assert_int_equal(
        dom_op(d[0], XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c),
        0);
    assert_int_equal(
        dom_op(d[0], XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c),
        0);
    assert_int_equal(w, 1000);
    assert_int_equal(c, 40);
    w = 65535, c = 0;
    assert_int_equal(
        dom_op(d[0], XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo, &w, &c),
        0);
    assert_int_equal(d[0]->sd.weight, 65535);
    assert_int_equal(d[0]->sd.cap, 0);

    /* Wrong scheduler, unknown command, per-vCPU commands: -EINVAL. */
    assert_int_equal(
        dom_op(d[0], XEN_SCHEDULER_CREDIT2, XEN_DOMCTL_SCHEDOP_getinfo, &w, &c),
        -EINVAL);
    assert_int_equal(dom_op(d[0], XEN_SCHEDULER_CREDIT, 7, &w, &c), -EINVAL);
    assert_int_equal(dom_op(d[0], XEN_SCHEDULER_CREDIT,
                            XEN_DOMCTL_SCHEDOP_putvcpuinfo, &w, &c),
                     -EINVAL);
    assert_int_equal(dom_op(d[0], XEN_SCHEDULER_CREDIT,
                            XEN_DOMCTL_SCHEDOP_getvcpuinfo, &w, &c),
                     -EINVAL);
    sim_teardown(d, 1);
}

static void expect_put(uint32_t tslice, uint32_t rl, uint32_t delay, int rc)
{
    struct xen_sysctl_credit_schedule p = { tslice, rl, delay };

    assert_int_equal(
        sys_op(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo, &p), rc);
}

static void test_sysctl(void **state)
{
    struct xen_sysctl_credit_schedule p = { 0 };

    sim_boot(2);
    assert_int_equal(
        sys_op(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p), 0);
    assert_int_equal(p.tslice_ms, 30);
    assert_int_equal(p.ratelimit_us, 1000);
    assert_int_equal(p.vcpu_migr_delay_us, 0);

    expect_put(0, 1000, 0, -EINVAL);       /* tslice below 1 ms */
    expect_put(1001, 1000, 0, -EINVAL);    /* tslice above 1000 ms */
    expect_put(30, 99, 0, -EINVAL);        /* ratelimit below 100 us */
    expect_put(1000, 500001, 0, -EINVAL);  /* ratelimit above 500 ms */
    expect_put(10, 10001, 0, -EINVAL);     /* ratelimit > tslice */
    expect_put(30, 1000, 100001, -EINVAL); /* migration delay > 100 ms */
    /* Nothing changed by the refused calls. */
    assert_int_equal(
        sys_op(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p), 0);
    assert_int_equal(p.tslice_ms, 30);
    assert_int_equal(p.ratelimit_us, 1000);

    expect_put(1, 0, 0, 0); /* ratelimit 0 disables it */
    expect_put(1000, 500000, 100000, 0);
    expect_put(10, 10000, 0, 0); /* ratelimit == tslice is allowed */
    assert_int_equal(
        sys_op(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p), 0);
    assert_int_equal(p.tslice_ms, 10);
    assert_int_equal(p.ratelimit_us, 10000);

    assert_int_equal(
        sys_op(5, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p),
        -ESRCH);
    assert_int_equal(
        sys_op(0, XEN_SCHEDULER_CREDIT2, XEN_SYSCTL_SCHEDOP_getinfo, &p),
        -EINVAL);
    assert_int_equal(sys_op(0, XEN_SCHEDULER_CREDIT, 2, &p), -EINVAL);
    sim_teardown(NULL, 0);
}

/* Changing a weight while units run shifts their shares. */
static void test_weight_change_at_run_time(void **state)
{
    struct sim_dom *d[2];
    struct sim_unit *a, *b;
    s_time_t before[2];
    double ratio;

    sim_boot(1);
    d[0] = sim_dom(1, 256, 0, 0);
    d[1] = sim_dom(2, 256, 0, 0);
    a = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    b = sim_unit(d[1], SIM_CPU_BOUND, 0, 0);
    sim_run(MS(1000));
    assert_int_equal(sim_dom_put(d[1], 768, 0xffff), 0);
    sim_run(MS(300));
    sim_ran_snapshot(before);
    sim_run(MS(3000));
    ratio = (double)(b->ran - before[1]) / (double)(a->ran - before[0]);
    printf("weights 256 -> 256:768 at run time: ratio %.3f (want 3)\n", ratio);
    assert_true(ratio > 3 * 0.9 && ratio < 3 * 1.1);
    sim_teardown(d, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_domctl),
        cmocka_unit_test(test_sysctl),
        cmocka_unit_test(test_weight_change_at_run_time),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
