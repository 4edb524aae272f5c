/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_proto.c - protocol tests through libxenstore against a private
 * xenstored: node operations, errors, permissions, SET_TARGET, watches,
 * DIRECTORY_PART, domain calls and CONTROL.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static pid_t daemon_pid;
static struct xs_handle *xs;

static int setup(void **state)
{
    daemon_pid = harness_start(false, NULL);
    xs = harness_open();
    return 0;
}

static int teardown(void **state)
{
    xs_close(xs);
    return harness_stop(daemon_pid) == 0 ? 0 : -1;
}

static char *rd(struct xs_handle *h, const char *path)
{
    unsigned int len;

    return xs_read(h, XBT_NULL, path, &len);
}

static void test_read_write(void **state)
{
    unsigned int len;
    char *v;

    assert_true(xs_write(xs, XBT_NULL, "/rw/a/b", "hello", 5));
    v = xs_read(xs, XBT_NULL, "/rw/a/b", &len);
    assert_non_null(v);
    assert_int_equal(len, 5);
    assert_memory_equal(v, "hello", 5);
    free(v);
    /* Implicit parents exist and are empty. */
    v = xs_read(xs, XBT_NULL, "/rw/a", &len);
    assert_non_null(v);
    assert_int_equal(len, 0);
    free(v);
    /* Binary values with nuls survive. */
    assert_true(xs_write(xs, XBT_NULL, "/rw/bin", "a\0b", 3));
    v = xs_read(xs, XBT_NULL, "/rw/bin", &len);
    assert_int_equal(len, 3);
    assert_memory_equal(v, "a\0b", 3);
    free(v);
    assert_null(rd(xs, "/rw/none"));
    assert_int_equal(errno, ENOENT);
}

static void test_bad_paths(void **state)
{
    static const char *const bad[] = { "/a//b",   "/a/",  "/a b", "",
                                       "/a/\x01", "@foo", "/a/b*" };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(xs_write(xs, XBT_NULL, bad[i], "x", 1));
        assert_int_equal(errno, EINVAL);
    }
    assert_false(xs_rm(xs, XBT_NULL, "/"));
    assert_int_equal(errno, EINVAL);
}

static void test_mkdir_rm_directory(void **state)
{
    unsigned int n;
    char **d;

    assert_true(xs_mkdir(xs, XBT_NULL, "/dir/x"));
    assert_true(xs_mkdir(xs, XBT_NULL, "/dir/x")); /* Exists: fine. */
    assert_true(xs_write(xs, XBT_NULL, "/dir/y", "1", 1));
    assert_true(xs_write(xs, XBT_NULL, "/dir/z/deep", "2", 1));
    d = xs_directory(xs, XBT_NULL, "/dir", &n);
    assert_non_null(d);
    assert_int_equal(n, 3);
    assert_string_equal(d[0], "x");
    assert_string_equal(d[1], "y");
    assert_string_equal(d[2], "z");
    free(d);
    assert_true(xs_rm(xs, XBT_NULL, "/dir/z"));
    assert_null(rd(xs, "/dir/z/deep"));
    /* Removing an absent node whose parent exists is fine... */
    assert_true(xs_rm(xs, XBT_NULL, "/dir/z"));
    /* ...but not when the parent is missing. */
    assert_false(xs_rm(xs, XBT_NULL, "/dir/q/r"));
    assert_int_equal(errno, ENOENT);
    d = xs_directory(xs, XBT_NULL, "/dir", &n);
    assert_int_equal(n, 2);
    free(d);
    assert_null(xs_directory(xs, XBT_NULL, "/nodir", &n));
    assert_int_equal(errno, ENOENT);
}

/* A directory too big for one reply is read with DIRECTORY_PART. */
static void test_directory_part(void **state)
{
    char path[128];
    unsigned int n;
    char **d;

    for (int i = 0; i < 200; i++) {
        snprintf(path, sizeof(path), "/big/child-with-a-long-name-%03d", i);
        assert_true(xs_mkdir(xs, XBT_NULL, path));
    }
    d = xs_directory(xs, XBT_NULL, "/big", &n);
    assert_non_null(d);
    assert_int_equal(n, 200);
    assert_string_equal(d[0], "child-with-a-long-name-000");
    assert_string_equal(d[199], "child-with-a-long-name-199");
    free(d);
}

