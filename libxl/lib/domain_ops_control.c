/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Shutdown and reboot requests through the PV control interface: the
 * toolstack writes "poweroff" or "reboot" to /local/domain/N/control/
 * shutdown, the guest's drivers clear the key to take the request, then
 * shut the domain down (Xen 4.17's protocol).
 */
#include "ao.h"
#include "ops_private.h"
#include "xs.h"

#define ACK_TIMEOUT_MS (60 * 1000)

/* Xen's rule: the request was taken when the key is gone or empty. */
static bool acked(const char *value, void *arg)
{
    (void)arg;
    return !value || !*value;
}

struct control_args {
    uint32_t domid;
    const char *cmd;
};

static int control_work(libxl__gc *gc, void *arg)
{
    struct control_args a = *(struct control_args *)arg;
    struct xen_domctl_getdomaininfo d;
    char *path;
    int rc;

    free(arg);
    libxl__ao_set_domid(a.domid);
    rc = libxl__ops_getinfo(gc, a.domid, &d);
    if (rc == ERROR_DOMAIN_NOTFOUND)
        LOGD(ERROR, a.domid, "non-existent domain");
    if (rc)
        return rc;
    if (d.flags & XEN_DOMINF_hvm_guest)
        return ERROR_NOPARAVIRT; /* no PV drivers known to listen */
    path = GCSPRINTF("/local/domain/%u/control/shutdown", a.domid);
    rc = libxl__xs_write(gc, XBT_NULL, path, a.cmd);
    if (rc)
        return rc;
    /* This runs on the caller's or a worker thread, outside the
     * application's event loop: a blocking wait on a connection of its
     * own. */
    rc = libxl__xs_wait(gc, path, acked, NULL, ACK_TIMEOUT_MS, NULL);
    if (rc == ERROR_TIMEDOUT)
        LOGD(ERROR, a.domid,
             "the guest did not acknowledge the %s request within %d s "
             "(%s is still set): its PV drivers may not be running",
             a.cmd, ACK_TIMEOUT_MS / 1000, path);
    return rc;
}

static int control(libxl_ctx *ctx, uint32_t domid, const char *cmd,
                   const libxl_asyncop_how *ao_how)
{
    struct control_args *a = malloc(sizeof(*a));

    if (!a)
        return ERROR_NOMEM;
    a->domid = domid;
    a->cmd = cmd;
    return libxl__ao_run(ctx, ao_how, control_work, a);
}

int libxl_domain_shutdown(libxl_ctx *ctx, uint32_t domid,
                          const libxl_asyncop_how *ao_how)
{
    return control(ctx, domid, "poweroff", ao_how);
}

int libxl_domain_reboot(libxl_ctx *ctx, uint32_t domid,
                        const libxl_asyncop_how *ao_how)
{
    return control(ctx, domid, "reboot", ao_how);
}
