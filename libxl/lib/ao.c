/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Asynchronous operations (see ao.h): the work runs on a worker thread;
 * its completion is filed in the context and delivered, exactly once, by
 * the application's next call into the event machinery.
 *
 * Lifetime: an ao is allocated by libxl__ao_run, owned by its worker until
 * the work returns, then by the context's done list until delivered (or
 * dropped by libxl_ctx_free).  ev->ao_running counts the workers, so that
 * the context outlives them.
 */
#include <unistd.h>

#include "ao.h"
#include "event_private.h"

struct libxl__ao {
    libxl_ctx *ctx;
    libxl_asyncop_how how;
    int (*work)(libxl__gc *gc, void *arg);
    void *arg;
    int rc;
    uint32_t domid;
    struct libxl__ao *next;
};

/* The operation this thread is running (for libxl__ao_set_domid). */
static __thread struct libxl__ao *current_ao;

void libxl__ao_set_domid(uint32_t domid)
{
    if (current_ao)
        current_ao->domid = domid;
}

static int run_work(struct libxl__ao *ao)
{
    struct libxl__ao *saved = current_ao;
    int rc;
    GC_INIT(ao->ctx);

    current_ao = ao;
    rc = ao->work(gc, ao->arg);
    current_ao = saved;
    GC_FREE;
    return rc;
}

static void *worker(void *p)
{
    struct libxl__ao *ao = p;
    libxl_ctx *ctx = ao->ctx;
    struct libxl__ev_state *st;
    char c = 0;

    ao->rc = run_work(ao);

    CTX_LOCK(ctx);
    st = ctx->ev;
    ao->next = NULL;
    if (st->ao_done_tail)
        st->ao_done_tail->next = ao;
    else
        st->ao_done_head = ao;
    st->ao_done_tail = ao;
    if (write(st->wake[1], &c, 1) < 0) {
        /* Full: the loop will wake anyway. */
    }
    libxl__ev_wake_pollers(ctx);
    st->ao_running--;
    pthread_cond_broadcast(&st->ao_cond);
    CTX_UNLOCK(ctx);
    return NULL;
}

int libxl__ao_run(libxl_ctx *ctx, const libxl_asyncop_how *how,
                  int (*work)(libxl__gc *gc, void *arg), void *arg)
{
    struct libxl__ao *ao;
    struct libxl__ev_state *st;
    pthread_attr_t attr;
    pthread_t tid;
    int rc = 0, e;
    GC_INIT(ctx);

    if (!how) {
        struct libxl__ao sync = { .ctx = ctx,
                                  .work = work,
                                  .arg = arg,
                                  .domid = LIBXL_EVENT_INVALID_DOMID };
        GC_FREE;
        return run_work(&sync);
    }
    ao = calloc(1, sizeof(*ao));
    if (!ao) {
        GC_FREE;
        return ERROR_NOMEM;
    }
    ao->ctx = ctx;
    ao->how = *how;
    ao->work = work;
    ao->arg = arg;
    ao->domid = LIBXL_EVENT_INVALID_DOMID;

    CTX_LOCK(ctx);
    st = libxl__ev_get(ctx);
    if (!st) {
        rc = ERROR_FAIL;
        goto out;
    }
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    e = pthread_create(&tid, &attr, worker, ao);
    pthread_attr_destroy(&attr);
    if (e) {
        LOGEV(ERROR, e, "cannot start a thread for an asynchronous operation");
        rc = ERROR_FAIL;
        goto out;
    }
    st->ao_running++;
    ao = NULL;
out:
    CTX_UNLOCK(ctx);
    free(ao);
    GC_FREE;
    return rc;
}

bool libxl__ao_deliver_one(libxl_ctx *ctx)
{
    struct libxl__ev_state *st = ctx->ev;
    struct libxl__ao *ao;

    CTX_LOCK(ctx);
    ao = st->ao_done_head;
    if (!ao) {
        CTX_UNLOCK(ctx);
        return false;
    }
    st->ao_done_head = ao->next;
    if (!st->ao_done_head)
        st->ao_done_tail = NULL;
    if (!ao->how.callback) {
        libxl_event *ev = libxl__event_new(LIBXL_EVENT_TYPE_OPERATION_COMPLETE,
                                           ao->domid, ao->how.u.for_event);
        if (ev) {
            ev->u.operation_complete.rc = ao->rc;
            libxl__event_occurred(ctx, ev);
        } else {
            libxl__ev_disaster(ctx, LIBXL_EVENT_TYPE_OPERATION_COMPLETE, ENOMEM,
                               "out of memory for an event");
        }
        CTX_UNLOCK(ctx);
    } else {
        CTX_UNLOCK(ctx);
        ao->how.callback(ctx, ao->rc, ao->how.u.for_callback);
    }
    free(ao);
    return true;
}

void libxl__ao_ctx_free(libxl_ctx *ctx)
{
    struct libxl__ev_state *st = ctx->ev;

    /* Called with the lock held once (libxl_ctx_free holds no other
     * level), so the wait releases it for the workers to finish. */
    while (st->ao_running)
        pthread_cond_wait(&st->ao_cond, &ctx->lock);
    while (st->ao_done_head) {
        struct libxl__ao *ao = st->ao_done_head;
        st->ao_done_head = ao->next;
        free(ao);
    }
    st->ao_done_tail = NULL;
}
