/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Xenstore watches in the event loop, and domain shutdown/death events
 * built on the @releaseDomain watch (xenstored fires it whenever a domain
 * shuts down or is destroyed) plus the hypervisor's domain list.
 */
#include <stdio.h>

#include "event_private.h"
#include "ops_private.h"
#include "xctl.h"
#include "xenstore.h"

/* ---- xenstore watches --------------------------------------------------- */

static void xs_fd_ready(libxl_ctx *ctx, libxl__ev_fd *ev, int fd, short revents)
{
    struct libxl__ev_state *st = ctx->ev;
    struct xs_handle *xsh = ctx->xsh;
    char **v;

    (void)ev;
    (void)fd;
    (void)revents;
    while (xsh && (v = xs_check_watch(xsh))) {
        unsigned long token = strtoul(v[XS_WATCH_TOKEN], NULL, 10);

        for (libxl__ev_xswatch *w = st->watches; w; w = w->next) {
            if (w->token == token) {
                w->func(ctx, w, w->path, v[XS_WATCH_PATH]);
                break;
            }
        }
        free(v);
    }
    if (xsh && errno != EAGAIN)
        libxl__ev_disaster(ctx, 0, errno,
                           "the connection to xenstored failed; "
                           "xenstore watches no longer fire");
}

/* The xenstore fd in the loop, once.  Lock held. */
static int xs_fd_setup(libxl_ctx *ctx, struct xs_handle *xsh)
{
    struct libxl__ev_state *st = ctx->ev;
    int fd, rc;
    GC_INIT(ctx);

    if (st->xs_fd_registered) {
        GC_FREE;
        return 0;
    }
    fd = xs_fileno(xsh);
    if (fd < 0) {
        LOGE(ERROR, "cannot get xenstore's watch descriptor");
        GC_FREE;
        return ERROR_FAIL;
    }
    rc = libxl__ev_fd_register(ctx, &st->xs_fd, xs_fd_ready, fd, POLLIN);
    if (rc)
        LOG(ERROR, "the application refused xenstore's descriptor");
    st->xs_fd_registered = !rc;
    GC_FREE;
    return rc;
}

int libxl__ev_xswatch_register(libxl_ctx *ctx, libxl__ev_xswatch *w,
                               libxl__ev_xswatch_cb *func, const char *path)
{
    struct libxl__ev_state *st;
    struct xs_handle *xsh;
    char token[16];
    int rc = ERROR_FAIL;
    GC_INIT(ctx);

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    xsh = libxl__xs(ctx);
    if (!st || !xsh)
        goto out;
    rc = xs_fd_setup(ctx, xsh);
    if (rc)
        goto out;
    w->func = func;
    w->path = strdup(path);
    w->token = ++st->next_token;
    if (!w->path) {
        rc = ERROR_NOMEM;
        goto out;
    }
    snprintf(token, sizeof(token), "%u", w->token);
    if (!xs_watch(xsh, path, token)) {
        LOGE(ERROR, "cannot watch xenstore path %s", path);
        free(w->path);
        w->path = NULL;
        rc = ERROR_FAIL;
        goto out;
    }
    w->next = st->watches;
    st->watches = w;
    rc = 0;
out:
    CTX_UNLOCK(ctx);
    GC_FREE;
    return rc;
}

void libxl__ev_xswatch_deregister(libxl_ctx *ctx, libxl__ev_xswatch *w)
{
    struct libxl__ev_state *st = ctx->ev;

    CTX_LOCK(ctx);
    for (libxl__ev_xswatch **pp = st ? &st->watches : NULL; pp && *pp;
         pp = &(*pp)->next) {
        char token[16];

        if (*pp != w)
            continue;
        *pp = w->next;
        snprintf(token, sizeof(token), "%u", w->token);
        if (ctx->xsh)
            xs_unwatch(ctx->xsh, w->path, token);
        free(w->path);
        w->path = NULL;
        w->next = NULL;
        break;
    }
    if (st && !st->watches && st->xs_fd_registered) {
        libxl__ev_fd_deregister(ctx, &st->xs_fd);
        st->xs_fd_registered = false;
    }
    CTX_UNLOCK(ctx);
}

/* ---- domain death ------------------------------------------------------- */

