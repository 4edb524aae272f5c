/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The event machinery on the host, without a hypervisor: the queue and
 * its filters, event_occurs, asynchronous operations with a fake work
 * function (callback and event forms, each delivered exactly once), the
 * osevent hooks driving everything from an application-owned poll loop,
 * beforepoll/afterpoll, timeouts, and the domain-death scan over a
 * made-up domain list.
 */
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "ao.h"
#include "event_private.h"
#include "public/sched.h"
#include "xctl.h"

static libxl_ctx *new_ctx(void)
{
    libxl_ctx *ctx = NULL;

    assert_int_equal(libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, NULL), 0);
    return ctx;
}

static void inject(libxl_ctx *ctx, libxl_event_type type, uint32_t domid,
                   libxl_ev_user user)
{
    CTX_LOCK(ctx);
    assert_non_null(libxl__ev_get(ctx));
    libxl__event_occurred(ctx, libxl__event_new(type, domid, user));
    CTX_UNLOCK(ctx);
}

static int pred_domid(const libxl_event *ev, void *user)
{
    return ev->domid == *(uint32_t *)user;
}

static void test_queue_order_and_filters(void **state)
{
    libxl_ctx *ctx = new_ctx();
    libxl_event *ev;
    uint32_t want = 7;

    (void)state;
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL),
        ERROR_NOT_READY);
    assert_null(ev);
    inject(ctx, LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN, 5, 1);
    inject(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, 7, 2);
    inject(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, 5, 3);
    inject(ctx, LIBXL_EVENT_TYPE_OPERATION_COMPLETE, 9, 4);

    /* Type filter: the first DEATH, not the older SHUTDOWN. */
    assert_int_equal(
        libxl_event_check(ctx, &ev,
                          LIBXL_EVENTMASK(LIBXL_EVENT_TYPE_DOMAIN_DEATH), NULL,
                          NULL),
        0);
    assert_int_equal(ev->for_user, 2);
    libxl_event_free(ctx, ev);
    /* Predicate: domain 7 has nothing left. */
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, pred_domid, &want),
        ERROR_NOT_READY);
    want = 9;
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, pred_domid, &want), 0);
    assert_int_equal(ev->for_user, 4);
    libxl_event_free(ctx, ev);
    /* The rest in order. */
    assert_int_equal(
        libxl_event_wait(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL), 0);
    assert_int_equal(ev->for_user, 1);
    libxl_event_free(ctx, ev);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL), 0);
    assert_int_equal(ev->for_user, 3);
    libxl_event_free(ctx, ev);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL),
        ERROR_NOT_READY);
    /* Left in the queue: freed with the context. */
    inject(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, 1, 1);
    libxl_ctx_free(ctx);
}

static int occurs_count;
static libxl_ev_user occurs_last;

static void occurs(void *user, libxl_event *ev)
{
    assert_ptr_equal(user, &occurs_count);
    occurs_count++;
    occurs_last = ev->for_user;
    libxl_event_free(NULL, ev);
}

static void test_event_occurs_mask(void **state)
{
    static const libxl_event_hooks hooks = {
        .event_occurs_mask = LIBXL_EVENTMASK(LIBXL_EVENT_TYPE_DOMAIN_DEATH),
        .event_occurs = occurs,
    };
    libxl_ctx *ctx = new_ctx();
    libxl_event *ev;

    (void)state;
    occurs_count = 0;
    libxl_event_register_callbacks(ctx, &hooks, &occurs_count);
    inject(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, 3, 11);
    inject(ctx, LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN, 3, 12);
    /* Not called from inside the code that generated it... */
    assert_int_equal(occurs_count, 0);
    /* ...but from the application's next event call. */
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL), 0);
    assert_int_equal(occurs_count, 1);
    assert_int_equal(occurs_last, 11);
    assert_int_equal(ev->for_user, 12);
    libxl_event_free(ctx, ev);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL),
        ERROR_NOT_READY);
    assert_int_equal(occurs_count, 1);
    libxl_ctx_free(ctx);
}

/* ---- asynchronous operations with a fake work function ------------------ */

struct fake {
    sem_t go; /* the work waits for it when blocking */
    bool blocking;
    int rc;
    pthread_t thread; /* where it ran */
    int runs;
};

static int fake_work(libxl__gc *gc, void *arg)
{
    struct fake *f = arg;

    /* Its own gc, usable like any call's. */
    assert_non_null(libxl__sprintf(gc, "%d", 1));
    if (f->blocking)
        sem_wait(&f->go);
    f->thread = pthread_self();
    f->runs++;
    libxl__ao_set_domid(42);
    return f->rc;
}

