/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_domain_create_new: a PV domain, in Xen 4.17's order.
 *
 *   defaults, checks (nothing exists yet)
 *   createdomain, sethandle, max_vcpus, placement/affinity, setmaxmem
 *   store and console event channels, the xenstore directories
 *   pvbuild, scheduler parameters, build-post keys, introduce to xenstored
 *   console, disks, vifs (hotplug scripts, backends in InitWait)
 *   the stored configuration, the console callback
 *
 * Any failure after createdomain destroys what exists (devices, xenstore
 * directories, the domain).  The domain is left paused.
 */
#include "pvbuild.h" /* before public/xen.h: its console_* macros */

#include <inttypes.h>
#include <stdio.h>
#include <sys/time.h>

#include "create.h"
#include "placement.h"
#include "plugin_call.h"
#include "xctl.h"

#undef console_mfn
#undef console_evtchn

static uint32_t xs_domid(libxl__gc *gc, const char *path)
{
    char *v = libxl__xs_read(gc, XBT_NULL, path);
    return v ? (uint32_t)atoi(v) : 0;
}

/* The grant table version: what the hypervisor offers, highest first. */
static int grant_version(libxl__gc *gc, const libxl_domain_build_info *b)
{
    struct xen_sysctl_physinfo pi;

    if (b->max_grant_version > 0)
        return b->max_grant_version;
    if (libxl__physinfo(gc, &pi))
        return 1;
    if (pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2)
        return 2;
    return pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1 ? 1 : 0;
}

static int32_t frames(uint32_t v)
{
    /* LIBXL_MAX_GRANT_DEFAULT (or unset): the hypervisor's default. */
    return v == 0 || v == ~(uint32_t)0 ? -1 : (int32_t)v;
}

int libxl__create_make_domain(libxl__gc *gc, struct xctl *xc,
                              libxl_domain_config *cfg, uint32_t *domid)
{
    libxl_domain_build_info *b = &cfg->b_info;
    struct xen_domctl_createdomain cd = {
        .ssidref = cfg->c_info.ssidref,
        .flags = 0, /* PV, no passthrough, no vPMU */
        .max_vcpus = (uint32_t)b->max_vcpus,
        .max_evtchn_port = b->event_channels,
        .max_grant_frames = frames(b->max_grant_frames),
        .max_maptrack_frames = frames(b->max_maptrack_frames),
        .grant_opts = XEN_DOMCTL_GRANT_version(grant_version(gc, b)),
        .cpupool_id = cfg->c_info.poolid,
    };
    uint32_t id = cfg->c_info.domid > 0 && cfg->c_info.domid < 0x7ff0
                      ? cfg->c_info.domid
                      : 0;

    memcpy(cd.handle, &cfg->c_info.uuid, sizeof(cd.handle));
    if (xctl_domain_create(xc, &id, &cd) < 0) {
        LOGE(ERROR, "guest %s: the hypervisor refused to create it",
             cfg->c_info.name);
        return ERROR_FAIL;
    }
    *domid = id;
    if (xctl_domain_sethandle(xc, id, cd.handle) < 0 ||
        xctl_domain_max_vcpus(xc, id, (unsigned)b->max_vcpus) < 0) {
        LOGED(ERROR, id, "guest %s: cannot set its UUID and %d vCPUs",
              cfg->c_info.name, b->max_vcpus);
        return ERROR_FAIL;
    }
    return 0;
}

static int set_affinity(libxl__gc *gc, struct xctl *xc, uint32_t domid,
                        const libxl_domain_build_info *b)
{
    int n = b->num_vcpu_hard_affinity > b->num_vcpu_soft_affinity
                ? b->num_vcpu_hard_affinity
                : b->num_vcpu_soft_affinity;

    for (int i = 0; i < n; i++) {
        const libxl_bitmap *h =
            i < b->num_vcpu_hard_affinity ? &b->vcpu_hard_affinity[i] : NULL;
        const libxl_bitmap *s =
            i < b->num_vcpu_soft_affinity ? &b->vcpu_soft_affinity[i] : NULL;
        unsigned bits =
            8 * ((h ? h->size : 0) > (s ? s->size : 0) ? h->size
                                                       : (s ? s->size : 0));
        if (xctl_vcpu_setaffinity(xc, domid, (unsigned)i, h ? h->map : NULL,
                                  s ? s->map : NULL, bits) < 0) {
            LOGED(ERROR, domid, "cannot set the affinity of vCPU %d", i);
            return ERROR_FAIL;
        }
    }
    return 0;
}

/* weight/cap on the domain's scheduler (credit or credit2), as the
 * configuration and a scheduler plugin say. */
