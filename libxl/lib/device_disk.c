/* SPDX-License-Identifier: LGPL-2.1-only */
/* Block devices (vbd): defaults, keys, add, remove, list, info. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>

#include "device.h"

/* Letters to an index: a=0, z=25, aa=26 ... (as Linux names disks). */
static int letters_index(const char **p)
{
    int idx = -1;

    while (islower((unsigned char)**p)) {
        idx = (idx + 1) * 26 + (**p - 'a');
        (*p)++;
    }
    return idx;
}

int libxl__device_disk_dev_number(const char *vdev)
{
    const char *p = vdev;
    int idx, part = 0;

    if (!vdev || !*vdev)
        return -1;
    if (isdigit((unsigned char)*p)) {
        char *end;
        long v = strtol(p, &end, 10);
        return *end || v < 0 || v > INT32_MAX ? -1 : (int)v;
    }
    if (!strncmp(p, "xvd", 3) || !strncmp(p, "hd", 2) || !strncmp(p, "sd", 2))
        p += p[0] == 'x' ? 3 : 2;
    else
        return -1;
    idx = letters_index(&p);
    if (idx < 0)
        return -1;
    if (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (*end || v < 1 || v > 255)
            return -1;
        part = (int)v;
    }
    switch (vdev[0]) {
    case 'x':
        if (idx < 16 && part < 16)
            return (202 << 8) | (idx << 4) | part;
        return (1 << 28) | (idx << 8) | part;
    case 'h':
        if (idx > 3 || part > 63)
            return -1;
        return ((idx < 2 ? 3 : 22) << 8) | ((idx & 1) << 6) | part;
    default: /* sd */
        if (idx > 15 || part > 15)
            return -1;
        return (8 << 8) | (idx << 4) | part;
    }
}

int libxl__device_disk_setdefault(libxl__gc *gc, uint32_t domid,
                                  libxl_device_disk *disk)
{
    struct stat st;

    if (libxl__device_disk_dev_number(disk->vdev) < 0) {
        LOG(ERROR, "disk %s: not a virtual disk name (xvda, sda, hda)",
            disk->vdev ? disk->vdev : "(none)");
        return ERROR_INVAL;
    }
    if (!disk->pdev_path && !disk->is_cdrom) {
        LOG(ERROR, "disk %s: no target (target=PATH)", disk->vdev);
        return ERROR_INVAL;
    }
    if (disk->format == LIBXL_DISK_FORMAT_UNKNOWN)
        disk->format = LIBXL_DISK_FORMAT_RAW;
    if (disk->backend == LIBXL_DISK_BACKEND_UNKNOWN) {
        /* A PV guest without a device model: the kernel's blkback on a
         * block device, or on a loop device the block script sets up. */
        if (disk->format != LIBXL_DISK_FORMAT_RAW) {
            LOG(ERROR,
                "disk %s: only raw images are supported without a device "
                "model (format=raw)",
                disk->vdev);
            return ERROR_INVAL;
        }
        disk->backend = LIBXL_DISK_BACKEND_PHY;
    }
    if (disk->backend != LIBXL_DISK_BACKEND_PHY) {
        LOG(ERROR, "disk %s: backend %s is not supported (backendtype=phy)",
            disk->vdev,
            disk->backend == LIBXL_DISK_BACKEND_QDISK ? "qdisk" : "tap");
        return ERROR_INVAL;
    }
    if (disk->pdev_path && !disk->script && stat(disk->pdev_path, &st) < 0) {
        LOGE(ERROR, "disk %s: cannot use %s", disk->vdev, disk->pdev_path);
        return ERROR_INVAL;
    }
    libxl_defbool_setdefault(&disk->discard_enable, !!disk->readwrite);
    libxl_defbool_setdefault(&disk->trusted, true);
    return 0;
}

