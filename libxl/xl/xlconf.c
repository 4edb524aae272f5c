/* SPDX-License-Identifier: GPL-2.0-only */
/* xl.conf(5): xl's global configuration (see xlconf.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xlconf.h"

struct xl_global_config xl_global = {
    .autoballoon = XL_AUTOBALLOON_AUTO,
    .run_hotplug_scripts = 1,
    .claim_mode = 1,
    .max_grant_frames = -1,
    .max_maptrack_frames = -1,
    .max_grant_version = -1,
};

void xl_global_config_dispose(void)
{
    struct xl_global_config *g = &xl_global;

    free(g->lockfile);
    free(g->default_vifscript);
    free(g->default_bridge);
    free(g->default_gatewaydev);
    free(g->default_vifbackend);
    free(g->default_remus_netbufscript);
    free(g->default_colo_proxy_script);
    free(g->blkdev_start);
    free(g->vm_cpumask);
    free(g->vm_hvm_cpumask);
    free(g->vm_pv_cpumask);
    memset(g, 0, sizeof(*g));
    g->autoballoon = XL_AUTOBALLOON_AUTO;
    g->run_hotplug_scripts = 1;
    g->claim_mode = 1;
    g->max_grant_frames = -1;
    g->max_maptrack_frames = -1;
    g->max_grant_version = -1;
    g->output_format = XL_OUTPUT_JSON;
    g->domid_policy = XL_DOMID_POLICY_XEN;
}

/* A string setting into *field (replacing); 0, ESRCH or an error. */
static int str(XLU_Config *cfg, const char *n, char **field)
{
    return xlu_cfg_replace_string(cfg, n, field, 0);
}

/* A cpu list setting, checked and kept as written. */
static int cpumask(XLU_Config *cfg, const char *n, char **field)
{
    const char *s;
    libxl_bitmap m;
    int e = xlu_cfg_get_string(cfg, n, &s, 0);

    if (e)
        return e;
    libxl_bitmap_init(&m);
    if (libxl_bitmap_alloc(NULL, &m, 8))
        return ENOMEM;
    e = xlu_cpurange_parse(cfg, xlu_cfg_value_pos(cfg, n), s, &m, NULL, 0);
    libxl_bitmap_dispose(&m);
    if (e)
        return e;
    return str(cfg, n, field);
}

static int grant_limit(XLU_Config *cfg, const char *n, long *field)
{
    long l;
    int e = xlu_cfg_get_bounded_long(cfg, n, 0, INT_MAX, &l, 0);

    if (!e)
        *field = l;
    return e == ESRCH ? 0 : e;
}

