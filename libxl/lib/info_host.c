/* SPDX-License-Identifier: LGPL-2.1-only */
/* The host: physinfo, the hypervisor's version, CPU and NUMA topology, the
 * default scheduler, the console ring, debug keys. */
#include <stdio.h>

#include "event_private.h"
#include "ops_private.h"
#include "public/memory.h"
#include "public/version.h"
#include "xctl_sched.h"

/* Pages the sharing subsystem reports (0 when the hypervisor has none). */
static int sharing_pages(libxl__gc *gc, struct xctl *xc, unsigned op,
                         uint64_t *out)
{
    long l = xctl_memory_op(xc, op, NULL, 0);

    if (l < 0 && errno == ENOSYS)
        l = 0;
    if (l < 0) {
        LOGE(ERROR, "getting the shared-memory page count");
        return ERROR_FAIL;
    }
    *out = (uint64_t)l;
    return 0;
}

int libxl_get_physinfo(libxl_ctx *ctx, libxl_physinfo *p)
{
    struct xen_sysctl_physinfo x;
    struct xctl *xc = libxl__xc(ctx);
    int r, rc = ERROR_FAIL;
    GC_INIT(ctx);

    if (!xc)
        goto out;
    r = xctl_physinfo(xc, &x);
    if (r < 0) {
        LOGEV(ERROR, -r, "getting the host's physinfo");
        goto out;
    }
    p->threads_per_core = x.threads_per_core;
    p->cores_per_socket = x.cores_per_socket;
    p->max_cpu_id = x.max_cpu_id;
    p->nr_cpus = x.nr_cpus;
    p->cpu_khz = x.cpu_khz;
    p->total_pages = x.total_pages;
    p->free_pages = x.free_pages;
    p->scrub_pages = x.scrub_pages;
    p->outstanding_pages = x.outstanding_pages;
    p->max_possible_mfn = x.max_mfn;
    p->nr_nodes = x.nr_nodes;
    memcpy(p->hw_cap, x.hw_cap, sizeof(p->hw_cap));
    p->cap_hvm = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_hvm);
    p->cap_pv = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_pv);
    p->cap_hvm_directio = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_directio);
    p->cap_hap = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_hap);
    p->cap_shadow = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_shadow);
    p->cap_iommu_hap_pt_share =
        !!(x.capabilities & XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share);
    p->cap_vmtrace = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_vmtrace);
    p->cap_vpmu = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_vpmu);
    p->cap_gnttab_v1 = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1);
    p->cap_gnttab_v2 = !!(x.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2);
    p->arch_capabilities = x.arch_capabilities;
    rc = sharing_pages(gc, xc, XENMEM_get_sharing_freed_pages,
                       &p->sharing_freed_pages);
    if (!rc)
        rc = sharing_pages(gc, xc, XENMEM_get_sharing_shared_pages,
                           &p->sharing_used_frames);
out:
    GC_FREE;
    return rc;
}

int libxl_get_max_cpus(libxl_ctx *ctx)
{
    libxl_physinfo p;
    int rc;

    libxl_physinfo_init(&p);
    rc = libxl_get_physinfo(ctx, &p);
    if (!rc)
        rc = (int)p.max_cpu_id + 1;
    libxl_physinfo_dispose(&p);
    return rc;
}

int libxl_get_online_cpus(libxl_ctx *ctx)
{
    libxl_physinfo p;
    int rc;

    libxl_physinfo_init(&p);
    rc = libxl_get_physinfo(ctx, &p);
    if (!rc)
        rc = (int)p.nr_cpus;
    libxl_physinfo_dispose(&p);
    return rc;
}

int libxl_get_max_nodes(libxl_ctx *ctx)
{
    struct xen_sysctl_physinfo x;
    struct xctl *xc = libxl__xc(ctx);
    int r;
    GC_INIT(ctx);

    if (!xc) {
        GC_FREE;
        return ERROR_FAIL;
    }
    r = xctl_physinfo(xc, &x);
    if (r < 0)
        LOGEV(ERROR, -r, "getting the host's physinfo");
    GC_FREE;
    return r < 0 ? ERROR_FAIL : (int)x.max_node_id + 1;
}

libxl_scheduler libxl_get_scheduler(libxl_ctx *ctx)
{
    struct xctl *xc = libxl__xc(ctx);
    uint32_t id;
    int r;
    GC_INIT(ctx);

    if (!xc) {
        GC_FREE;
        return (libxl_scheduler)ERROR_FAIL;
    }
    r = xctl_sched_id(xc, &id);
    if (r < 0)
        LOGEV(ERROR, -r, "getting the hypervisor's scheduler");
    GC_FREE;
    return r < 0 ? (libxl_scheduler)ERROR_FAIL : (libxl_scheduler)id;
}

