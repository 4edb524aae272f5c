/* SPDX-License-Identifier: LGPL-2.1-only */
/* Cpupools by NUMA node: every CPU of a node in or out of a pool. */
#include "ops_private.h"

int libxl_cpupool_cpuadd_node(libxl_ctx *ctx, uint32_t poolid, int node,
                              int *cpus)
{
    libxl_cputopology *topo;
    libxl_bitmap freemap;
    int n, rc;

    *cpus = 0;
    rc = libxl_get_freecpus(ctx, &freemap);
    if (rc)
        return rc;
    topo = libxl_get_cpu_topology(ctx, &n);
    if (!topo) {
        libxl_bitmap_dispose(&freemap);
        return ERROR_FAIL;
    }
    for (int i = 0; i < n && !rc; i++) {
        if (topo[i].node != (uint32_t)node || !libxl_bitmap_test(&freemap, i))
            continue;
        rc = libxl_cpupool_cpuadd(ctx, poolid, i);
        if (!rc)
            (*cpus)++;
    }
    libxl_cputopology_list_free(topo, n);
    libxl_bitmap_dispose(&freemap);
    return rc;
}

int libxl_cpupool_cpuremove_node(libxl_ctx *ctx, uint32_t poolid, int node,
                                 int *cpus)
{
    libxl_cputopology *topo;
    libxl_cpupoolinfo *pools;
    int n, np, rc = 0;

    *cpus = 0;
    pools = libxl_list_cpupool(ctx, &np);
    if (!pools)
        return ERROR_FAIL;
    topo = libxl_get_cpu_topology(ctx, &n);
    if (!topo) {
        libxl_cpupoolinfo_list_free(pools, np);
        return ERROR_FAIL;
    }
    for (int p = 0; p < np && !rc; p++) {
        if (pools[p].poolid != poolid)
            continue;
        for (int i = 0; i < n && !rc; i++) {
            if (topo[i].node != (uint32_t)node ||
                !libxl_bitmap_test(&pools[p].cpumap, i))
                continue;
            rc = libxl_cpupool_cpuremove(ctx, poolid, i);
            if (!rc)
                (*cpus)++;
        }
    }
    libxl_cputopology_list_free(topo, n);
    libxl_cpupoolinfo_list_free(pools, np);
    return rc;
}
