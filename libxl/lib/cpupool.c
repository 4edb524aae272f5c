/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Cpupools: listing, creating (with its name and uuid under
 * /local/pool/ID), destroying, moving CPUs and domains, names.
 */
#include <stdio.h>

#include "ops_private.h"
#include "xs.h"
#include "public/sysctl.h"
#include "plugin_call.h"
#include "xctl_sched.h"
#include "xenstore.h"

char *libxl_cpupoolid_to_name(libxl_ctx *ctx, uint32_t poolid)
{
    char *name;
    GC_INIT(ctx);

    name =
        libxl__xs_read(gc, XBT_NULL, GCSPRINTF("/local/pool/%u/name", poolid));
    if (name)
        name = strdup(name);
    else if (libxl_cpupoolid_is_valid(ctx, poolid) &&
             asprintf(&name, "Pool-%u", poolid) < 0)
        name = NULL; /* unnamed pools are called as xl names pool 0 */
    GC_FREE;
    return name;
}

/* The pool with the smallest id >= poolid: 0, ERROR_NOTFOUND, ERROR_FAIL. */
static int pool_next(libxl__gc *gc, uint32_t poolid, libxl_cpupoolinfo *info)
{
    struct xctl *xc = libxl__xc(CTX);
    struct xctl_cpupool_info x;
    int max_cpus = libxl_get_max_cpus(CTX), r;

    if (!xc || max_cpus <= 0)
        return ERROR_FAIL;
    libxl_cpupoolinfo_dispose(info);
    libxl_cpupoolinfo_init(info);
    if (libxl_cpu_bitmap_alloc(CTX, &info->cpumap, max_cpus))
        return ERROR_NOMEM;
    r = xctl_cpupool_info(xc, poolid, &x, info->cpumap.map,
                          info->cpumap.size * 8);
    if (r == -ENOENT)
        return ERROR_NOTFOUND;
    if (r < 0) {
        LOGEV(ERROR, -r, "getting information about cpupool %u", poolid);
        return ERROR_FAIL;
    }
    info->poolid = x.poolid;
    info->sched = (libxl_scheduler)x.sched_id;
    info->n_dom = x.n_dom;
    info->pool_name = libxl_cpupoolid_to_name(CTX, x.poolid);
    return 0;
}

int libxl_cpupool_info(libxl_ctx *ctx, libxl_cpupoolinfo *info, uint32_t poolid)
{
    int rc;
    GC_INIT(ctx);

    rc = pool_next(gc, poolid, info);
    if (!rc && info->poolid != poolid)
        rc = ERROR_NOTFOUND;
    if (rc == ERROR_NOTFOUND)
        LOG(ERROR, "no cpupool with id %u", poolid);
    GC_FREE;
    return rc;
}

int libxl_cpupoolid_is_valid(libxl_ctx *ctx, uint32_t poolid)
{
    struct xctl *xc = libxl__xc(ctx);
    struct xctl_cpupool_info x;

    return xc && xctl_cpupool_info(xc, poolid, &x, NULL, 0) == 0 &&
           x.poolid == poolid;
}

libxl_cpupoolinfo *libxl_list_cpupool(libxl_ctx *ctx, int *nb_pool_out)
{
    libxl_cpupoolinfo *list = NULL;
    uint32_t next = 0;
    int n = 0, rc;
    GC_INIT(ctx);

    for (;;) {
        libxl_cpupoolinfo *p = realloc(list, (size_t)(n + 1) * sizeof(*p));

        if (!p) {
            rc = ERROR_NOMEM;
            break;
        }
        list = p;
        libxl_cpupoolinfo_init(&list[n]);
        rc = pool_next(gc, next, &list[n]);
        if (rc) {
            libxl_cpupoolinfo_dispose(&list[n]);
            break;
        }
        next = list[n].poolid + 1;
        n++;
    }
    if (rc != ERROR_NOTFOUND) {
        libxl_cpupoolinfo_list_free(list, n);
        list = NULL;
    } else {
        *nb_pool_out = n;
        if (!list)
            list = calloc(1, sizeof(*list));
    }
    GC_FREE;
    return list;
}

void libxl_cpupoolinfo_list_free(libxl_cpupoolinfo *list, int nb_pool)
{
    for (int i = 0; list && i < nb_pool; i++)
        libxl_cpupoolinfo_dispose(&list[i]);
    free(list);
}

