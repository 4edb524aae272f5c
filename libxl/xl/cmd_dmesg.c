/* SPDX-License-Identifier: GPL-2.0-only */
/* xl dmesg [-c]: the hypervisor's console ring (and clear it with -c). */
#include <stdio.h>

#include "xl_ops.h"

static int dmesg_main(int argc, char **argv)
{
    static const struct option opts[] = { { "clear", 0, NULL, 'c' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    libxl_xen_console_reader *cr;
    bool clear = false;
    char *line;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "c", opts, "dmesg", 0)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 'c')
            clear = true;
    }
    cr = libxl_xen_console_read_start(ctx, clear);
    if (!cr)
        return EXIT_FAILURE;
    while ((rc = libxl_xen_console_read_line(ctx, cr, &line)) > 0)
        printf("%s", line);
    libxl_xen_console_read_finish(ctx, cr);
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
XL_COMMAND(dmesg, .fn = dmesg_main, .summary = "Read and/or clear dmesg buffer",
           .usage = "[-c]",
           .options =
               "  -c                        Clear dmesg buffer as well as "
               "printing it");
