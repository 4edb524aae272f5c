/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the hypervisor command-line parser (common/cmdline.c):
 * every option type, negation, the image-name skip, " -- " for dom0,
 * unknown options and bad values reported (never fatal), limits.
 */
#include "test_core_shim.h"
#include <xenith/lib.h>
#include <xenith/param.h>

static bool opt_flag, opt_other = true;
static uint32_t opt_u32;
static uint8_t opt_u8;
static uint64_t opt_size;
static char opt_str[8];
static char custom_seen[32];
static int custom_calls;

static int parse_custom(const char *v)
{
    custom_calls++;
    if (!v)
        return -1;
    strlcpy(custom_seen, v, sizeof(custom_seen));
    return strcmp(v, "bad") ? 0 : -1;
}

static const struct kernel_param table[] = {
    { "flag", PARAM_BOOL, sizeof(bool), &opt_flag, NULL },
    { "other", PARAM_BOOL, sizeof(bool), &opt_other, NULL },
    { "num", PARAM_UINT, sizeof(uint32_t), &opt_u32, NULL },
    { "small", PARAM_UINT, sizeof(uint8_t), &opt_u8, NULL },
    { "mem", PARAM_SIZE, sizeof(uint64_t), &opt_size, NULL },
    { "str", PARAM_STRING, sizeof(opt_str), opt_str, NULL },
    { "custom", PARAM_CUSTOM, 0, NULL, parse_custom },
};

static int reset(void **state)
{
    opt_flag = false;
    opt_other = true;
    opt_u32 = 0;
    opt_u8 = 0;
    opt_size = 0;
    opt_str[0] = '\0';
    custom_seen[0] = '\0';
    custom_calls = 0;
    return 0;
}

static const char *parse(const char *s, struct cmdline_problems *p)
{
    memset(p, 0, sizeof(*p));
    return cmdline_parse(s, table, sizeof(table) / sizeof(table[0]), true, p);
}

static void test_types(void **state)
{
    struct cmdline_problems p;

    assert_null(parse("flag no-other num=0x10 small=255 mem=512M str=abc "
                      "custom=x,y",
                      &p));
    assert_int_equal(p.nr, 0);
    assert_true(opt_flag);
    assert_false(opt_other);
    assert_int_equal(opt_u32, 16);
    assert_int_equal(opt_u8, 255);
    assert_int_equal(opt_size, 512ULL << 20);
    assert_string_equal(opt_str, "abc");
    assert_string_equal(custom_seen, "x,y");
}

static void test_bool_values(void **state)
{
    struct cmdline_problems p;

    parse("flag=yes other=off", &p);
    assert_true(opt_flag);
    assert_false(opt_other);
    parse("flag=0 other=enable", &p);
    assert_false(opt_flag);
    assert_true(opt_other);
    parse("flag=maybe", &p);
    assert_int_equal(p.nr, 1);
    assert_string_equal(p.item[0].word, "flag");
    assert_false(opt_flag);
}

static void test_image_name_skipped(void **state)
{
    struct cmdline_problems p;

    parse("/boot/xenith.gz flag", &p);
    assert_int_equal(p.nr, 0);
    assert_true(opt_flag);
    /* A first word that is an option is not skipped. */
    reset(NULL);
    parse("flag num=3", &p);
    assert_true(opt_flag);
    assert_int_equal(opt_u32, 3);
    /* Only the first word may be an image name. */
    parse("xenith bogus", &p);
    assert_int_equal(p.nr, 1);
    assert_string_equal(p.item[0].word, "bogus");
}

static void test_unknown_and_bad(void **state)
{
    struct cmdline_problems p;

    parse("img unknown=1 num=abc num=99999999999 small=256 str=toolongvalue "
          "custom=bad custom mem=1Q no-num",
          &p);
    assert_int_equal(p.nr, 8);
    assert_string_equal(p.item[0].word, "unknown");
    assert_string_equal(p.item[0].why, "unknown option");
    assert_string_equal(p.item[1].why, "bad number");
    assert_string_equal(p.item[2].why, "number out of range");
    assert_string_equal(p.item[3].why, "number out of range");
    assert_string_equal(p.item[4].why, "value too long");
    assert_string_equal(p.item[5].why, "bad value");
    assert_string_equal(p.item[6].why, "bad value");
    assert_string_equal(p.item[7].why, "bad number");
    /* Nothing bad was stored. */
    assert_int_equal(opt_u32, 0);
    assert_int_equal(opt_u8, 0);
    assert_string_equal(opt_str, "");
    assert_int_equal(custom_calls, 2);
}

static void test_problem_overflow(void **state)
{
    struct cmdline_problems p;

    parse("img a b c d e f g h i j", &p);
    assert_int_equal(p.nr, CMDLINE_MAX_PROBLEMS);
    assert_int_equal(p.dropped, 10 - CMDLINE_MAX_PROBLEMS);
}

static void test_dom0_part(void **state)
{
    struct cmdline_problems p;
    const char *rest = parse("img flag -- root=/dev/xvda1 num=7", &p);

    assert_non_null(rest);
    assert_string_equal(rest, "root=/dev/xvda1 num=7");
    assert_int_equal(opt_u32, 0);
    assert_true(opt_flag);
}

static void test_whitespace_and_empty(void **state)
{
    struct cmdline_problems p;

    assert_null(parse("", &p));
    assert_null(parse("   \t  ", &p));
    assert_int_equal(p.nr, 0);
    parse("img   flag\tnum=5\n", &p);
    assert_true(opt_flag);
    assert_int_equal(opt_u32, 5);
    assert_null(cmdline_parse(NULL, table, 1, true, &p));
}

static void test_long_word(void **state)
{
    struct cmdline_problems p;
    char line[600];

    memset(line, 'a', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    memcpy(line, "img str=", 8);
    parse(line, &p);
    assert_int_equal(p.nr, 1);
    assert_string_equal(p.item[0].why, "option too long");
}

static void test_parse_helpers(void **state)
{
    const char *s = "0x1fz";
    uint64_t v;

    assert_true(parse_u64(&s, &v));
    assert_int_equal(v, 31);
    assert_string_equal(s, "z");
    s = "18446744073709551616";
    assert_false(parse_u64(&s, &v));
    s = "x";
    assert_false(parse_u64(&s, &v));
    s = "16G";
    assert_true(parse_size(&s, &v));
    assert_int_equal(v, 16ULL << 30);
    s = "17179869184T";
    assert_false(parse_size(&s, &v));
    s = "64";
    assert_true(parse_size(&s, &v));
    assert_int_equal(v, 64 << 10); /* KiB by default, as in Xen */
    s = "100b";
    assert_true(parse_size(&s, &v));
    assert_int_equal(v, 100);
    assert_int_equal(parse_bool("true"), 1);
    assert_int_equal(parse_bool("disable"), 0);
    assert_int_equal(parse_bool(""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_types, reset),
        cmocka_unit_test_setup(test_bool_values, reset),
        cmocka_unit_test_setup(test_image_name_skipped, reset),
        cmocka_unit_test_setup(test_unknown_and_bad, reset),
        cmocka_unit_test_setup(test_problem_overflow, reset),
        cmocka_unit_test_setup(test_dom0_part, reset),
        cmocka_unit_test_setup(test_whitespace_and_empty, reset),
        cmocka_unit_test_setup(test_long_word, reset),
        cmocka_unit_test(test_parse_helpers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
