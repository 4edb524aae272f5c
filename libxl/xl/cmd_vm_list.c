/* SPDX-License-Identifier: GPL-2.0-only */
/* xl vm-list: every domain's UUID, id and name. */
#include <stdio.h>

#include "xl_ops.h"

static int vm_list_main(int argc, char **argv)
{
    libxl_vminfo *vms;
    int opt, n;

    while ((opt = xl_getopt(argc, argv, "", NULL, "vm-list", 0)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    vms = libxl_list_vm(ctx, &n);
    if (!vms) {
        fprintf(stderr, "libxl_list_vm failed.\n");
        return EXIT_FAILURE;
    }
    printf("UUID                                  ID    name\n");
    for (int i = 0; i < n; i++) {
        char *name = libxl_domid_to_name(ctx, vms[i].domid);
        printf(LIBXL_UUID_FMT "  %d    %-30s\n", LIBXL_UUID_BYTES(vms[i].uuid),
               vms[i].domid, name ? name : "(null)");
        free(name);
    }
    libxl_vminfo_list_free(vms, n);
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(
    vm_list, "vm-list", .fn = vm_list_main,
    .summary = "List guest domains, excluding dom0, stubdoms, etc.",
    .usage = "");
