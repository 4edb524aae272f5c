/* SPDX-License-Identifier: LGPL-2.1-only */
/* The per-call allocation pool (see internal.h). */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static void gc_oom(libxl__gc *gc, size_t size)
{
    libxl__log(gc->owner, LIBXL_LOG_CRITICAL, ENOMEM, __FILE__, __LINE__,
               __func__, LIBXL__NO_DOMID, "out of memory allocating %zu bytes",
               size);
    abort();
}

void *libxl__gc_adopt(libxl__gc *gc, void *ptr)
{
    if (!ptr)
        return NULL;
    if (gc->n == gc->cap) {
        size_t cap = gc->cap ? gc->cap * 2 : 16;
        void **p = realloc(gc->ptrs, cap * sizeof(*p));
        if (!p)
            gc_oom(gc, cap * sizeof(*p));
        gc->ptrs = p;
        gc->cap = cap;
    }
    gc->ptrs[gc->n++] = ptr;
    return ptr;
}

void libxl__gc_free(libxl__gc *gc)
{
    for (size_t i = 0; i < gc->n; i++)
        free(gc->ptrs[i]);
    free(gc->ptrs);
    gc->ptrs = NULL;
    gc->n = gc->cap = 0;
}

void *libxl__zalloc(libxl__gc *gc, size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        gc_oom(gc, size);
    return libxl__gc_adopt(gc, p);
}

void *libxl__realloc(libxl__gc *gc, void *ptr, size_t size)
{
    void *p;
    size_t i;

    if (!ptr)
        return libxl__zalloc(gc, size);
    for (i = 0; i < gc->n && gc->ptrs[i] != ptr; i++)
        ;
    p = realloc(ptr, size);
    if (!p)
        gc_oom(gc, size);
    if (i < gc->n)
        gc->ptrs[i] = p;
    else
        libxl__gc_adopt(gc, p);
    return p;
}

char *libxl__strdup(libxl__gc *gc, const char *s)
{
    char *p;

    if (!s)
        return NULL;
    p = strdup(s);
    if (!p)
        gc_oom(gc, strlen(s));
    return libxl__gc_adopt(gc, p);
}

char *libxl__sprintf(libxl__gc *gc, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        gc_oom(gc, 0);
    return libxl__gc_adopt(gc, s);
}
