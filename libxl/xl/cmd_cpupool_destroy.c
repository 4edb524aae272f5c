/* SPDX-License-Identifier: GPL-2.0-only */
/* xl cpupool-destroy <CPU Pool>. */
#include <stdio.h>

#include "xl_cpupool.h"

static int cpupool_destroy_main(int argc, char **argv)
{
    uint32_t poolid;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "cpupool-destroy", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    if (!xl_cpupool_id(argv[optind], &poolid))
        return EXIT_FAILURE;
    if (libxl_cpupool_destroy(ctx, poolid)) {
        fprintf(stderr, "Can't destroy cpupool '%s'\n", argv[optind]);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(cpupool_destroy, "cpupool-destroy", .fn = cpupool_destroy_main,
                 .modifies = true, .summary = "Deactivates a CPU pool",
                 .usage = "<CPU Pool>");
