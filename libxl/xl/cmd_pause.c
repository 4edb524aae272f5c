/* SPDX-License-Identifier: GPL-2.0-only */
/* xl pause <Domain>. */
#include <stdio.h>

#include "xl_ops.h"

static int pause_main(int argc, char **argv)
{
    uint32_t domid;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "pause", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = xl_domain_or_exit(argv[optind]);
    return libxl_domain_pause(ctx, domid, NULL) ? EXIT_FAILURE : EXIT_SUCCESS;
}
XL_COMMAND(pause, .fn = pause_main, .modifies = true,
           .summary = "Pause execution of a domain", .usage = "<Domain>");
