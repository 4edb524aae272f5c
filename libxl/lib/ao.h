/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Asynchronous operations: how a libxl function taking a
 * `const libxl_asyncop_how *how` runs its work.
 *
 *   static int destroy_work(libxl__gc *gc, void *arg) { ... return rc; }
 *
 *   int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid,
 *                            const libxl_asyncop_how *how)
 *   {
 *       struct destroy_args *a = malloc(sizeof(*a));   (work frees it)
 *       ...
 *       return libxl__ao_run(ctx, how, destroy_work, a);
 *   }
 *
 * how NULL: work runs on the calling thread and its rc is returned.
 * Otherwise libxl__ao_run returns 0 at once (or ERROR_FAIL when no thread
 * could be started: then work does not run), work runs on a worker
 * thread with a gc of its own, and its completion is delivered exactly
 * once: how->callback(ctx, rc, for_callback) from inside the next libxl
 * event function the application calls on that context (libxl_event_wait,
 * libxl_event_check, libxl_osevent_afterpoll, libxl_osevent_occurred_*),
 * or, when how->callback is NULL, an OPERATION_COMPLETE event carrying
 * how->u.for_event and rc.
 *
 * arg belongs to work: it must stay valid until work returns; allocate
 * it in the asynchronous case and free it at the end of work.  work may
 * call any synchronous libxl function on gc's context; it must not call
 * the event functions (libxl_event_wait, ...), which belong to the
 * application's thread.  A context must not be freed while operations
 * run: libxl_ctx_free waits for them and drops their completions.
 */
#ifndef LIBXL_AO_H
#define LIBXL_AO_H

#include "internal.h"

int libxl__ao_run(libxl_ctx *ctx, const libxl_asyncop_how *how,
                  int (*work)(libxl__gc *gc, void *arg), void *arg);

/* From inside work: the domain the operation is about (for the
 * OPERATION_COMPLETE event's domid; LIBXL_EVENT_INVALID_DOMID until
 * set). */
void libxl__ao_set_domid(uint32_t domid);

#endif
