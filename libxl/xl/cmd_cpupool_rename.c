/* SPDX-License-Identifier: GPL-2.0-only */
/* xl cpupool-rename <CPU Pool> <new name>. */
#include <stdio.h>

#include "xl_cpupool.h"

static int cpupool_rename_main(int argc, char **argv)
{
    uint32_t poolid;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "cpupool-rename", 2)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    if (!xl_cpupool_id(argv[optind], &poolid))
        return EXIT_FAILURE;
    if (libxl_cpupool_rename(ctx, argv[optind + 1], poolid)) {
        fprintf(stderr, "Can't rename cpupool '%s'\n", argv[optind]);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(cpupool_rename, "cpupool-rename", .fn = cpupool_rename_main,
                 .modifies = true, .summary = "Renames a CPU pool",
                 .usage = "<CPU Pool> <new name>");
