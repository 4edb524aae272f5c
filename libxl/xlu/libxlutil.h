/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxlutil: the xl.cfg(5) parser, the disk/vif/pci/cpu-list spec parsers
 * and the translation of a whole domain configuration file into a
 * libxl_domain_config.  Function names and return conventions follow Xen's
 * libxlutil: 0 on success, else an errno value (ESRCH: setting absent,
 * EINVAL: malformed, ENOMEM).  Messages go to the config's report stream
 * as one line each, "FILE:LINE:COLUMN: text" for errors and
 * "FILE:LINE:COLUMN: warning: text" for warnings.
 */
#ifndef LIBXLUTIL_H
#define LIBXLUTIL_H

#include <stdio.h>

#include "libxl.h"

enum XLU_ConfigValueType { XLU_STRING, XLU_LIST };
enum XLU_Operation { XLU_OP_ASSIGNMENT = 0, XLU_OP_ADDITION };

typedef struct XLU_Config XLU_Config;
typedef struct XLU_ConfigList XLU_ConfigList;
typedef struct XLU_ConfigValue XLU_ConfigValue;
typedef struct XLU_ConfigSetting XLU_ConfigSetting;

/* Where a value or key was written: file name, line, column (from 1). */
typedef struct {
    const char *file;
    int line, col;
} XLU_Pos;

/* ---- the xl.cfg grammar ------------------------------------------------- */

/*
 * A configuration; report_filename names it in messages (also used for
 * data given with xlu_cfg_readdata).  NULL when out of memory.
 */
XLU_Config *xlu_cfg_init(FILE *report, const char *report_filename);
/* Reads and parses a file (adds to what is there).  0, or errno: ENOENT
 * etc. when it cannot be read, EINVAL on a syntax error (reported). */
int xlu_cfg_readfile(XLU_Config *cfg, const char *real_filename);
/* Parses data[0..length) as more of the configuration. */
int xlu_cfg_readdata(XLU_Config *cfg, const char *data, int length);
/*
 * Parses "KEY=VALUE" (what `xl create CFG KEY=VALUE ...` takes) on top of
 * what is there; messages name it as source:index (index from 1).
 */
int xlu_cfg_read_override(XLU_Config *cfg, const char *source, int index,
                          const char *text);
void xlu_cfg_destroy(XLU_Config *cfg);

/*
 * Accessors.  The last assignment of a key wins; `KEY += VALUE` appends to
 * the previous value (lists to lists, strings to strings).  With dont_warn
 * 0 a wrong kind of value is reported; in every case it returns EINVAL.
 */
int xlu_cfg_get_string(const XLU_Config *cfg, const char *n,
                       const char **value_r, int dont_warn);
/* Replaces *value_r (freed) by a malloc'd copy. */
int xlu_cfg_replace_string(const XLU_Config *cfg, const char *n, char **value_r,
                           int dont_warn);
/* A number (strtol base 0: 10, 0x10, 010), written bare or quoted. */
int xlu_cfg_get_long(const XLU_Config *cfg, const char *n, long *value_r,
                     int dont_warn);
int xlu_cfg_get_bounded_long(const XLU_Config *cfg, const char *n, long min,
                             long max, long *value_r, int dont_warn);
/* A number, non-zero meaning true. */
int xlu_cfg_get_defbool(const XLU_Config *cfg, const char *n, libxl_defbool *b,
                        int dont_warn);
int xlu_cfg_get_list(const XLU_Config *cfg, const char *n,
                     XLU_ConfigList **list_r, int *entries_r, int dont_warn);
/* The list's strings as a NULL-terminated malloc'd string list. */
int xlu_cfg_get_list_as_string_list(const XLU_Config *cfg, const char *n,
                                    libxl_string_list *sl, int dont_warn);
/* Entry (from 0) of a list if it is a string; NULL past the end or for a
 * nested list. */
const char *xlu_cfg_get_listitem(const XLU_ConfigList *list, int entry);
int xlu_cfg_list_length(const XLU_ConfigList *list);

/* Where a setting's value / a list entry was written (NULL: unknown). */
const XLU_Pos *xlu_cfg_value_pos(const XLU_Config *cfg, const char *n);
const XLU_Pos *xlu_cfg_listitem_pos(const XLU_ConfigList *list, int entry);
/* The settings in the order written (for unknown-key checks):
 * name and key position of entry i (from 0); NULL past the end. */
const char *xlu_cfg_setting_name(const XLU_Config *cfg, int i,
                                 const XLU_Pos **key_pos);

/* Reports "POS: text" (pos may be NULL: "FILE: text") and counts errors. */
void xlu_cfg_error(const XLU_Config *cfg, const XLU_Pos *pos, const char *fmt,
                   ...) __attribute__((format(printf, 3, 4)));
