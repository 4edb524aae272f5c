/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * async-create CFG...: creates one guest per xl.cfg file at once, each
 * libxl_domain_create_new() asynchronous with a completion callback, from
 * this program's own poll loop (libxl's descriptors and timeouts come
 * through the osevent hooks); then starts them, asks for their death
 * events and destroys them all at once, the destroys completing as
 * OPERATION_COMPLETE events.  Every completion and every death must
 * arrive exactly once, on this thread, from inside the loop; a few more
 * turns of the loop afterwards must bring nothing more.  Prints
 * "async: PASS" or "async: FAIL <why>" (exit status 0 / 1).
 */
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "libxl.h"
#include "libxlutil.h"

#define MAXDOMS 8
#define MAXREG  32

static libxl_ctx *ctx;
static pthread_t loop_thread;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    va_list ap;

    printf("async: FAIL ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    exit(1);
}

/* ---- the application's event loop --------------------------------------- */

/*
 * What libxl asked to watch.  The hooks may be called on libxl's worker
 * threads (with libxl's lock held), so the table has a lock of its own,
 * never held while calling libxl.
 */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    bool live;
    int fd;
    short events;
    void *for_libxl;
} fds[MAXREG];
static struct {
    bool live;
    struct timeval abs;
    void *for_libxl;
} tos[MAXREG];

static int fd_register(void *user, int fd, void **reg, short events,
                       void *for_libxl)
{
    int rc = -1;

    pthread_mutex_lock(&reg_lock);
    for (int i = 0; i < MAXREG; i++) {
        if (fds[i].live)
            continue;
        fds[i].live = true;
        fds[i].fd = fd;
        fds[i].events = events;
        fds[i].for_libxl = for_libxl;
        *reg = &fds[i];
        rc = 0;
        break;
    }
    pthread_mutex_unlock(&reg_lock);
    return rc;
}

static int fd_modify(void *user, int fd, void **reg, short events)
{
    pthread_mutex_lock(&reg_lock);
    ((typeof(&fds[0]))*reg)->events = events;
    pthread_mutex_unlock(&reg_lock);
    return 0;
}

static void fd_deregister(void *user, int fd, void *reg)
{
    pthread_mutex_lock(&reg_lock);
    ((typeof(&fds[0]))reg)->live = false;
    pthread_mutex_unlock(&reg_lock);
}

static int timeout_register(void *user, void **reg, struct timeval abs,
                            void *for_libxl)
{
    int rc = -1;

    pthread_mutex_lock(&reg_lock);
    for (int i = 0; i < MAXREG; i++) {
        if (tos[i].live)
            continue;
        tos[i].live = true;
        tos[i].abs = abs;
        tos[i].for_libxl = for_libxl;
        *reg = &tos[i];
        rc = 0;
        break;
    }
    pthread_mutex_unlock(&reg_lock);
    return rc;
}

static int timeout_modify(void *user, void **reg, struct timeval abs)
{
    pthread_mutex_lock(&reg_lock);
    ((typeof(&tos[0]))*reg)->abs = abs;
    pthread_mutex_unlock(&reg_lock);
    return 0;
}

static void timeout_deregister(void *user, void *reg)
{
    pthread_mutex_lock(&reg_lock);
    ((typeof(&tos[0]))reg)->live = false;
    pthread_mutex_unlock(&reg_lock);
}

static const libxl_osevent_hooks hooks = {
    .fd_register = fd_register,
    .fd_modify = fd_modify,
    .fd_deregister = fd_deregister,
    .timeout_register = timeout_register,
    .timeout_modify = timeout_modify,
    .timeout_deregister = timeout_deregister,
};

