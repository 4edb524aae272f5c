/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xs-bench.c - xenstore throughput benchmark over libxenstore.
 *
 *   xs-bench [-c CLIENTS] [-n OPS | -d SECONDS] [-k KEYS] read|write|dir|txn
 *
 * Each client is a thread with its own connection.  read/write/dir work on
 * the client's own subtree /bench/c<N> with KEYS keys; txn runs
 * read-increment-write transactions on KEYS counters shared by every
 * client (contention), retrying on EAGAIN, and checks afterwards that no
 * increment was lost.  With -d each client runs for SECONDS instead of a
 * fixed number of operations.  Prints one line: mode, clients, ops/s and (txn)
 * conflicts per commit.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xenstore.h"

static int clients = 1, ops = 10000, keys = 100;
static double duration; /* Seconds; 0 means run 'ops' operations. */
static const char *mode;
static unsigned long conflicts[256], done_ops[256];
static struct timespec t_start;

static double since_start(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t_start.tv_sec) +
           (double)(now.tv_nsec - t_start.tv_nsec) / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "xs-bench: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void key(char *buf, size_t n, int client, int k)
{
    if (!strcmp(mode, "txn"))
        snprintf(buf, n, "/bench/shared/k%d", k);
    else
        snprintf(buf, n, "/bench/c%d/k%d", client, k);
}

static void one_txn(struct xs_handle *h, int id, int k)
{
    char path[64], val[32];

    key(path, sizeof(path), id, k);
    for (;;) {
        xs_transaction_t t = xs_transaction_start(h);
        unsigned int len;
        char *v;

        if (t == XBT_NULL)
            die("transaction_start");
        v = xs_read(h, t, path, &len);
        if (!v)
            die("read");
        snprintf(val, sizeof(val), "%ld", atol(v) + 1);
        free(v);
        if (!xs_write(h, t, path, val, (unsigned int)strlen(val)))
            die("write");
        if (xs_transaction_end(h, t, false))
            return;
        if (errno != EAGAIN)
            die("transaction_end");
        conflicts[id]++;
    }
}

static void *client(void *arg)
{
    int id = (int)(long)arg;
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    unsigned int seed = (unsigned int)id * 7919u + 1, n;
    char path[64];

    if (!h)
        die("xs_open");
    for (int i = 0; duration ? since_start() < duration : i < ops; i++) {
        int k = (int)(rand_r(&seed) % (unsigned int)keys);
        void *r = NULL;

        key(path, sizeof(path), id, k);
        if (!strcmp(mode, "read"))
            r = xs_read(h, XBT_NULL, path, &n);
        else if (!strcmp(mode, "write"))
            r = xs_write(h, XBT_NULL, path, "value", 5) ? h : NULL;
        else if (!strcmp(mode, "dir")) {
            snprintf(path, sizeof(path), "/bench/c%d", id);
            r = xs_directory(h, XBT_NULL, path, &n);
        } else {
            one_txn(h, id, k);
            r = h;
        }
        if (!r)
            die(mode);
        if (r != h)
            free(r);
        done_ops[id]++;
    }
    xs_close(h);
    return NULL;
}

static void setup(void)
{
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    char path[64];

    if (!h)
        die("xs_open");
    xs_rm(h, XBT_NULL, "/bench");
    for (int c = 0; c < clients; c++)
        for (int k = 0; k < keys; k++) {
            key(path, sizeof(path), c, k);
            if (!xs_write(h, XBT_NULL, path, "0", 1))
                die("setup write");
        }
    xs_close(h);
}

/* txn mode: the counters must add up to clients * ops. */
static int verify(void)
{
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    long total = 0, want = 0;
    char path[64];

    for (int k = 0; h && k < keys; k++) {
        unsigned int len;
        char *v;

        key(path, sizeof(path), 0, k);
        v = xs_read(h, XBT_NULL, path, &len);
        total += v ? atol(v) : 0;
        free(v);
    }
    xs_close(h);
    for (int i = 0; i < clients; i++)
        want += (long)done_ops[i];
    if (total != want) {
        fprintf(stderr, "xs-bench: LOST UPDATES: %ld of %ld\n", total, want);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    pthread_t th[256];
    struct timespec a, b;
    unsigned long nconf = 0, total_ops = 0;
    double secs;
    int c;

    while ((c = getopt(argc, argv, "c:n:k:d:")) != -1) {
        if (c == 'd')
            duration = atof(optarg);
        else if (c == 'c')
            clients = atoi(optarg);
        else if (c == 'n')
            ops = atoi(optarg);
        else if (c == 'k')
            keys = atoi(optarg);
        else
            return 2;
    }
    if (optind + 1 != argc || clients < 1 || clients > 256 || ops < 1 ||
        keys < 1) {
        fprintf(stderr, "usage: xs-bench [-c CLIENTS] [-n OPS | -d SECONDS] "
                        "[-k KEYS] read|write|dir|txn\n");
        return 2;
    }
    mode = argv[optind];
    if (strcmp(mode, "read") && strcmp(mode, "write") && strcmp(mode, "dir") &&
        strcmp(mode, "txn")) {
        fprintf(stderr, "xs-bench: unknown mode %s\n", mode);
        return 2;
    }
    setup();
    clock_gettime(CLOCK_MONOTONIC, &a);
    t_start = a;
    for (long i = 0; i < clients; i++)
        if (pthread_create(&th[i], NULL, client, (void *)i))
            die("pthread_create");
    for (int i = 0; i < clients; i++)
        pthread_join(th[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    secs =
        (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    for (int i = 0; i < clients; i++) {
        nconf += conflicts[i];
        total_ops += done_ops[i];
    }
    printf("%s clients=%d ops=%lu ops/s=%.0f", mode, clients, total_ops,
           (double)total_ops / secs);
    if (!strcmp(mode, "txn"))
        printf(" conflicts/commit=%.3f",
               total_ops ? (double)nconf / (double)total_ops : 0.0);
    printf("\n");
    return strcmp(mode, "txn") ? 0 : verify();
}
