/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_txn.c - transaction semantics against a private xenstored:
 * isolation, commit and abort, the conflict rule (read, write, listing,
 * creation, removal), and 32 concurrent clients losing no update.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static pid_t daemon_pid;
static struct xs_handle *a, *b;

static int setup(void **state)
{
    daemon_pid = harness_start(false, NULL);
    a = harness_open();
    b = harness_open();
    return 0;
}

static int teardown(void **state)
{
    xs_close(a);
    xs_close(b);
    return harness_stop(daemon_pid) == 0 ? 0 : -1;
}

static bool wr(struct xs_handle *h, xs_transaction_t t, const char *p,
               const char *v)
{
    return xs_write(h, t, p, v, (unsigned int)strlen(v));
}

static void expect_val(struct xs_handle *h, xs_transaction_t t, const char *p,
                       const char *want)
{
    unsigned int len;
    char *v = xs_read(h, t, p, &len);

    if (!want) {
        assert_null(v);
        assert_int_equal(errno, ENOENT);
        return;
    }
    assert_non_null(v);
    assert_string_equal(v, want);
    free(v);
}

static void test_isolation_and_abort(void **state)
{
    xs_transaction_t t = xs_transaction_start(a);
    unsigned int n;
    char **d;

    assert_int_not_equal(t, XBT_NULL);
    assert_true(wr(a, t, "/iso/x", "1"));
    expect_val(a, t, "/iso/x", "1");
    expect_val(b, XBT_NULL, "/iso/x", NULL);
    d = xs_directory(a, t, "/iso", &n);
    assert_int_equal(n, 1);
    free(d);
    assert_true(xs_transaction_end(a, t, true)); /* Abort. */
    expect_val(b, XBT_NULL, "/iso/x", NULL);
    t = xs_transaction_start(a);
    assert_true(wr(a, t, "/iso/x", "2"));
    assert_true(xs_transaction_end(a, t, false));
    expect_val(b, XBT_NULL, "/iso/x", "2");
    /* The id is gone after the end. */
    assert_false(xs_transaction_end(a, t, false));
    assert_int_equal(errno, ENOENT);
}

static void test_disjoint_both_commit(void **state)
{
    xs_transaction_t t1, t2;

    assert_true(xs_mkdir(a, XBT_NULL, "/dj"));
    t1 = xs_transaction_start(a);
    t2 = xs_transaction_start(b);
    /* Siblings under one parent: no conflict. */
    assert_true(wr(a, t1, "/dj/one", "1"));
    assert_true(wr(b, t2, "/dj/two", "2"));
    expect_val(a, t1, "/dj/two", NULL);
    assert_true(xs_transaction_end(a, t1, false));
    assert_true(xs_transaction_end(b, t2, false));
    expect_val(a, XBT_NULL, "/dj/one", "1");
    expect_val(a, XBT_NULL, "/dj/two", "2");
}

static void conflict(void (*between)(void), void (*in_txn)(xs_transaction_t))
{
    xs_transaction_t t = xs_transaction_start(a);

    assert_int_not_equal(t, XBT_NULL);
    in_txn(t);
    between();
    assert_false(xs_transaction_end(a, t, false));
    assert_int_equal(errno, EAGAIN);
}

static void read_c(xs_transaction_t t)
{
    expect_val(a, t, "/cf/c", "0");
    assert_true(wr(a, t, "/cf/d", "x"));
}

static void write_c(void)
{
    assert_true(wr(b, XBT_NULL, "/cf/c", "changed"));
}

static void blind_write_c(xs_transaction_t t)
{
    assert_true(wr(a, t, "/cf/c", "mine"));
}

static void list_cf(xs_transaction_t t)
{
    unsigned int n;

    free(xs_directory(a, t, "/cf", &n));
}

static void create_in_cf(void)
{
    assert_true(wr(b, XBT_NULL, "/cf/new", "1"));
}

static void rm_cf(xs_transaction_t t)
{
    assert_true(xs_rm(a, t, "/cf"));
}

