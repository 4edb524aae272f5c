/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the TSC scale published to PV guests
 * (arch/x86/pv/tsc_scale.c): for TSC frequencies from 100 MHz to 10 GHz
 * the guest's conversion of one second of ticks is one second within
 * 1 ppm, mul stays normalised, and long intervals do not overflow.
 */
#include "test_core_shim.h"
#include <xenith/asm/pv/time.h>

static const uint64_t freqs_khz[] = { 100000,  999999,  1000000, 1001645,
                                      2600592, 3000000, 3999999, 4000001,
                                      5123457, 10000000 };

static void check_second(uint64_t khz)
{
    uint32_t mul;
    int8_t shift;
    uint64_t ns;
    int64_t err;

    pv_tsc_scale(khz, &mul, &shift);
    assert_true(mul >= (1U << 31));
    ns = pv_scale_delta(khz * 1000, mul, shift);
    err = (int64_t)ns - 1000000000LL;
    assert_true(err <= 1000 && err >= -1000);
}

static void test_one_second(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < sizeof(freqs_khz) / sizeof(freqs_khz[0]); i++)
        check_second(freqs_khz[i]);
}

static void test_exact_gigahertz(void **state)
{
    uint32_t mul;
    int8_t shift;

    (void)state;
    /* 1 GHz: one tick is exactly one nanosecond. */
    pv_tsc_scale(1000000, &mul, &shift);
    assert_int_equal(pv_scale_delta(123456789, mul, shift), 123456789);
    /* 2 GHz: two ticks per nanosecond. */
    pv_tsc_scale(2000000, &mul, &shift);
    assert_int_equal(pv_scale_delta(2000, mul, shift), 1000);
}

static void test_long_interval(void **state)
{
    uint32_t mul;
    int8_t shift;
    uint64_t day_ticks = 2600592ULL * 1000 * 86400;

    (void)state;
    pv_tsc_scale(2600592, &mul, &shift);
    /* A day of ticks converts to a day of nanoseconds (no overflow). */
    assert_true(pv_scale_delta(day_ticks, mul, shift) / 1000000000ULL ==
                    86399 ||
                pv_scale_delta(day_ticks, mul, shift) / 1000000000ULL == 86400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_second),
        cmocka_unit_test(test_exact_gigahertz),
        cmocka_unit_test(test_long_interval),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
