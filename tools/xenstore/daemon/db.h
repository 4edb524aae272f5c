/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * db.h - the in-memory node tree of the live store.
 *
 * Nodes are found by full path through one hash table and also linked into
 * their parent's child array (kept in creation order, which is the order
 * DIRECTORY reports).  Every change takes a fresh number from the global
 * generation counter:
 *   gen  - set when the node is created and when its value or permissions
 *          change;
 *   cgen - set when the node is created and when a child is added or
 *          removed.
 * An absent node has generation 0 for both.  Transactions compare these
 * numbers at commit (see txn.c); nothing is ever copied.
 *
 * Locking: the daemon is single-threaded; only the main loop touches the
 * tree.
 */
#ifndef XSD_DB_H
#define XSD_DB_H

#include <stdint.h>

#include "perms.h"

struct node {
    char *path;       /* Canonical absolute path (owned). */
    const char *name; /* Last component, points into path. */
    struct node *parent;
    struct node **children;
    unsigned int nchildren, childcap;
    char *value;
    unsigned int vlen;
    struct xs_perm *perms;
    unsigned int nperms;
    uint64_t gen, cgen;
    struct node *hnext; /* Hash chain. */
};

void db_init(void);
/* Drop every node (fuzzing and tests), leaving an empty root. */
void db_reset(void);
struct node *db_lookup(const char *path);
struct node *db_root(void);
uint64_t db_current_gen(void);
unsigned long db_node_count(void);

/* Create path under parent (which must be its parent) with a copy of perms
 * and an empty value. */
struct node *db_create(struct node *parent, const char *path,
                       const struct xs_perm *perms, unsigned int nperms);
void db_set_value(struct node *n, const void *value, unsigned int len);
void db_set_perms(struct node *n, const struct xs_perm *perms,
                  unsigned int nperms);

/* Remove n and its subtree, calling fn on every node (deepest first)
 * before it is freed. */
void db_remove(struct node *n, void (*fn)(struct node *n, void *arg),
               void *arg);

#endif