static void report(libxl_ctx *ctx, struct libxl__evgen_domain_death *g,
                   libxl_event_type type, const uint8_t *handle, int reason)
{
    libxl_event *ev = libxl__event_new(type, g->domid, g->user);

    if (!ev) {
        libxl__ev_disaster(ctx, type, ENOMEM, "out of memory for an event");
        return;
    }
    if (handle)
        memcpy(ev->domuuid, handle, sizeof(ev->domuuid));
    if (type == LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN)
        ev->u.domain_shutdown.shutdown_reason = reason;
    libxl__event_occurred(ctx, ev);
}

static const struct xen_domctl_getdomaininfo *
find_info(const struct xen_domctl_getdomaininfo *infos, unsigned n,
          uint32_t domid)
{
    for (unsigned i = 0; i < n; i++)
        if (infos[i].domain == domid)
            return &infos[i];
    return NULL;
}

void libxl__ev_deaths_scan(libxl_ctx *ctx,
                           const struct xen_domctl_getdomaininfo *infos,
                           unsigned n)
{
    for (struct libxl__evgen_domain_death *g = ctx->ev->deaths; g;
         g = g->next) {
        const struct xen_domctl_getdomaininfo *d;

        if (g->death_reported)
            continue;
        d = find_info(infos, n, g->domid);
        if (!d || (d->flags & XEN_DOMINF_dying)) {
            g->death_reported = true;
            report(ctx, g, LIBXL_EVENT_TYPE_DOMAIN_DEATH, d ? d->handle : NULL,
                   0);
            continue;
        }
        if (!(d->flags & XEN_DOMINF_shutdown)) {
            g->shutdown_reported = false; /* running (again) */
            continue;
        }
        if (g->shutdown_reported)
            continue;
        g->shutdown_reported = true;
        report(ctx, g, LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN, d->handle,
               (int)((d->flags >> XEN_DOMINF_shutdownshift) &
                     XEN_DOMINF_shutdownmask));
    }
}

void libxl__ev_deaths_rescan(libxl_ctx *ctx)
{
    struct xen_domctl_getdomaininfo *infos;
    unsigned n;
    GC_INIT(ctx);

    infos = libxl__ops_getinfolist(gc, &n);
    if (infos)
        libxl__ev_deaths_scan(ctx, infos, n);
    else
        libxl__ev_disaster(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, errno,
                           "cannot read the domain list");
    GC_FREE;
}

static void release_domain_fired(libxl_ctx *ctx, libxl__ev_xswatch *w,
                                 const char *watch_path, const char *event_path)
{
    (void)w;
    (void)watch_path;
    (void)event_path;
    libxl__ev_deaths_rescan(ctx);
}

int libxl_evenable_domain_death(libxl_ctx *ctx, uint32_t domid,
                                libxl_ev_user user,
                                libxl_evgen_domain_death **evgen_out)
{
    struct libxl__ev_state *st;
    struct libxl__evgen_domain_death *g;
    int rc = ERROR_FAIL;

    if (!evgen_out)
        return ERROR_INVAL;
    *evgen_out = NULL;
    g = calloc(1, sizeof(*g));
    if (!g)
        return ERROR_NOMEM;
    g->domid = domid;
    g->user = user;
    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (!st)
        goto out;
    g->next = st->deaths;
    st->deaths = g;
    if (!st->death_watch_registered) {
        /* It fires once at once: that first scan covers g. */
        rc = libxl__ev_xswatch_register(ctx, &st->death_watch,
                                        release_domain_fired, "@releaseDomain");
        if (rc) {
            st->deaths = g->next;
            goto out;
        }
        st->death_watch_registered = true;
    } else {
        libxl__ev_deaths_rescan(ctx);
    }
    *evgen_out = g;
    g = NULL;
    rc = 0;
out:
    CTX_UNLOCK(ctx);
    free(g);
    return rc;
}

void libxl_evdisable_domain_death(libxl_ctx *ctx, libxl_evgen_domain_death *g)
{
    struct libxl__ev_state *st;

    if (!g)
        return;
    CTX_LOCK(ctx);
    st = ctx->ev;
    for (struct libxl__evgen_domain_death **pp = st ? &st->deaths : NULL;
         pp && *pp; pp = &(*pp)->next) {
        if (*pp == g) {
            *pp = g->next;
            free(g);
            break;
        }
    }
    if (st && !st->deaths && st->death_watch_registered) {
        libxl__ev_xswatch_deregister(ctx, &st->death_watch);
        st->death_watch_registered = false;
    }
    CTX_UNLOCK(ctx);
}