static int cb_count, cb_rc;
static void *cb_user;

static void op_done(libxl_ctx *ctx, int rc, void *for_callback)
{
    (void)ctx;
    cb_count++;
    cb_rc = rc;
    cb_user = for_callback;
}

static void test_ao_sync(void **state)
{
    libxl_ctx *ctx = new_ctx();
    struct fake f = { .rc = ERROR_INVAL };

    (void)state;
    assert_int_equal(libxl__ao_run(ctx, NULL, fake_work, &f), ERROR_INVAL);
    assert_int_equal(f.runs, 1);
    assert_true(pthread_equal(f.thread, pthread_self()));
    f.rc = 0;
    assert_int_equal(libxl__ao_run(ctx, NULL, fake_work, &f), 0);
    assert_int_equal(f.runs, 2);
    libxl_ctx_free(ctx);
}

/* Runs the simple form of the loop once, waiting up to ms. */
static void loop_once(libxl_ctx *ctx, int ms)
{
    struct pollfd fds[8];
    int nfds = 8, timeout = ms;
    struct timeval now;

    gettimeofday(&now, NULL);
    assert_int_equal(libxl_osevent_beforepoll(ctx, &nfds, fds, &timeout, now),
                     0);
    poll(fds, nfds, timeout);
    gettimeofday(&now, NULL);
    libxl_osevent_afterpoll(ctx, nfds, fds, now);
}

static void test_ao_callback_once(void **state)
{
    libxl_ctx *ctx = new_ctx();
    struct fake f = { .rc = ERROR_FAIL, .blocking = true };
    libxl_asyncop_how how = { .callback = op_done };
    int tries;

    (void)state;
    sem_init(&f.go, 0, 0);
    cb_count = 0;
    how.u.for_callback = &f;
    assert_int_equal(libxl__ao_run(ctx, &how, fake_work, &f), 0);
    /* Returned before the work finished, and nothing delivered yet. */
    assert_int_equal(f.runs, 0);
    loop_once(ctx, 50);
    assert_int_equal(cb_count, 0);
    sem_post(&f.go);
    for (tries = 0; tries < 100 && !cb_count; tries++)
        loop_once(ctx, 100);
    assert_int_equal(cb_count, 1);
    assert_int_equal(cb_rc, ERROR_FAIL);
    assert_ptr_equal(cb_user, &f);
    assert_false(pthread_equal(f.thread, pthread_self()));
    for (tries = 0; tries < 3; tries++)
        loop_once(ctx, 20);
    assert_int_equal(cb_count, 1);
    sem_destroy(&f.go);
    libxl_ctx_free(ctx);
}

