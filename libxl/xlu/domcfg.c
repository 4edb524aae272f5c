/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domain's xl.cfg(5) into a libxl_domain_config, key by key with the
 * meanings and defaults of Xen 4.17's xl (so a configuration written for
 * it means the same here), but stopping at the first error and saying
 * where it is.  Keys Xen knows and this toolstack does not handle are
 * warned about and ignored; unknown keys get a warning naming the nearest
 * known one.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

/* ---- the keys ---------------------------------------------------------- */

enum key_kind {
    K_USED,    /* parsed into the configuration */
    K_IGNORED, /* a Xen 4.17 key this toolstack does not handle */
};

static const struct known_key {
    const char *name;
    enum key_kind kind;
} keys[] = {
    /* general */
    { "name", K_USED },
    { "type", K_USED },
    { "builder", K_USED },
    { "uuid", K_USED },
    { "pool", K_USED },
    { "seclabel", K_USED },
    { "init_seclabel", K_USED },
    { "hap", K_USED },
    { "oos", K_USED },
    { "driver_domain", K_USED },
    { "passthrough", K_USED },
    { "xend_suspend_evtchn_compat", K_USED },
    /* cpus and memory */
    { "memory", K_USED },
    { "maxmem", K_USED },
    { "vcpus", K_USED },
    { "maxvcpus", K_USED },
    { "cpus", K_USED },
    { "cpus_soft", K_USED },
    { "numa_policy", K_USED },
    { "cpu_weight", K_USED },
    { "cap", K_USED },
    { "period", K_USED },
    { "slice", K_USED },
    { "latency", K_USED },
    { "extratime", K_USED },
    { "shadow_memory", K_USED },
    { "videoram", K_USED },
    { "claim_mode", K_USED },
    { "max_grant_frames", K_USED },
    { "max_maptrack_frames", K_USED },
    { "max_grant_version", K_USED },
    { "max_event_channels", K_USED },
    /* events */
    { "on_poweroff", K_USED },
    { "on_reboot", K_USED },
    { "on_watchdog", K_USED },
    { "on_crash", K_USED },
    { "on_soft_reset", K_USED },
    /* boot */
    { "kernel", K_USED },
    { "ramdisk", K_USED },
    { "cmdline", K_USED },
    { "root", K_USED },
    { "extra", K_USED },
    { "bootloader", K_USED },
    { "bootloader_args", K_USED },
    { "firmware", K_USED },
    { "device_tree", K_USED },
    /* time, migration */
    { "tsc_mode", K_USED },
    { "localtime", K_USED },
    { "rtc_timeoffset", K_USED },
    { "nomigrate", K_USED },
    { "timer_mode", K_USED },
    /* devices */
    { "disk", K_USED },
    { "vif", K_USED },
    { "pci", K_USED },
    { "pci_msitranslate", K_USED },
    { "pci_power_mgmt", K_USED },
    { "pci_permissive", K_USED },
    { "pci_seize", K_USED },
    { "rdm", K_USED },
    { "e820_host", K_USED },
    { "vfb", K_USED },
    { "vkb", K_USED },
    /* PVH */
    { "pvshim", K_USED },
    { "pvshim_path", K_USED },
    { "pvshim_cmdline", K_USED },
    { "pvshim_extra", K_USED },
    /* HVM, into u.hvm */
    { "acpi", K_USED },
    { "acpi_s3", K_USED },
    { "acpi_s4", K_USED },
    { "acpi_laptop_slate", K_USED },
    { "acpi_firmware", K_USED },
    { "apic", K_USED },
    { "pae", K_USED },
    { "nx", K_USED },
    { "hpet", K_USED },
    { "vpt_align", K_USED },
    { "viridian", K_USED },
    { "nestedhvm", K_USED },
    { "altp2m", K_USED },
    { "altp2mhvm", K_USED },
    { "bios", K_USED },
    { "bios_path_override", K_USED },
    { "firmware_override", K_USED },
    { "smbios_firmware", K_USED },
    { "mmio_hole", K_USED },
    { "rdm_mem_boundary", K_USED },
    { "boot", K_USED },
    { "serial", K_USED },
    { "vga", K_USED },
    { "stdvga", K_USED },
    { "hdtype", K_USED },
    { "vnc", K_USED },
    { "vnclisten", K_USED },
    { "vncpasswd", K_USED },
    { "vncdisplay", K_USED },
    { "vncunused", K_USED },
    { "keymap", K_USED },
    { "sdl", K_USED },
    { "opengl", K_USED },
    { "display", K_USED },
    { "xauthority", K_USED },
    { "nographic", K_USED },
    { "usb", K_USED },
    { "usbversion", K_USED },
    { "usbdevice", K_USED },
    { "soundhw", K_USED },
    { "xen_platform_pci", K_USED },
    { "vendor_device", K_USED },
    { "vkb_device", K_USED },
    { "device_model_version", K_USED },
    { "dm_restrict", K_USED },
    { "msr_relaxed", K_USED },
    { "vpmu", K_USED },
    /* Xen 4.17 keys without an implementation here */
    { "channel", K_IGNORED },
    { "cpuid", K_IGNORED },
    { "device_model", K_IGNORED },
    { "device_model_args", K_IGNORED },
    { "device_model_args_pv", K_IGNORED },
    { "device_model_args_hvm", K_IGNORED },
    { "device_model_override", K_IGNORED },
    { "device_model_stubdomain_override", K_IGNORED },
    { "device_model_stubdomain_seclabel", K_IGNORED },
    { "device_model_user", K_IGNORED },
    { "dtdev", K_IGNORED },
    { "gfx_passthru", K_IGNORED },
    { "gic_version", K_IGNORED },
    { "iomem", K_IGNORED },
    { "ioports", K_IGNORED },
    { "irqs", K_IGNORED },
    { "mca_caps", K_IGNORED },
    { "ms_vm_genid", K_IGNORED },
    { "p9", K_IGNORED },
    { "pvcalls", K_IGNORED },
    { "spice", K_IGNORED },
    { "spicehost", K_IGNORED },
    { "spiceport", K_IGNORED },
    { "spicetls_port", K_IGNORED },
    { "spicepasswd", K_IGNORED },
    { "spicedisable_ticketing", K_IGNORED },
    { "spiceagent_mouse", K_IGNORED },
    { "spicevdagent", K_IGNORED },
    { "spice_clipboard_sharing", K_IGNORED },
    { "spiceusbredirection", K_IGNORED },
    { "spice_image_compression", K_IGNORED },
    { "spice_streaming_video", K_IGNORED },
    { "stubdomain_memory", K_IGNORED },
    { "stubdomain_kernel", K_IGNORED },
    { "stubdomain_cmdline", K_IGNORED },
    { "stubdomain_ramdisk", K_IGNORED },
    { "tee", K_IGNORED },
    { "usbctrl", K_IGNORED },
    { "usbdev", K_IGNORED },
    { "vdispl", K_IGNORED },
    { "vif2", K_IGNORED },
    { "vmtrace_buf_kb", K_IGNORED },
    { "vncviewer", K_IGNORED },
    { "vnuma", K_IGNORED },
    { "vsnd", K_IGNORED },
    { "vtpm", K_IGNORED },
    { "vuart", K_IGNORED },
};

