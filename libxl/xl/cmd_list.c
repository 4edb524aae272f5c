/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl list [-l] [-v] [-Z] [-c] [-n] [Domain]: Xen's columns; -l prints the
 * configuration each domain was created with (the stored JSON).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xl_ops.h"

static const char reason_letters[] = "-rscwS";

static void header(bool verbose, bool context, bool cpupool, bool numa)
{
    printf("Name                                        ID   Mem "
           "VCPUs\tState\tTime(s)");
    if (verbose)
        printf("   UUID                            Reason-Code\tSecurity "
               "Label");
    if (context && !verbose)
        printf("   Security Label");
    if (cpupool)
        printf("         Cpupool");
    if (numa)
        printf(" NODE Affinity");
    printf("\n");
}

static void one(const libxl_dominfo *d, bool verbose, bool context,
                bool cpupool, bool numa, int nr_nodes)
{
    char *name = libxl_domid_to_name(ctx, d->domid);
    int reason = d->shutdown ? d->shutdown_reason : 0;

    printf("%-40s %5u %5lu %5u     %c%c%c%c%c%c  %8.1f", name ? name : "",
           d->domid,
           (unsigned long)((d->current_memkb + d->outstanding_memkb) / 1024),
           d->vcpu_online, d->running ? 'r' : '-', d->blocked ? 'b' : '-',
           d->paused ? 'p' : '-', d->shutdown ? 's' : '-',
           reason >= 0 && reason < (int)sizeof(reason_letters) - 1
               ? reason_letters[reason]
               : '?',
           d->dying ? 'd' : '-', (double)d->cpu_time / 1e9);
    free(name);
    if (verbose) {
        printf(" " LIBXL_UUID_FMT, LIBXL_UUID_BYTES(d->uuid));
        if (d->shutdown)
            printf(" %8x", reason);
        else
            printf(" %8s", "-");
    }
    if (verbose || context)
        printf(" %16s", d->ssid_label ? d->ssid_label : "-");
    if (cpupool) {
        char *pool = libxl_cpupoolid_to_name(ctx, d->cpupool);
        printf("%16s", pool ? pool : "");
        free(pool);
    }
    if (numa) {
        /* No NUMA placement memory of the domain's: every node. */
        uint8_t all[32];
        memset(all, 0xff, sizeof(all));
        putchar(' ');
        xl_print_bitmap(all, nr_nodes, stdout);
    }
    putchar('\n');
}

/* The stored configuration, indented to sit inside xl's array. */
static bool print_config(const libxl_dominfo *d, bool *first)
{
    char path[256], *buf = NULL;
    size_t len = 0;
    FILE *f;

    snprintf(path, sizeof(path),
             "/var/lib/xen/userdata-d.%u." LIBXL_UUID_FMT ".libxl-json",
             d->domid, LIBXL_UUID_BYTES(d->uuid));
    f = fopen(path, "r");
    if (!f)
        return false;
    if (getdelim(&buf, &len, '\0', f) < 0) {
        fclose(f);
        free(buf);
        return false;
    }
    fclose(f);
    while (*buf && buf[strlen(buf) - 1] == '\n')
        buf[strlen(buf) - 1] = '\0';
    printf("%s    {\n        \"domid\": %u,\n        \"config\": ",
           *first ? "" : ",\n", d->domid);
    for (const char *p = buf; *p; p++) {
        putchar(*p);
        if (*p == '\n')
            fputs("        ", stdout);
    }
    printf("\n    }");
    *first = false;
    free(buf);
    return true;
}

static void list_long(const libxl_dominfo *info, int n)
{
    bool first = true;

    printf("[\n");
    for (int i = 0; i < n; i++)
        print_config(&info[i], &first);
    printf("\n]\n");
}

static int list_main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "long", 0, NULL, 'l' },    { "verbose", 0, NULL, 'v' },
        { "context", 0, NULL, 'Z' }, { "cpupool", 0, NULL, 'c' },
        { "numa", 0, NULL, 'n' },    { "help", 0, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    bool details = false, verbose = false, context = false, cpupool = false,
         numa = false;
    libxl_dominfo one_info, *info;
    int opt, n, nr_nodes = 1;

    while ((opt = xl_getopt(argc, argv, "lvZcn", opts, "list", 0)) != -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 'l':
            details = true;
            break;
        case 'v':
            verbose = true;
            break;
        case 'Z':
            context = true;
            break;
        case 'c':
            cpupool = true;
            break;
        case 'n':
            numa = true;
            break;
        }
    }
    libxl_dominfo_init(&one_info);
    if (optind == argc) {
        info = libxl_list_domain(ctx, &n);
        if (!info) {
            fprintf(stderr, "libxl_list_domain failed.\n");
            return EXIT_FAILURE;
        }
    } else if (optind == argc - 1) {
        uint32_t domid = xl_domain_or_exit(argv[optind]);
        int rc = libxl_domain_info(ctx, &one_info, domid);

        if (rc == ERROR_DOMAIN_NOTFOUND) {
            fprintf(stderr, "Error: Domain '%s' does not exist.\n",
                    argv[optind]);
            return EXIT_FAILURE;
        }
        if (rc) {
            fprintf(stderr, "libxl_domain_info failed (code %d).\n", rc);
            return EXIT_FAILURE;
        }
        info = &one_info;
        n = 1;
    } else {
        xl_usage("list");
        return 2;
    }
    if (numa) {
        int nodes = libxl_get_max_nodes(ctx);
        nr_nodes = nodes > 0 ? nodes : 1;
    }
    if (details) {
        list_long(info, n);
    } else {
        header(verbose, context, cpupool, numa);
        for (int i = 0; i < n; i++)
            one(&info[i], verbose, context, cpupool, numa, nr_nodes);
    }
    if (info != &one_info)
        libxl_dominfo_list_free(info, n);
    libxl_dominfo_dispose(&one_info);
    return EXIT_SUCCESS;
}
XL_COMMAND(list, .fn = list_main,
           .summary = "List information about all/some "
                      "domains",
           .usage = "[options] [Domain]\n",
           .options = "-l, --long              Output all VM details\n"
                      "-v, --verbose           Prints out UUIDs and security "
                      "context\n"
                      "-Z, --context           Prints out security context\n"
                      "-c, --cpupool           Prints the cpupool the domain "
                      "is in\n"
                      "-n, --numa              Prints out NUMA node affinity");
