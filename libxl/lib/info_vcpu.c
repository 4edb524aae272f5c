/* SPDX-License-Identifier: LGPL-2.1-only */
/* vCPUs: list with state and affinity, pinning, online/offline. */
#include <stdio.h>

#include "ao.h"
#include "ops_private.h"
#include "xs.h"

libxl_vcpuinfo *libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid,
                                int *nr_vcpus_out, int *nr_cpus_out)
{
    struct xen_domctl_getdomaininfo d;
    struct xctl *xc = libxl__xc(ctx);
    libxl_vcpuinfo *list = NULL;
    unsigned n;
    int max_cpus;
    GC_INIT(ctx);

    if (!xc || libxl__ops_getinfo(gc, domid, &d)) {
        LOGD(ERROR, domid, "getting the domain's information");
        goto out;
    }
    if (d.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID) {
        LOGD(ERROR, domid, "the domain has no vCPUs");
        goto out;
    }
    max_cpus = libxl_get_max_cpus(ctx);
    if (max_cpus <= 0)
        goto out;
    n = d.max_vcpu_id + 1;
    list = calloc(n, sizeof(*list));
    if (!list)
        goto out;
    for (unsigned i = 0; i < n; i++) {
        struct xen_domctl_getvcpuinfo v;
        libxl_vcpuinfo *p = &list[i];
        int r;

        libxl_vcpuinfo_init(p);
        if (libxl_cpu_bitmap_alloc(ctx, &p->cpumap, max_cpus) ||
            libxl_cpu_bitmap_alloc(ctx, &p->cpumap_soft, max_cpus))
            goto fail;
        r = xctl_vcpu_getinfo(xc, domid, i, &v);
        if (r < 0) {
            LOGEVD(ERROR, -r, domid, "getting vCPU %u's information", i);
            goto fail;
        }
        r = xctl_vcpu_getaffinity(xc, domid, i, p->cpumap.map,
                                  p->cpumap_soft.map, p->cpumap.size * 8);
        if (r < 0) {
            LOGEVD(ERROR, -r, domid, "getting vCPU %u's affinity", i);
            goto fail;
        }
        p->vcpuid = i;
        p->cpu = v.cpu;
        p->online = !!v.online;
        p->blocked = !!v.blocked;
        p->running = !!v.running;
        p->vcpu_time = v.cpu_time;
    }
    *nr_vcpus_out = (int)n;
    *nr_cpus_out = max_cpus;
    goto out;
fail:
    libxl_vcpuinfo_list_free(list, (int)n);
    list = NULL;
out:
    GC_FREE;
    return list;
}

void libxl_vcpuinfo_list_free(libxl_vcpuinfo *list, int nr_vcpus)
{
    for (int i = 0; list && i < nr_vcpus; i++)
        libxl_vcpuinfo_dispose(&list[i]);
    free(list);
}

int libxl_set_vcpuaffinity(libxl_ctx *ctx, uint32_t domid, uint32_t vcpuid,
                           const libxl_bitmap *hard, const libxl_bitmap *soft)
{
    struct xctl *xc = libxl__xc(ctx);
    unsigned nr_bits;
    int r;
    GC_INIT(ctx);

    if (!hard && !soft) {
        GC_FREE;
        return ERROR_INVAL;
    }
    if (!xc) {
        GC_FREE;
        return ERROR_FAIL;
    }
    nr_bits = (hard ? hard->size : soft->size) * 8;
    if (hard && soft && hard->size != soft->size) {
        LOGD(ERROR, domid, "the hard and soft affinity maps differ in size");
        GC_FREE;
        return ERROR_INVAL;
    }
    r = xctl_vcpu_setaffinity(xc, domid, vcpuid, hard ? hard->map : NULL,
                              soft ? soft->map : NULL, nr_bits);
    if (r < 0)
        LOGEVD(ERROR, -r, domid, "setting vCPU %u's affinity", vcpuid);
    GC_FREE;
    return r < 0 ? ERROR_FAIL : 0;
}

int libxl_set_vcpuaffinity_all(libxl_ctx *ctx, uint32_t domid,
                               unsigned int max_vcpus, const libxl_bitmap *hard,
                               const libxl_bitmap *soft)
{
    int rc = 0;

    for (unsigned i = 0; i < max_vcpus; i++)
        if (libxl_set_vcpuaffinity(ctx, domid, i, hard, soft))
            rc = ERROR_FAIL;
    return rc;
}

struct online_args {
    uint32_t domid;
    libxl_bitmap map; /* a copy */
};

static int online_work(libxl__gc *gc, void *arg)
{
    struct online_args *a = arg;
    struct xen_domctl_getdomaininfo d;
    unsigned max;
    int rc, want;

    libxl__ao_set_domid(a->domid);
    rc = libxl__ops_getinfo(gc, a->domid, &d);
    if (rc == ERROR_DOMAIN_NOTFOUND)
        LOGD(ERROR, a->domid, "non-existent domain");
    if (rc)
        goto out;
    max = d.max_vcpu_id + 1;
    want = libxl_bitmap_count_set(&a->map);
    for (unsigned b = max; b < a->map.size * 8; b++) {
        if (libxl_bitmap_test(&a->map, (int)b)) {
            LOGD(ERROR, a->domid, "Requested %d VCPUs, however maxcpus is %u!",
                 want, max);
            rc = ERROR_FAIL;
            goto out;
        }
    }
    for (unsigned i = 0; i < max && !rc; i++)
        rc = libxl__xs_write(
            gc, XBT_NULL,
            GCSPRINTF("/local/domain/%u/cpu/%u/availability", a->domid, i),
            libxl_bitmap_test(&a->map, (int)i) ? "online" : "offline");
out:
    libxl_bitmap_dispose(&a->map);
    free(a);
    return rc;
}

int libxl_set_vcpuonline(libxl_ctx *ctx, uint32_t domid, libxl_bitmap *cpumap,
                         const libxl_asyncop_how *ao_how)
{
    struct online_args *a = calloc(1, sizeof(*a));

    if (!a)
        return ERROR_NOMEM;
    a->domid = domid;
    libxl_bitmap_init(&a->map);
    libxl_bitmap_copy_alloc(ctx, &a->map, cpumap);
    return libxl__ao_run(ctx, ao_how, online_work, a);
}
