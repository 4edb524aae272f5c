/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Memory for a new domain: what it needs (Xen's accounting: the target,
 * its shadow, 1 MiB extra for a PV guest), what the hypervisor has free,
 * and dom0's balloon target for xl's autoballoon.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "create.h"
#include "xctl.h"

uint64_t libxl__memkb_or(uint64_t v, uint64_t dflt)
{
    return v == 0 || v == LIBXL_MEMKB_DEFAULT ? dflt : v;
}

int libxl_domain_need_memory(libxl_ctx *ctx, libxl_domain_config *config,
                             uint32_t domid_for_logging, uint64_t *need_memkb)
{
    const libxl_domain_build_info *b = &config->b_info;
    uint64_t target = libxl__memkb_or(
        b->target_memkb, libxl__memkb_or(b->max_memkb, LIBXL__MEMKB_FALLBACK));

    *need_memkb =
        target + libxl__memkb_or(b->shadow_memkb, 0) + LIBXL__PV_EXTRA_MEMORY;
    return 0;
}

int libxl__physinfo(libxl__gc *gc, struct xen_sysctl_physinfo *pi)
{
    struct xctl *xc = libxl__xc(CTX);

    if (!xc)
        return ERROR_FAIL;
    if (xctl_physinfo(xc, pi) < 0) {
        LOGE(ERROR, "cannot read the hypervisor's physinfo");
        return ERROR_FAIL;
    }
    return 0;
}

int libxl_get_free_memory(libxl_ctx *ctx, uint64_t *memkb)
{
    GC_INIT(ctx);
    struct xen_sysctl_physinfo pi;
    int rc = libxl__physinfo(gc, &pi);

    if (!rc)
        *memkb = (pi.free_pages + pi.scrub_pages) * 4;
    GC_FREE;
    return rc;
}

int libxl_wait_for_free_memory(libxl_ctx *ctx, uint32_t domid,
                               uint64_t memory_kb, int wait_secs)
{
    time_t end = time(NULL) + wait_secs;
    uint64_t free_kb;
    int rc;

    do {
        rc = libxl_get_free_memory(ctx, &free_kb);
        if (rc)
            return rc;
        if (free_kb >= memory_kb)
            return 0;
        usleep(200000);
    } while (time(NULL) < end);
    return ERROR_NOMEM;
}

int libxl__dom0_balloon_room(libxl__gc *gc, uint64_t *room_kb,
                             uint64_t *target_kb)
{
    char *t = libxl__xs_read(gc, XBT_NULL, "/local/domain/0/memory/target");
    struct xen_domctl_getdomaininfo info;
    struct xctl *xc;

    *room_kb = *target_kb = 0;
    if (t) {
        *target_kb = strtoull(t, NULL, 10);
    } else {
        /* No balloon target published: what dom0 has now. */
        xc = libxl__xc(CTX);
        if (!xc || xctl_domain_getinfo(xc, 0, &info) < 0)
            return ERROR_FAIL;
        *target_kb = info.tot_pages * 4;
    }
    *room_kb =
        *target_kb > LIBXL__MIN_DOM0_MEM ? *target_kb - LIBXL__MIN_DOM0_MEM : 0;
    return 0;
}

int libxl_dom0_balloon_room(libxl_ctx *ctx, uint64_t *room_kb)
{
    GC_INIT(ctx);
    uint64_t target;
    int rc = libxl__dom0_balloon_room(gc, room_kb, &target);

    GC_FREE;
    return rc;
}
