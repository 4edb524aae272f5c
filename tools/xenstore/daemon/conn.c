/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * conn.c - connection lifetime, message framing and output queues.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "log.h"
#include "txn.h"
#include "util.h"
#include "watch.h"

struct conn *conn_list;
static unsigned long next_serial;

struct conn *conn_new(const struct conn_transport *tp, int fd, void *tpdata,
                      uint32_t domid)
{
    struct conn *c = xzalloc(sizeof(*c));

    c->tp = tp;
    c->fd = fd;
    c->tpdata = tpdata;
    c->serial = ++next_serial;
    c->dom = domain_get(domid);
    c->next = conn_list;
    if (conn_list)
        conn_list->prev = c;
    conn_list = c;
    return c;
}

void conn_free(struct conn *c)
{
    txn_end_all(c);
    watch_remove_all(c);
    while (c->out_head) {
        struct outbuf *o = c->out_head;

        c->out_head = o->next;
        free(o);
    }
    free(c->in_body);
    if (c->prev)
        c->prev->next = c->next;
    else
        conn_list = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->tp->destroy)
        c->tp->destroy(c);
    free(c);
}

void conn_free_all(void)
{
    while (conn_list)
        conn_free(conn_list);
}

void conn_ident(const struct conn *c, struct ident *out)
{
    domain_ident(c->dom, out);
}

bool conn_is_priv(const struct conn *c)
{
    return domain_is_priv(c->dom->domid);
}

void conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
               const void *data, unsigned int len, bool is_reply)
{
    struct xsd_sockmsg h = { type, req_id, tx_id, len };
    struct outbuf *o;

    if (c->dead)
        return;
    if (!is_reply && c->out_bytes + sizeof(h) + len > cfg.memory) {
        log_warn("connection %lu (domain %u) exceeds its memory quota "
                 "with undelivered events; dropping it",
                 c->serial, c->dom->domid);
        c->dead = true;
        return;
    }
    o = xmalloc(sizeof(*o) + sizeof(h) + len);
    memcpy(o->data, &h, sizeof(h));
    if (len)
        memcpy(o->data + sizeof(h), data, len);
    o->len = (unsigned int)sizeof(h) + len;
    o->off = 0;
    o->is_reply = is_reply;
    o->next = NULL;
    if (c->out_tail)
        c->out_tail->next = o;
    else
        c->out_head = o;
    c->out_tail = o;
    c->out_bytes += o->len;
    c->out_replies += is_reply;
}

void conn_send_error(struct conn *c, const struct xsd_sockmsg *req, int err)
{
    const char *name = xs_wire_errname(err);

    conn_send(c, XS_ERROR, req->req_id, req->tx_id, name,
              (unsigned int)strlen(name) + 1, true);
}

bool conn_flush(struct conn *c)
{
    while (c->out_head && !c->dead) {
        struct outbuf *o = c->out_head;
        ssize_t n = c->tp->write(c, o->data + o->off, o->len - o->off);

        if (n < 0) {
            c->dead = true;
            break;
        }
        if (n == 0)
            break;
        o->off += (unsigned int)n;
        if (o->off < o->len)
            break;
        c->out_head = o->next;
        if (!c->out_head)
            c->out_tail = NULL;
        c->out_bytes -= o->len;
        c->out_replies -= o->is_reply;
        free(o);
    }
    return !c->dead;
}

bool conn_wants_input(const struct conn *c)
{
    return !c->dead && c->out_replies < cfg.outstanding;
}

bool conn_has_buffered_input(const struct conn *c)
{
    return c->in_end > c->in_start && conn_wants_input(c);
}

/* Read through the connection's buffer: fewer system calls. */
static ssize_t buffered_read(struct conn *c, void *dst, size_t len)
{
    size_t have = c->in_end - c->in_start;

    if (have == 0) {
        ssize_t n;

        /* A short read emptied the transport: wait for the next wakeup
         * rather than spend a system call learning nothing came. */
        if (c->drained)
            return 0;
        n = c->tp->read(c, c->inbuf, sizeof(c->inbuf));
        c->drained = n >= 0 && (size_t)n < sizeof(c->inbuf);
        if (n <= 0)
            return n;
        c->in_start = 0;
        c->in_end = (unsigned int)n;
        have = (size_t)n;
    }
    if (len > have)
        len = have;
    memcpy(dst, c->inbuf + c->in_start, len);
    c->in_start += (unsigned int)len;
    return (ssize_t)len;
}

/* Read more of the current message; 1 when complete, 0 if not yet. */
static int read_some(struct conn *c)
{
    ssize_t n;

    if (c->in_hdr_got < sizeof(c->in_hdr)) {
        n = buffered_read(c, (char *)&c->in_hdr + c->in_hdr_got,
                          sizeof(c->in_hdr) - c->in_hdr_got);
        if (n <= 0)
            return (int)n;
        c->in_hdr_got += (unsigned int)n;
        if (c->in_hdr_got < sizeof(c->in_hdr))
            return 0;
        if (c->in_hdr.len > XENSTORE_PAYLOAD_MAX) {
            log_warn("connection %lu: payload of %u bytes; dropping it",
                     c->serial, c->in_hdr.len);
            return -1;
        }
        c->in_body = xmalloc(c->in_hdr.len + 1);
        c->in_body_got = 0;
    }
    if (c->in_body_got < c->in_hdr.len) {
        n = buffered_read(c, c->in_body + c->in_body_got,
                          c->in_hdr.len - c->in_body_got);
        if (n <= 0)
            return (int)n;
        c->in_body_got += (unsigned int)n;
    }
    return c->in_body_got == c->in_hdr.len;
}

bool conn_handle_input(struct conn *c)
{
    c->drained = false;
    for (;;) {
        int r;

        if (!conn_wants_input(c)) {
            /* Try to make room by sending what is queued. */
            if (c->dead || !conn_flush(c) || !conn_wants_input(c))
                break;
        }
        r = read_some(c);

        if (r < 0) {
            c->dead = true;
            break;
        }
        if (r == 0)
            break;
        c->in_body[c->in_hdr.len] = '\0';
        dispatch(c, &c->in_hdr, c->in_body);
        free(c->in_body);
        c->in_body = NULL;
        c->in_hdr_got = 0;
        c->in_body_got = 0;
    }
    return !c->dead;
}
