/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * node_access.h - permission-checked node lookup and creation shared by
 * the handlers.
 */
#ifndef XSD_NODE_ACCESS_H
#define XSD_NODE_ACCESS_H

#include "dispatch.h"
#include "store.h"

/*
 * Look path up and check the caller has 'perm' (PERM_READ, PERM_WRITE or
 * PERM_OWNER).  Returns 0, EACCES, or ENOENT; for an absent node the
 * answer is EACCES when the caller may not read its nearest existing
 * ancestor, so absence does not leak.
 */
int node_get(struct request *rq, const char *path, unsigned int perm,
             struct view *v);

/* Create path and its missing parents; 0, EACCES, ENOSPC. */
int node_create_path(struct request *rq, const char *path);

/* The parent of an absolute path other than "/". */
void path_parent(const char *path, char *out);

#endif
