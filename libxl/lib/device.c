/* SPDX-License-Identifier: LGPL-2.1-only */
/* Devices: paths, the generic xenstore layout, connect, remove, destroy. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "device.h"
#include "plugin_call.h"

void libxl__kvs_init(libxl__gc *gc, libxl__kvs *k)
{
    k->gc = gc;
    k->n = 0;
    k->cap = 16;
    k->v = libxl__zalloc(gc, k->cap * sizeof(char *));
}

void libxl__kvs_add(libxl__kvs *k, const char *key, const char *value)
{
    if (k->n + 3 > k->cap) {
        k->cap *= 2;
        k->v = libxl__realloc(k->gc, k->v, k->cap * sizeof(char *));
    }
    k->v[k->n++] = libxl__strdup(k->gc, key);
    k->v[k->n++] = libxl__strdup(k->gc, value ? value : "");
    k->v[k->n] = NULL;
}

void libxl__kvs_addf(libxl__kvs *k, const char *key, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    libxl__gc_adopt(k->gc, s);
    libxl__kvs_add(k, key, s);
}

const char *libxl__device_kind_str(libxl__device_kind kind)
{
    switch (kind) {
    case LIBXL__DEVICE_KIND_VIF:
        return "vif";
    case LIBXL__DEVICE_KIND_VBD:
        return "vbd";
    case LIBXL__DEVICE_KIND_CONSOLE:
        return "console";
    }
    return "?";
}

char *libxl__device_frontend_path(libxl__gc *gc, const libxl__device *dev)
{
    if (dev->kind == LIBXL__DEVICE_KIND_CONSOLE && dev->devid == 0)
        return GCSPRINTF("/local/domain/%" PRIu32 "/console", dev->domid);
    return GCSPRINTF("/local/domain/%" PRIu32 "/device/%s/%d", dev->domid,
                     libxl__device_kind_str(dev->kind), dev->devid);
}

char *libxl__device_backend_path(libxl__gc *gc, const libxl__device *dev)
{
    return GCSPRINTF("/local/domain/%" PRIu32 "/backend/%s/%" PRIu32 "/%d",
                     dev->backend_domid, libxl__device_kind_str(dev->kind),
                     dev->domid, dev->devid);
}

char *libxl__device_libxl_path(libxl__gc *gc, const libxl__device *dev)
{
    return GCSPRINTF("/libxl/%" PRIu32 "/device/%s/%d", dev->domid,
                     libxl__device_kind_str(dev->kind), dev->devid);
}

char *libxl__device_describe(libxl__gc *gc, const libxl__device *dev)
{
    return GCSPRINTF("%s %d of domain %" PRIu32,
                     libxl__device_kind_str(dev->kind), dev->devid, dev->domid);
}

void libxl__device_add_batch(libxl__xs_batch *b, const libxl__device *dev,
                             char **back, char **front, char **ro_front)
{
    libxl__gc *gc = b->gc;
    char *fe = libxl__device_frontend_path(gc, dev);
    char *be = libxl__device_backend_path(gc, dev);
    char *lp = libxl__device_libxl_path(gc, dev);
    /* The frontend is the guest's, the backend domain reads it; the
     * backend is the backend domain's, the guest reads it.  The primary
     * console's frontend holds keys the guest must not change. */
    struct xs_permissions fe_perms[2] = {
        { dev->domid, XS_PERM_NONE }, { dev->backend_domid, XS_PERM_READ }
    };
    struct xs_permissions be_perms[2] = { { dev->backend_domid, XS_PERM_NONE },
                                          { dev->domid, XS_PERM_READ } };
    bool ro = dev->kind == LIBXL__DEVICE_KIND_CONSOLE && dev->devid == 0;

    libxl__xs_batch_rm(b, lp);
    libxl__xs_batch_write(b, GCSPRINTF("%s/frontend", lp), fe);
    libxl__xs_batch_write(b, GCSPRINTF("%s/backend", lp), be);
    if (front || ro_front) {
        libxl__xs_batch_rm(b, fe);
        libxl__xs_batch_mknod(b, fe, ro ? be_perms : fe_perms, 2);
        libxl__xs_batch_write(b, GCSPRINTF("%s/backend", fe), be);
        for (unsigned i = 0; front && front[i]; i += 2)
            libxl__xs_batch_write_perms(b, GCSPRINTF("%s/%s", fe, front[i]),
                                        front[i + 1], fe_perms, 2);
        for (unsigned i = 0; ro_front && ro_front[i]; i += 2)
            libxl__xs_batch_write_perms(b, GCSPRINTF("%s/%s", fe, ro_front[i]),
                                        ro_front[i + 1], be_perms, 2);
    }
    if (back) {
        libxl__xs_batch_rm(b, be);
        libxl__xs_batch_mknod(b, be, be_perms, 2);
        libxl__xs_batch_write(b, GCSPRINTF("%s/frontend", be), fe);
        libxl__xs_batch_writev(b, be, back);
        /* A copy libxl trusts, as Xen keeps one. */
        libxl__xs_batch_writev(b, lp, back);
    }
}

