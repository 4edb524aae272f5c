/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl vcpu-pin <Domain> <VCPU|all> <Hard affinity|-|all> [<Soft
 * affinity|-|all>]: "-" leaves an affinity as it is.
 */
#include <stdio.h>
#include <string.h>

#include "xl_ops.h"

/* A CPU list into map (allocated for nr_cpus); false after a message. */
static bool parse_cpus(const char *s, libxl_bitmap *map, int nr_cpus)
{
    if (libxl_cpu_bitmap_alloc(ctx, map, nr_cpus))
        return false;
    if (libxl_bitmap_parse_range_list(map, s, nr_cpus)) {
        fprintf(stderr, "Invalid CPU list \"%s\" (this host has CPUs 0-%d)\n",
                s, nr_cpus - 1);
        return false;
    }
    return true;
}

static int vcpu_pin_main(int argc, char **argv)
{
    static const struct option opts[] = { { "force", 0, NULL, 'f' },
                                          { "ignore-global-affinity-masks", 0,
                                            NULL, 'i' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    libxl_bitmap hard_map, soft_map, *hard = &hard_map, *soft = &soft_map;
    const char *vcpu, *hard_s, *soft_s;
    int opt, nr_cpus, rc = EXIT_FAILURE;
    bool force = false;
    uint32_t domid;
    long vcpuid;
    char *end;

    while ((opt = xl_getopt(argc, argv, "fi", opts, "vcpu-pin", 3)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 'f')
            force = true;
    }
    libxl_bitmap_init(&hard_map);
    libxl_bitmap_init(&soft_map);
    domid = xl_domain_or_exit(argv[optind]);
    vcpu = argv[optind + 1];
    hard_s = argv[optind + 2];
    soft_s = optind + 3 < argc ? argv[optind + 3] : NULL;
    vcpuid = strtol(vcpu, &end, 10);
    if (end == vcpu || *end || vcpuid < 0) {
        if (strcmp(vcpu, "all")) {
            fprintf(stderr, "Error: Invalid argument %s as VCPU.\n", vcpu);
            goto out;
        }
        if (force) {
            fprintf(stderr, "Error: --force and 'all' as VCPU not allowed.\n");
            goto out;
        }
        vcpuid = -1;
    }
    if (force) {
        fprintf(stderr, "Error: --force (undoing a pinning the guest kernel "
                        "made) is not supported.\n");
        goto out;
    }
    nr_cpus = libxl_get_max_cpus(ctx);
    if (nr_cpus <= 0) {
        fprintf(stderr, "libxl_get_max_cpus failed.\n");
        goto out;
    }
    if (!strcmp(hard_s, "-"))
        hard = NULL;
    else if (!parse_cpus(hard_s, hard, nr_cpus))
        goto out;
    if (!soft_s || !strcmp(soft_s, "-"))
        soft = NULL;
    else if (!parse_cpus(soft_s, soft, nr_cpus))
        goto out;
    if (!hard && !soft) {
        rc = EXIT_SUCCESS; /* nothing to change */
        goto out;
    }
    if (xl_dryrun) {
        printf("cpumap: ");
        if (hard)
            xl_print_bitmap(hard->map, nr_cpus, stdout);
        else
            printf("-");
        if (soft) {
            printf(" ");
            xl_print_bitmap(soft->map, nr_cpus, stdout);
        }
        printf("\n");
        rc = EXIT_SUCCESS;
        goto out;
    }
    if (vcpuid >= 0) {
        if (libxl_set_vcpuaffinity(ctx, domid, (uint32_t)vcpuid, hard, soft)) {
            fprintf(stderr, "Could not set affinity for vcpu `%ld'.\n", vcpuid);
            goto out;
        }
    } else {
        libxl_dominfo info;

        libxl_dominfo_init(&info);
        if (libxl_domain_info(ctx, &info, domid)) {
            fprintf(stderr, "Could not get domain info\n");
            goto out;
        }
        if (libxl_set_vcpuaffinity_all(ctx, domid, info.vcpu_max_id + 1, hard,
                                       soft)) {
            fprintf(stderr, "Could not set affinity.\n");
            libxl_dominfo_dispose(&info);
            goto out;
        }
        libxl_dominfo_dispose(&info);
    }
    rc = EXIT_SUCCESS;
out:
    libxl_bitmap_dispose(&hard_map);
    libxl_bitmap_dispose(&soft_map);
    return rc;
}
XL_COMMAND_NAMED(vcpu_pin, "vcpu-pin", .fn = vcpu_pin_main, .dryrun_ok = true,
                 .modifies = true, .summary = "Set which CPUs a VCPU can use",
                 .usage = "[option] <Domain> <VCPU|all> <Hard affinity|-|all> "
                          "<Soft affinity|-|all>",
                 .options = "-f, --force        undo an override pinning done "
                            "by the kernel\n"
                            "--ignore-global-affinity-masks Ignore global "
                            "masks in xl.conf");
