/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The event loop: libxl's file descriptors and timeouts, the
 * application's osevent hooks, beforepoll/afterpoll, and libxl's own poll
 * for libxl_event_wait.
 */
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "event_private.h"

/* A thread polling inside libxl_event_wait, woken through its pipe. */
struct libxl__poller {
    int pipe[2];
    struct libxl__poller *next;
};

int libxl__timeval_cmp(const struct timeval *a, const struct timeval *b)
{
    if (a->tv_sec != b->tv_sec)
        return a->tv_sec < b->tv_sec ? -1 : 1;
    if (a->tv_usec != b->tv_usec)
        return a->tv_usec < b->tv_usec ? -1 : 1;
    return 0;
}

void libxl__ev_wake_pollers(libxl_ctx *ctx)
{
    for (struct libxl__poller *p = ctx->ev->pollers; p; p = p->next) {
        char c = 0;
        if (write(p->pipe[1], &c, 1) < 0) {
            /* Full: it is readable already. */
        }
    }
}

/* ---- file descriptors --------------------------------------------------- */

int libxl__ev_fd_register(libxl_ctx *ctx, libxl__ev_fd *ev,
                          libxl__ev_fd_cb *func, int fd, short events)
{
    struct libxl__ev_state *st;
    int rc = 0;

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (!st) {
        rc = ERROR_FAIL;
        goto out;
    }
    ev->func = func;
    ev->fd = fd;
    ev->events = events;
    ev->app_registered = false;
    ev->for_app = NULL;
    if (st->os && st->os->fd_register) {
        if (st->os->fd_register(st->os_user, fd, &ev->for_app, events, ev)) {
            rc = ERROR_OSEVENT_REG_FAIL;
            goto out;
        }
        ev->app_registered = true;
    }
    ev->next = st->fds;
    st->fds = ev;
    libxl__ev_wake_pollers(ctx);
out:
    CTX_UNLOCK(ctx);
    return rc;
}

int libxl__ev_fd_modify(libxl_ctx *ctx, libxl__ev_fd *ev, short events)
{
    struct libxl__ev_state *st = ctx->ev;
    int rc = 0;

    CTX_LOCK(ctx);
    if (ev->app_registered && st->os && st->os->fd_modify &&
        st->os->fd_modify(st->os_user, ev->fd, &ev->for_app, events))
        rc = ERROR_OSEVENT_REG_FAIL;
    if (!rc)
        ev->events = events;
    libxl__ev_wake_pollers(ctx);
    CTX_UNLOCK(ctx);
    return rc;
}

void libxl__ev_fd_deregister(libxl_ctx *ctx, libxl__ev_fd *ev)
{
    struct libxl__ev_state *st = ctx->ev;

    CTX_LOCK(ctx);
    for (libxl__ev_fd **pp = st ? &st->fds : NULL; pp && *pp;
         pp = &(*pp)->next) {
        if (*pp != ev)
            continue;
        *pp = ev->next;
        if (ev->app_registered && st->os && st->os->fd_deregister)
            st->os->fd_deregister(st->os_user, ev->fd, ev->for_app);
        ev->app_registered = false;
        ev->next = NULL;
        break;
    }
    CTX_UNLOCK(ctx);
}

/* ---- timeouts ---------------------------------------------------------- */

int libxl__ev_time_register_abs(libxl_ctx *ctx, libxl__ev_time *ev,
                                libxl__ev_time_cb *func, struct timeval abs)
{
    struct libxl__ev_state *st;
    int rc = 0;

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (!st) {
        rc = ERROR_FAIL;
        goto out;
    }
    ev->func = func;
    ev->abs = abs;
    ev->app_registered = false;
    ev->for_app = NULL;
    if (st->os && st->os->timeout_register) {
        if (st->os->timeout_register(st->os_user, &ev->for_app, abs, ev)) {
            rc = ERROR_OSEVENT_REG_FAIL;
            goto out;
        }
        ev->app_registered = true;
    }
    ev->next = st->times;
    st->times = ev;
    libxl__ev_wake_pollers(ctx);
out:
    CTX_UNLOCK(ctx);
    return rc;
}

int libxl__ev_time_register_rel(libxl_ctx *ctx, libxl__ev_time *ev,
                                libxl__ev_time_cb *func, int ms)
{
    struct timeval now, abs;

    gettimeofday(&now, NULL);
    abs.tv_sec = now.tv_sec + ms / 1000;
    abs.tv_usec = now.tv_usec + (ms % 1000) * 1000;
    if (abs.tv_usec >= 1000000) {
        abs.tv_sec++;
        abs.tv_usec -= 1000000;
    }
    return libxl__ev_time_register_abs(ctx, ev, func, abs);
}

