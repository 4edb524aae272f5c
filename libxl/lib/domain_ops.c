/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Domain operations other than creation: destroy, pause, unpause, rename.
 * (shutdown/reboot: domain_ops_control.c; memory: domain_ops_mem.c.)
 */
#include <glob.h>
#include <stdio.h>
#include <unistd.h>

#include "ao.h"
#include "device.h"
#include "ops_private.h"
#include "xs.h"
#include "xenstore.h"

/* lib/device.h (devices' backends, hotplug scripts, xenstore entries);
 * weak until the device code is part of the library. */
int libxl__devices_destroy(libxl__gc *gc, uint32_t domid) __attribute__((weak));

#define USERDATA_DIR "/var/lib/xen"

/* Every userdata file of the domain (userdata-?.<domid>.<uuid>.*). */
static void userdata_destroyall(libxl__gc *gc, uint32_t domid,
                                const libxl_uuid *uuid)
{
    char u[LIBXL_UUID_FMTLEN + 1];
    glob_t g;

    libxl_uuid_unparse(uuid, u);
    if (glob(GCSPRINTF(USERDATA_DIR "/userdata-?.%u.%s.*", domid, u), 0, NULL,
             &g))
        return;
    for (size_t i = 0; i < g.gl_pathc; i++)
        if (unlink(g.gl_pathv[i]) < 0 && errno != ENOENT)
            LOGED(WARNING, domid, "cannot remove %s", g.gl_pathv[i]);
    globfree(&g);
}

static void xs_rm_quiet(libxl__gc *gc, const char *path)
{
    struct xs_handle *xsh = libxl__xs(CTX);

    if (path && xsh && !xs_rm(xsh, XBT_NULL, path) && errno != ENOENT)
        LOGE(WARNING, "cannot remove xenstore %s", path);
}

struct destroy_args {
    uint32_t domid;
};

static int destroy_work(libxl__gc *gc, void *arg)
{
    struct destroy_args *a = arg;
    uint32_t domid = a->domid;
    struct xen_domctl_getdomaininfo d;
    libxl_uuid uuid;
    char *dom_path, *vm_path;
    struct xctl *xc;
    int rc, r;

    free(a);
    libxl__ao_set_domid(domid);
    rc = libxl__ops_getinfo(gc, domid, &d);
    if (rc == ERROR_DOMAIN_NOTFOUND)
        LOGD(ERROR, domid, "non-existent domain");
    if (rc)
        return rc;
    if (domid == 0) {
        LOG(ERROR, "refusing to destroy the control domain (domain 0)");
        return ERROR_INVAL;
    }
    xc = libxl__xc(CTX);
    memcpy(uuid.uuid, d.handle, sizeof(uuid.uuid));
    dom_path = GCSPRINTF("/local/domain/%u", domid);
    vm_path = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/vm", dom_path));

    r = xctl_domain_pause(xc, domid);
    if (r < 0)
        LOGEVD(ERROR, -r, domid, "pausing the domain before destroying it");

    rc = libxl__devices_destroy ? libxl__devices_destroy(gc, domid) : ERROR_NI;
    if (rc)
        LOGD(ERROR, domid,
             "tearing down the domain's devices failed; "
             "destroying the domain anyway");

    userdata_destroyall(gc, domid, &uuid);
    xs_rm_quiet(gc, dom_path);
    xs_rm_quiet(gc, vm_path);
    xs_rm_quiet(gc, GCSPRINTF("/libxl/%u", domid));

    r = xctl_domain_destroy(xc, domid);
    if (r < 0 && r != -ESRCH) {
        LOGEVD(ERROR, -r, domid,
               "the hypervisor refused to destroy the domain");
        return ERROR_FAIL;
    }
    return rc ? ERROR_FAIL : 0;
}

int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid,
                         const libxl_asyncop_how *ao_how)
{
    struct destroy_args *a = malloc(sizeof(*a));

    if (!a)
        return ERROR_NOMEM;
    a->domid = domid;
    return libxl__ao_run(ctx, ao_how, destroy_work, a);
}

/* ---- pause, unpause -------------------------------------------------------
 */

struct pause_args {
    uint32_t domid;
    bool pause;
};

