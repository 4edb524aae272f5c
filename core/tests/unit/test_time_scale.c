/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for PV clock scaling (common/time_scale.c): the multiplier
 * and shift stay in range and convert one second and one hour of ticks to
 * nanoseconds within a part per million, for counters from 1 MHz to 8 GHz.
 */
#include "test_core_shim.h"
#include <xenith/time_scale.h>

static void check_hz(uint64_t hz)
{
    struct time_scale ts;
    uint64_t one, hour;

    time_scale_from_hz(hz, &ts);
    assert_true(ts.mul_frac >= 0x80000000u);
    one = scale_delta(hz, &ts);
    hour = scale_delta(hz * 3600, &ts);
    assert_true(one > 1000000000ULL - 1000 && one < 1000000000ULL + 1000);
    assert_true(hour > 3600000000000ULL - 3600000ULL &&
                hour < 3600000000000ULL + 3600000ULL);
}

static void test_frequencies(void **state)
{
    static const uint64_t hz[] = { 1000000ULL,    14318180ULL,   100000000ULL,
                                   999999999ULL,  1000000000ULL, 1000000001ULL,
                                   2000000000ULL, 2599000000ULL, 3999999999ULL,
                                   8000000000ULL };

    for (unsigned int i = 0; i < sizeof(hz) / sizeof(hz[0]); i++)
        check_hz(hz[i]);
}

static void test_shift_direction(void **state)
{
    struct time_scale ts;

    time_scale_from_hz(1000000, &ts); /* slow: shift left */
    assert_true(ts.shift > 0);
    time_scale_from_hz(3000000000ULL, &ts); /* fast: shift right */
    assert_int_equal(ts.shift, -1);
    assert_int_equal(scale_delta(0, &ts), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frequencies),
        cmocka_unit_test(test_shift_direction),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
