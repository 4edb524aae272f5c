/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * A new domain's defaults (Xen 4.17's for a PV guest) and the checks made
 * before anything exists: type, name, vCPUs, memory, kernel, the devices'
 * specs, every vif's bridge, and free memory.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "create.h"

int libxl__create_setdefault(libxl__gc *gc, libxl_domain_config *cfg)
{
    libxl_domain_create_info *c = &cfg->c_info;
    libxl_domain_build_info *b = &cfg->b_info;
    int rc;

    if (libxl_uuid_is_nil(&c->uuid))
        libxl_uuid_generate(&c->uuid);
    libxl_defbool_setdefault(&c->run_hotplug_scripts, true);
    if (b->max_vcpus <= 0)
        b->max_vcpus = 1;
    b->max_memkb = libxl__memkb_or(
        b->max_memkb, libxl__memkb_or(b->target_memkb, LIBXL__MEMKB_FALLBACK));
    b->target_memkb = libxl__memkb_or(b->target_memkb, b->max_memkb);
    b->video_memkb = libxl__memkb_or(b->video_memkb, 0);
    b->shadow_memkb = libxl__memkb_or(b->shadow_memkb, 0);
    if (!b->event_channels)
        b->event_channels = LIBXL__EVTCHN_DEFAULT;
    libxl_defbool_setdefault(&b->numa_placement, true);
    for (int i = 0; i < cfg->num_nics; i++) {
        libxl_device_nic *nic = &cfg->nics[i];
        if (nic->devid < 0)
            nic->devid = i;
        rc = libxl__device_nic_setdefault(gc, 0, nic);
        if (rc)
            return rc;
    }
    return 0;
}

/* The domid of a domain named name, or -1. */
static long domid_of_name(libxl__gc *gc, const char *name)
{
    unsigned n;
    char **ids = libxl__xs_directory(gc, XBT_NULL, "/local/domain", &n);

    for (unsigned i = 0; i < n; i++) {
        char *v = libxl__xs_read(gc, XBT_NULL,
                                 GCSPRINTF("/local/domain/%s/name", ids[i]));
        if (v && !strcmp(v, name))
            return atol(ids[i]);
    }
    return -1;
}

static int check_name(libxl__gc *gc, const char *name)
{
    long other;

    if (!name || !*name) {
        LOG(ERROR, "the domain has no name (name= in its config)");
        return ERROR_INVAL;
    }
    if (strchr(name, '/') || strlen(name) > 64) {
        LOG(ERROR,
            "domain name \"%s\" is not valid (no '/', at most 64 "
            "characters)",
            name);
        return ERROR_INVAL;
    }
    other = domid_of_name(gc, name);
    if (other >= 0) {
        LOG(ERROR,
            "domain with name \"%s\" already exists (domid %ld); choose "
            "another name= or remove it with xl destroy %s",
            name, other, name);
        return ERROR_INVAL;
    }
    return 0;
}

static int check_build(libxl__gc *gc, const libxl_domain_config *cfg)
{
    const libxl_domain_build_info *b = &cfg->b_info;
    const char *name = cfg->c_info.name;
    struct xen_sysctl_physinfo pi;

    if (cfg->c_info.type != LIBXL_DOMAIN_TYPE_PV) {
        LOG(ERROR, "guest %s: only PV guests can be created (type=\"pv\")",
            name);
        return ERROR_INVAL;
    }
    if (cfg->num_pcidevs) {
        LOG(ERROR,
            "guest %s: PCI passthrough (pci=) is not supported yet; remove "
            "pci= from its config",
            name);
        return ERROR_NI;
    }
    if (cfg->num_vfbs || cfg->num_vkbs) {
        LOG(ERROR,
            "guest %s: vfb= and vkb= need a device model, which is not "
            "supported yet; remove them from its config (the console is "
            "xl console)",
            name);
        return ERROR_NI;
    }
    if (b->bootloader) {
        LOG(ERROR,
            "guest %s: bootloader= is not supported; give kernel= "
            "and ramdisk=",
            name);
        return ERROR_INVAL;
    }
    if (!b->kernel) {
        LOG(ERROR, "guest %s: no kernel= in its config", name);
        return ERROR_INVAL;
    }
    if (access(b->kernel, R_OK) < 0) {
        LOGE(ERROR, "guest %s: cannot read kernel %s", name, b->kernel);
        return ERROR_INVAL;
    }
    if (b->ramdisk && access(b->ramdisk, R_OK) < 0) {
        LOGE(ERROR, "guest %s: cannot read ramdisk %s", name, b->ramdisk);
        return ERROR_INVAL;
    }
    if (b->target_memkb > b->max_memkb) {
        LOG(ERROR,
            "guest %s: memory (%" PRIu64 " MiB) above maxmem (%" PRIu64 " MiB)",
            name, b->target_memkb >> 10, b->max_memkb >> 10);
        return ERROR_INVAL;
    }
    if (b->max_vcpus > 512) {
        LOG(ERROR, "guest %s: %d vCPUs, a PV guest has at most 512", name,
            b->max_vcpus);
        return ERROR_INVAL;
    }
    if (!libxl__physinfo(gc, &pi) && (unsigned)b->max_vcpus > pi.nr_cpus)
        LOG(WARNING, "guest %s: %d vCPUs on %u pCPUs", name, b->max_vcpus,
            pi.nr_cpus);
    return 0;
}

static int check_devices(libxl__gc *gc, libxl_domain_config *cfg)
{
    const char *name = cfg->c_info.name;
    int rc;

    for (int i = 0; i < cfg->num_nics; i++) {
        libxl_device_nic *nic = &cfg->nics[i];
        /* vif-bridge needs a bridge; other scripts route or do it
         * themselves. */
        if (nic->backend_domid == 0 && strstr(nic->script, "vif-bridge") &&
            (rc = libxl__bridge_check(gc, name, nic->devid, nic->bridge)))
            return rc;
    }
    for (int i = 0; i < cfg->num_disks; i++) {
        libxl_device_disk *disk = &cfg->disks[i];
        for (int j = 0; j < i; j++)
            if (disk->vdev && cfg->disks[j].vdev &&
                !strcmp(disk->vdev, cfg->disks[j].vdev)) {
                LOG(ERROR, "guest %s: two disks are %s", name, disk->vdev);
                return ERROR_INVAL;
            }
        if ((rc = libxl__device_disk_setdefault(gc, 0, disk)))
            return rc;
    }
    return 0;
}

static int check_memory(libxl__gc *gc, libxl_domain_config *cfg)
{
    uint64_t need, free_kb;
    int rc;

    libxl_domain_need_memory(CTX, cfg, 0, &need);
    rc = libxl_get_free_memory(CTX, &free_kb);
    if (rc)
        return rc;
    if (free_kb >= need)
        return 0;
    LOG(ERROR, "guest %s needs %" PRIu64 " MiB, %" PRIu64 " MiB free",
        cfg->c_info.name, (need + 1023) >> 10, free_kb >> 10);
    return ERROR_NOMEM;
}

int libxl__create_validate(libxl__gc *gc, libxl_domain_config *cfg)
{
    int rc;

    if ((rc = check_name(gc, cfg->c_info.name)) ||
        (rc = check_build(gc, cfg)) || (rc = check_devices(gc, cfg)) ||
        (rc = check_memory(gc, cfg)))
        return rc;
    return 0;
}
