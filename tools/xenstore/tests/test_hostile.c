/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_hostile.c - hostile input against xenstored (the ASan/UBSan build
 * when XSD_ASAN_BIN is set): malformed lengths, unterminated strings,
 * bad types, over-long and deep paths, watch floods, request floods and
 * quota exhaustion.  Each must give an error reply or a dropped
 * connection; the daemon must stay up, answer, keep its memory bounded
 * and exit cleanly (no sanitizer report) at the end.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static pid_t daemon_pid;
static long rss_start;
static char reply[XENSTORE_PAYLOAD_MAX + 1];

static int setup(void **state)
{
    static const char *const opts[] = { "-E", "50",
                                        "-S", "100",
                                        "-t", "3",
                                        "-A", "4",
                                        "-W", "10",
                                        "-Q", "transaction-nodes=40",
                                        "-Q", "memory=262144",
                                        "-Q", "outstanding=8",
                                        NULL };

    daemon_pid = harness_start(true, opts);
    rss_start = harness_rss_kb(daemon_pid);
    return 0;
}

static int teardown(void **state)
{
    return harness_stop(daemon_pid) == 0 ? 0 : -1;
}

/* The daemon still answers a simple request on a fresh connection. */
static void assert_daemon_ok(void)
{
    struct xsd_sockmsg h;
    int fd = raw_connect();

    assert_true(harness_alive(daemon_pid));
    assert_true(fd >= 0);
    assert_int_equal(raw_call(fd, XS_GET_DOMAIN_PATH, 0, "1", 2, &h, reply), 0);
    assert_int_equal(h.type, XS_GET_DOMAIN_PATH);
    close(fd);
}

static void expect_error(int fd, uint32_t type, uint32_t tx, const void *p,
                         uint32_t len, const char *err)
{
    struct xsd_sockmsg h;

    assert_int_equal(raw_call(fd, type, tx, p, len, &h, reply), 0);
    assert_int_equal(h.type, XS_ERROR);
    assert_string_equal(reply, err);
}

/* The daemon closes the connection (after at most 'replies' replies). */
static void expect_dropped(int fd)
{
    struct xsd_sockmsg h;
    int r;

    do {
        r = raw_recv(fd, &h, reply, 5000);
    } while (r == 0);
    assert_int_equal(r, -1);
}

static void test_bad_lengths(void **state)
{
    int fd = raw_connect();

    raw_send(fd, XS_READ, 1, 0, "/", 0);
    /* Header claiming 4 GiB of payload. */
    struct xsd_sockmsg h = { XS_READ, 2, 0, 0xffffffffu };
    assert_int_equal(send(fd, &h, sizeof(h), 0), (ssize_t)sizeof(h));
    expect_dropped(fd);
    close(fd);
    fd = raw_connect();
    h.len = XENSTORE_PAYLOAD_MAX + 1;
    send(fd, &h, sizeof(h), 0);
    expect_dropped(fd);
    close(fd);
    /* A truncated header, then hang up. */
    fd = raw_connect();
    send(fd, &h, 7, 0);
    close(fd);
    assert_daemon_ok();
}

static void test_bad_strings_and_types(void **state)
{
    int fd = raw_connect();

    expect_error(fd, XS_READ, 0, "/abc", 4, "EINVAL"); /* No nul. */
    expect_error(fd, XS_WATCH, 0, "/a\0tok", 6, "EINVAL");
    expect_error(fd, XS_READ, 0, "/a\0/b\0", 6, "EINVAL"); /* Two args. */
    expect_error(fd, XS_WRITE, 0, "novalue-no-nul", 14, "EINVAL");
    expect_error(fd, XS_SET_PERMS, 0, "/\0x5\0", 5, "EINVAL");
    expect_error(fd, XS_SET_PERMS, 0, "/\0r99999999\0", 12, "EINVAL");
    expect_error(fd, XS_DIRECTORY_PART, 0, "/\0-1\0", 5, "EINVAL");
    expect_error(fd, XS_INTRODUCE, 0, "1\0", 2, "EINVAL");
    expect_error(fd, XS_TRANSACTION_END, 0, "T\0", 2, "ENOENT");
    expect_error(fd, XS_READ, 12345, "/\0", 2, "ENOENT"); /* Bad tx id. */
    expect_error(fd, 999, 0, "", 0, "EINVAL");
    expect_error(fd, XS_WATCH_EVENT, 0, "", 0, "EINVAL");
    expect_error(fd, XS_ERROR, 0, "", 0, "EINVAL");
    expect_error(fd, 20, 0, "", 0, "EINVAL"); /* Removed XS_RESTRICT. */
    expect_error(fd, XS_CONTROL, 0, "", 0, "EINVAL");
    close(fd);
    assert_daemon_ok();
}

static void test_long_and_deep_paths(void **state)
{
    char path[XENSTORE_PAYLOAD_MAX];
    struct xsd_sockmsg h;
    int fd = raw_connect();
    size_t n;

    /* Longer than the absolute limit. */
    memset(path, 'a', sizeof(path));
    path[0] = '/';
    path[XENSTORE_ABS_PATH_MAX + 10] = '\0';
    expect_error(fd, XS_WRITE, 0, path, XENSTORE_ABS_PATH_MAX + 11, "EINVAL");
    /* 1500 levels deep: allowed for dom0, and removable. */
    for (n = 0; n + 2 < XENSTORE_ABS_PATH_MAX - 1; n += 2)
        memcpy(path + n, "/d", 2);
    path[n] = '\0';
    assert_int_equal(
        raw_call(fd, XS_MKDIR, 0, path, (uint32_t)n + 1, &h, reply), 0);
    assert_int_equal(h.type, XS_MKDIR);
    assert_int_equal(raw_call(fd, XS_RM, 0, "/d", 3, &h, reply), 0);
    assert_int_equal(h.type, XS_RM);
    close(fd);
    assert_daemon_ok();
}

