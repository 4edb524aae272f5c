/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * conn.h - client connections (unix socket, shared ring, or in-memory for
 * tests and fuzzing), message framing and the per-connection output queue.
 *
 * Replies and watch events are queued in order on out_head.  The daemon
 * stops reading requests from a connection while 'outstanding' replies are
 * queued (back-pressure), and drops a connection whose queue grows beyond
 * the memory quota, so a client that never reads cannot make the daemon
 * grow without bound.
 */
#ifndef XSD_CONN_H
#define XSD_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "perms.h"
#include "wire.h"

struct conn;
struct watch;
struct txn;

struct conn_transport {
    const char *kind;
    /* Bytes read (>0), 0 if none are available, -1 if the peer is gone. */
    ssize_t (*read)(struct conn *c, void *buf, size_t len);
    /* Bytes written (>=0), or -1 if the peer is gone. */
    ssize_t (*write)(struct conn *c, const void *buf, size_t len);
    void (*destroy)(struct conn *c);
};

struct outbuf {
    struct outbuf *next;
    unsigned int len, off;
    bool is_reply;
    char data[];
};

struct conn {
    struct conn *next, *prev; /* All connections. */
    unsigned long serial;
    const struct conn_transport *tp;
    int fd;       /* Socket, or -1. */
    void *tpdata; /* Transport's private data. */
    struct domain *dom;
    /* Input being assembled. */
    struct xsd_sockmsg in_hdr;
    unsigned int in_hdr_got, in_body_got;
    char *in_body;
    /* Bytes read from the transport but not yet parsed. */
    unsigned int in_start, in_end;
    bool drained; /* The last transport read came up short. */
    char inbuf[8192];
    /* Output queue. */
    struct outbuf *out_head, *out_tail;
    size_t out_bytes;
    unsigned int out_replies;
    /* Watches and open transactions of this connection. */
    struct watch *watches;
    unsigned int nwatches;
    struct txn *txns;
    unsigned int ntxns;
    uint32_t next_txid;
    bool dead; /* Drop at the next opportunity. */
    /* Socket connections: events registered with the main loop. */
    bool ev_registered;
    uint32_t ev_mask;
};

extern struct conn *conn_list;

struct conn *conn_new(const struct conn_transport *tp, int fd, void *tpdata,
                      uint32_t domid);
void conn_free(struct conn *c);
void conn_ident(const struct conn *c, struct ident *out);
bool conn_is_priv(const struct conn *c);

/* Read and dispatch what is available; false if the connection died. */
bool conn_handle_input(struct conn *c);
/* Write queued output; false if the connection died. */
bool conn_flush(struct conn *c);
bool conn_wants_input(const struct conn *c);
/* True when input is buffered and the connection may take it. */
bool conn_has_buffered_input(const struct conn *c);

/* Queue a message.  Events over the memory quota kill the connection. */
void conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
               const void *data, unsigned int len, bool is_reply);
void conn_send_error(struct conn *c, const struct xsd_sockmsg *req, int err);

/* Free every connection (tests). */
void conn_free_all(void);

#endif