int libxl__device_disk_keys(libxl__gc *gc, uint32_t domid,
                            const libxl_device_disk *disk, libxl__kvs *back,
                            libxl__kvs *front)
{
    const char *script = disk->script ? disk->script : "block";
    int devnum = libxl__device_disk_dev_number(disk->vdev);

    libxl__kvs_add(back, "params", disk->pdev_path);
    libxl__kvs_add(
        back, "script",
        script[0] == '/' ? script : GCSPRINTF("%s/%s", XEN_SCRIPT_DIR, script));
    libxl__kvs_addf(back, "frontend-id", "%" PRIu32, domid);
    libxl__kvs_add(back, "online", "1");
    libxl__kvs_addf(back, "removable", "%d", disk->removable ? 1 : 0);
    libxl__kvs_add(back, "bootable", "1");
    libxl__kvs_addf(back, "state", "%d", XENBUS_INITIALISING);
    libxl__kvs_add(back, "dev", disk->vdev);
    libxl__kvs_add(back, "type", "phy");
    libxl__kvs_add(back, "mode", disk->readwrite ? "w" : "r");
    libxl__kvs_add(back, "device-type", disk->is_cdrom ? "cdrom" : "disk");
    if (disk->direct_io_safe)
        libxl__kvs_add(back, "direct-io-safe", "1");
    libxl__kvs_add(back, "discard-enable",
                   libxl_defbool_val(disk->discard_enable) ? "1" : "0");
    libxl__kvs_add(back, "specification", "xen");

    libxl__kvs_addf(front, "backend-id", "%" PRIu32, disk->backend_domid);
    libxl__kvs_addf(front, "state", "%d", XENBUS_INITIALISING);
    libxl__kvs_addf(front, "virtual-device", "%d", devnum);
    libxl__kvs_add(front, "device-type", disk->is_cdrom ? "cdrom" : "disk");
    libxl__kvs_add(front, "trusted",
                   libxl_defbool_val(disk->trusted) ? "1" : "0");
    /* What pre-2.6.26 frontends need; newer ones write it themselves. */
    libxl__kvs_add(front, "protocol", "x86_64-abi");
    return 0;
}

static void disk_device(const libxl_device_disk *disk, uint32_t domid,
                        libxl__device *dev)
{
    dev->kind = LIBXL__DEVICE_KIND_VBD;
    dev->domid = domid;
    dev->devid = libxl__device_disk_dev_number(disk->vdev);
    dev->backend_domid = disk->backend_domid;
}

int libxl__device_disk_add(libxl__gc *gc, uint32_t domid,
                           libxl_device_disk *disk, bool run_scripts)
{
    libxl__kvs back, front;
    libxl__device dev;
    int rc;

    rc = libxl__device_disk_setdefault(gc, domid, disk);
    if (rc)
        return rc;
    libxl__kvs_init(gc, &back);
    libxl__kvs_init(gc, &front);
    libxl__device_disk_keys(gc, domid, disk, &back, &front);
    disk_device(disk, domid, &dev);
    return libxl__device_add_connect(gc, &dev, back.v, front.v, NULL,
                                     run_scripts);
}

/* ---- public API ---------------------------------------------------------- */

struct disk_op {
    uint32_t domid;
    libxl_device_disk *disk;
    bool add, force;
};

static int disk_work(libxl__gc *gc, void *arg)
{
    struct disk_op *op = arg;
    libxl__device dev;
    bool run = libxl__userdata_run_hotplug(gc, op->domid);

    if (op->add)
        return libxl__device_disk_add(gc, op->domid, op->disk, run);
    disk_device(op->disk, op->domid, &dev);
    if (dev.devid < 0 ||
        !libxl__xs_read(
            gc, XBT_NULL,
            GCSPRINTF("%s/backend", libxl__device_libxl_path(gc, &dev)))) {
        LOG(ERROR, "domain %" PRIu32 " has no disk %s", op->domid,
            op->disk->vdev ? op->disk->vdev : "(none)");
        return ERROR_NOTFOUND;
    }
    return libxl__device_remove(gc, &dev, run, op->force);
}

static int disk_op_run(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk,
                       bool add, bool force, const libxl_asyncop_how *ao_how)
{
    struct disk_op *op = calloc(1, sizeof(*op));

    if (!op)
        return ERROR_NOMEM;
    *op = (struct disk_op){ domid, disk, add, force };
    return libxl__ao_run_owned(ctx, ao_how, disk_work, op);
}

int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                          libxl_device_disk *disk,
                          const libxl_asyncop_how *ao_how)
{
    return disk_op_run(ctx, domid, disk, true, false, ao_how);
}

int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid,
                             libxl_device_disk *disk,
                             const libxl_asyncop_how *ao_how)
{
    return disk_op_run(ctx, domid, disk, false, false, ao_how);
}

