/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Events: the context's queue, delivery to the application, checking and
 * waiting, and releasing everything with the context.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "event_private.h"

static void wake_fd_ready(libxl_ctx *ctx, libxl__ev_fd *ev, int fd,
                          short revents)
{
    char buf[64];

    (void)ctx;
    (void)ev;
    (void)revents;
    while (read(fd, buf, sizeof(buf)) > 0)
        ;
}

struct libxl__ev_state *libxl__ev_get(libxl_ctx *ctx)
{
    struct libxl__ev_state *st = ctx->ev;
    GC_INIT(ctx);

    if (st)
        goto out;
    st = calloc(1, sizeof(*st));
    if (!st) {
        LOG(ERROR, "out of memory setting up the event machinery");
        goto out;
    }
    if (pipe2(st->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
        LOGE(ERROR, "cannot make the event loop's wake-up pipe");
        free(st);
        st = NULL;
        goto out;
    }
    pthread_cond_init(&st->ao_cond, NULL);
    st->death_watch.token = 0;
    ctx->ev = st;
    if (libxl__ev_fd_register(ctx, &st->wake_fd, wake_fd_ready, st->wake[0],
                              POLLIN))
        LOG(ERROR, "the application refused libxl's wake-up descriptor; "
                   "asynchronous operations will not complete");
out:
    GC_FREE;
    return st;
}

const char *libxl_event_shutdown_reason_to_string(int r)
{
    switch (r) {
    case LIBXL_EVENT_SHUTDOWN_POWEROFF:
        return "poweroff";
    case LIBXL_EVENT_SHUTDOWN_REBOOT:
        return "reboot";
    case LIBXL_EVENT_SHUTDOWN_SUSPEND:
        return "suspend";
    case LIBXL_EVENT_SHUTDOWN_CRASH:
        return "crash";
    case LIBXL_EVENT_SHUTDOWN_WATCHDOG:
        return "watchdog";
    case LIBXL_EVENT_SHUTDOWN_SOFT_RESET:
        return "soft_reset";
    default:
        return "unknown";
    }
}

libxl_event *libxl__event_new(libxl_event_type type, uint32_t domid,
                              libxl_ev_user for_user)
{
    libxl_event *ev = calloc(1, sizeof(*ev));

    if (!ev)
        return NULL;
    ev->type = type;
    ev->domid = domid;
    ev->for_user = for_user;
    return ev;
}

void libxl_event_free(libxl_ctx *ctx, libxl_event *event)
{
    (void)ctx;
    free(event);
}

static void append(libxl_event **head, libxl_event **tail, libxl_event *ev)
{
    ev->link_next_ = NULL;
    if (*tail)
        (*tail)->link_next_ = ev;
    else
        *head = ev;
    *tail = ev;
}

void libxl__event_occurred(libxl_ctx *ctx, libxl_event *ev)
{
    struct libxl__ev_state *st = ctx->ev;

    if (st->hooks && st->hooks->event_occurs &&
        (st->hooks->event_occurs_mask & LIBXL_EVENTMASK(ev->type)))
        append(&st->occ_head, &st->occ_tail, ev);
    else
        append(&st->q_head, &st->q_tail, ev);
    libxl__ev_wake_pollers(ctx);
}

void libxl__ev_disaster(libxl_ctx *ctx, int type, int errnoval, const char *msg)
{
    struct libxl__ev_state *st = ctx->ev;

    if (st->disaster)
        return;
    st->disaster = true;
    st->disaster_type = type;
    st->disaster_errno = errnoval;
    snprintf(st->disaster_msg, sizeof(st->disaster_msg), "%s", msg);
    libxl__ev_wake_pollers(ctx);
}

void libxl_event_register_callbacks(libxl_ctx *ctx,
                                    const libxl_event_hooks *hooks, void *user)
{
    struct libxl__ev_state *st;

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (st) {
        st->hooks = hooks;
        st->hooks_user = user;
    }
    CTX_UNLOCK(ctx);
}

/* Reports a disaster to the application; false when there is none. */
static bool deliver_disaster(libxl_ctx *ctx)
{
    struct libxl__ev_state *st = ctx->ev;
    const libxl_event_hooks *h;
    char msg[sizeof(st->disaster_msg)];
    int type, err;
    void *user;
    GC_INIT(ctx);

    CTX_LOCK(ctx);
    if (!st->disaster) {
        CTX_UNLOCK(ctx);
        GC_FREE;
        return false;
    }
    st->disaster = false;
    h = st->hooks;
    user = st->hooks_user;
    type = st->disaster_type;
    err = st->disaster_errno;
    memcpy(msg, st->disaster_msg, sizeof(msg));
    CTX_UNLOCK(ctx);
    if (h && h->disaster) {
        h->disaster(user, (libxl_event_type)type, msg, err);
        GC_FREE;
        return true;
    }
    LOGEV(CRITICAL, err,
          "event machinery failed and the application has "
          "no disaster callback: %s",
          msg);
    fprintf(stderr, "libxl: fatal error, exiting program: %s\n", msg);
    exit(-1);
}

void libxl__ev_deliver(libxl_ctx *ctx)
{
    struct libxl__ev_state *st = ctx->ev;

    if (!st)
        return;
    for (;;) {
        libxl_event *ev;
        const libxl_event_hooks *h;
        void *user;

        if (libxl__ao_deliver_one(ctx))
            continue;
        if (deliver_disaster(ctx))
            continue;
        CTX_LOCK(ctx);
        ev = st->occ_head;
        if (!ev) {
            CTX_UNLOCK(ctx);
            return;
        }
        st->occ_head = ev->link_next_;
        if (!st->occ_head)
            st->occ_tail = NULL;
        ev->link_next_ = NULL;
        h = st->hooks;
        user = st->hooks_user;
        CTX_UNLOCK(ctx);
        if (h && h->event_occurs &&
            (h->event_occurs_mask & LIBXL_EVENTMASK(ev->type))) {
            h->event_occurs(user, ev);
        } else {
            /* The hooks changed since it was filed: queue it after all. */
            CTX_LOCK(ctx);
            append(&st->q_head, &st->q_tail, ev);
            CTX_UNLOCK(ctx);
        }
    }
}

/* Takes the first matching queued event.  Lock held. */
static libxl_event *take(struct libxl__ev_state *st, uint64_t typemask,
                         libxl_event_predicate *pred, void *pred_user)
{
    libxl_event *prev = NULL;

    for (libxl_event *ev = st->q_head; ev; prev = ev, ev = ev->link_next_) {
        if (!(typemask & LIBXL_EVENTMASK(ev->type)))
            continue;
        if (pred && !pred(ev, pred_user))
            continue;
        if (prev)
            prev->link_next_ = ev->link_next_;
        else
            st->q_head = ev->link_next_;
        if (st->q_tail == ev)
            st->q_tail = prev;
        ev->link_next_ = NULL;
        return ev;
    }
    return NULL;
}

static int check(libxl_ctx *ctx, libxl_event **event_r, uint64_t typemask,
                 libxl_event_predicate *pred, void *pred_user)
{
    struct libxl__ev_state *st;
    libxl_event *ev = NULL;

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (st)
        ev = take(st, typemask, pred, pred_user);
    CTX_UNLOCK(ctx);
    if (!st)
        return ERROR_FAIL;
    *event_r = ev;
    return ev ? 0 : ERROR_NOT_READY;
}

int libxl_event_check(libxl_ctx *ctx, libxl_event **event_r, uint64_t typemask,
                      libxl_event_predicate *pred, void *pred_user)
{
    bool own_fds;
    int rc;

    if (!event_r)
        return ERROR_INVAL;
    *event_r = NULL;
    CTX_LOCK(ctx);
    own_fds = libxl__ev_get(ctx) && !ctx->ev->os;
    CTX_UNLOCK(ctx);
    if (own_fds)
        libxl__ev_poll_once(ctx, 0);
    libxl__ev_deliver(ctx);
    rc = check(ctx, event_r, typemask, pred, pred_user);
    return rc;
}

int libxl_event_wait(libxl_ctx *ctx, libxl_event **event_r, uint64_t typemask,
                     libxl_event_predicate *pred, void *pred_user)
{
    int rc;

    if (!event_r)
        return ERROR_INVAL;
    *event_r = NULL;
    for (;;) {
        libxl__ev_deliver(ctx);
        rc = check(ctx, event_r, typemask, pred, pred_user);
        if (rc != ERROR_NOT_READY)
            return rc;
        rc = libxl__ev_poll_once(ctx, -1);
        if (rc)
            return rc;
    }
}

static void free_queue(libxl_event *ev)
{
    while (ev) {
        libxl_event *next = ev->link_next_;
        free(ev);
        ev = next;
    }
}

/* Called by libxl_ctx_free (lib/ctx.c). */
void libxl__event_ctx_free(libxl_ctx *ctx)
{
    struct libxl__ev_state *st;

    CTX_LOCK(ctx);
    st = ctx->ev;
    if (!st) {
        CTX_UNLOCK(ctx);
        return;
    }
    libxl__ao_ctx_free(ctx);
    while (st->deaths)
        libxl_evdisable_domain_death(ctx, st->deaths);
    while (st->watches)
        libxl__ev_xswatch_deregister(ctx, st->watches);
    while (st->times)
        libxl__ev_time_deregister(ctx, st->times);
    while (st->fds)
        libxl__ev_fd_deregister(ctx, st->fds);
    if (st->version_info) {
        libxl_version_info_dispose(st->version_info);
        free(st->version_info);
    }
    free_queue(st->q_head);
    free_queue(st->occ_head);
    close(st->wake[0]);
    close(st->wake[1]);
    pthread_cond_destroy(&st->ao_cond);
    ctx->ev = NULL;
    free(st);
    CTX_UNLOCK(ctx);
}
