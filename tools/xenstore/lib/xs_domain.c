/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs_domain.c - libxenstore: domain management and CONTROL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "xs_internal.h"

/* Send n decimal numbers as strings. */
static void *numbers(struct xs_handle *h, uint32_t type, const unsigned long *v,
                     unsigned int n)
{
    char buf[3][24];
    struct iovec iov[3];

    for (unsigned int i = 0; i < n; i++) {
        snprintf(buf[i], sizeof(buf[i]), "%lu", v[i]);
        iov[i].iov_base = buf[i];
        iov[i].iov_len = strlen(buf[i]) + 1;
    }
    return xs_request(h, XBT_NULL, type, iov, n, NULL);
}

static bool ack(void *reply)
{
    free(reply);
    return reply != NULL;
}

XS_API bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                                unsigned long mfn, unsigned int eventchn)
{
    unsigned long v[3] = { domid, mfn, eventchn };

    return ack(numbers(h, XS_INTRODUCE, v, 3));
}

XS_API bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;

    return ack(numbers(h, XS_RELEASE, &v, 1));
}

XS_API bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;

    return ack(numbers(h, XS_RESUME, &v, 1));
}

XS_API bool xs_set_target(struct xs_handle *h, unsigned int domid,
                          unsigned int target)
{
    unsigned long v[2] = { domid, target };

    return ack(numbers(h, XS_SET_TARGET, v, 2));
}

XS_API bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;
    char *r = numbers(h, XS_IS_DOMAIN_INTRODUCED, &v, 1);
    bool yes = r && strcmp(r, "T") == 0;

    free(r);
    return yes;
}

XS_API char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    unsigned long v = domid;

    return numbers(h, XS_GET_DOMAIN_PATH, &v, 1);
}

XS_API char *xs_control_command(struct xs_handle *h, const char *cmd,
                                void *data, unsigned int len)
{
    struct iovec iov[2] = { { (void *)cmd, strlen(cmd) + 1 }, { data, len } };

    return xs_request(h, XBT_NULL, XS_CONTROL, iov, data ? 2 : 1, NULL);
}

XS_API bool xs_path_is_subpath(const char *parent, const char *child);
XS_API bool xs_path_is_subpath(const char *parent, const char *child)
{
    size_t n = strlen(parent);

    if (strncmp(child, parent, n) != 0)
        return false;
    return n && parent[n - 1] == '/' ? true
                                     : child[n] == '/' || child[n] == '\0';
}

/* The suspend event channel a guest advertises, or -1. */
XS_API int xs_suspend_evtchn_port(int domid);
XS_API int xs_suspend_evtchn_port(int domid)
{
    struct xs_handle *h = xs_open(0);
    char path[64], *v;
    int port = -1;

    if (!h)
        return -1;
    snprintf(path, sizeof(path),
             "/local/domain/%d/device/suspend/event-channel", domid);
    v = xs_request(h, XBT_NULL, XS_READ,
                   &(struct iovec){ path, strlen(path) + 1 }, 1, NULL);
    if (v && *v)
        port = atoi(v);
    free(v);
    xs_close(h);
    return port;
}

XS_API char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data,
                              unsigned int len)
{
    return xs_control_command(h, cmd, data, len);
}
