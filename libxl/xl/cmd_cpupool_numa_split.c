/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl cpupool-numa-split: one cpupool per NUMA node.  Pool-0 keeps the
 * first CPU's node (and is renamed Pool-node<N>); dom0's vCPUs are
 * brought down to that node's CPU count first; each other node gets a
 * new pool with the default pool's scheduler.
 */
#include <stdio.h>
#include <unistd.h>

#include "xl_cpupool.h"

/* Dom0 keeps at most n vCPUs online; false after a message. */
static bool shrink_dom0(int n)
{
    libxl_dominfo info;
    libxl_bitmap map;
    bool ok = false;

    libxl_dominfo_init(&info);
    libxl_bitmap_init(&map);
    if (libxl_domain_info(ctx, &info, 0)) {
        fprintf(stderr, "error on getting info for Domain-0\n");
        goto out;
    }
    if ((int)info.vcpu_online > n) {
        if (libxl_cpu_bitmap_alloc(ctx, &map, (int)info.vcpu_max_id + 1))
            goto out;
        for (int i = 0; i < n; i++)
            libxl_bitmap_set(&map, i);
        if (libxl_set_vcpuonline(ctx, 0, &map, NULL)) {
            fprintf(stderr, "error on removing vcpus for Domain-0\n");
            goto out;
        }
    }
    for (int tries = 0; tries < 10 && (int)info.vcpu_online > n; tries++) {
        sleep(1);
        libxl_dominfo_dispose(&info);
        libxl_dominfo_init(&info);
        if (libxl_domain_info(ctx, &info, 0)) {
            fprintf(stderr, "error on getting info for Domain-0\n");
            goto out;
        }
    }
    if ((int)info.vcpu_online > n) {
        fprintf(stderr, "failed to offline vcpus\n");
        goto out;
    }
    ok = true;
out:
    libxl_bitmap_dispose(&map);
    libxl_dominfo_dispose(&info);
    return ok;
}

static int numa_split(libxl_cputopology *t, int n_cpus, libxl_scheduler sched)
{
    libxl_bitmap none;
    char name[32];
    uint32_t node = t[0].node;
    int n = 0, added;

    if (libxl_cpupool_cpuadd_node(ctx, 0, (int)node, &added)) {
        fprintf(stderr, "error on adding cpu to Pool 0\n");
        return EXIT_FAILURE;
    }
    snprintf(name, sizeof(name), "Pool-node%u", node);
    if (libxl_cpupool_rename(ctx, name, 0)) {
        fprintf(stderr, "error on renaming Pool 0\n");
        return EXIT_FAILURE;
    }
    for (int c = 0; c < n_cpus; c++) {
        if (t[c].node == node) {
            t[c].node = LIBXL_CPUTOPOLOGY_INVALID_ENTRY;
            n++;
        }
    }
    if (!shrink_dom0(n))
        return EXIT_FAILURE;
    libxl_bitmap_init(&none);
    if (libxl_cpu_bitmap_alloc(ctx, &none, n_cpus))
        return EXIT_FAILURE;
    for (int c = 0; c < n_cpus; c++) {
        uint32_t poolid = LIBXL_CPUPOOL_POOLID_ANY;
        libxl_uuid uuid;

        if (t[c].node == LIBXL_CPUTOPOLOGY_INVALID_ENTRY)
            continue;
        node = t[c].node;
        if (libxl_cpupool_cpuremove_node(ctx, 0, (int)node, &added)) {
            fprintf(stderr, "error on removing cpu from Pool 0\n");
            goto fail;
        }
        snprintf(name, sizeof(name), "Pool-node%u", node);
        libxl_uuid_generate(&uuid);
        if (libxl_cpupool_create(ctx, name, sched, none, &uuid, &poolid)) {
            fprintf(stderr, "error on creating cpupool\n");
            goto fail;
        }
        if (libxl_cpupool_cpuadd_node(ctx, poolid, (int)node, &added)) {
            fprintf(stderr, "error on adding cpus to cpupool\n");
            goto fail;
        }
        for (int p = c; p < n_cpus; p++)
            if (t[p].node == node)
                t[p].node = LIBXL_CPUTOPOLOGY_INVALID_ENTRY;
    }
    libxl_bitmap_dispose(&none);
    return EXIT_SUCCESS;
fail:
    libxl_bitmap_dispose(&none);
    return EXIT_FAILURE;
}

static int cpupool_numa_split_main(int argc, char **argv)
{
    libxl_cpupoolinfo *pools;
    libxl_cputopology *t;
    libxl_scheduler sched;
    int opt, n_pools, n_cpus, rc;

    while ((opt = xl_getopt(argc, argv, "", NULL, "cpupool-numa-split", 0)) !=
           -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    pools = libxl_list_cpupool(ctx, &n_pools);
    if (!pools || !n_pools) {
        fprintf(stderr, "error getting cpupool info\n");
        libxl_cpupoolinfo_list_free(pools, n_pools);
        return EXIT_FAILURE;
    }
    sched = pools[0].sched;
    libxl_cpupoolinfo_list_free(pools, n_pools);
    if (n_pools > 1) {
        fprintf(stderr, "splitting not possible, already cpupools in use\n");
        return EXIT_FAILURE;
    }
    t = libxl_get_cpu_topology(ctx, &n_cpus);
    if (!t || !n_cpus) {
        fprintf(stderr, "libxl_get_topologyinfo failed\n");
        libxl_cputopology_list_free(t, n_cpus);
        return EXIT_FAILURE;
    }
    rc = numa_split(t, n_cpus, sched);
    libxl_cputopology_list_free(t, n_cpus);
    return rc;
}
XL_COMMAND_NAMED(cpupool_numa_split, "cpupool-numa-split",
                 .fn = cpupool_numa_split_main, .modifies = true,
                 .summary = "Splits up the machine into one CPU pool per NUMA "
                            "node",
                 .usage = "");
