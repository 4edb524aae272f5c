/* SPDX-License-Identifier: GPL-2.0-only */
/* xl unpause <Domain>. */
#include <stdio.h>

#include "xl_ops.h"

static int unpause_main(int argc, char **argv)
{
    uint32_t domid;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "unpause", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = xl_domain_or_exit(argv[optind]);
    return libxl_domain_unpause(ctx, domid, NULL) ? EXIT_FAILURE : EXIT_SUCCESS;
}
XL_COMMAND(unpause, .fn = unpause_main, .modifies = true,
           .summary = "Unpause a paused domain", .usage = "<Domain>");