/* One turn: poll what is registered (at most ms), report what is ready. */
static void loop_turn(int ms)
{
    struct pollfd p[MAXREG];
    void *fl[MAXREG], *due[MAXREG];
    int n = 0, ndue = 0;
    struct timeval now;

    gettimeofday(&now, NULL);
    pthread_mutex_lock(&reg_lock);
    for (int i = 0; i < MAXREG; i++) {
        if (fds[i].live) {
            p[n].fd = fds[i].fd;
            p[n].events = fds[i].events;
            p[n].revents = 0;
            fl[n++] = fds[i].for_libxl;
        }
        if (tos[i].live) {
            long left = (tos[i].abs.tv_sec - now.tv_sec) * 1000 +
                        (tos[i].abs.tv_usec - now.tv_usec) / 1000;
            if (left < 0)
                left = 0;
            if (left < ms)
                ms = (int)left;
        }
    }
    pthread_mutex_unlock(&reg_lock);
    if (poll(p, n, ms) < 0)
        fail("poll: %m");
    for (int i = 0; i < n; i++)
        if (p[i].revents)
            libxl_osevent_occurred_fd(ctx, fl[i], p[i].fd, p[i].events,
                                      p[i].revents);
    gettimeofday(&now, NULL);
    pthread_mutex_lock(&reg_lock);
    for (int i = 0; i < MAXREG; i++) {
        if (tos[i].live && timercmp(&tos[i].abs, &now, <=)) {
            tos[i].live = false; /* used up by the report */
            due[ndue++] = tos[i].for_libxl;
        }
    }
    pthread_mutex_unlock(&reg_lock);
    for (int i = 0; i < ndue; i++)
        libxl_osevent_occurred_timeout(ctx, due[i]);
}

/* ---- the guests ---------------------------------------------------------- */

static struct dom {
    libxl_domain_config cfg;
    uint32_t domid;
    libxl_evgen_domain_death *deathw;
    int created, create_rc, destroyed, destroy_rc, deaths;
} doms[MAXDOMS];
static int ndoms;

static void check_thread(const char *what)
{
    if (!pthread_equal(pthread_self(), loop_thread))
        fail("%s called on another thread than the loop's", what);
}

static void created(libxl_ctx *c, int rc, void *for_callback)
{
    struct dom *d = for_callback;

    check_thread("a creation callback");
    d->created++;
    d->create_rc = rc;
    printf("async: created %s as domain %u (rc %d)\n", d->cfg.c_info.name,
           d->domid, rc);
}

static void event_occurs(void *user, libxl_event *ev)
{
    check_thread("event_occurs");
    if (ev->type == LIBXL_EVENT_TYPE_OPERATION_COMPLETE) {
        if (ev->for_user < 100 || ev->for_user >= 100u + (unsigned)ndoms)
            fail("a completion for nobody (%llu)",
                 (unsigned long long)ev->for_user);
        doms[ev->for_user - 100].destroyed++;
        doms[ev->for_user - 100].destroy_rc = ev->u.operation_complete.rc;
        printf("async: destroy of domain %u complete (rc %d)\n", ev->domid,
               ev->u.operation_complete.rc);
    } else if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_DEATH) {
        if (ev->for_user >= (unsigned)ndoms)
            fail("a death for nobody (%llu)", (unsigned long long)ev->for_user);
        doms[ev->for_user].deaths++;
        printf("async: domain %u died\n", ev->domid);
    } else if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN) {
        fail("domain %u shut down (reason %d) by itself", ev->domid,
             ev->u.domain_shutdown.shutdown_reason);
    }
    libxl_event_free(ctx, ev);
}

static const libxl_event_hooks ev_hooks = {
    .event_occurs_mask = LIBXL_EVENTMASK_ALL,
    .event_occurs = event_occurs,
};

static bool all(int (*count)(const struct dom *))
{
    for (int i = 0; i < ndoms; i++)
        if (!count(&doms[i]))
            return false;
    return true;
}
static int n_created(const struct dom *d)
{
    return d->created;
}
static int n_gone(const struct dom *d)
{
    return d->destroyed && d->deaths;
}