int libxl__device_add_xs(libxl__gc *gc, const libxl__device *dev, char **back,
                         char **front, char **ro_front)
{
    libxl__xs_batch b;
    xs_transaction_t t = XBT_NULL;
    int rc;

    libxl__xs_batch_init(gc, &b);
    libxl__device_add_batch(&b, dev, back, front, ro_front);
    for (;;) {
        rc = libxl__xs_transaction_start(gc, &t);
        if (rc)
            return rc;
        if (libxl__xs_read(
                gc, t,
                GCSPRINTF("%s/backend", libxl__device_libxl_path(gc, dev)))) {
            libxl__xs_transaction_abort(gc, &t);
            LOG(ERROR, "%s exists already", libxl__device_describe(gc, dev));
            return ERROR_DEVICE_EXISTS;
        }
        rc = libxl__xs_batch_apply(gc, t, &b);
        if (rc) {
            libxl__xs_transaction_abort(gc, &t);
            return rc;
        }
        rc = libxl__xs_transaction_commit(gc, &t);
        if (rc <= 0)
            return rc;
    }
}

static bool state_at_least(const char *v, void *arg)
{
    return v && atoi(v) >= *(int *)arg;
}

static bool closed_or_gone(const char *v, void *arg)
{
    return !v || atoi(v) >= XENBUS_CLOSED;
}

static bool hotplug_done(const char *v, void *arg)
{
    return v && (!strcmp(v, "connected") || !strcmp(v, "error"));
}

int libxl__device_add_connect(libxl__gc *gc, const libxl__device *dev,
                              char **back, char **front, char **ro_front,
                              bool run_scripts)
{
    int rc = libxl__device_add_xs(gc, dev, back, front, ro_front);

    if (rc)
        return rc;
    rc = libxl__plugin_device_before(gc, dev);
    if (!rc)
        rc = libxl__device_connect(gc, dev, run_scripts);
    libxl__plugin_device_after(gc, dev, rc);
    if (rc)
        libxl__device_remove(gc, dev, run_scripts, true);
    return rc;
}

int libxl__device_connect(libxl__gc *gc, const libxl__device *dev,
                          bool run_scripts)
{
    char *be = libxl__device_backend_path(gc, dev);
    int want = XENBUS_INITWAIT;
    char *v;
    int rc;

    rc = libxl__xs_wait(gc, GCSPRINTF("%s/state", be), state_at_least, &want,
                        LIBXL__INIT_TIMEOUT * 1000, &v);
    if (rc) {
        LOG(ERROR,
            "%s: backend %s did not reach InitWait in %d s (state %s); is "
            "its backend driver loaded (xen-netback, xen-blkback)?",
            libxl__device_describe(gc, dev), be, LIBXL__INIT_TIMEOUT,
            v ? v : "missing");
        return rc;
    }
    if (run_scripts)
        return libxl__hotplug_run(gc, dev, true);
    rc = libxl__xs_wait(gc, GCSPRINTF("%s/hotplug-status", be), hotplug_done,
                        NULL, libxl__hotplug_timeout() * 1000, &v);
    if (rc || strcmp(v, "connected")) {
        char *err =
            libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/hotplug-error", be));
        LOG(ERROR,
            "%s: the hotplug script run by udev %s%s%s "
            "(run_hotplug_scripts=0 in xl.conf)",
            libxl__device_describe(gc, dev),
            rc ? "did not report in time" : "failed", err ? ": " : "",
            err ? err : "");
        return ERROR_FAIL;
    }
    return 0;
}

