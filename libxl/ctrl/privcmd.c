/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * /dev/xen/privcmd: opening the hypercall interface, the hypercall ioctl
 * and the hypervisor's error numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "public/errno.h"
#include "xctl_private.h"

struct xctl *xctl_open(void)
{
    struct xctl *xc = calloc(1, sizeof(*xc));

    if (!xc)
        return NULL;
    xc->fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (xc->fd < 0) {
        int e = errno;
        free(xc);
        errno = e;
        return NULL;
    }
    /* Linux 4.18 and later hand out hypercall-safe memory here. */
    xc->buf_fd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
    pthread_mutex_init(&xc->lock, NULL);
    return xc;
}

void xctl_close(struct xctl *xc)
{
    if (!xc)
        return;
    xctl__cache_drop(xc);
    close(xc->fd);
    if (xc->buf_fd >= 0)
        close(xc->buf_fd);
    pthread_mutex_destroy(&xc->lock);
    free(xc);
}

int xctl__fail(int e)
{
    errno = e;
    return -e;
}

struct xctl__errmap {
    int xen, host;
};

#define XCTL__ERRMAP_ENTRY(name, value) { value, name },
static const struct xctl__errmap xctl__errmap[] = { XEN_ERRNO_LIST(
    XCTL__ERRMAP_ENTRY) };
#undef XCTL__ERRMAP_ENTRY

int xctl__errno_from_xen(int xen_err)
{
    size_t i;

    for (i = 0; i < sizeof(xctl__errmap) / sizeof(xctl__errmap[0]); i++)
        if (xctl__errmap[i].xen == xen_err)
            return xctl__errmap[i].host;
    return EIO; /* a number the public ABI does not define */
}

long xctl__call(struct xctl *xc, unsigned op, uint64_t a0, uint64_t a1,
                uint64_t a2, uint64_t a3, uint64_t a4)
{
    struct xctl_privcmd_hypercall h = { op, { a0, a1, a2, a3, a4 } };
    long rc;

    if (!xc)
        return xctl__fail(EINVAL);
    rc = ioctl(xc->fd, XCTL_IOCTL_PRIVCMD_HYPERCALL, &h);
    if (rc < 0) {
        /* privcmd passes the hypervisor's negative result on as errno;
         * its own failures (EFAULT, ENOTTY) are host numbers already. */
        int e = errno == ENOTTY ? ENOTTY : xctl__errno_from_xen(errno);
        return xctl__fail(e);
    }
    return rc;
}

long xctl_hypercall(struct xctl *xc, unsigned op, uint64_t a0, uint64_t a1,
                    uint64_t a2, uint64_t a3, uint64_t a4)
{
    return xctl__call(xc, op, a0, a1, a2, a3, a4);
}