/* Reports "POS: warning: text". */
void xlu_cfg_warning(const XLU_Config *cfg, const XLU_Pos *pos, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));

/* ---- device and cpu specifications -------------------------------------- */

/*
 * A disk (xl-disk-configuration(5)): the specs are read in turn as one
 * (so `xl block-attach` may pass its words); disk must be initialised.
 * Fills readwrite (default 1), format (default raw), is_cdrom,
 * removable...  0 or EINVAL (reported: what was wrong, and where).
 * pos (may be NULL) is where the spec was written, for the messages.
 */
int xlu_disk_parse(XLU_Config *cfg, int nspecs, const char *const *specs,
                   libxl_device_disk *disk);
int xlu_disk_parse_at(XLU_Config *cfg, const XLU_Pos *pos, int nspecs,
                      const char *const *specs, libxl_device_disk *disk);

/*
 * A vif spec ("mac=..,bridge=..,rate=10Mb/s@20ms,..."): adds its settings
 * to nic (initialised, with xl.conf's defaults already in).  Unknown keys
 * are warned about and skipped, as Xen 4.17's xl does; a bad rate, mac,
 * type, devid or mtu is an error (EINVAL).
 */
int xlu_nic_parse(XLU_Config *cfg, const XLU_Pos *pos, const char *spec,
                  libxl_device_nic *nic);
/* "RATE[@INTERVAL]": 10Mb/s, 1GB/s@20ms, 100KB/s@50000us ... */
int xlu_vif_parse_rate(XLU_Config *cfg, const char *rate,
                       libxl_device_nic *nic);

/*
 * "[SEG:]BUS:DEV.FN[@VSLOT][,KEY=VALUE...]" with permissive, msitranslate,
 * seize, power_mgmt, rdm_policy=strict|relaxed, vslot, bdf, name; FN may
 * be '*' for every function.  0 or EINVAL.
 */
int xlu_pci_parse_spec_string(XLU_Config *cfg, libxl_device_pci *pci,
                              const char *str);
int xlu_pci_parse_bdf(XLU_Config *cfg, libxl_device_pci *pci, const char *str);
/* rdm="strategy=host,policy=relaxed" */
int xlu_rdm_parse(XLU_Config *cfg, libxl_rdm_reserve *rdm, const char *str);

/*
 * A cpu list: "0-3,^1", "all", "nodes:0-1" / "node:1" (whole NUMA nodes,
 * which need node_cpus: bitmap of the cpus of node i, n_nodes of them;
 * NULL when unknown, and then nodes: is an error), into map (allocated,
 * bits are set/cleared in order).  0 or EINVAL (reported at pos).
 */
int xlu_cpurange_parse(XLU_Config *cfg, const XLU_Pos *pos, const char *spec,
                       libxl_bitmap *map, const libxl_bitmap *node_cpus,
                       int n_nodes);

/* ---- a whole domain configuration ------------------------------------------
 */

/* What xl.conf(5) contributes to every domain (xl_load_global_config). */
typedef struct {
    int run_hotplug_scripts; /* 1 */
    int claim_mode;          /* 1 */
    const char *blkdev_start;
    const char *vif_script, *vif_bridge, *vif_gatewaydev, *vif_backend;
    long max_grant_frames;    /* -1: the hypervisor's default */
    long max_maptrack_frames; /* -1 */
    long max_grant_version;   /* -1 */
    int host_cpus;            /* for cpu lists; 0: as many as named */
} XLU_DomainDefaults;

void xlu_domain_defaults_init(XLU_DomainDefaults *d);

/*
 * Reads the xl.cfg file path (NULL: none; report name "command line"),
 * then each override "KEY=VALUE", and fills d_config (initialised here;
 * dispose it whatever the result).  Messages go to report (stderr when
 * NULL).  Unknown keys are warned about once each, naming the nearest
 * known key.  The first error stops it: 0, or EINVAL (syntax or value
 * errors, reported), ENOENT etc. (file), ENOMEM.
 *
 * *bootloader_r (may be NULL) is set to 1 when the config asks for a
 * bootloader (bootloader=, or firmware=pvgrub*): that is parsed into
 * b_info but not supported; a warning says so and to use kernel=; the
 * caller decides whether that is fatal.
 */
int xlu_parse_domain_config(const char *path, const char *const *overrides,
                            int n_overrides, const XLU_DomainDefaults *defs,
                            FILE *report, libxl_domain_config *d_config,
                            int *bootloader_r);

/*
 * The JSON `xl create -n` / `xl list -l` print for one domain:
 * {"domid": DOMID or null when domid < 0, "config": {...}} in Xen's
 * layout with its trailing newline.  malloc'd; NULL when out of memory.
 */
char *xlu_domain_config_json(const libxl_domain_config *d_config, long domid);

/* The xl.cfg keys known (i from 0; NULL past the end), for completion. */
const char *xlu_known_key(int i);

#endif
