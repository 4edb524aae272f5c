/* SPDX-License-Identifier: LGPL-2.1-only */
/* The scheduler, device and import hooks (see plugin_call.h). */
#include "plugin_call.h"

#include "ops_private.h"
#include "plugin_private.h"
#include "xctl_sched.h"

void libxl__plugin_guest_of(libxl__gc *gc, uint32_t domid,
                            const libxl_domain_config *cfg,
                            libxl_plugin_guest *g)
{
    const char *pool = cfg->c_info.pool_name;

    if (!pool)
        pool = libxl_cpupoolid_to_name(CTX, cfg->c_info.poolid);
    memset(g, 0, sizeof(*g));
    g->domid = domid;
    g->name = cfg->c_info.name;
    g->max_memkb = cfg->b_info.max_memkb;
    g->max_vcpus = (uint32_t)cfg->b_info.max_vcpus;
    g->poolid = cfg->c_info.poolid;
    g->pool = pool ? libxl__strdup(gc, pool) : "Pool-0";
    g->numa_policy = cfg->b_info.numa_policy;
    if (pool != cfg->c_info.pool_name)
        free((char *)pool);
}

static const char *sched_name(uint32_t sched_id)
{
    const char *s = libxl_scheduler_to_string((libxl_scheduler)sched_id);
    return s ? s : "unknown";
}

int libxl__plugin_sched_domain(libxl__gc *gc, const libxl_plugin_guest *g,
                               uint32_t sched_id, int *weight, int *cap)
{
    libxl_plugin_sched_domain p = { .weight = *weight > 0 ? *weight : -1,
                                    .cap = *cap >= 0 ? *cap : -1 };
    libxl__plugin *pl;
    int rc = libxl__plugin_find(gc, LIBXL_PLUGIN_HOOK_SCHED, &pl);

    if (rc || !pl || !pl->desc->sched->domain)
        return rc;
    rc = pl->desc->sched->domain(&pl->pc, g, sched_name(sched_id), &p);
    if (rc)
        return libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_SCHED, rc);
    if (p.weight == 0 || p.weight > 65535 || p.cap > 65535) {
        bool go_on = pl->on_error_continue;

        libxl__log(CTX, go_on ? LIBXL_LOG_WARNING : LIBXL_LOG_ERROR, -1,
                   __FILE__, __LINE__, __func__, g->domid,
                   "plugin %s (%s) asked for weight %d cap %d; weight must "
                   "be 1-65535 and cap 0-65535 (on_error = \"%s\")",
                   pl->name, pl->conf, p.weight, p.cap,
                   go_on ? "continue" : "stop");
        return go_on ? 0 : ERROR_INVAL;
    }
    if (p.weight != *weight || p.cap != *cap)
        LOGD(DETAIL, g->domid, "plugin %s: weight %d cap %d", pl->name,
             p.weight, p.cap);
    *weight = p.weight;
    *cap = p.cap;
    return 0;
}

int libxl__plugin_sched_pool(libxl__gc *gc, uint32_t poolid, const char *name,
                             uint32_t sched_id)
{
    struct xen_sysctl_credit_schedule s;
    libxl_sched_credit_params cp;
    libxl_plugin_sched_pool p = { -1, -1 };
    struct xctl *xc = libxl__xc(CTX);
    libxl__plugin *pl;
    int r, rc = libxl__plugin_find(gc, LIBXL_PLUGIN_HOOK_SCHED, &pl);

    if (rc || !pl || !pl->desc->sched->pool)
        return rc;
    rc = pl->desc->sched->pool(&pl->pc, poolid, name, sched_name(sched_id), &p);
    if (rc)
        return libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_SCHED, rc);
    if (p.tslice_ms < 0 && p.ratelimit_us < 0)
        return 0;
    if (sched_id != XEN_SCHEDULER_CREDIT) {
        LOG(WARNING,
            "plugin %s: cpupool %s runs %s; a time slice and rate limit "
            "apply to credit pools only, left as they are",
            pl->name, name, sched_name(sched_id));
        return 0;
    }
    if (!xc || (r = xctl_sched_credit_params_get(xc, poolid, &s)) < 0) {
        LOGE(ERROR, "cannot read the parameters of cpupool %s", name);
        return ERROR_FAIL;
    }
    cp.tslice_ms = p.tslice_ms >= 0 ? p.tslice_ms : (int)s.tslice_ms;
    cp.ratelimit_us =
        p.ratelimit_us >= 0 ? p.ratelimit_us : (int)s.ratelimit_us;
    cp.vcpu_migr_delay_us = (int)s.vcpu_migr_delay_us;
    if ((rc = libxl__sched_credit_params_check(
             gc, &cp,
             GCSPRINTF("plugin %s (%s), cpupool %s: ", pl->name, pl->conf,
                       name))))
        return pl->on_error_continue ? 0 : rc; /* nothing half-applied */
    s.tslice_ms = (uint32_t)cp.tslice_ms;
    s.ratelimit_us = (uint32_t)cp.ratelimit_us;
    if ((r = xctl_sched_credit_params_set(xc, poolid, &s)) < 0) {
        LOGEV(ERROR, -r, "cannot set the parameters of cpupool %s", name);
        return ERROR_FAIL;
    }
    LOG(DETAIL, "plugin %s: cpupool %s tslice %d ms ratelimit %d us", pl->name,
        name, cp.tslice_ms, cp.ratelimit_us);
    return 0;
}

