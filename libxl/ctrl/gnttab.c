/* SPDX-License-Identifier: LGPL-2.1-only */
/* Grant mapping: /dev/xen/gntdev (Linux's include/uapi/xen/gntdev.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xctl_private.h"

struct xctl_gnttab {
    int fd;
};

struct xctl__gntdev_map {
    uint32_t count;
    uint32_t pad;
    uint64_t index;
    uint32_t domid, ref; /* one grant */
};
struct xctl__gntdev_unmap {
    uint64_t index;
    uint32_t count;
    uint32_t pad;
};
struct xctl__gntdev_offset {
    uint64_t vaddr;
    uint64_t offset;
    uint32_t count;
    uint32_t pad;
};

#define XCTL_IOCTL_GNTDEV_MAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 0, sizeof(struct xctl__gntdev_map))
#define XCTL_IOCTL_GNTDEV_UNMAP_GRANT_REF \
    _IOC(_IOC_NONE, 'G', 1, sizeof(struct xctl__gntdev_unmap))
#define XCTL_IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR \
    _IOC(_IOC_NONE, 'G', 2, sizeof(struct xctl__gntdev_offset))

struct xctl_gnttab *xctl_gnttab_open(void)
{
    struct xctl_gnttab *g = calloc(1, sizeof(*g));

    if (!g)
        return NULL;
    g->fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    if (g->fd < 0) {
        int e = errno;
        free(g);
        errno = e;
        return NULL;
    }
    return g;
}

void xctl_gnttab_close(struct xctl_gnttab *g)
{
    if (!g)
        return;
    close(g->fd);
    free(g);
}

void *xctl_gnttab_map(struct xctl_gnttab *g, uint32_t domid, uint32_t ref,
                      int prot)
{
    struct xctl__gntdev_map m = { 0 };
    struct xctl__gntdev_unmap u = { 0 };
    void *addr;
    int e;

    if (!g || !(prot & PROT_READ)) {
        errno = EINVAL;
        return NULL;
    }
    m.count = 1;
    m.domid = domid;
    m.ref = ref;
    if (ioctl(g->fd, XCTL_IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0)
        return NULL;
    addr = mmap(NULL, XCTL_PAGE_SIZE, prot, MAP_SHARED, g->fd, (off_t)m.index);
    if (addr != MAP_FAILED)
        return addr;
    e = errno;
    u.index = m.index;
    u.count = 1;
    ioctl(g->fd, XCTL_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
    errno = e;
    return NULL;
}

int xctl_gnttab_unmap(struct xctl_gnttab *g, void *addr)
{
    struct xctl__gntdev_offset o = { 0 };
    struct xctl__gntdev_unmap u = { 0 };

    if (!g || !addr)
        return xctl__fail(EINVAL);
    o.vaddr = (uintptr_t)addr;
    if (ioctl(g->fd, XCTL_IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &o) < 0)
        return xctl__fail(errno);
    if (munmap(addr, XCTL_PAGE_SIZE) < 0)
        return xctl__fail(errno);
    u.index = o.offset;
    u.count = 1;
    if (ioctl(g->fd, XCTL_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u) < 0)
        return xctl__fail(errno);
    return 0;
}
