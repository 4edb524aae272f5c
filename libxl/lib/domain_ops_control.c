/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Shutdown and reboot requests through the PV control interface: the
 * toolstack writes "poweroff" or "reboot" to /local/domain/N/control/
 * shutdown, the guest's drivers clear the key to take the request, then
 * shut the domain down (Xen 4.17's protocol).
 */
#include <poll.h>
#include <time.h>

#include "ao.h"
#include "ops_private.h"
#include "xenstore.h"

#define ACK_TIMEOUT_MS (60 * 1000)

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Xen's rule: the request was taken when the key is gone or empty. */
static bool acked(struct xs_handle *xsh, const char *path)
{
    char *v = xs_read(xsh, XBT_NULL, path, NULL);
    bool done = !v || !*v;

    free(v);
    return done;
}

/*
 * Waits for the guest to take the request, on a xenstore connection of
 * its own (this runs on the caller's or a worker thread, outside the
 * application's event loop).
 */
static int wait_ack(libxl__gc *gc, uint32_t domid, const char *path,
                    const char *cmd)
{
    struct xs_handle *xsh = xs_open(0);
    long long deadline = now_ms() + ACK_TIMEOUT_MS;
    int rc = ERROR_TIMEDOUT;
    struct pollfd pfd;

    if (!xsh) {
        LOGED(ERROR, domid,
              "cannot connect to xenstored to wait for the "
              "guest");
        return ERROR_FAIL;
    }
    if (!xs_watch(xsh, path, "ack") || (pfd.fd = xs_fileno(xsh)) < 0) {
        LOGED(ERROR, domid, "cannot watch %s", path);
        xs_close(xsh);
        return ERROR_FAIL;
    }
    pfd.events = POLLIN;
    for (;;) {
        long long left = deadline - now_ms();
        char **ev;

        if (acked(xsh, path)) {
            rc = 0;
            break;
        }
        if (left <= 0)
            break;
        if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR) {
            LOGED(ERROR, domid, "waiting for the guest");
            rc = ERROR_FAIL;
            break;
        }
        while ((ev = xs_check_watch(xsh)))
            free(ev);
    }
    if (rc == ERROR_TIMEDOUT)
        LOGD(ERROR, domid,
             "the guest did not acknowledge the %s request within %d s "
             "(%s is still set): its PV drivers may not be running",
             cmd, ACK_TIMEOUT_MS / 1000, path);
    xs_close(xsh);
    return rc;
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
    rc = libxl__ops_xs_write(gc, path, a.cmd);
    if (rc)
        return rc;
    return wait_ack(gc, a.domid, path, a.cmd);
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
