/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ops_misc.c - watches, transactions and GET_DOMAIN_PATH.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dispatch.h"
#include "domain.h"
#include "txn.h"
#include "util.h"
#include "watch.h"

/* A watch path is a node path or a special "@name". */
static int watch_path(struct request *rq, const char *in, char *abs,
                      unsigned int *rel)
{
    if (in[0] == '@') {
        if (strlen(in) >= XENSTORE_ABS_PATH_MAX || strchr(in, '/') || !in[1])
            return EINVAL;
        strcpy(abs, in);
        *rel = 0;
        return 0;
    }
    return req_path(rq, in, abs, rel);
}

/*
 * WATCH <path> <token>: register a watch; its first event follows the
 * reply.  Errors: EINVAL, EEXIST (same path and token), E2BIG (quota).
 */
int op_watch(struct request *rq, struct reply *rp)
{
    const char *argv[2];
    char abs[XSD_PATH_BUF];
    unsigned int rel;
    int err;

    if (req_args(rq, argv, 2) || watch_path(rq, argv[0], abs, &rel))
        return EINVAL;
    err = watch_add(rq->conn, argv[0], abs, argv[1], rel);
    if (err)
        return err;
    rq->event_path = argv[0];
    rq->event_token = argv[1];
    return reply_ok(rp);
}

/* UNWATCH <path> <token>.  Errors: EINVAL, ENOENT. */
int op_unwatch(struct request *rq, struct reply *rp)
{
    const char *argv[2];
    int err;

    if (req_args(rq, argv, 2))
        return EINVAL;
    err = watch_remove(rq->conn, argv[0], argv[1]);
    return err ? err : reply_ok(rp);
}

/* RESET_WATCHES: drop every watch and transaction of the connection. */
int op_reset_watches(struct request *rq, struct reply *rp)
{
    watch_remove_all(rq->conn);
    txn_end_all(rq->conn);
    return reply_ok(rp);
}

/*
 * TRANSACTION_START "": a new transaction id as a decimal string.
 * Errors: EBUSY (sent inside a transaction), ENOSPC (quota).
 */
int op_transaction_start(struct request *rq, struct reply *rp)
{
    char buf[16];
    uint32_t id;
    int err;

    if (rq->hdr->tx_id)
        return EBUSY;
    err = txn_start(rq->conn, &id);
    if (err)
        return err;
    snprintf(buf, sizeof(buf), "%u", id);
    return reply_str(rp, buf);
}

/*
 * TRANSACTION_END "T" commits, "F" aborts.  Errors: EINVAL, ENOENT (no such
 * transaction), EAGAIN (conflict: nothing applied), ENOSPC.
 */
int op_transaction_end(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    int err;

    if (!rq->txn)
        return ENOENT;
    if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
        return EINVAL;
    err = txn_end(rq->txn, arg[0] == 'T');
    rq->txn = NULL;
    return err ? err : reply_ok(rp);
}

/* GET_DOMAIN_PATH <domid>: "/local/domain/<domid>".  Errors: EINVAL. */
int op_get_domain_path(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    unsigned long domid;
    char buf[32];

    if (!arg || !parse_uint(arg, 0xffff, &domid))
        return EINVAL;
    domain_path((uint32_t)domid, buf, sizeof(buf));
    return reply_str(rp, buf);
}
