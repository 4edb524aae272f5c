/* SPDX-License-Identifier: LGPL-2.1-only */
/* /dev/xen/privcmd: opening and closing the hypercall interface. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

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
    return xc;
}

void xctl_close(struct xctl *xc)
{
    if (!xc)
        return;
    close(xc->fd);
    free(xc);
}
