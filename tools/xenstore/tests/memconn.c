/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memconn.c - in-memory transport for tests and fuzzing.
 */
#include <stdlib.h>
#include <string.h>

#include "memconn.h"

static ssize_t mem_read(struct conn *c, void *buf, size_t len)
{
    struct memconn *m = c->tpdata;
    size_t n = m->in_len - m->in_off;

    if (n == 0)
        return 0; /* Nothing more for now. */
    if (n > len)
        n = len;
    memcpy(buf, m->in + m->in_off, n);
    m->in_off += n;
    return (ssize_t)n;
}

static ssize_t mem_write(struct conn *c, const void *buf, size_t len)
{
    struct memconn *m = c->tpdata;

    /* Keep only the first 64 KiB; the rest is counted and dropped. */
    if (m->out_len < 65536) {
        size_t n = len < 65536 - m->out_len ? len : 65536 - m->out_len;

        if (m->out_len + n > m->out_cap) {
            m->out_cap = 65536;
            m->out = realloc(m->out, m->out_cap);
        }
        memcpy(m->out + m->out_len, buf, n);
        m->out_len += n;
    }
    return (ssize_t)len;
}

static const struct conn_transport mem_tp = {
    .kind = "memory",
    .read = mem_read,
    .write = mem_write,
};

struct conn *memconn_new(struct memconn *m, const void *in, size_t len)
{
    memset(m, 0, sizeof(*m));
    m->in = in;
    m->in_len = len;
    return conn_new(&mem_tp, -1, m, 0);
}

bool memconn_run(struct conn *c)
{
    /* Writes always succeed here, so one pass consumes all input. */
    if (conn_handle_input(c))
        conn_flush(c);
    return !c->dead;
}

void memconn_free(struct conn *c)
{
    struct memconn *m = c->tpdata;

    conn_free(c);
    free(m->out);
    m->out = NULL;
}
