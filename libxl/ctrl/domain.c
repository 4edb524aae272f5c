/* SPDX-License-Identifier: LGPL-2.1-only */
/* Domain wrappers: one domctl (or sysctl / sched_op) each. */
#include <errno.h>
#include <string.h>

#include "public/sched.h"
#include "xctl_private.h"

int xctl_domain_create(struct xctl *xc, uint32_t *domid,
                       struct xen_domctl_createdomain *cfg)
{
    struct xen_domctl d = { 0 };
    int rc;

    if (!domid || !cfg)
        return xctl__fail(EINVAL);
    d.u.createdomain = *cfg;
    rc = xctl__domctl(xc, XEN_DOMCTL_createdomain, *domid, &d);
    if (rc < 0)
        return rc;
    *domid = d.domain;
    *cfg = d.u.createdomain;
    return 0;
}

int xctl_domain_destroy(struct xctl *xc, uint32_t domid)
{
    struct xen_domctl d;
    int rc;

    /* Tearing a large domain down is preemptible: the hypervisor answers
     * EAGAIN until it is done (Xen's tools loop the same way). */
    do {
        memset(&d, 0, sizeof(d));
        rc = xctl__domctl(xc, XEN_DOMCTL_destroydomain, domid, &d);
    } while (rc == -EAGAIN);
    return rc < 0 ? rc : 0;
}

int xctl_domain_pause(struct xctl *xc, uint32_t domid)
{
    struct xen_domctl d = { 0 };
    int rc = xctl__domctl(xc, XEN_DOMCTL_pausedomain, domid, &d);

    return rc < 0 ? rc : 0;
}

int xctl_domain_unpause(struct xctl *xc, uint32_t domid)
{
    struct xen_domctl d = { 0 };
    int rc = xctl__domctl(xc, XEN_DOMCTL_unpausedomain, domid, &d);

    return rc < 0 ? rc : 0;
}

int xctl_domain_shutdown(struct xctl *xc, uint32_t domid, unsigned reason)
{
    struct sched_remote_shutdown *a;
    long rc;

    if (reason > SHUTDOWN_MAX)
        return xctl__fail(EINVAL);
    a = xctl_buffer_alloc(xc, sizeof(*a));
    if (!a)
        return xctl__fail(errno);
    a->domain_id = (domid_t)domid;
    a->reason = reason;
    rc = xctl__call(xc, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
                    (uintptr_t)a, 0, 0, 0);
    xctl_buffer_free(xc, a, sizeof(*a));
    if (rc < 0)
        return xctl__fail((int)-rc);
    return 0;
}

int xctl_domain_getinfo(struct xctl *xc, uint32_t domid,
                        struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl d = { 0 };
    int rc;

    if (!info)
        return xctl__fail(EINVAL);
    rc = xctl__domctl(xc, XEN_DOMCTL_getdomaininfo, domid, &d);
    if (rc < 0)
        return rc;
    /* Xen 4.17 answers with the next domain at or above the one asked. */
    if (d.u.getdomaininfo.domain != domid)
        return xctl__fail(ESRCH);
    *info = d.u.getdomaininfo;
    return 0;
}

int xctl_domain_getinfolist(struct xctl *xc, uint32_t first, unsigned max,
                            struct xen_domctl_getdomaininfo *out)
{
    struct xen_sysctl s = { 0 };
    size_t len = (size_t)max * sizeof(*out);
    struct xen_domctl_getdomaininfo *b;
    int rc;

    if (!max || !out)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, len);
    if (!b)
        return xctl__fail(errno);
    s.cmd = XEN_SYSCTL_getdomaininfolist;
    s.u.getdomaininfolist.first_domain = (domid_t)first;
    s.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(s.u.getdomaininfolist.buffer, b);
    rc = xctl_sysctl(xc, &s);
    if (rc >= 0) {
        rc = (int)s.u.getdomaininfolist.num_domains;
        if ((unsigned)rc > max)
            rc = (int)max;
        memcpy(out, b, (size_t)rc * sizeof(*out));
    }
    xctl_buffer_free(xc, b, len);
    if (rc < 0)
        errno = -rc;
    return rc;
}

int xctl_domain_max_vcpus(struct xctl *xc, uint32_t domid, unsigned max)
{
    struct xen_domctl d = { 0 };
    int rc;

    d.u.max_vcpus.max = max;
    rc = xctl__domctl(xc, XEN_DOMCTL_max_vcpus, domid, &d);
    return rc < 0 ? rc : 0;
}

int xctl_domain_setmaxmem(struct xctl *xc, uint32_t domid, uint64_t max_kb)
{
    struct xen_domctl d = { 0 };
    int rc;

    d.u.max_mem.max_memkb = max_kb;
    rc = xctl__domctl(xc, XEN_DOMCTL_max_mem, domid, &d);
    return rc < 0 ? rc : 0;
}

int xctl_domain_sethandle(struct xctl *xc, uint32_t domid,
                          const uint8_t handle[16])
{
    struct xen_domctl d = { 0 };
    int rc;

    if (!handle)
        return xctl__fail(EINVAL);
    memcpy(d.u.setdomainhandle.handle, handle, 16);
    rc = xctl__domctl(xc, XEN_DOMCTL_setdomainhandle, domid, &d);
    return rc < 0 ? rc : 0;
}

int xctl_domain_set_address_size(struct xctl *xc, uint32_t domid, unsigned bits)
{
    struct xen_domctl d = { 0 };
    int rc;

    d.u.address_size.size = bits;
    rc = xctl__domctl(xc, XEN_DOMCTL_set_address_size, domid, &d);
    return rc < 0 ? rc : 0;
}

int xctl_vcpu_getinfo(struct xctl *xc, uint32_t domid, unsigned vcpu,
                      struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl d = { 0 };
    int rc;

    if (!info)
        return xctl__fail(EINVAL);
    d.u.getvcpuinfo.vcpu = vcpu;
    rc = xctl__domctl(xc, XEN_DOMCTL_getvcpuinfo, domid, &d);
    if (rc < 0)
        return rc;
    *info = d.u.getvcpuinfo;
    return 0;
}

int xctl_physinfo(struct xctl *xc, struct xen_sysctl_physinfo *info)
{
    struct xen_sysctl s = { 0 };
    int rc;

    if (!info)
        return xctl__fail(EINVAL);
    s.cmd = XEN_SYSCTL_physinfo;
    rc = xctl_sysctl(xc, &s);
    if (rc < 0)
        return rc;
    *info = s.u.physinfo;
    return 0;
}
