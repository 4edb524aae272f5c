/* SPDX-License-Identifier: GPL-2.0-only */
/* xl cpupool-migrate <Domain> <CPU Pool>. */
#include <stdio.h>

#include "xl_cpupool.h"

static int cpupool_migrate_main(int argc, char **argv)
{
    uint32_t domid, poolid;
    char *name = NULL;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "cpupool-migrate", 2)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    if (libxl_domain_qualifier_to_domid(ctx, argv[optind], &domid) ||
        !(name = libxl_domid_to_name(ctx, domid))) {
        fprintf(stderr, "unknown domain '%s'\n", argv[optind]);
        return EXIT_FAILURE;
    }
    free(name);
    if (!xl_cpupool_id(argv[optind + 1], &poolid))
        return EXIT_FAILURE;
    return libxl_cpupool_movedomain(ctx, poolid, domid) ? EXIT_FAILURE
                                                        : EXIT_SUCCESS;
}
XL_COMMAND_NAMED(cpupool_migrate, "cpupool-migrate", .fn = cpupool_migrate_main,
                 .modifies = true, .summary = "Moves a domain into a CPU pool",
                 .usage = "<Domain> <CPU Pool>");
