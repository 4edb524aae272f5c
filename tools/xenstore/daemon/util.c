/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * util.c - allocation and string helpers for xenstored.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

static void oom(void)
{
    log_fatal("out of memory");
}

/* malloc() that never returns NULL. */
void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        oom();
    return p;
}

void *xzalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);

    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);

    if (!q)
        oom();
    return q;
}

char *xmemdup(const void *p, size_t len)
{
    char *q = xmalloc(len + 1);

    memcpy(q, p, len);
    q[len] = '\0';
    return q;
}

char *xstrdup(const char *s)
{
    return xmemdup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    return s;
}

uint32_t hash_bytes(const void *p, size_t len)
{
    const unsigned char *c = p;
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= c[i];
        h *= 16777619u;
    }
    return h;
}

bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v;

    if (!*s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

bool path_is_below(const char *child, const char *parent)
{
    size_t n = strlen(parent);

    if (strcmp(parent, "/") == 0)
        return child[0] == '/' && child[1] != '\0';
    return strncmp(child, parent, n) == 0 && child[n] == '/';
}

bool path_is_within(const char *path, const char *parent)
{
    return strcmp(path, parent) == 0 || path_is_below(path, parent);
}
