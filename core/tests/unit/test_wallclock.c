/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the wall-clock calendar code (common/wallclock_calc.c):
 * date to Unix seconds, and RTC register decoding in BCD and binary, 12
 * and 24 hour modes, with and without a century register.
 */
#include "test_core_shim.h"
#include <xenith/wallclock.h>

static uint64_t unix_of(unsigned int y, unsigned int mo, unsigned int d,
                        unsigned int h, unsigned int mi, unsigned int s)
{
    struct rtc_time t = { y, mo, d, h, mi, s };

    return rtc_to_unix(&t);
}

static void test_to_unix(void **state)
{
    assert_int_equal(unix_of(1970, 1, 1, 0, 0, 0), 0);
    assert_int_equal(unix_of(2000, 3, 1, 0, 0, 0), 951868800);
    assert_int_equal(unix_of(2026, 11, 24, 13, 45, 7), 1795527907);
    assert_int_equal(unix_of(2100, 2, 28, 23, 59, 59), 4107542399);
    assert_int_equal(unix_of(1999, 12, 31, 23, 59, 59), 946684799);
}

static void test_decode_bcd_24h(void **state)
{
    const uint8_t raw[6] = { 0x07, 0x45, 0x13, 0x24, 0x11, 0x26 };
    struct rtc_time t;

    assert_true(rtc_decode(raw, 0x02, 0x20, &t));
    assert_int_equal(t.year, 2026);
    assert_int_equal(t.mon, 11);
    assert_int_equal(t.day, 24);
    assert_int_equal(t.hour, 13);
    assert_int_equal(t.min, 45);
    assert_int_equal(t.sec, 7);
}

static void test_decode_binary_12h(void **state)
{
    /* 1:45:07 PM in 12-hour binary mode, no century register. */
    const uint8_t pm[6] = { 7, 45, 0x80 | 1, 24, 11, 26 };
    const uint8_t midnight[6] = { 0, 0, 12, 1, 1, 99 };
    struct rtc_time t;

    assert_true(rtc_decode(pm, 0x04, 0, &t));
    assert_int_equal(t.hour, 13);
    assert_int_equal(t.year, 2026);
    assert_true(rtc_decode(midnight, 0x04, 0, &t));
    assert_int_equal(t.hour, 0);
    assert_int_equal(t.year, 1999);
}

static void test_decode_rejects(void **state)
{
    const uint8_t bad_month[6] = { 0, 0, 0, 1, 0x13, 0x26 };
    const uint8_t bad_day[6] = { 0, 0, 0, 0x30, 0x02, 0x26 };
    const uint8_t bad_sec[6] = { 0x60, 0, 0, 1, 1, 0x26 };
    const uint8_t zero_day[6] = { 0, 0, 0, 0, 1, 0x26 };
    struct rtc_time t;

    assert_false(rtc_decode(bad_month, 0x02, 0, &t));
    assert_false(rtc_decode(bad_day, 0x02, 0, &t));
    assert_false(rtc_decode(bad_sec, 0x02, 0, &t));
    assert_false(rtc_decode(zero_day, 0x02, 0, &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_to_unix),
        cmocka_unit_test(test_decode_bcd_24h),
        cmocka_unit_test(test_decode_binary_12h),
        cmocka_unit_test(test_decode_rejects),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
