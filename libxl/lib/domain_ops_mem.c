/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Memory of a running domain: the balloon target (memory/target, which
 * the guest's balloon driver follows) and the hypervisor's maximum
 * (memory/static-max and XEN_DOMCTL_max_mem), as Xen 4.17's libxl keeps
 * them.
 */
#include <inttypes.h>
#include <stdio.h>

#include "ops_private.h"
#include "xs.h"

/* The slack above the target a PV domain's maximum gets (Xen's
 * LIBXL_MAXMEM_CONSTANT, x86). */
#define MAXMEM_SLACK_KB 1024u
/* Dom0 is not ballooned below this (Xen's LIBXL_MIN_DOM0_MEM). */
#define MIN_DOM0_KB (128u * 1024)

/* A KiB value from xenstore: 0, or ERROR_FAIL (logged) when absent or
 * malformed. */
static int read_kb(libxl__gc *gc, uint32_t domid, const char *key,
                   uint64_t *out)
{
    char *path = GCSPRINTF("/local/domain/%u/memory/%s", domid, key);
    char *v = libxl__xs_read(gc, XBT_NULL, path), *end;

    if (!v) {
        LOGD(ERROR, domid, "cannot get memory info from %s", path);
        return ERROR_FAIL;
    }
    *out = strtoull(v, &end, 10);
    if (*end || end == v) {
        LOGD(ERROR, domid, "invalid memory value \"%s\" in %s", v, path);
        return ERROR_FAIL;
    }
    return 0;
}

static int write_kb(libxl__gc *gc, const char *path, uint64_t kb)
{
    return libxl__xs_write(gc, XBT_NULL, path, GCSPRINTF("%" PRIu64, kb));
}

/* Dom0 has no memory keys until someone sets them: from its record. */
static int fill_dom0(libxl__gc *gc)
{
    libxl_dominfo info;
    int rc;

    if (libxl__xs_read(gc, XBT_NULL, "/local/domain/0/memory/target") &&
        libxl__xs_read(gc, XBT_NULL, "/local/domain/0/memory/static-max"))
        return 0;
    libxl_dominfo_init(&info);
    rc = libxl_domain_info(CTX, &info, 0);
    if (!rc && !libxl__xs_read(gc, XBT_NULL, "/local/domain/0/memory/target"))
        rc = write_kb(gc, "/local/domain/0/memory/target", info.current_memkb);
    if (!rc &&
        !libxl__xs_read(gc, XBT_NULL, "/local/domain/0/memory/static-max"))
        rc = write_kb(gc, "/local/domain/0/memory/static-max", info.max_memkb);
    libxl_dominfo_dispose(&info);
    return rc;
}

static int setmaxmem(libxl__gc *gc, uint32_t domid, uint64_t kb)
{
    struct xctl *xc = libxl__xc(CTX);
    int r;

    if (!xc)
        return ERROR_FAIL;
    r = xctl_domain_setmaxmem(xc, domid, kb);
    if (r < 0) {
        LOGEVD(ERROR, -r, domid,
               "setting the maximum memory to %" PRIu64 " KiB failed", kb);
        return ERROR_FAIL;
    }
    return 0;
}

int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                            int64_t target_memkb, int relative, int enforce)
{
    uint64_t cur, max, videoram = 0, target;
    struct xen_domctl_getdomaininfo d;
    char *v;
    int rc;
    GC_INIT(ctx);

    CTX_LOCK(ctx);
    rc = libxl__ops_getinfo(gc, domid, &d);
    if (rc == ERROR_DOMAIN_NOTFOUND)
        LOGD(ERROR, domid, "non-existent domain");
    if (!rc && domid == 0)
        rc = fill_dom0(gc);
    if (!rc)
        rc = read_kb(gc, domid, "target", &cur);
    if (!rc)
        rc = read_kb(gc, domid, "static-max", &max);
    if (rc)
        goto out;
    v = libxl__xs_read(gc, XBT_NULL,
                       GCSPRINTF("/local/domain/%u/memory/videoram", domid));
    if (v)
        videoram = strtoull(v, NULL, 10);
    if (relative)
        target = (target_memkb < 0 && (uint64_t)-target_memkb > cur)
                     ? 0
                     : cur + (uint64_t)target_memkb;
    else
        target = (uint64_t)target_memkb - videoram;
    if (target > max) {
        LOGD(ERROR, domid,
             "memory_dynamic_max must be less than or equal to "
             "memory_static_max (target %" PRIu64 " KiB > maximum %" PRIu64
             " KiB; raise it with mem-max first)",
             target, max);
        rc = ERROR_INVAL;
        goto out;
    }
    if (domid == 0 && target < MIN_DOM0_KB) {
        LOGD(ERROR, domid,
             "New target %" PRIu64 " for dom0 is below the minimum threshold",
             target);
        rc = ERROR_INVAL;
        goto out;
    }
    if (enforce) {
        rc = setmaxmem(gc, domid, target + videoram + MAXMEM_SLACK_KB);
        if (rc)
            goto out;
    }
    rc = write_kb(gc, GCSPRINTF("/local/domain/%u/memory/target", domid),
                  target);
    if (rc)
        goto out;
    v = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("/local/domain/%u/vm", domid));
    if (v)
        rc = write_kb(gc, GCSPRINTF("%s/memory", v), target / 1024);
out:
    CTX_UNLOCK(ctx);
    GC_FREE;
    return rc;
}

int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t *out_target)
{
    int rc = 0;
    GC_INIT(ctx);

    if (domid == 0)
        rc = fill_dom0(gc);
    if (!rc)
        rc = read_kb(gc, domid, "target", out_target);
    GC_FREE;
    return rc;
}

int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid, uint64_t max_memkb)
{
    uint64_t target;
    int rc;
    GC_INIT(ctx);

    CTX_LOCK(ctx);
    if (domid == 0) {
        rc = fill_dom0(gc);
        if (rc)
            goto out;
    }
    rc = read_kb(gc, domid, "target", &target);
    if (rc)
        goto out;
    if (max_memkb < target) {
        LOGD(ERROR, domid,
             "memory_static_max must be greater than or equal to "
             "memory_dynamic_max (maximum %" PRIu64 " KiB < target %" PRIu64
             " KiB; lower it with mem-set first)",
             max_memkb, target);
        rc = ERROR_INVAL;
        goto out;
    }
    rc = setmaxmem(gc, domid, max_memkb + MAXMEM_SLACK_KB);
    if (!rc)
        rc =
            write_kb(gc, GCSPRINTF("/local/domain/%u/memory/static-max", domid),
                     max_memkb);
out:
    CTX_UNLOCK(ctx);
    GC_FREE;
    return rc;
}
