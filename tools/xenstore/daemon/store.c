/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store.c - one view of the store for handlers: the live tree, or the
 * live tree through a transaction.  The live_* primitives keep the
 * per-domain node accounting and fire watches.
 */
#include <string.h>

#include "db.h"
#include "domain.h"
#include "store.h"
#include "txn.h"
#include "util.h"
#include "watch.h"

static struct node *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char buf[XSD_PATH_BUF];
    size_t n = slash == path ? 1 : (size_t)(slash - path);

    memcpy(buf, path, n);
    buf[n] = '\0';
    return db_lookup(buf);
}

void live_create(const char *path, const struct xs_perm *p, unsigned int n)
{
    db_create(parent_of(path), path, p, n);
    domain_acct_nodes(p[0].id, 1);
}

void live_set_value(const char *path, const void *value, unsigned int len)
{
    db_set_value(db_lookup(path), value, len);
}

void live_set_perms(const char *path, const struct xs_perm *p, unsigned int n)
{
    struct node *node = db_lookup(path);

    domain_acct_nodes(node->perms[0].id, -1);
    domain_acct_nodes(p[0].id, 1);
    db_set_perms(node, p, n);
}

static void removed_one(struct node *n, void *arg)
{
    const struct node *top = arg;

    domain_acct_nodes(n->perms[0].id, -1);
    if (n != top)
        watch_fire_exact(n->path, n->perms, n->nperms);
}

void live_remove(const char *path)
{
    struct node *n = db_lookup(path);

    watch_fire(path, n->perms, n->nperms);
    db_remove(n, removed_one, n);
}

static void fill_view(const struct node *n, struct view *v)
{
    v->exists = n != NULL;
    if (!n)
        return;
    v->value = n->value;
    v->vlen = n->vlen;
    v->perms = n->perms;
    v->nperms = n->nperms;
    v->cgen = n->cgen;
}

int st_get(struct txn *t, const char *path, struct view *v)
{
    if (t)
        return txn_get(t, path, v);
    fill_view(db_lookup(path), v);
    return 0;
}

int st_children(struct txn *t, const char *path, child_fn fn, void *arg)
{
    struct node *n;

    if (t)
        return txn_children(t, path, fn, arg);
    n = db_lookup(path);
    for (unsigned int i = 0; n && i < n->nchildren; i++)
        fn(n->children[i]->name, arg);
    return 0;
}

int st_create(struct txn *t, const char *path, const struct xs_perm *p,
              unsigned int n)
{
    if (t)
        return txn_create(t, path, p, n);
    live_create(path, p, n);
    return 0;
}

int st_set_value(struct txn *t, const char *path, const void *value,
                 unsigned int len)
{
    if (t)
        return txn_set_value(t, path, value, len);
    live_set_value(path, value, len);
    return 0;
}

int st_set_perms(struct txn *t, const char *path, const struct xs_perm *p,
                 unsigned int n)
{
    if (t)
        return txn_set_perms(t, path, p, n);
    live_set_perms(path, p, n);
    return 0;
}

int st_remove(struct txn *t, const char *path)
{
    if (t)
        return txn_remove(t, path);
    live_remove(path);
    return 0;
}

void st_fire(struct txn *t, const char *path)
{
    struct node *n;

    if (t) {
        txn_mark_fire(t, path);
        return;
    }
    n = db_lookup(path);
    if (n)
        watch_fire(path, n->perms, n->nperms);
}
