/* SPDX-License-Identifier: LGPL-2.1-only */
/* xenstore helpers: batches, reads and writes, transactions, waits. */
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "xs.h"

void libxl__xs_batch_init(libxl__gc *gc, libxl__xs_batch *b)
{
    b->gc = gc;
    b->ops = NULL;
    b->n = b->cap = 0;
}

static libxl__xs_op *batch_add(libxl__xs_batch *b, enum libxl__xs_opk op,
                               const char *path, const char *value)
{
    libxl__xs_op *o;

    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 32;
        b->ops = libxl__realloc(b->gc, b->ops, b->cap * sizeof(*b->ops));
    }
    o = &b->ops[b->n++];
    memset(o, 0, sizeof(*o));
    o->op = op;
    o->path = libxl__strdup(b->gc, path);
    o->value = libxl__strdup(b->gc, value);
    return o;
}

static void set_perms(libxl__xs_op *o, const struct xs_permissions *perms,
                      unsigned n)
{
    o->nperms = n > 2 ? 2 : n;
    for (unsigned i = 0; i < o->nperms; i++)
        o->perms[i] = perms[i];
}

void libxl__xs_batch_rm(libxl__xs_batch *b, const char *path)
{
    batch_add(b, LIBXL__XS_RM, path, NULL);
}

void libxl__xs_batch_mknod(libxl__xs_batch *b, const char *path,
                           const struct xs_permissions *perms, unsigned n)
{
    set_perms(batch_add(b, LIBXL__XS_MKNOD, path, ""), perms, n);
}

void libxl__xs_batch_write(libxl__xs_batch *b, const char *path,
                           const char *value)
{
    batch_add(b, LIBXL__XS_WRITE, path, value ? value : "");
}

void libxl__xs_batch_writef(libxl__xs_batch *b, const char *path,
                            const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    libxl__gc_adopt(b->gc, s);
    libxl__xs_batch_write(b, path, s ? s : "");
}

void libxl__xs_batch_write_perms(libxl__xs_batch *b, const char *path,
                                 const char *value,
                                 const struct xs_permissions *perms, unsigned n)
{
    set_perms(batch_add(b, LIBXL__XS_WRITE, path, value ? value : ""), perms,
              n);
}

void libxl__xs_batch_writev(libxl__xs_batch *b, const char *dir,
                            char *const *kvs)
{
    libxl__gc *gc = b->gc;

    for (unsigned i = 0; kvs && kvs[i] && kvs[i + 1]; i += 2)
        libxl__xs_batch_write(b, GCSPRINTF("%s/%s", dir, kvs[i]), kvs[i + 1]);
}

static int apply_one(struct xs_handle *xsh, xs_transaction_t t,
                     const libxl__xs_op *o)
{
    switch (o->op) {
    case LIBXL__XS_RM:
        if (!xs_rm(xsh, t, o->path) && errno != ENOENT)
            return -1;
        return 0;
    case LIBXL__XS_MKNOD:
    case LIBXL__XS_WRITE:
        if (!xs_write(xsh, t, o->path, o->value, strlen(o->value)))
            return -1;
        if (o->nperms &&
            !xs_set_permissions(xsh, t, o->path,
                                (struct xs_permissions *)o->perms, o->nperms))
            return -1;
        return 0;
    }
    errno = EINVAL;
    return -1;
}

int libxl__xs_batch_apply(libxl__gc *gc, xs_transaction_t t,
                          const libxl__xs_batch *b)
{
    struct xs_handle *xsh = libxl__xs(CTX);
    bool own = t == XBT_NULL;
    int rc;

    if (!xsh)
        return ERROR_FAIL;
    for (;;) {
        if (own) {
            rc = libxl__xs_transaction_start(gc, &t);
            if (rc)
                return rc;
        }
        for (unsigned i = 0; i < b->n; i++) {
            if (apply_one(xsh, t, &b->ops[i])) {
                LOGE(ERROR, "xenstore: cannot %s %s",
                     b->ops[i].op == LIBXL__XS_RM ? "remove" : "write",
                     b->ops[i].path);
                if (own)
                    libxl__xs_transaction_abort(gc, &t);
                return ERROR_FAIL;
            }
        }
        if (!own)
            return 0;
        rc = libxl__xs_transaction_commit(gc, &t);
        if (rc <= 0)
            return rc;
    }
}

static char *render_perms(libxl__gc *gc, const libxl__xs_op *o)
{
    char *s = libxl__strdup(gc, "");

    for (unsigned i = 0; i < o->nperms; i++) {
        char buf[32];
        xs_perm_to_string(&o->perms[i], buf, sizeof(buf));
        s = GCSPRINTF("%s%s%s", s, i ? "," : "", buf);
    }
    return s;
}

char *libxl__xs_batch_render(libxl__gc *gc, const libxl__xs_batch *b)
{
    size_t len = 0, cap = 256;
    char *out = libxl__zalloc(gc, cap);

    for (unsigned i = 0; i < b->n; i++) {
        const libxl__xs_op *o = &b->ops[i];
        char *line;

        if (o->op == LIBXL__XS_RM)
            line = GCSPRINTF("rm %s\n", o->path);
        else if (o->op == LIBXL__XS_MKNOD)
            line = GCSPRINTF("mknod %s [%s]\n", o->path, render_perms(gc, o));
        else if (o->nperms)
            line = GCSPRINTF("write %s = \"%s\" [%s]\n", o->path, o->value,
                             render_perms(gc, o));
        else
            line = GCSPRINTF("write %s = \"%s\"\n", o->path, o->value);
        while (len + strlen(line) + 1 > cap) {
            cap *= 2;
            out = libxl__realloc(gc, out, cap);
        }
        memcpy(out + len, line, strlen(line) + 1);
        len += strlen(line);
    }
    return out;
}

