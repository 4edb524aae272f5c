/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channel upcalls into an HVM vCPU, the vendor-neutral part.
 *
 * Two ways for the guest to ask for them, as on Xen 4.17:
 *   HVMOP_set_evtchn_upcall_vector  a vector per vCPU (what Linux uses
 *       for PVH).  On Xen it goes through the emulated LAPIC: one
 *       interrupt each time the vCPU's evtchn_upcall_pending goes from 0
 *       to 1 (an edge into the IRR).  Xenith has no LAPIC emulation yet:
 *       the edge is kept in upcall_raised and injected directly, so the
 *       guest's EOI to its LAPIC reads as a write to an empty bus.
 *   HVM_PARAM_CALLBACK_IRQ of type 2 (vector)  one vector for every vCPU,
 *       delivered while evtchn_upcall_pending is set (level: the guest
 *       clears the flag in its handler).
 * With both set, both deliver, as on Xen: the callback first (while
 * upcall_pending is set), then the per-vCPU vector's edge.  The GSI and
 * PCI INTx types need an IO-APIC or PIC, which a PVH domain does not have:
 * Xen ignores them there (and 0) and so does Xenith, storing the value.
 * evtchn_upcall_mask means
 * nothing to an HVM guest (as on Xen): RFLAGS.IF and the interrupt shadow
 * gate the injection, which the vendor's run loop does before each entry
 * (hvm_upcall_vector / hvm_upcall_injected), opening an interrupt window
 * when the guest cannot take it yet.
 */
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/asm/current.h>
#include <xenith/asm/hvm/hvm.h>

static bool upcall_pending(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;

    return vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE);
}

void hvm_vcpu_kick(struct vcpu *v)
{
    if (READ_ONCE(v->hvm.upcall_vector) && upcall_pending(v))
        __atomic_store_n(&v->hvm.upcall_raised, true, __ATOMIC_RELEASE);
    pv_vcpu_kick(v);
}

int hvm_upcall_vector(struct vcpu *v, bool *edge)
{
    uint8_t vec = READ_ONCE(v->domain->hvm.callback_vector);

    *edge = false;
    if (vec && upcall_pending(v))
        return vec;
    vec = READ_ONCE(v->hvm.upcall_vector);
    if (vec && __atomic_load_n(&v->hvm.upcall_raised, __ATOMIC_ACQUIRE)) {
        *edge = true;
        return vec;
    }
    return -1;
}

void hvm_upcall_injected(struct vcpu *v, bool edge)
{
    if (edge)
        __atomic_store_n(&v->hvm.upcall_raised, false, __ATOMIC_RELEASE);
}

/* HVMOP_set_evtchn_upcall_vector: Xen 4.17's checks in its order (the
 * vector before the vCPU); the vector is raised once at once, as Xen's
 * LAPIC path asserts it when it is set. */
long hvm_set_evtchn_upcall_vector(unsigned long arg)
{
    struct xen_hvm_evtchn_upcall_vector op;
    struct domain *d = current->domain;
    struct vcpu *v;

    if (!d->is_hvm)
        return -EINVAL;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.vector < 0x10)
        return -EINVAL;
    if (op.vcpu >= d->max_vcpus || !(v = d->vcpu[op.vcpu]))
        return -ENOENT;
    printk("d%uv%u: upcall vector %#x\n", d->domain_id, v->vcpu_id, op.vector);
    WRITE_ONCE(v->hvm.upcall_vector, op.vector);
    __atomic_store_n(&v->hvm.upcall_raised, true, __ATOMIC_RELEASE);
    pv_vcpu_kick(v);
    return 0;
}

/* HVM_PARAM_CALLBACK_IRQ (d->lock held by the caller).  Xen 4.17 ignores
 * every type but the vector for a domain without an emulated IO-APIC and
 * PIC (all Xenith has: PVH), 0 included, so once a vector callback is set
 * it stays; the value is stored whatever it is. */
int hvm_set_callback_irq(struct domain *d, uint64_t value)
{
    unsigned int type =
        (unsigned int)(value >> HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT);

    if (type == HVM_PARAM_CALLBACK_TYPE_VECTOR)
        WRITE_ONCE(d->hvm.callback_vector, (uint8_t)value);
    d->hvm.params[HVM_PARAM_CALLBACK_IRQ] = value;
    return 0;
}