/* Unlinks ev; true when it was registered.  Lock held. */
static bool time_unlink(struct libxl__ev_state *st, libxl__ev_time *ev)
{
    for (libxl__ev_time **pp = &st->times; *pp; pp = &(*pp)->next) {
        if (*pp == ev) {
            *pp = ev->next;
            ev->next = NULL;
            return true;
        }
    }
    return false;
}

bool libxl__ev_time_isregistered(libxl_ctx *ctx, const libxl__ev_time *ev)
{
    bool found = false;

    CTX_LOCK(ctx);
    for (libxl__ev_time *t = ctx->ev ? ctx->ev->times : NULL; t; t = t->next)
        found |= t == ev;
    CTX_UNLOCK(ctx);
    return found;
}

void libxl__ev_time_deregister(libxl_ctx *ctx, libxl__ev_time *ev)
{
    struct libxl__ev_state *st = ctx->ev;

    CTX_LOCK(ctx);
    if (st && time_unlink(st, ev) && ev->app_registered && st->os &&
        st->os->timeout_deregister)
        st->os->timeout_deregister(st->os_user, ev->for_app);
    ev->app_registered = false;
    CTX_UNLOCK(ctx);
}

/* Fires one timeout due by now; false when none is.  Lock held. */
static bool fire_one_due(libxl_ctx *ctx, struct timeval now)
{
    struct libxl__ev_state *st = ctx->ev;

    for (libxl__ev_time *t = st->times; t; t = t->next) {
        if (libxl__timeval_cmp(&t->abs, &now) > 0)
            continue;
        libxl__ev_time_deregister(ctx, t);
        t->func(ctx, t);
        return true;
    }
    return false;
}

/* Milliseconds until the next timeout, or -1.  Lock held. */
static int next_timeout_ms(struct libxl__ev_state *st, struct timeval now)
{
    long best = -1; /* rounded up: never woken early */

    for (libxl__ev_time *t = st->times; t; t = t->next) {
        long long us = (long long)(t->abs.tv_sec - now.tv_sec) * 1000000 +
                       (t->abs.tv_usec - now.tv_usec);
        long ms = us <= 0 ? 0 : (long)((us + 999) / 1000);
        if (best < 0 || ms < best)
            best = ms;
    }
    return best > INT_MAX ? INT_MAX : (int)best;
}

