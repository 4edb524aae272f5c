/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the credit scheduler's accounting and policies, driven by
 * the deterministic simulator in test_sched_sim.h: weights, caps, rate
 * limit, time slice, wake-up boost, load balancing and affinity.  Every
 * test prints the shares it measured.
 */
#include "test_sched_sim.h"

#define WINDOW MS(3000)

/* Two CPU-bound units on one pCPU, weights w1:w2, over 3 s. */
static void run_pair(uint16_t w1, uint16_t w2, double *s1, double *s2)
{
    struct sim_dom *d[2];
    struct sim_unit *a, *b;

    sim_boot(1);
    d[0] = sim_dom(1, w1, 0, 0);
    d[1] = sim_dom(2, w2, 0, 0);
    a = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    b = sim_unit(d[1], SIM_CPU_BOUND, 0, 0);
    sim_run(WINDOW);
    *s1 = share(a->ran, WINDOW);
    *s2 = share(b->ran, WINDOW);
    sim_teardown(d, 2);
}

static void test_weight_256_512(void **state)
{
    double s1, s2, ratio;

    run_pair(256, 512, &s1, &s2);
    ratio = s2 / s1;
    printf("weights 256:512 on 1 pCPU: %.3f : %.3f (ratio %.3f, want 2)\n", s1,
           s2, ratio);
    assert_true(s1 + s2 > 0.999);
    assert_true(ratio > 2 * 0.9 && ratio < 2 * 1.1);
}

static void test_weight_equal(void **state)
{
    double s1, s2;

    run_pair(256, 256, &s1, &s2);
    printf("weights 256:256 on 1 pCPU: %.3f : %.3f\n", s1, s2);
    assert_true(s1 > 0.45 && s1 < 0.55);
    assert_true(s2 > 0.45 && s2 < 0.55);
}

static void test_weight_1_65535(void **state)
{
    double s1, s2;

    run_pair(1, 65535, &s1, &s2);
    printf("weights 1:65535 on 1 pCPU: %.4f : %.4f\n", s1, s2);
    assert_true(s2 > 0.95);
}

/* A single CPU-bound unit with cap on an otherwise idle pCPU. */
static double run_capped_alone(uint16_t cap)
{
    struct sim_dom *d[1];
    struct sim_unit *u;
    double s;

    sim_boot(1);
    d[0] = sim_dom(1, 256, cap, 0);
    u = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    sim_run(WINDOW);
    s = share(u->ran, WINDOW);
    sim_teardown(d, 1);
    return s;
}

static void test_cap_50_alone(void **state)
{
    double s = run_capped_alone(50);

    printf("cap 50 alone on 1 pCPU: %.3f\n", s);
    assert_true(s <= 0.50 + 0.02);
    assert_true(s >= 0.40);
}

static void test_cap_20_alone(void **state)
{
    double s = run_capped_alone(20);

    printf("cap 20 alone on 1 pCPU: %.3f\n", s);
    assert_true(s <= 0.20 + 0.02);
    assert_true(s >= 0.15);
}

static void test_cap_0_uncapped(void **state)
{
    double s = run_capped_alone(0);

    printf("cap 0 alone on 1 pCPU: %.3f\n", s);
    assert_true(s > 0.999);
}

/* A capped domain next to an uncapped one: the other gets the rest. */
static void test_cap_with_competitor(void **state)
{
    struct sim_dom *d[2];
    struct sim_unit *a, *b;

    sim_boot(1);
    d[0] = sim_dom(1, 256, 25, 0);
    d[1] = sim_dom(2, 256, 0, 0);
    a = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    b = sim_unit(d[1], SIM_CPU_BOUND, 0, 0);
    sim_run(WINDOW);
    printf("cap 25 vs uncapped on 1 pCPU: %.3f : %.3f\n", share(a->ran, WINDOW),
           share(b->ran, WINDOW));
    assert_true(share(a->ran, WINDOW) <= 0.25 + 0.02);
    assert_true(share(b->ran, WINDOW) >= 0.73);
    sim_teardown(d, 2);
}

