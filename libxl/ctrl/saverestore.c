/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * What saving, restoring and migrating a PV domain ask of the hypervisor:
 * a vCPU's context (basic, extended, XSAVE, MSRs), page types, log-dirty
 * mode and its bitmap, the TSC settings, the CPUID/MSR policy, resuming a
 * suspended domain.
 */
#include <errno.h>
#include <string.h>

#include "xctl_private.h"

int xctl_vcpu_getcontext(struct xctl *xc, uint32_t domid, unsigned vcpu,
                         vcpu_guest_context_t *ctxt)
{
    struct xen_domctl d = { 0 };
    vcpu_guest_context_t *b;
    int rc;

    if (!ctxt)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, sizeof(*b));
    if (!b)
        return xctl__fail(errno);
    memset(b, 0, sizeof(*b));
    d.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, b);
    rc = xctl__domctl(xc, XEN_DOMCTL_getvcpucontext, domid, &d);
    if (rc >= 0)
        memcpy(ctxt, b, sizeof(*b));
    xctl_buffer_free(xc, b, sizeof(*b));
    if (rc < 0)
        errno = -rc;
    return rc < 0 ? rc : 0;
}

int xctl_vcpu_ext_context(struct xctl *xc, uint32_t domid, unsigned vcpu,
                          struct xen_domctl_ext_vcpucontext *ext, int set)
{
    struct xen_domctl d = { 0 };
    int rc;

    if (!ext)
        return xctl__fail(EINVAL);
    if (set)
        d.u.ext_vcpucontext = *ext;
    d.u.ext_vcpucontext.vcpu = vcpu;
    if (set && !d.u.ext_vcpucontext.size)
        d.u.ext_vcpucontext.size = sizeof(*ext);
    rc = xctl__domctl(xc,
                      set ? XEN_DOMCTL_set_ext_vcpucontext
                          : XEN_DOMCTL_get_ext_vcpucontext,
                      domid, &d);
    if (rc < 0)
        return rc;
    if (!set)
        *ext = d.u.ext_vcpucontext;
    return 0;
}

long xctl_vcpu_extstate(struct xctl *xc, uint32_t domid, unsigned vcpu,
                        uint64_t *xfeature_mask, void *buf, size_t size,
                        int set)
{
    struct xen_domctl d = { 0 };
    void *b = NULL;
    int rc;

    if (size) {
        if (!buf || !(b = xctl_buffer_alloc(xc, size)))
            return xctl__fail(buf ? errno : EINVAL);
        if (set)
            memcpy(b, buf, size);
    }
    d.u.vcpuextstate.vcpu = vcpu;
    d.u.vcpuextstate.xfeature_mask = set && xfeature_mask ? *xfeature_mask : 0;
    d.u.vcpuextstate.size = size;
    set_xen_guest_handle(d.u.vcpuextstate.buffer, (uint64_t *)b);
    rc = xctl__domctl(
        xc, set ? XEN_DOMCTL_setvcpuextstate : XEN_DOMCTL_getvcpuextstate,
        domid, &d);
    if (rc >= 0 && !set) {
        if (xfeature_mask)
            *xfeature_mask = d.u.vcpuextstate.xfeature_mask;
        if (size)
            memcpy(buf, b, size);
    }
    if (b)
        xctl_buffer_free(xc, b, size);
    if (rc < 0) {
        errno = -rc;
        return rc;
    }
    return (long)d.u.vcpuextstate.size;
}

int xctl_getpageframeinfo3(struct xctl *xc, uint32_t domid, unsigned n,
                           xen_pfn_t *arr)
{
    struct xen_domctl d = { 0 };
    size_t len = (size_t)n * sizeof(*arr);
    xen_pfn_t *b;
    int rc;

    if (!n || !arr)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, len);
    if (!b)
        return xctl__fail(errno);
    memcpy(b, arr, len);
    d.u.getpageframeinfo3.num = n;
    set_xen_guest_handle(d.u.getpageframeinfo3.array, b);
    rc = xctl__domctl(xc, XEN_DOMCTL_getpageframeinfo3, domid, &d);
    if (rc >= 0)
        memcpy(arr, b, len);
    xctl_buffer_free(xc, b, len);
    if (rc < 0)
        errno = -rc;
    return rc < 0 ? rc : 0;
}

long xctl_shadow_op(struct xctl *xc, uint32_t domid, unsigned op, unsigned mode,
                    uint8_t *bitmap, uint64_t pages,
                    struct xen_domctl_shadow_op_stats *stats)
{
    struct xen_domctl d = { 0 };
    size_t len = bitmap ? (size_t)((pages + 63) / 64) * 8 : 0;
    uint8_t *b = NULL;
    int rc;

    if (bitmap && !(b = xctl_buffer_alloc(xc, len)))
        return xctl__fail(errno);
    if (b)
        memset(b, 0, len);
    d.u.shadow_op.op = op;
    d.u.shadow_op.mode = mode;
    d.u.shadow_op.pages = pages;
    set_xen_guest_handle(d.u.shadow_op.dirty_bitmap, b);
    rc = xctl__domctl(xc, XEN_DOMCTL_shadow_op, domid, &d);
    if (rc >= 0) {
        if (b)
            memcpy(bitmap, b, len);
        if (stats)
            *stats = d.u.shadow_op.stats;
    }
    if (b)
        xctl_buffer_free(xc, b, len);
    if (rc < 0) {
        errno = -rc;
        return rc;
    }
    return (long)d.u.shadow_op.pages;
}

