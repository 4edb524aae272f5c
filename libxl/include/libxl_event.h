/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl: events, the event loop hooks and waiting (lib/event*.c, lib/ao.c).
 * Included by libxl.h.
 *
 * An event is something that happened to a domain (it shut down, it died)
 * or the end of an asynchronous operation.  Events are generated only for
 * what the application asked for (libxl_evenable_domain_death, an
 * operation given a libxl_asyncop_how) and are delivered one of two ways:
 *
 *  - queued in the context, taken with libxl_event_check (never blocks) or
 *    libxl_event_wait (blocks, running libxl's own poll loop);
 *  - passed to the event_occurs callback of libxl_event_register_callbacks
 *    for the types in its mask.
 *
 * libxl needs to watch file descriptors and timeouts to notice events.
 * Either the application lets libxl poll them (libxl_event_wait, or
 * libxl_osevent_beforepoll/afterpoll around its own poll()), or it drives
 * them from its own event loop through libxl_osevent_register_hooks and
 * reports readiness with libxl_osevent_occurred_fd/_timeout.
 *
 * Callbacks to the application (event_occurs, the callback of a
 * libxl_asyncop_how) are made only from inside a libxl event function
 * the application called (libxl_event_check, libxl_event_wait,
 * libxl_osevent_afterpoll, libxl_osevent_occurred_*), on that thread,
 * with no libxl lock held: they may call libxl.  The osevent hooks, on
 * the other hand, are called with the context's lock held and must not
 * call libxl.
 */
#ifndef LIBXL_EVENT_H
#define LIBXL_EVENT_H

#include <poll.h>
#include <sys/time.h>

#include "libxl.h"

/* ---- events ------------------------------------------------------------- */

/* Xen's numbering; a typemask bit is (1ULL << type). */
typedef enum {
    LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN = 1,
    LIBXL_EVENT_TYPE_DOMAIN_DEATH = 2,
    LIBXL_EVENT_TYPE_OPERATION_COMPLETE = 4,
} libxl_event_type;

#define LIBXL_EVENTMASK(type) (1ULL << (type))
#define LIBXL_EVENTMASK_ALL   (~0ULL)

/* The reason a domain shut down: the SHUTDOWN_* code the guest (or the
 * toolstack, with libxl_domain_shutdown) gave the hypervisor. */
typedef enum {
    LIBXL_EVENT_SHUTDOWN_UNKNOWN = -1,
    LIBXL_EVENT_SHUTDOWN_POWEROFF = 0,
    LIBXL_EVENT_SHUTDOWN_REBOOT = 1,
    LIBXL_EVENT_SHUTDOWN_SUSPEND = 2,
    LIBXL_EVENT_SHUTDOWN_CRASH = 3,
    LIBXL_EVENT_SHUTDOWN_WATCHDOG = 4,
    LIBXL_EVENT_SHUTDOWN_SOFT_RESET = 5,
} libxl_event_shutdown_reason;

/* "poweroff", "reboot", ... as xl prints them ("unknown" otherwise). */
LIBXL_EXPORT const char *
libxl_event_shutdown_reason_to_string(int shutdown_reason);

typedef struct libxl_event libxl_event;
struct libxl_event {
    /* Private to libxl: the queue's link. */
    libxl_event *link_next_;

    uint32_t domid;         /* the domain; INVALID_DOMID for none */
    uint8_t domuuid[16];    /* its handle, all zero when unknown */
    libxl_ev_user for_user; /* the caller's cookie: evenable's user, or
                               libxl_asyncop_how.u.for_event */
    libxl_event_type type;
    union {
        struct {
            int shutdown_reason; /* libxl_event_shutdown_reason */
        } domain_shutdown;
        struct {
            int rc; /* the operation's result: 0 or ERROR_* */
        } operation_complete;
    } u;
};

/* The id no domain has (Xen's DOMID_INVALID). */
#define LIBXL_EVENT_INVALID_DOMID 0x7FF4u

/* Frees an event the application received (NULL is fine). */
LIBXL_EXPORT void libxl_event_free(libxl_ctx *ctx, libxl_event *event);

/*
 * Callbacks for events.  Events whose type bit is in event_occurs_mask
 * are passed to event_occurs, which owns the event and frees it with
 * libxl_event_free; the others are queued for libxl_event_check/wait.
 *
 * disaster is called when libxl can no longer deliver events it
 * promised (xenstore went away, a hook failed): type is the kind of
 * event lost (0 when any), msg and errnoval (or -1) say why.  Without a
 * disaster callback libxl logs the failure and exits the program, as
 * the application would otherwise wait forever.
 *
 * hooks must stay valid until the context is freed or another set is
 * registered; NULL goes back to queueing everything.
 */
typedef struct libxl_event_hooks {
    uint64_t event_occurs_mask;
    void (*event_occurs)(void *user, libxl_event *event);
    void (*disaster)(void *user, libxl_event_type type, const char *msg,
                     int errnoval);
} libxl_event_hooks;

LIBXL_EXPORT void libxl_event_register_callbacks(libxl_ctx *ctx,
                                                 const libxl_event_hooks *hooks,
                                                 void *user);

/* Returns nonzero when event is the one wanted. */
typedef int libxl_event_predicate(const libxl_event *event, void *user);

/*
 * Takes the oldest queued event whose type is in typemask and for which
 * predicate (NULL: any) returns nonzero.  Never blocks; when libxl owns
 * its file descriptors (no osevent hooks registered) it first notices
 * what has already happened on them.  Returns 0 with *event_r set (the
 * caller frees it), or ERROR_NOT_READY.
 */
LIBXL_EXPORT int libxl_event_check(libxl_ctx *ctx, libxl_event **event_r,
                                   uint64_t typemask,
                                   libxl_event_predicate *predicate,
                                   void *predicate_user);

/*
 * As libxl_event_check, but waits (polling libxl's file descriptors and
 * timeouts itself) until such an event exists.  Callbacks due meanwhile
 * (event_occurs, asynchronous operations' callbacks) are made from here.
 * Returns 0, or an ERROR_* when polling failed.
 */
LIBXL_EXPORT int libxl_event_wait(libxl_ctx *ctx, libxl_event **event_r,
                                  uint64_t typemask,
                                  libxl_event_predicate *predicate,
                                  void *predicate_user);

/* ---- domain death and shutdown ------------------------------------------ */

typedef struct libxl__evgen_domain_death libxl_evgen_domain_death;

/*
 * Asks for a DOMAIN_SHUTDOWN event each time domid shuts down (once per
 * shutdown: a domain that resumes and shuts down again is reported again)
 * and one DOMAIN_DEATH event when it is destroyed (also when it does not
 * exist now), each carrying user as for_user.  After DOMAIN_DEATH nothing
 * more comes; the generator must still be disabled.  Detection: a
 * xenstore watch on @releaseDomain, then the hypervisor's domain list.
 * Returns 0 with *evgen_out set, or ERROR_FAIL (xenstore unreachable).
 */
LIBXL_EXPORT int
libxl_evenable_domain_death(libxl_ctx *ctx, uint32_t domid, libxl_ev_user user,
                            libxl_evgen_domain_death **evgen_out);
/* Stops it; events already queued stay queued.  NULL is fine.  Generators
 * still enabled are disabled by libxl_ctx_free. */
LIBXL_EXPORT void libxl_evdisable_domain_death(libxl_ctx *ctx,
                                               libxl_evgen_domain_death *evgen);

/* ---- driving libxl from the application's event loop ------------------- */

/*
 * The application's own loop (poll, libevent, glib, ...) watches libxl's
 * file descriptors and timeouts:
 *
 * fd_register: start watching fd for events (POLLIN, POLLOUT, ...).
 *   Store what the application needs in *for_app_registration_out; when
 *   fd becomes ready call libxl_osevent_occurred_fd(ctx, for_libxl, fd,
 *   events, revents).  Return 0, or nonzero on failure (libxl then fails
 *   the operation with ERROR_OSEVENT_REG_FAIL).
 * fd_modify: the events of a registered fd change (the registration may
 *   be updated through *for_app_registration_update).
 * fd_deregister: stop watching; libxl_osevent_occurred_fd must not be
 *   called for this registration after it returns.
 * timeout_register: call libxl_osevent_occurred_timeout(ctx, for_libxl)
 *   once, at abs (gettimeofday time) or as soon as possible after it.
 *   After that call the registration is gone: it is not deregistered.
 * timeout_modify: the time of a registered timeout changes.
 * timeout_deregister: cancel a timeout that has not fired.
 *
 * Register the hooks once, before enabling events or starting operations
 * (file descriptors and timeouts libxl already has are registered with
 * the hooks at once).  The hooks are called with libxl's lock held and
 * must not call into libxl; hooks and user must outlive the context.
 * libxl_event_wait and libxl_osevent_beforepoll/afterpoll keep working.
 */
typedef struct libxl_osevent_hooks {
    int (*fd_register)(void *user, int fd, void **for_app_registration_out,
                       short events, void *for_libxl);
    int (*fd_modify)(void *user, int fd, void **for_app_registration_update,
                     short events);
    void (*fd_deregister)(void *user, int fd, void *for_app_registration);
    int (*timeout_register)(void *user, void **for_app_registration_out,
                            struct timeval abs, void *for_libxl);
    int (*timeout_modify)(void *user, void **for_app_registration_update,
                          struct timeval abs);
    void (*timeout_deregister)(void *user, void *for_app_registration);
} libxl_osevent_hooks;

LIBXL_EXPORT void libxl_osevent_register_hooks(libxl_ctx *ctx,
                                               const libxl_osevent_hooks *hooks,
                                               void *user);

/* fd registered through fd_register became ready with revents. */
LIBXL_EXPORT void libxl_osevent_occurred_fd(libxl_ctx *ctx, void *for_libxl,
                                            int fd, short events,
                                            short revents);
/* A timeout registered through timeout_register is due. */
LIBXL_EXPORT void libxl_osevent_occurred_timeout(libxl_ctx *ctx,
                                                 void *for_libxl);

/*
 * The simple form, around the application's own poll():
 *
 *   libxl_osevent_beforepoll(ctx, &nfds, fds, &timeout, now);
 *   poll(fds, nfds, timeout);
 *   libxl_osevent_afterpoll(ctx, nfds, fds, now);
 *
 * beforepoll fills fds[0..*nfds_io) with libxl's descriptors and lowers
 * *timeout_upd (milliseconds, -1 for none) to libxl's next timeout.
 * When *nfds_io entries are too few it returns ERROR_BUFFERFULL with
 * *nfds_io set to the number needed (fds untouched).  The application
 * may add descriptors of its own after libxl's.  afterpoll handles what
 * poll() reported (entries it does not know are ignored) and the
 * timeouts due by now, and makes the callbacks due.
 */
LIBXL_EXPORT int libxl_osevent_beforepoll(libxl_ctx *ctx, int *nfds_io,
                                          struct pollfd *fds, int *timeout_upd,
                                          struct timeval now);
LIBXL_EXPORT void libxl_osevent_afterpoll(libxl_ctx *ctx, int nfds,
                                          const struct pollfd *fds,
                                          struct timeval now);

#endif
