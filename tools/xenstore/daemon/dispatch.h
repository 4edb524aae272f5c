/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dispatch.h - request handling: one table maps each message type to its
 * handler and policy flags (dispatch.c); handlers live in ops_*.c.
 */
#ifndef XSD_DISPATCH_H
#define XSD_DISPATCH_H

#include "conn.h"
#include "perms.h"
#include "wire.h"

struct txn;

/* What a handler gets: the request, split into arguments. */
struct request {
    struct conn *conn;
    struct txn *txn; /* NULL outside a transaction. */
    struct ident who;
    const struct xsd_sockmsg *hdr;
    const char *body; /* hdr->len bytes, nul-terminated one past the end */
    unsigned int len;
    /* Set by WATCH: the event to queue right after the reply. */
    const char *event_path, *event_token;
};

/* A reply under construction (at most XENSTORE_PAYLOAD_MAX bytes). */
struct reply {
    unsigned int len;
    char buf[XENSTORE_PAYLOAD_MAX];
};

/*
 * A handler validates everything first, then acts.  It returns 0 with the
 * reply filled in, or an errno value sent back as XS_ERROR.
 */
typedef int (*handler_fn)(struct request *rq, struct reply *rp);

void dispatch(struct conn *c, const struct xsd_sockmsg *hdr, const char *body);

/* Helpers for handlers. */
int reply_add(struct reply *rp, const void *data, unsigned int len);
int reply_str(struct reply *rp, const char *s); /* Adds s and its nul. */
int reply_ok(struct reply *rp);
/* Split body into exactly n nul-terminated strings; 0 or EINVAL. */
int req_args(const struct request *rq, const char **argv, unsigned int n);
/* The single-string argument of READ, RM, ...; NULL if malformed. */
const char *req_onearg(const struct request *rq);
/*
 * Canonicalise a client path (relative ones are under the caller's domain
 * path) into out; 0 or EINVAL.  relprefix gets the bytes to strip to give
 * the path back in the client's form.
 */
int req_path(const struct request *rq, const char *in, char *out,
             unsigned int *relprefix);

/* Handlers (ops_node.c, ops_misc.c, ops_domain.c, control.c). */
int op_read(struct request *rq, struct reply *rp);
int op_write(struct request *rq, struct reply *rp);
int op_mkdir(struct request *rq, struct reply *rp);
int op_rm(struct request *rq, struct reply *rp);
int op_directory(struct request *rq, struct reply *rp);
int op_directory_part(struct request *rq, struct reply *rp);
int op_get_perms(struct request *rq, struct reply *rp);
int op_set_perms(struct request *rq, struct reply *rp);
int op_watch(struct request *rq, struct reply *rp);
int op_unwatch(struct request *rq, struct reply *rp);
int op_reset_watches(struct request *rq, struct reply *rp);
int op_transaction_start(struct request *rq, struct reply *rp);
int op_transaction_end(struct request *rq, struct reply *rp);
int op_introduce(struct request *rq, struct reply *rp);
int op_release(struct request *rq, struct reply *rp);
int op_resume(struct request *rq, struct reply *rp);
int op_get_domain_path(struct request *rq, struct reply *rp);
int op_is_domain_introduced(struct request *rq, struct reply *rp);
int op_set_target(struct request *rq, struct reply *rp);
int op_control(struct request *rq, struct reply *rp);

#endif