static void test_ao_event_once(void **state)
{
    libxl_ctx *ctx = new_ctx();
    struct fake f[3] = { { .rc = 0 }, { .rc = ERROR_NOMEM }, { .rc = 0 } };
    libxl_asyncop_how how[3];
    int seen[3] = { 0, 0, 0 };
    libxl_event *ev;

    (void)state;
    for (int i = 0; i < 3; i++) {
        how[i] = (libxl_asyncop_how){ .callback = NULL };
        how[i].u.for_event = 100 + i;
        assert_int_equal(libxl__ao_run(ctx, &how[i], fake_work, &f[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        assert_int_equal(
            libxl_event_wait(
                ctx, &ev, LIBXL_EVENTMASK(LIBXL_EVENT_TYPE_OPERATION_COMPLETE),
                NULL, NULL),
            0);
        assert_int_equal(ev->type, LIBXL_EVENT_TYPE_OPERATION_COMPLETE);
        assert_in_range(ev->for_user, 100, 102);
        seen[ev->for_user - 100]++;
        assert_int_equal(ev->u.operation_complete.rc, f[ev->for_user - 100].rc);
        assert_int_equal(ev->domid, 42);
        libxl_event_free(ctx, ev);
    }
    assert_int_equal(seen[0] + seen[1] + seen[2], 3);
    assert_true(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
    loop_once(ctx, 20);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL),
        ERROR_NOT_READY);
    libxl_ctx_free(ctx);
}

/* ctx_free waits for a running operation and drops its completion. */
static void *release_later(void *p)
{
    usleep(100000);
    sem_post(p);
    return NULL;
}

static void test_ao_ctx_free_waits(void **state)
{
    libxl_ctx *ctx = new_ctx();
    struct fake f = { .blocking = true };
    libxl_asyncop_how how = { .callback = op_done };
    pthread_t t;

    (void)state;
    sem_init(&f.go, 0, 0);
    cb_count = 0;
    assert_int_equal(libxl__ao_run(ctx, &how, fake_work, &f), 0);
    pthread_create(&t, NULL, release_later, &f.go);
    libxl_ctx_free(ctx);
    assert_int_equal(f.runs, 1);
    assert_int_equal(cb_count, 0);
    pthread_join(t, NULL);
    sem_destroy(&f.go);
}

/* ---- the osevent hooks: an application-owned loop ------------------------ */

#define MAXREG 8
struct app {
    struct {
        int fd;
        short events;
        void *for_libxl;
        bool live;
    } fds[MAXREG];
    struct {
        struct timeval abs;
        void *for_libxl;
        bool live;
    } tos[MAXREG];
    int fd_regs, fd_deregs, to_regs, to_deregs;
};

static int app_fd_register(void *user, int fd, void **reg, short events,
                           void *for_libxl)
{
    struct app *a = user;

    for (int i = 0; i < MAXREG; i++) {
        if (a->fds[i].live)
            continue;
        a->fds[i].fd = fd;
        a->fds[i].events = events;
        a->fds[i].for_libxl = for_libxl;
        a->fds[i].live = true;
        *reg = &a->fds[i];
        a->fd_regs++;
        return 0;
    }
    return -1;
}

static int app_fd_modify(void *user, int fd, void **reg, short events)
{
    struct app *a = user;

    for (int i = 0; i < MAXREG; i++)
        if (*reg == &a->fds[i]) {
            assert_int_equal(a->fds[i].fd, fd);
            a->fds[i].events = events;
            return 0;
        }
    return -1;
}

static void app_fd_deregister(void *user, int fd, void *reg)
{
    struct app *a = user;

    (void)fd;
    for (int i = 0; i < MAXREG; i++)
        if (reg == &a->fds[i]) {
            assert_true(a->fds[i].live);
            a->fds[i].live = false;
            a->fd_deregs++;
        }
}

static int app_to_register(void *user, void **reg, struct timeval abs,
                           void *for_libxl)
{
    struct app *a = user;

    for (int i = 0; i < MAXREG; i++) {
        if (a->tos[i].live)
            continue;
        a->tos[i].abs = abs;
        a->tos[i].for_libxl = for_libxl;
        a->tos[i].live = true;
        *reg = &a->tos[i];
        a->to_regs++;
        return 0;
    }
    return -1;
}

static int app_to_modify(void *user, void **reg, struct timeval abs)
{
    (void)user;
    ((typeof(((struct app *)0)->tos[0]) *)*reg)->abs = abs;
    return 0;
}

static void app_to_deregister(void *user, void *reg)
{
    struct app *a = user;

    for (int i = 0; i < MAXREG; i++)
        if (reg == &a->tos[i]) {
            a->tos[i].live = false;
            a->to_deregs++;
        }
}

static const libxl_osevent_hooks app_hooks = {
    .fd_register = app_fd_register,
    .fd_modify = app_fd_modify,
    .fd_deregister = app_fd_deregister,
    .timeout_register = app_to_register,
    .timeout_modify = app_to_modify,
    .timeout_deregister = app_to_deregister,
};

/* One turn of the application's loop over what libxl registered. */
static void app_turn(libxl_ctx *ctx, struct app *a, int ms)
{
    struct pollfd pfd[MAXREG];
    int idx[MAXREG], n = 0;
    struct timeval now;

    for (int i = 0; i < MAXREG; i++) {
        if (!a->fds[i].live)
            continue;
        pfd[n].fd = a->fds[i].fd;
        pfd[n].events = a->fds[i].events;
        pfd[n].revents = 0;
        idx[n++] = i;
    }
    poll(pfd, n, ms);
    for (int j = 0; j < n; j++)
        if (pfd[j].revents && a->fds[idx[j]].live)
            libxl_osevent_occurred_fd(ctx, a->fds[idx[j]].for_libxl, pfd[j].fd,
                                      pfd[j].events, pfd[j].revents);
    gettimeofday(&now, NULL);
    for (int i = 0; i < MAXREG; i++) {
        if (!a->tos[i].live || libxl__timeval_cmp(&a->tos[i].abs, &now) > 0)
            continue;
        a->tos[i].live = false; /* used up by the call */
        libxl_osevent_occurred_timeout(ctx, a->tos[i].for_libxl);
    }
}

static void test_hooks_drive_ao(void **state)
{
    libxl_ctx *ctx = new_ctx();
    struct app a = { 0 };
    struct fake f = { .rc = 0, .blocking = true };
    libxl_asyncop_how how = { .callback = op_done };
    int tries;

    (void)state;
    sem_init(&f.go, 0, 0);
    cb_count = 0;
    libxl_osevent_register_hooks(ctx, &app_hooks, &a);
    /* The wake-up descriptor is the application's to watch now. */
    assert_int_equal(a.fd_regs, 1);
    assert_int_equal(libxl__ao_run(ctx, &how, fake_work, &f), 0);
    app_turn(ctx, &a, 20);
    assert_int_equal(cb_count, 0);
    sem_post(&f.go);
    for (tries = 0; tries < 100 && !cb_count; tries++)
        app_turn(ctx, &a, 100);
    assert_int_equal(cb_count, 1);
    app_turn(ctx, &a, 20);
    assert_int_equal(cb_count, 1);
    /* A descriptor of libxl's own, then a change of its events. */
    {
        int p[2];
        libxl__ev_fd ev = { 0 };

        assert_int_equal(pipe(p), 0);
        assert_int_equal(libxl__ev_fd_register(ctx, &ev, NULL, p[0], POLLIN),
                         0);
        assert_int_equal(a.fd_regs, 2);
        assert_int_equal(a.fds[1].events, POLLIN);
        assert_int_equal(libxl__ev_fd_modify(ctx, &ev, POLLIN | POLLPRI), 0);
        assert_int_equal(a.fds[1].events, POLLIN | POLLPRI);
        libxl__ev_fd_deregister(ctx, &ev);
        assert_false(a.fds[1].live);
        close(p[0]);
        close(p[1]);
    }
    libxl_ctx_free(ctx);
    /* Everything registered was deregistered. */
    assert_int_equal(a.fd_deregs, a.fd_regs);
    sem_destroy(&f.go);
}

static int fired;
static void timeout_cb(libxl_ctx *ctx, libxl__ev_time *ev)
{
    (void)ctx;
    (void)ev;
    fired++;
}

static void test_hooks_timeouts(void **state)
{
    libxl_ctx *ctx = new_ctx();
    struct app a = { 0 };
    libxl__ev_time t1 = { 0 }, t2 = { 0 };
    void *stale;

    (void)state;
    fired = 0;
    libxl_osevent_register_hooks(ctx, &app_hooks, &a);
    assert_int_equal(libxl__ev_time_register_rel(ctx, &t1, timeout_cb, 30), 0);
    assert_int_equal(libxl__ev_time_register_rel(ctx, &t2, timeout_cb, 10000),
                     0);
    assert_int_equal(a.to_regs, 2);
    stale = a.tos[0].for_libxl;
    for (int i = 0; i < 20 && !fired; i++)
        app_turn(ctx, &a, 10);
    assert_int_equal(fired, 1);
    assert_false(libxl__ev_time_isregistered(ctx, &t1));
    assert_true(libxl__ev_time_isregistered(ctx, &t2));
    /* A late, repeated report of the used-up timeout is ignored. */
    libxl_osevent_occurred_timeout(ctx, stale);
    assert_int_equal(fired, 1);
    /* Cancelling the other one deregisters it with the application. */
    libxl__ev_time_deregister(ctx, &t2);
    assert_int_equal(a.to_deregs, 1);
    libxl_ctx_free(ctx);
}

static void test_beforepoll_afterpoll(void **state)
{
    libxl_ctx *ctx = new_ctx();
    libxl__ev_time t = { 0 };
    struct pollfd fds[4];
    int nfds = 0, timeout = -1;
    struct timeval now;

    (void)state;
    fired = 0;
    gettimeofday(&now, NULL);
    /* Too small: ERROR_BUFFERFULL and the number needed. */
    assert_int_equal(libxl_osevent_beforepoll(ctx, &nfds, fds, &timeout, now),
                     ERROR_BUFFERFULL);
    assert_int_equal(nfds, 1);
    assert_int_equal(libxl__ev_time_register_rel(ctx, &t, timeout_cb, 500), 0);
    gettimeofday(&now, NULL);
    nfds = 4;
    timeout = -1;
    assert_int_equal(libxl_osevent_beforepoll(ctx, &nfds, fds, &timeout, now),
                     0);
    assert_int_equal(nfds, 1);
    assert_in_range(timeout, 400, 501);
    /* A shorter timeout of the application's own is kept. */
    timeout = 5;
    assert_int_equal(libxl_osevent_beforepoll(ctx, &nfds, fds, &timeout, now),
                     0);
    assert_int_equal(timeout, 5);
    /* afterpoll at a time before it: nothing; after it: fired once. */
    fds[0].revents = 0;
    libxl_osevent_afterpoll(ctx, nfds, fds, now);
    assert_int_equal(fired, 0);
    now.tv_sec += 1;
    libxl_osevent_afterpoll(ctx, nfds, fds, now);
    libxl_osevent_afterpoll(ctx, nfds, fds, now);
    assert_int_equal(fired, 1);
    libxl_ctx_free(ctx);
}

/* ---- domain death over a made-up domain list ----------------------------- */

static struct libxl__evgen_domain_death *add_gen(libxl_ctx *ctx, uint32_t domid,
                                                 libxl_ev_user user)
{
    struct libxl__evgen_domain_death *g = calloc(1, sizeof(*g));

    g->domid = domid;
    g->user = user;
    CTX_LOCK(ctx);
    libxl__ev_get(ctx);
    g->next = ctx->ev->deaths;
    ctx->ev->deaths = g;
    CTX_UNLOCK(ctx);
    return g;
}

static void scan(libxl_ctx *ctx, struct xen_domctl_getdomaininfo *d, unsigned n)
{
    CTX_LOCK(ctx);
    libxl__ev_deaths_scan(ctx, d, n);
    CTX_UNLOCK(ctx);
}

static void expect(libxl_ctx *ctx, libxl_event_type type, uint32_t domid,
                   libxl_ev_user user, int reason)
{
    libxl_event *ev;

    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL), 0);
    assert_int_equal(ev->type, type);
    assert_int_equal(ev->domid, domid);
    assert_int_equal(ev->for_user, user);
    if (type == LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN)
        assert_int_equal(ev->u.domain_shutdown.shutdown_reason, reason);
    libxl_event_free(ctx, ev);
}

