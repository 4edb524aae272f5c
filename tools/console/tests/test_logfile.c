/* SPDX-License-Identifier: GPL-2.0-only */
/* Console log files: plain, timestamped, escapes replaced, reopened
 * (daemon/logfile.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "xenconsoled.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/xcd-log-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd);
}

static char *slurp(const char *name)
{
    static char buf[4096];
    char path[128];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "r");
    assert_non_null(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void test_plain(void **state)
{
    struct logfile l;
    char path[128];

    (void)state;
    snprintf(path, sizeof(path), "%s/plain.log", dir);
    logfile_init(&l, false, false);
    assert_int_equal(logfile_open(&l, path), 0);
    assert_int_equal(logfile_write(&l, "guest: up\r\nhal", 14), 0);
    assert_int_equal(logfile_write(&l, "f\n", 2), 0);
    logfile_close(&l);
    assert_string_equal(slurp("plain.log"), "guest: up\r\nhalf\n");
}

/* Every line starts with "[YYYY-mm-dd HH:MM:SS] ", also a line split over
 * two writes gets one stamp; a CR right after a newline goes. */
static void test_timestamps(void **state)
{
    struct logfile l;
    char path[128], *s, *line;
    int lines = 0;

    (void)state;
    snprintf(path, sizeof(path), "%s/ts.log", dir);
    logfile_init(&l, true, false);
    assert_int_equal(logfile_open(&l, path), 0);
    assert_int_equal(logfile_write(&l, "one\n\rtw", 7), 0);
    assert_int_equal(logfile_write(&l, "o\nthree\n", 8), 0);
    logfile_close(&l);
    s = slurp("ts.log");
    for (line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        assert_int_equal(line[0], '[');
        assert_int_equal(line[5], '-');
        assert_int_equal(line[11], ' ');
        assert_int_equal(line[20], ']');
        assert_int_equal(line[21], ' ');
        if (lines == 0)
            assert_string_equal(line + 22, "Logfile Opened");
        if (lines == 1)
            assert_string_equal(line + 22, "one");
        if (lines == 2)
            assert_string_equal(line + 22, "two");
        if (lines == 3)
            assert_string_equal(line + 22, "three");
        lines++;
    }
    assert_int_equal(lines, 4);
}

static void test_replace_escape(void **state)
{
    struct logfile l;
    char path[128];

    (void)state;
    snprintf(path, sizeof(path), "%s/esc.log", dir);
    logfile_init(&l, false, true);
    assert_int_equal(logfile_open(&l, path), 0);
    assert_int_equal(logfile_write(&l, "\x1b[6nok\n", 7), 0);
    logfile_close(&l);
    assert_string_equal(slurp("esc.log"), ".[6nok\n");
}

/* SIGHUP after logrotate moved the file: writing goes on in a new one. */
static void test_reopen(void **state)
{
    struct logfile l;
    char path[128], moved[128];

    (void)state;
    snprintf(path, sizeof(path), "%s/r.log", dir);
    snprintf(moved, sizeof(moved), "%s/r.log.1", dir);
    logfile_init(&l, false, false);
    assert_int_equal(logfile_open(&l, path), 0);
    assert_int_equal(logfile_write(&l, "before\n", 7), 0);
    assert_int_equal(rename(path, moved), 0);
    assert_int_equal(logfile_reopen(&l), 0);
    assert_int_equal(logfile_write(&l, "after\n", 6), 0);
    logfile_close(&l);
    assert_string_equal(slurp("r.log"), "after\n");
    assert_string_equal(slurp("r.log.1"), "before\n");
}

static void test_open_failure(void **state)
{
    struct logfile l;

    (void)state;
    logfile_init(&l, false, false);
    assert_true(logfile_open(&l, "/nonexistent-dir/x.log") < 0);
    /* A closed log swallows writes rather than failing the relay. */
    assert_int_equal(logfile_write(&l, "x", 1), 0);
    logfile_close(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_timestamps),
        cmocka_unit_test(test_replace_escape),
        cmocka_unit_test(test_reopen),
        cmocka_unit_test(test_open_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