int libxl_name_to_cpupoolid(libxl_ctx *ctx, const char *name, uint32_t *poolid)
{
    libxl_cpupoolinfo *pools;
    int n, rc = ERROR_NOTFOUND;

    pools = libxl_list_cpupool(ctx, &n);
    if (!pools)
        return ERROR_NOMEM;
    for (int i = 0; i < n; i++) {
        if (pools[i].pool_name && !strcmp(pools[i].pool_name, name)) {
            *poolid = pools[i].poolid;
            rc = 0;
            break;
        }
    }
    libxl_cpupoolinfo_list_free(pools, n);
    return rc;
}

int libxl_cpupool_qualifier_to_cpupoolid(libxl_ctx *ctx, const char *p,
                                         uint32_t *poolid_r, int *was_name_r)
{
    char *end;
    unsigned long v = strtoul(p, &end, 10);

    if (*p && !*end) {
        if (was_name_r)
            *was_name_r = 0;
        *poolid_r = (uint32_t)v;
        return 0;
    }
    if (was_name_r)
        *was_name_r = 1;
    return libxl_name_to_cpupoolid(ctx, p, poolid_r);
}

int libxl_get_freecpus(libxl_ctx *ctx, libxl_bitmap *cpumap)
{
    struct xctl *xc = libxl__xc(ctx);
    int max_cpus = libxl_get_max_cpus(ctx), r;
    GC_INIT(ctx);

    if (!xc || max_cpus <= 0) {
        GC_FREE;
        return ERROR_FAIL;
    }
    libxl_bitmap_init(cpumap);
    if (libxl_cpu_bitmap_alloc(ctx, cpumap, max_cpus)) {
        GC_FREE;
        return ERROR_NOMEM;
    }
    r = xctl_cpupool_freeinfo(xc, cpumap->map, cpumap->size * 8);
    if (r < 0) {
        LOGEV(ERROR, -r, "getting the CPUs in no cpupool");
        libxl_bitmap_dispose(cpumap);
        GC_FREE;
        return ERROR_FAIL;
    }
    GC_FREE;
    return 0;
}

/* /local/pool/ID/{uuid,name}, in one transaction. */
static int pool_xs_write(libxl__gc *gc, uint32_t poolid, const char *uuid,
                         const char *name)
{
    struct xs_handle *xsh = libxl__xs(CTX);
    char *dir = GCSPRINTF("/local/pool/%u", poolid);

    if (!xsh)
        return ERROR_FAIL;
    for (;;) {
        xs_transaction_t t = xs_transaction_start(xsh);
        bool ok = t && xs_mkdir(xsh, t, dir);

        if (ok && uuid)
            ok =
                xs_write(xsh, t, GCSPRINTF("%s/uuid", dir), uuid, strlen(uuid));
        if (ok)
            ok =
                xs_write(xsh, t, GCSPRINTF("%s/name", dir), name, strlen(name));
        if (!ok) {
            LOGE(ERROR, "cannot write %s in xenstore", dir);
            if (t)
                xs_transaction_end(xsh, t, true);
            return ERROR_FAIL;
        }
        if (xs_transaction_end(xsh, t, false))
            return 0;
        if (errno != EAGAIN) {
            LOGE(ERROR, "cannot write %s in xenstore", dir);
            return ERROR_FAIL;
        }
    }
}

int libxl_cpupool_create(libxl_ctx *ctx, const char *name,
                         libxl_scheduler sched, libxl_bitmap cpumap,
                         libxl_uuid *uuid, uint32_t *poolid)
{
    struct xctl *xc = libxl__xc(ctx);
    char u[LIBXL_UUID_FMTLEN + 1];
    int r, rc = ERROR_FAIL;
    GC_INIT(ctx);

    if (!xc)
        goto out;
    r = xctl_cpupool_create(xc, poolid, (uint32_t)sched);
    if (r < 0) {
        LOGEV(ERROR, -r, "Could not create cpupool");
        goto out;
    }
    for (int i = 0; i < (int)cpumap.size * 8; i++) {
        if (!libxl_bitmap_test(&cpumap, i))
            continue;
        r = xctl_cpupool_addcpu(xc, *poolid, (uint32_t)i);
        if (r < 0) {
            LOGEV(ERROR, -r, "Error moving cpu %d to cpupool", i);
            xctl_cpupool_destroy(xc, *poolid);
            goto out;
        }
    }
    libxl_uuid_unparse(uuid, u);
    rc = pool_xs_write(gc, *poolid, u, name);
    if (!rc &&
        (rc = libxl__plugin_sched_pool(gc, *poolid, name, (uint32_t)sched)))
        libxl_cpupool_destroy(ctx, *poolid); /* nothing half-made */
out:
    GC_FREE;
    return rc;
}

