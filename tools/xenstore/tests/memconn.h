/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memconn.h - an in-memory transport for driving the daemon's framing
 * and dispatcher without sockets (unit tests and the fuzzer).
 */
#ifndef XS_TEST_MEMCONN_H
#define XS_TEST_MEMCONN_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"

struct memconn {
    const uint8_t *in;
    size_t in_len, in_off;
    uint8_t *out;
    size_t out_len, out_cap;
};

/* A privileged (dom0) connection reading from 'in'. */
struct conn *memconn_new(struct memconn *m, const void *in, size_t len);
/* Feed the input and deliver the output; false if the daemon dropped it. */
bool memconn_run(struct conn *c);
void memconn_free(struct conn *c);

#endif
