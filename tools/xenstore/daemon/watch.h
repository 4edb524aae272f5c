/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * watch.h - watches and the events they produce.
 *
 * A watch on P fires for a change to P or anything below it.  When a
 * subtree is removed, the watches on P and above fire once with P's path,
 * and a watch registered exactly on a removed descendant fires with that
 * descendant's path.  Events are delivered only to connections that may
 * read the node (for a removal, as it was before removal).
 */
#ifndef XSD_WATCH_H
#define XSD_WATCH_H

#include "perms.h"

struct conn;

struct watch {
    struct watch *next;
    char *path; /* As the client gave it. */
    char *abs;  /* Absolute form. */
    char *token;
    unsigned int relprefix; /* Bytes to strip for relative watches. */
};

/* Add a watch; 0, EEXIST or E2BIG (quota). Queues the initial event. */
int watch_add(struct conn *c, const char *path, const char *abs,
              const char *token, unsigned int relprefix);
/* Queue the event a new watch receives right after its reply. */
void watch_initial_event(struct conn *c, const char *path, const char *token);
int watch_remove(struct conn *c, const char *path, const char *token);
void watch_remove_all(struct conn *c);

/* A change to 'path' whose permissions are p (NULL for special paths). */
void watch_fire(const char *path, const struct xs_perm *p, unsigned int n);
/* A removed descendant: only watches exactly on 'path' fire. */
void watch_fire_exact(const char *path, const struct xs_perm *p,
                      unsigned int n);

#endif
