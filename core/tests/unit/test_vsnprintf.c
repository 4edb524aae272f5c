/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the hypervisor's vsnprintf (common/lib/vsnprintf.c),
 * compared with the C library's output for the same formats, plus
 * truncation and the return value.
 */
#include "test_core_shim.h"
#include <stdarg.h>

/*
 * common/lib/vsnprintf.c is linked in, so these names resolve to the
 * hypervisor's implementation rather than the C library's.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...);

static char ours[256];

static int xen_fmt(const char *fmt, ...)
    __attribute__((__format__(__printf__, 1, 2)));
static int xen_fmt(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(ours, sizeof(ours), fmt, ap);
    va_end(ap);
    return n;
}

#define CHECK(expect, ...)                         \
    do {                                           \
        int n_ = xen_fmt(__VA_ARGS__);             \
        assert_string_equal(ours, expect);         \
        assert_int_equal(n_, (int)strlen(expect)); \
    } while (0)

static void test_integers(void **state)
{
    CHECK("42 -7 4294967295", "%d %i %u", 42, -7, 4294967295u);
    CHECK("ff FF 0xff 377", "%x %X %#x %o", 255, 255, 255, 255);
    CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
    CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    CHECK("00000000deadbeef", "%016lx", 0xdeadbeefUL);
    CHECK("[   12][12   ][00012][+12][ 12]", "[%5d][%-5d][%05d][%+d][% d]", 12,
          12, 12, 12, 12);
    CHECK("[  007]", "[%5.3d]", 7);
    CHECK("65535 255", "%hu %hhu", (unsigned short)65535, (unsigned char)255);
    CHECK("123 456", "%zu %ld", (size_t)123, 456L);
}

static void test_strings_and_misc(void **state)
{
    const char *volatile null_str = NULL;

    CHECK("a|abc|  abc|abc  |ab|(null)", "%c|%s|%5s|%-5s|%.2s|%s", 'a', "abc",
          "abc", "abc", "abc", null_str);
    CHECK("100%", "100%%");
    CHECK("0x1000", "%p", (void *)0x1000);
    CHECK("[ 7]", "[%*d]", 2, 7);
    CHECK("x%q", "x%cq", '%');
}

static void test_truncation(void **state)
{
    char small[8];
    /* Sizes the compiler cannot see, so it does not warn about the
     * truncation this test wants. */
    volatile size_t full = sizeof(small), none = 0, one = 1;

    memset(small, 'Z', sizeof(small));
    assert_int_equal(snprintf(small, full, "%s", "abcdefghij"), 10);
    assert_string_equal(small, "abcdefg");
    assert_int_equal(snprintf(small, none, "%d", 12345), 5);
    assert_int_equal(small[0], 'a');
    assert_int_equal(snprintf(small, one, "%d", 12345), 5);
    assert_string_equal(small, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_strings_and_misc),
        cmocka_unit_test(test_truncation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
