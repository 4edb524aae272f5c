/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The domctls a toolstack's save, restore and migration use on a PV
 * domain beyond building it (Xen 4.17's answers):
 *
 *   shadow_op        log-dirty mode (pv/logdirty.c): OFF, ENABLE_LOGDIRTY
 *                    (ENABLE with the log-dirty mode bit), CLEAN, PEEK;
 *                    GET_ALLOCATION is 0 MiB (no shadow pool exists) and
 *                    SET_ALLOCATION of 0 is accepted; shadow paging modes
 *                    (ENABLE_TEST, translate, refcount, a pool size) are
 *                    -EOPNOTSUPP.  On the caller's own domain -EINVAL; on
 *                    a dying one 0 and nothing done.
 *   resumedomain     a domain shut down for suspend runs again (the
 *                    cancelled suspend of a checkpoint or a failed
 *                    migration); -EINVAL on the caller's own domain.
 *   get/setvcpuextstate  XCR0, XCR0_ACCUM and the XSAVE image (standard
 *                    format) of a vCPU; without XSAVE the feature mask is
 *                    0, which tells the toolstack there is nothing to keep.
 *   get/set_vcpu_msrs   the MSRs Xen 4.17 carries for a PV vCPU (SPEC_CTRL,
 *                    MISC_FEATURES_ENABLES, TSC_AUX, the AMD DR address
 *                    masks): Xenith's guests have none of them with a
 *                    non-zero value, so get lists none; set accepts only
 *                    a value the emulated MSR would take (MISC_FEATURES 0).
 */
#include <public/domctl.h>
#include <xenith/arch_domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/asm/current.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/pv/domain.h>
#include <xenith/asm/pv/logdirty.h>
#include <xenith/asm/hvm/hvm.h>

static uint64_t handle(const void *h)
{
    uint64_t p;

    memcpy(&p, h, sizeof(p));
    return p;
}

long arch_domctl_shadow_op(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_shadow_op *sc = &op->u.shadow_op;
    long rc;

    if (d == current->domain)
        return -EINVAL;
    if (d->is_dying)
        return 0;
    if (d->is_hvm)
        return hvm_domctl_shadow_op(d, op);
    if (!d->vcpu || !d->vcpu[0])
        return -EINVAL;
    switch (sc->op) {
    case XEN_DOMCTL_SHADOW_OP_ENABLE:
        if (!(sc->mode & XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY))
            return -EOPNOTSUPP;
        if (sc->mode & ~XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY)
            return -EOPNOTSUPP; /* translate/refcount/external: shadows */
        /* fall through */
    case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
        pv_domain_pause(d);
        rc = pv_logdirty_enable(d);
        pv_domain_unpause(d);
        return rc;
    case XEN_DOMCTL_SHADOW_OP_OFF:
        pv_logdirty_disable(d);
        return 0;
    case XEN_DOMCTL_SHADOW_OP_CLEAN:
    case XEN_DOMCTL_SHADOW_OP_PEEK: {
        bool was_paused;

        /* The walk sees the domain still (as Xen's domain_pause). */
        spin_lock(&d->lock);
        was_paused = d->ctrl_paused;
        spin_unlock(&d->lock);
        if (!was_paused)
            pv_domain_pause(d);
        rc = pv_logdirty_op(d, sc);
        if (!was_paused)
            pv_domain_unpause(d);
        return rc;
    }
    case XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION:
        sc->mb = 0;
        return 0;
    case XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION:
        return sc->mb ? -EOPNOTSUPP : 0;
    case XEN_DOMCTL_SHADOW_OP_ENABLE_TEST:
    case XEN_DOMCTL_SHADOW_OP_ENABLE_TRANSLATE:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

long arch_domctl_resumedomain(struct domain *d, struct xen_domctl *op)
{
    (void)op;
    if (d == current->domain)
        return -EINVAL;
    pv_domain_resume(d);
    return 0;
}

/* ---- Extended (XSAVE) state ---- */

#define XSTATE_HDR 16 /* xcr0 and xcr0_accum before the image */

long arch_domctl_vcpuextstate(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_vcpuextstate *evc = &op->u.vcpuextstate;
    uint64_t mask = boot_cpu.xsave ? boot_cpu.xcr0 : 0;
    uint64_t buf = handle(&evc->buffer);
    struct vcpu *v;
    uint8_t *area;
    long rc;

    if (evc->vcpu >= d->max_vcpus || !(v = d->vcpu[evc->vcpu]))
        return -ESRCH;
    if (v == current)
        return -EINVAL;
    if (op->cmd == XEN_DOMCTL_getvcpuextstate) {
        uint32_t size;

        if ((!evc->size && !evc->xfeature_mask) || !buf) {
            /* A size query: the most a later get may hand back. */
            evc->xfeature_mask = mask;
            evc->size = XSTATE_HDR + (mask ? pv_fpu_xstate_size(mask) : 0);
            return 0;
        }
        pv_vcpu_pause_sync(v);
        size = XSTATE_HDR +
               (v->pv.xcr0_accum ? pv_fpu_xstate_size(v->pv.xcr0_accum) : 0);
        rc = 0;
        if (evc->size < size || evc->xfeature_mask != mask) {
            rc = -EINVAL;
        } else if (!(area = xzalloc_bytes(size))) {
            rc = -ENOMEM;
        } else {
            memcpy(area, &v->pv.xcr0, 8);
            memcpy(area + 8, &v->pv.xcr0_accum, 8);
            if (size > XSTATE_HDR)
                pv_fpu_get_xstate(v, area + XSTATE_HDR, size - XSTATE_HDR);
            if (copy_to_guest(buf, area, size))
                rc = -EFAULT;
            xfree(area);
        }
        pv_vcpu_unpause(v);
        if (!rc)
            evc->size = size;
        return rc;
    }

    /* set */
    if (evc->size < XSTATE_HDR ||
        evc->size > XSTATE_HDR + (mask ? pv_fpu_xstate_size(mask) : 0))
        return -EINVAL;
    if (!(area = xmalloc_bytes(evc->size)))
        return -ENOMEM;
    rc = copy_from_guest(area, buf, evc->size) ? -EFAULT : 0;
    if (!rc) {
        uint64_t xcr0, accum;

        memcpy(&xcr0, area, 8);
        memcpy(&accum, area + 8, 8);
        if (evc->size == XSTATE_HDR) {
            rc = (!accum && !xcr0) || accum ? 0 : -EINVAL;
        } else if (!accum ||
                   evc->size != XSTATE_HDR + pv_fpu_xstate_size(accum)) {
            rc = -EINVAL;
        } else {
            pv_vcpu_pause_sync(v);
            rc = pv_fpu_set_xstate(v, xcr0, accum, area + XSTATE_HDR,
                                   evc->size - XSTATE_HDR);
            pv_vcpu_unpause(v);
        }
    }
    xfree(area);
    return rc;
}

/* ---- MSRs ---- */

#define MSR_SPEC_CTRL             0x00000048
#define MSR_MISC_FEATURES_ENABLES 0x00000140
#define MSR_TSC_AUX               0xc0000103
#define MSR_AMD64_DR0_ADDR_MASK   0xc0011027
#define MSR_AMD64_DR1_ADDR_MASK   0xc0011019
#define MSR_AMD64_DR3_ADDR_MASK   0xc001101b
#define NR_SENT_MSRS              7 /* the list Xen 4.17 sends for PV */

long arch_domctl_vcpu_msrs(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_vcpu_msrs *vm = &op->u.vcpu_msrs;
    uint64_t list = handle(&vm->msrs);
    struct xen_domctl_vcpu_msr m;
    struct vcpu *v;

    if (vm->vcpu >= d->max_vcpus || !(v = d->vcpu[vm->vcpu]))
        return -ESRCH;
    if (v == current)
        return -EINVAL;
    if (op->cmd == XEN_DOMCTL_get_vcpu_msrs) {
        /* A size query with no buffer; else every MSR of the list reads
         * 0 or is not offered to the guest, and empty ones are left out. */
        vm->msr_count = list ? 0 : NR_SENT_MSRS;
        return 0;
    }
    if (vm->msr_count > NR_SENT_MSRS)
        return -EINVAL;
    for (uint32_t i = 0; i < vm->msr_count; i++) {
        if (copy_from_guest(&m, list + i * sizeof(m), sizeof(m)))
            return -EFAULT;
        if (m.reserved)
            return -EINVAL;
        switch (m.index) {
        case MSR_MISC_FEATURES_ENABLES:
            if (m.value)
                return -EINVAL;
            continue;
        case MSR_SPEC_CTRL:
        case MSR_TSC_AUX:
        case MSR_AMD64_DR0_ADDR_MASK:
        case MSR_AMD64_DR1_ADDR_MASK ... MSR_AMD64_DR3_ADDR_MASK:
            return -EINVAL; /* not offered to Xenith's PV guests */
        default:
            return -EINVAL;
        }
    }
    return 0;
}
