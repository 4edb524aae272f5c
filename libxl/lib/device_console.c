/* SPDX-License-Identifier: LGPL-2.1-only */
/* The primary console (xenconsoled's backend, a pty) and its tty. */
#include <inttypes.h>
#include <stdio.h>

#include "device.h"

#define CONSOLE_LIMIT    1048576
#define CONSOLE_PROTOCOL "vt100"

void libxl__console_keys(libxl__gc *gc, uint32_t domid, uint32_t backend_domid,
                         uint32_t port, uint64_t ring_mfn, libxl__kvs *back,
                         libxl__kvs *front, libxl__kvs *ro_front)
{
    libxl__kvs_addf(back, "frontend-id", "%" PRIu32, domid);
    libxl__kvs_add(back, "online", "1");
    libxl__kvs_addf(back, "state", "%d", XENBUS_INITIALISING);
    libxl__kvs_add(back, "protocol", CONSOLE_PROTOCOL);

    libxl__kvs_addf(front, "backend-id", "%" PRIu32, backend_domid);

    libxl__kvs_addf(ro_front, "limit", "%d", CONSOLE_LIMIT);
    libxl__kvs_add(ro_front, "type", "xenconsoled");
    libxl__kvs_add(ro_front, "output", "pty");
    libxl__kvs_add(ro_front, "tty", "");
    libxl__kvs_addf(ro_front, "port", "%" PRIu32, port);
    libxl__kvs_addf(ro_front, "ring-ref", "%" PRIu64, ring_mfn);
}

int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid, int cons_num,
                          libxl_console_type type, char **path)
{
    GC_INIT(ctx);
    char *dom = GCSPRINTF("/local/domain/%" PRIu32, domid);
    char *key, *tty;
    int rc = 0;

    *path = NULL;
    if (!libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/domid", dom)) &&
        !libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/name", dom))) {
        rc = ERROR_DOMAIN_NOTFOUND;
        goto out;
    }
    switch (type) {
    case LIBXL_CONSOLE_TYPE_PV:
        key = cons_num ? GCSPRINTF("%s/device/console/%d/tty", dom, cons_num)
                       : GCSPRINTF("%s/console/tty", dom);
        break;
    case LIBXL_CONSOLE_TYPE_SERIAL:
        key = GCSPRINTF("%s/serial/%d/tty", dom, cons_num);
        break;
    default:
        LOGD(ERROR, domid, "domain %" PRIu32 " has no console of that type",
             domid);
        rc = ERROR_INVAL;
        goto out;
    }
    tty = libxl__xs_read(gc, XBT_NULL, key);
    if (!tty && type == LIBXL_CONSOLE_TYPE_SERIAL) {
        LOGD(ERROR, domid,
             "domain %" PRIu32 " has no serial console %d (a PV guest has "
             "only its pv console: xl console -t pv)",
             domid, cons_num);
        rc = ERROR_INVAL;
        goto out;
    }
    if (!tty || !*tty) {
        /* xenconsoled has not published the pty (yet). */
        rc = ERROR_NOTFOUND;
        goto out;
    }
    *path = strdup(tty);
    if (!*path)
        rc = ERROR_NOMEM;
out:
    GC_FREE;
    return rc;
}
