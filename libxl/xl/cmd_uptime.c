/* SPDX-License-Identifier: GPL-2.0-only */
/* xl uptime [-s] [Domain...]: how long each domain has been running. */
#include <stdio.h>
#include <time.h>

#include "xl_ops.h"

static char *duration(unsigned long up, bool short_mode)
{
    int day = (int)(up / 86400), hour = (int)(up % 86400 / 3600),
        min = (int)(up % 3600 / 60), sec = (int)(up % 60);
    const char *days = day > 1 ? " days, " : " day, ";
    char *s = NULL;
    int r;

    if (short_mode)
        r = day ? asprintf(&s, "%d%s%2d:%02d", day, days, hour, min)
                : asprintf(&s, "%2d:%02d", hour, min);
    else
        r = day ? asprintf(&s, "%d%s%2d:%02d:%02d", day, days, hour, min, sec)
                : asprintf(&s, "%2d:%02d:%02d", hour, min, sec);
    return r < 0 ? NULL : s;
}

static void print_one(uint32_t domid, unsigned long up, bool short_mode,
                      time_t now)
{
    char *name = libxl_domid_to_name(ctx, domid), *d = duration(up, short_mode);

    if (short_mode) {
        char hms[16];
        struct tm tm;

        strftime(hms, sizeof(hms), "%H:%M:%S", localtime_r(&now, &tm));
        printf(" %s up %s, %s (%u)\n", hms, d ? d : "?", name ? name : "",
               domid);
    } else {
        printf("%-33s %4u %s\n", name ? name : "", domid, d ? d : "?");
    }
    free(name);
    free(d);
}

static int uptime_of(uint32_t domid, bool short_mode, time_t now)
{
    unsigned long up;

    if (domid == 0) {
        FILE *f = fopen("/proc/uptime", "r");
        double secs = 0;

        if (!f || fscanf(f, "%lf", &secs) != 1) {
            if (f)
                fclose(f);
            fprintf(stderr, "Can not get Dom0 uptime.\n");
            return -1;
        }
        fclose(f);
        up = (unsigned long)secs;
    } else {
        uint32_t start = libxl_vm_get_start_time(ctx, domid);

        if (start == (uint32_t)-1)
            return 0; /* logged; Xen's xl skips it */
        up = (unsigned long)(now - start);
    }
    print_one(domid, up, short_mode, now);
    return 0;
}

static int uptime_main(int argc, char **argv)
{
    bool short_mode = false;
    time_t now = time(NULL);
    int opt;

    while ((opt = xl_getopt(argc, argv, "s", NULL, "uptime", 0)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 's')
            short_mode = true;
    }
    if (!short_mode)
        printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
    if (optind == argc) {
        libxl_vminfo *vms;
        int n;

        if (uptime_of(0, short_mode, now))
            return EXIT_FAILURE;
        vms = libxl_list_vm(ctx, &n);
        if (!vms) {
            fprintf(stderr, "Could not list vms.\n");
            return EXIT_SUCCESS;
        }
        for (int i = 0; i < n; i++)
            if (vms[i].domid)
                uptime_of(vms[i].domid, short_mode, now);
        libxl_vminfo_list_free(vms, n);
        return EXIT_SUCCESS;
    }
    for (; optind < argc; optind++)
        if (uptime_of(xl_domain_or_exit(argv[optind]), short_mode, now))
            return EXIT_FAILURE;
    return EXIT_SUCCESS;
}
XL_COMMAND(uptime, .fn = uptime_main,
           .summary = "Print uptime for all/some domains",
           .usage = "[-s] [Domain]");
