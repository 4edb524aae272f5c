/* SPDX-License-Identifier: GPL-2.0-only */
/* xl domname <DomainId>. */
#include <stdio.h>

#include "xl_ops.h"

static int domname_main(int argc, char **argv)
{
    char *end, *name;
    unsigned long domid;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "domname", 1)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = strtoul(argv[optind], &end, 10);
    if (end == argv[optind]) {
        fprintf(stderr, "Invalid domain id.\n\n");
        return EXIT_FAILURE;
    }
    name = libxl_domid_to_name(ctx, (uint32_t)domid);
    if (!name) {
        fprintf(stderr,
                "Can't get domain name of domain id '%lu', maybe this domain "
                "does not exist.\n",
                domid);
        return EXIT_FAILURE;
    }
    printf("%s\n", name);
    free(name);
    return EXIT_SUCCESS;
}
XL_COMMAND(domname, .fn = domname_main,
           .summary = "Convert a domain id to domain name",
           .usage = "<DomainId>");
