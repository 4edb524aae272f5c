/* SPDX-License-Identifier: GPL-2.0-only */
/* xl domid <DomainName>. */
#include <stdio.h>

#include "xl_ops.h"

static int domid_main(int argc, char **argv)
{
    uint32_t domid;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "domid", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    if (libxl_name_to_domid(ctx, argv[optind], &domid)) {
        fprintf(stderr,
                "Can't get domid of domain name '%s', maybe this domain does "
                "not exist.\n",
                argv[optind]);
        return EXIT_FAILURE;
    }
    printf("%u\n", domid);
    return EXIT_SUCCESS;
}
XL_COMMAND(domid, .fn = domid_main,
           .summary = "Convert a domain name to domain id",
           .usage = "<DomainName>");
