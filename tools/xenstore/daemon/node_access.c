/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * node_access.c - permission-checked lookup and creation of nodes.
 */
#include <errno.h>
#include <string.h>

#include "config.h"
#include "domain.h"
#include "node_access.h"
#include "util.h"

void path_parent(const char *path, char *out)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash == path ? 1 : (size_t)(slash - path);

    memcpy(out, path, n);
    out[n] = '\0';
}

static bool allowed(const struct request *rq, const struct view *v,
                    unsigned int perm)
{
    unsigned int have = perms_access(&rq->who, v->perms, v->nperms);

    return (have & perm) == perm;
}

/* ENOENT or EACCES for an absent node, judged at its nearest ancestor. */
static int absent_error(struct request *rq, const char *path)
{
    char cur[XSD_PATH_BUF];
    struct view v;

    strcpy(cur, path);
    while (strcmp(cur, "/") != 0) {
        path_parent(cur, cur);
        if (st_get(rq->txn, cur, &v))
            return ENOSPC;
        if (v.exists)
            return allowed(rq, &v, PERM_READ) ? ENOENT : EACCES;
    }
    return ENOENT;
}

int node_get(struct request *rq, const char *path, unsigned int perm,
             struct view *v)
{
    int err = st_get(rq->txn, path, v);

    if (err)
        return err;
    if (!v->exists)
        return absent_error(rq, path);
    return allowed(rq, v, perm) ? 0 : EACCES;
}

int node_create_path(struct request *rq, const char *path)
{
    static unsigned int ends[XSD_PATH_BUF / 2];
    struct xs_perm perms[XENSTORE_PAYLOAD_MAX / 3];
    char cur[XSD_PATH_BUF];
    unsigned int missing = 0, nperms;
    struct view v;
    int err;

    /* Find the nearest existing ancestor, remembering what is missing. */
    strcpy(cur, path);
    for (;;) {
        if ((err = st_get(rq->txn, cur, &v)))
            return err;
        if (v.exists)
            break;
        ends[missing++] = (unsigned int)strlen(cur);
        path_parent(cur, cur);
    }
    if (!allowed(rq, &v, PERM_WRITE))
        return EACCES;
    err = domain_check_nodes(&rq->who, rq->who.domid, (long)missing);
    if (err)
        return err;
    nperms = v.nperms;
    memcpy(perms, v.perms, nperms * sizeof(perms[0]));
    /* Unprivileged domains own what they create. */
    if (!rq->who.priv)
        perms[0].id = rq->who.domid;
    /* Create top-down. */
    while (missing--) {
        memcpy(cur, path, ends[missing]);
        cur[ends[missing]] = '\0';
        if ((err = st_create(rq->txn, cur, perms, nperms)))
            return err;
    }
    return 0;
}
