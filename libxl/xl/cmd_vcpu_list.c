/* SPDX-License-Identifier: GPL-2.0-only */
/* xl vcpu-list [Domain...]: every vCPU with its CPU, state, time and
 * affinities. */
#include <stdio.h>

#include "xl_ops.h"

static void print_domain(uint32_t domid, int nr_cpus)
{
    libxl_vcpuinfo *v;
    char *name;
    int n, host_cpus;

    v = libxl_list_vcpu(ctx, domid, &n, &host_cpus);
    if (!v)
        return;
    name = libxl_domid_to_name(ctx, domid);
    for (int i = 0; i < n; i++) {
        printf("%-32s %5u %5u", name ? name : "", domid, v[i].vcpuid);
        if (!v[i].online)
            printf("%5c %3c%cp ", '-', '-', '-');
        else
            printf("%5u %3c%c- ", v[i].cpu, v[i].running ? 'r' : '-',
                   v[i].blocked ? 'b' : '-');
        printf("%9.1f  ", (double)v[i].vcpu_time / 1e9);
        xl_print_bitmap(v[i].cpumap.map, nr_cpus, stdout);
        printf(" / ");
        xl_print_bitmap(v[i].cpumap_soft.map, nr_cpus, stdout);
        printf("\n");
    }
    free(name);
    libxl_vcpuinfo_list_free(v, n);
}

static int vcpu_list_main(int argc, char **argv)
{
    libxl_physinfo p;
    int opt, nr_cpus;

    while ((opt = xl_getopt(argc, argv, "", NULL, "vcpu-list", 0)) != -1)
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
    libxl_physinfo_init(&p);
    if (libxl_get_physinfo(ctx, &p)) {
        fprintf(stderr, "libxl_physinfo failed.\n");
        return EXIT_FAILURE;
    }
    nr_cpus = (int)p.max_cpu_id + 1;
    libxl_physinfo_dispose(&p);
    printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
           "State", "Time(s)", "Affinity (Hard / Soft)");
    if (optind == argc) {
        libxl_dominfo *info;
        int n;

        info = libxl_list_domain(ctx, &n);
        if (!info) {
            fprintf(stderr, "libxl_list_domain failed.\n");
            return EXIT_FAILURE;
        }
        for (int i = 0; i < n; i++)
            print_domain(info[i].domid, nr_cpus);
        libxl_dominfo_list_free(info, n);
    }
    for (; optind < argc; optind++)
        print_domain(xl_domain_or_exit(argv[optind]), nr_cpus);
    return EXIT_SUCCESS;
}
XL_COMMAND_NAMED(vcpu_list, "vcpu-list", .fn = vcpu_list_main,
                 .summary = "List the VCPUs for all/some domains",
                 .usage = "[Domain, ...]");
