/* SPDX-License-Identifier: LGPL-2.1-only */
/* Network interfaces (vif): defaults, keys, add, remove, list, info. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "device.h"
#include "xctl.h"

#define NIC_MTU_DEFAULT 1500

int libxl__device_nic_setdefault(libxl__gc *gc, uint32_t domid,
                                 libxl_device_nic *nic)
{
    if (!nic->mtu)
        nic->mtu = NIC_MTU_DEFAULT;
    if (!nic->model && !(nic->model = strdup("rtl8139")))
        return ERROR_NOMEM;
    if (libxl_mac_is_default(&nic->mac)) {
        uint8_t r[3] = { 0 };
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

        if (fd < 0 || read(fd, r, sizeof(r)) != sizeof(r)) {
            LOGED(ERROR, domid, "cannot read /dev/urandom for a MAC address");
            if (fd >= 0)
                close(fd);
            return ERROR_FAIL;
        }
        close(fd);
        /* Xen's OUI, a locally random rest */
        nic->mac[0] = 0x00;
        nic->mac[1] = 0x16;
        nic->mac[2] = 0x3e;
        nic->mac[3] = r[0] & 0x7f;
        nic->mac[4] = r[1];
        nic->mac[5] = r[2];
    }
    if (!nic->bridge && !(nic->bridge = strdup("xenbr0")))
        return ERROR_NOMEM;
    if (!nic->script &&
        asprintf(&nic->script, "%s/vif-bridge", XEN_SCRIPT_DIR) < 0)
        return ERROR_NOMEM;
    if (nic->nictype == LIBXL_NIC_TYPE_VIF_IOEMU) {
        LOG(ERROR,
            "vif %d: a PV guest cannot have an emulated "
            "interface (type=ioemu)",
            nic->devid);
        return ERROR_INVAL;
    }
    nic->nictype = LIBXL_NIC_TYPE_VIF;
    libxl_defbool_setdefault(&nic->trusted, true);
    return 0;
}

/* The next free id: one more than the highest in use. */
static int next_devid(libxl__gc *gc, uint32_t domid, const char *kind)
{
    unsigned n;
    char **d = libxl__xs_directory(
        gc, XBT_NULL,
        GCSPRINTF("/local/domain/%" PRIu32 "/device/%s", domid, kind), &n);
    int next = 0;

    for (unsigned i = 0; i < n; i++)
        if (atoi(d[i]) >= next)
            next = atoi(d[i]) + 1;
    return next;
}

int libxl__device_nic_devid(libxl__gc *gc, uint32_t domid,
                            libxl_device_nic *nic)
{
    if (nic->devid < 0)
        nic->devid = next_devid(gc, domid, "vif");
    return 0;
}

static char *abs_script(libxl__gc *gc, const char *s)
{
    return s[0] == '/' ? libxl__strdup(gc, s)
                       : GCSPRINTF("%s/%s", XEN_SCRIPT_DIR, s);
}

void libxl__device_nic_keys(libxl__gc *gc, uint32_t domid,
                            const libxl_device_nic *nic, libxl__kvs *back,
                            libxl__kvs *front, libxl__kvs *ro_front)
{
    libxl__kvs_addf(back, "frontend-id", "%" PRIu32, domid);
    libxl__kvs_add(back, "online", "1");
    libxl__kvs_addf(back, "state", "%d", XENBUS_INITIALISING);
    if (nic->script)
        libxl__kvs_add(back, "script", abs_script(gc, nic->script));
    if (nic->ifname)
        libxl__kvs_add(back, "vifname", nic->ifname);
    libxl__kvs_addf(back, "mac", LIBXL_MAC_FMT, LIBXL_MAC_BYTES(nic->mac));
    if (nic->ip)
        libxl__kvs_add(back, "ip", nic->ip);
    if (nic->gatewaydev)
        libxl__kvs_add(back, "gatewaydev", nic->gatewaydev);
    if (nic->rate_interval_usecs > 0)
        libxl__kvs_addf(back, "rate", "%" PRIu64 ",%" PRIu32,
                        nic->rate_bytes_per_interval, nic->rate_interval_usecs);
    if (nic->mtu != NIC_MTU_DEFAULT)
        libxl__kvs_addf(back, "mtu", "%d", nic->mtu);
    libxl__kvs_add(back, "bridge", nic->bridge);
    libxl__kvs_addf(back, "handle", "%d", nic->devid);
    libxl__kvs_add(back, "type", "vif");

    libxl__kvs_addf(front, "backend-id", "%" PRIu32, nic->backend_domid);
    libxl__kvs_addf(front, "state", "%d", XENBUS_INITIALISING);
    libxl__kvs_addf(front, "handle", "%d", nic->devid);
    libxl__kvs_addf(front, "mac", LIBXL_MAC_FMT, LIBXL_MAC_BYTES(nic->mac));

    libxl__kvs_addf(ro_front, "mtu", "%d", nic->mtu);
    /* The backend waits for the script before connecting. */
    libxl__kvs_add(back, "hotplug-status", "");
    libxl__kvs_add(front, "trusted",
                   libxl_defbool_val(nic->trusted) ? "1" : "0");
}

