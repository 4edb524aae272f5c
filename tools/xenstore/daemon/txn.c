/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * txn.c - transactions that copy nothing.
 *
 * A transaction keeps one record per path it touched.  A record holds
 *   - the generations it first saw of the live node: 'gen' (content:
 *     existence, value, permissions) when it read, wrote, created or
 *     removed the node, and 'cgen' (child set) when it listed the node or
 *     removed it;
 *   - its pending change, if any: the node's new value and permissions
 *     (PRESENT) or its removal (DELETED).
 * Reads go to the pending change if there is one, else to the live node.
 *
 * Commit rule: the transaction commits if and only if, for every record,
 * the live node's current generations equal the ones recorded (absent
 * counts as 0, so creation and deletion are changes).  Then its pending
 * changes are applied to the live tree in one step, firing watches.
 * Otherwise it fails with EAGAIN and nothing is applied.  Concurrent
 * transactions that touch disjoint nodes therefore both commit, even when
 * they create siblings under one parent - unless one of them listed that
 * parent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "conn.h"
#include "db.h"
#include "domain.h"
#include "txn.h"
#include "util.h"
#include "txn_internal.h"
#include "watch.h"

unsigned long txn_commits, txn_conflicts;

int txn_start(struct conn *c, uint32_t *id)
{
    struct txn *t;

    if (!conn_is_priv(c) && c->ntxns >= cfg.transactions)
        return ENOSPC;
    t = xzalloc(sizeof(*t));
    t->conn = c;
    do {
        t->id = ++c->next_txid;
    } while (t->id == 0 || txn_find(c, t->id));
    t->next = c->txns;
    c->txns = t;
    c->ntxns++;
    *id = t->id;
    return 0;
}