static int set_sched(libxl__gc *gc, struct xctl *xc, uint32_t domid,
                     const libxl_domain_config *cfg)
{
    const libxl_domain_sched_params *p = &cfg->b_info.sched_params;
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_sched_id };
    struct xen_domctl d = { .cmd = XEN_DOMCTL_scheduler_op,
                            .domain = (domid_t)domid };
    struct xen_domctl_scheduler_op *op = &d.u.scheduler_op;
    libxl_plugin_guest g;
    int weight = p->weight, cap = p->cap, rc;

    if (xctl_sysctl(xc, &s) < 0)
        return ERROR_FAIL;
    libxl__plugin_guest_of(gc, domid, cfg, &g);
    rc = libxl__plugin_sched_domain(gc, &g, s.u.sched_id.sched_id, &weight,
                                    &cap);
    if (rc)
        return rc;
    if (weight <= 0 && cap < 0)
        return 0;
    if (s.u.sched_id.sched_id != XEN_SCHEDULER_CREDIT &&
        s.u.sched_id.sched_id != XEN_SCHEDULER_CREDIT2) {
        LOGD(WARNING, domid,
             "weight/cap ignored: the scheduler is not "
             "credit or credit2");
        return 0;
    }
    op->sched_id = s.u.sched_id.sched_id;
    op->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    if (xctl_domctl(xc, &d) < 0)
        goto fail;
    op->cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    if (weight > 0)
        op->u.credit.weight = (uint16_t)weight;
    if (cap >= 0)
        op->u.credit.cap = (uint16_t)cap;
    if (xctl_domctl(xc, &d) >= 0)
        return 0;
fail:
    LOGED(ERROR, domid, "cannot set weight %d cap %d", weight, cap);
    return ERROR_FAIL;
}

static int build(libxl__gc *gc, struct xctl *xc, libxl_domain_config *cfg,
                 libxl__create_state *st)
{
    libxl_domain_build_info *b = &cfg->b_info;
    struct pvbuild_config pc = {
        .domid = st->domid,
        .kernel = b->kernel,
        .ramdisk = b->ramdisk,
        .cmdline = b->cmdline,
        .mem_kb = b->target_memkb,
        .nr_vcpus = (unsigned)b->max_vcpus,
        .store_evtchn = st->store_port,
        .console_evtchn = st->console_port,
        .store_domid = st->store_domid,
        .console_domid = st->console_domid,
    };
    struct pvbuild_result res;
    char err[256] = "";

    if (pvbuild(xc, &pc, &res, err, sizeof(err)) < 0) {
        LOGD(ERROR, st->domid, "guest %s: %s", cfg->c_info.name,
             *err ? err : "the domain builder failed");
        return ERROR_FAIL;
    }
    st->store_ring = res.store_mfn;
    st->console_ring = res.console_mfn;
    return 0;
}

int libxl__create_prepare(libxl__gc *gc, struct xctl *xc,
                          libxl_domain_config *cfg, libxl__create_state *st)
{
    libxl_domain_build_info *b = &cfg->b_info;
    uint32_t d = st->domid;
    libxl__xs_batch batch;
    int port, rc;

    if ((rc = libxl__domain_place(gc, d, cfg)) ||
        (rc = set_affinity(gc, xc, d, b)))
        return rc;
    if (xctl_domain_setmaxmem(xc, d, b->target_memkb + LIBXL__MAXMEM_CONSTANT) <
        0) {
        LOGED(ERROR, d, "cannot set the maximum memory");
        return ERROR_FAIL;
    }
    st->store_domid = xs_domid(gc, "/tool/xenstored/domid");
    st->console_domid = xs_domid(gc, "/tool/xenconsoled/domid");
    port = xctl_evtchn_alloc_unbound(xc, d, st->store_domid);
    if (port >= 0) {
        st->store_port = (uint32_t)port;
        port = xctl_evtchn_alloc_unbound(xc, d, st->console_domid);
        st->console_port = (uint32_t)port;
    }
    if (port < 0) {
        errno = -port;
        LOGED(ERROR, d,
              "cannot allocate the store and console event "
              "channels");
        return ERROR_FAIL;
    }
    libxl__xs_batch_init(gc, &batch);
    libxl__create_make_batch(&batch, cfg, st);
    return libxl__xs_batch_apply(gc, XBT_NULL, &batch);
}

