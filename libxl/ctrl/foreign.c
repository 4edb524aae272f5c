/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Foreign memory: another domain's frames mapped into this process through
 * privcmd (IOCTL_PRIVCMD_MMAPBATCH_V2, IOCTL_PRIVCMD_MMAP_RESOURCE).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "xctl_private.h"

void *xctl_map_foreign(struct xctl *xc, uint32_t domid, int prot,
                       const xen_pfn_t *gfns, int *errs, unsigned n)
{
    struct xctl_privcmd_mmapbatch_v2 b = { 0 };
    size_t len = (size_t)n << XCTL_PAGE_SHIFT;
    int *e = errs, rc;
    void *addr;
    unsigned i;

    if (!xc || !gfns || !n) {
        errno = EINVAL;
        return NULL;
    }
    if (!e && !(e = calloc(n, sizeof(*e))))
        return NULL;
    addr = mmap(NULL, len, prot, MAP_SHARED, xc->fd, 0);
    if (addr == MAP_FAILED) {
        addr = NULL;
        goto out;
    }
    b.num = n;
    b.dom = (uint16_t)domid;
    b.addr = (uintptr_t)addr;
    b.arr = gfns;
    b.err = e;
    rc = ioctl(xc->fd, XCTL_IOCTL_PRIVCMD_MMAPBATCH_V2, &b);
    /* ENOENT: some frames are paged out; they are reported in e[]. */
    if (rc < 0 && !(errno == ENOENT && errs)) {
        int err = errno;
        munmap(addr, len);
        addr = NULL;
        errno = err;
        goto out;
    }
    if (!errs) {
        for (i = 0; i < n && !e[i]; i++)
            ;
        if (i < n) {
            int err = e[i] < 0 ? -e[i] : EIO;
            munmap(addr, len);
            addr = NULL;
            errno = err;
        }
    }
out:
    if (!errs) {
        int err = errno;
        free(e);
        errno = err;
    }
    return addr;
}

int xctl_unmap(void *addr, unsigned n_pages)
{
    if (!addr || !n_pages)
        return xctl__fail(EINVAL);
    if (munmap(addr, (size_t)n_pages << XCTL_PAGE_SHIFT) < 0)
        return xctl__fail(errno);
    return 0;
}

void *xctl_map_resource(struct xctl *xc, uint32_t domid, unsigned type,
                        unsigned id, unsigned frame, unsigned nr, int prot)
{
    struct xctl_privcmd_mmap_resource r = { 0 };
    size_t len = (size_t)nr << XCTL_PAGE_SHIFT;
    void *addr;

    if (!xc || !nr) {
        errno = EINVAL;
        return NULL;
    }
    addr = mmap(NULL, len, prot, MAP_SHARED, xc->fd, 0);
    if (addr == MAP_FAILED)
        return NULL;
    r.dom = (uint16_t)domid;
    r.type = type;
    r.id = id;
    r.idx = frame;
    r.num = nr;
    r.addr = (uintptr_t)addr;
    if (ioctl(xc->fd, XCTL_IOCTL_PRIVCMD_MMAP_RESOURCE, &r) < 0) {
        int e = errno;
        munmap(addr, len);
        /* The kernel passes the hypervisor's answer on. */
        errno = e == ENOTTY ? EOPNOTSUPP : xctl__errno_from_xen(e);
        return NULL;
    }
    return addr;
}
