/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV guest CPUID policy (facts from the Xen public interface and what
 * Linux's PV code expects):
 *   0x40000000  max leaf 0x40000002, signature "XenVMMXenVMM"
 *   0x40000001  interface version (major << 16 | minor)
 *   0x40000002  one hypercall page, set through MSR 0x40000000
 * and for host leaves: the hypervisor bit set; hidden are features a PV
 * kernel must not use directly (PSE, PGE, MTRR, MONITOR, VMX/SVM, SMX,
 * x2APIC, TSC deadline, PCID, INVPCID, SMEP, SMAP, UMIP, PKU, LA57,
 * XSAVES, 1 GiB pages).
 */
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/asm/cpuid.h>

#define HV_BASE 0x40000000u

/* Bits hidden from PV guests, per leaf and register. */
#define L1_ECX_HIDE \
    ((1u << 3) | (1u << 5) | (1u << 6) | (1u << 17) | (1u << 21) | (1u << 24))
#define L1_EDX_HIDE  ((1u << 3) | (1u << 12) | (1u << 13))
#define L7_EBX_HIDE  ((1u << 7) | (1u << 10) | (1u << 20))
#define L7_ECX_HIDE  ((1u << 2) | (1u << 3) | (1u << 16))
#define LD1_EAX_HIDE (1u << 3)
#define E1_ECX_HIDE  (1u << 2)
#define E1_EDX_HIDE  (1u << 26)

static void hypervisor_leaf(uint32_t leaf, struct cpuid_regs *r)
{
    memset(r, 0, sizeof(*r));
    switch (leaf - HV_BASE) {
    case 0:
        r->a = HV_BASE + 2;
        memcpy(&r->b, "XenV", 4);
        memcpy(&r->c, "MMXe", 4);
        memcpy(&r->d, "nVMM", 4);
        break;
    case 1:
        r->a = (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
        break;
    case 2:
        r->a = 1;       /* hypercall pages */
        r->b = HV_BASE; /* MSR that installs one */
        break;
    }
}

void guest_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
    if (leaf >= HV_BASE && leaf < HV_BASE + 0x100) {
        hypervisor_leaf(leaf, r);
        return;
    }
    cpuid_count(leaf, subleaf, r);
    switch (leaf) {
    case 1:
        r->c = (r->c & ~L1_ECX_HIDE) | (1u << 31); /* hypervisor present */
        r->d &= ~L1_EDX_HIDE;
        break;
    case 7:
        if (subleaf == 0) {
            r->b &= ~L7_EBX_HIDE;
            r->c &= ~L7_ECX_HIDE;
        }
        break;
    case 0xd:
        if (subleaf == 1)
            r->a &= ~LD1_EAX_HIDE;
        break;
    case 0x80000001:
        r->c &= ~E1_ECX_HIDE;
        r->d &= ~E1_EDX_HIDE;
        break;
    }
}

bool emulate_forced_cpuid(struct cpu_user_regs *regs)
{
    static const uint8_t sig[7] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    uint8_t insn[7];
    struct cpuid_regs r;

    if (copy_from_guest(insn, regs->rip, sizeof(insn)) ||
        memcmp(insn, sig, sizeof(sig)))
        return false;
    guest_cpuid((uint32_t)regs->rax, (uint32_t)regs->rcx, &r);
    regs->rax = r.a;
    regs->rbx = r.b;
    regs->rcx = r.c;
    regs->rdx = r.d;
    regs->rip += sizeof(insn);
    return true;
}
