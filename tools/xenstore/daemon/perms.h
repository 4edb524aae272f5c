/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perms.h - node permissions.
 *
 * A node carries one or more entries; entry 0 names the owner and gives
 * the access of every domain not listed later.  The owner, privileged
 * connections, and a domain whose target (SET_TARGET) owns the node have
 * full access.  Otherwise the first later entry naming the caller's domain
 * or its target decides, else entry 0.
 */
#ifndef XSD_PERMS_H
#define XSD_PERMS_H

#include <stdbool.h>
#include <stdint.h>

#define PERM_READ  1u
#define PERM_WRITE 2u
#define PERM_OWNER 8u

/* Permission letters in GET_PERMS / SET_PERMS strings ("r5", "b0"). */
#define XS_PERM_CHAR_NONE  'n'
#define XS_PERM_CHAR_READ  'r'
#define XS_PERM_CHAR_WRITE 'w'
#define XS_PERM_CHAR_BOTH  'b'

struct xs_perm {
    uint32_t id;   /* Domain id. */
    uint32_t perm; /* PERM_READ | PERM_WRITE */
};

/* Who a request comes from, as the permission checks see it. */
struct ident {
    uint32_t domid;
    bool priv;       /* dom0 or the configured privileged domain */
    bool has_target; /* SET_TARGET given */
    uint32_t target;
};

/* Access bits (PERM_*) that ident gets on a node with these entries. */
unsigned int perms_access(const struct ident *who, const struct xs_perm *p,
                          unsigned int n);

/*
 * Parse n nul-terminated strings at buf (len bytes) into out[]; returns 0
 * or EINVAL for a malformed entry.
 */
int perms_parse(const char *buf, unsigned int len, unsigned int n,
                struct xs_perm *out);

/* Write "r5\0b0\0..." into out (cap bytes); returns the length or -1. */
int perms_format(const struct xs_perm *p, unsigned int n, char *out,
                 unsigned int cap);

#endif