/* A cap above 100 spans pCPUs: 2 units capped at 150 on 2 pCPUs. */
static void test_cap_150_two_units(void **state)
{
    struct sim_dom *d[1];
    struct sim_unit *a, *b;
    double total;

    sim_boot(2);
    d[0] = sim_dom(1, 256, 150, 0);
    a = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    b = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    sim_run(WINDOW);
    total = share(a->ran + b->ran, WINDOW);
    printf("cap 150, 2 units on 2 pCPUs: %.3f + %.3f = %.3f pCPUs\n",
           share(a->ran, WINDOW), share(b->ran, WINDOW), total);
    assert_true(total <= 1.5 + 0.03);
    assert_true(total >= 1.35);
    sim_teardown(d, 1);
}

/* Weight counts per active vCPU (as in Xen): a 2-vCPU domain next to a
 * 1-vCPU domain of equal weight gets two thirds of one pCPU. */
static void test_weight_per_vcpu(void **state)
{
    struct sim_dom *d[2];
    struct sim_unit *a1, *a2, *b;
    double sa, sb;

    sim_boot(1);
    d[0] = sim_dom(1, 256, 0, 0);
    d[1] = sim_dom(2, 256, 0, 0);
    a1 = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    a2 = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    b = sim_unit(d[1], SIM_CPU_BOUND, 0, 0);
    sim_run(WINDOW);
    sa = share(a1->ran + a2->ran, WINDOW);
    sb = share(b->ran, WINDOW);
    printf("2-vCPU vs 1-vCPU domain, equal weights: %.3f : %.3f\n", sa, sb);
    assert_true(sa / sb > 2 * 0.9 && sa / sb < 2 * 1.1);
    sim_teardown(d, 2);
}

/*
 * A CPU-bound unit and four I/O units waking every 0.5 ms on one pCPU:
 * with the default rate limit no running unit is preempted before 1 ms;
 * with rate limiting off, such preemptions do happen (so the check can
 * fail).  Returns the shortest preempted run seen.
 */
static s_time_t run_ratelimit(uint32_t ratelimit_us)
{
    struct sim_dom *d[5];
    s_time_t min = SCHED_TIME_NEVER;
    unsigned int i;

    sim_boot(1);
    assert_int_equal(sim_pool_put(0, 30, ratelimit_us), 0);
    d[0] = sim_dom(1, 256, 0, 0);
    sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    for (i = 1; i < 5; i++) {
        d[i] = sim_dom(i + 1, 256, 0, 0);
        sim_unit(d[i], SIM_IO, US(200), US(500 + 37 * i));
    }
    sim_run(MS(1000));
    for (i = 0; i < sim.nunits; i++)
        min = MIN(min, sim.units[i]->min_preempted);
    sim_teardown(d, 5);
    return min;
}

static void test_ratelimit(void **state)
{
    s_time_t on = run_ratelimit(1000), off = run_ratelimit(0);

    printf("shortest preempted run: ratelimit 1000us: %lld us, off: %lld "
           "us\n",
           (long long)(on / 1000), (long long)(off / 1000));
    assert_true(on >= US(1000));
    assert_true(off < US(1000));
}

/* Two equal CPU-bound units on one pCPU with a given slice. */
static void run_tslice(uint32_t tslice_ms, s_time_t *max_stint,
                       unsigned long *switches)
{
    struct sim_dom *d[2];
    struct sim_unit *a, *b;

    sim_boot(1);
    assert_int_equal(sim_pool_put(0, tslice_ms, 1000), 0);
    d[0] = sim_dom(1, 256, 0, 0);
    d[1] = sim_dom(2, 256, 0, 0);
    a = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    b = sim_unit(d[1], SIM_CPU_BOUND, 0, 0);
    sim_run(WINDOW);
    *max_stint = MAX(a->max_stint, b->max_stint);
    *switches = sim.switches;
    sim_teardown(d, 2);
}