int libxl__device_remove(libxl__gc *gc, const libxl__device *dev,
                         bool run_scripts, bool force)
{
    char *be = libxl__device_backend_path(gc, dev);
    char *fe = libxl__device_frontend_path(gc, dev);
    char *lp = libxl__device_libxl_path(gc, dev);
    bool has_be = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/state", be));
    xs_transaction_t t = XBT_NULL;
    int rc = 0;

    if (has_be && dev->kind != LIBXL__DEVICE_KIND_CONSOLE) {
        for (;;) {
            char *st;

            if ((rc = libxl__xs_transaction_start(gc, &t)))
                return rc;
            /* Forced: the frontend goes first, so the backend sees its
             * other end vanish and closes without the guest's help. */
            if (force)
                libxl__xs_rm(gc, t, fe);
            libxl__xs_write(gc, t, GCSPRINTF("%s/online", be), "0");
            st = libxl__xs_read(gc, t, GCSPRINTF("%s/state", be));
            if (st && atoi(st) != XENBUS_CLOSED)
                libxl__xs_printf(gc, t, GCSPRINTF("%s/state", be), "%d",
                                 XENBUS_CLOSING);
            rc = libxl__xs_transaction_commit(gc, &t);
            if (rc <= 0)
                break;
        }
        if (!rc)
            rc = libxl__xs_wait(gc, GCSPRINTF("%s/state", be), closed_or_gone,
                                NULL, LIBXL__DESTROY_TIMEOUT * 1000, NULL);
        if (rc && !force) {
            LOG(ERROR,
                "%s: the backend did not close in %d s; the guest still "
                "uses it%s",
                libxl__device_describe(gc, dev), LIBXL__DESTROY_TIMEOUT,
                dev->kind == LIBXL__DEVICE_KIND_VBD
                    ? " (xl block-detach -f forces)"
                    : "");
            return rc;
        }
        rc = 0;
        if (run_scripts && libxl__hotplug_run(gc, dev, false))
            LOG(WARNING, "%s: removing it anyway",
                libxl__device_describe(gc, dev));
    }
    for (;;) {
        if ((rc = libxl__xs_transaction_start(gc, &t)))
            return rc;
        libxl__xs_rm(gc, t, fe);
        libxl__xs_rm(gc, t, be);
        libxl__xs_rm(gc, t, lp);
        rc = libxl__xs_transaction_commit(gc, &t);
        if (rc <= 0)
            return rc;
    }
}

static bool kind_of(const char *s, libxl__device_kind *k)
{
    if (!strcmp(s, "vif"))
        *k = LIBXL__DEVICE_KIND_VIF;
    else if (!strcmp(s, "vbd"))
        *k = LIBXL__DEVICE_KIND_VBD;
    else if (!strcmp(s, "console"))
        *k = LIBXL__DEVICE_KIND_CONSOLE;
    else
        return false;
    return true;
}

/* The backend domain of a device, from its backend path in /libxl. */
static uint32_t backend_domid_of(libxl__gc *gc, const char *lp)
{
    char *be = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/backend", lp));
    unsigned id = 0;

    if (be)
        sscanf(be, "/local/domain/%u/", &id);
    return id;
}

int libxl__devices_destroy(libxl__gc *gc, uint32_t domid)
{
    char *base = GCSPRINTF("/libxl/%" PRIu32 "/device", domid);
    bool run_scripts = libxl__userdata_run_hotplug(gc, domid);
    unsigned nk, nd;
    char **kinds = libxl__xs_directory(gc, XBT_NULL, base, &nk);
    int rc = 0;

    for (unsigned i = 0; i < nk; i++) {
        libxl__device_kind kind;
        char **ids;

        if (!kind_of(kinds[i], &kind))
            continue;
        ids = libxl__xs_directory(gc, XBT_NULL,
                                  GCSPRINTF("%s/%s", base, kinds[i]), &nd);
        for (unsigned j = 0; j < nd; j++) {
            libxl__device dev = { .kind = kind,
                                  .domid = domid,
                                  .devid = atoi(ids[j]) };
            dev.backend_domid = backend_domid_of(
                gc, GCSPRINTF("%s/%s/%s", base, kinds[i], ids[j]));
            if (libxl__device_remove(gc, &dev, run_scripts, true))
                rc = ERROR_FAIL;
        }
    }
    libxl__xs_rm(gc, XBT_NULL,
                 GCSPRINTF("/local/domain/%" PRIu32 "/device", domid));
    libxl__xs_rm(gc, XBT_NULL,
                 GCSPRINTF("/local/domain/%" PRIu32 "/console", domid));
    return rc;
}

struct owned_work {
    int (*work)(libxl__gc *gc, void *arg);
    void *arg;
};

static int run_owned(libxl__gc *gc, void *a)
{
    struct owned_work *o = a;
    int rc = o->work(gc, o->arg);

    free(o->arg);
    free(o);
    return rc;
}

int libxl__ao_run_owned(libxl_ctx *ctx, const libxl_asyncop_how *how,
                        int (*work)(libxl__gc *gc, void *arg), void *arg)
{
    struct owned_work *o = malloc(sizeof(*o));

    if (!o) {
        free(arg);
        return ERROR_NOMEM;
    }
    o->work = work;
    o->arg = arg;
    return libxl__ao_run(ctx, how, run_owned, o);
}
