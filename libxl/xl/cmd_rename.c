/* SPDX-License-Identifier: GPL-2.0-only */
/* xl rename <Domain> <NewDomainName>. */
#include <stdio.h>

#include "xl_ops.h"

static int rename_main(int argc, char **argv)
{
    uint32_t domid;
    char *old;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "", NULL, "rename", 2)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = xl_domain_or_exit(argv[optind]);
    old = libxl_domid_to_name(ctx, domid);
    rc = libxl_domain_rename(ctx, domid, old, argv[optind + 1]);
    free(old);
    if (rc) {
        fprintf(stderr, "Can't rename domain '%s'.\n", argv[optind]);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
XL_COMMAND(rename, .fn = rename_main, .modifies = true,
           .summary = "Rename a domain", .usage = "<Domain> <NewDomainName>");
