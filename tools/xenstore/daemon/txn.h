/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * txn.h - transactions without copies (see txn.c for the rule).
 *
 * Lifetime: a transaction belongs to the connection that started it and
 * ends at TRANSACTION_END, RESET_WATCHES or when the connection closes.
 */
#ifndef XSD_TXN_H
#define XSD_TXN_H

#include <stdbool.h>
#include <stdint.h>

#include "perms.h"
#include "store.h"

struct conn;
struct txn;

/* Start a transaction; 0 and *id, or ENOSPC when over the quota. */
int txn_start(struct conn *c, uint32_t *id);
struct txn *txn_find(struct conn *c, uint32_t id);
/* Commit (0, EAGAIN on conflict, ENOSPC) or abort; frees t either way. */
int txn_end(struct txn *t, bool commit);
void txn_end_all(struct conn *c);

/* Overlay access used by store.c. */
int txn_get(struct txn *t, const char *path, struct view *v);
int txn_children(struct txn *t, const char *path, child_fn fn, void *arg);
int txn_create(struct txn *t, const char *path, const struct xs_perm *p,
               unsigned int n);
int txn_set_value(struct txn *t, const char *path, const void *value,
                  unsigned int len);
int txn_set_perms(struct txn *t, const char *path, const struct xs_perm *p,
                  unsigned int n);
int txn_remove(struct txn *t, const char *path);
/* Fire watches for path when the transaction commits. */
void txn_mark_fire(struct txn *t, const char *path);

/* Statistics for CONTROL and the benchmark. */
extern unsigned long txn_commits, txn_conflicts;

#endif
