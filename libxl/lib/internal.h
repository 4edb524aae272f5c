/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl internals shared by every subsystem: the context, the per-call
 * allocation pool (gc), logging macros.  Each subsystem keeps its own
 * internal header beside its files (lib/event_private.h, ...); this one
 * stays small.
 *
 * Locking: ctx->lock (recursive) guards everything reachable from the
 * context; public entry points that touch shared state take it with
 * CTX_LOCK/CTX_UNLOCK and never call out (callbacks, hooks) holding it.
 */
#ifndef LIBXL_INTERNAL_H
#define LIBXL_INTERNAL_H

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

struct xctl;
struct xs_handle;
struct libxl__ev_state;
struct libxl__plugins;

struct libxl__ctx {
    libxl_logger *lg;
    pthread_mutex_t lock;           /* recursive */
    struct xctl *xc;                /* hypercall layer, opened on first use */
    struct xs_handle *xsh;          /* xenstore, opened on first use */
    struct libxl__ev_state *ev;     /* lib/event*.c */
    struct libxl__plugins *plugins; /* lib/plugin*.c */
};

#define CTX_LOCK(ctx)   pthread_mutex_lock(&(ctx)->lock)
#define CTX_UNLOCK(ctx) pthread_mutex_unlock(&(ctx)->lock)

/*
 * The hypercall layer and xenstore, opened on first use.  On failure they
 * log one line saying what to do (load the module, start xenstored) and
 * return NULL.
 */
struct xctl *libxl__xc(libxl_ctx *ctx);
struct xs_handle *libxl__xs(libxl_ctx *ctx);

/*
 * gc: allocations made during one API call, freed together by GC_FREE.
 * The allocators never return NULL: on exhaustion they log and abort,
 * as there is no sane way to continue half-way through an operation.
 * Use libxl__gc_owner-less plain malloc for what outlives the call.
 */
typedef struct libxl__gc {
    libxl_ctx *owner;
    void **ptrs;
    size_t n, cap;
} libxl__gc;

#define GC_INIT(ctx)                              \
    libxl__gc gc_[1] = { { (ctx), NULL, 0, 0 } }; \
    libxl__gc *gc = gc_
#define GC_FREE libxl__gc_free(gc)
#define CTX     (gc->owner)

void libxl__gc_free(libxl__gc *gc);
void *libxl__zalloc(libxl__gc *gc, size_t size);
void *libxl__realloc(libxl__gc *gc, void *ptr, size_t size);
char *libxl__strdup(libxl__gc *gc, const char *s);
char *libxl__sprintf(libxl__gc *gc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand ptr (from malloc) to the gc, so it is freed with it. */
void *libxl__gc_adopt(libxl__gc *gc, void *ptr);
#define GCSPRINTF(...) libxl__sprintf(gc, __VA_ARGS__)

/* Logging: one line each; errnoval -1 when there is none. */
void libxl__log(libxl_ctx *ctx, libxl_log_level level, int errnoval,
                const char *file, int line, const char *func, uint32_t domid,
                const char *fmt, ...) __attribute__((format(printf, 8, 9)));
#define LIBXL__NO_DOMID 0xffffffffu
#define LOG(l, ...)                                                  \
    libxl__log(CTX, LIBXL_LOG_##l, -1, __FILE__, __LINE__, __func__, \
               LIBXL__NO_DOMID, __VA_ARGS__)
#define LOGE(l, ...)                                                    \
    libxl__log(CTX, LIBXL_LOG_##l, errno, __FILE__, __LINE__, __func__, \
               LIBXL__NO_DOMID, __VA_ARGS__)
#define LOGEV(l, e, ...)                                              \
    libxl__log(CTX, LIBXL_LOG_##l, (e), __FILE__, __LINE__, __func__, \
               LIBXL__NO_DOMID, __VA_ARGS__)
#define LOGD(l, d, ...)                                                   \
    libxl__log(CTX, LIBXL_LOG_##l, -1, __FILE__, __LINE__, __func__, (d), \
               __VA_ARGS__)
#define LOGED(l, d, ...)                                                     \
    libxl__log(CTX, LIBXL_LOG_##l, errno, __FILE__, __LINE__, __func__, (d), \
               __VA_ARGS__)

#endif
