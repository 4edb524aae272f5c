/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl's global configuration, xl.conf(5), with Xen 4.17's defaults.
 * Commands call xl_load_global_config() once (main does, before running
 * a command) and read xl_global; domain creation passes
 * xl_global_domain_defaults() to xlu_parse_domain_config().
 */
#ifndef XL_XLCONF_H
#define XL_XLCONF_H

#include <stdbool.h>

#include "libxlutil.h"

#define XL_GLOBAL_CONFIG_PATH XEN_CONFIG_DIR "/xl.conf"
#define XL_LOCK_FILE_DEFAULT  "/var/lock/xl"

enum xl_autoballoon {
    XL_AUTOBALLOON_AUTO = -1, /* on unless dom0_mem= is on Xen's cmdline */
    XL_AUTOBALLOON_OFF = 0,
    XL_AUTOBALLOON_ON = 1,
};

enum xl_output_format { XL_OUTPUT_JSON, XL_OUTPUT_SXP };
enum xl_domid_policy { XL_DOMID_POLICY_XEN, XL_DOMID_POLICY_RANDOM };

struct xl_global_config {
    enum xl_autoballoon autoballoon;  /* auto */
    int run_hotplug_scripts;          /* 1 */
    char *lockfile;                   /* /var/lock/xl */
    char *default_vifscript;          /* vif.default.script (vifscript) */
    char *default_bridge;             /* vif.default.bridge (defaultbridge) */
    char *default_gatewaydev;         /* vif.default.gatewaydev */
    char *default_vifbackend;         /* vif.default.backend */
    char *default_remus_netbufscript; /* remus.default.netbufscript */
    char *default_colo_proxy_script;  /* colo.default.proxyscript */
    enum xl_output_format output_format; /* json */
    char *blkdev_start;                  /* NULL: libxl's choice */
    int claim_mode;                      /* 1 */
    long max_grant_frames;               /* -1: the hypervisor's default */
    long max_maptrack_frames;            /* -1 */
    long max_grant_version;              /* -1 */
    char *vm_cpumask;                    /* vm.cpumask; NULL: all cpus */
    char *vm_hvm_cpumask;                /* vm.hvm.cpumask */
    char *vm_pv_cpumask;                 /* vm.pv.cpumask */
    enum xl_domid_policy domid_policy;   /* xen */
};

extern struct xl_global_config xl_global;

/*
 * Resets xl_global to the defaults, then reads path (NULL: the installed
 * xl.conf).  A missing file leaves the defaults.  Bad values are reported
 * on stderr ("xl.conf:3:14: ...") and keep their defaults, as Xen's xl
 * does, except the grant limits; a syntax error or a bad grant limit
 * returns EINVAL (after reporting), an unreadable file its errno.
 */
int xl_load_global_config(const char *path);

/* Frees what xl_global holds (back to the defaults). */
void xl_global_config_dispose(void);

/* What xl.conf contributes to a new domain's configuration. */
void xl_global_domain_defaults(XLU_DomainDefaults *d);

/*
 * autoballoon's effective value: on/off as configured; for auto, on
 * unless the hypervisor's command line (xen_cmdline, may be NULL) sets
 * dom0_mem.
 */
bool xl_autoballoon_enabled(const char *xen_cmdline);

#endif
