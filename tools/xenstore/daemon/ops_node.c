/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ops_node.c - handlers that read and change nodes: READ, WRITE, MKDIR,
 * RM, GET_PERMS, SET_PERMS.  Directory listings are in ops_dir.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dispatch.h"
#include "domain.h"
#include "node_access.h"
#include "store.h"
#include "util.h"
#include "watch.h"

/*
 * READ <path>: the node's value.
 * Errors: EINVAL (bad path), ENOENT, EACCES (no read permission).
 */
int op_read(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    char path[XSD_PATH_BUF];
    unsigned int rel;
    struct view v;
    int err;

    if (!arg || req_path(rq, arg, path, &rel))
        return EINVAL;
    err = node_get(rq, path, PERM_READ, &v);
    if (err)
        return err;
    return reply_add(rp, v.value, v.vlen);
}

/*
 * WRITE <path> <value>: set a node's value, creating it and any missing
 * parents (which inherit the nearest existing ancestor's permissions).
 * Errors: EINVAL, EACCES, ENOSPC (entry size or nodes quota).
 */
int op_write(struct request *rq, struct reply *rp)
{
    const char *nul = memchr(rq->body, '\0', rq->len);
    char path[XSD_PATH_BUF];
    unsigned int rel, vlen;
    const char *value;
    struct view v;
    int err;

    if (!nul || req_path(rq, rq->body, path, &rel))
        return EINVAL;
    value = nul + 1;
    vlen = rq->len - (unsigned int)(value - rq->body);
    if (!rq->who.priv && vlen > cfg.entry_size)
        return ENOSPC;
    err = node_get(rq, path, PERM_WRITE, &v);
    if (err == ENOENT)
        err = node_create_path(rq, path);
    if (!err)
        err = st_set_value(rq->txn, path, value, vlen);
    if (err)
        return err;
    st_fire(rq->txn, path);
    return reply_ok(rp);
}

/*
 * MKDIR <path>: create an empty node (and missing parents); an existing
 * node is left alone.  Errors: EINVAL, EACCES, ENOSPC.
 */
int op_mkdir(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    char path[XSD_PATH_BUF];
    unsigned int rel;
    struct view v;
    int err;

    if (!arg || req_path(rq, arg, path, &rel))
        return EINVAL;
    err = node_get(rq, path, PERM_WRITE, &v);
    if (err == ENOENT) {
        err = node_create_path(rq, path);
        if (!err)
            st_fire(rq->txn, path);
    }
    return err ? err : reply_ok(rp);
}

/*
 * RM <path>: remove a node and its subtree.  Removing an absent node whose
 * parent exists succeeds.  Errors: EINVAL (also for "/"), ENOENT, EACCES.
 */
int op_rm(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    char path[XSD_PATH_BUF], parent[XSD_PATH_BUF];
    unsigned int rel;
    struct view v;
    int err;

    if (!arg || req_path(rq, arg, path, &rel) || !strcmp(path, "/"))
        return EINVAL;
    err = node_get(rq, path, PERM_WRITE, &v);
    if (err == ENOENT) {
        path_parent(path, parent);
        err = st_get(rq->txn, parent, &v);
        if (!err && !v.exists)
            err = ENOENT;
        return err ? err : reply_ok(rp);
    }
    if (!err)
        err = st_remove(rq->txn, path);
    return err ? err : reply_ok(rp);
}

/*
 * GET_PERMS <path>: the permission strings.  Errors: EINVAL, ENOENT,
 * EACCES.
 */
int op_get_perms(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    char path[XSD_PATH_BUF];
    unsigned int rel;
    struct view v;
    int err, len;

    if (!arg || req_path(rq, arg, path, &rel))
        return EINVAL;
    err = node_get(rq, path, PERM_READ, &v);
    if (err)
        return err;
    len = perms_format(v.perms, v.nperms, rp->buf, sizeof(rp->buf));
    if (len < 0)
        return E2BIG;
    rp->len = (unsigned int)len;
    return 0;
}

/*
 * SET_PERMS <path> <perm>...: replace a node's permissions.  Only the
 * owner (or a privileged caller) may, and only privileged callers may give
 * the node away.  Errors: EINVAL, ENOENT, EACCES, EPERM, ENOSPC (too many
 * entries, or the new owner's nodes quota).
 */
int op_set_perms(struct request *rq, struct reply *rp)
{
    const char *nul = memchr(rq->body, '\0', rq->len);
    struct xs_perm perms[XENSTORE_PAYLOAD_MAX / 3];
    unsigned int rel, n = 0, off;
    char path[XSD_PATH_BUF];
    struct view v;
    int err;

    if (!nul || req_path(rq, rq->body, path, &rel))
        return EINVAL;
    off = (unsigned int)(nul - rq->body) + 1;
    for (unsigned int i = off; i < rq->len; i++)
        n += rq->body[i] == '\0';
    if (n == 0 || perms_parse(rq->body + off, rq->len - off, n, perms))
        return EINVAL;
    if (!rq->who.priv && n > cfg.perms_per_node)
        return ENOSPC;
    err = node_get(rq, path, PERM_OWNER, &v);
    if (err)
        return err;
    if (!rq->who.priv && perms[0].id != v.perms[0].id)
        return EPERM;
    err = st_set_perms(rq->txn, path, perms, n);
    if (err)
        return err;
    st_fire(rq->txn, path);
    return reply_ok(rp);
}