static void nic_device(const libxl_device_nic *nic, uint32_t domid,
                       libxl__device *dev)
{
    dev->kind = LIBXL__DEVICE_KIND_VIF;
    dev->domid = domid;
    dev->devid = nic->devid;
    dev->backend_domid = nic->backend_domid;
}

int libxl__device_nic_add(libxl__gc *gc, uint32_t domid, libxl_device_nic *nic,
                          bool run_scripts)
{
    libxl__kvs back, front, ro;
    libxl__device dev;
    int rc;

    rc = libxl__device_nic_setdefault(gc, domid, nic);
    if (!rc)
        rc = libxl__device_nic_devid(gc, domid, nic);
    if (rc)
        return rc;
    libxl__kvs_init(gc, &back);
    libxl__kvs_init(gc, &front);
    libxl__kvs_init(gc, &ro);
    libxl__device_nic_keys(gc, domid, nic, &back, &front, &ro);
    nic_device(nic, domid, &dev);
    return libxl__device_add_connect(gc, &dev, back.v, front.v, ro.v,
                                     run_scripts);
}

/* ---- public API ---------------------------------------------------------- */

struct nic_op {
    uint32_t domid;
    libxl_device_nic *nic;
    bool add, force;
};

static int nic_work(libxl__gc *gc, void *arg)
{
    struct nic_op *op = arg;
    libxl__device dev;
    bool run = libxl__userdata_run_hotplug(gc, op->domid);

    if (op->add)
        return libxl__device_nic_add(gc, op->domid, op->nic, run);
    nic_device(op->nic, op->domid, &dev);
    if (!libxl__xs_read(
            gc, XBT_NULL,
            GCSPRINTF("%s/backend", libxl__device_libxl_path(gc, &dev)))) {
        LOG(ERROR, "%s does not exist", libxl__device_describe(gc, &dev));
        return ERROR_NOTFOUND;
    }
    return libxl__device_remove(gc, &dev, run, op->force);
}

static int nic_op_run(libxl_ctx *ctx, uint32_t domid, libxl_device_nic *nic,
                      bool add, bool force, const libxl_asyncop_how *ao_how)
{
    struct nic_op *op = calloc(1, sizeof(*op));
    int rc;

    if (!op)
        return ERROR_NOMEM;
    *op = (struct nic_op){ domid, nic, add, force };
    rc = libxl__ao_run_owned(ctx, ao_how, nic_work, op);
    return rc;
}

int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid, libxl_device_nic *nic,
                         const libxl_asyncop_how *ao_how)
{
    return nic_op_run(ctx, domid, nic, true, false, ao_how);
}

int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid,
                            libxl_device_nic *nic,
                            const libxl_asyncop_how *ao_how)
{
    return nic_op_run(ctx, domid, nic, false, false, ao_how);
}

