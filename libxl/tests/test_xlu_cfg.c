/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xl.cfg grammar: values, lists, comments, continuation, +=, the
 * accessors and their type errors, and the exact text and position of
 * every syntax error.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "libxlutil.h"

struct parsed {
    XLU_Config *cfg;
    char *report;
    size_t report_len;
    FILE *f;
    int rc;
};

static void parse(struct parsed *p, const char *text)
{
    p->f = open_memstream(&p->report, &p->report_len);
    assert_non_null(p->f);
    p->cfg = xlu_cfg_init(p->f, "g1.cfg");
    assert_non_null(p->cfg);
    p->rc = xlu_cfg_readdata(p->cfg, text, (int)strlen(text));
    fflush(p->f);
}

static void done(struct parsed *p)
{
    xlu_cfg_destroy(p->cfg);
    fclose(p->f);
    free(p->report);
}

/* Parsing text fails with exactly message (one line). */
static void expect_error(const char *text, const char *message)
{
    struct parsed p;
    char *want;

    parse(&p, text);
    assert_int_equal(p.rc, EINVAL);
    assert_int_equal(asprintf(&want, "%s\n", message),
                     (int)strlen(message) + 1);
    assert_string_equal(p.report, want);
    free(want);
    done(&p);
}

static void test_values(void **state)
{
    struct parsed p;
    const char *s;
    long l;
    XLU_ConfigList *list;
    int n;
    libxl_defbool b = { 0 };

    parse(&p, "# a comment\n"
              "name = \"g1\"  # trailing comment\n"
              "memory=512;vcpus = 0x2\n"
              "kernel = '/boot/vmlinuz-6.1'\n"
              "extra = \"console=hvc0 \\\"q\\\" \\t\\x41\\101\"\n"
              "disk = [ 'phy:/dev/vg/a,xvda,w',\n"
              "         # between entries\n"
              "         \"file:/b.img,xvdb,r\", ]\n"
              "empty = [ ]\n"
              "nested = [ [ '1', 2 ], '3' ]\n"
              "octal = 010\n"
              "last = 1");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.report, "");
    assert_int_equal(xlu_cfg_get_string(p.cfg, "name", &s, 0), 0);
    assert_string_equal(s, "g1");
    assert_int_equal(xlu_cfg_get_long(p.cfg, "memory", &l, 0), 0);
    assert_int_equal(l, 512);
    assert_int_equal(xlu_cfg_get_long(p.cfg, "vcpus", &l, 0), 0);
    assert_int_equal(l, 2);
    assert_int_equal(xlu_cfg_get_long(p.cfg, "octal", &l, 0), 0);
    assert_int_equal(l, 8);
    assert_int_equal(xlu_cfg_get_defbool(p.cfg, "last", &b, 0), 0);
    assert_true(libxl_defbool_val(b));
    assert_int_equal(xlu_cfg_get_string(p.cfg, "kernel", &s, 0), 0);
    assert_string_equal(s, "/boot/vmlinuz-6.1");
    assert_int_equal(xlu_cfg_get_string(p.cfg, "extra", &s, 0), 0);
    assert_string_equal(s, "console=hvc0 \"q\" \tAA");
    assert_int_equal(xlu_cfg_get_list(p.cfg, "disk", &list, &n, 0), 0);
    assert_int_equal(n, 2);
    assert_string_equal(xlu_cfg_get_listitem(list, 1), "file:/b.img,xvdb,r");
    assert_null(xlu_cfg_get_listitem(list, 2));
    assert_int_equal(xlu_cfg_listitem_pos(list, 1)->line, 8);
    assert_int_equal(xlu_cfg_listitem_pos(list, 1)->col, 10);
    assert_int_equal(xlu_cfg_get_list(p.cfg, "empty", &list, &n, 0), 0);
    assert_int_equal(n, 0);
    assert_int_equal(xlu_cfg_get_list(p.cfg, "nested", &list, &n, 0), 0);
    assert_int_equal(n, 2);
    assert_null(xlu_cfg_get_listitem(list, 0));
    assert_string_equal(xlu_cfg_get_listitem(list, 1), "3");
    assert_int_equal(xlu_cfg_get_string(p.cfg, "absent", &s, 0), ESRCH);
    assert_int_equal(xlu_cfg_value_pos(p.cfg, "memory")->line, 3);
    assert_int_equal(xlu_cfg_value_pos(p.cfg, "memory")->col, 8);
    assert_int_equal(xlu_cfg_value_pos(p.cfg, "vcpus")->col, 20);
    done(&p);
}