int libxl_device_disk_destroy(libxl_ctx *ctx, uint32_t domid,
                              libxl_device_disk *disk,
                              const libxl_asyncop_how *ao_how)
{
    return disk_op_run(ctx, domid, disk, false, true, ao_how);
}

static char *xs_dup(libxl__gc *gc, const char *lp, const char *key)
{
    char *v = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/%s", lp, key));
    return v ? strdup(v) : NULL;
}

static void disk_from_xs(libxl__gc *gc, const char *lp, libxl_device_disk *d)
{
    char *be = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/backend", lp));
    char *mode = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/mode", lp));
    char *type = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/device-type", lp));
    unsigned bd = 0;

    libxl_device_disk_init(d);
    if (be)
        sscanf(be, "/local/domain/%u/", &bd);
    d->backend_domid = bd;
    d->pdev_path = xs_dup(gc, lp, "params");
    d->vdev = xs_dup(gc, lp, "dev");
    d->script = xs_dup(gc, lp, "script");
    d->backend = LIBXL_DISK_BACKEND_PHY;
    d->format = LIBXL_DISK_FORMAT_RAW;
    d->readwrite = mode && mode[0] == 'w';
    d->is_cdrom = type && !strcmp(type, "cdrom");
}

libxl_device_disk *libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid,
                                          int *num)
{
    GC_INIT(ctx);
    char *base = GCSPRINTF("/libxl/%" PRIu32 "/device/vbd", domid);
    unsigned n;
    char **ids = libxl__xs_directory(gc, XBT_NULL, base, &n);
    libxl_device_disk *list = n ? calloc(n, sizeof(*list)) : NULL;

    *num = 0;
    for (unsigned i = 0; list && i < n; i++)
        disk_from_xs(gc, GCSPRINTF("%s/%s", base, ids[i]), &list[(*num)++]);
    GC_FREE;
    return list;
}

void libxl_device_disk_list_free(libxl_device_disk *list, int num)
{
    for (int i = 0; list && i < num; i++)
        libxl_device_disk_dispose(&list[i]);
    free(list);
}

int libxl_vdev_to_device_disk(libxl_ctx *ctx, uint32_t domid, const char *vdev,
                              libxl_device_disk *disk)
{
    GC_INIT(ctx);
    int devid = libxl__device_disk_dev_number(vdev);
    char *lp = GCSPRINTF("/libxl/%" PRIu32 "/device/vbd/%d", domid, devid);
    int rc = ERROR_NOTFOUND;

    if (devid >= 0 &&
        libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/backend", lp))) {
        libxl_device_disk_dispose(disk);
        disk_from_xs(gc, lp, disk);
        rc = 0;
    }
    GC_FREE;
    return rc;
}

static int read_int(libxl__gc *gc, const char *path, int dflt)
{
    char *v = libxl__xs_read(gc, XBT_NULL, path);
    return v ? atoi(v) : dflt;
}

int libxl_device_disk_getinfo(libxl_ctx *ctx, uint32_t domid,
                              const libxl_device_disk *disk,
                              libxl_diskinfo *info)
{
    GC_INIT(ctx);
    libxl__device dev;
    char *fe, *be;
    int rc = 0;

    disk_device(disk, domid, &dev);
    fe = libxl__device_frontend_path(gc, &dev);
    be = dev.devid < 0
             ? NULL
             : libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/backend", fe));
    if (!be) {
        LOG(ERROR, "domain %" PRIu32 " has no disk %s", domid,
            disk->vdev ? disk->vdev : "(none)");
        rc = ERROR_NOTFOUND;
        goto out;
    }
    info->backend = strdup(be);
    info->backend_id =
        (uint32_t)read_int(gc, GCSPRINTF("%s/backend-id", fe), 0);
    info->frontend = strdup(fe);
    info->frontend_id = domid;
    info->devid = dev.devid;
    info->state = read_int(gc, GCSPRINTF("%s/state", fe), -1);
    info->evtch = read_int(gc, GCSPRINTF("%s/event-channel", fe), -1);
    info->rref = read_int(gc, GCSPRINTF("%s/ring-ref", fe), -1);
out:
    GC_FREE;
    return rc;
}
