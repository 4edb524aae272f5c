/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * txn_internal.h - a transaction's records, shared by txn.c (access
 * through the transaction) and txn_commit.c (the commit rule).
 *
 * Lifetime: records belong to their transaction and are freed with it.
 */
#ifndef XSD_TXN_INTERNAL_H
#define XSD_TXN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "perms.h"

struct conn;

enum rstate { R_NONE, R_PRESENT, R_DELETED };

struct trec {
    struct trec *hnext, *lnext;
    char *path;
    uint64_t gen, cgen;
    bool seen_gen, seen_cgen;
    enum rstate state;
    bool removed_live; /* A live node here was removed by us. */
    bool created, val_dirty, perm_dirty;
    bool fire; /* An explicit target: fire its watches at commit. */
    char *value;
    unsigned int vlen;
    struct xs_perm *perms;
    unsigned int nperms;
};

#define TXN_HASH 64

struct txn {
    struct txn *next;
    struct conn *conn;
    uint32_t id;
    struct trec *hash[TXN_HASH];
    struct trec *head, *tail;
    unsigned int nrecs;
    int error; /* Sticky failure (ENOSPC). */
};

#endif