static void test_quotas(void **state)
{
    struct xs_handle *d5 = harness_open_as(5);
    struct xs_handle *xs = harness_open();
    struct xs_permissions p = { 5, XS_PERM_NONE };
    struct xs_permissions many[6] = { { 5, 0 }, { 1, 1 }, { 2, 1 },
                                      { 3, 1 }, { 4, 1 }, { 6, 1 } };
    char path[64], big[200];
    xs_transaction_t t[4];
    int i;

    assert_true(xs_mkdir(xs, XBT_NULL, "/local/domain/5"));
    assert_true(xs_set_permissions(xs, XBT_NULL, "/local/domain/5", &p, 1));
    /* Nodes per domain (-E 50). */
    for (i = 0; i < 100; i++) {
        snprintf(path, sizeof(path), "n%d", i);
        if (!xs_write(d5, XBT_NULL, path, "x", 1))
            break;
    }
    assert_true(i < 100);
    assert_int_equal(errno, ENOSPC);
    /* Node size (-S 100). */
    memset(big, 'v', sizeof(big));
    assert_false(xs_write(d5, XBT_NULL, "n0", big, sizeof(big)));
    assert_int_equal(errno, ENOSPC);
    /* Permission entries (-A 4). */
    assert_false(xs_set_permissions(d5, XBT_NULL, "n0", many, 6));
    assert_int_equal(errno, ENOSPC);
    /* Open transactions (-t 3). */
    for (i = 0; i < 4; i++)
        t[i] = xs_transaction_start(d5);
    assert_int_equal(t[3], XBT_NULL);
    assert_int_equal(errno, ENOSPC);
    /* Nodes touched by one transaction (transaction-nodes=40). */
    for (i = 0; i < 60; i++) {
        snprintf(path, sizeof(path), "n%d", i);
        free(xs_read(d5, t[0], path, NULL));
    }
    assert_false(xs_transaction_end(d5, t[0], false));
    assert_int_equal(errno, ENOSPC);
    /* Watches (-W 10). */
    for (i = 0; i < 20; i++) {
        snprintf(path, sizeof(path), "w%d", i);
        if (!xs_watch(d5, path, "t"))
            break;
    }
    assert_int_equal(i, 10);
    assert_int_equal(errno, E2BIG);
    xs_close(d5);
    xs_close(xs);
    assert_daemon_ok();
}

/* A client that never reads while its watch fires is dropped once its
 * queue passes the memory quota (256 KiB here). */
static void test_watch_flood(void **state)
{
    struct xs_handle *xs = harness_open();
    struct xsd_sockmsg h;
    int fd = raw_connect();
    char path[300];

    /* Events carry the path, so a long one makes them big. */
    memset(path, 'p', sizeof(path));
    memcpy(path, "/flood/", 7);
    path[sizeof(path) - 1] = '\0';
    assert_int_equal(raw_call(fd, XS_WATCH, 0, "/flood\0t", 9, &h, reply), 0);
    for (int i = 0; i < 4000; i++)
        assert_true(xs_write(xs, XBT_NULL, path, "v", 1));
    assert_true(harness_rss_kb(daemon_pid) - rss_start < 64 * 1024);
    expect_dropped(fd);
    close(fd);
    xs_close(xs);
    assert_daemon_ok();
}

/* Thousands of pipelined requests from a client that does not read: the
 * daemon stops reading (outstanding=8) instead of queueing replies, and
 * every reply still arrives in order. */
static void test_request_flood(void **state)
{
    int fd = raw_connect();
    struct xsd_sockmsg h;
    int sent = 0, got = 0;

    for (; sent < 20000; sent++) {
        struct xsd_sockmsg q = { XS_GET_DOMAIN_PATH, (uint32_t)sent, 0, 2 };
        char buf[sizeof(q) + 2];

        memcpy(buf, &q, sizeof(q));
        memcpy(buf + sizeof(q), "7", 2);
        if (send(fd, buf, sizeof(buf), MSG_DONTWAIT) != (ssize_t)sizeof(buf))
            break;
    }
    assert_true(harness_rss_kb(daemon_pid) - rss_start < 64 * 1024);
    for (; got < sent; got++) {
        assert_int_equal(raw_recv(fd, &h, reply, 5000), 0);
        assert_int_equal(h.req_id, (uint32_t)got);
    }
    close(fd);
    assert_daemon_ok();
}

/* Random bytes: the daemon answers or hangs up, never dies. */
static void test_garbage(void **state)
{
    unsigned int seed = 12345;

    for (int round = 0; round < 200; round++) {
        int fd = raw_connect();
        char junk[512];

        for (size_t i = 0; i < sizeof(junk); i++)
            junk[i] = (char)rand_r(&seed);
        if (round % 2) {
            /* A plausible header with a random type and small length. */
            struct xsd_sockmsg *h = (struct xsd_sockmsg *)junk;

            h->type %= 30;
            h->len %= 400;
        }
        send(fd, junk, sizeof(junk), MSG_NOSIGNAL);
        close(fd);
    }
    assert_daemon_ok();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_bad_strings_and_types),
        cmocka_unit_test(test_long_and_deep_paths),
        cmocka_unit_test(test_quotas),
        cmocka_unit_test(test_watch_flood),
        cmocka_unit_test(test_request_flood),
        cmocka_unit_test(test_garbage),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
