/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VM exits every vendor handles the same way: CPUID, hypercalls
 * (VMMCALL on SVM, VMCALL on VMX), HLT and a triple fault.
 *
 * CPUID (an HVM guest's view, as Xen 4.17 gives it where this stage's
 * guests look):
 *   0x40000000  max leaf 0x40000005, "XenVMMXenVMM"
 *   0x40000001  interface version (major << 16 | minor)
 *   0x40000002  one hypercall page, MSR 0x40000000
 *   0x40000004  HVM leaf: the vCPU id (EBX) and domain id (ECX) present
 *               (no APIC/x2APIC virtualisation, no upcall vector yet)
 *   0x40000003, 0x40000005  zero (no TSC emulation; 5 is PV-only)
 * Host leaves: the hypervisor bit set, leaf 1's initial APIC id the vCPU
 * id; hidden until they are virtualised: MONITOR/MWAIT, VMX, SMX,
 * x2APIC, TSC deadline, XSAVE/OSXSAVE and AVX (XSETBV exits), SVM and its
 * leaf 0x8000000a (no nested virtualisation), leaf 0xd.
 *
 * Hypercalls: CPL 0 only (else -EPERM, as Xen); the 64-bit convention
 * (RDI, RSI, RDX, R10, R8) in 64-bit mode, the 32-bit one (EBX, ECX, EDX,
 * ESI, EDI) otherwise; common/hypercall.c decides what an HVM guest may
 * call.
 */
#include <public/sched.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/softirq.h>
#include <xenith/asm/current.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/processor.h>

#define HV_BASE 0x40000000u

#define XEN_HVM_CPUID_VCPU_ID_PRESENT (1u << 3)
#define XEN_HVM_CPUID_DOMID_PRESENT   (1u << 4)

#define L1_ECX_HIDE                                                \
    ((1u << 3) | (1u << 5) | (1u << 6) | (1u << 21) | (1u << 24) | \
     (1u << 26) | (1u << 27) | (1u << 28))
#define E1_ECX_HIDE (1u << 2)

void hvm_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
               uint32_t regs[4])
{
    struct cpuid_regs r = { 0 };

    if (leaf >= HV_BASE && leaf < HV_BASE + 0x10000) {
        switch (leaf - HV_BASE) {
        case 0:
            r.a = HV_BASE + 5;
            memcpy(&r.b, "XenV", 4);
            memcpy(&r.c, "MMXe", 4);
            memcpy(&r.d, "nVMM", 4);
            break;
        case 1:
            r.a = (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
            break;
        case 2:
            r.a = 1;
            r.b = HV_BASE;
            break;
        case 4:
            if (subleaf)
                break;
            r.a = XEN_HVM_CPUID_VCPU_ID_PRESENT | XEN_HVM_CPUID_DOMID_PRESENT;
            r.b = v->vcpu_id;
            r.c = v->domain->domain_id;
            break;
        }
    } else {
        cpuid_count(leaf, subleaf, &r);
        switch (leaf) {
        case 1:
            r.b = (r.b & 0x00ffffffu) | (v->vcpu_id << 24);
            r.c = (r.c & ~L1_ECX_HIDE) | (1u << 31);
            break;
        case 7:
            if (subleaf == 0)
                r.b &= ~(1u << 5); /* AVX2 (needs XSAVE state) */
            break;
        case 0xd:
        case 0x8000000a:
            r.a = r.b = r.c = r.d = 0;
            break;
        case 0x80000001:
            r.c &= ~E1_ECX_HIDE;
            break;
        }
    }
    regs[0] = r.a;
    regs[1] = r.b;
    regs[2] = r.c;
    regs[3] = r.d;
}

bool hvm_hypercall(struct vcpu *v)
{
    struct hvm_gprs *g = &v->hvm.gprs;
    bool wide = hvm_funcs->long_mode(v);
    uint64_t mask = wide ? ~0UL : 0xffffffffUL;
    unsigned long nr = hvm_funcs->get_rax(v) & mask, args[5];
    struct cpu_user_regs frame;
    long rc;

    if (hvm_funcs->get_cpl(v) != 0) {
        hvm_funcs->set_rax(v, (uint64_t)(long)-EPERM & mask);
        return false;
    }
    memset(&frame, 0, sizeof(frame));
    if (wide) {
        frame.rdi = g->rdi;
        frame.rsi = g->rsi;
        frame.rdx = g->rdx;
        frame.r10 = g->r10;
        frame.r8 = g->r8;
    } else {
        frame.rdi = (uint32_t)g->rbx;
        frame.rsi = (uint32_t)g->rcx;
        frame.rdx = (uint32_t)g->rdx;
        frame.r10 = (uint32_t)g->rsi;
        frame.r8 = (uint32_t)g->rdi;
    }
    args[0] = frame.rdi;
    args[1] = frame.rsi;
    args[2] = frame.rdx;
    args[3] = frame.r10;
    args[4] = frame.r8;
    rc = hypercall_call(nr, args, &frame);
    if (rc == HYPERCALL_RESTART) {
        /* A continuation: the updated arguments go back in place. */
        if (wide) {
            g->rdi = frame.rdi;
            g->rsi = frame.rsi;
            g->rdx = frame.rdx;
            g->r10 = frame.r10;
            g->r8 = frame.r8;
        } else {
            g->rbx = (uint32_t)frame.rdi;
            g->rcx = (uint32_t)frame.rsi;
            g->rdx = (uint32_t)frame.rdx;
            g->rsi = (uint32_t)frame.r10;
            g->rdi = (uint32_t)frame.r8;
        }
        return true;
    }
    hvm_funcs->set_rax(v, (uint64_t)rc & mask);
    return false;
}

void hvm_hlt(struct vcpu *v, bool interrupts_on)
{
    struct domain *d = v->domain;
    bool any_up = false;

    if (interrupts_on) {
        /* Until an event upcall is due (hvm_vcpu_kick wakes it); one
         * that became due before the block is seen by the check after. */
        bool edge;

        if (hvm_upcall_vector(v, &edge) >= 0)
            return;
        sched_unit_block(&v->sched);
        if (hvm_upcall_vector(v, &edge) >= 0)
            sched_unit_wake(&v->sched);
        raise_softirq(SCHEDULE_SOFTIRQ);
        return;
    }
    /* With interrupts off nothing can wake it: the vCPU goes down, and
     * with the last one the domain powers off (as Xen). */
    v->up = false;
    sched_unit_pause_nosync(&v->sched);
    raise_softirq(SCHEDULE_SOFTIRQ);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->up)
            any_up = true;
    if (!any_up) {
        printk("d%u: all vCPUs offline: powering off\n", d->domain_id);
        pv_domain_shutdown(d, SHUTDOWN_poweroff);
    }
}

void hvm_triple_fault(struct vcpu *v)
{
    struct domain *d = v->domain;
    unsigned int reason;

    spin_lock(&d->lock);
    reason = (unsigned int)d->hvm.params[HVM_PARAM_TRIPLE_FAULT_REASON];
    spin_unlock(&d->lock);
    printk("d%uv%u triple fault: shutdown reason %u\n", d->domain_id,
           v->vcpu_id, reason);
    pv_domain_shutdown(d, reason);
}
