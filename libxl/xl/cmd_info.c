/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl info [-n] [NAME]: the host (uname), its CPUs and memory, the
 * hypervisor's version and build, Xen's keys and layout.  With NAME only
 * that key's value is printed.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "xl_ops.h"

static const char *only;

static void field(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void field(const char *fmt, ...)
{
    va_list ap;
    char *s;
    const char *colon;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s)
        return;
    if (!only)
        fputs(s, stdout);
    else if (!strncmp(s, only, strlen(only)) && (colon = strchr(s, ':')) &&
             colon[1] == ' ')
        fputs(colon + 2, stdout);
    free(s);
}

static void node_info(void)
{
    struct utsname u;

    if (uname(&u) < 0)
        return;
    field("host                   : %s\n", u.nodename);
    field("release                : %s\n", u.release);
    field("version                : %s\n", u.version);
    field("machine                : %s\n", u.machine);
}

static void phys_info(void)
{
    const libxl_version_info *v;
    libxl_physinfo p;
    libxl_bitmap free_cpus;

    libxl_physinfo_init(&p);
    if (libxl_get_physinfo(ctx, &p)) {
        fprintf(stderr, "libxl_physinfo failed.\n");
        return;
    }
    field("nr_cpus                : %d\n", p.nr_cpus);
    field("max_cpu_id             : %d\n", p.max_cpu_id);
    field("nr_nodes               : %d\n", p.nr_nodes);
    field("cores_per_socket       : %d\n", p.cores_per_socket);
    field("threads_per_core       : %d\n", p.threads_per_core);
    field("cpu_mhz                : %d.%03d\n", p.cpu_khz / 1000,
          p.cpu_khz % 1000);
    field("hw_caps                : %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n",
          p.hw_cap[0], p.hw_cap[1], p.hw_cap[2], p.hw_cap[3], p.hw_cap[4],
          p.hw_cap[5], p.hw_cap[6], p.hw_cap[7]);
    field("virt_caps              :%s%s%s%s%s%s%s%s%s%s%s\n",
          p.cap_pv ? " pv" : "", p.cap_hvm ? " hvm" : "",
          p.cap_hvm && p.cap_hvm_directio ? " hvm_directio" : "",
          p.cap_pv && p.cap_hvm_directio ? " pv_directio" : "",
          p.cap_hap ? " hap" : "", p.cap_shadow ? " shadow" : "",
          p.cap_iommu_hap_pt_share ? " iommu_hap_pt_share" : "",
          p.cap_vmtrace ? " vmtrace" : "", p.cap_vpmu ? " vpmu" : "",
          p.cap_gnttab_v1 ? " gnttab-v1" : "",
          p.cap_gnttab_v2 ? " gnttab-v2" : "");
    v = libxl_get_version_info(ctx);
    if (v && v->pagesize > 0) {
        uint64_t per_mb = (1u << 20) / (unsigned)v->pagesize;

        field("total_memory           : %" PRIu64 "\n", p.total_pages / per_mb);
        field("free_memory            : %" PRIu64 "\n",
              (p.free_pages - p.outstanding_pages) / per_mb);
        field("sharing_freed_memory   : %" PRIu64 "\n",
              p.sharing_freed_pages / per_mb);
        field("sharing_used_memory    : %" PRIu64 "\n",
              p.sharing_used_frames / per_mb);
        field("outstanding_claims     : %" PRIu64 "\n",
              p.outstanding_pages / per_mb);
    }
    if (!libxl_get_freecpus(ctx, &free_cpus)) {
        field("free_cpus              : %d\n",
              libxl_bitmap_count_set(&free_cpus));
        libxl_bitmap_dispose(&free_cpus);
    }
    libxl_physinfo_dispose(&p);
}

