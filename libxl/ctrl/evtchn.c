/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Event channels: /dev/xen/evtchn (Linux's include/uapi/xen/evtchn.h) for
 * ports this process binds and waits on, and EVTCHNOP_alloc_unbound
 * through privcmd for ports made on another domain's behalf.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "xctl_private.h"

struct xctl_evtchn {
    int fd;
};

struct xctl__evtchn_one {
    unsigned int a, b;
};

#define XCTL_IOCTL_EVTCHN_BIND_VIRQ _IOC(_IOC_NONE, 'E', 0, sizeof(unsigned))
#define XCTL_IOCTL_EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct xctl__evtchn_one))
#define XCTL_IOCTL_EVTCHN_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(unsigned))
#define XCTL_IOCTL_EVTCHN_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(unsigned))

struct xctl_evtchn *xctl_evtchn_open(void)
{
    struct xctl_evtchn *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    e->fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (e->fd < 0) {
        int err = errno;
        free(e);
        errno = err;
        return NULL;
    }
    return e;
}

void xctl_evtchn_close(struct xctl_evtchn *e)
{
    if (!e)
        return;
    close(e->fd);
    free(e);
}

int xctl_evtchn_fd(struct xctl_evtchn *e)
{
    return e ? e->fd : xctl__fail(EINVAL);
}

static int xctl__evtchn_ioctl(struct xctl_evtchn *e, unsigned long req,
                              void *arg)
{
    int rc;

    if (!e)
        return xctl__fail(EINVAL);
    rc = ioctl(e->fd, req, arg);
    return rc < 0 ? xctl__fail(errno) : rc;
}

int xctl_evtchn_bind_interdomain(struct xctl_evtchn *e, uint32_t domid,
                                 uint32_t remote_port)
{
    struct xctl__evtchn_one a = { domid, remote_port };

    return xctl__evtchn_ioctl(e, XCTL_IOCTL_EVTCHN_BIND_INTERDOMAIN, &a);
}

int xctl_evtchn_bind_virq(struct xctl_evtchn *e, unsigned virq)
{
    return xctl__evtchn_ioctl(e, XCTL_IOCTL_EVTCHN_BIND_VIRQ, &virq);
}

int xctl_evtchn_unbind(struct xctl_evtchn *e, uint32_t port)
{
    unsigned p = port;
    int rc = xctl__evtchn_ioctl(e, XCTL_IOCTL_EVTCHN_UNBIND, &p);

    return rc < 0 ? rc : 0;
}

int xctl_evtchn_notify(struct xctl_evtchn *e, uint32_t port)
{
    unsigned p = port;
    int rc = xctl__evtchn_ioctl(e, XCTL_IOCTL_EVTCHN_NOTIFY, &p);

    return rc < 0 ? rc : 0;
}

int xctl_evtchn_pending(struct xctl_evtchn *e)
{
    uint32_t port;
    ssize_t n;

    if (!e)
        return xctl__fail(EINVAL);
    n = read(e->fd, &port, sizeof(port));
    if (n < 0)
        return xctl__fail(errno == EWOULDBLOCK ? EAGAIN : errno);
    if (n != sizeof(port))
        return xctl__fail(EIO);
    return (int)port;
}

int xctl_evtchn_unmask(struct xctl_evtchn *e, uint32_t port)
{
    ssize_t n;

    if (!e)
        return xctl__fail(EINVAL);
    n = write(e->fd, &port, sizeof(port));
    if (n < 0)
        return xctl__fail(errno);
    return n == sizeof(port) ? 0 : xctl__fail(EIO);
}

int xctl_evtchn_alloc_unbound(struct xctl *xc, uint32_t domid,
                              uint32_t remote_domid)
{
    struct evtchn_alloc_unbound *a;
    long rc;

    a = xctl_buffer_alloc(xc, sizeof(*a));
    if (!a)
        return xctl__fail(errno);
    a->dom = (domid_t)domid;
    a->remote_dom = (domid_t)remote_domid;
    rc = xctl__call(xc, __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                    (uintptr_t)a, 0, 0, 0);
    if (rc >= 0)
        rc = a->port;
    xctl_buffer_free(xc, a, sizeof(*a));
    if (rc < 0)
        return xctl__fail((int)-rc);
    return (int)rc;
}