static void test_last_wins_and_add(void **state)
{
    struct parsed p;
    const char *s;
    long l;
    XLU_ConfigList *list;
    int n;
    libxl_string_list sl = NULL;

    parse(&p, "memory = 256\n"
              "memory = 512\n"
              "disk = [ 'a' ]\n"
              "disk += [ 'b', 'c' ]\n"
              "extra = 'x'\n"
              "extra += ' y'\n"
              "new += [ 'only' ]\n"
              "maxmem += 1\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(xlu_cfg_get_long(p.cfg, "memory", &l, 0), 0);
    assert_int_equal(l, 512);
    assert_int_equal(xlu_cfg_get_list(p.cfg, "disk", &list, &n, 0), 0);
    assert_int_equal(n, 3);
    assert_string_equal(xlu_cfg_get_listitem(list, 0), "a");
    assert_string_equal(xlu_cfg_get_listitem(list, 2), "c");
    assert_int_equal(xlu_cfg_listitem_pos(list, 0)->line, 3);
    assert_int_equal(xlu_cfg_listitem_pos(list, 2)->line, 4);
    assert_int_equal(xlu_cfg_get_list_as_string_list(p.cfg, "disk", &sl, 0), 0);
    assert_int_equal(libxl_string_list_length(&sl), 3);
    libxl_string_list_dispose(&sl);
    assert_int_equal(xlu_cfg_get_string(p.cfg, "extra", &s, 0), 0);
    assert_string_equal(s, "x y");
    assert_int_equal(xlu_cfg_get_list(p.cfg, "new", &list, &n, 0), 0);
    assert_int_equal(n, 1);
    /* += on a number is refused when it is read as one */
    assert_int_equal(xlu_cfg_get_long(p.cfg, "maxmem", &l, 0), EINVAL);
    fflush(p.f);
    assert_string_equal(p.report,
                        "g1.cfg:8:1: '+=' cannot be used with the number "
                        "'maxmem'\n");
    done(&p);
}

static void test_type_errors(void **state)
{
    struct parsed p;
    const char *s;
    long l;
    XLU_ConfigList *list;
    libxl_defbool b = { 0 };

    parse(&p, "memory = \"lots\"\n"
              "vcpus = [ 1 ]\n"
              "disk = 'phy:/dev/x,xvda,w'\n"
              "cap = 99999999999999999999\n"
              "weight = 70000\n"
              "flag = 'x'\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(xlu_cfg_get_long(p.cfg, "memory", &l, 0), EINVAL);
    assert_int_equal(xlu_cfg_get_long(p.cfg, "vcpus", &l, 0), EINVAL);
    assert_int_equal(xlu_cfg_get_string(p.cfg, "vcpus", &s, 0), EINVAL);
    assert_int_equal(xlu_cfg_get_list(p.cfg, "disk", &list, NULL, 0), EINVAL);
    assert_int_equal(xlu_cfg_get_long(p.cfg, "cap", &l, 0), ERANGE);
    assert_int_equal(xlu_cfg_get_bounded_long(p.cfg, "weight", 1, 65535, &l, 0),
                     EINVAL);
    assert_int_equal(xlu_cfg_get_defbool(p.cfg, "flag", &b, 0), EINVAL);
    /* dont_warn: the same results, nothing reported */
    assert_int_equal(xlu_cfg_get_long(p.cfg, "memory", &l, 1), EINVAL);
    fflush(p.f);
    assert_string_equal(
        p.report,
        "g1.cfg:1:10: 'memory' must be a number, found \"lots\"\n"
        "g1.cfg:2:9: 'vcpus' must be a single value, not a list\n"
        "g1.cfg:2:9: 'vcpus' must be a single value, not a list\n"
        "g1.cfg:3:8: 'disk' must be a list ([...]), not a single value\n"
        "g1.cfg:4:7: 'cap' is out of range: 99999999999999999999\n"
        "g1.cfg:5:10: 'weight' must be between 1 and 65535, found 70000\n"
        "g1.cfg:6:8: 'flag' must be a number, found \"x\"\n");
    done(&p);
}

static void test_syntax_errors(void **state)
{
    expect_error("name = 'g1'\nmemory = 512\nvcpus =    # none\n",
                 "g1.cfg:3:12: expected a value after '='");
    expect_error("memory =", "g1.cfg:1:9: expected a value after '='");
    expect_error("disk += \n", "g1.cfg:1:9: expected a value after '+='");
    expect_error("name = g1\n",
                 "g1.cfg:1:8: expected a value after '=', found 'g1' (quote "
                 "strings: \"g1\")");
    expect_error("memory = (512)\n",
                 "g1.cfg:1:10: expected a value after '=', found '('");
    expect_error("name = 'g1\nmemory = 1\n",
                 "g1.cfg:1:8: unterminated string: expected a closing ' "
                 "before the end of the line");
    expect_error("name = \"a\\qb\"\n",
                 "g1.cfg:1:10: invalid escape '\\q' in string (known: \\\" "
                 "\\' \\\\ \\a \\b \\f \\n \\r \\t \\v \\xHH \\OOO)");
    expect_error("name = \"a\\x\"\n",
                 "g1.cfg:1:10: invalid escape in string: \\x needs one or "
                 "two hex digits, not naming NUL");
    expect_error("name = \"a\\0\"\n",
                 "g1.cfg:1:10: invalid escape in string: octal \\0 is not a "
                 "byte or is NUL");
    expect_error("disk = [ 'a',\n  'b'\n",
                 "g1.cfg:3:1: expected ']' to close the list opened at 1:8, "
                 "found the end of the file");
    expect_error("disk = [ 'a' 'b' ]\n",
                 "g1.cfg:1:14: expected ',' or ']' in the list opened at "
                 "1:8, found a string");
    expect_error("disk = [ , ]\n",
                 "g1.cfg:1:10: expected a value after '[', found ','");
    expect_error("disk = [ 'a', , ]\n",
                 "g1.cfg:1:15: expected a value after ',', found ','");
    expect_error("memory 512\n",
                 "g1.cfg:1:8: expected '=' or '+=' after 'memory', found "
                 "'512'");
    expect_error("Memory = 512\n",
                 "g1.cfg:1:1: expected a setting name (lower-case letters, "
                 "digits, '.', '_'), found 'M'");
    expect_error("= 512\n", "g1.cfg:1:1: expected a setting name (lower-case "
                            "letters, digits, '.', '_'), found '='");
    expect_error("memory = 512 1024\n",
                 "g1.cfg:1:14: expected the end of the line or ';' after the "
                 "value of 'memory', found '1024'");
    expect_error("memory = 512M\n",
                 "g1.cfg:1:13: expected the end of the line or ';' after the "
                 "value of 'memory', found 'M'");
    expect_error("disk = [ 'a' ]\ndisk += 'b'\n",
                 "g1.cfg:2:9: '+=' cannot add a string to the list 'disk' "
                 "holds (set at 1:8)");
    expect_error("x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ ]]]]]]]]]]]]]]]]]]"
                 "]]]]]]]]]]]]]]]]]]]]]]\n",
                 "g1.cfg:1:37: lists nested more than 32 deep");
    expect_error("name = \"\x01\x02\"\nx = \x7f\n",
                 "g1.cfg:2:5: expected a value after '=', found byte 0x7f");
    expect_error("name = \"abc", "g1.cfg:1:8: unterminated string: expected a "
                                 "closing \" before the end of the line");
}

static void test_nul_and_cr(void **state)
{
    static const char data[] = "name = 'a\0b'\r\nmemory = 1\r\n";
    FILE *f;
    char *rep = NULL;
    size_t len;
    XLU_Config *cfg;
    long l;

    f = open_memstream(&rep, &len);
    cfg = xlu_cfg_init(f, "g1.cfg");
    assert_int_equal(xlu_cfg_readdata(cfg, data, sizeof(data) - 1), EINVAL);
    fflush(f);
    assert_string_equal(rep, "g1.cfg:1:10: a string cannot contain a NUL "
                             "byte\n");
    xlu_cfg_destroy(cfg);
    fclose(f);
    free(rep);

    f = open_memstream(&rep, &len);
    cfg = xlu_cfg_init(f, "g1.cfg");
    assert_int_equal(xlu_cfg_readdata(cfg, data + 14, sizeof(data) - 15), 0);
    assert_int_equal(xlu_cfg_get_long(cfg, "memory", &l, 0), 0);
    assert_int_equal(l, 1);
    xlu_cfg_destroy(cfg);
    fclose(f);
    free(rep);
}

static void test_override_and_file(void **state)
{
    FILE *f;
    char *rep = NULL;
    size_t len;
    XLU_Config *cfg;
    long l;

    f = open_memstream(&rep, &len);
    cfg = xlu_cfg_init(f, "/nonexistent/g1.cfg");
    assert_int_equal(xlu_cfg_readfile(cfg, "/nonexistent/g1.cfg"), ENOENT);
    assert_int_equal(xlu_cfg_readdata(cfg, "memory = 256\n", 13), 0);
    assert_int_equal(
        xlu_cfg_read_override(cfg, "command line", 1, "memory=1024"), 0);
    assert_int_equal(xlu_cfg_get_long(cfg, "memory", &l, 0), 0);
    assert_int_equal(l, 1024);
    assert_int_equal(xlu_cfg_read_override(cfg, "command line", 2, "vcpus="),
                     EINVAL);
    fflush(f);
    assert_string_equal(rep, "/nonexistent/g1.cfg: cannot open the "
                             "configuration file: No such file or directory\n"
                             "command line:2:7: expected a value after '='\n");
    xlu_cfg_destroy(cfg);
    fclose(f);
    free(rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_last_wins_and_add),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_nul_and_cr),
        cmocka_unit_test(test_override_and_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