int libxl__create_finish_build(libxl__gc *gc, struct xctl *xc,
                               libxl_domain_config *cfg,
                               libxl__create_state *st)
{
    libxl__xs_batch batch;
    int rc;

    if ((rc = set_sched(gc, xc, st->domid, cfg)))
        return rc;
    libxl__xs_batch_init(gc, &batch);
    libxl__create_post_batch(&batch, cfg, st);
    if ((rc = libxl__xs_batch_apply(gc, XBT_NULL, &batch)))
        return rc;
    if (!xs_introduce_domain(libxl__xs(CTX), st->domid,
                             (unsigned long)st->store_ring, st->store_port)) {
        LOGED(ERROR, st->domid, "xenstored refused to introduce the domain");
        return ERROR_FAIL;
    }
    libxl__xs_batch_init(gc, &batch);
    libxl__create_console_batch(&batch, st);
    return libxl__xs_batch_apply(gc, XBT_NULL, &batch);
}

int libxl__create_add_devices(libxl__gc *gc, libxl_domain_config *cfg,
                              uint32_t d)
{
    bool run = libxl_defbool_val(cfg->c_info.run_hotplug_scripts);
    int rc;

    for (int i = 0; i < cfg->num_disks; i++)
        if ((rc = libxl__device_disk_add(gc, d, &cfg->disks[i], run)))
            return rc;
    for (int i = 0; i < cfg->num_nics; i++)
        if ((rc = libxl__device_nic_add(gc, d, &cfg->nics[i], run)))
            return rc;
    return 0;
}

/* Removes whatever part of the domain exists. */
void libxl__create_undo(libxl__gc *gc, struct xctl *xc,
                        const libxl__create_state *st)
{
    uint32_t d = st->domid;

    libxl__devices_destroy(gc, d);
    if (xctl_domain_destroy(xc, d) < 0)
        LOGED(ERROR, d,
              "cannot destroy the half-created domain; remove it "
              "with xl destroy %" PRIu32,
              d);
    xs_release_domain(libxl__xs(CTX), d);
    libxl__xs_rm(gc, XBT_NULL, libxl__xs_dompath(gc, d));
    libxl__xs_rm(gc, XBT_NULL, GCSPRINTF("/vm/%s", st->uuid));
    libxl__xs_rm(gc, XBT_NULL, libxl__xs_libxl_path(gc, d));
}

struct create_op {
    libxl_domain_config *cfg;
    uint32_t *domid;
    libxl_asyncprogress_how console_how;
    bool has_console_how;
};

static int create_work(libxl__gc *gc, void *arg)
{
    struct create_op *op = arg;
    libxl_domain_config *cfg = op->cfg;
    libxl__create_state st = { 0 };
    struct timeval tv;
    struct xctl *xc;
    int rc;

    *op->domid = ~0u;
    if (!(xc = libxl__xc(CTX)) || !libxl__xs(CTX))
        return ERROR_FAIL;
    if ((rc = libxl__create_setdefault(gc, cfg)) ||
        (rc = libxl__create_validate(gc, cfg)))
        return rc;
    st.uuid = GCSPRINTF(LIBXL_UUID_FMT, LIBXL_UUID_BYTES(cfg->c_info.uuid));
    gettimeofday(&tv, NULL);
    st.start_time =
        GCSPRINTF("%jd.%02d", (intmax_t)tv.tv_sec, (int)(tv.tv_usec / 10000));
    if ((rc = libxl__create_make_domain(gc, xc, cfg, &st.domid))) {
        if (st.domid)
            goto fail;
        return rc;
    }
    *op->domid = st.domid;
    LOG(DEBUG, "guest %s is domain %" PRIu32, cfg->c_info.name, st.domid);
    if ((rc = libxl__create_prepare(gc, xc, cfg, &st)) ||
        (rc = build(gc, xc, cfg, &st)) ||
        (rc = libxl__create_finish_build(gc, xc, cfg, &st)) ||
        (rc = libxl__create_add_devices(gc, cfg, st.domid)) ||
        (rc = libxl__userdata_store_config(gc, st.domid, cfg)))
        goto fail;
    if (op->has_console_how && op->console_how.callback)
        op->console_how.callback(CTX, "console", st.domid, 0,
                                 op->console_how.for_callback);
    return 0;
fail:
    LOG(ERROR, "guest %s not created; removing domain %" PRIu32,
        cfg->c_info.name, st.domid);
    libxl__create_undo(gc, xc, &st);
    *op->domid = ~0u;
    return rc;
}

int libxl_domain_create_new(libxl_ctx *ctx, libxl_domain_config *d_config,
                            uint32_t *domid, const libxl_asyncop_how *ao_how,
                            const libxl_asyncprogress_how *aop_console_how)
{
    struct create_op *op = calloc(1, sizeof(*op));

    if (!op)
        return ERROR_NOMEM;
    op->cfg = d_config;
    op->domid = domid;
    if (aop_console_how) {
        op->console_how = *aop_console_how;
        op->has_console_how = true;
    }
    return libxl__ao_run_owned(ctx, ao_how, create_work, op);
}
