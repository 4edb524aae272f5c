/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * sched-tune: scheduler profiles for cpupools and weight/cap rules for
 * guests, applied by libxl when a pool or a guest is created (the plugin's
 * sched hook).  Its keys are described in tune.h and sched-tune.7.
 */
#include <stdlib.h>

#include "libxl.h"
#include "tune.h"

static int tune_init(libxl_plugin_ctx *pc)
{
    struct tune *t = malloc(sizeof(*t));
    char err[256];

    if (!t)
        return ERROR_NOMEM;
    if (tune_parse(t, pc->get(pc, "profile"), pc->get(pc, "pools"),
                   pc->get(pc, "profiles"), pc->get(pc, "domains"), err,
                   sizeof(err))) {
        pc->log(pc, LIBXL_LOG_ERROR, "%s: %s", pc->conf, err);
        free(t);
        return ERROR_INVAL;
    }
    pc->state = t;
    return 0;
}

static void tune_fini(libxl_plugin_ctx *pc)
{
    free(pc->state);
}

static int tune_pool(libxl_plugin_ctx *pc, uint32_t poolid, const char *pool,
                     const char *scheduler, libxl_plugin_sched_pool *params)
{
    const struct tune_profile *p = tune_pool_profile(pc->state, pool);

    if (!p)
        return 0;
    params->tslice_ms = p->tslice_ms;
    params->ratelimit_us = p->ratelimit_us;
    pc->log(pc, LIBXL_LOG_DETAIL, "cpupool %s: profile %s", pool, p->name);
    return 0;
}

/* A guest's own weight= and cap= win over a rule. */
static int tune_domain(libxl_plugin_ctx *pc, const libxl_plugin_guest *guest,
                       const char *scheduler, libxl_plugin_sched_domain *params)
{
    const struct tune_rule *r = tune_domain_rule(pc->state, guest->name);

    if (!r)
        return 0;
    if (params->weight < 0 && r->weight >= 0)
        params->weight = r->weight;
    if (params->cap < 0 && r->cap >= 0)
        params->cap = r->cap;
    return 0;
}

static const libxl_plugin_sched_ops tune_sched = {
    .pool = tune_pool,
    .domain = tune_domain,
};

static const char *const tune_keys[] = { "profile", "pools", "profiles",
                                         "domains", NULL };

LIBXL_PLUGIN_DEFINE = {
    .abi_version = LIBXL_PLUGIN_ABI_VERSION,
    .name = "sched-tune",
    .description = "credit scheduler profiles per cpupool, weight and cap "
                   "rules per guest",
    .keys = tune_keys,
    .init = tune_init,
    .fini = tune_fini,
    .sched = &tune_sched,
};
