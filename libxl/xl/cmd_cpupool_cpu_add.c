/* SPDX-License-Identifier: GPL-2.0-only */
/* xl cpupool-cpu-add <CPU Pool> <CPU list>|node:<N>. */
#include <stdio.h>

#include "xl_cpupool.h"

static int cpupool_cpu_add_main(int argc, char **argv)
{
    libxl_bitmap map;
    uint32_t poolid;
    int opt, node, n, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(argc, argv, "", NULL, "cpupool-cpu-add", 2)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    libxl_bitmap_init(&map);
    if (!xl_cpupool_cpus_arg(argv[optind + 1], &map, &node) ||
        !xl_cpupool_id(argv[optind], &poolid))
        goto out;
    if (node >= 0 ? libxl_cpupool_cpuadd_node(ctx, poolid, node, &n)
                  : libxl_cpupool_cpuadd_cpumap(ctx, poolid, &map))
        fprintf(stderr, "some cpus may not have been added to %s\n",
                argv[optind]);
    rc = EXIT_SUCCESS;
out:
    libxl_bitmap_dispose(&map);
    return rc;
}
XL_COMMAND_NAMED(cpupool_cpu_add, "cpupool-cpu-add", .fn = cpupool_cpu_add_main,
                 .modifies = true, .summary = "Adds a CPU to a CPU pool",
                 .usage = "<CPU Pool> <CPU nr>|node:<node nr>");