static void create_below_c(void)
{
    assert_true(wr(b, XBT_NULL, "/cf/c/child", "1"));
}

static void read_absent(xs_transaction_t t)
{
    expect_val(a, t, "/cf/absent", NULL);
}

static void create_absent(void)
{
    assert_true(wr(b, XBT_NULL, "/cf/absent", "now"));
}

static void reset_cf(void)
{
    assert_true(xs_rm(a, XBT_NULL, "/cf"));
    assert_true(wr(a, XBT_NULL, "/cf/c", "0"));
}

static void test_conflicts(void **state)
{
    reset_cf();
    conflict(write_c, read_c); /* Read, then changed. */
    reset_cf();
    conflict(write_c, blind_write_c); /* Both wrote. */
    reset_cf();
    conflict(create_in_cf, list_cf); /* Listed, then a child appeared. */
    reset_cf();
    conflict(create_below_c, rm_cf); /* Removed, then something added. */
    reset_cf();
    conflict(create_absent, read_absent); /* Saw absent, then created. */
    /* A failed commit applied nothing. */
    expect_val(a, XBT_NULL, "/cf/d", NULL);
}

static void test_rm_and_recreate(void **state)
{
    xs_transaction_t t = xs_transaction_start(a);
    unsigned int n;
    char **d;

    assert_true(wr(a, XBT_NULL, "/rr/old/x", "1"));
    assert_true(xs_rm(a, t, "/rr/old"));
    expect_val(a, t, "/rr/old/x", NULL);
    assert_true(wr(a, t, "/rr/old/y", "2"));
    d = xs_directory(a, t, "/rr/old", &n);
    assert_int_equal(n, 1);
    assert_string_equal(d[0], "y");
    free(d);
    assert_true(xs_transaction_end(a, t, false));
    expect_val(a, XBT_NULL, "/rr/old/x", NULL);
    expect_val(a, XBT_NULL, "/rr/old/y", "2");
}

#define CLIENTS 32
static int txn_ops = 10000;

static void *incrementer(void *arg)
{
    struct xs_handle *h = harness_open();
    long id = (long)arg;
    char path[64], val[32];

    for (int i = 0; i < txn_ops; i++) {
        snprintf(path, sizeof(path), "/ctr/k%ld", (id + i) % 64);
        for (;;) {
            xs_transaction_t t = xs_transaction_start(h);
            unsigned int len;
            char *v = xs_read(h, t, path, &len);

            if (!v)
                return (void *)1;
            snprintf(val, sizeof(val), "%ld", atol(v) + 1);
            free(v);
            if (!xs_write(h, t, path, val, (unsigned int)strlen(val)))
                return (void *)1;
            if (xs_transaction_end(h, t, false))
                break;
            if (errno != EAGAIN)
                return (void *)1;
        }
    }
    xs_close(h);
    return NULL;
}

static void test_no_lost_updates(void **state)
{
    pthread_t th[CLIENTS];
    long total = 0;
    char path[64];

    if (getenv("XS_TXN_OPS"))
        txn_ops = atoi(getenv("XS_TXN_OPS"));
    for (int k = 0; k < 64; k++) {
        snprintf(path, sizeof(path), "/ctr/k%d", k);
        assert_true(wr(a, XBT_NULL, path, "0"));
    }
    for (long i = 0; i < CLIENTS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, incrementer, (void *)i),
                         0);
    for (int i = 0; i < CLIENTS; i++) {
        void *r;

        pthread_join(th[i], &r);
        assert_null(r);
    }
    for (int k = 0; k < 64; k++) {
        unsigned int len;
        char *v;

        snprintf(path, sizeof(path), "/ctr/k%d", k);
        v = xs_read(a, XBT_NULL, path, &len);
        total += atol(v);
        free(v);
    }
    assert_int_equal(total, (long)CLIENTS * txn_ops);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isolation_and_abort),
        cmocka_unit_test(test_disjoint_both_commit),
        cmocka_unit_test(test_conflicts),
        cmocka_unit_test(test_rm_and_recreate),
        cmocka_unit_test(test_no_lost_updates),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
