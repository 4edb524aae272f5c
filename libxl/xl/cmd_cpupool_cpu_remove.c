/* SPDX-License-Identifier: GPL-2.0-only */
/* xl cpupool-cpu-remove <CPU Pool> <CPU list>|node:<N>. */
#include <stdio.h>

#include "xl_cpupool.h"

static int cpupool_cpu_remove_main(int argc, char **argv)
{
    libxl_bitmap map;
    uint32_t poolid;
    int opt, node, n, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(argc, argv, "", NULL, "cpupool-cpu-remove", 2)) !=
           -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    libxl_bitmap_init(&map);
    if (!xl_cpupool_cpus_arg(argv[optind + 1], &map, &node) ||
        !xl_cpupool_id(argv[optind], &poolid))
        goto out;
    if (node >= 0 ? libxl_cpupool_cpuremove_node(ctx, poolid, node, &n)
                  : libxl_cpupool_cpuremove_cpumap(ctx, poolid, &map)) {
        fprintf(stderr,
                "Some cpus may have not or only partially been removed from "
                "'%s'.\nIf a cpu can't be added to another cpupool, add it to "
                "'%s' again and retry.\n",
                argv[optind], argv[optind]);
    }
    rc = EXIT_SUCCESS;
out:
    libxl_bitmap_dispose(&map);
    return rc;
}
XL_COMMAND_NAMED(cpupool_cpu_remove, "cpupool-cpu-remove",
                 .fn = cpupool_cpu_remove_main, .modifies = true,
                 .summary = "Removes a CPU from a CPU pool",
                 .usage = "<CPU Pool> <CPU nr>|node:<node nr>");