int libxl_cpupool_rename(libxl_ctx *ctx, const char *name, uint32_t poolid)
{
    uint32_t other;
    int rc;
    GC_INIT(ctx);

    if (!libxl_name_to_cpupoolid(ctx, name, &other) && other != poolid) {
        LOG(ERROR, "a cpupool named %s exists already", name);
        rc = ERROR_INVAL;
    } else if (!libxl_cpupoolid_is_valid(ctx, poolid)) {
        LOG(ERROR, "no cpupool with id %u", poolid);
        rc = ERROR_NOTFOUND;
    } else {
        rc = pool_xs_write(gc, poolid, NULL, name);
    }
    GC_FREE;
    return rc;
}

int libxl_cpupool_destroy(libxl_ctx *ctx, uint32_t poolid)
{
    libxl_cpupoolinfo info;
    struct xctl *xc = libxl__xc(ctx);
    struct xs_handle *xsh;
    int r, rc;
    GC_INIT(ctx);

    libxl_cpupoolinfo_init(&info);
    rc = libxl_cpupool_info(ctx, &info, poolid);
    if (rc)
        goto out;
    if (info.n_dom) {
        LOG(ERROR,
            "cpupool %u still has %u domain%s; move them to another "
            "pool first",
            poolid, info.n_dom, info.n_dom == 1 ? "" : "s");
        rc = ERROR_INVAL;
        goto out;
    }
    for (int i = 0; i < (int)info.cpumap.size * 8; i++) {
        if (!libxl_bitmap_test(&info.cpumap, i))
            continue;
        r = xctl_cpupool_rmcpu(xc, poolid, (uint32_t)i);
        if (r < 0) {
            LOGEV(ERROR, -r, "Error removing cpu %d from cpupool", i);
            rc = ERROR_FAIL;
            goto out;
        }
    }
    r = xctl_cpupool_destroy(xc, poolid);
    if (r < 0) {
        LOGEV(ERROR, -r, "Could not destroy cpupool");
        rc = ERROR_FAIL;
        goto out;
    }
    xsh = libxl__xs(ctx);
    if (xsh)
        xs_rm(xsh, XBT_NULL, GCSPRINTF("/local/pool/%u", poolid));
out:
    libxl_cpupoolinfo_dispose(&info);
    GC_FREE;
    return rc;
}

int libxl_cpupool_cpuadd(libxl_ctx *ctx, uint32_t poolid, int cpu)
{
    struct xctl *xc = libxl__xc(ctx);
    int r;
    GC_INIT(ctx);

    r = xc ? xctl_cpupool_addcpu(xc, poolid, (uint32_t)cpu) : -ENODEV;
    if (r < 0)
        LOGEV(ERROR, -r, "Error moving cpu %d to cpupool", cpu);
    GC_FREE;
    return r < 0 ? ERROR_FAIL : 0;
}

int libxl_cpupool_cpuremove(libxl_ctx *ctx, uint32_t poolid, int cpu)
{
    struct xctl *xc = libxl__xc(ctx);
    int r;
    GC_INIT(ctx);

    r = xc ? xctl_cpupool_rmcpu(xc, poolid, (uint32_t)cpu) : -ENODEV;
    if (r < 0)
        LOGEV(ERROR, -r, "Error removing cpu %d from cpupool", cpu);
    GC_FREE;
    return r < 0 ? ERROR_FAIL : 0;
}

int libxl_cpupool_cpuadd_cpumap(libxl_ctx *ctx, uint32_t poolid,
                                const libxl_bitmap *cpumap)
{
    int rc = 0;

    for (int i = 0; i < (int)cpumap->size * 8 && !rc; i++)
        if (libxl_bitmap_test(cpumap, i))
            rc = libxl_cpupool_cpuadd(ctx, poolid, i);
    return rc;
}

int libxl_cpupool_cpuremove_cpumap(libxl_ctx *ctx, uint32_t poolid,
                                   const libxl_bitmap *cpumap)
{
    int rc = 0;

    for (int i = 0; i < (int)cpumap->size * 8 && !rc; i++)
        if (libxl_bitmap_test(cpumap, i))
            rc = libxl_cpupool_cpuremove(ctx, poolid, i);
    return rc;
}

int libxl_cpupool_movedomain(libxl_ctx *ctx, uint32_t poolid, uint32_t domid)
{
    struct xctl *xc = libxl__xc(ctx);
    int r;
    GC_INIT(ctx);

    r = xc ? xctl_cpupool_movedomain(xc, poolid, domid) : -ENODEV;
    if (r < 0)
        LOGEVD(ERROR, -r, domid, "Error moving domain to cpupool");
    GC_FREE;
    return r < 0 ? ERROR_FAIL : 0;
}
