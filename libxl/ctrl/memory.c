/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * What the domain builder asks of the hypervisor: memory for a domain,
 * page-table pinning, vCPU context, the hypercall page.
 */
#include <errno.h>
#include <string.h>

#include "xctl_private.h"

long xctl_populate_physmap(struct xctl *xc, uint32_t domid, unsigned long nr,
                           unsigned order, unsigned mem_flags,
                           xen_pfn_t *extents)
{
    struct xen_memory_reservation r = { 0 };
    size_t len = nr * sizeof(*extents);
    xen_pfn_t *b;
    long rc;

    if (!nr || !extents)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, len);
    if (!b)
        return xctl__fail(errno);
    memcpy(b, extents, len);
    set_xen_guest_handle(r.extent_start, b);
    r.nr_extents = nr;
    r.extent_order = order;
    r.mem_flags = mem_flags;
    r.domid = (domid_t)domid;
    rc = xctl_memory_op(xc, XENMEM_populate_physmap, &r, sizeof(r));
    if (rc > 0)
        memcpy(extents, b, (size_t)rc * sizeof(*extents));
    xctl_buffer_free(xc, b, len);
    if (rc < 0)
        errno = (int)-rc;
    return rc;
}

int xctl_mmuext_op(struct xctl *xc, uint32_t domid, const struct mmuext_op *ops,
                   unsigned n)
{
    size_t len = (size_t)n * sizeof(*ops);
    struct mmuext_op *b;
    long rc;

    if (!n || !ops)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, len);
    if (!b)
        return xctl__fail(errno);
    memcpy(b, ops, len);
    rc = xctl__call(xc, __HYPERVISOR_mmuext_op, (uintptr_t)b, n, 0, domid, 0);
    xctl_buffer_free(xc, b, len);
    if (rc < 0)
        return xctl__fail((int)-rc);
    return 0;
}

int xctl_vcpu_setcontext(struct xctl *xc, uint32_t domid, unsigned vcpu,
                         const vcpu_guest_context_t *ctxt)
{
    struct xen_domctl d = { 0 };
    vcpu_guest_context_t *b;
    int rc;

    if (!ctxt)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, sizeof(*b));
    if (!b)
        return xctl__fail(errno);
    memcpy(b, ctxt, sizeof(*b));
    d.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, b);
    rc = xctl__domctl(xc, XEN_DOMCTL_setvcpucontext, domid, &d);
    xctl_buffer_free(xc, b, sizeof(*b));
    return rc < 0 ? rc : 0;
}

int xctl_hypercall_init(struct xctl *xc, uint32_t domid, xen_pfn_t gmfn)
{
    struct xen_domctl d = { 0 };
    int rc;

    d.u.hypercall_init.gmfn = gmfn;
    rc = xctl__domctl(xc, XEN_DOMCTL_hypercall_init, domid, &d);
    return rc < 0 ? rc : 0;
}

int xctl_add_to_physmap(struct xctl *xc, uint32_t domid, unsigned space,
                        unsigned long idx, xen_pfn_t gpfn)
{
    struct xen_add_to_physmap a = { 0 };
    long rc;

    a.domid = (domid_t)domid;
    a.space = space;
    a.idx = idx;
    a.gpfn = gpfn;
    rc = xctl_memory_op(xc, XENMEM_add_to_physmap, &a, sizeof(a));
    return rc < 0 ? (int)rc : 0;
}

int xctl_remove_from_physmap(struct xctl *xc, uint32_t domid, xen_pfn_t gpfn)
{
    struct xen_remove_from_physmap r = { 0 };
    long rc;

    r.domid = (domid_t)domid;
    r.gpfn = gpfn;
    rc = xctl_memory_op(xc, XENMEM_remove_from_physmap, &r, sizeof(r));
    return rc < 0 ? (int)rc : 0;
}

long xctl_maximum_gpfn(struct xctl *xc, uint32_t domid)
{
    domid_t d = (domid_t)domid;

    return xctl_memory_op(xc, XENMEM_maximum_gpfn, &d, sizeof(d));
}

int xctl_gnttab_setup_table(struct xctl *xc, uint32_t domid, unsigned nr,
                            xen_pfn_t *frames)
{
    struct gnttab_setup_table *s;
    size_t len = sizeof(*s) + nr * sizeof(*frames);
    xen_pfn_t *list;
    long rc;

    if (!nr || !frames)
        return xctl__fail(EINVAL);
    s = xctl_buffer_alloc(xc, len);
    if (!s)
        return xctl__fail(errno);
    list = (xen_pfn_t *)(s + 1);
    s->dom = (domid_t)domid;
    s->nr_frames = nr;
    set_xen_guest_handle(s->frame_list, list);
    rc = xctl__call(xc, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
                    (uintptr_t)s, 1, 0, 0);
    if (rc >= 0 && s->status != GNTST_okay)
        rc = -(s->status == GNTST_bad_domain ? ESRCH : EINVAL);
    if (rc >= 0)
        memcpy(frames, list, nr * sizeof(*frames));
    xctl_buffer_free(xc, s, len);
    if (rc < 0)
        return xctl__fail((int)-rc);
    return 0;
}