#define NKEYS ((int)(sizeof(keys) / sizeof(keys[0])))

const char *xlu_known_key(int i)
{
    return i >= 0 && i < NKEYS ? keys[i].name : NULL;
}

static const struct known_key *find_key(const char *n)
{
    for (int i = 0; i < NKEYS; i++)
        if (!strcmp(keys[i].name, n))
            return &keys[i];
    return NULL;
}

/* Edit distance with adjacent transpositions counted as one edit. */
static int distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    int *d, r;

    if (la > 64 || lb > 64)
        return INT_MAX;
    d = calloc((size_t)(la + 1) * (size_t)(lb + 1), sizeof(int));
    if (!d)
        return INT_MAX;
#define D(i, j) d[(i) * (lb + 1) + (j)]
    for (int i = 0; i <= la; i++)
        D(i, 0) = i;
    for (int j = 0; j <= lb; j++)
        D(0, j) = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int c = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = D(i - 1, j) + 1;
            if (D(i, j - 1) + 1 < v)
                v = D(i, j - 1) + 1;
            if (D(i - 1, j - 1) + c < v)
                v = D(i - 1, j - 1) + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < v)
                v = D(i - 2, j - 2) + 1;
            D(i, j) = v;
        }
    r = D(la, lb);
#undef D
    free(d);
    return r;
}

static const char *nearest_key(const char *n)
{
    const char *best = NULL;
    int bestd = INT_MAX, len = (int)strlen(n);
    int limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;

    for (int i = 0; i < NKEYS; i++) {
        int dd = distance(n, keys[i].name);
        if (dd < bestd) {
            bestd = dd;
            best = keys[i].name;
        }
    }
    return bestd <= limit ? best : NULL;
}

/* One warning per key name: unknown keys, known ones not handled here. */
static void check_keys(XLU_Config *cfg)
{
    const XLU_Pos *pos;
    const char *n;

    for (int i = 0; (n = xlu_cfg_setting_name(cfg, i, &pos)); i++) {
        const struct known_key *k = find_key(n);
        const char *prev;
        bool seen = false;

        for (int j = 0; j < i && !seen; j++) {
            prev = xlu_cfg_setting_name(cfg, j, NULL);
            seen = !strcmp(prev, n);
        }
        if (seen)
            continue;
        if (!k) {
            const char *near = nearest_key(n);
            if (near)
                xlu_cfg_warning(
                    cfg, pos, "unknown key '%s'; did you mean '%s'?", n, near);
            else
                xlu_cfg_warning(cfg, pos, "unknown key '%s'", n);
        } else if (k->kind == K_IGNORED) {
            xlu_cfg_warning(cfg, pos,
                            "'%s' is not supported by this toolstack and is "
                            "ignored",
                            n);
        }
    }
}

/* ---- helpers --------------------------------------------------------------
 */

struct dc {
    XLU_Config *cfg;
    const XLU_DomainDefaults *defs;
    libxl_domain_config *d;
    int bootloader;
};

#define TRY(e)                   \
    do {                         \
        int rc_ = (e);           \
        if (rc_ && rc_ != ESRCH) \
            return rc_;          \
    } while (0)

/* Found (0), absent (ESRCH) or an error (reported). */
static int get_str(struct dc *c, const char *n, char **field)
{
    return xlu_cfg_replace_string(c->cfg, n, field, 0);
}

static int get_long(struct dc *c, const char *n, long *l)
{
    return xlu_cfg_get_long(c->cfg, n, l, 0);
}

static int get_range(struct dc *c, const char *n, long min, long max, long *l)
{
    return xlu_cfg_get_bounded_long(c->cfg, n, min, max, l, 0);
}

static int get_defbool(struct dc *c, const char *n, libxl_defbool *b)
{
    return xlu_cfg_get_defbool(c->cfg, n, b, 0);
}

/* A number or a string: *is_num tells which (for keys taking either). */
static int get_num_or_str(struct dc *c, const char *n, long *l, const char **s,
                          bool *is_num)
{
    int e = xlu_cfg_get_long(c->cfg, n, l, 1);

    *is_num = !e;
    if (!e || e == ESRCH)
        return e;
    return xlu_cfg_get_string(c->cfg, n, s, 0);
}

static const XLU_Pos *pos_of(struct dc *c, const char *n)
{
    return xlu_cfg_value_pos(c->cfg, n);
}

/* A list, or a single string taken as a one-entry list (Xen ignores such
 * a value with a warning; taking it is kinder).  NULL when absent. */
static int get_list(struct dc *c, const char *n, XLU_ConfigList **l, int *nr)
{
    XLU_ConfigSetting *s = xlu__find(c->cfg, n);

    *l = NULL;
    *nr = 0;
    if (!s)
        return ESRCH;
    if (s->value->type == XLU_STRING) {
        /* Turn it into a list in place, keeping its position. */
        XLU_ConfigValue *e = xlu__value_copy(s->value);
        XLU_ConfigValue **vals = calloc(1, sizeof(*vals));
        if (!e || !vals) {
            xlu__value_free(e);
            free(vals);
            return ENOMEM;
        }
        xlu_cfg_warning(c->cfg, &s->value->pos,
                        "'%s' should be a list; taking it as [\"%s\"]", n,
                        s->value->string);
        free(s->value->string);
        s->value->string = NULL;
        s->value->type = XLU_LIST;
        vals[0] = e;
        s->value->list.values = vals;
        s->value->list.nvalues = s->value->list.avalues = 1;
    }
    for (int i = 0; i < s->value->list.nvalues; i++)
        if (s->value->list.values[i]->type != XLU_STRING) {
            xlu_cfg_error(c->cfg, &s->value->list.values[i]->pos,
                          "the entries of '%s' must be strings, not lists", n);
            return EINVAL;
        }
    *l = &s->value->list;
    *nr = s->value->list.nvalues;
    return 0;
}

static void *extend(void *array, int *count, size_t size)
{
    char *a = realloc(array, (size_t)(*count + 1) * size);

    if (!a)
        return NULL;
    memset(a + (size_t)*count * size, 0, size);
    (*count)++;
    return a;
}

/* ---- sections
 * ---------------------------------------------------------------- */