static int pause_work(libxl__gc *gc, void *arg)
{
    struct pause_args a = *(struct pause_args *)arg;
    struct xctl *xc = libxl__xc(CTX);
    int r;

    free(arg);
    libxl__ao_set_domid(a.domid);
    if (!xc)
        return ERROR_FAIL;
    r = a.pause ? xctl_domain_pause(xc, a.domid)
                : xctl_domain_unpause(xc, a.domid);
    if (r == -ESRCH) {
        LOGD(ERROR, a.domid, "non-existent domain");
        return ERROR_DOMAIN_NOTFOUND;
    }
    if (r < 0) {
        LOGEVD(ERROR, -r, a.domid, "%s the domain failed",
               a.pause ? "pausing" : "unpausing");
        return ERROR_FAIL;
    }
    return 0;
}

static int pause_or_unpause(libxl_ctx *ctx, uint32_t domid, bool pause,
                            const libxl_asyncop_how *ao_how)
{
    struct pause_args *a = malloc(sizeof(*a));

    if (!a)
        return ERROR_NOMEM;
    a->domid = domid;
    a->pause = pause;
    return libxl__ao_run(ctx, ao_how, pause_work, a);
}

int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid,
                       const libxl_asyncop_how *ao_how)
{
    return pause_or_unpause(ctx, domid, true, ao_how);
}

int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid,
                         const libxl_asyncop_how *ao_how)
{
    return pause_or_unpause(ctx, domid, false, ao_how);
}

/* ---- rename ------------------------------------------------------------- */

/* One attempt inside transaction t: 0, ERROR_* (logged), or EAGAIN when
 * the transaction must be retried. */
static int rename_txn(libxl__gc *gc, struct xs_handle *xsh, xs_transaction_t t,
                      uint32_t domid, const char *old_name,
                      const char *new_name, const char *vm_name_path)
{
    char *name_path = GCSPRINTF("/local/domain/%u/name", domid);
    char *got;

    if (old_name) {
        got = libxl__gc_adopt(gc, xs_read(xsh, t, name_path, NULL));
        if (!got) {
            LOGED(ERROR, domid, "cannot read the domain's name");
            return ERROR_FAIL;
        }
        if (strcmp(got, old_name)) {
            LOGD(ERROR, domid,
                 "the domain is called \"%s\", not \"%s\" (renamed meanwhile?)",
                 got, old_name);
            return ERROR_FAIL;
        }
    }
    if (!xs_write(xsh, t, name_path, new_name, strlen(new_name)) ||
        (vm_name_path &&
         !xs_write(xsh, t, vm_name_path, new_name, strlen(new_name)))) {
        LOGED(ERROR, domid, "cannot write the new name \"%s\"", new_name);
        return ERROR_FAIL;
    }
    return 0;
}

int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid, const char *old_name,
                        const char *new_name)
{
    struct xs_handle *xsh;
    char *vm;
    uint32_t other;
    int rc;
    GC_INIT(ctx);

    if (!new_name || !*new_name) {
        LOGD(ERROR, domid, "new domain name not specified");
        rc = ERROR_INVAL;
        goto out;
    }
    rc = libxl_domain_info(ctx, NULL, domid);
    if (rc) {
        if (rc == ERROR_DOMAIN_NOTFOUND)
            LOGD(ERROR, domid, "non-existent domain");
        goto out;
    }
    rc = libxl_name_to_domid(ctx, new_name, &other);
    if (!rc && other != domid) {
        LOGD(ERROR, domid, "Domain with name \"%s\" already exists.", new_name);
        rc = ERROR_INVAL;
        goto out;
    }
    xsh = libxl__xs(ctx);
    if (!xsh) {
        rc = ERROR_FAIL;
        goto out;
    }
    vm = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("/local/domain/%u/vm", domid));
    for (;;) {
        xs_transaction_t t = xs_transaction_start(xsh);

        if (!t) {
            LOGED(ERROR, domid, "cannot start a xenstore transaction");
            rc = ERROR_FAIL;
            goto out;
        }
        rc = rename_txn(gc, xsh, t, domid, old_name, new_name,
                        vm ? GCSPRINTF("%s/name", vm) : NULL);
        if (rc) {
            xs_transaction_end(xsh, t, true);
            goto out;
        }
        if (xs_transaction_end(xsh, t, false))
            break;
        if (errno != EAGAIN) {
            LOGED(ERROR, domid, "cannot commit the rename");
            rc = ERROR_FAIL;
            goto out;
        }
    }
    rc = 0;
out:
    GC_FREE;
    return rc;
}
