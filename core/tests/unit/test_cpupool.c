/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of cpupools: XEN_SYSCTL_cpupool_op semantics and error codes
 * (Xen 4.17's), domains and units following their pool, pCPU removal
 * while a unit runs there, pool limits, large CPU counts and allocation
 * failures.
 */
#include "test_sched_sim.h"

static int pool_op(uint32_t cmd, uint32_t poolid, uint32_t sched_id,
                   uint32_t cpu, struct sched_dom *d, uint32_t *out_id)
{
    struct xen_sysctl_cpupool_op op = { 0 };
    int rc;

    op.op = cmd;
    op.cpupool_id = poolid;
    op.sched_id = sched_id;
    op.cpu = cpu;
    rc = cpupool_do_op(&op, d, NULL, 0);
    if (out_id)
        *out_id = op.cpupool_id;
    return rc;
}

static int create(uint32_t poolid, uint32_t *out)
{
    return pool_op(XEN_SYSCTL_CPUPOOL_OP_CREATE, poolid, XEN_SCHEDULER_CREDIT,
                   0, NULL, out);
}

static int addcpu(uint32_t poolid, uint32_t cpu)
{
    return pool_op(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, poolid, 0, cpu, NULL, NULL);
}

static int rmcpu(uint32_t poolid, uint32_t cpu)
{
    return pool_op(XEN_SYSCTL_CPUPOOL_OP_RMCPU, poolid, 0, cpu, NULL, NULL);
}

static int destroy(uint32_t poolid)
{
    return pool_op(XEN_SYSCTL_CPUPOOL_OP_DESTROY, poolid, 0, 0, NULL, NULL);
}

static int movedom(struct sim_dom *d, uint32_t poolid)
{
    return pool_op(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, poolid, 0, 0,
                   d ? &d->sd : NULL, NULL);
}

/* INFO for the first pool with id >= poolid; map gets its pCPUs. */
static int info(uint32_t poolid, struct xen_sysctl_cpupool_op *op, uint8_t *map,
                unsigned int bytes)
{
    memset(op, 0, sizeof(*op));
    op->op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    op->cpupool_id = poolid;
    return cpupool_do_op(op, NULL, map, bytes);
}

static uint8_t freemap(void)
{
    struct xen_sysctl_cpupool_op op = { 0 };
    uint8_t map = 0xaa;

    op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
    assert_int_equal(cpupool_do_op(&op, NULL, &map, 1), 0);
    return map;
}

static void test_boot_and_info(void **state)
{
    struct xen_sysctl_cpupool_op op;
    uint8_t map[2] = { 0x55, 0x55 };

    sim_boot(8);
    assert_int_equal(info(0, &op, map, 2), 0);
    assert_int_equal(op.cpupool_id, 0);
    assert_int_equal(op.sched_id, XEN_SCHEDULER_CREDIT);
    assert_int_equal(op.n_dom, 0);
    assert_int_equal(map[0], 0xff);
    assert_int_equal(map[1], 0);
    assert_int_equal(freemap(), 0);
    assert_int_equal(sched_default_id(), XEN_SCHEDULER_CREDIT);
    /* No pool with an id >= 1. */
    assert_int_equal(info(1, &op, NULL, 0), -ENOENT);
    assert_int_equal(pool_op(99, 0, 0, 0, NULL, NULL), -ENOSYS);
    sim_teardown(NULL, 0);
}

static void test_create_destroy(void **state)
{
    struct xen_sysctl_cpupool_op op;
    uint32_t id;

    sim_boot(8);
    assert_int_equal(create(3, &id), 0);
    assert_int_equal(id, 3);
    assert_int_equal(create(3, &id), -EEXIST);
    assert_int_equal(create(0, &id), -EEXIST);
    assert_int_equal(pool_op(XEN_SYSCTL_CPUPOOL_OP_CREATE, 5,
                             XEN_SCHEDULER_CREDIT2, 0, NULL, NULL),
                     -ENOENT);
    assert_int_equal(create(XEN_SYSCTL_CPUPOOL_PAR_ANY, &id), 0);
    assert_int_equal(id, 4);
    assert_int_equal(create(1, &id), 0);

    /* INFO walks the pools in id order. */
    assert_int_equal(info(0, &op, NULL, 0), 0);
    assert_int_equal(op.cpupool_id, 0);
    assert_int_equal(info(2, &op, NULL, 0), 0);
    assert_int_equal(op.cpupool_id, 3);
    assert_int_equal(info(5, &op, NULL, 0), -ENOENT);

    assert_int_equal(destroy(7), -ENOENT);
    assert_int_equal(destroy(0), -EBUSY); /* pool 0 has pCPUs */
    assert_int_equal(destroy(3), 0);
    assert_int_equal(destroy(3), -ENOENT);
    assert_int_equal(destroy(4), 0);
    assert_int_equal(destroy(1), 0);
    sim_teardown(NULL, 0);
}

static void test_cpu_moves(void **state)
{
    struct xen_sysctl_cpupool_op op;
    uint8_t map;
    uint32_t id;

    sim_boot(8);
    assert_int_equal(create(1, &id), 0);
    assert_int_equal(addcpu(1, 3), -ENODEV); /* still in pool 0 */
    assert_int_equal(addcpu(1, XEN_SYSCTL_CPUPOOL_PAR_ANY), -ENODEV);
    assert_int_equal(addcpu(9, 3), -ENOENT);
    assert_int_equal(rmcpu(0, 0), -EINVAL);        /* pCPU 0 stays in pool 0 */
    assert_int_equal(rmcpu(0, 8), -EINVAL);        /* no such pCPU */
    assert_int_equal(rmcpu(1, 5), -EADDRNOTAVAIL); /* not in pool 1 */
    assert_int_equal(rmcpu(9, 5), -ENOENT);

    assert_int_equal(rmcpu(0, 3), 0);
    assert_int_equal(freemap(), 0x08);
    assert_int_equal(addcpu(1, 8), -EINVAL);
    assert_int_equal(addcpu(1, 3), 0);
    assert_int_equal(freemap(), 0);
    assert_int_equal(rmcpu(0, XEN_SYSCTL_CPUPOOL_PAR_ANY), 0); /* pCPU 7 */
    assert_int_equal(addcpu(1, XEN_SYSCTL_CPUPOOL_PAR_ANY), 0);
    assert_int_equal(info(1, &op, &map, 1), 0);
    assert_int_equal(map, 0x88);
    assert_int_equal(info(0, &op, &map, 1), 0);
    assert_int_equal(map, 0x77);
    assert_int_equal(destroy(1), -EBUSY); /* it has pCPUs */
    assert_int_equal(rmcpu(1, 3), 0);
    assert_int_equal(rmcpu(1, 7), 0);
    assert_int_equal(destroy(1), 0);
    assert_int_equal(freemap(), 0x88);
    sim_teardown(NULL, 0);
}

/* Domains join, leave and move between pools; units follow. */
static void test_domains(void **state)
{
    struct sim_dom *d[2];
    struct sched_dom other;
    struct xen_sysctl_cpupool_op op;
    struct sim_unit *u[2];
    uint32_t id;
    unsigned int i;

    sim_boot(4);
    assert_int_equal(create(1, &id), 0);
    assert_int_equal(create(2, &id), 0);
    assert_int_equal(sched_init_dom(&other, NULL, 9, 1), -ENODEV);
    assert_int_equal(sched_init_dom(&other, NULL, 9, 5), -ESRCH);
    assert_int_equal(rmcpu(0, 2), 0);
    assert_int_equal(rmcpu(0, 3), 0);
    assert_int_equal(addcpu(1, 2), 0);
    assert_int_equal(addcpu(1, 3), 0);

    d[0] = sim_dom(1, 256, 0, 1);
    d[1] = sim_dom(2, 256, 0, 0);
    for (i = 0; i < 2; i++)
        u[i] = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    sim_unit(d[1], SIM_CPU_BOUND, 0, 0);
    sim_run(MS(300));
    for (i = 0; i < 2; i++)
        assert_int_equal(u[i]->ran_on_mask & ~0xcUL, 0);
    assert_int_equal(info(1, &op, NULL, 0), 0);
    assert_int_equal(op.n_dom, 1);

    assert_int_equal(destroy(1), -EBUSY);        /* domain and pCPUs */
    assert_int_equal(movedom(d[0], 2), -ENOENT); /* pool 2 is empty */
    assert_int_equal(movedom(d[0], 7), -ENOENT);
    assert_int_equal(movedom(NULL, 0), -ESRCH);
    assert_int_equal(movedom(d[0], 1), 0); /* already there */
    /* pCPU 2 runs a unit of d0: the removal waits until it switched. */
    assert_int_equal(rmcpu(1, 2), -EAGAIN);
    sim_run(MS(1));
    assert_int_equal(rmcpu(1, 2), 0);
    assert_int_equal(rmcpu(1, 3), -EBUSY); /* last pCPU, domain inside */

    /* Moving needs the units off the pCPUs (the caller pauses). */
    assert_int_equal(movedom(d[0], 0), -EBUSY);
    for (i = 0; i < 2; i++)
        sched_unit_pause_nosync(&u[i]->su);
    sim_run(MS(1));
    assert_int_equal(movedom(d[0], 0), 0);
    for (i = 0; i < 2; i++) {
        sched_unit_unpause(&u[i]->su);
        u[i]->ran_on_mask = 0;
    }
    sim_run(MS(300));
    for (i = 0; i < 2; i++) {
        assert_true(u[i]->ran_on_mask != 0);
        assert_int_equal(u[i]->ran_on_mask & ~0x3UL, 0);
    }
    assert_int_equal(info(0, &op, NULL, 0), 0);
    assert_int_equal(op.n_dom, 2);
    assert_int_equal(rmcpu(1, 3), 0);
    assert_int_equal(destroy(1), 0);
    sim_teardown(d, 2);
}

/* Removing a pCPU that runs a unit: -EAGAIN until it switched away. */
static void test_rmcpu_running(void **state)
{
    struct sim_dom *d[1];
    struct sim_unit *u[4];
    unsigned int i, cpu;

    sim_boot(4);
    d[0] = sim_dom(1, 256, 0, 0);
    for (i = 0; i < 4; i++)
        u[i] = sim_unit(d[0], SIM_CPU_BOUND, 0, 0);
    sim_run(MS(50));
    assert_non_null(sched_curr(3));
    assert_int_equal(rmcpu(0, 3), -EAGAIN);
    assert_int_equal(rmcpu(0, 2), -EADDRNOTAVAIL); /* one at a time */
    assert_int_equal(destroy(0), -EBUSY);
    sim_run(MS(1));
    assert_null(sched_curr(3));
    assert_int_equal(rmcpu(0, 3), 0);
    assert_int_equal(freemap(), 0x08);
    for (i = 0; i < 4; i++)
        u[i]->ran_on_mask = 0;
    sim_run(MS(300));
    for (i = 0; i < 4; i++) {
        assert_true(u[i]->ran > 0);
        assert_int_equal(u[i]->ran_on_mask & 0x8UL, 0);
    }
    for (cpu = 0; cpu < 3; cpu++)
        assert_non_null(sched_curr(cpu));
    sim_teardown(d, 1);
}

/* Xen refuses more than twice as many pools as CPU ids. */
static void test_pool_limit(void **state)
{
    uint32_t id;

    sim_boot(2);
    assert_int_equal(create(XEN_SYSCTL_CPUPOOL_PAR_ANY, &id), 0);
    assert_int_equal(create(XEN_SYSCTL_CPUPOOL_PAR_ANY, &id), 0);
    assert_int_equal(create(XEN_SYSCTL_CPUPOOL_PAR_ANY, &id), 0);
    assert_int_equal(id, 3);
    assert_int_equal(create(XEN_SYSCTL_CPUPOOL_PAR_ANY, &id), -ENOSPC);
    assert_int_equal(destroy(2), 0);
    assert_int_equal(create(XEN_SYSCTL_CPUPOOL_PAR_ANY, &id), 0);
    assert_int_equal(id, 4);
    sim_teardown(NULL, 0);
}

/* 4095 pCPUs (Xen 4.2's limit): masks sized at boot, not by NR_CPUS. */
static void test_4095_cpus(void **state)
{
    static uint8_t map[600];
    struct xen_sysctl_cpupool_op op;
    unsigned int i;
    uint32_t id;

    sim_boot(4095);
    assert_int_equal(info(0, &op, map, sizeof(map)), 0);
    for (i = 0; i < 511; i++)
        assert_int_equal(map[i], 0xff);
    assert_int_equal(map[511], 0x7f);
    assert_int_equal(map[512], 0);
    assert_int_equal(create(1, &id), 0);
    assert_int_equal(rmcpu(0, 4094), 0);
    assert_int_equal(rmcpu(0, 4095), -EINVAL);
    assert_int_equal(addcpu(1, 4094), 0);
    assert_int_equal(info(1, &op, map, sizeof(map)), 0);
    assert_int_equal(map[511], 0x40);
    assert_int_equal(map[0], 0);
    sim_teardown(NULL, 0);
}

static void test_boot_errors(void **state)
{
    unsigned long online[1] = { 1 };

    sched_shutdown();
    assert_int_equal(sched_boot(&sim_platform, 0, online), -EINVAL);
    assert_int_equal(sched_boot(&sim_platform, 4096, online), -EINVAL);
    assert_int_equal(sched_boot(NULL, 4, online), -EINVAL);
    online[0] = 0;
    assert_int_equal(sched_boot(&sim_platform, 4, online), -EINVAL);
    sim_boot(4);
    online[0] = 1;
    assert_int_equal(sched_boot(&sim_platform, 4, online), -EBUSY);
    sim_teardown(NULL, 0);
}

/* Every allocation of a CREATE failing in turn leaves no trace. */
static void test_create_enomem(void **state)
{
    struct xen_sysctl_cpupool_op op;
    long n;
    uint32_t id;
    int rc;

    sim_boot(4);
    for (n = 0;; n++) {
        sim.fail_alloc_after = n;
        rc = create(1, &id);
        sim.fail_alloc_after = -1;
        if (rc == 0)
            break;
        assert_int_equal(rc, -ENOMEM);
        assert_int_equal(info(1, &op, NULL, 0), -ENOENT);
    }
    assert_true(n > 0);
    assert_int_equal(info(1, &op, NULL, 0), 0);
    sim_teardown(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_and_info),
        cmocka_unit_test(test_create_destroy),
        cmocka_unit_test(test_cpu_moves),
        cmocka_unit_test(test_domains),
        cmocka_unit_test(test_rmcpu_running),
        cmocka_unit_test(test_pool_limit),
        cmocka_unit_test(test_4095_cpus),
        cmocka_unit_test(test_boot_errors),
        cmocka_unit_test(test_create_enomem),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
