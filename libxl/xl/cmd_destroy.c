/* SPDX-License-Identifier: GPL-2.0-only */
/* xl destroy [-f] <Domain>: terminate a domain immediately. */
#include <stdio.h>

#include "xl_ops.h"

static int destroy_main(int argc, char **argv)
{
    bool force = false;
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "f", NULL, "destroy", 1)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 'f')
            force = true;
    }
    domid = xl_domain_or_exit(argv[optind]);
    if (domid == 0 && !force) {
        fprintf(stderr, "Not destroying domain 0; use -f to force.\n"
                        "This can only be done when using a disaggregated "
                        "hardware domain and toolstack.\n\n");
        return EXIT_FAILURE;
    }
    rc = libxl_domain_destroy(ctx, domid, NULL);
    if (rc) {
        fprintf(stderr, "destroy failed (rc=%d)\n", rc);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
XL_COMMAND(destroy, .fn = destroy_main, .modifies = true,
           .summary = "Terminate a domain immediately",
           .usage = "[options] <Domain>\n",
           .options = "-f                      Permit destroying domain 0, "
                      "which will only succeed\n"
                      "                        when run from disaggregated "
                      "toolstack domain with a\n"
                      "                        hardware domain distinct from "
                      "domain 0.");