int xctl_tsc_info(struct xctl *xc, uint32_t domid,
                  struct xen_domctl_tsc_info *info, int set)
{
    struct xen_domctl d = { 0 };
    int rc;

    if (!info)
        return xctl__fail(EINVAL);
    if (set)
        d.u.tsc_info = *info;
    rc = xctl__domctl(xc, set ? XEN_DOMCTL_settscinfo : XEN_DOMCTL_gettscinfo,
                      domid, &d);
    if (rc < 0)
        return rc;
    if (!set)
        *info = d.u.tsc_info;
    return 0;
}

int xctl_vcpu_msrs(struct xctl *xc, uint32_t domid, unsigned vcpu,
                   struct xen_domctl_vcpu_msr *msrs, uint32_t *count, int set)
{
    struct xen_domctl d = { 0 };
    size_t len;
    void *b = NULL;
    int rc;

    if (!count || (set && *count && !msrs))
        return xctl__fail(EINVAL);
    len = (size_t)*count * sizeof(*msrs);
    if (msrs && len) {
        if (!(b = xctl_buffer_alloc(xc, len)))
            return xctl__fail(errno);
        if (set)
            memcpy(b, msrs, len);
        else
            memset(b, 0, len);
    }
    d.u.vcpu_msrs.vcpu = vcpu;
    d.u.vcpu_msrs.msr_count = msrs ? *count : 0;
    set_xen_guest_handle(d.u.vcpu_msrs.msrs, (struct xen_domctl_vcpu_msr *)b);
    rc = xctl__domctl(xc,
                      set ? XEN_DOMCTL_set_vcpu_msrs : XEN_DOMCTL_get_vcpu_msrs,
                      domid, &d);
    if (rc >= 0 && !set) {
        if (b && d.u.vcpu_msrs.msr_count <= *count)
            memcpy(msrs, b, (size_t)d.u.vcpu_msrs.msr_count * sizeof(*msrs));
        *count = d.u.vcpu_msrs.msr_count;
    }
    if (b)
        xctl_buffer_free(xc, b, len);
    if (rc < 0) {
        errno = -rc;
        return rc;
    }
    return 0;
}

int xctl_cpu_policy(struct xctl *xc, uint32_t domid, xen_cpuid_leaf_t *leaves,
                    uint32_t *nr_leaves, xen_msr_entry_t *msrs,
                    uint32_t *nr_msrs, int set, uint32_t err[3])
{
    struct xen_domctl d = { 0 };
    size_t llen, mlen;
    xen_cpuid_leaf_t *bl = NULL;
    xen_msr_entry_t *bm = NULL;
    int rc = -ENOMEM;

    if (!nr_leaves || !nr_msrs || (*nr_leaves && !leaves) ||
        (*nr_msrs && !msrs))
        return xctl__fail(EINVAL);
    llen = (size_t)*nr_leaves * sizeof(*leaves);
    mlen = (size_t)*nr_msrs * sizeof(*msrs);
    if ((llen && !(bl = xctl_buffer_alloc(xc, llen))) ||
        (mlen && !(bm = xctl_buffer_alloc(xc, mlen))))
        goto out;
    if (set) {
        if (llen)
            memcpy(bl, leaves, llen);
        if (mlen)
            memcpy(bm, msrs, mlen);
    }
    d.u.cpu_policy.nr_leaves = *nr_leaves;
    d.u.cpu_policy.nr_msrs = *nr_msrs;
    set_xen_guest_handle(d.u.cpu_policy.leaves, bl);
    set_xen_guest_handle(d.u.cpu_policy.msrs, bm);
    d.u.cpu_policy.err_leaf = d.u.cpu_policy.err_subleaf =
        d.u.cpu_policy.err_msr = ~0u;
    rc = xctl__domctl(
        xc, set ? XEN_DOMCTL_set_cpu_policy : XEN_DOMCTL_get_cpu_policy, domid,
        &d);
    if (err) {
        err[0] = d.u.cpu_policy.err_leaf;
        err[1] = d.u.cpu_policy.err_subleaf;
        err[2] = d.u.cpu_policy.err_msr;
    }
    if (rc >= 0 && !set) {
        if (d.u.cpu_policy.nr_leaves > *nr_leaves ||
            d.u.cpu_policy.nr_msrs > *nr_msrs) {
            rc = -ENOBUFS;
            goto out;
        }
        if (llen)
            memcpy(leaves, bl, d.u.cpu_policy.nr_leaves * sizeof(*leaves));
        if (mlen)
            memcpy(msrs, bm, d.u.cpu_policy.nr_msrs * sizeof(*msrs));
        *nr_leaves = d.u.cpu_policy.nr_leaves;
        *nr_msrs = d.u.cpu_policy.nr_msrs;
    }
out:
    if (bl)
        xctl_buffer_free(xc, bl, llen);
    if (bm)
        xctl_buffer_free(xc, bm, mlen);
    if (rc < 0) {
        errno = -rc;
        return rc;
    }
    return 0;
}

int xctl_domain_resume(struct xctl *xc, uint32_t domid)
{
    struct xen_domctl d = { 0 };
    int rc = xctl__domctl(xc, XEN_DOMCTL_resumedomain, domid, &d);

    return rc < 0 ? rc : 0;
}
