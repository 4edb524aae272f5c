/* SPDX-License-Identifier: GPL-2.0-only */
/* The console output buffer and its limit (daemon/outbuf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "xenconsoled.h"

static void fill(struct outbuf *b, char ch, size_t n)
{
    char tmp[4096];

    memset(tmp, ch, n);
    assert_int_equal(outbuf_append(b, tmp, n), 0);
}

static void test_unlimited_keeps_everything(void **state)
{
    struct outbuf b = { 0 };

    (void)state;
    fill(&b, 'a', 3000);
    fill(&b, 'b', 3000);
    assert_true(outbuf_accepts(&b));
    assert_int_equal(outbuf_pending(&b), 6000);
    assert_int_equal(outbuf_head(&b)[0], 'a');
    outbuf_consume(&b, 3000);
    assert_int_equal(outbuf_head(&b)[0], 'b');
    outbuf_consume(&b, 3000);
    assert_int_equal(outbuf_pending(&b), 0);
    outbuf_free(&b);
}

static void test_discard_keeps_the_newest(void **state)
{
    struct outbuf b = { .max = 1000, .discard = true };

    (void)state;
    fill(&b, 'a', 800);
    fill(&b, 'b', 800);
    /* Still accepting: a console nobody reads never holds the guest. */
    assert_true(outbuf_accepts(&b));
    assert_int_equal(outbuf_pending(&b), 1000);
    assert_int_equal(b.dropped, 600);
    assert_int_equal(outbuf_head(&b)[0], 'a');
    assert_int_equal(outbuf_head(&b)[199], 'a');
    assert_int_equal(outbuf_head(&b)[200], 'b');
    assert_int_equal(outbuf_head(&b)[999], 'b');
    outbuf_free(&b);
}

static void test_keep_stops_at_the_limit(void **state)
{
    struct outbuf b = { .max = 1000, .discard = false };

    (void)state;
    fill(&b, 'a', 999);
    assert_true(outbuf_accepts(&b));
    fill(&b, 'b', 1);
    assert_false(outbuf_accepts(&b));
    assert_int_equal(b.dropped, 0);
    outbuf_consume(&b, 10);
    assert_true(outbuf_accepts(&b));
    outbuf_free(&b);
}

static void test_consume_past_end_is_clamped(void **state)
{
    struct outbuf b = { 0 };

    (void)state;
    fill(&b, 'x', 10);
    outbuf_consume(&b, 100);
    assert_int_equal(outbuf_pending(&b), 0);
    /* Reuse after draining. */
    fill(&b, 'y', 5);
    assert_int_equal(outbuf_pending(&b), 5);
    assert_int_equal(outbuf_head(&b)[4], 'y');
    outbuf_free(&b);
}

static void test_partial_writes_then_append(void **state)
{
    struct outbuf b = { 0 };
    size_t i;

    (void)state;
    /* A slow pty: many small writes interleaved with appends keep order. */
    for (i = 0; i < 100; i++) {
        char ch = (char)('A' + i % 26);
        assert_int_equal(outbuf_append(&b, &ch, 1), 0);
        if (i % 3 == 2) {
            assert_int_equal(outbuf_head(&b)[0], (char)('A' + (i - 2) % 26));
            outbuf_consume(&b, 3);
        }
    }
    assert_int_equal(outbuf_pending(&b), 1);
    assert_int_equal(outbuf_head(&b)[0], (char)('A' + 99 % 26));
    outbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unlimited_keeps_everything),
        cmocka_unit_test(test_discard_keeps_the_newest),
        cmocka_unit_test(test_keep_stops_at_the_limit),
        cmocka_unit_test(test_consume_past_end_is_clamped),
        cmocka_unit_test(test_partial_writes_then_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
