/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the APIC ID topology arithmetic
 * (arch/x86/topology_calc.c).
 */
#include "test_core_shim.h"
#include <xenith/asm/topology.h>

static void test_bits(void **state)
{
    assert_int_equal(topology_bits(0), 0);
    assert_int_equal(topology_bits(1), 0);
    assert_int_equal(topology_bits(2), 1);
    assert_int_equal(topology_bits(3), 2);
    assert_int_equal(topology_bits(4), 2);
    assert_int_equal(topology_bits(6), 3);
    assert_int_equal(topology_bits(64), 6);
    assert_int_equal(topology_bits(65), 7);
}

static void test_split(void **state)
{
    struct cpu_topology t;

    /* 2 threads per core (1 bit), 4 cores per package (2 more bits). */
    topology_split(0x0d, 1, 3, &t); /* 0b1101 */
    assert_int_equal(t.thread, 1);
    assert_int_equal(t.core, 2);
    assert_int_equal(t.socket, 1);
    /* No SMT, 6 cores padded to 8 IDs. */
    topology_split(0x13, 0, 3, &t);
    assert_int_equal(t.thread, 0);
    assert_int_equal(t.core, 3);
    assert_int_equal(t.socket, 2);
    /* A core width smaller than the thread width is treated as equal. */
    topology_split(0x7, 2, 1, &t);
    assert_int_equal(t.thread, 3);
    assert_int_equal(t.core, 0);
    assert_int_equal(t.socket, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bits),
        cmocka_unit_test(test_split),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
