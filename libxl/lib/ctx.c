/* SPDX-License-Identifier: LGPL-2.1-only */
/* The context: allocation, the lazily opened hypervisor and xenstore. */
#include "internal.h"
#include "xctl.h"
#include "xenstore.h"

int libxl_ctx_alloc(libxl_ctx **pctx, int version, unsigned flags,
                    libxl_logger *lg)
{
    libxl_ctx *ctx;
    pthread_mutexattr_t attr;

    if (!pctx)
        return ERROR_INVAL;
    *pctx = NULL;
    if (version != LIBXL_VERSION)
        return ERROR_VERSION;
    if (flags)
        return ERROR_INVAL;
    ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return ERROR_NOMEM;
    ctx->lg = lg;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&ctx->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    *pctx = ctx;
    return 0;
}

/* Subsystems with state of their own release it through these. */
void libxl__event_ctx_free(libxl_ctx *ctx) __attribute__((weak));
void libxl__plugins_ctx_free(libxl_ctx *ctx) __attribute__((weak));

int libxl_ctx_free(libxl_ctx *ctx)
{
    if (!ctx)
        return 0;
    if (libxl__event_ctx_free)
        libxl__event_ctx_free(ctx);
    if (libxl__plugins_ctx_free)
        libxl__plugins_ctx_free(ctx);
    if (ctx->xsh)
        xs_close(ctx->xsh);
    if (ctx->xc)
        xctl_close(ctx->xc);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx);
    return 0;
}

struct xctl *libxl__xc(libxl_ctx *ctx)
{
    GC_INIT(ctx);
    CTX_LOCK(ctx);
    if (!ctx->xc) {
        ctx->xc = xctl_open();
        if (!ctx->xc && errno == ENOENT)
            LOG(ERROR, "cannot open /dev/xen/privcmd: not running as dom0 "
                       "under Xenith or Xen, or xen-privcmd is not loaded "
                       "(modprobe xen-privcmd)");
        else if (!ctx->xc)
            LOGE(ERROR, "cannot open /dev/xen/privcmd (run xl as root)");
    }
    CTX_UNLOCK(ctx);
    GC_FREE;
    return ctx->xc;
}

struct xs_handle *libxl__xs(libxl_ctx *ctx)
{
    GC_INIT(ctx);
    CTX_LOCK(ctx);
    if (!ctx->xsh) {
        ctx->xsh = xs_open(0);
        if (!ctx->xsh)
            LOGE(ERROR, "cannot connect to xenstored; is it running? "
                        "(systemctl start xenstored)");
    }
    CTX_UNLOCK(ctx);
    GC_FREE;
    return ctx->xsh;
}
