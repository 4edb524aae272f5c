/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * db.c - the live node tree: a hash table by path plus parent/child links.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "util.h"

static struct node **table;
static unsigned long table_size; /* Power of two. */
static unsigned long node_count;
static uint64_t generation;
static struct node *root;

static unsigned long slot(const char *path)
{
    return hash_bytes(path, strlen(path)) & (table_size - 1);
}

static void table_grow(void)
{
    unsigned long old_size = table_size;
    struct node **old = table;

    table_size = old_size ? old_size * 2 : 1024;
    table = xzalloc(table_size * sizeof(*table));
    for (unsigned long i = 0; i < old_size; i++) {
        struct node *n = old[i], *next;

        for (; n; n = next) {
            unsigned long s = slot(n->path);

            next = n->hnext;
            n->hnext = table[s];
            table[s] = n;
        }
    }
    free(old);
}

static void table_insert(struct node *n)
{
    unsigned long s;

    if (node_count + 1 > table_size)
        table_grow();
    s = slot(n->path);
    n->hnext = table[s];
    table[s] = n;
    node_count++;
}

static void table_remove(struct node *n)
{
    struct node **pp = &table[slot(n->path)];

    while (*pp != n)
        pp = &(*pp)->hnext;
    *pp = n->hnext;
    node_count--;
}

struct node *db_lookup(const char *path)
{
    struct node *n = table[slot(path)];

    while (n && strcmp(n->path, path) != 0)
        n = n->hnext;
    return n;
}

struct node *db_root(void)
{
    return root;
}

uint64_t db_current_gen(void)
{
    return generation;
}

unsigned long db_node_count(void)
{
    return node_count;
}

static void link_child(struct node *parent, struct node *n)
{
    if (parent->nchildren == parent->childcap) {
        parent->childcap = parent->childcap ? parent->childcap * 2 : 4;
        parent->children = xrealloc(
            parent->children, parent->childcap * sizeof(*parent->children));
    }
    parent->children[parent->nchildren++] = n;
    parent->cgen = ++generation;
}

static void unlink_child(struct node *parent, struct node *n)
{
    for (unsigned int i = 0; i < parent->nchildren; i++) {
        if (parent->children[i] == n) {
            memmove(&parent->children[i], &parent->children[i + 1],
                    (parent->nchildren - i - 1) * sizeof(*parent->children));
            parent->nchildren--;
            break;
        }
    }
    parent->cgen = ++generation;
}

struct node *db_create(struct node *parent, const char *path,
                       const struct xs_perm *perms, unsigned int nperms)
{
    struct node *n = xzalloc(sizeof(*n));

    n->path = xstrdup(path);
    n->name = strrchr(n->path, '/') + 1;
    n->parent = parent;
    n->perms = xmalloc(nperms * sizeof(*perms));
    memcpy(n->perms, perms, nperms * sizeof(*perms));
    n->nperms = nperms;
    n->value = xmalloc(1);
    n->gen = n->cgen = ++generation;
    table_insert(n);
    if (parent)
        link_child(parent, n);
    return n;
}

void db_set_value(struct node *n, const void *value, unsigned int len)
{
    free(n->value);
    n->value = xmemdup(value, len);
    n->vlen = len;
    n->gen = ++generation;
}

void db_set_perms(struct node *n, const struct xs_perm *perms,
                  unsigned int nperms)
{
    free(n->perms);
    n->perms = xmalloc(nperms * sizeof(*perms));
    memcpy(n->perms, perms, nperms * sizeof(*perms));
    n->nperms = nperms;
    n->gen = ++generation;
}

static void free_subtree(struct node *n, void (*fn)(struct node *, void *),
                         void *arg)
{
    /* Children go first so fn sees a consistent parent chain. */
    while (n->nchildren) {
        struct node *c = n->children[n->nchildren - 1];

        n->nchildren--;
        free_subtree(c, fn, arg);
    }
    if (fn)
        fn(n, arg);
    table_remove(n);
    free(n->children);
    free(n->value);
    free(n->perms);
    free(n->path);
    free(n);
}

void db_remove(struct node *n, void (*fn)(struct node *, void *), void *arg)
{
    if (n->parent)
        unlink_child(n->parent, n);
    else
        root = NULL;
    free_subtree(n, fn, arg);
}

void db_init(void)
{
    static const struct xs_perm root_perm = { 0, 0 };

    if (!table)
        table_grow();
    root = db_create(NULL, "/", &root_perm, 1);
    root->name = root->path + 1;
}

void db_reset(void)
{
    if (root)
        db_remove(root, NULL, NULL);
    db_init();
}