static int min_timeout(int a, int b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

/* ---- the application's hooks -------------------------------------------- */

void libxl_osevent_register_hooks(libxl_ctx *ctx,
                                  const libxl_osevent_hooks *hooks, void *user)
{
    struct libxl__ev_state *st;
    GC_INIT(ctx);

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (!st)
        goto out;
    st->os = hooks;
    st->os_user = user;
    if (!hooks)
        goto out;
    /* What libxl watches already goes to the application now. */
    for (libxl__ev_fd *f = st->fds; f; f = f->next) {
        if (f->app_registered || !hooks->fd_register)
            continue;
        if (hooks->fd_register(user, f->fd, &f->for_app, f->events, f)) {
            libxl__ev_disaster(ctx, 0, -1,
                               "the application's fd_register hook "
                               "refused a descriptor libxl watches");
            continue;
        }
        f->app_registered = true;
    }
    for (libxl__ev_time *t = st->times; t; t = t->next) {
        if (t->app_registered || !hooks->timeout_register)
            continue;
        if (hooks->timeout_register(user, &t->for_app, t->abs, t)) {
            libxl__ev_disaster(ctx, 0, -1,
                               "the application's timeout_register hook "
                               "refused a timeout of libxl's");
            continue;
        }
        t->app_registered = true;
    }
out:
    CTX_UNLOCK(ctx);
    GC_FREE;
}

void libxl_osevent_occurred_fd(libxl_ctx *ctx, void *for_libxl, int fd,
                               short events, short revents)
{
    struct libxl__ev_state *st;

    (void)events;
    CTX_LOCK(ctx);
    st = ctx->ev;
    for (libxl__ev_fd *f = st ? st->fds : NULL; f; f = f->next) {
        if (f == for_libxl && f->fd == fd) {
            f->func(ctx, f, fd, revents);
            break;
        }
    }
    CTX_UNLOCK(ctx);
    libxl__ev_deliver(ctx);
}

void libxl_osevent_occurred_timeout(libxl_ctx *ctx, void *for_libxl)
{
    struct libxl__ev_state *st;

    CTX_LOCK(ctx);
    st = ctx->ev;
    if (st && time_unlink(st, for_libxl)) {
        libxl__ev_time *t = for_libxl;
        t->app_registered = false; /* the registration was used up */
        t->func(ctx, t);
    }
    CTX_UNLOCK(ctx);
    libxl__ev_deliver(ctx);
}

/* ---- poll --------------------------------------------------------------- */

void libxl__ev_afterpoll_locked(libxl_ctx *ctx, int nfds,
                                const struct pollfd *fds, struct timeval now)
{
    struct libxl__ev_state *st = ctx->ev;

    for (int i = 0; i < nfds; i++) {
        if (!fds[i].revents)
            continue;
        /* Look it up afresh: an earlier callback may have removed it. */
        for (libxl__ev_fd *f = st->fds; f; f = f->next) {
            short mask = f->events | POLLERR | POLLHUP | POLLNVAL;
            if (f->fd == fds[i].fd && (fds[i].revents & mask)) {
                f->func(ctx, f, f->fd, fds[i].revents & mask);
                break;
            }
        }
    }
    while (fire_one_due(ctx, now))
        ;
}

int libxl_osevent_beforepoll(libxl_ctx *ctx, int *nfds_io, struct pollfd *fds,
                             int *timeout_upd, struct timeval now)
{
    struct libxl__ev_state *st;
    int n = 0, rc = 0;

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (!st) {
        rc = ERROR_FAIL;
        goto out;
    }
    for (libxl__ev_fd *f = st->fds; f; f = f->next)
        n++;
    if (*nfds_io < n) {
        *nfds_io = n;
        rc = ERROR_BUFFERFULL;
        goto out;
    }
    n = 0;
    for (libxl__ev_fd *f = st->fds; f; f = f->next) {
        fds[n].fd = f->fd;
        fds[n].events = f->events;
        fds[n].revents = 0;
        n++;
    }
    *nfds_io = n;
    *timeout_upd = min_timeout(*timeout_upd, next_timeout_ms(st, now));
out:
    CTX_UNLOCK(ctx);
    return rc;
}

void libxl_osevent_afterpoll(libxl_ctx *ctx, int nfds, const struct pollfd *fds,
                             struct timeval now)
{
    CTX_LOCK(ctx);
    if (ctx->ev)
        libxl__ev_afterpoll_locked(ctx, nfds, fds, now);
    CTX_UNLOCK(ctx);
    libxl__ev_deliver(ctx);
}

static void poller_unlink(struct libxl__ev_state *st, struct libxl__poller *p)
{
    for (struct libxl__poller **pp = &st->pollers; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            return;
        }
    }
}

int libxl__ev_poll_once(libxl_ctx *ctx, int timeout_ms)
{
    struct libxl__ev_state *st;
    struct libxl__poller me = { { -1, -1 }, NULL };
    struct pollfd *fds = NULL;
    struct timeval now;
    int n = 1, rc = 0, r;
    GC_INIT(ctx);

    if (pipe2(me.pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        LOGE(ERROR, "cannot make a pipe to wait for events");
        GC_FREE;
        return ERROR_FAIL;
    }
    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (!st) {
        CTX_UNLOCK(ctx);
        rc = ERROR_FAIL;
        goto out;
    }
    for (libxl__ev_fd *f = st->fds; f; f = f->next)
        n++;
    fds = libxl__zalloc(gc, n * sizeof(*fds));
    fds[0].fd = me.pipe[0];
    fds[0].events = POLLIN;
    n = 1;
    for (libxl__ev_fd *f = st->fds; f; f = f->next) {
        fds[n].fd = f->fd;
        fds[n].events = f->events;
        n++;
    }
    gettimeofday(&now, NULL);
    timeout_ms = min_timeout(timeout_ms, next_timeout_ms(st, now));
    me.next = st->pollers;
    st->pollers = &me;
    CTX_UNLOCK(ctx);

    r = poll(fds, n, timeout_ms);

    CTX_LOCK(ctx);
    poller_unlink(st, &me);
    if (r < 0 && errno != EINTR) {
        LOGE(ERROR, "poll for libxl events failed");
        rc = ERROR_FAIL;
    } else if (r >= 0) {
        gettimeofday(&now, NULL);
        libxl__ev_afterpoll_locked(ctx, n - 1, fds + 1, now);
    }
    CTX_UNLOCK(ctx);
out:
    close(me.pipe[0]);
    close(me.pipe[1]);
    GC_FREE;
    return rc;
}