static int apply(XLU_Config *cfg)
{
    struct xl_global_config *g = &xl_global;
    const char *s;
    long l;
    int e;

    if (!xlu_cfg_get_string(cfg, "autoballoon", &s, 0)) {
        if (!strcmp(s, "on") || !strcmp(s, "1"))
            g->autoballoon = XL_AUTOBALLOON_ON;
        else if (!strcmp(s, "off") || !strcmp(s, "0"))
            g->autoballoon = XL_AUTOBALLOON_OFF;
        else if (!strcmp(s, "auto"))
            g->autoballoon = XL_AUTOBALLOON_AUTO;
        else
            xlu_cfg_warning(cfg, xlu_cfg_value_pos(cfg, "autoballoon"),
                            "invalid autoballoon '%s' (on, off, auto); "
                            "keeping auto",
                            s);
    }
    if (!xlu_cfg_get_long(cfg, "run_hotplug_scripts", &l, 0))
        g->run_hotplug_scripts = l != 0;
    if (str(cfg, "lockfile", &g->lockfile) == ENOMEM)
        return ENOMEM;
    if (!xlu_cfg_get_string(cfg, "vifscript", &s, 0)) {
        xlu_cfg_warning(cfg, xlu_cfg_value_pos(cfg, "vifscript"),
                        "'vifscript' is deprecated, use vif.default.script");
        if (str(cfg, "vifscript", &g->default_vifscript) == ENOMEM)
            return ENOMEM;
    }
    if (str(cfg, "vif.default.script", &g->default_vifscript) == ENOMEM)
        return ENOMEM;
    if (!xlu_cfg_get_string(cfg, "defaultbridge", &s, 0)) {
        xlu_cfg_warning(cfg, xlu_cfg_value_pos(cfg, "defaultbridge"),
                        "'defaultbridge' is deprecated, use "
                        "vif.default.bridge");
        if (str(cfg, "defaultbridge", &g->default_bridge) == ENOMEM)
            return ENOMEM;
    }
    if (str(cfg, "vif.default.bridge", &g->default_bridge) == ENOMEM ||
        str(cfg, "vif.default.gatewaydev", &g->default_gatewaydev) == ENOMEM ||
        str(cfg, "vif.default.backend", &g->default_vifbackend) == ENOMEM ||
        str(cfg, "remus.default.netbufscript",
            &g->default_remus_netbufscript) == ENOMEM ||
        str(cfg, "colo.default.proxyscript", &g->default_colo_proxy_script) ==
            ENOMEM ||
        str(cfg, "blkdev_start", &g->blkdev_start) == ENOMEM)
        return ENOMEM;
    if (!xlu_cfg_get_string(cfg, "output_format", &s, 0)) {
        if (!strcmp(s, "json"))
            g->output_format = XL_OUTPUT_JSON;
        else if (!strcmp(s, "sxp"))
            g->output_format = XL_OUTPUT_SXP;
        else
            xlu_cfg_warning(cfg, xlu_cfg_value_pos(cfg, "output_format"),
                            "invalid output_format '%s' (json, sxp); "
                            "keeping json",
                            s);
    }
    if (!xlu_cfg_get_long(cfg, "claim_mode", &l, 0))
        g->claim_mode = l != 0;
    if ((e = grant_limit(cfg, "max_grant_frames", &g->max_grant_frames)) ||
        (e = grant_limit(cfg, "max_maptrack_frames",
                         &g->max_maptrack_frames)) ||
        (e = grant_limit(cfg, "max_grant_version", &g->max_grant_version)))
        return e;
    if (cpumask(cfg, "vm.cpumask", &g->vm_cpumask) == ENOMEM ||
        cpumask(cfg, "vm.hvm.cpumask", &g->vm_hvm_cpumask) == ENOMEM ||
        cpumask(cfg, "vm.pv.cpumask", &g->vm_pv_cpumask) == ENOMEM)
        return ENOMEM;
    if (!xlu_cfg_get_string(cfg, "domid_policy", &s, 0)) {
        if (!strcmp(s, "xen"))
            g->domid_policy = XL_DOMID_POLICY_XEN;
        else if (!strcmp(s, "random"))
            g->domid_policy = XL_DOMID_POLICY_RANDOM;
        else
            xlu_cfg_warning(cfg, xlu_cfg_value_pos(cfg, "domid_policy"),
                            "invalid domid_policy '%s' (xen, random); "
                            "keeping xen",
                            s);
    }
    return 0;
}

int xl_load_global_config(const char *path)
{
    XLU_Config *cfg;
    int e;

    xl_global_config_dispose();
    if (!path)
        path = XL_GLOBAL_CONFIG_PATH;
    if (access(path, F_OK) && errno == ENOENT)
        e = 0;
    else {
        cfg = xlu_cfg_init(stderr, path);
        if (!cfg)
            return ENOMEM;
        e = xlu_cfg_readfile(cfg, path);
        if (!e)
            e = apply(cfg);
        xlu_cfg_destroy(cfg);
    }
    if (!e && !xl_global.lockfile) {
        xl_global.lockfile = strdup(XL_LOCK_FILE_DEFAULT);
        if (!xl_global.lockfile)
            e = ENOMEM;
    }
    return e;
}

void xl_global_domain_defaults(XLU_DomainDefaults *d)
{
    xlu_domain_defaults_init(d);
    d->run_hotplug_scripts = xl_global.run_hotplug_scripts;
    d->claim_mode = xl_global.claim_mode;
    d->blkdev_start = xl_global.blkdev_start;
    d->vif_script = xl_global.default_vifscript;
    d->vif_bridge = xl_global.default_bridge;
    d->vif_gatewaydev = xl_global.default_gatewaydev;
    d->vif_backend = xl_global.default_vifbackend;
    d->max_grant_frames = xl_global.max_grant_frames;
    d->max_maptrack_frames = xl_global.max_maptrack_frames;
    d->max_grant_version = xl_global.max_grant_version;
}

bool xl_autoballoon_enabled(const char *xen_cmdline)
{
    const char *p;

    if (xl_global.autoballoon != XL_AUTOBALLOON_AUTO)
        return xl_global.autoballoon == XL_AUTOBALLOON_ON;
    /* auto: off when dom0's memory is fixed by dom0_mem= */
    for (p = xen_cmdline; p && (p = strstr(p, "dom0_mem=")); p++)
        if (p == xen_cmdline || p[-1] == ' ')
            return false;
    return true;
}
