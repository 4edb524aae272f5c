/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Hypercall-safe memory and the bounced calls (domctl, sysctl, memory_op).
 *
 * The hypervisor reads and writes hypercall arguments through dom0's
 * virtual addresses; the pages must be present and must not move or be
 * shared copy-on-write with a child.  Linux's /dev/xen/hypercall hands out
 * such pages; without it, anonymous memory is locked and kept out of
 * fork()ed children (as Xen's libxencall does).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "xctl_private.h"

static size_t xctl__pages(size_t size)
{
    return (size + XCTL_PAGE_SIZE - 1) >> XCTL_PAGE_SHIFT;
}

/* A cached page (zeroed), or NULL. */
static void *xctl__cache_get(struct xctl *xc)
{
    void *p = NULL;

    pthread_mutex_lock(&xc->lock);
    if (xc->n_cached)
        p = xc->cache[--xc->n_cached];
    pthread_mutex_unlock(&xc->lock);
    if (p)
        memset(p, 0, XCTL_PAGE_SIZE);
    return p;
}

static int xctl__cache_put(struct xctl *xc, void *p)
{
    int kept = 0;

    pthread_mutex_lock(&xc->lock);
    if (xc->n_cached < XCTL_BUF_CACHE) {
        xc->cache[xc->n_cached++] = p;
        kept = 1;
    }
    pthread_mutex_unlock(&xc->lock);
    return kept;
}

void xctl__cache_drop(struct xctl *xc)
{
    while (xc->n_cached)
        munmap(xc->cache[--xc->n_cached], XCTL_PAGE_SIZE);
}

void *xctl_buffer_alloc(struct xctl *xc, size_t size)
{
    size_t len;
    void *p;

    if (!xc || !size) {
        errno = EINVAL;
        return NULL;
    }
    len = xctl__pages(size) << XCTL_PAGE_SHIFT;
    if (len == XCTL_PAGE_SIZE && (p = xctl__cache_get(xc)))
        return p;
    if (xc->buf_fd >= 0) {
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, xc->buf_fd, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
             0);
    if (p == MAP_FAILED)
        return NULL;
    if (madvise(p, len, MADV_DONTFORK) < 0 || mlock(p, len) < 0) {
        int e = errno;
        munmap(p, len);
        errno = e;
        return NULL;
    }
    memset(p, 0, len); /* touch every page now */
    return p;
}

void xctl_buffer_free(struct xctl *xc, void *p, size_t size)
{
    int e = errno;

    if (!p || !size)
        return;
    if (xctl__pages(size) == 1 && xc && xctl__cache_put(xc, p))
        return;
    munmap(p, xctl__pages(size) << XCTL_PAGE_SHIFT);
    errno = e;
}

int xctl__domctl(struct xctl *xc, uint32_t cmd, uint32_t domid,
                 struct xen_domctl *d)
{
    d->cmd = cmd;
    d->domain = (domid_t)domid;
    return xctl_domctl(xc, d);
}

int xctl_domctl(struct xctl *xc, struct xen_domctl *d)
{
    struct xen_domctl *b;
    long rc;

    if (!xc || !d)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, sizeof(*b));
    if (!b)
        return xctl__fail(errno);
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    memcpy(b, d, sizeof(*b));
    rc = xctl__call(xc, __HYPERVISOR_domctl, (uintptr_t)b, 0, 0, 0, 0);
    memcpy(d, b, sizeof(*d)); /* OUT fields, also on failure */
    xctl_buffer_free(xc, b, sizeof(*b));
    if (rc < 0)
        return xctl__fail((int)-rc);
    return (int)rc;
}

int xctl_sysctl(struct xctl *xc, struct xen_sysctl *s)
{
    struct xen_sysctl *b;
    long rc;

    if (!xc || !s)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, sizeof(*b));
    if (!b)
        return xctl__fail(errno);
    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    memcpy(b, s, sizeof(*b));
    rc = xctl__call(xc, __HYPERVISOR_sysctl, (uintptr_t)b, 0, 0, 0, 0);
    memcpy(s, b, sizeof(*s));
    xctl_buffer_free(xc, b, sizeof(*b));
    if (rc < 0)
        return xctl__fail((int)-rc);
    return (int)rc;
}

long xctl_memory_op(struct xctl *xc, unsigned cmd, void *arg, size_t len)
{
    void *b = NULL;
    long rc;

    if (!xc || (len && !arg))
        return xctl__fail(EINVAL);
    if (len) {
        b = xctl_buffer_alloc(xc, len);
        if (!b)
            return xctl__fail(errno);
        memcpy(b, arg, len);
    }
    rc = xctl__call(xc, __HYPERVISOR_memory_op, cmd, (uintptr_t)b, 0, 0, 0);
    if (len) {
        memcpy(arg, b, len);
        xctl_buffer_free(xc, b, len);
    }
    if (rc < 0)
        errno = (int)-rc;
    return rc;
}
