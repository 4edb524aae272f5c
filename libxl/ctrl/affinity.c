/* SPDX-License-Identifier: LGPL-2.1-only */
/* vCPU affinity: the hard and soft CPU maps travel in bounce buffers. */
#include <errno.h>
#include <string.h>

#include "xctl_private.h"

struct xctl__maps {
    uint8_t *hard, *soft;
    size_t len;
};

static int xctl__maps_alloc(struct xctl *xc, struct xctl__maps *m,
                            unsigned nr_bits)
{
    m->len = (nr_bits + 7) / 8;
    m->hard = xctl_buffer_alloc(xc, m->len);
    m->soft = m->hard ? xctl_buffer_alloc(xc, m->len) : NULL;
    if (!m->soft) {
        int e = errno;
        xctl_buffer_free(xc, m->hard, m->len);
        return xctl__fail(e);
    }
    return 0;
}

static void xctl__maps_free(struct xctl *xc, struct xctl__maps *m)
{
    xctl_buffer_free(xc, m->hard, m->len);
    xctl_buffer_free(xc, m->soft, m->len);
}

static void xctl__maps_point(struct xen_domctl *d, struct xctl__maps *m,
                             unsigned nr_bits)
{
    set_xen_guest_handle(d->u.vcpuaffinity.cpumap_hard.bitmap, m->hard);
    set_xen_guest_handle(d->u.vcpuaffinity.cpumap_soft.bitmap, m->soft);
    d->u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
    d->u.vcpuaffinity.cpumap_soft.nr_bits = nr_bits;
}

int xctl_vcpu_setaffinity(struct xctl *xc, uint32_t domid, unsigned vcpu,
                          const uint8_t *hard, const uint8_t *soft,
                          unsigned nr_bits)
{
    struct xen_domctl d = { 0 };
    struct xctl__maps m;
    int rc;

    if (!nr_bits || (!hard && !soft))
        return xctl__fail(EINVAL);
    rc = xctl__maps_alloc(xc, &m, nr_bits);
    if (rc < 0)
        return rc;
    d.u.vcpuaffinity.vcpu = vcpu;
    if (hard) {
        d.u.vcpuaffinity.flags |= XEN_VCPUAFFINITY_HARD;
        memcpy(m.hard, hard, m.len);
    }
    if (soft) {
        d.u.vcpuaffinity.flags |= XEN_VCPUAFFINITY_SOFT;
        memcpy(m.soft, soft, m.len);
    }
    xctl__maps_point(&d, &m, nr_bits);
    rc = xctl__domctl(xc, XEN_DOMCTL_setvcpuaffinity, domid, &d);
    xctl__maps_free(xc, &m);
    return rc < 0 ? rc : 0;
}

int xctl_vcpu_getaffinity(struct xctl *xc, uint32_t domid, unsigned vcpu,
                          uint8_t *hard, uint8_t *soft, unsigned nr_bits)
{
    struct xen_domctl d = { 0 };
    struct xctl__maps m;
    int rc;

    if (!nr_bits || (!hard && !soft))
        return xctl__fail(EINVAL);
    rc = xctl__maps_alloc(xc, &m, nr_bits);
    if (rc < 0)
        return rc;
    d.u.vcpuaffinity.vcpu = vcpu;
    d.u.vcpuaffinity.flags =
        (hard ? XEN_VCPUAFFINITY_HARD : 0) | (soft ? XEN_VCPUAFFINITY_SOFT : 0);
    xctl__maps_point(&d, &m, nr_bits);
    rc = xctl__domctl(xc, XEN_DOMCTL_getvcpuaffinity, domid, &d);
    if (rc >= 0) {
        if (hard)
            memcpy(hard, m.hard, m.len);
        if (soft)
            memcpy(soft, m.soft, m.len);
    }
    xctl__maps_free(xc, &m);
    return rc < 0 ? rc : 0;
}

int xctl_domain_setnodeaffinity(struct xctl *xc, uint32_t domid,
                                const uint8_t *nodes, unsigned nr_bits)
{
    struct xen_domctl d = { 0 };
    size_t len = (nr_bits + 7) / 8;
    uint8_t *b;
    int rc;

    if (!nr_bits)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, len);
    if (!b)
        return xctl__fail(errno);
    memcpy(b, nodes, len);
    set_xen_guest_handle(d.u.nodeaffinity.nodemap.bitmap, b);
    d.u.nodeaffinity.nodemap.nr_bits = nr_bits;
    rc = xctl__domctl(xc, XEN_DOMCTL_setnodeaffinity, domid, &d);
    xctl_buffer_free(xc, b, len);
    return rc < 0 ? rc : 0;
}
