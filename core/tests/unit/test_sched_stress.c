/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Randomised (but seeded, so repeatable) stress of the scheduler: mixed
 * CPU-bound and I/O units on 6 pCPUs in two pools, with affinity changes,
 * pauses, weight/cap/tslice changes, pCPU moves and domain moves while
 * they run.  After every step the credit scheduler's run-queue invariants
 * are checked, and every runnable unit must make progress.
 */
#include "test_sched_sim.h"

#include "../../common/sched/credit.h"

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static unsigned int rnd(unsigned int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned int)(rng % n);
}

/* Every pCPU's queue holds runnable, not running units of its pool that
 * sit on that pCPU (priority order is only restored lazily, after each
 * accounting period, so it is not checked); nr_runnable counts them plus
 * the running one; no unit runs on two pCPUs. */
static void check_invariants(void)
{
    unsigned int cpu, i, running = 0, queued = 0;

    for (cpu = 0; cpu < sim.ncpus; cpu++) {
        struct sched_res *res = sched_res(cpu);
        struct csched_pcpu *spc = res->sched_priv;
        struct sched_list *pos;
        unsigned int n = 0;

        if (!res->pool) {
            assert_null(res->curr);
            continue;
        }
        if (res->curr) {
            assert_true(res->curr->is_running);
            assert_int_equal(res->curr->processor, cpu);
            /* Outside its affinity only until cpu reschedules. */
            assert_true(sched_mask_test(res->curr->hard_affinity, cpu) ||
                        res->curr->migrate_pending);
            running++;
        }
        sched_list_for_each(pos, &spc->runq)
        {
            struct csched_unit *svc =
                sched_list_entry(pos, struct csched_unit, runq_elem);

            assert_int_equal(svc->unit->processor, cpu);
            assert_false(svc->unit->is_running);
            assert_true(sched_unit_runnable(svc->unit));
            assert_ptr_equal(svc->unit->sdom->pool, res->pool);
            n++;
        }
        queued += n;
        assert_int_equal(spc->nr_runnable, n + (res->curr ? 1 : 0));
    }
    for (i = 0; i < sim.nunits; i++) {
        struct sched_unit *u = &sim.units[i]->su;

        if (u->is_running)
            assert_ptr_equal(sched_curr(u->processor), u);
        running -= u->is_running;
    }
    assert_int_equal(running, 0);
}

static void random_action(struct sim_dom **d, unsigned long **masks)
{
    struct sim_unit *u = sim.units[rnd(sim.nunits)];
    struct sim_dom *dom = d[rnd(4)];

    switch (rnd(8)) {
    case 0:
        sched_set_affinity(&u->su, masks[rnd(3)]);
        break;
    case 1:
        sched_unit_pause_nosync(&u->su);
        sim_run(US(200 + rnd(3000)));
        sched_unit_unpause(&u->su);
        break;
    case 2:
        sim_dom_put(dom, (uint16_t)(1 + rnd(2000)), (uint16_t)(rnd(4) * 40));
        break;
    case 3:
        sim_pool_put(rnd(2), 1 + rnd(50), rnd(2) ? 0 : 100 + rnd(900));
        break;
    case 4:
        sched_unit_yield(&u->su);
        break;
    default:
        break;
    }
}

/* Move pCPU 5 between pool 0 and pool 1, retrying while busy. */
static void flip_cpu5(void)
{
    struct xen_sysctl_cpupool_op op = { 0 };
    unsigned int from = sched_res(5)->pool->cpupool_id, tries = 0;
    int rc;

    op.op = XEN_SYSCTL_CPUPOOL_OP_RMCPU;
    op.cpupool_id = from;
    op.cpu = 5;
    while ((rc = cpupool_do_op(&op, NULL, NULL, 0)) == -EAGAIN) {
        assert_true(++tries < 10);
        sim_run(US(100));
    }
    if (rc == -EBUSY)
        return; /* last pCPU of a pool with domains */
    assert_int_equal(rc, 0);
    op.op = XEN_SYSCTL_CPUPOOL_OP_ADDCPU;
    op.cpupool_id = from ? 0 : 1;
    assert_int_equal(cpupool_do_op(&op, NULL, NULL, 0), 0);
}

/* Move domain 3 to the other pool (paused while it moves). */
static void move_dom(struct sim_dom *d)
{
    struct xen_sysctl_cpupool_op op = { 0 };
    struct sched_list *pos;

    sched_list_for_each(pos, &d->sd.units)
    {
        sched_unit_pause_nosync(
            sched_list_entry(pos, struct sched_unit, dom_elem));
    }
    sim_run(US(10));
    op.op = XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN;
    op.cpupool_id = d->sd.pool->cpupool_id ? 0 : 1;
    assert_int_equal(cpupool_do_op(&op, &d->sd, NULL, 0), 0);
    sched_list_for_each(pos, &d->sd.units)
    {
        sched_unit_unpause(sched_list_entry(pos, struct sched_unit, dom_elem));
    }
}

static void test_stress(void **state)
{
    struct xen_sysctl_cpupool_op op = { 0 };
    unsigned long *masks[3];
    s_time_t before[SIM_MAX_UNITS];
    struct sim_dom *d[4];
    unsigned int i, step;

    /* SCHED_STRESS_SEED=n replays another sequence. */
    if (getenv("SCHED_STRESS_SEED"))
        rng = strtoull(getenv("SCHED_STRESS_SEED"), NULL, 0) | 1;
    sim_boot(6);
    op.op = XEN_SYSCTL_CPUPOOL_OP_CREATE;
    op.cpupool_id = 1;
    op.sched_id = XEN_SCHEDULER_CREDIT;
    assert_int_equal(cpupool_do_op(&op, NULL, NULL, 0), 0);
    for (i = 0; i < 3; i++)
        masks[i] = sched_mask_alloc();
    sched_mask_fill(masks[0]);
    sched_mask_set(masks[1], 1);
    sched_mask_set(masks[1], 4);
    sched_mask_set(masks[2], 5);
    sched_mask_set(masks[2], 2);
    for (i = 0; i < 4; i++)
        d[i] = sim_dom(i + 1, 256, 0, 0);
    for (i = 0; i < 12; i++) {
        if (i % 3)
            sim_unit(d[i % 4], SIM_CPU_BOUND, 0, 0);
        else
            sim_unit(d[i % 4], SIM_IO, US(100 + rnd(2000)),
                     US(100 + rnd(5000)));
    }
    for (step = 0; step < 600; step++) {
        sim_run(US(100 + rnd(20000)));
        check_invariants();
        random_action(d, masks);
        check_invariants();
        if (step % 50 == 25)
            flip_cpu5();
        if (step % 100 == 60)
            move_dom(d[2]);
        check_invariants();
    }
    /* Back to calm settings: everyone runnable makes progress. */
    for (i = 0; i < 4; i++)
        sim_dom_put(d[i], 256, 0);
    for (i = 0; i < sim.nunits; i++)
        sched_set_affinity(&sim.units[i]->su, masks[0]);
    sim_ran_snapshot(before);
    sim_run(MS(2000));
    check_invariants();
    for (i = 0; i < sim.nunits; i++)
        assert_true(sim.units[i]->ran - before[i] > MS(20));
    printf("stress: %lu context switches in %lld ms simulated\n", sim.switches,
           (long long)(sim.now / MS(1)));
    for (i = 0; i < 3; i++)
        sched_mask_free(masks[i]);
    sim_teardown(d, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stress),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