static void topology_info(void)
{
    libxl_cputopology *t;
    int n;

    t = libxl_get_cpu_topology(ctx, &n);
    if (!t) {
        fprintf(stderr, "libxl_get_cpu_topology failed.\n");
        return;
    }
    printf("cpu_topology           :\n");
    printf("cpu:    core    socket     node\n");
    for (int i = 0; i < n; i++)
        if (t[i].core != LIBXL_CPUTOPOLOGY_INVALID_ENTRY)
            printf("%3d:    %4d     %4d     %4d\n", i, t[i].core, t[i].socket,
                   t[i].node);
    libxl_cputopology_list_free(t, n);
    /* No PCI devices are passed through: Xen prints this when it knows of
     * none either. */
    printf("device topology        :\n");
    printf("device           node\n");
    printf("No device topology data available\n");
}

static void numa_info(void)
{
    libxl_numainfo *ni;
    int n;

    ni = libxl_get_numainfo(ctx, &n);
    if (!ni) {
        fprintf(stderr, "libxl_get_numainfo failed.\n");
        return;
    }
    printf("numa_info              :\n");
    printf("node:    memsize    memfree    distances\n");
    for (int i = 0; i < n; i++) {
        if (ni[i].size == LIBXL_NUMAINFO_INVALID_ENTRY)
            continue;
        printf("%4d:    %6" PRIu64 "     %6" PRIu64 "      %d", i,
               ni[i].size >> 20, ni[i].free >> 20,
               ni[i].num_dists ? (int)ni[i].dists[0] : 0);
        for (int j = 1; j < ni[i].num_dists; j++)
            printf(",%d", ni[i].dists[j]);
        printf("\n");
    }
    libxl_numainfo_list_free(ni, n);
}

static void xen_info(void)
{
    const libxl_version_info *v = libxl_get_version_info(ctx);
    int sched;

    if (!v) {
        fprintf(stderr, "libxl_get_version_info failed.\n");
        return;
    }
    sched = libxl_get_scheduler(ctx);
    if (sched < 0) {
        fprintf(stderr, "get_scheduler sysctl failed.\n");
        return;
    }
    field("xen_major              : %d\n", v->xen_version_major);
    field("xen_minor              : %d\n", v->xen_version_minor);
    field("xen_extra              : %s\n", v->xen_version_extra);
    field("xen_version            : %d.%d%s\n", v->xen_version_major,
          v->xen_version_minor, v->xen_version_extra);
    field("xen_caps               : %s\n", v->capabilities);
    field("xen_scheduler          : %s\n",
          libxl_scheduler_to_string((libxl_scheduler)sched));
    field("xen_pagesize           : %u\n", v->pagesize);
    field("platform_params        : virt_start=0x%" PRIx64 "\n", v->virt_start);
    field("xen_changeset          : %s\n", v->changeset);
    field("xen_commandline        : %s\n", v->commandline);
    field("cc_compiler            : %s\n", v->compiler);
    field("cc_compile_by          : %s\n", v->compile_by);
    field("cc_compile_domain      : %s\n", v->compile_domain);
    field("cc_compile_date        : %s\n", v->compile_date);
    field("build_id               : %s\n", v->build_id ? v->build_id : "");
}

static int info_main(int argc, char **argv)
{
    static const struct option opts[] = { { "numa", 0, NULL, 'n' },
                                          { "help", 0, NULL, 'h' },
                                          { NULL, 0, NULL, 0 } };
    bool numa = false;
    int opt;

    while ((opt = xl_getopt(argc, argv, "n", opts, "info", 0)) != -1) {
        if (opt == XL_OPT_EXIT)
            return xl_opt_status;
        if (opt == 'n')
            numa = true;
    }
    if (!numa && optind < argc)
        only = argv[optind];
    node_info();
    phys_info();
    if (numa) {
        topology_info();
        numa_info();
    }
    xen_info();
    field("xend_config_format     : 4\n");
    return EXIT_SUCCESS;
}
XL_COMMAND(info, .fn = info_main, .summary = "Get information about Xen host",
           .usage = "-n, --numa         List host NUMA topology information");