static int parse_type(struct dc *c)
{
    libxl_domain_create_info *ci = &c->d->c_info;
    const char *s;
    int e;

    e = xlu_cfg_get_string(c->cfg, "type", &s, 0);
    TRY(e);
    if (!e) {
        /* Xen matches a prefix of the value: "p" is pv, "h" hvm. */
        size_t n = strlen(s);
        if (n && !strncmp(s, "hvm", n))
            ci->type = LIBXL_DOMAIN_TYPE_HVM;
        else if (n && !strncmp(s, "pv", n))
            ci->type = LIBXL_DOMAIN_TYPE_PV;
        else if (n && !strncmp(s, "pvh", n))
            ci->type = LIBXL_DOMAIN_TYPE_PVH;
        else {
            xlu_cfg_error(c->cfg, pos_of(c, "type"),
                          "invalid domain type '%s' (pv, pvh, hvm)", s);
            return EINVAL;
        }
    }
    e = xlu_cfg_get_string(c->cfg, "builder", &s, 0);
    TRY(e);
    if (!e) {
        size_t n = strlen(s);
        libxl_domain_type bt;
        if (n && !strncmp(s, "hvm", n))
            bt = LIBXL_DOMAIN_TYPE_HVM;
        else if (n && !strncmp(s, "generic", n))
            bt = LIBXL_DOMAIN_TYPE_PV;
        else {
            xlu_cfg_error(c->cfg, pos_of(c, "builder"),
                          "invalid builder '%s' (generic, hvm)", s);
            return EINVAL;
        }
        if (ci->type != LIBXL_DOMAIN_TYPE_INVALID && ci->type != bt) {
            xlu_cfg_error(c->cfg, pos_of(c, "builder"),
                          "'builder' contradicts 'type'");
            return EINVAL;
        }
        ci->type = bt;
    }
    if (ci->type == LIBXL_DOMAIN_TYPE_INVALID)
        ci->type = LIBXL_DOMAIN_TYPE_PV;
    return 0;
}

static int parse_action(struct dc *c, const char *n, const char *dflt,
                        libxl_action_on_shutdown *a)
{
    static const char *const names[] = {
        [LIBXL_ACTION_ON_SHUTDOWN_DESTROY] = "destroy",
        [LIBXL_ACTION_ON_SHUTDOWN_RESTART] = "restart",
        [LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME] = "rename-restart",
        [LIBXL_ACTION_ON_SHUTDOWN_PRESERVE] = "preserve",
        [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY] = "coredump-destroy",
        [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART] = "coredump-restart",
        [LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET] = "soft-reset",
    };
    const char *s = dflt;
    int e = xlu_cfg_get_string(c->cfg, n, &s, 0);

    TRY(e);
    for (int i = 1; i < (int)(sizeof(names) / sizeof(names[0])); i++)
        if (names[i] && !strcmp(names[i], s)) {
            *a = (libxl_action_on_shutdown)i;
            return 0;
        }
    xlu_cfg_error(c->cfg, pos_of(c, n),
                  "unknown %s action '%s' (destroy, restart, rename-restart, "
                  "preserve, coredump-destroy, coredump-restart, soft-reset)",
                  n, s);
    return EINVAL;
}

static int alloc_cpumap(struct dc *c, libxl_bitmap *m)
{
    int n = c->defs->host_cpus > 0 ? c->defs->host_cpus : 8;

    libxl_bitmap_init(m);
    return libxl_cpu_bitmap_alloc(NULL, m, n) ? ENOMEM : 0;
}

static int parse_affinity(struct dc *c, const char *n, bool hard)
{
    libxl_domain_build_info *bi = &c->d->b_info;
    XLU_ConfigSetting *s = xlu__find(c->cfg, n);
    libxl_bitmap *maps;
    int num, rc;

    if (!s)
        return 0;
    if (s->value->type == XLU_STRING)
        num = bi->max_vcpus > 0 ? bi->max_vcpus : 1;
    else
        num = s->value->list.nvalues < bi->max_vcpus ? s->value->list.nvalues
                                                     : bi->max_vcpus;
    maps = calloc((size_t)(num ? num : 1), sizeof(*maps));
    if (!maps)
        return ENOMEM;
    if (hard) {
        bi->vcpu_hard_affinity = maps;
        bi->num_vcpu_hard_affinity = num;
    } else {
        bi->vcpu_soft_affinity = maps;
        bi->num_vcpu_soft_affinity = num;
    }
    for (int i = 0; i < num; i++) {
        const XLU_ConfigValue *v = s->value;
        if (v->type == XLU_LIST) {
            v = v->list.values[i];
            if (v->type != XLU_STRING) {
                xlu_cfg_error(c->cfg, &v->pos,
                              "the entries of '%s' must be strings, not "
                              "lists",
                              n);
                return EINVAL;
            }
        }
        if ((rc = alloc_cpumap(c, &maps[i])))
            return rc;
        if (i > 0 && s->value->type == XLU_STRING) {
            libxl_bitmap_dispose(&maps[i]);
            libxl_bitmap_copy_alloc(NULL, &maps[i], &maps[0]);
            continue;
        }
        rc = xlu_cpurange_parse(c->cfg, &v->pos, v->string, &maps[i],
                                c->defs->node_cpus, c->defs->n_nodes);
        if (rc)
            return rc;
    }
    if (s->value->type == XLU_LIST || !hard)
        libxl_defbool_set(&bi->numa_placement, false);
    return 0;
}

static int parse_grant_limit(struct dc *c, const char *n, long dflt,
                             uint32_t *field)
{
    long l;
    int e = get_range(c, n, 0, INT_MAX, &l);

    if (e == ESRCH)
        *field = (uint32_t)dflt;
    else if (!e)
        *field = (uint32_t)l;
    return e == ESRCH ? 0 : e;
}

static int parse_cmdline(struct dc *c)
{
    libxl_domain_build_info *bi = &c->d->b_info;
    const char *cmd = NULL, *root = NULL, *extra = NULL;
    char *s = NULL;

    TRY(xlu_cfg_get_string(c->cfg, "cmdline", &cmd, 0));
    TRY(xlu_cfg_get_string(c->cfg, "root", &root, 0));
    TRY(xlu_cfg_get_string(c->cfg, "extra", &extra, 0));
    if (cmd) {
        if (root || extra)
            xlu_cfg_warning(c->cfg, pos_of(c, "cmdline"),
                            "'root' and 'extra' are ignored in favour of "
                            "'cmdline'");
        s = strdup(cmd);
    } else if (root && extra) {
        if (asprintf(&s, "root=%s %s", root, extra) < 0)
            s = NULL;
    } else if (root) {
        if (asprintf(&s, "root=%s", root) < 0)
            s = NULL;
    } else if (extra) {
        s = strdup(extra);
    } else {
        return 0;
    }
    if (!s)
        return ENOMEM;
    free(bi->cmdline);
    bi->cmdline = s;
    return 0;
}

static int parse_disks(struct dc *c)
{
    libxl_domain_config *d = c->d;
    XLU_ConfigList *l;
    int nr, e = get_list(c, "disk", &l, &nr);

    TRY(e);
    for (int i = 0; i < nr; i++) {
        const char *spec = xlu_cfg_get_listitem(l, i);
        libxl_device_disk *a = extend(d->disks, &d->num_disks, sizeof(*a));
        if (!a)
            return ENOMEM;
        d->disks = a;
        libxl_device_disk_init(&a[d->num_disks - 1]);
        e = xlu_disk_parse_at(c->cfg, xlu_cfg_listitem_pos(l, i), 1, &spec,
                              &a[d->num_disks - 1]);
        if (e)
            return e;
    }
    return 0;
}

static int nic_defaults(struct dc *c, libxl_device_nic *nic)
{
    const XLU_DomainDefaults *df = c->defs;
    struct {
        const char *v;
        char **f;
    } t[] = { { df->vif_script, &nic->script },
              { df->vif_bridge, &nic->bridge },
              { df->vif_gatewaydev, &nic->gatewaydev },
              { df->vif_backend, &nic->backend_domname } };

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (t[i].v) {
            free(*t[i].f);
            *t[i].f = strdup(t[i].v);
            if (!*t[i].f)
                return ENOMEM;
        }
    return 0;
}

