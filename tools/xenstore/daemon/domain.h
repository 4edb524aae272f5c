/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain.h - per-domain state: identity, privilege, SET_TARGET, the node
 * count charged against the nodes quota, and the ring connection of an
 * introduced domain.
 *
 * Lifetime: a record is created on first use (a connection, INTRODUCE or a
 * node owned by the domain) and lives until RELEASE for introduced domains
 * or for the daemon's life otherwise.
 */
#ifndef XSD_DOMAIN_H
#define XSD_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "perms.h"

struct conn;
struct ring;

struct domain {
    struct domain *next;
    uint32_t domid;
    bool introduced;    /* INTRODUCE'd and not released */
    bool shutdown_seen; /* @releaseDomain fired for its shutdown */
    bool has_target;
    uint32_t target;
    long nodes; /* Nodes this domain owns. */
    unsigned long mfn;
    uint32_t remote_port;
    struct conn *conn; /* Ring connection, if introduced. */
};

struct domain *domain_get(uint32_t domid);
struct domain *domain_find(uint32_t domid);
bool domain_is_priv(uint32_t domid);
void domain_ident(const struct domain *d, struct ident *out);
/* Charge delta nodes to owner. */
void domain_acct_nodes(uint32_t owner, long delta);
/* Check that owner may own 'extra' more nodes; 0 or ENOSPC. */
int domain_check_nodes(const struct ident *who, uint32_t owner, long extra);
/* "/local/domain/<id>" into buf. */
void domain_path(uint32_t domid, char *buf, unsigned int cap);
void domain_reset_all(void);
/* Call fn on every introduced domain other than dom0's own. */
void domain_for_each_introduced(void (*fn)(struct domain *, bool *), bool *arg);

#endif