static void test_permissions(void **state)
{
    struct xs_permissions p[2] = { { 0, XS_PERM_NONE }, { 5, XS_PERM_READ } };
    struct xs_handle *d5 = harness_open_as(5);
    struct xs_permissions *got;
    unsigned int n;
    char *v;

    assert_true(xs_write(xs, XBT_NULL, "/perm/secret", "s", 1));
    /* Default: owner dom0, nobody else. */
    assert_null(rd(d5, "/perm/secret"));
    assert_int_equal(errno, EACCES);
    /* Absence is not leaked below unreadable nodes. */
    assert_null(rd(d5, "/perm/secret/none"));
    assert_int_equal(errno, EACCES);
    assert_true(xs_set_permissions(xs, XBT_NULL, "/perm/secret", p, 2));
    got = xs_get_permissions(xs, XBT_NULL, "/perm/secret", &n);
    assert_non_null(got);
    assert_int_equal(n, 2);
    assert_int_equal(got[1].id, 5);
    assert_int_equal(got[1].perms, XS_PERM_READ);
    free(got);
    v = rd(d5, "/perm/secret");
    assert_non_null(v);
    free(v);
    assert_false(xs_write(d5, XBT_NULL, "/perm/secret", "x", 1));
    assert_int_equal(errno, EACCES);
    /* Not the owner: cannot change permissions. */
    assert_false(xs_set_permissions(d5, XBT_NULL, "/perm/secret", p, 2));
    assert_int_equal(errno, EACCES);
    /* A writable parent lets d5 create a node it then owns. */
    p[1].perms = XS_PERM_READ | XS_PERM_WRITE;
    assert_true(xs_set_permissions(xs, XBT_NULL, "/perm", p, 2));
    assert_true(xs_write(d5, XBT_NULL, "/perm/mine", "m", 1));
    got = xs_get_permissions(xs, XBT_NULL, "/perm/mine", &n);
    assert_int_equal(got[0].id, 5);
    free(got);
    /* An owner may not give a node away. */
    p[0].id = 7;
    assert_false(xs_set_permissions(d5, XBT_NULL, "/perm/mine", p, 2));
    assert_int_equal(errno, EPERM);
    /* Unprivileged callers may not use privileged messages. */
    assert_false(xs_release_domain(d5, 3));
    assert_int_equal(errno, EACCES);
    xs_close(d5);
}

static void test_set_target(void **state)
{
    struct xs_permissions p[2] = { { 0, XS_PERM_NONE }, { 8, XS_PERM_READ } };
    struct xs_handle *dm;
    char *v;

    assert_true(xs_write(xs, XBT_NULL, "/tgt/x", "v", 1));
    assert_true(xs_set_permissions(xs, XBT_NULL, "/tgt/x", p, 2));
    dm = harness_open_as(9);
    assert_null(rd(dm, "/tgt/x"));
    assert_true(xs_set_target(xs, 9, 8));
    v = rd(dm, "/tgt/x");
    assert_non_null(v);
    free(v);
    xs_close(dm);
}

/* Wait up to 2 s for one event and check it. */
static void expect_event(struct xs_handle *h, const char *path,
                         const char *token)
{
    struct pollfd pfd = { xs_fileno(h), POLLIN, 0 };
    unsigned int n;
    char **e;

    assert_int_equal(poll(&pfd, 1, 2000), 1);
    e = xs_read_watch(h, &n);
    assert_non_null(e);
    assert_string_equal(e[XS_WATCH_PATH], path);
    assert_string_equal(e[XS_WATCH_TOKEN], token);
    free(e);
}

static void expect_no_event(struct xs_handle *h)
{
    struct pollfd pfd = { xs_fileno(h), POLLIN, 0 };

    assert_int_equal(poll(&pfd, 1, 200), 0);
}

static void test_watches(void **state)
{
    struct xs_handle *w = harness_open();

    assert_true(xs_mkdir(xs, XBT_NULL, "/w"));
    assert_true(xs_watch(w, "/w", "tok"));
    expect_event(w, "/w", "tok"); /* Initial event. */
    assert_false(xs_watch(w, "/w", "tok"));
    assert_int_equal(errno, EEXIST);
    assert_true(xs_write(xs, XBT_NULL, "/w/a/b", "1", 1));
    expect_event(w, "/w/a/b", "tok");
    assert_true(xs_rm(xs, XBT_NULL, "/w/a"));
    expect_event(w, "/w/a", "tok");
    assert_true(xs_write(xs, XBT_NULL, "/other", "1", 1));
    expect_no_event(w);
    assert_true(xs_unwatch(w, "/w", "tok"));
    assert_false(xs_unwatch(w, "/w", "tok"));
    assert_int_equal(errno, ENOENT);
    assert_true(xs_write(xs, XBT_NULL, "/w/c", "1", 1));
    expect_no_event(w);
    /* A watch on a removed descendant fires with its own path. */
    assert_true(xs_write(xs, XBT_NULL, "/w/d/e", "1", 1));
    assert_true(xs_watch(w, "/w/d/e", "deep"));
    expect_event(w, "/w/d/e", "deep");
    assert_true(xs_rm(xs, XBT_NULL, "/w/d"));
    expect_event(w, "/w/d/e", "deep");
    /* Special watches. */
    assert_true(xs_watch(w, "@releaseDomain", "rel"));
    expect_event(w, "@releaseDomain", "rel");
    assert_true(xs_reset_watches(w));
    assert_true(xs_write(xs, XBT_NULL, "/w/d/e", "1", 1));
    expect_no_event(w);
    xs_close(w);
}