static int parse_nics(struct dc *c)
{
    libxl_domain_config *d = c->d;
    XLU_ConfigList *l;
    int nr, e = get_list(c, "vif", &l, &nr);

    TRY(e);
    for (int i = 0; i < nr; i++) {
        libxl_device_nic *a = extend(d->nics, &d->num_nics, sizeof(*a));
        libxl_device_nic *nic;
        if (!a)
            return ENOMEM;
        d->nics = a;
        nic = &a[d->num_nics - 1];
        libxl_device_nic_init(nic);
        nic->devid = i;
        if ((e = nic_defaults(c, nic)))
            return e;
        e = xlu_nic_parse(c->cfg, xlu_cfg_listitem_pos(l, i),
                          xlu_cfg_get_listitem(l, i), nic);
        if (e)
            return e;
    }
    return 0;
}

static int parse_pcis(struct dc *c)
{
    libxl_domain_config *d = c->d;
    libxl_domain_build_info *bi = &d->b_info;
    long msi = 0, pm = 0, perm = 0, seize = 0;
    XLU_ConfigList *l;
    const char *s;
    int nr, e;

    TRY(get_long(c, "pci_msitranslate", &msi));
    TRY(get_long(c, "pci_power_mgmt", &pm));
    TRY(get_long(c, "pci_permissive", &perm));
    TRY(get_long(c, "pci_seize", &seize));
    e = xlu_cfg_get_string(c->cfg, "rdm", &s, 0);
    TRY(e);
    if (!e && bi->type == LIBXL_DOMAIN_TYPE_HVM) {
        libxl_rdm_reserve r;
        libxl_rdm_reserve_init(&r);
        if (xlu_rdm_parse(NULL, &r, s)) {
            xlu_cfg_error(c->cfg, pos_of(c, "rdm"),
                          "invalid rdm \"%s\": expected strategy=host and/or "
                          "policy=strict|relaxed",
                          s);
            return EINVAL;
        }
        bi->u.hvm.rdm.strategy = r.strategy;
        bi->u.hvm.rdm.policy = r.policy;
    }
    e = get_list(c, "pci", &l, &nr);
    TRY(e);
    for (int i = 0; i < nr; i++) {
        libxl_device_pci *a = extend(d->pcidevs, &d->num_pcidevs, sizeof(*a));
        libxl_device_pci *p;
        if (!a)
            return ENOMEM;
        d->pcidevs = a;
        p = &a[d->num_pcidevs - 1];
        libxl_device_pci_init(p);
        p->msitranslate = msi != 0;
        p->power_mgmt = pm != 0;
        p->permissive = perm != 0;
        p->seize = seize != 0;
        /* The global rdm policy (Xen's xl reads it whatever the type;
         * a PV guest's is strict). */
        p->rdm_policy = bi->type == LIBXL_DOMAIN_TYPE_HVM
                            ? bi->u.hvm.rdm.policy
                            : LIBXL_RDM_RESERVE_POLICY_STRICT;
        e = xlu__pci_parse_at(c->cfg, xlu_cfg_listitem_pos(l, i), p,
                              xlu_cfg_get_listitem(l, i));
        if (e)
            return e;
    }
    if (d->num_pcidevs && bi->type == LIBXL_DOMAIN_TYPE_PV)
        libxl_defbool_set(&bi->u.pv.e820_host, true);
    return 0;
}