static void run_until(bool (*done)(void), int secs, const char *what)
{
    struct timeval end, now;

    gettimeofday(&end, NULL);
    end.tv_sec += secs;
    while (!done()) {
        gettimeofday(&now, NULL);
        if (timercmp(&now, &end, >))
            fail("timed out waiting for %s", what);
        loop_turn(200);
    }
}
static bool all_created(void)
{
    return all(n_created);
}
static bool all_gone(void)
{
    return all(n_gone);
}

int main(int argc, char **argv)
{
    XLU_DomainDefaults defs;
    libxl_logger *lg;

    ndoms = argc - 1;
    if (ndoms < 1 || ndoms > MAXDOMS) {
        fprintf(stderr, "usage: async-create CFG... (1 to %d)\n", MAXDOMS);
        return 2;
    }
    loop_thread = pthread_self();
    lg = libxl_logger_stdio_new(stderr, LIBXL_LOG_WARNING, 0);
    if (!lg || libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, lg))
        fail("cannot initialise libxl");
    libxl_osevent_register_hooks(ctx, &hooks, NULL);
    libxl_event_register_callbacks(ctx, &ev_hooks, NULL);
    xlu_domain_defaults_init(&defs);
    for (int i = 0; i < ndoms; i++)
        if (xlu_parse_domain_config(argv[i + 1], NULL, 0, &defs, stderr,
                                    &doms[i].cfg, NULL))
            fail("cannot parse %s", argv[i + 1]);

    /* Three creations at once, each completing through its callback. */
    for (int i = 0; i < ndoms; i++) {
        libxl_asyncop_how how = { .callback = created };

        how.u.for_callback = &doms[i];
        if (libxl_domain_create_new(ctx, &doms[i].cfg, &doms[i].domid, &how,
                                    NULL))
            fail("libxl_domain_create_new(%s) refused at once", argv[i + 1]);
    }
    printf("async: %d creations started\n", ndoms);
    run_until(all_created, 300, "the creations");
    for (int i = 0; i < ndoms; i++) {
        if (doms[i].create_rc)
            fail("creating %s failed (rc %d)", doms[i].cfg.c_info.name,
                 doms[i].create_rc);
        if (libxl_evenable_domain_death(ctx, doms[i].domid, (libxl_ev_user)i,
                                        &doms[i].deathw))
            fail("cannot watch domain %u", doms[i].domid);
        if (libxl_domain_unpause(ctx, doms[i].domid, NULL))
            fail("cannot unpause domain %u", doms[i].domid);
    }
    for (int t = 0; t < 25; t++)
        loop_turn(200); /* let them run; nothing may die meanwhile */
    for (int i = 0; i < ndoms; i++)
        if (doms[i].deaths)
            fail("domain %u died before it was destroyed", doms[i].domid);

    /* Destroyed at once, completing as OPERATION_COMPLETE events. */
    for (int i = 0; i < ndoms; i++) {
        libxl_asyncop_how how = { .callback = NULL };

        how.u.for_event = 100 + (libxl_ev_user)i;
        if (libxl_domain_destroy(ctx, doms[i].domid, &how))
            fail("libxl_domain_destroy(%u) refused at once", doms[i].domid);
    }
    run_until(all_gone, 120, "the destroys and deaths");
    for (int t = 0; t < 10; t++)
        loop_turn(200); /* anything twice would show now */
    for (int i = 0; i < ndoms; i++) {
        struct dom *d = &doms[i];

        if (d->created != 1 || d->destroyed != 1 || d->deaths != 1)
            fail("domain %u: %d creation, %d destroy completion(s), %d "
                 "death(s)",
                 d->domid, d->created, d->destroyed, d->deaths);
        if (d->destroy_rc)
            fail("destroying domain %u failed (rc %d)", d->domid,
                 d->destroy_rc);
        printf("async: domain %u: one creation, one destroy completion, one "
               "death\n",
               d->domid);
        libxl_evdisable_domain_death(ctx, d->deathw);
        libxl_domain_config_dispose(&d->cfg);
    }
    libxl_ctx_free(ctx);
    libxl_logger_destroy(lg);
    printf("async: PASS\n");
    return 0;
}
