/* SPDX-License-Identifier: GPL-2.0-only */
/* xl debug-keys <Keys>: as if typed on the hypervisor's console. */
#include <stdio.h>

#include "xl_ops.h"

static int debug_keys_main(int argc, char **argv)
{
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "debug-keys", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    if (libxl_send_debug_keys(ctx, argv[optind])) {
        fprintf(stderr, "cannot send debug keys: %s\n", argv[optind]);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(debug_keys, "debug-keys", .fn = debug_keys_main,
                 .modifies = true, .summary = "Send debug keys to Xen",
                 .usage = "<Keys>");