/* Relative paths are below the caller's /local/domain/<id>. */
static void test_relative(void **state)
{
    struct xs_permissions p = { 4, XS_PERM_NONE };
    struct xs_handle *d4;
    char *v;

    assert_true(xs_mkdir(xs, XBT_NULL, "/local/domain/4"));
    assert_true(xs_set_permissions(xs, XBT_NULL, "/local/domain/4", &p, 1));
    d4 = harness_open_as(4);
    assert_true(xs_watch(d4, "data", "rel"));
    expect_event(d4, "data", "rel");
    assert_true(xs_write(d4, XBT_NULL, "data/x", "42", 2));
    expect_event(d4, "data/x", "rel");
    v = rd(xs, "/local/domain/4/data/x");
    assert_non_null(v);
    assert_string_equal(v, "42");
    free(v);
    xs_close(d4);
}

static void test_domain_calls(void **state)
{
    char *v = xs_get_domain_path(xs, 7);

    assert_string_equal(v, "/local/domain/7");
    free(v);
    assert_true(xs_is_domain_introduced(xs, 0));
    assert_false(xs_is_domain_introduced(xs, 12));
    assert_false(xs_release_domain(xs, 12));
    assert_int_equal(errno, ENOENT);
    assert_false(xs_resume_domain(xs, 12));
    assert_int_equal(errno, ENOENT);
    assert_false(xs_set_target(xs, 3, 3));
    assert_int_equal(errno, EINVAL);
}

static void test_control(void **state)
{
    char *v = xs_control_command(xs, "check", NULL, 0);

    assert_non_null(v);
    assert_memory_equal(v, "OK", 2);
    free(v);
    v = xs_control_command(xs, "quota", NULL, 0);
    assert_non_null(strstr(v, "watches 128"));
    free(v);
    assert_null(xs_control_command(xs, "no-such-command", NULL, 0));
    assert_int_equal(errno, EINVAL);
}

/* One handle shared by threads: requests and a blocked xs_read_watch(). */
static struct xs_handle *shared;

static void *worker(void *arg)
{
    long id = (long)arg;
    char path[64], val[32];

    for (int i = 0; i < 300; i++) {
        unsigned int len;
        char *v;

        snprintf(path, sizeof(path), "/mt/t%ld", id);
        snprintf(val, sizeof(val), "%ld-%d", id, i);
        if (!xs_write(shared, XBT_NULL, path, val, (unsigned int)strlen(val)))
            return (void *)1;
        v = xs_read(shared, XBT_NULL, path, &len);
        if (!v || strcmp(v, val) != 0) {
            free(v);
            return (void *)1;
        }
        free(v);
    }
    return NULL;
}

static void *event_reader(void *arg)
{
    long *count = arg;
    unsigned int n;
    char **e;

    while ((e = xs_read_watch(shared, &n)) != NULL) {
        bool last = strcmp(e[XS_WATCH_PATH], "/mt/stop") == 0;

        free(e);
        (*count)++;
        if (last)
            break;
    }
    return NULL;
}

static void test_threads(void **state)
{
    pthread_t th[8], ev;
    long events = 0;

    shared = harness_open();
    assert_true(xs_watch(shared, "/mt", "mt"));
    assert_int_equal(pthread_create(&ev, NULL, event_reader, &events), 0);
    for (long i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker, (void *)i), 0);
    for (int i = 0; i < 8; i++) {
        void *r;

        pthread_join(th[i], &r);
        assert_null(r);
    }
    assert_true(xs_write(shared, XBT_NULL, "/mt/stop", "1", 1));
    pthread_join(ev, NULL);
    /* The initial event, 8 x 300 writes, and the stop. */
    assert_int_equal(events, 1 + 8 * 300 + 1);
    xs_close(shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_write),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_mkdir_rm_directory),
        cmocka_unit_test(test_directory_part),
        cmocka_unit_test(test_permissions),
        cmocka_unit_test(test_set_target),
        cmocka_unit_test(test_watches),
        cmocka_unit_test(test_relative),
        cmocka_unit_test(test_domain_calls),
        cmocka_unit_test(test_control),
        cmocka_unit_test(test_threads),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
