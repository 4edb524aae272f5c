/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * txn_commit.c - ending a transaction: the commit rule (see txn.c and
 * xenstored(8)) and applying its pending changes to the live tree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "db.h"
#include "domain.h"
#include "txn.h"
#include "txn_internal.h"
#include "util.h"
#include "watch.h"

/* Commit check: every recorded generation still current. */
static bool still_current(const struct txn *t)
{
    for (const struct trec *r = t->head; r; r = r->lnext) {
        const struct node *n;

        if (!r->seen_gen && !r->seen_cgen)
            continue;
        n = db_lookup(r->path);
        if (r->seen_gen && (n ? n->gen : 0) != r->gen)
            return false;
        if (r->seen_cgen && (n ? n->cgen : 0) != r->cgen)
            return false;
    }
    return true;
}

/* Nodes the committing domain would own after commit, minus now. */
static long owned_delta(const struct txn *t, uint32_t domid)
{
    long delta = 0;

    for (const struct trec *r = t->head; r; r = r->lnext) {
        const struct node *n = db_lookup(r->path);
        bool live_goes = n && r->removed_live;
        bool live_stays = n && !r->removed_live;

        if (live_goes && n->perms[0].id == domid)
            delta--;
        if (r->state == R_PRESENT && r->perms[0].id == domid)
            delta++;
        if (live_stays && r->state == R_PRESENT && n->perms[0].id == domid)
            delta--;
    }
    return delta;
}

static unsigned int depth(const char *path)
{
    unsigned int d = 0;

    for (; *path; path++)
        d += *path == '/';
    return d;
}

static int by_depth(const void *a, const void *b)
{
    const struct trec *x = *(struct trec *const *)a;
    const struct trec *y = *(struct trec *const *)b;
    unsigned int dx = depth(x->path), dy = depth(y->path);

    return dx < dy ? -1 : dx > dy;
}

static void apply_present(struct trec *r)
{
    struct node *n = db_lookup(r->path);

    if (!n) {
        live_create(r->path, r->perms, r->nperms);
        live_set_value(r->path, r->value, r->vlen);
    } else {
        if (r->val_dirty)
            live_set_value(r->path, r->value, r->vlen);
        if (r->perm_dirty)
            live_set_perms(r->path, r->perms, r->nperms);
    }
    if (r->fire)
        watch_fire(r->path, r->perms, r->nperms);
}

/* Apply pending changes: removals first, then writes parents-first. */
static void apply(struct txn *t)
{
    struct trec **order = xmalloc(t->nrecs * sizeof(*order));
    unsigned int k = 0;

    for (struct trec *r = t->head; r; r = r->lnext) {
        if (r->removed_live && db_lookup(r->path))
            live_remove(r->path);
        if (r->state == R_PRESENT &&
            (r->created || r->val_dirty || r->perm_dirty))
            order[k++] = r;
    }
    qsort(order, k, sizeof(*order), by_depth);
    for (unsigned int i = 0; i < k; i++)
        apply_present(order[i]);
    free(order);
}

static int commit(struct txn *t)
{
    struct ident who;

    if (t->error)
        return t->error;
    if (!still_current(t)) {
        txn_conflicts++;
        return EAGAIN;
    }
    conn_ident(t->conn, &who);
    if (domain_check_nodes(&who, who.domid, owned_delta(t, who.domid)))
        return ENOSPC;
    apply(t);
    txn_commits++;
    return 0;
}

static void txn_free(struct txn *t)
{
    struct trec *r, *next;

    for (r = t->head; r; r = next) {
        next = r->lnext;
        free(r->path);
        free(r->value);
        free(r->perms);
        free(r);
    }
    free(t);
}

int txn_end(struct txn *t, bool do_commit)
{
    struct conn *c = t->conn;
    struct txn **pp = &c->txns;
    int err = do_commit ? commit(t) : 0;

    while (*pp != t)
        pp = &(*pp)->next;
    *pp = t->next;
    c->ntxns--;
    txn_free(t);
    return err;
}

void txn_end_all(struct conn *c)
{
    while (c->txns)
        txn_end(c->txns, false);
}
