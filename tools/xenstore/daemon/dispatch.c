/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dispatch.c - the message table and the common request plumbing.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "dispatch.h"
#include "domain.h"
#include "log.h"
#include "txn.h"
#include "util.h"
#include "watch.h"

#define F_PRIV  (1u << 0) /* Privileged connections only. */
#define F_NOTXN (1u << 1) /* The transaction id is ignored. */

struct op_desc {
    const char *name;
    handler_fn fn;
    unsigned int flags;
};

/* Every message type, its handler and who may send it. */
static const struct op_desc ops[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { "CONTROL", op_control, F_PRIV | F_NOTXN },
    [XS_DIRECTORY] = { "DIRECTORY", op_directory, 0 },
    [XS_READ] = { "READ", op_read, 0 },
    [XS_GET_PERMS] = { "GET_PERMS", op_get_perms, 0 },
    [XS_WATCH] = { "WATCH", op_watch, F_NOTXN },
    [XS_UNWATCH] = { "UNWATCH", op_unwatch, F_NOTXN },
    [XS_TRANSACTION_START] = { "TRANSACTION_START", op_transaction_start,
                               F_NOTXN },
    [XS_TRANSACTION_END] = { "TRANSACTION_END", op_transaction_end, 0 },
    [XS_INTRODUCE] = { "INTRODUCE", op_introduce, F_PRIV | F_NOTXN },
    [XS_RELEASE] = { "RELEASE", op_release, F_PRIV | F_NOTXN },
    [XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", op_get_domain_path, F_NOTXN },
    [XS_WRITE] = { "WRITE", op_write, 0 },
    [XS_MKDIR] = { "MKDIR", op_mkdir, 0 },
    [XS_RM] = { "RM", op_rm, 0 },
    [XS_SET_PERMS] = { "SET_PERMS", op_set_perms, 0 },
    [XS_WATCH_EVENT] = { "WATCH_EVENT", NULL, 0 },
    [XS_ERROR] = { "ERROR", NULL, 0 },
    [XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED",
                                  op_is_domain_introduced, F_PRIV | F_NOTXN },
    [XS_RESUME] = { "RESUME", op_resume, F_PRIV | F_NOTXN },
    [XS_SET_TARGET] = { "SET_TARGET", op_set_target, F_PRIV | F_NOTXN },
    [XS_RESET_WATCHES] = { "RESET_WATCHES", op_reset_watches, F_NOTXN },
    [XS_DIRECTORY_PART] = { "DIRECTORY_PART", op_directory_part, 0 },
};

int reply_add(struct reply *rp, const void *data, unsigned int len)
{
    if (len > sizeof(rp->buf) - rp->len)
        return E2BIG;
    if (len == 0)
        return 0;
    memcpy(rp->buf + rp->len, data, len);
    rp->len += len;
    return 0;
}

int reply_str(struct reply *rp, const char *s)
{
    return reply_add(rp, s, (unsigned int)strlen(s) + 1);
}

int reply_ok(struct reply *rp)
{
    return reply_str(rp, "OK");
}

int req_args(const struct request *rq, const char **argv, unsigned int n)
{
    unsigned int off = 0;

    for (unsigned int i = 0; i < n; i++) {
        const char *nul;

        if (off >= rq->len)
            return EINVAL;
        nul = memchr(rq->body + off, '\0', rq->len - off);
        if (!nul)
            return EINVAL;
        argv[i] = rq->body + off;
        off = (unsigned int)(nul - rq->body) + 1;
    }
    return off == rq->len ? 0 : EINVAL;
}

const char *req_onearg(const struct request *rq)
{
    const char *arg;

    return req_args(rq, &arg, 1) ? NULL : arg;
}

static bool valid_chars(const char *p)
{
    for (; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_@-", *p))
            return false;
    return true;
}

int req_path(const struct request *rq, const char *in, char *out,
             unsigned int *relprefix)
{
    char dpath[32];
    size_t len = strlen(in), dlen, rel;

    domain_path(rq->who.domid, dpath, sizeof(dpath));
    dlen = strlen(dpath);
    if (len == 0 || in[0] == '@' || !valid_chars(in) || strstr(in, "//"))
        return EINVAL;
    if (in[0] == '/') {
        *relprefix = 0;
        if (len >= XENSTORE_ABS_PATH_MAX)
            return EINVAL;
        memcpy(out, in, len + 1);
    } else {
        *relprefix = (unsigned int)dlen + 1;
        if (dlen + 1 + len >= XENSTORE_ABS_PATH_MAX)
            return EINVAL;
        snprintf(out, XSD_PATH_BUF, "%s/%s", dpath, in);
        len += dlen + 1;
    }
    if (len > 1 && out[len - 1] == '/')
        return EINVAL;
    /* Unprivileged callers: path_max below their own home, else total. */
    rel = path_is_below(out, dpath) ? len - dlen - 1 : len;
    if (!rq->who.priv && rel > cfg.path_max)
        return EINVAL;
    return 0;
}

static void log_request(const struct conn *c, const struct xsd_sockmsg *h,
                        const char *body, int err)
{
    const char *name = h->type < XS_TYPE_COUNT && ops[h->type].name
                           ? ops[h->type].name
                           : "UNKNOWN";
    char text[65];
    unsigned int i;

    /* The first string of the payload, unprintable bytes as '.'. */
    for (i = 0; i < h->len && i < 64 && body[i]; i++)
        text[i] = isprint((unsigned char)body[i]) ? body[i] : '.';
    text[i] = '\0';

    log_access("conn %lu (%s) dom %u %s req %u tx %u len %u \"%s\" -> %s",
               c->serial, c->tp->kind, c->dom->domid, name, h->req_id, h->tx_id,
               h->len, text, err ? xs_wire_errname(err) : "OK");
}

/* Handle one complete request and queue its reply. */
void dispatch(struct conn *c, const struct xsd_sockmsg *hdr, const char *body)
{
    static struct reply rp;
    struct request rq = {
        .conn = c, .hdr = hdr, .body = body, .len = hdr->len
    };
    const struct op_desc *op =
        hdr->type < XS_TYPE_COUNT ? &ops[hdr->type] : NULL;
    int err = 0;

    conn_ident(c, &rq.who);
    rp.len = 0;
    if (!op || !op->fn)
        err = EINVAL;
    else if ((op->flags & F_PRIV) && !rq.who.priv)
        err = EACCES;
    else if (!(op->flags & F_NOTXN) && hdr->tx_id &&
             !(rq.txn = txn_find(c, hdr->tx_id)))
        err = ENOENT;
    if (!err)
        err = op->fn(&rq, &rp);
    if (log_access_enabled())
        log_request(c, hdr, body, err);
    if (err) {
        conn_send_error(c, hdr, err);
        return;
    }
    conn_send(c, hdr->type, hdr->req_id, hdr->tx_id, rp.buf, rp.len, true);
    if (rq.event_path)
        watch_initial_event(c, rq.event_path, rq.event_token);
}