/* ---- version ------------------------------------------------------------ */

static char *xv_string(struct xctl *xc, unsigned cmd, size_t len)
{
    char *buf = calloc(1, len + 1);

    if (buf && xctl_xen_version(xc, cmd, buf, len) < 0)
        buf[0] = '\0';
    return buf;
}

/* The build id as hex, "" when the hypervisor has none (Xen's rule). */
static char *build_id_hex(struct xctl *xc)
{
    size_t room = 4096;
    struct xen_build_id *b = calloc(1, room);
    char *hex;
    long r;

    if (!b)
        return NULL;
    b->len = (uint32_t)(room - sizeof(*b));
    r = xctl_xen_version(xc, XENVER_build_id, b, room);
    if (r <= 0) {
        free(b);
        return strdup("");
    }
    hex = calloc(1, (size_t)r * 2 + 1);
    for (long i = 0; hex && i < r; i++)
        snprintf(hex + i * 2, 3, "%02x", b->buf[i]);
    free(b);
    return hex;
}

const libxl_version_info *libxl_get_version_info(libxl_ctx *ctx)
{
    libxl_version_info *info = NULL;
    struct xen_compile_info cc;
    struct xen_platform_parameters pp = { 0 };
    struct xctl *xc;
    long v;
    GC_INIT(ctx);

    CTX_LOCK(ctx);
    if (!libxl__ev_get(ctx))
        goto out;
    info = ctx->ev->version_info;
    if (info)
        goto out;
    xc = libxl__xc(ctx);
    if (!xc)
        goto out;
    v = xctl_xen_version(xc, XENVER_version, NULL, 0);
    if (v < 0) {
        LOGE(ERROR, "getting the hypervisor's version");
        goto out;
    }
    info = calloc(1, sizeof(*info));
    if (!info)
        goto out;
    libxl_version_info_init(info);
    info->xen_version_major = (int)(v >> 16);
    info->xen_version_minor = (int)(v & 0xff);
    info->xen_version_extra =
        xv_string(xc, XENVER_extraversion, XEN_EXTRAVERSION_LEN);
    memset(&cc, 0, sizeof(cc));
    xctl_xen_version(xc, XENVER_compile_info, &cc, sizeof(cc));
    info->compiler = strndup(cc.compiler, sizeof(cc.compiler));
    info->compile_by = strndup(cc.compile_by, sizeof(cc.compile_by));
    info->compile_domain =
        strndup(cc.compile_domain, sizeof(cc.compile_domain));
    info->compile_date = strndup(cc.compile_date, sizeof(cc.compile_date));
    info->capabilities =
        xv_string(xc, XENVER_capabilities, XEN_CAPABILITIES_INFO_LEN);
    info->changeset = xv_string(xc, XENVER_changeset, XEN_CHANGESET_INFO_LEN);
    xctl_xen_version(xc, XENVER_platform_parameters, &pp, sizeof(pp));
    info->virt_start = pp.virt_start;
    info->pagesize = (int)xctl_xen_version(xc, XENVER_pagesize, NULL, 0);
    info->commandline =
        xv_string(xc, XENVER_commandline, sizeof(xen_commandline_t));
    info->build_id = build_id_hex(xc);
    ctx->ev->version_info = info;
out:
    CTX_UNLOCK(ctx);
    GC_FREE;
    return info;
}

/* ---- topology ------------------------------------------------------------ */

libxl_cputopology *libxl_get_cpu_topology(libxl_ctx *ctx, int *nb_cpu_out)
{
    struct xctl *xc = libxl__xc(ctx);
    struct xen_sysctl_cputopo *t = NULL;
    libxl_cputopology *out = NULL;
    unsigned n = 0;
    int r;
    GC_INIT(ctx);

    if (!xc)
        goto out;
    r = xctl_cputopoinfo(xc, &n, NULL);
    if (r == 0 && n) {
        t = libxl__zalloc(gc, n * sizeof(*t));
        r = xctl_cputopoinfo(xc, &n, t);
    }
    if (r < 0) {
        LOGEV(ERROR, -r, "getting the CPU topology");
        goto out;
    }
    out = calloc(n ? n : 1, sizeof(*out));
    for (unsigned i = 0; out && i < n; i++) {
        libxl_cputopology_init(&out[i]);
        out[i].core = t[i].core;
        out[i].socket = t[i].socket;
        out[i].node = t[i].node;
    }
    if (out)
        *nb_cpu_out = (int)n;
out:
    GC_FREE;
    return out;
}