struct txn *txn_find(struct conn *c, uint32_t id)
{
    for (struct txn *t = c->txns; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

static struct trec *rec_find(struct txn *t, const char *path)
{
    struct trec *r = t->hash[hash_bytes(path, strlen(path)) % TXN_HASH];

    while (r && strcmp(r->path, path) != 0)
        r = r->hnext;
    return r;
}

/* Find or add the record for path; NULL (and the tx doomed) over quota. */
static struct trec *rec_get(struct txn *t, const char *path)
{
    struct trec *r = rec_find(t, path);
    unsigned int h;

    if (r)
        return r;
    if (!conn_is_priv(t->conn) && t->nrecs >= cfg.trans_nodes) {
        t->error = ENOSPC;
        return NULL;
    }
    r = xzalloc(sizeof(*r));
    r->path = xstrdup(path);
    h = hash_bytes(path, strlen(path)) % TXN_HASH;
    r->hnext = t->hash[h];
    t->hash[h] = r;
    if (t->tail)
        t->tail->lnext = r;
    else
        t->head = r;
    t->tail = r;
    t->nrecs++;
    return r;
}

static void see_gen(struct trec *r, const struct node *n)
{
    if (!r->seen_gen) {
        r->gen = n ? n->gen : 0;
        r->seen_gen = true;
    }
}

static void see_cgen(struct trec *r, const struct node *n)
{
    if (!r->seen_cgen) {
        r->cgen = n ? n->cgen : 0;
        r->seen_cgen = true;
    }
}

int txn_get(struct txn *t, const char *path, struct view *v)
{
    struct trec *r = rec_get(t, path);
    struct node *n;

    if (!r)
        return ENOSPC;
    memset(v, 0, sizeof(*v));
    if (r->state == R_DELETED)
        return 0;
    if (r->state == R_PRESENT) {
        v->exists = true;
        v->value = r->value;
        v->vlen = r->vlen;
        v->perms = r->perms;
        v->nperms = r->nperms;
        n = db_lookup(path);
        v->cgen = n && !r->removed_live ? n->cgen : 0;
        return 0;
    }
    n = db_lookup(path);
    see_gen(r, n);
    if (n) {
        v->exists = true;
        v->value = n->value;
        v->vlen = n->vlen;
        v->perms = n->perms;
        v->nperms = n->nperms;
        v->cgen = n->cgen;
    }
    return 0;
}

/* Is r a pending creation directly below path? */
static bool pending_child_of(const struct trec *r, const char *path)
{
    const char *slash;

    if (r->state != R_PRESENT || !path_is_below(r->path, path))
        return false;
    slash = strrchr(r->path, '/');
    return slash == r->path + (strcmp(path, "/") ? strlen(path) : 0);
}

int txn_children(struct txn *t, const char *path, child_fn fn, void *arg)
{
    struct trec *r = rec_get(t, path);
    struct node *n = db_lookup(path);

    if (!r)
        return ENOSPC;
    see_cgen(r, n);
    if (n && !r->removed_live) {
        for (unsigned int i = 0; i < n->nchildren; i++) {
            struct trec *c = rec_find(t, n->children[i]->path);

            if (!c || c->state != R_DELETED)
                fn(n->children[i]->name, arg);
        }
    }
    for (struct trec *c = t->head; c; c = c->lnext) {
        struct node *live;

        if (!pending_child_of(c, path))
            continue;
        live = db_lookup(c->path);
        if (live && n && !r->removed_live && live->parent == n)
            continue; /* Already listed from the live tree. */
        fn(strrchr(c->path, '/') + 1, arg);
    }
    return 0;
}

static void set_perms(struct trec *r, const struct xs_perm *p, unsigned int n)
{
    free(r->perms);
    r->perms = xmalloc(n * sizeof(*p));
    memcpy(r->perms, p, n * sizeof(*p));
    r->nperms = n;
}

static void set_value(struct trec *r, const void *value, unsigned int len)
{
    free(r->value);
    r->value = xmemdup(value, len);
    r->vlen = len;
}

int txn_create(struct txn *t, const char *path, const struct xs_perm *p,
               unsigned int n)
{
    struct trec *r = rec_get(t, path);

    if (!r)
        return ENOSPC;
    see_gen(r, db_lookup(path));
    r->state = R_PRESENT;
    r->created = r->val_dirty = r->perm_dirty = true;
    set_perms(r, p, n);
    set_value(r, "", 0);
    return 0;
}

/* Make r hold a private PRESENT copy of the node it names. */
static void materialise(struct trec *r)
{
    struct node *n;

    if (r->state == R_PRESENT)
        return;
    n = db_lookup(r->path);
    see_gen(r, n);
    r->state = R_PRESENT;
    set_perms(r, n->perms, n->nperms);
    set_value(r, n->value, n->vlen);
}

int txn_set_value(struct txn *t, const char *path, const void *value,
                  unsigned int len)
{
    struct trec *r = rec_get(t, path);

    if (!r)
        return ENOSPC;
    materialise(r);
    set_value(r, value, len);
    r->val_dirty = true;
    return 0;
}

int txn_set_perms(struct txn *t, const char *path, const struct xs_perm *p,
                  unsigned int n)
{
    struct trec *r = rec_get(t, path);

    if (!r)
        return ENOSPC;
    materialise(r);
    set_perms(r, p, n);
    r->perm_dirty = true;
    return 0;
}

struct rm_walk {
    struct txn *t;
    const char *parent;
    int err;
};

static int remove_in_view(struct txn *t, const char *path);

static void remove_child(const char *name, void *arg)
{
    struct rm_walk *w = arg;
    char *child;

    if (w->err)
        return;
    child = strcmp(w->parent, "/") ? xasprintf("%s/%s", w->parent, name)
                                   : xasprintf("/%s", name);
    w->err = remove_in_view(w->t, child);
    free(child);
}

static int remove_in_view(struct txn *t, const char *path)
{
    struct rm_walk w = { t, path, 0 };
    struct trec *r;
    struct node *n;

    /* Listing records the child generation of every removed node. */
    if (txn_children(t, path, remove_child, &w) || w.err)
        return ENOSPC;
    r = rec_get(t, path);
    if (!r)
        return ENOSPC;
    n = db_lookup(path);
    see_gen(r, n);
    /* A node that existed when first seen must go from the live tree. */
    if (r->gen != 0)
        r->removed_live = true;
    r->state = R_DELETED;
    r->created = r->val_dirty = r->perm_dirty = false;
    return 0;
}

void txn_mark_fire(struct txn *t, const char *path)
{
    struct trec *r = rec_find(t, path);

    if (r)
        r->fire = true;
}

int txn_remove(struct txn *t, const char *path)
{
    return remove_in_view(t, path);
}
