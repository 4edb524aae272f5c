/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenstore helpers for libxl (lib/xs.c).
 *
 * A batch is a list of xenstore operations (rm, a node with permissions,
 * a value) built first and applied later in one transaction, retried on
 * EAGAIN.  Building is pure, so the layout a configuration produces can be
 * compared against a recorded one without a xenstored (tests/).
 *
 * Every function logs one line on failure and returns an ERROR_* code;
 * reads return NULL for a missing key without logging.
 */
#ifndef LIBXL_XS_H
#define LIBXL_XS_H

#include <stdbool.h>

#include "internal.h"
#include "xenstore.h"

enum libxl__xs_opk {
    LIBXL__XS_RM,    /* remove path (missing is fine) */
    LIBXL__XS_MKNOD, /* create path with an empty value and perms */
    LIBXL__XS_WRITE, /* write value; perms too when nperms > 0 */
};

typedef struct {
    enum libxl__xs_opk op;
    char *path;
    char *value;
    struct xs_permissions perms[2];
    unsigned nperms;
} libxl__xs_op;

typedef struct {
    libxl__gc *gc;
    libxl__xs_op *ops;
    unsigned n, cap;
} libxl__xs_batch;

void libxl__xs_batch_init(libxl__gc *gc, libxl__xs_batch *b);
void libxl__xs_batch_rm(libxl__xs_batch *b, const char *path);
/* perms: {owner, default perms} pairs; n is 1 or 2. */
void libxl__xs_batch_mknod(libxl__xs_batch *b, const char *path,
                           const struct xs_permissions *perms, unsigned n);
void libxl__xs_batch_write(libxl__xs_batch *b, const char *path,
                           const char *value);
void libxl__xs_batch_writef(libxl__xs_batch *b, const char *path,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A value with permissions of its own. */
void libxl__xs_batch_write_perms(libxl__xs_batch *b, const char *path,
                                 const char *value,
                                 const struct xs_permissions *perms,
                                 unsigned n);
/* Writes a NULL-terminated key, value, key, value... list under dir. */
void libxl__xs_batch_writev(libxl__xs_batch *b, const char *dir,
                            char *const *kvs);
/* Applies the batch inside transaction t (a transaction of its own with
 * retries when t is XBT_NULL). */
int libxl__xs_batch_apply(libxl__gc *gc, xs_transaction_t t,
                          const libxl__xs_batch *b);
/* One line per operation: "rm P", "mknod P [n0,r5]", "write P = V". */
char *libxl__xs_batch_render(libxl__gc *gc, const libxl__xs_batch *b);

/* Plain helpers on the context's xenstore connection. */
char *libxl__xs_read(libxl__gc *gc, xs_transaction_t t, const char *path);
int libxl__xs_write(libxl__gc *gc, xs_transaction_t t, const char *path,
                    const char *value);
int libxl__xs_printf(libxl__gc *gc, xs_transaction_t t, const char *path,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int libxl__xs_rm(libxl__gc *gc, xs_transaction_t t, const char *path);
int libxl__xs_mkdir_perms(libxl__gc *gc, xs_transaction_t t, const char *path,
                          const struct xs_permissions *perms, unsigned n);
/* Entries of a directory (NULL and *n = 0 when missing). */
char **libxl__xs_directory(libxl__gc *gc, xs_transaction_t t, const char *path,
                           unsigned *n);

/* Transactions: start; commit returns 0, 1 to retry (EAGAIN) or ERROR_*. */
int libxl__xs_transaction_start(libxl__gc *gc, xs_transaction_t *t);
int libxl__xs_transaction_commit(libxl__gc *gc, xs_transaction_t *t);
void libxl__xs_transaction_abort(libxl__gc *gc, xs_transaction_t *t);

/*
 * Waits until path's value satisfies ok(value, arg) (value NULL when the
 * key is missing), at most timeout_ms.  *out gets the last value read.
 * Returns 0, ERROR_TIMEDOUT or ERROR_FAIL.
 */
int libxl__xs_wait(libxl__gc *gc, const char *path,
                   bool (*ok)(const char *value, void *arg), void *arg,
                   int timeout_ms, char **out);
/* Waits for path to hold exactly want. */
int libxl__xs_wait_value(libxl__gc *gc, const char *path, const char *want,
                         int timeout_ms, char **out);

/* /local/domain/N, /libxl/N */
char *libxl__xs_dompath(libxl__gc *gc, uint32_t domid);
char *libxl__xs_libxl_path(libxl__gc *gc, uint32_t domid);

#endif
