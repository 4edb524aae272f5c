/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Answering one CPUID request of a PV guest: the domain's static policy,
 * the hypervisor leaves at 0x40000000, and the adjustments that depend on
 * the vCPU at the time of the request (Xen 4.17's guest_cpuid() and
 * cpuid_hypervisor_leaves()).
 */
#include <xenith/lib.h>
#include "cpuid_private.h"
#include "emul_private.h"

#define HV_BASE   0x40000000u
#define HV_LEAVES 5u /* Leaves 0x40000000..0x40000005. */

#define CR4_PKE     (1ULL << 22)
#define CR4_OSXSAVE (1ULL << 18)

/* ns = (ticks << shift) * mul_frac >> 32 for @khz (Xen's time scale). */
static void time_scale(uint32_t khz, uint32_t *mul_frac, int8_t *shift)
{
    uint64_t tps64 = (uint64_t)khz * 1000;
    uint32_t tps32;
    int s = 0;

    *mul_frac = 0;
    *shift = 0;
    if (!tps64)
        return;
    while (tps64 > 2000000000ULL) {
        tps64 >>= 1;
        s--;
    }
    tps32 = (uint32_t)tps64;
    while (tps32 <= 1000000000u) {
        tps32 <<= 1;
        s++;
    }
    *mul_frac = (uint32_t)((1000000000ULL << 32) / tps32);
    *shift = (int8_t)s;
}

static void hypervisor_leaf(const struct pv_cpuid_policy *p, uint32_t idx,
                            uint32_t subleaf, struct pv_cpuid_regs *r)
{
    uint32_t mul;
    int8_t shift;

    switch (idx) {
    case 0:
        r->a = HV_BASE + HV_LEAVES;
        r->b = 0x566e6558; /* "XenV" */
        r->c = 0x65584d4d; /* "MMXe" */
        r->d = 0x4d4d566e; /* "nVMM" */
        break;
    case 1:
        r->a = (PV_CPUID_XEN_MAJOR << 16) | PV_CPUID_XEN_MINOR;
        break;
    case 2:
        r->a = 1;       /* Hypercall pages. */
        r->b = HV_BASE; /* The MSR that writes one. */
        r->c = 1;       /* MMU_PT_UPDATE_PRESERVE_AD */
        break;
    case 3: /* Time. */
        if (subleaf == 0) {
            /* Bit 0 (TSC emulated) stays clear: RDTSC is never trapped. */
            r->a = (p->tsc_is_safe ? 2 : 0) |
                   (p->extd[1].d & (1u << 27) ? 4 : 0); /* RDTSCP */
            r->b = p->tsc_mode;
            r->c = p->tsc_khz;
            r->d = p->incarnation;
        } else if (subleaf == 1) {
            time_scale(p->tsc_khz, &mul, &shift);
            r->c = mul;
            r->d = (uint32_t)(int32_t)shift;
        } else if (subleaf == 2) {
            r->a = p->cpu_khz;
        }
        break;
    case 5: /* PV parameters: machine address width. */
        if (subleaf == 0)
            r->b = p->maddr_bits;
        break;
    }
}

/* The static part of the answer; false if the leaf is out of range. */
static bool static_leaf(const struct pv_cpuid_policy *p, uint32_t leaf,
                        uint32_t subleaf, struct pv_cpuid_regs *r)
{
    if (leaf < PV_CPUID_NR_BASIC) {
        if (leaf > p->basic[0].a)
            return false;
        switch (leaf) {
        case 4:
            if (subleaf < PV_CPUID_NR_CACHE)
                *r = p->cache[subleaf];
            break;
        case 7:
            if (subleaf <= p->feat[0].a)
                *r = p->feat[subleaf];
            break;
        case 0xd:
            if ((p->basic[1].c & (1u << 26)) && subleaf < PV_CPUID_NR_XSTATE)
                *r = p->xstate[subleaf];
            break;
        default:
            *r = p->basic[leaf];
        }
        return true;
    }
    if (leaf >= 0x80000000u && leaf < 0x80000000u + PV_CPUID_NR_EXTD) {
        if ((leaf & 0xffff) > (p->extd[0].a & 0xffff))
            return false;
        *r = p->extd[leaf & 0xffff];
        return true;
    }
    return false;
}

