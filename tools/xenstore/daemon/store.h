/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store.h - the store as a request sees it: the live tree outside a
 * transaction, or the live tree seen through a transaction's pending
 * changes inside one.  Handlers call only these functions, so every
 * operation behaves the same in both modes.
 *
 * Inside a transaction every lookup and listing is recorded with the
 * generation it saw (see txn.c for the commit rule); the functions
 * returning int fail with ENOSPC when the transaction-nodes quota is
 * exhausted, which also dooms the transaction.
 */
#ifndef XSD_STORE_H
#define XSD_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "perms.h"

struct txn;

struct view {
    bool exists;
    const char *value;
    unsigned int vlen;
    const struct xs_perm *perms;
    unsigned int nperms;
    uint64_t cgen; /* Child generation (DIRECTORY_PART). */
};

typedef void (*child_fn)(const char *name, void *arg);

int st_get(struct txn *t, const char *path, struct view *v);
/* Calls fn for each child of an existing node, in order. */
int st_children(struct txn *t, const char *path, child_fn fn, void *arg);
/* Create path (its parent exists in the view) with these permissions. */
int st_create(struct txn *t, const char *path, const struct xs_perm *p,
              unsigned int n);
int st_set_value(struct txn *t, const char *path, const void *value,
                 unsigned int len);
int st_set_perms(struct txn *t, const char *path, const struct xs_perm *p,
                 unsigned int n);
/* Remove an existing node and everything below it. */
int st_remove(struct txn *t, const char *path);

/* Fire the watches for a changed path: now outside a transaction, at
 * commit inside one. */
void st_fire(struct txn *t, const char *path);

/* Live-tree primitives, also used when a transaction commits. */
void live_create(const char *path, const struct xs_perm *p, unsigned int n);
void live_set_value(const char *path, const void *value, unsigned int len);
void live_set_perms(const char *path, const struct xs_perm *p, unsigned int n);
void live_remove(const char *path);

#endif