void libxl_cputopology_list_free(libxl_cputopology *list, int nb_cpu)
{
    for (int i = 0; list && i < nb_cpu; i++)
        libxl_cputopology_dispose(&list[i]);
    free(list);
}

libxl_numainfo *libxl_get_numainfo(libxl_ctx *ctx, int *nr)
{
    struct xctl *xc = libxl__xc(ctx);
    struct xen_sysctl_meminfo *mem = NULL;
    uint32_t *dist = NULL;
    libxl_numainfo *out = NULL;
    unsigned n = 0;
    int r;
    GC_INIT(ctx);

    if (!xc)
        goto out;
    r = xctl_numainfo(xc, &n, NULL, NULL);
    if (r == 0 && n) {
        mem = libxl__zalloc(gc, n * sizeof(*mem));
        dist = libxl__zalloc(gc, (size_t)n * n * sizeof(*dist));
        r = xctl_numainfo(xc, &n, mem, dist);
    }
    if (r < 0) {
        LOGEV(ERROR, -r, "getting the NUMA information");
        goto out;
    }
    out = calloc(n ? n : 1, sizeof(*out));
    for (unsigned i = 0; out && i < n; i++) {
        libxl_numainfo_init(&out[i]);
        out[i].size = mem[i].memsize == XEN_INVALID_MEM_SZ
                          ? LIBXL_NUMAINFO_INVALID_ENTRY
                          : mem[i].memsize;
        out[i].free = mem[i].memfree == XEN_INVALID_MEM_SZ
                          ? LIBXL_NUMAINFO_INVALID_ENTRY
                          : mem[i].memfree;
        out[i].dists = calloc(n, sizeof(*out[i].dists));
        out[i].num_dists = out[i].dists ? (int)n : 0;
        for (unsigned j = 0; out[i].dists && j < n; j++)
            out[i].dists[j] = dist[i * n + j];
    }
    if (out)
        *nr = (int)n;
out:
    GC_FREE;
    return out;
}

void libxl_numainfo_list_free(libxl_numainfo *list, int nr)
{
    for (int i = 0; list && i < nr; i++)
        libxl_numainfo_dispose(&list[i]);
    free(list);
}

/* ---- console ring, debug keys ------------------------------------------ */

#define CONSOLE_CHUNK 16384

struct libxl__xen_console_reader {
    char *buffer;
    uint32_t index;
    int clear;
};

libxl_xen_console_reader *libxl_xen_console_read_start(libxl_ctx *ctx,
                                                       int clear)
{
    libxl_xen_console_reader *cr = calloc(1, sizeof(*cr));

    if (cr)
        cr->buffer = calloc(1, CONSOLE_CHUNK + 1);
    if (!cr || !cr->buffer) {
        GC_INIT(ctx);
        LOG(ERROR, "out of memory reading the hypervisor's console");
        GC_FREE;
        free(cr);
        return NULL;
    }
    cr->clear = clear;
    return cr;
}

int libxl_xen_console_read_line(libxl_ctx *ctx, libxl_xen_console_reader *cr,
                                char **line_r)
{
    struct xctl *xc = libxl__xc(ctx);
    uint32_t count = CONSOLE_CHUNK;
    int r;
    GC_INIT(ctx);

    *line_r = NULL;
    if (!xc) {
        GC_FREE;
        return ERROR_FAIL;
    }
    r = xctl_readconsole(xc, cr->buffer, &count, cr->clear, 1, &cr->index);
    if (r < 0) {
        LOGEV(ERROR, -r, "reading the hypervisor's console ring");
        GC_FREE;
        return ERROR_FAIL;
    }
    GC_FREE;
    cr->buffer[count] = '\0';
    if (!count)
        return 0;
    *line_r = cr->buffer;
    return 1;
}

void libxl_xen_console_read_finish(libxl_ctx *ctx, libxl_xen_console_reader *cr)
{
    (void)ctx;
    if (cr)
        free(cr->buffer);
    free(cr);
}

int libxl_send_debug_keys(libxl_ctx *ctx, char *keys)
{
    struct xctl *xc = libxl__xc(ctx);
    int r;
    GC_INIT(ctx);

    if (!xc) {
        GC_FREE;
        return ERROR_FAIL;
    }
    r = xctl_debug_keys(xc, keys);
    if (r < 0)
        LOGEV(ERROR, -r, "sending debug keys '%s' to the hypervisor", keys);
    GC_FREE;
    return r < 0 ? ERROR_FAIL : 0;
}
