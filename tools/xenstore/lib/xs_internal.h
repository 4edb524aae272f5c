/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs_internal.h - libxenstore's handle and its transport.
 *
 * Locking: 'req_lock' is held for a whole request/reply round trip, so at
 * most one request is outstanding per handle.  'lock' protects every
 * field below it; whoever reads the socket sets 'reading' and drops
 * 'lock' while blocked in read(), then hands a reply to 'reply' or queues
 * an event, and wakes 'cond'.  Once a watch exists a reader thread owns
 * the socket for the rest of the handle's life.
 */
#ifndef XS_INTERNAL_H
#define XS_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>

#include "wire.h"
#include "xenstore.h"

#define XS_API __attribute__((visibility("default")))

struct xs_msg {
    struct xs_msg *next;
    struct xsd_sockmsg hdr;
    char *body; /* hdr.len bytes plus a nul */
};

struct xs_handle {
    int fd;
    unsigned long flags;
    pthread_mutex_t req_lock;
    uint32_t next_req;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool reading, broken, have_thread, closing;
    pthread_t thread;
    struct xs_msg *reply;
    struct xs_msg *events, *events_tail;
    int event_pipe[2]; /* Readable while events are queued. */
    /* Read buffer, used only by the current reader. */
    unsigned int rstart, rend;
    char rbuf[8192];
};

/* One request; returns the reply payload (malloc()ed, nul-terminated) or
 * NULL with errno (from an XS_ERROR reply, or the transport). */
void *xs_request(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                 const struct iovec *iov, unsigned int n, unsigned int *len);
/* Start the reader thread if it is not running; false on failure. */
bool xs_start_reader(struct xs_handle *h);
/* Take the next queued event, waiting if 'block'. */
struct xs_msg *xs_next_event(struct xs_handle *h, bool block);
void xs_msg_free(struct xs_msg *m);

#endif
