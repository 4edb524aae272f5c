/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for dom0_mem= and dom0_max_vcpus= parsing
 * (common/dom0_opts.c), in Xen's syntax.
 */
#include "test_core_shim.h"
#include <xenith/dom0.h>
#include <xenith/errno.h>

static struct dom0_opts o;

static int setup(void **state)
{
    memset(&o, 0, sizeof(o));
    o.min_vcpus = 1;
    return 0;
}

static void test_mem(void **state)
{
    assert_int_equal(dom0_parse_mem("512M", &o), 0);
    assert_int_equal(o.mem, 512ULL << 20);
    assert_false(o.mem_all_but);
    assert_int_equal(dom0_parse_mem("min:128M,max:2G,1G", &o), 0);
    assert_int_equal(o.mem_min, 128ULL << 20);
    assert_int_equal(o.mem_max, 2ULL << 30);
    assert_int_equal(o.mem, 1ULL << 30);
    assert_int_equal(dom0_parse_mem("-256M", &o), 0);
    assert_true(o.mem_all_but);
    assert_int_equal(o.mem, 256ULL << 20);
    assert_int_equal(dom0_parse_mem("524288", &o), 0); /* KiB */
    assert_int_equal(o.mem, 512ULL << 20);
}

static void test_mem_bad(void **state)
{
    struct dom0_opts before;

    dom0_parse_mem("1G", &o);
    before = o;
    assert_int_equal(dom0_parse_mem("", &o), -EINVAL);
    assert_int_equal(dom0_parse_mem(NULL, &o), -EINVAL);
    assert_int_equal(dom0_parse_mem("lots", &o), -EINVAL);
    assert_int_equal(dom0_parse_mem("1G,", &o), -EINVAL);
    assert_int_equal(dom0_parse_mem("1G;2G", &o), -EINVAL);
    assert_int_equal(dom0_parse_mem("min:2G,max:1G", &o), -EINVAL);
    assert_int_equal(dom0_parse_mem("0", &o), -EINVAL);
    assert_int_equal(dom0_parse_mem("max:", &o), -EINVAL);
    /* Failed parses change nothing. */
    assert_memory_equal(&before, &o, sizeof(o));
}

static void test_vcpus(void **state)
{
    assert_int_equal(dom0_parse_max_vcpus("4", &o), 0);
    assert_int_equal(o.min_vcpus, 4);
    assert_int_equal(o.max_vcpus, 4);
    assert_int_equal(dom0_parse_max_vcpus("2-8", &o), 0);
    assert_int_equal(o.min_vcpus, 2);
    assert_int_equal(o.max_vcpus, 8);
    assert_int_equal(dom0_parse_max_vcpus("3-", &o), 0);
    assert_int_equal(o.min_vcpus, 3);
    assert_int_equal(o.max_vcpus, 0);
    assert_int_equal(dom0_parse_max_vcpus("-6", &o), 0);
    assert_int_equal(o.min_vcpus, 1);
    assert_int_equal(o.max_vcpus, 6);
}

static void test_vcpus_bad(void **state)
{
    assert_int_equal(dom0_parse_max_vcpus("", &o), -EINVAL);
    assert_int_equal(dom0_parse_max_vcpus("0", &o), -EINVAL);
    assert_int_equal(dom0_parse_max_vcpus("8-2", &o), -EINVAL);
    assert_int_equal(dom0_parse_max_vcpus("4x", &o), -EINVAL);
    assert_int_equal(dom0_parse_max_vcpus("5000", &o), -EINVAL);
    assert_int_equal(dom0_parse_max_vcpus("-", &o), 0); /* no limits */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_mem, setup),
        cmocka_unit_test_setup(test_mem_bad, setup),
        cmocka_unit_test_setup(test_vcpus, setup),
        cmocka_unit_test_setup(test_vcpus_bad, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