static void test_death_scan(void **state)
{
    libxl_ctx *ctx = new_ctx();
    struct xen_domctl_getdomaininfo d[3];
    libxl_event *ev;

    (void)state;
    memset(d, 0, sizeof(d));
    d[0].domain = 0;
    d[1].domain = 3;
    d[2].domain = 4;
    d[1].handle[0] = 0xab;
    add_gen(ctx, 3, 30);
    add_gen(ctx, 4, 40);
    add_gen(ctx, 9, 90); /* does not exist: dead at the first scan */

    scan(ctx, d, 3);
    expect(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, 9, 90, 0);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL),
        ERROR_NOT_READY);

    /* 3 reboots: one SHUTDOWN however often the watch fires. */
    d[1].flags =
        XEN_DOMINF_shutdown | (SHUTDOWN_reboot << XEN_DOMINF_shutdownshift);
    scan(ctx, d, 3);
    scan(ctx, d, 3);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL), 0);
    assert_int_equal(ev->type, LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN);
    assert_int_equal(ev->u.domain_shutdown.shutdown_reason,
                     LIBXL_EVENT_SHUTDOWN_REBOOT);
    assert_int_equal(ev->domuuid[0], 0xab);
    libxl_event_free(ctx, ev);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL),
        ERROR_NOT_READY);

    /* It runs again (soft reset), then crashes: reported again. */
    d[1].flags = 0;
    scan(ctx, d, 3);
    d[1].flags =
        XEN_DOMINF_shutdown | (SHUTDOWN_crash << XEN_DOMINF_shutdownshift);
    scan(ctx, d, 3);
    expect(ctx, LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN, 3, 30,
           LIBXL_EVENT_SHUTDOWN_CRASH);

    /* 4 dying, then 3 gone: DEATH once each, nothing after. */
    d[2].flags = XEN_DOMINF_dying;
    scan(ctx, d, 3);
    expect(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, 4, 40, 0);
    scan(ctx, d, 1);
    scan(ctx, d, 1);
    expect(ctx, LIBXL_EVENT_TYPE_DOMAIN_DEATH, 3, 30, 0);
    assert_int_equal(
        libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL),
        ERROR_NOT_READY);
    /* The generators are freed with the context. */
    libxl_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_order_and_filters),
        cmocka_unit_test(test_event_occurs_mask),
        cmocka_unit_test(test_ao_sync),
        cmocka_unit_test(test_ao_callback_once),
        cmocka_unit_test(test_ao_event_once),
        cmocka_unit_test(test_ao_ctx_free_waits),
        cmocka_unit_test(test_hooks_drive_ao),
        cmocka_unit_test(test_hooks_timeouts),
        cmocka_unit_test(test_beforepoll_afterpoll),
        cmocka_unit_test(test_death_scan),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