static void device_of(libxl__gc *gc, const libxl__device *dev,
                      libxl_plugin_device *d)
{
    d->domid = dev->domid;
    d->kind = libxl__device_kind_str(dev->kind);
    d->devid = (uint32_t)dev->devid;
    d->backend_domid = dev->backend_domid;
    d->backend_path = libxl__device_backend_path(gc, dev);
    d->frontend_path = libxl__device_frontend_path(gc, dev);
}

int libxl__plugin_device_before(libxl__gc *gc, const libxl__device *dev)
{
    libxl_plugin_device d;
    libxl__plugin *pl;
    int rc = libxl__plugin_find(gc, LIBXL_PLUGIN_HOOK_DEVICE, &pl);

    if (rc || !pl || !pl->desc->device->before)
        return rc;
    device_of(gc, dev, &d);
    rc = pl->desc->device->before(&pl->pc, &d);
    return rc ? libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_DEVICE, rc)
              : 0;
}

void libxl__plugin_device_after(libxl__gc *gc, const libxl__device *dev,
                                int outcome)
{
    libxl_plugin_device d;
    libxl__plugin *pl;
    int rc = libxl__plugin_find(gc, LIBXL_PLUGIN_HOOK_DEVICE, &pl);

    if (rc || !pl || !pl->desc->device->after)
        return;
    device_of(gc, dev, &d);
    rc = pl->desc->device->after(&pl->pc, &d, outcome);
    if (rc)
        libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_DEVICE, rc);
}

/* ---- config importers ---------------------------------------------------- */

void libxl_config_import_result_dispose(libxl_config_import_result *r)
{
    if (!r)
        return;
    free(r->importer);
    free(r->format);
    free(r->cfg);
    free(r->messages);
    memset(r, 0, sizeof(*r));
}

int libxl_config_import(libxl_ctx *ctx, const char *format, const char *source,
                        const void *data, size_t len,
                        libxl_config_import_result *res)
{
    libxl__plugin **v, *pl = NULL;
    char *cfg = NULL, *msgs = NULL;
    int rc, n;
    GC_INIT(ctx);

    memset(res, 0, sizeof(*res));
    rc = libxl__plugin_find_all(gc, LIBXL_PLUGIN_HOOK_IMPORT, &v, &n);
    if (rc)
        goto out;
    for (int i = 0; i < n && !pl; i++) {
        const libxl_plugin_import_ops *ops = v[i]->desc->import;

        if (!ops->convert)
            continue;
        if (format ? ops->format && !strcmp(ops->format, format)
                   : ops->probe && ops->probe(&v[i]->pc, data, len) == 1)
            pl = v[i];
    }
    if (!pl) {
        rc = ERROR_NOTFOUND;
        goto out;
    }
    rc = pl->desc->import->convert(&pl->pc, source ? source : "(input)", data,
                                   len, &cfg, &msgs);
    res->importer = strdup(pl->name);
    res->format =
        strdup(pl->desc->import->format ? pl->desc->import->format : pl->name);
    res->messages = msgs;
    if (rc) {
        free(cfg);
        rc = rc < 0 ? rc : ERROR_FAIL;
        LOG(DEBUG, "plugin %s: %s: import failed: %s", pl->name, source,
            libxl_error_to_string(rc));
        goto out;
    }
    if (!cfg) {
        LOG(ERROR, "plugin %s: %s: import returned no configuration", pl->name,
            source);
        rc = ERROR_FAIL;
        goto out;
    }
    res->cfg = cfg;
    if (!res->importer || !res->format)
        rc = ERROR_NOMEM;
out:
    GC_FREE;
    return rc;
}
