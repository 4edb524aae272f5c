/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ops_dir.c - DIRECTORY and DIRECTORY_PART.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "node_access.h"
#include "util.h"

struct namebuf {
    char *buf;
    unsigned int len, cap;
};

static void collect(const char *name, void *arg)
{
    struct namebuf *nb = arg;
    unsigned int n = (unsigned int)strlen(name) + 1;

    if (nb->len + n > nb->cap) {
        nb->cap = (nb->len + n) * 2;
        nb->buf = xrealloc(nb->buf, nb->cap);
    }
    memcpy(nb->buf + nb->len, name, n);
    nb->len += n;
}

/* List path's children into nb after the usual checks. */
static int list(struct request *rq, const char *arg, struct namebuf *nb,
                struct view *v)
{
    char path[XSD_PATH_BUF];
    unsigned int rel;
    int err;

    if (req_path(rq, arg, path, &rel))
        return EINVAL;
    err = node_get(rq, path, PERM_READ, v);
    if (err)
        return err;
    return st_children(rq->txn, path, collect, nb);
}

/*
 * DIRECTORY <path>: child names, each nul-terminated.  Errors: EINVAL,
 * ENOENT, EACCES, E2BIG (too long for one reply: use DIRECTORY_PART).
 */
int op_directory(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    struct namebuf nb = { 0 };
    struct view v;
    int err;

    if (!arg)
        return EINVAL;
    err = list(rq, arg, &nb, &v);
    if (!err)
        err = reply_add(rp, nb.buf, nb.len);
    free(nb.buf);
    return err;
}

/*
 * DIRECTORY_PART <path> <offset>: the child generation, then as many
 * child names from byte offset 'offset' of the full list as fit; an empty
 * name marks the end of the list.  Errors as DIRECTORY, EINVAL for a bad
 * offset.
 */
int op_directory_part(struct request *rq, struct reply *rp)
{
    const char *argv[2];
    struct namebuf nb = { 0 };
    unsigned long off;
    unsigned int take = 0, room;
    char gen[24];
    struct view v;
    int err;

    if (req_args(rq, argv, 2) || !parse_uint(argv[1], UINT32_MAX, &off))
        return EINVAL;
    err = list(rq, argv[0], &nb, &v);
    if (err)
        goto out;
    snprintf(gen, sizeof(gen), "%" PRIu64, v.cgen);
    reply_str(rp, gen);
    if (off > nb.len)
        off = nb.len;
    room = (unsigned int)sizeof(rp->buf) - rp->len - 1;
    /* Whole names only. */
    while (off + take < nb.len) {
        unsigned int n = (unsigned int)strlen(nb.buf + off + take) + 1;

        if (take + n > room)
            break;
        take += n;
    }
    if (take == 0 && off < nb.len) {
        err = E2BIG;
        goto out;
    }
    if (take)
        reply_add(rp, nb.buf + off, take);
    if (off + take == nb.len)
        reply_add(rp, "", 1);
out:
    free(nb.buf);
    return err;
}