int libxl_device_nic_destroy(libxl_ctx *ctx, uint32_t domid,
                             libxl_device_nic *nic,
                             const libxl_asyncop_how *ao_how)
{
    return nic_op_run(ctx, domid, nic, false, true, ao_how);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* A nic from the copy of its keys under /libxl. */
static void nic_from_xs(libxl__gc *gc, const char *lp, int devid,
                        libxl_device_nic *nic)
{
    char *be = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/backend", lp));
    unsigned bd = 0;

    libxl_device_nic_init(nic);
    nic->devid = devid;
    if (be)
        sscanf(be, "/local/domain/%u/", &bd);
    nic->backend_domid = bd;
    {
        char *mac = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/mac", lp));
        if (mac)
            libxl_mac_from_string(&nic->mac, mac);
    }
    nic->bridge =
        dup_or_null(libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/bridge", lp)));
    nic->script =
        dup_or_null(libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/script", lp)));
    nic->ip = dup_or_null(libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/ip", lp)));
    nic->ifname =
        dup_or_null(libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/vifname", lp)));
    nic->nictype = LIBXL_NIC_TYPE_VIF;
    {
        char *mtu = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/mtu", lp));
        nic->mtu = mtu ? atoi(mtu) : NIC_MTU_DEFAULT;
    }
}

libxl_device_nic *libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid,
                                        int *num)
{
    GC_INIT(ctx);
    char *base = GCSPRINTF("/libxl/%" PRIu32 "/device/vif", domid);
    unsigned n;
    char **ids = libxl__xs_directory(gc, XBT_NULL, base, &n);
    libxl_device_nic *list = n ? calloc(n, sizeof(*list)) : NULL;

    *num = 0;
    for (unsigned i = 0; list && i < n; i++)
        nic_from_xs(gc, GCSPRINTF("%s/%s", base, ids[i]), atoi(ids[i]),
                    &list[(*num)++]);
    GC_FREE;
    return list;
}

void libxl_device_nic_list_free(libxl_device_nic *list, int num)
{
    for (int i = 0; list && i < num; i++)
        libxl_device_nic_dispose(&list[i]);
    free(list);
}

int libxl_devid_to_device_nic(libxl_ctx *ctx, uint32_t domid, int devid,
                              libxl_device_nic *nic)
{
    GC_INIT(ctx);
    char *lp = GCSPRINTF("/libxl/%" PRIu32 "/device/vif/%d", domid, devid);
    int rc = ERROR_NOTFOUND;

    if (libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/backend", lp))) {
        libxl_device_nic_dispose(nic);
        nic_from_xs(gc, lp, devid, nic);
        rc = 0;
    }
    GC_FREE;
    return rc;
}

int libxl_mac_to_device_nic(libxl_ctx *ctx, uint32_t domid, const char *mac,
                            libxl_device_nic *nic)
{
    libxl_mac want;
    libxl_device_nic *list;
    int n, rc = ERROR_NOTFOUND;

    if (libxl_mac_from_string(&want, mac))
        return ERROR_INVAL;
    list = libxl_device_nic_list(ctx, domid, &n);
    for (int i = 0; i < n; i++)
        if (!memcmp(list[i].mac, want, sizeof(want))) {
            libxl_device_nic_dispose(nic);
            libxl_device_nic_copy(ctx, nic, &list[i]);
            rc = 0;
            break;
        }
    libxl_device_nic_list_free(list, n);
    return rc;
}

static int read_int(libxl__gc *gc, const char *path, int dflt)
{
    char *v = libxl__xs_read(gc, XBT_NULL, path);
    return v ? atoi(v) : dflt;
}

int libxl_device_nic_getinfo(libxl_ctx *ctx, uint32_t domid,
                             const libxl_device_nic *nic, libxl_nicinfo *info)
{
    GC_INIT(ctx);
    libxl__device dev;
    char *fe, *be;
    int rc = 0;

    nic_device(nic, domid, &dev);
    fe = libxl__device_frontend_path(gc, &dev);
    be = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/backend", fe));
    if (!be) {
        LOGD(ERROR, domid, "vif %d does not exist", nic->devid);
        rc = ERROR_NOTFOUND;
        goto out;
    }
    info->backend = strdup(be);
    info->backend_id =
        (uint32_t)read_int(gc, GCSPRINTF("%s/backend-id", fe), 0);
    info->frontend = strdup(fe);
    info->frontend_id = domid;
    info->devid = nic->devid;
    info->state = read_int(gc, GCSPRINTF("%s/state", fe), -1);
    info->evtch = read_int(gc, GCSPRINTF("%s/event-channel", fe), -1);
    info->rref_tx = read_int(gc, GCSPRINTF("%s/tx-ring-ref", fe), -1);
    info->rref_rx = read_int(gc, GCSPRINTF("%s/rx-ring-ref", fe), -1);
out:
    GC_FREE;
    return rc;
}