static void test_tslice(void **state)
{
    s_time_t stint30, stint10;
    unsigned long sw30, sw10;

    run_tslice(30, &stint30, &sw30);
    run_tslice(10, &stint10, &sw10);
    printf("tslice 30ms: longest run %lld ms, %lu switches; tslice 10ms: "
           "longest run %lld ms, %lu switches\n",
           (long long)(stint30 / MS(1)), sw30, (long long)(stint10 / MS(1)),
           sw10);
    assert_true(stint30 <= MS(30) && stint30 >= MS(29));
    assert_true(stint10 <= MS(10) && stint10 >= MS(9));
    /* About one switch per slice over 3 s. */
    assert_true(sw30 >= 90 && sw30 <= 110);
    assert_true(sw10 >= 270 && sw10 <= 330);
}

/*
 * An I/O-bound unit (0.5 ms of work every 10 ms) next to a CPU hog on one
 * pCPU: it is boosted on wake and runs within the rate limit, so it gets
 * all the CPU it asks for.
 */
static void test_boost_on_wake(void **state)
{
    struct sim_dom *d[2];
    struct sim_unit *hog, *io;
    double want;

    sim_boot(1);
    d[0] = sim_dom(1, 256, 0, 0);
    d[1] = sim_dom(2, 256, 0, 0);
    hog = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    io = sim_unit(d[1], SIM_IO, US(500), MS(10));
    /* Both units start boosted at time 0; measure after that settles. */
    sim_run(MS(100));
    io->max_latency = 0;
    io->wakes = 0;
    io->ran = 0;
    hog->ran = 0;
    sim_run(WINDOW);
    want = 0.5 / 10.5;
    printf("I/O unit: worst wake-to-run %lld us over %lu wakes, share %.4f "
           "(asks %.4f); hog %.3f\n",
           (long long)(io->max_latency / 1000), io->wakes,
           share(io->ran, WINDOW), want, share(hog->ran, WINDOW));
    assert_true(io->wakes > 250);
    assert_true(io->max_latency <= US(1000));
    assert_true(share(io->ran, WINDOW) > want * 0.9);
    sim_teardown(d, 2);
}

/* 8 CPU-bound units on 4 pCPUs: each gets half a pCPU within 10%. */
static void run_balance(bool start_on_cpu0)
{
    struct sim_dom *d[8];
    s_time_t before[8];
    unsigned long *one = NULL, *all = NULL;
    unsigned int i;

    sim_boot(4);
    if (start_on_cpu0) {
        one = sched_mask_alloc();
        all = sched_mask_alloc();
        sched_mask_set(one, 0);
        sched_mask_fill(all);
    }
    for (i = 0; i < 8; i++) {
        struct sim_unit *u;

        d[i] = sim_dom(i + 1, 256, 0, 0);
        u = sim_unit(d[i], SIM_CPU_BOUND, 0, 0);
        if (one)
            assert_int_equal(sched_set_affinity(&u->su, one), 0);
    }
    if (start_on_cpu0) {
        sim_run(MS(100));
        for (i = 0; i < 8; i++)
            assert_int_equal(sim.units[i]->ran_on_mask & ~1UL, 0);
        for (i = 0; i < 8; i++)
            assert_int_equal(sched_set_affinity(&sim.units[i]->su, all), 0);
    }
    sim_ran_snapshot(before);
    sim_run(WINDOW);
    printf("8 units on 4 pCPUs%s:", start_on_cpu0 ? " (all from CPU0)" : "");
    for (i = 0; i < 8; i++)
        printf(" %.3f", share(sim.units[i]->ran - before[i], WINDOW));
    printf(" (fair 0.5)\n");
    for (i = 0; i < 8; i++) {
        double s = share(sim.units[i]->ran - before[i], WINDOW);

        assert_true(s > 0.45 && s < 0.55);
    }
    sched_mask_free(one);
    sched_mask_free(all);
    sim_teardown(d, 8);
}