/* Leaf 1 and 0x80000001 adjustments for the requesting vCPU. */
static void leaf1_dynamic(const struct pv_cpuid_policy *p, uint32_t leaf,
                          const struct pv_cpuid_ctx *c, struct pv_cpuid_regs *r)
{
    bool dom0_kernel = c->hardware_domain && c->kernel_mode;

    if (leaf == 1) {
        r->b &= 0x00ffffffu;
        /*
         * OSXSAVE: the guest's own CR4, or (a Linux PV ABI quirk) the
         * hypervisor's when the kernel asks through the forced prefix.
         */
        if ((c->guest_cr4 & CR4_OSXSAVE) ||
            ((p->basic[1].c & (1u << 26)) && c->forced && c->kernel_mode &&
             c->host_osxsave))
            r->c |= 1u << 27;
        /* Dom0's kernel sees MONITOR (native CPUID only) and EIST. */
        if (dom0_kernel && !c->forced && (p->host_1c & (1u << 3)))
            r->c |= 1u << 3;
        if (dom0_kernel && (p->host_1c & (1u << 7)))
            r->c |= 1u << 7;
    }
    /* Dom0's kernel sees MTRR (XENPF_*_memtype are available). */
    if (dom0_kernel && (p->host_1d & (1u << 12)))
        r->d |= 1u << 12;
}

void pv_cpuid_query(const struct pv_cpuid_policy *p, uint32_t leaf,
                    uint32_t subleaf, const struct pv_cpuid_ctx *c,
                    struct pv_cpuid_regs *r)
{
    memset(r, 0, sizeof(*r));
    if (leaf >= HV_BASE && leaf < HV_BASE + 0x200) {
        if (leaf - HV_BASE <= HV_LEAVES)
            hypervisor_leaf(p, leaf - HV_BASE, subleaf, r);
        return;
    }
    if (!static_leaf(p, leaf, subleaf, r))
        return;
    switch (leaf) {
    case 1:
    case 0x80000001:
        leaf1_dynamic(p, leaf, c, r);
        break;
    case 5:
        if (c->hardware_domain && c->kernel_mode && !c->forced &&
            (p->host_1c & (1u << 3)))
            *r = p->host_leaf5;
        break;
    case 7:
        if (subleaf == 0 && (c->guest_cr4 & CR4_PKE))
            r->c |= 1u << 4; /* OSPKE */
        break;
    case 0xd:
        if (!(p->basic[1].c & (1u << 26)))
            break;
        if (subleaf == 0)
            r->b = pv_xstate_size(p, c->xcr0);
        else if (subleaf == 1 && (p->xstate[1].a & (1u << 1)))
            r->b = pv_xstate_size_compact(p, c->xcr0);
        break;
    }
}

void pv_emul_cpuid(struct cpu_user_regs *regs, const struct pv_emul_state *st,
                   bool forced)
{
    struct pv_cpuid_ctx c = {
        .kernel_mode = st->kernel_mode,
        .forced = forced,
        .hardware_domain = st->hardware_domain,
        .host_osxsave = (st->host_cr4 & CR4_OSXSAVE) != 0,
        .guest_cr4 = st->cr4,
        .xcr0 = st->xcr0,
    };
    struct pv_cpuid_regs r;

    pv_cpuid_query(st->cpuid, (uint32_t)regs->rax, (uint32_t)regs->rcx, &c, &r);
    regs->rax = r.a;
    regs->rbx = r.b;
    regs->rcx = r.c;
    regs->rdx = r.d;
}
