/* SPDX-License-Identifier: GPL-2.0-only */
/* xl vcpu-set [-i] <Domain> <vCPUs>: how many vCPUs the guest keeps
 * online. */
#include <limits.h>
#include <stdio.h>

#include "xl_ops.h"

static int vcpu_set_main(int argc, char **argv)
{
    static const struct option opts[] = { { "ignore-host", 0, NULL, 'i' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    bool check_host = true;
    libxl_bitmap map;
    unsigned long n;
    uint32_t domid;
    char *end;
    int opt, rc;

    while ((opt = xl_getopt(argc, argv, "i", opts, "vcpu-set", 2)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 'i')
            check_host = false;
    }
    domid = xl_domain_or_exit(argv[optind]);
    n = strtoul(argv[optind + 1], &end, 10);
    if (end == argv[optind + 1] || *end || n > INT_MAX) {
        fprintf(stderr, "Error: Invalid argument.\n");
        return EXIT_FAILURE;
    }
    if (check_host) {
        int host = libxl_get_max_cpus(ctx);
        libxl_dominfo info;

        libxl_dominfo_init(&info);
        if (host < 0 || libxl_domain_info(ctx, &info, domid))
            return EXIT_FAILURE;
        if (n > info.vcpu_online && n > (unsigned long)host) {
            fprintf(stderr,
                    "You are overcommmitting! You have %d physical CPUs and "
                    "want %lu vCPUs! Aborting, use --ignore-host to "
                    "continue\n",
                    host, n);
            libxl_dominfo_dispose(&info);
            return EXIT_FAILURE;
        }
        libxl_dominfo_dispose(&info);
    }
    libxl_bitmap_init(&map);
    if (libxl_cpu_bitmap_alloc(ctx, &map, n ? (int)n : 1)) {
        fprintf(stderr, "libxl_cpu_bitmap_alloc failed\n");
        return EXIT_FAILURE;
    }
    for (unsigned long i = 0; i < n; i++)
        libxl_bitmap_set(&map, (int)i);
    rc = libxl_set_vcpuonline(ctx, domid, &map, NULL);
    if (rc == ERROR_DOMAIN_NOTFOUND)
        fprintf(stderr, "Domain %u does not exist.\n", domid);
    else if (rc)
        fprintf(stderr,
                "libxl_set_vcpuonline failed domid=%u max_vcpus=%lu, rc: %d\n",
                domid, n, rc);
    libxl_bitmap_dispose(&map);
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
XL_COMMAND_NAMED(vcpu_set, "vcpu-set", .fn = vcpu_set_main, .modifies = true,
                 .summary = "Set the number of active VCPUs allowed for the "
                            "domain",
                 .usage = "[option] <Domain> <vCPUs>",
                 .options = "-i, --ignore-host  Don't limit the vCPU based on "
                            "the host CPU count");