char *libxl__xs_read(libxl__gc *gc, xs_transaction_t t, const char *path)
{
    struct xs_handle *xsh = libxl__xs(CTX);
    unsigned len;

    if (!xsh)
        return NULL;
    return libxl__gc_adopt(gc, xs_read(xsh, t, path, &len));
}

int libxl__xs_write(libxl__gc *gc, xs_transaction_t t, const char *path,
                    const char *value)
{
    struct xs_handle *xsh = libxl__xs(CTX);

    if (!xsh)
        return ERROR_FAIL;
    if (!xs_write(xsh, t, path, value, strlen(value))) {
        LOGE(ERROR, "xenstore: cannot write %s", path);
        return ERROR_FAIL;
    }
    return 0;
}

int libxl__xs_printf(libxl__gc *gc, xs_transaction_t t, const char *path,
                     const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s)
        return ERROR_NOMEM;
    libxl__gc_adopt(gc, s);
    return libxl__xs_write(gc, t, path, s);
}

int libxl__xs_rm(libxl__gc *gc, xs_transaction_t t, const char *path)
{
    struct xs_handle *xsh = libxl__xs(CTX);

    if (!xsh)
        return ERROR_FAIL;
    if (!xs_rm(xsh, t, path) && errno != ENOENT) {
        LOGE(ERROR, "xenstore: cannot remove %s", path);
        return ERROR_FAIL;
    }
    return 0;
}

int libxl__xs_mkdir_perms(libxl__gc *gc, xs_transaction_t t, const char *path,
                          const struct xs_permissions *perms, unsigned n)
{
    struct xs_handle *xsh = libxl__xs(CTX);

    if (!xsh)
        return ERROR_FAIL;
    if (!xs_mkdir(xsh, t, path) ||
        (n && !xs_set_permissions(xsh, t, path, (struct xs_permissions *)perms,
                                  n))) {
        LOGE(ERROR, "xenstore: cannot create %s", path);
        return ERROR_FAIL;
    }
    return 0;
}

char **libxl__xs_directory(libxl__gc *gc, xs_transaction_t t, const char *path,
                           unsigned *n)
{
    struct xs_handle *xsh = libxl__xs(CTX);
    char **d;

    *n = 0;
    if (!xsh)
        return NULL;
    d = xs_directory(xsh, t, path, n);
    if (!d)
        *n = 0;
    return libxl__gc_adopt(gc, d);
}

int libxl__xs_transaction_start(libxl__gc *gc, xs_transaction_t *t)
{
    struct xs_handle *xsh = libxl__xs(CTX);

    if (!xsh)
        return ERROR_FAIL;
    *t = xs_transaction_start(xsh);
    if (*t == XBT_NULL) {
        LOGE(ERROR, "xenstore: cannot start a transaction");
        return ERROR_FAIL;
    }
    return 0;
}

int libxl__xs_transaction_commit(libxl__gc *gc, xs_transaction_t *t)
{
    struct xs_handle *xsh = libxl__xs(CTX);
    bool ok = xs_transaction_end(xsh, *t, false);

    *t = XBT_NULL;
    if (ok)
        return 0;
    if (errno == EAGAIN)
        return 1;
    LOGE(ERROR, "xenstore: cannot commit a transaction");
    return ERROR_FAIL;
}

void libxl__xs_transaction_abort(libxl__gc *gc, xs_transaction_t *t)
{
    if (*t == XBT_NULL)
        return;
    xs_transaction_end(libxl__xs(CTX), *t, true);
    *t = XBT_NULL;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The wait uses a connection of its own, so its watch events never mix
 * with those of the context's event machinery, and a waiting worker thread
 * shares nothing with others.
 */
int libxl__xs_wait(libxl__gc *gc, const char *path,
                   bool (*ok)(const char *value, void *arg), void *arg,
                   int timeout_ms, char **out)
{
    struct xs_handle *w = xs_open(0);
    int64_t deadline = now_ms() + timeout_ms;
    char *v = NULL;
    int rc = ERROR_TIMEDOUT;

    if (out)
        *out = NULL;
    if (!w) {
        LOGE(ERROR, "cannot connect to xenstored to wait for %s", path);
        return ERROR_FAIL;
    }
    if (!xs_watch(w, path, "libxl-wait")) {
        LOGE(ERROR, "xenstore: cannot watch %s", path);
        xs_close(w);
        return ERROR_FAIL;
    }
    for (;;) {
        struct pollfd p = { .fd = xs_fileno(w), .events = POLLIN };
        unsigned len, num;
        int64_t left;

        free(v);
        v = xs_read(w, XBT_NULL, path, &len);
        if (ok(v, arg)) {
            rc = 0;
            break;
        }
        left = deadline - now_ms();
        if (left <= 0)
            break;
        if (poll(&p, 1, (int)left) > 0)
            free(xs_read_watch(w, &num));
    }
    xs_unwatch(w, path, "libxl-wait");
    xs_close(w);
    if (out)
        *out = libxl__gc_adopt(gc, v);
    else
        free(v);
    return rc;
}

static bool equals(const char *value, void *arg)
{
    return value && !strcmp(value, arg);
}

int libxl__xs_wait_value(libxl__gc *gc, const char *path, const char *want,
                         int timeout_ms, char **out)
{
    return libxl__xs_wait(gc, path, equals, (void *)want, timeout_ms, out);
}

char *libxl__xs_dompath(libxl__gc *gc, uint32_t domid)
{
    return GCSPRINTF("/local/domain/%" PRIu32, domid);
}

char *libxl__xs_libxl_path(libxl__gc *gc, uint32_t domid)
{
    return GCSPRINTF("/libxl/%" PRIu32, domid);
}
