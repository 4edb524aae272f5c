/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The event machinery's internals (lib/event*.c, lib/ao.c), and the
 * internal API other subsystems use to wait on file descriptors,
 * timeouts and xenstore paths from inside the event loop.
 *
 * Locking: everything here is guarded by ctx->lock.  Internal callbacks
 * (libxl__ev_fd_cb, libxl__ev_time_cb, libxl__ev_xswatch_cb) run with it
 * held; they queue events with libxl__event_occurred and never call the
 * application.  The application's callbacks are made by
 * libxl__ev_deliver(), which every event entry point calls last, with
 * the lock dropped.
 *
 * Lifetime: a registered libxl__ev_* lives in memory its owner provides
 * until it is deregistered (or the context is freed, which deregisters
 * all of them).
 */
#ifndef LIBXL_EVENT_PRIVATE_H
#define LIBXL_EVENT_PRIVATE_H

#include <stdbool.h>
#include <sys/time.h>

#include "internal.h"

/* ---- file descriptors -------------------------------------------------- */

typedef struct libxl__ev_fd libxl__ev_fd;
typedef void libxl__ev_fd_cb(libxl_ctx *ctx, libxl__ev_fd *ev, int fd,
                             short revents);
struct libxl__ev_fd {
    libxl__ev_fd_cb *func;
    int fd;
    short events;
    bool app_registered; /* handed to the osevent hooks */
    void *for_app;
    libxl__ev_fd *next;
};

/* 0, or ERROR_OSEVENT_REG_FAIL when the application's hook refused. */
int libxl__ev_fd_register(libxl_ctx *ctx, libxl__ev_fd *ev,
                          libxl__ev_fd_cb *func, int fd, short events);
/* The events watched change: 0, or ERROR_OSEVENT_REG_FAIL. */
int libxl__ev_fd_modify(libxl_ctx *ctx, libxl__ev_fd *ev, short events);
void libxl__ev_fd_deregister(libxl_ctx *ctx, libxl__ev_fd *ev);

/* ---- timeouts ----------------------------------------------------------- */

typedef struct libxl__ev_time libxl__ev_time;
/* Called once when due; the timeout is deregistered already. */
typedef void libxl__ev_time_cb(libxl_ctx *ctx, libxl__ev_time *ev);
struct libxl__ev_time {
    libxl__ev_time_cb *func;
    struct timeval abs;
    bool app_registered;
    void *for_app;
    libxl__ev_time *next;
};

/* Fires ms milliseconds from now.  0 or ERROR_OSEVENT_REG_FAIL. */
int libxl__ev_time_register_rel(libxl_ctx *ctx, libxl__ev_time *ev,
                                libxl__ev_time_cb *func, int ms);
int libxl__ev_time_register_abs(libxl_ctx *ctx, libxl__ev_time *ev,
                                libxl__ev_time_cb *func, struct timeval abs);
/* Harmless for a timeout that fired or was never registered, as long as
 * ev was zeroed when it was not registered. */
void libxl__ev_time_deregister(libxl_ctx *ctx, libxl__ev_time *ev);
bool libxl__ev_time_isregistered(libxl_ctx *ctx, const libxl__ev_time *ev);

/* ---- xenstore watches --------------------------------------------------- */

typedef struct libxl__ev_xswatch libxl__ev_xswatch;
/* watch_path: what was watched; event_path: what changed under it.
 * A watch fires once when it is registered, as xenstore's do. */
typedef void libxl__ev_xswatch_cb(libxl_ctx *ctx, libxl__ev_xswatch *w,
                                  const char *watch_path,
                                  const char *event_path);
struct libxl__ev_xswatch {
    libxl__ev_xswatch_cb *func;
    char *path;
    unsigned token;
    libxl__ev_xswatch *next;
};

/* 0, or ERROR_FAIL (logged) when xenstore refused. */
int libxl__ev_xswatch_register(libxl_ctx *ctx, libxl__ev_xswatch *w,
                               libxl__ev_xswatch_cb *func, const char *path);
void libxl__ev_xswatch_deregister(libxl_ctx *ctx, libxl__ev_xswatch *w);

/* ---- events and delivery ----------------------------------------------- */

struct libxl__ao;
struct libxl__evgen_domain_death;