static int atoi_val(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

static int parse_vfbs(struct dc *c)
{
    libxl_domain_config *d = c->d;
    XLU_ConfigList *l;
    int nr, e = get_list(c, "vfb", &l, &nr);

    TRY(e);
    for (int i = 0; i < nr; i++) {
        char *buf = strdup(xlu_cfg_get_listitem(l, i)), *save = NULL, *tok;
        libxl_device_vfb *fa = extend(d->vfbs, &d->num_vfbs, sizeof(*fa));
        libxl_device_vfb *vfb;
        libxl_device_vkb *ka;
        if (fa)
            d->vfbs = fa;
        ka = fa ? extend(d->vkbs, &d->num_vkbs, sizeof(*ka)) : NULL;
        if (!buf || !fa || !ka) {
            free(buf);
            return ENOMEM;
        }
        d->vkbs = ka;
        vfb = &fa[d->num_vfbs - 1];
        libxl_device_vfb_init(vfb);
        vfb->devid = d->num_vfbs - 1;
        libxl_device_vkb_init(&ka[d->num_vkbs - 1]);
        ka[d->num_vkbs - 1].devid = d->num_vkbs - 1;
        for (tok = strtok_r(buf, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            char *v, **sf = NULL;
            while (*tok == ' ')
                tok++;
            v = strchr(tok, '=');
            if (!v)
                break; /* as Xen: the rest is ignored */
            *v++ = '\0';
            if (!strcmp(tok, "vnc"))
                libxl_defbool_set(&vfb->vnc.enable, atoi_val(v));
            else if (!strcmp(tok, "vnclisten"))
                sf = &vfb->vnc.listen;
            else if (!strcmp(tok, "vncpasswd"))
                sf = &vfb->vnc.passwd;
            else if (!strcmp(tok, "vncdisplay"))
                vfb->vnc.display = atoi_val(v);
            else if (!strcmp(tok, "vncunused"))
                libxl_defbool_set(&vfb->vnc.findunused, atoi_val(v));
            else if (!strcmp(tok, "keymap"))
                sf = &vfb->keymap;
            else if (!strcmp(tok, "sdl"))
                libxl_defbool_set(&vfb->sdl.enable, atoi_val(v));
            else if (!strcmp(tok, "opengl"))
                libxl_defbool_set(&vfb->sdl.opengl, atoi_val(v));
            else if (!strcmp(tok, "display"))
                sf = &vfb->sdl.display;
            else if (!strcmp(tok, "xauthority"))
                sf = &vfb->sdl.xauthority;
            else
                xlu_cfg_warning(c->cfg, xlu_cfg_listitem_pos(l, i),
                                "vfb: unknown setting '%s' ignored", tok);
            if (sf) {
                free(*sf);
                *sf = strdup(v);
                if (!*sf) {
                    free(buf);
                    return ENOMEM;
                }
            }
        }
        free(buf);
    }
    return 0;
}

static int parse_vkbs(struct dc *c)
{
    libxl_domain_config *d = c->d;
    XLU_ConfigList *l;
    int nr, e = get_list(c, "vkb", &l, &nr);

    TRY(e);
    for (int i = 0; i < nr; i++) {
        const XLU_Pos *pos = xlu_cfg_listitem_pos(l, i);
        char *buf = strdup(xlu_cfg_get_listitem(l, i)), *save = NULL, *tok;
        libxl_device_vkb *a = extend(d->vkbs, &d->num_vkbs, sizeof(*a));
        libxl_device_vkb *k;
        if (!buf || !a) {
            free(buf);
            return ENOMEM;
        }
        d->vkbs = a;
        k = &a[d->num_vkbs - 1];
        libxl_device_vkb_init(k);
        k->devid = d->num_vkbs - 1;
        e = 0;
        for (tok = strtok_r(buf, ",", &save); tok && !e;
             tok = strtok_r(NULL, ",", &save)) {
            char *v;
            while (*tok == ' ')
                tok++;
            v = strchr(tok, '=');
            if (!v) {
                xlu_cfg_error(c->cfg, pos,
                              "vkb: expected KEY=VALUE, found "
                              "'%s'",
                              tok);
                e = EINVAL;
                break;
            }
            *v++ = '\0';
            if (!strcmp(tok, "backend")) {
                free(k->backend_domname);
                k->backend_domname = strdup(v);
            } else if (!strcmp(tok, "backend-type")) {
                if (libxl_vkb_backend_from_string(v, &k->backend_type)) {
                    xlu_cfg_error(c->cfg, pos,
                                  "vkb: unknown backend-type '%s' (qemu, "
                                  "linux)",
                                  v);
                    e = EINVAL;
                }
            } else if (!strcmp(tok, "unique-id")) {
                free(k->unique_id);
                k->unique_id = strdup(v);
            } else if (!strcmp(tok, "feature-disable-keyboard")) {
                k->feature_disable_keyboard = atoi_val(v);
            } else if (!strcmp(tok, "feature-disable-pointer")) {
                k->feature_disable_pointer = atoi_val(v);
            } else if (!strcmp(tok, "feature-abs-pointer")) {
                k->feature_abs_pointer = atoi_val(v);
            } else if (!strcmp(tok, "feature-raw-pointer")) {
                k->feature_raw_pointer = atoi_val(v);
            } else if (!strcmp(tok, "feature-multi-touch")) {
                k->feature_multi_touch = atoi_val(v);
            } else if (!strcmp(tok, "width")) {
                k->width = (uint32_t)atoi_val(v);
            } else if (!strcmp(tok, "height")) {
                k->height = (uint32_t)atoi_val(v);
            } else if (!strcmp(tok, "multi-touch-width")) {
                k->multi_touch_width = (uint32_t)atoi_val(v);
            } else if (!strcmp(tok, "multi-touch-height")) {
                k->multi_touch_height = (uint32_t)atoi_val(v);
            } else if (!strcmp(tok, "multi-touch-num-contacts")) {
                k->multi_touch_num_contacts = (uint32_t)atoi_val(v);
            } else {
                xlu_cfg_error(c->cfg, pos, "vkb: unknown setting '%s'", tok);
                e = EINVAL;
            }
        }
        free(buf);
        if (e)
            return e;
        if (k->backend_type == LIBXL_VKB_BACKEND_UNKNOWN) {
            xlu_cfg_error(c->cfg, pos,
                          "vkb: backend-type must be given (qemu, linux)");
            return EINVAL;
        }
    }
    return 0;
}

static int parse_enum_key(struct dc *c, const char *n,
                          int (*from)(const char *, int *), int *out,
                          const char *choices)
{
    const char *s;
    int v, e = xlu_cfg_get_string(c->cfg, n, &s, 0);

    TRY(e);
    if (e)
        return 0;
    if (from(s, &v)) {
        xlu_cfg_error(c->cfg, pos_of(c, n), "invalid %s '%s' (%s)", n, s,
                      choices);
        return EINVAL;
    }
    *out = v;
    return 0;
}

#define ENUM_FROM(t)                             \
    static int t##_from(const char *s, int *v)   \
    {                                            \
        libxl_##t e;                             \
        int rc = libxl_##t##_from_string(s, &e); \
        if (!rc)                                 \
            *v = (int)e;                         \
        return rc;                               \
    }
ENUM_FROM(bios_type)
ENUM_FROM(hdtype)
ENUM_FROM(vendor_device)
ENUM_FROM(passthrough)
ENUM_FROM(device_model_version)

static int parse_hvm(struct dc *c)
{
    libxl_domain_build_info *bi = &c->d->b_info;
    const char *s;
    long l;
    int e, v;

    if (bi->kernel) {
        const char *base = strrchr(bi->kernel, '/');
        base = base ? base + 1 : bi->kernel;
        if (!strcmp(base, "hvmloader")) {
            xlu_cfg_warning(c->cfg, pos_of(c, "kernel"),
                            "'kernel' naming hvmloader is ignored; use "
                            "firmware_override for another firmware");
            free(bi->kernel);
            bi->kernel = NULL;
        }
    }
    TRY(get_str(c, "firmware_override", &bi->u.hvm.firmware));
    TRY(get_str(c, "bios_path_override", &bi->u.hvm.system_firmware));
    v = bi->u.hvm.bios;
    TRY(parse_enum_key(c, "bios", bios_type_from, &v,
                       "rombios, seabios, ovmf"));
    bi->u.hvm.bios = (libxl_bios_type)v;
    TRY(get_defbool(c, "pae", &bi->u.hvm.pae));
    TRY(get_defbool(c, "acpi_s3", &bi->u.hvm.acpi_s3));
    TRY(get_defbool(c, "acpi_s4", &bi->u.hvm.acpi_s4));
    TRY(get_defbool(c, "acpi_laptop_slate", &bi->u.hvm.acpi_laptop_slate));
    TRY(get_defbool(c, "nx", &bi->u.hvm.nx));
    TRY(get_defbool(c, "hpet", &bi->u.hvm.hpet));
    TRY(get_defbool(c, "vpt_align", &bi->u.hvm.vpt_align));
    TRY(get_defbool(c, "apic", &bi->apic));
    /* viridian: a boolean, or a list of enlightenment groups, which
     * turns it on (the groups themselves are not kept). */
    e = xlu_cfg_get_defbool(c->cfg, "viridian", &bi->u.hvm.viridian, 1);
    if (e == EINVAL) {
        if (xlu_cfg_get_list(c->cfg, "viridian", NULL, NULL, 1)) {
            xlu_cfg_error(c->cfg, pos_of(c, "viridian"),
                          "'viridian' must be 0, 1 or a list of groups");
            return EINVAL;
        }
        xlu_cfg_warning(c->cfg, pos_of(c, "viridian"),
                        "the viridian groups are not kept; viridian is "
                        "turned on with its defaults");
        libxl_defbool_set(&bi->u.hvm.viridian, true);
    }
    e = get_long(c, "mmio_hole", &l);
    TRY(e);
    if (!e) {
        /* between 256MB and 3840MB, as Xen requires */
        if (l < 256 || l > 3840) {
            xlu_cfg_error(c->cfg, pos_of(c, "mmio_hole"),
                          "'mmio_hole' must be between 256 and 3840 (MB), "
                          "found %ld",
                          l);
            return EINVAL;
        }
        bi->u.hvm.mmio_hole_memkb = (uint64_t)l * 1024;
    }
    e = get_defbool(c, "altp2mhvm", &bi->u.hvm.altp2m);
    TRY(e);
    if (!e)
        xlu_cfg_warning(c->cfg, pos_of(c, "altp2mhvm"),
                        "'altp2mhvm' is deprecated, use 'altp2m'");
    TRY(get_str(c, "smbios_firmware", &bi->u.hvm.smbios_firmware));
    TRY(get_str(c, "acpi_firmware", &bi->u.hvm.acpi_firmware));
    e = get_long(c, "rdm_mem_boundary", &l);
    TRY(e);
    if (!e)
        bi->u.hvm.rdm_mem_boundary_memkb = (uint64_t)l * 1024;
    e = xlu_cfg_get_string(c->cfg, "firmware", &s, 0);
    TRY(e);
    if (!e) {
        libxl_bios_type b;
        size_t n = strlen(s);
        if (!libxl_bios_type_from_string(s, &b))
            bi->u.hvm.bios = b;
        else if (n && !strncmp(s, "uefi", n))
            bi->u.hvm.bios = LIBXL_BIOS_TYPE_OVMF;
        else if (!(n && !strncmp(s, "bios", n)))
            TRY(get_str(c, "firmware", &bi->u.hvm.firmware));
    }
    /* display, keyboard, usb, serial */
    TRY(get_defbool(c, "vnc", &bi->u.hvm.vnc.enable));
    TRY(get_str(c, "vnclisten", &bi->u.hvm.vnc.listen));
    TRY(get_str(c, "vncpasswd", &bi->u.hvm.vnc.passwd));
    e = get_long(c, "vncdisplay", &l);
    TRY(e);
    if (!e)
        bi->u.hvm.vnc.display = (int)l;
    TRY(get_defbool(c, "vncunused", &bi->u.hvm.vnc.findunused));
    TRY(get_str(c, "keymap", &bi->u.hvm.keymap));
    TRY(get_defbool(c, "sdl", &bi->u.hvm.sdl.enable));
    TRY(get_defbool(c, "opengl", &bi->u.hvm.sdl.opengl));
    TRY(get_str(c, "display", &bi->u.hvm.sdl.display));
    TRY(get_str(c, "xauthority", &bi->u.hvm.sdl.xauthority));
    TRY(get_defbool(c, "nographic", &bi->u.hvm.nographic));
    e = xlu_cfg_get_string(c->cfg, "vga", &s, 0);
    TRY(e);
    if (!e) {
        if (!strcmp(s, "stdvga"))
            bi->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_STD;
        else if (!strcmp(s, "cirrus"))
            bi->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_CIRRUS;
        else if (!strcmp(s, "none"))
            bi->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_NONE;
        else if (!strcmp(s, "qxl"))
            bi->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_QXL;
        else {
            xlu_cfg_error(c->cfg, pos_of(c, "vga"),
                          "invalid vga '%s' (stdvga, cirrus, none, qxl)", s);
            return EINVAL;
        }
    } else {
        e = get_long(c, "stdvga", &l);
        TRY(e);
        if (!e)
            bi->u.hvm.vga.kind = l ? LIBXL_VGA_INTERFACE_TYPE_STD
                                   : LIBXL_VGA_INTERFACE_TYPE_CIRRUS;
    }
    v = bi->u.hvm.hdtype;
    TRY(parse_enum_key(c, "hdtype", hdtype_from, &v, "ide, ahci"));
    bi->u.hvm.hdtype = (libxl_hdtype)v;
    TRY(get_str(c, "boot", &bi->u.hvm.boot));
    /* serial: a string or a list */
    e = xlu_cfg_get_list_as_string_list(c->cfg, "serial",
                                        &bi->u.hvm.serial_list, 1);
    if (e == EINVAL)
        TRY(get_str(c, "serial", &bi->u.hvm.serial));
    else
        TRY(e);
    TRY(get_defbool(c, "usb", &bi->u.hvm.usb));
    e = get_long(c, "usbversion", &l);
    TRY(e);
    if (!e)
        bi->u.hvm.usbversion = (int)l;
    e = xlu_cfg_get_list_as_string_list(c->cfg, "usbdevice",
                                        &bi->u.hvm.usbdevice_list, 1);
    if (e == EINVAL)
        TRY(get_str(c, "usbdevice", &bi->u.hvm.usbdevice));
    else
        TRY(e);
    TRY(get_str(c, "soundhw", &bi->u.hvm.soundhw));
    TRY(get_defbool(c, "vkb_device", &bi->u.hvm.vkb_device));
    TRY(get_defbool(c, "xen_platform_pci", &bi->u.hvm.xen_platform_pci));
    v = bi->u.hvm.vendor_device;
    TRY(parse_enum_key(c, "vendor_device", vendor_device_from, &v,
                       "none, xenserver"));
    bi->u.hvm.vendor_device = (libxl_vendor_device)v;
    v = bi->device_model_version;
    TRY(parse_enum_key(c, "device_model_version", device_model_version_from, &v,
                       "qemu-xen, qemu-xen-traditional"));
    bi->device_model_version = (libxl_device_model_version)v;
    return 0;
}

static int parse_named_or_number(struct dc *c, const char *n, int max,
                                 int *field, int (*from)(const char *, int *),
                                 const char *choices)
{
    const char *s = NULL;
    bool num;
    long l;
    int e = get_num_or_str(c, n, &l, &s, &num);

    TRY(e);
    if (e)
        return 0;
    if (num) {
        if (l < 0 || l > max) {
            xlu_cfg_error(c->cfg, pos_of(c, n), "invalid %s %ld (%s, or 0-%d)",
                          n, l, choices, max);
            return EINVAL;
        }
        xlu_cfg_warning(c->cfg, pos_of(c, n),
                        "giving '%s' as a number is deprecated; use its name",
                        n);
        *field = (int)l;
        return 0;
    }
    if (from(s, field)) {
        xlu_cfg_error(c->cfg, pos_of(c, n), "invalid %s '%s' (%s)", n, s,
                      choices);
        return EINVAL;
    }
    return 0;
}

ENUM_FROM(tsc_mode)
ENUM_FROM(timer_mode)
ENUM_FROM(altp2m_mode)

static int parse_domain(struct dc *c)
{
    libxl_domain_config *d = c->d;
    libxl_domain_create_info *ci = &d->c_info;
    libxl_domain_build_info *bi = &d->b_info;
    const char *s;
    long l, vcpus = 0;
    int e, v;

    check_keys(c->cfg);

    /* security labels */
    TRY(get_str(c, "init_seclabel", &ci->ssid_label));
    e = xlu_cfg_get_string(c->cfg, "seclabel", &s, 0);
    TRY(e);
    if (!e)
        TRY(get_str(c, "seclabel",
                    ci->ssid_label ? &bi->exec_ssid_label : &ci->ssid_label));

    libxl_defbool_set(&ci->run_hotplug_scripts,
                      c->defs->run_hotplug_scripts != 0);
    TRY(parse_type(c));
    TRY(get_defbool(c, "hap", &ci->hap));
    e = get_str(c, "name", &ci->name);
    if (e == ESRCH) {
        xlu_cfg_error(c->cfg, NULL, "the domain name must be given (name=)");
        return EINVAL;
    }
    TRY(e);
    e = xlu_cfg_get_string(c->cfg, "uuid", &s, 0);
    TRY(e);
    if (!e) {
        if (libxl_uuid_from_string(&ci->uuid, s)) {
            xlu_cfg_error(c->cfg, pos_of(c, "uuid"),
                          "invalid uuid '%s' (expected "
                          "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
                          s);
            return EINVAL;
        }
    } else {
        libxl_uuid_generate(&ci->uuid);
    }
    TRY(get_defbool(c, "oos", &ci->oos));
    TRY(get_str(c, "pool", &ci->pool_name));

    libxl_domain_build_info_init_type(bi, ci->type);
    if (bi->type == LIBXL_DOMAIN_TYPE_PVH) {
        TRY(get_defbool(c, "pvshim", &bi->u.pvh.pvshim));
        TRY(get_str(c, "pvshim_path", &bi->u.pvh.pvshim_path));
        TRY(get_str(c, "pvshim_cmdline", &bi->u.pvh.pvshim_cmdline));
        TRY(get_str(c, "pvshim_extra", &bi->u.pvh.pvshim_extra));
    }
    if (c->defs->blkdev_start) {
        bi->blkdev_start = strdup(c->defs->blkdev_start);
        if (!bi->blkdev_start)
            return ENOMEM;
    }

    /* scheduling */
    {
        static const char *const sp[] = {
            "cpu_weight", "cap", "period", "slice", "latency", "extratime"
        };
        int *f[] = { &bi->sched_params.weight,  &bi->sched_params.cap,
                     &bi->sched_params.period,  &bi->sched_params.slice,
                     &bi->sched_params.latency, &bi->sched_params.extratime };
        for (int i = 0; i < 6; i++) {
            e = get_range(c, sp[i], INT_MIN, INT_MAX, &l);
            TRY(e);
            if (!e)
                *f[i] = (int)l;
        }
    }

    /* memory (MB) and vcpus */
    e = get_range(c, "memory", 0, LONG_MAX / 1024, &l);
    TRY(e);
    if (!e)
        bi->target_memkb = (uint64_t)l * 1024;
    e = get_range(c, "maxmem", 0, LONG_MAX / 1024, &l);
    TRY(e);
    if (!e)
        bi->max_memkb = (uint64_t)l * 1024;
    e = get_range(c, "vcpus", 0, 4096, &l);
    TRY(e);
    if (!e) {
        vcpus = l;
        if (libxl_cpu_bitmap_alloc(NULL, &bi->avail_vcpus, l ? (int)l : 1))
            return ENOMEM;
        for (long i = 0; i < l; i++)
            libxl_bitmap_set(&bi->avail_vcpus, (int)i);
    }
    e = get_range(c, "maxvcpus", 0, 4096, &l);
    TRY(e);
    if (!e)
        bi->max_vcpus = (int)l;
    if (bi->max_memkb == LIBXL_MEMKB_DEFAULT)
        bi->max_memkb = bi->target_memkb;
    if (bi->max_vcpus == 0)
        bi->max_vcpus = (int)vcpus;
    if (bi->max_vcpus < vcpus) {
        xlu_cfg_error(c->cfg, pos_of(c, "maxvcpus"),
                      "'maxvcpus' (%d) must not be less than 'vcpus' (%ld)",
                      bi->max_vcpus, vcpus);
        return EINVAL;
    }
    if (bi->target_memkb != LIBXL_MEMKB_DEFAULT &&
        bi->max_memkb < bi->target_memkb)
        /* Xen 4.17 creates such a domain (with 'memory'); so do we. */
        xlu_cfg_warning(c->cfg, pos_of(c, "maxmem"),
                        "'maxmem' (%llu MB) is less than 'memory' (%llu MB)",
                        (unsigned long long)bi->max_memkb / 1024,
                        (unsigned long long)bi->target_memkb / 1024);
    TRY(parse_affinity(c, "cpus", true));
    TRY(parse_affinity(c, "cpus_soft", false));
    TRY(get_str(c, "numa_policy", &bi->numa_policy));

    TRY(parse_grant_limit(c, "max_grant_frames", c->defs->max_grant_frames,
                          &bi->max_grant_frames));
    TRY(parse_grant_limit(c, "max_maptrack_frames",
                          c->defs->max_maptrack_frames,
                          &bi->max_maptrack_frames));
    {
        uint32_t g;
        TRY(parse_grant_limit(c, "max_grant_version",
                              c->defs->max_grant_version, &g));
        bi->max_grant_version = (int)g;
    }
    libxl_defbool_set(&bi->claim_mode, c->defs->claim_mode != 0);
    TRY(get_defbool(c, "claim_mode", &bi->claim_mode));

    TRY(parse_action(c, "on_poweroff", "destroy", &d->on_poweroff));
    TRY(parse_action(c, "on_reboot", "restart", &d->on_reboot));
    TRY(parse_action(c, "on_watchdog", "destroy", &d->on_watchdog));
    TRY(parse_action(c, "on_crash", "destroy", &d->on_crash));
    TRY(parse_action(c, "on_soft_reset", "soft-reset", &d->on_soft_reset));

    if (ci->type == LIBXL_DOMAIN_TYPE_PV)
        TRY(get_defbool(c, "e820_host", &bi->u.pv.e820_host));
    TRY(parse_pcis(c));

    v = ci->passthrough;
    TRY(parse_enum_key(c, "passthrough", passthrough_from, &v,
                       "default, disabled, enabled, sync_pt, share_pt"));
    ci->passthrough = (libxl_passthrough)v;
    e = get_range(c, "shadow_memory", 0, LONG_MAX / 1024, &l);
    TRY(e);
    if (!e)
        bi->shadow_memkb = (uint64_t)l * 1024;
    TRY(get_defbool(c, "nomigrate", &bi->disable_migrate));
    v = bi->tsc_mode;
    TRY(parse_named_or_number(c, "tsc_mode", LIBXL_TSC_MODE_NATIVE_PARAVIRT, &v,
                              tsc_mode_from,
                              "default, always_emulate, native, "
                              "native_paravirt"));
    bi->tsc_mode = (libxl_tsc_mode)v;
    e = get_range(c, "rtc_timeoffset", INT32_MIN, UINT32_MAX, &l);
    TRY(e);
    if (!e)
        bi->rtc_timeoffset = (uint32_t)l;
    TRY(get_defbool(c, "localtime", &bi->localtime));
    e = get_range(c, "videoram", 0, LONG_MAX / 1024, &l);
    TRY(e);
    if (!e)
        bi->video_memkb = (uint64_t)l * 1024;
    e = get_range(c, "max_event_channels", 0, UINT32_MAX, &l);
    TRY(e);
    if (!e)
        bi->event_channels = (uint32_t)l;

    TRY(get_str(c, "kernel", &bi->kernel));
    TRY(get_str(c, "ramdisk", &bi->ramdisk));
    TRY(get_str(c, "device_tree", &bi->device_tree));
    TRY(parse_cmdline(c));
    TRY(get_defbool(c, "driver_domain", &ci->driver_domain));
    TRY(get_defbool(c, "acpi", &bi->acpi));

    TRY(get_str(c, "bootloader", &bi->bootloader));
    e = xlu_cfg_get_list_as_string_list(c->cfg, "bootloader_args",
                                        &bi->bootloader_args, 1);
    if (e == EINVAL) {
        /* The old string form: split at blanks. */
        e = xlu_cfg_get_string(c->cfg, "bootloader_args", &s, 0);
        TRY(e);
        xlu_cfg_warning(c->cfg, pos_of(c, "bootloader_args"),
                        "'bootloader_args' as a string is deprecated; use a "
                        "list");
        char *buf = strdup(s), *save = NULL, *t;
        int n = 0;
        if (!buf)
            return ENOMEM;
        for (t = strtok_r(buf, " \t\n", &save); t;
             t = strtok_r(NULL, " \t\n", &save)) {
            char **sl =
                realloc(bi->bootloader_args, (size_t)(n + 2) * sizeof(char *));
            if (!sl || !(sl[n] = strdup(t))) {
                if (sl)
                    bi->bootloader_args = sl;
                free(buf);
                return ENOMEM;
            }
            sl[++n] = NULL;
            bi->bootloader_args = sl;
        }
        free(buf);
    } else {
        TRY(e);
    }

    v = bi->timer_mode;
    e = xlu_cfg_get_string(c->cfg, "timer_mode", &s, 1);
    if (e != ESRCH && bi->type == LIBXL_DOMAIN_TYPE_PV) {
        xlu_cfg_error(c->cfg, pos_of(c, "timer_mode"),
                      "'timer_mode' is not supported for PV guests");
        return EINVAL;
    }
    TRY(parse_named_or_number(c, "timer_mode",
                              LIBXL_TIMER_MODE_ONE_MISSED_TICK_PENDING, &v,
                              timer_mode_from,
                              "delay_for_missed_ticks, "
                              "no_delay_for_missed_ticks, "
                              "no_missed_ticks_pending, "
                              "one_missed_tick_pending"));
    bi->timer_mode = (libxl_timer_mode)v;
    TRY(get_defbool(c, "nestedhvm", &bi->nested_hvm));

    if (bi->type == LIBXL_DOMAIN_TYPE_HVM) {
        TRY(parse_hvm(c));
    } else {
        e = xlu_cfg_get_string(c->cfg, "firmware", &s, 0);
        TRY(e);
        if (!e) {
            size_t n = strlen(s);
            if (bi->kernel) {
                xlu_cfg_error(c->cfg, pos_of(c, "firmware"),
                              "both 'kernel' and 'firmware' are given");
                return EINVAL;
            }
            if (!n ||
                (strncmp(s, "pvgrub32", n) && strncmp(s, "pvgrub64", n))) {
                xlu_cfg_error(c->cfg, pos_of(c, "firmware"),
                              "only pvgrub32 and pvgrub64 are firmware "
                              "options for PV and PVH guests");
                return EINVAL;
            }
            if (asprintf(&bi->kernel, "/usr/lib/xen/boot/%s.bin", s) < 0) {
                bi->kernel = NULL;
                return ENOMEM;
            }
            c->bootloader = 1;
            xlu_cfg_warning(c->cfg, pos_of(c, "firmware"),
                            "'firmware' (PV GRUB) is not supported by this "
                            "toolstack; use kernel= (and ramdisk=, "
                            "cmdline=) instead");
        }
        if (bi->bootloader) {
            c->bootloader = 1;
            xlu_cfg_warning(c->cfg, pos_of(c, "bootloader"),
                            "'bootloader' is not supported by this "
                            "toolstack; use kernel= (and ramdisk=, "
                            "cmdline=) instead");
        }
        if (!bi->bootloader && !bi->kernel) {
            xlu_cfg_error(c->cfg, NULL,
                          "neither 'kernel' nor 'bootloader' is given");
            return EINVAL;
        }
    }
    v = bi->altp2m;
    TRY(parse_named_or_number(c, "altp2m", LIBXL_ALTP2M_MODE_LIMITED, &v,
                              altp2m_mode_from,
                              "disabled, mixed, external, limited"));
    bi->altp2m = (libxl_altp2m_mode)v;

    TRY(parse_disks(c));
    TRY(parse_nics(c));
    TRY(parse_vfbs(c));
    TRY(parse_vkbs(c));

    TRY(get_defbool(c, "xend_suspend_evtchn_compat",
                    &ci->xend_suspend_evtchn_compat));
    TRY(get_defbool(c, "msr_relaxed", &bi->arch_x86.msr_relaxed));
    TRY(get_defbool(c, "vpmu", &bi->vpmu));
    TRY(get_defbool(c, "dm_restrict", &bi->dm_restrict));
    return 0;
}

void xlu_domain_defaults_init(XLU_DomainDefaults *d)
{
    memset(d, 0, sizeof(*d));
    d->run_hotplug_scripts = 1;
    d->claim_mode = 1;
    d->max_grant_frames = -1;
    d->max_maptrack_frames = -1;
    d->max_grant_version = -1;
}

int xlu_domain_config_from_cfg(XLU_Config *cfg, const XLU_DomainDefaults *defs,
                               libxl_domain_config *d_config, int *bootloader_r)
{
    XLU_DomainDefaults dflt;
    struct dc c = { 0 };
    int rc;

    libxl_domain_config_init(d_config);
    if (!defs) {
        xlu_domain_defaults_init(&dflt);
        defs = &dflt;
    }
    c.cfg = cfg;
    c.defs = defs;
    c.d = d_config;
    rc = parse_domain(&c);
    if (!rc && cfg->oom)
        rc = ENOMEM;
    if (rc == ENOMEM)
        xlu_cfg_error(cfg, NULL, "out of memory");
    if (bootloader_r)
        *bootloader_r = c.bootloader;
    return rc;
}

int xlu_parse_domain_config(const char *path, const char *const *overrides,
                            int n_overrides, const XLU_DomainDefaults *defs,
                            FILE *report, libxl_domain_config *d_config,
                            int *bootloader_r)
{
    XLU_Config *cfg;
    int rc;

    if (bootloader_r)
        *bootloader_r = 0;
    cfg = xlu_cfg_init(report ? report : stderr, path);
    if (!cfg) {
        libxl_domain_config_init(d_config);
        return ENOMEM;
    }
    rc = path ? xlu_cfg_readfile(cfg, path) : 0;
    for (int i = 0; !rc && i < n_overrides; i++)
        rc = xlu_cfg_read_override(cfg, "command line", i + 1, overrides[i]);
    if (!rc)
        rc = xlu_domain_config_from_cfg(cfg, defs, d_config, bootloader_r);
    else
        libxl_domain_config_init(d_config);
    xlu_cfg_destroy(cfg);
    return rc;
}

char *xlu_domain_config_json(const libxl_domain_config *d_config, long domid)
{
    libxl_json_gen *g = libxl_json_gen_new();

    if (!g)
        return NULL;
    libxl_json_map_open(g);
    libxl_json_string(g, "domid");
    if (domid < 0)
        libxl_json_null(g);
    else
        libxl_json_integer(g, domid);
    libxl_json_string(g, "config");
    libxl_domain_config_gen_json(g, d_config);
    libxl_json_map_close(g);
    return libxl_json_gen_finish(g);
}
