/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers of the cpupool commands. */
#include <stdio.h>
#include <string.h>

#include "xl_cpupool.h"

bool xl_cpupool_id(const char *pool, uint32_t *poolid)
{
    if (libxl_cpupool_qualifier_to_cpupoolid(ctx, pool, poolid, NULL) ||
        !libxl_cpupoolid_is_valid(ctx, *poolid)) {
        fprintf(stderr, "unknown cpupool '%s'\n", pool);
        return false;
    }
    return true;
}

bool xl_cpupool_cpus_arg(const char *s, libxl_bitmap *map, int *node)
{
    int nr_cpus = libxl_get_max_cpus(ctx);
    char *end;

    *node = -1;
    if (!strncmp(s, "node:", 5) || !strncmp(s, "nodes:", 6)) {
        const char *n = strchr(s, ':') + 1;
        long v = strtol(n, &end, 10);

        if (end == n || *end || v < 0) {
            fprintf(stderr, "Invalid node \"%s\"\n", n);
            return false;
        }
        *node = (int)v;
        return true;
    }
    if (nr_cpus <= 0 || libxl_cpu_bitmap_alloc(ctx, map, nr_cpus)) {
        fprintf(stderr, "Unable to allocate cpumap\n");
        return false;
    }
    if (libxl_bitmap_parse_range_list(map, s, nr_cpus)) {
        fprintf(stderr, "Invalid CPU list \"%s\" (this host has CPUs 0-%d)\n",
                s, nr_cpus - 1);
        return false;
    }
    return true;
}
