/* SPDX-License-Identifier: GPL-2.0-only */
/* xl cpupool-list [-c] [<CPU Pool>]. */
#include <stdio.h>

#include "xl_cpupool.h"

static int cpupool_list_main(int argc, char **argv)
{
    static const struct option opts[] = { { "cpus", 0, NULL, 'c' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    libxl_cpupoolinfo *pools;
    bool cpus = false, one = false;
    uint32_t poolid = 0;
    int opt, n;

    while ((opt = xl_getopt(argc, argv, "c", opts, "cpupool-list", 0)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 'c')
            cpus = true;
    }
    if (optind < argc) {
        one = true;
        if (libxl_name_to_cpupoolid(ctx, argv[optind], &poolid)) {
            fprintf(stderr, "Pool '%s' does not exist\n", argv[optind]);
            return EXIT_FAILURE;
        }
    }
    pools = libxl_list_cpupool(ctx, &n);
    if (!pools) {
        fprintf(stderr, "error getting cpupool info\n");
        return EXIT_FAILURE;
    }
    printf("%-19s", "Name");
    printf(cpus ? "CPU list\n" : "CPUs   Sched     Active   Domain count\n");
    for (int p = 0; p < n; p++) {
        int count = 0;

        if (one && pools[p].poolid != poolid)
            continue;
        printf("%-19s", pools[p].pool_name ? pools[p].pool_name : "");
        for (int c = 0; c < (int)pools[p].cpumap.size * 8; c++) {
            if (!libxl_bitmap_test(&pools[p].cpumap, c))
                continue;
            if (cpus)
                printf("%s%d", count ? "," : "", c);
            count++;
        }
        if (!cpus)
            printf("%3d %9s       y       %4d", count,
                   libxl_scheduler_to_string(pools[p].sched), pools[p].n_dom);
        printf("\n");
    }
    libxl_cpupoolinfo_list_free(pools, n);
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(cpupool_list, "cpupool-list", .fn = cpupool_list_main,
                 .summary = "List CPU pools on host",
                 .usage = "[-c|--cpus] [<CPU Pool>]",
                 .options = "-c, --cpus                     Output list of "
                            "CPUs used by a pool");
