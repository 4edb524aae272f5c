/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * util.h - allocation and string helpers for xenstored.
 *
 * Allocation failure is fatal: every per-client structure is bounded by a
 * quota, so running out of memory means the host is in trouble and the
 * daemon exits rather than leave the store half-updated.
 */
#ifndef XSD_UTIL_H
#define XSD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Large enough for any valid absolute path and its nul. */
#define XSD_PATH_BUF 3200

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t len);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* FNV-1a over a byte string. */
uint32_t hash_bytes(const void *p, size_t len);

/* Parse a decimal unsigned number that must fill the whole string. */
bool parse_uint(const char *s, unsigned long max, unsigned long *out);

/* True when child is below parent in the tree ("/a" is below "/"). */
bool path_is_below(const char *child, const char *parent);

/* True when path is parent itself or below it. */
bool path_is_within(const char *path, const char *parent);

#endif
