/* SPDX-License-Identifier: GPL-2.0-only */
/* xl mem-set <Domain> <Mem>: the guest's balloon target. */
#include <stdio.h>

#include "xl_ops.h"

static int mem_set_main(int argc, char **argv)
{
    uint32_t domid;
    int64_t kb;
    int opt;

    while ((opt = xl_getopt(argc, argv, "", NULL, "mem-set", 2)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    domid = xl_domain_or_exit(argv[optind]);
    kb = xl_parse_mem_size_kb(argv[optind + 1]);
    if (kb < 0) {
        fprintf(stderr, "invalid memory size: %s\n", argv[optind + 1]);
        return EXIT_FAILURE;
    }
    if (libxl_set_memory_target(ctx, domid, kb, 0, 1)) {
        fprintf(stderr, "cannot set domid %u dynamic max memory to : %s\n",
                domid, argv[optind + 1]);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(mem_set, "mem-set", .fn = mem_set_main, .modifies = true,
                 .summary = "Set the current memory usage for a domain",
                 .usage = "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|"
                          "'t'[TB]]>");
