/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the CPU bitmap helpers (xenith/cpumask.h): set, clear,
 * test, weight and iteration across word boundaries up to NR_CPUS.
 */
#include "test_core_shim.h"
#include <xenith/cpumask.h>

static void test_basic(void **state)
{
    cpumask_t m;

    memset(&m, 0, sizeof(m));
    assert_int_equal(cpumask_weight(&m), 0);
    assert_int_equal(cpumask_next(-1, &m), NR_CPUS);
    cpumask_set_cpu(0, &m);
    cpumask_set_cpu(63, &m);
    cpumask_set_cpu(64, &m);
    cpumask_set_cpu(NR_CPUS - 1, &m);
    assert_true(cpumask_test_cpu(63, &m));
    assert_false(cpumask_test_cpu(62, &m));
    assert_int_equal(cpumask_weight(&m), 4);
    assert_int_equal(cpumask_next(0, &m), 63);
    assert_int_equal(cpumask_next(64, &m), NR_CPUS - 1);
    cpumask_clear_cpu(63, &m);
    assert_int_equal(cpumask_next(0, &m), 64);
    assert_int_equal(cpumask_weight(&m), 3);
}

static void test_iterate_all(void **state)
{
    cpumask_t m;
    unsigned int cpu, n = 0, last = 0;

    memset(&m, 0, sizeof(m));
    for (cpu = 1; cpu < NR_CPUS; cpu += 3)
        cpumask_set_cpu(cpu, &m);
    for_each_cpu(cpu, &m)
    {
        assert_int_equal(cpu % 3, 1);
        assert_true(n == 0 || cpu > last);
        last = cpu;
        n++;
    }
    assert_int_equal(n, (NR_CPUS - 1 + 2) / 3);
    assert_int_equal(cpumask_weight(&m), n);
    assert_int_equal(hweight64(~0ULL), 64);
    assert_int_equal(hweight64(0x8000000000000001ULL), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_iterate_all),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