struct libxl__ev_state {
    libxl_event *q_head, *q_tail;     /* for libxl_event_check/wait */
    libxl_event *occ_head, *occ_tail; /* for hooks->event_occurs */
    const libxl_event_hooks *hooks;
    void *hooks_user;
    const libxl_osevent_hooks *os;
    void *os_user;

    libxl__ev_fd *fds;
    libxl__ev_time *times;

    /* xenstore: one fd for all watches, tokens are small numbers */
    libxl__ev_xswatch *watches;
    unsigned next_token;
    libxl__ev_fd xs_fd;
    bool xs_fd_registered;

    /* domain death: one @releaseDomain watch for every generator */
    struct libxl__evgen_domain_death *deaths;
    libxl__ev_xswatch death_watch;
    bool death_watch_registered;

    /* Woken when a worker finishes an asynchronous operation. */
    int wake[2];
    libxl__ev_fd wake_fd;
    /* Threads inside libxl_event_wait, each woken through its pipe when
     * something it may be waiting for happens. */
    struct libxl__poller *pollers;

    /* Asynchronous operations: finished ones wait here for delivery. */
    struct libxl__ao *ao_done_head, *ao_done_tail;
    unsigned ao_running;
    pthread_cond_t ao_cond;

    /* libxl_get_version_info's answer, read once (lib/info_host.c; the
     * context's other per-context state lives here too, so that one
     * release path frees it). */
    libxl_version_info *version_info;

    /* A disaster to report (first one wins). */
    bool disaster;
    int disaster_type, disaster_errno;
    char disaster_msg[160];
};

/*
 * The context's event state, created on first use (with the wake pipe).
 * Call with ctx->lock held.  NULL (logged) only when no pipe could be
 * made.
 */
struct libxl__ev_state *libxl__ev_get(libxl_ctx *ctx);

/* A new event of type for domid (the uuid filled in by the caller). */
libxl_event *libxl__event_new(libxl_event_type type, uint32_t domid,
                              libxl_ev_user for_user);
/* Queues ev (or hands it to event_occurs at the next delivery).  Lock
 * held. */
void libxl__event_occurred(libxl_ctx *ctx, libxl_event *ev);
/* Something threads waiting in libxl_event_wait may want: wake them.
 * Lock held. */
void libxl__ev_wake_pollers(libxl_ctx *ctx);
/* Makes the application callbacks that are due.  Lock NOT held. */
void libxl__ev_deliver(libxl_ctx *ctx);
/* libxl can no longer deliver events of type (0: any).  Lock held. */
void libxl__ev_disaster(libxl_ctx *ctx, int type, int errnoval,
                        const char *msg);

/* Polls libxl's descriptors once for up to timeout_ms (-1: until one is
 * ready; 0: just look) and runs what is ready.  Lock NOT held.  0 or
 * ERROR_FAIL. */
int libxl__ev_poll_once(libxl_ctx *ctx, int timeout_ms);

/* Runs the fd callbacks and due timeouts poll() reported.  Lock held. */
void libxl__ev_afterpoll_locked(libxl_ctx *ctx, int nfds,
                                const struct pollfd *fds, struct timeval now);

/* One libxl_evenable_domain_death; in ev->deaths. */
struct libxl__evgen_domain_death {
    uint32_t domid;
    libxl_ev_user user;
    bool shutdown_reported; /* cleared when the domain runs again */
    bool death_reported;    /* nothing more after it */
    struct libxl__evgen_domain_death *next;
};

/* Domain death: re-read the domain list and report changes.  Lock held. */
void libxl__ev_deaths_rescan(libxl_ctx *ctx);
struct xen_domctl_getdomaininfo;
/* The same from a list the caller has (sorted by domain id). */
void libxl__ev_deaths_scan(libxl_ctx *ctx,
                           const struct xen_domctl_getdomaininfo *infos,
                           unsigned n);

/* Asynchronous operations (lib/ao.c): delivery of finished ones and the
 * wait for running ones when the context is freed. */
bool libxl__ao_deliver_one(libxl_ctx *ctx); /* lock NOT held */
void libxl__ao_ctx_free(libxl_ctx *ctx);    /* lock held */

/* Releases the event state (lib/ctx.c calls it from libxl_ctx_free). */
void libxl__event_ctx_free(libxl_ctx *ctx);

int libxl__timeval_cmp(const struct timeval *a, const struct timeval *b);

#endif