static void test_balance_4x8(void **state)
{
    run_balance(false);
}

static void test_balance_from_cpu0(void **state)
{
    run_balance(true);
}

/* Pinned units stay inside their affinity; others fill the rest. */
static void test_affinity(void **state)
{
    struct sim_dom *d[3];
    unsigned long *m1 = sched_mask_alloc(), *m23;
    struct sim_unit *p[4];
    unsigned int i;

    sim_boot(4);
    m1 = sched_mask_alloc();
    m23 = sched_mask_alloc();
    sched_mask_set(m1, 1);
    sched_mask_set(m23, 2);
    sched_mask_set(m23, 3);
    d[0] = sim_dom(1, 256, 0, 0);
    d[1] = sim_dom(2, 256, 0, 0);
    d[2] = sim_dom(3, 256, 0, 0);
    for (i = 0; i < 2; i++) {
        p[i] = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
        assert_int_equal(sched_set_affinity(&p[i]->su, m1), 0);
    }
    for (i = 2; i < 4; i++) {
        p[i] = sim_unit(d[1], SIM_IO, MS(3), MS(1));
        assert_int_equal(sched_set_affinity(&p[i]->su, m23), 0);
    }
    for (i = 0; i < 4; i++)
        sim_unit(d[2], SIM_CPU_BOUND, 0, 0);
    sim_run(WINDOW);
    for (i = 0; i < sim.nunits; i++)
        assert_false(sim.units[i]->bad_cpu);
    for (i = 0; i < 2; i++)
        assert_int_equal(p[i]->ran_on_mask & ~2UL, 0);
    for (i = 2; i < 4; i++)
        assert_int_equal(p[i]->ran_on_mask & ~0xcUL, 0);
    printf("pinned to CPU1: %.3f %.3f; to CPU2-3: %.3f %.3f\n",
           share(p[0]->ran, WINDOW), share(p[1]->ran, WINDOW),
           share(p[2]->ran, WINDOW), share(p[3]->ran, WINDOW));
    assert_true(share(p[0]->ran + p[1]->ran, WINDOW) > 0.5);

    /* A mask without any pCPU of the pool is refused. */
    sched_mask_zero(m1);
    assert_int_equal(sched_set_affinity(&p[0]->su, m1), -EINVAL);
    sched_mask_free(m1);
    sched_mask_free(m23);
    sim_teardown(d, 3);
}

static void test_yield(void **state)
{
    struct sim_dom *d[2];
    struct sim_unit *a, *b;

    sim_boot(1);
    d[0] = sim_dom(1, 256, 0, 0);
    d[1] = sim_dom(2, 256, 0, 0);
    a = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    b = sim_unit(d[1], SIM_CPU_BOUND, 0, 0);
    sim_run(MS(5));
    assert_ptr_equal(sched_curr(0), &a->su);
    /* Yielding skips the rate limit and hands the pCPU to b. */
    sched_unit_yield(&a->su);
    sim_run(US(1));
    assert_ptr_equal(sched_curr(0), &b->su);
    sim_teardown(d, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weight_256_512),
        cmocka_unit_test(test_weight_equal),
        cmocka_unit_test(test_weight_1_65535),
        cmocka_unit_test(test_cap_50_alone),
        cmocka_unit_test(test_cap_20_alone),
        cmocka_unit_test(test_cap_0_uncapped),
        cmocka_unit_test(test_cap_with_competitor),
        cmocka_unit_test(test_cap_150_two_units),
        cmocka_unit_test(test_weight_per_vcpu),
        cmocka_unit_test(test_ratelimit),
        cmocka_unit_test(test_tslice),
        cmocka_unit_test(test_boost_on_wake),
        cmocka_unit_test(test_balance_4x8),
        cmocka_unit_test(test_balance_from_cpu0),
        cmocka_unit_test(test_affinity),
        cmocka_unit_test(test_yield),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
