/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building a PV domain's CPUID policy from the host's raw CPUID, as Xen
 * 4.17 builds its default PV policy (cpu-policy.c: host policy, PV default
 * feature mask, guest adjustments, dependency sanitising, then the
 * per-leaf clean-ups of recalculate_misc() and recalculate_xstate()).
 *
 * The result is static per domain; what depends on the vCPU's state at
 * the time of the request (OSXSAVE, APIC ID, the dom0 MTRR leak, XSAVE
 * sizes) is applied by pv_cpuid_query().
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include "cpuid_private.h"

static const struct pv_cpuid_leaf *raw_find(const struct pv_cpuid_host *h,
                                            uint32_t leaf, uint32_t subleaf)
{
    unsigned int i;

    for (i = 0; i < h->nr_raw; i++)
        if (h->raw[i].leaf == leaf && h->raw[i].subleaf == subleaf)
            return &h->raw[i];
    return NULL;
}

struct pv_cpuid_regs pv_cpuid_raw(const struct pv_cpuid_host *h, uint32_t leaf,
                                  uint32_t subleaf)
{
    const struct pv_cpuid_leaf *l = raw_find(h, leaf, subleaf);
    struct pv_cpuid_regs r = { 0, 0, 0, 0 };

    if (l) {
        r.a = l->a;
        r.b = l->b;
        r.c = l->c;
        r.d = l->d;
    }
    return r;
}

static uint8_t vendor_of(const struct pv_cpuid_regs *l0)
{
    if (l0->b == 0x756e6547 && l0->d == 0x49656e69 && l0->c == 0x6c65746e)
        return PV_VENDOR_INTEL; /* "GenuineIntel" */
    if (l0->b == 0x68747541 && l0->d == 0x69746e65 && l0->c == 0x444d4163)
        return PV_VENDOR_AMD; /* "AuthenticAMD" */
    if (l0->b == 0x6f677948 && l0->d == 0x6e65476e && l0->c == 0x656e6975)
        return PV_VENDOR_HYGON; /* "HygonGenuine" */
    return PV_VENDOR_UNKNOWN;
}

/* Family from leaf 1 EAX (Intel SDM vol. 2 "CPUID", AMD APM vol. 3). */
static unsigned int cpu_family(uint32_t eax)
{
    unsigned int fam = (eax >> 8) & 0xf;

    return fam == 0xf ? fam + ((eax >> 20) & 0xff) : fam;
}

/* The host's feature words, as Xen's boot CPU capabilities hold them. */
static void host_featureset(const struct pv_cpuid_host *h, uint8_t vendor,
                            uint32_t *fs)
{
    struct pv_cpuid_regs r;

    memset(fs, 0, FS_NR * sizeof(*fs));
    r = pv_cpuid_raw(h, 1, 0);
    fs[FS_1D] = r.d;
    fs[FS_1C] = r.c;
    r = pv_cpuid_raw(h, 7, 0);
    fs[FS_7B0] = r.b;
    fs[FS_7C0] = r.c;
    fs[FS_7D0] = r.d;
    r = pv_cpuid_raw(h, 7, 1);
    fs[FS_7A1] = r.a;
    fs[FS_7B1] = r.b;
    fs[FS_7C1] = r.c;
    fs[FS_7D1] = r.d;
    fs[FS_7D2] = pv_cpuid_raw(h, 7, 2).d;
    fs[FS_DA1] = pv_cpuid_raw(h, 0xd, 1).a;
    r = pv_cpuid_raw(h, 0x80000001, 0);
    fs[FS_E1D] = r.d;
    fs[FS_E1C] = r.c;
    fs[FS_E7D] = pv_cpuid_raw(h, 0x80000007, 0).d;
    fs[FS_E8B] = pv_cpuid_raw(h, 0x80000008, 0).b;
    r = pv_cpuid_raw(h, 0x80000021, 0);
    fs[FS_E21A] = r.a;
    fs[FS_E21C] = r.c;
    /*
     * The hypervisor does not use SYSENTER except on Intel (AMD has no
     * SYSENTER in long mode), and it drops SEP from its own capabilities,
     * which hides it from every guest.
     */
    if (vendor != PV_VENDOR_INTEL)
        fs_clear(fs, F_SEP);
    /* On AMD the hypervisor makes LFENCE dispatch serialising and says so
     * in leaf 0x80000021, even where the hardware has no such leaf. */
    if ((vendor == PV_VENDOR_AMD || vendor == PV_VENDOR_HYGON) &&
        (h->lfence_dispatch || cpu_family(pv_cpuid_raw(h, 1, 0).a) == 0xf ||
         cpu_family(pv_cpuid_raw(h, 1, 0).a) == 0x11))
        fs_set(fs, F_LFENCE_DISP);
}

/* The default PV feature set from the host's (Xen's calculate_pv_*). */
static void guest_featureset(const uint32_t *host, uint32_t *fs)
{
    unsigned int i;

    for (i = 0; i < FS_NR; i++)
        fs[i] = host[i] & pv_def_featuremask[i];
    fs_set(fs, F_HYPERVISOR);
    /* Topology flags follow the host. */
    if (!fs_test(host, F_HTT))
        fs_clear(fs, F_HTT);
    if (!fs_test(host, F_CMP_LEGACY))
        fs_clear(fs, F_CMP_LEGACY);
    /*
     * MSR_SPEC_CTRL is not virtualised for PV guests, so IBRS/IBRSB stay
     * hidden; IBPB (MSR_PRED_CMD) is offered when the host has it.
     */
    fs_clear(fs, F_IBRSB);
    fs_clear(fs, F_IBRS);
    if (fs_test(host, F_IBRSB))
        fs_set(fs, F_IBPB);
    /* MSR_ARCH_CAPABILITIES is not offered (see docs/pv-emulation.md). */
    fs_clear(fs, F_ARCH_CAPS);
    fs_clear(fs, F_SRSO_US_NO);
    pv_fs_sanitise(fs);
    /* The x87 pointer behaviour of the host shows through. */
    fs_clear(fs, F_FDP_EXCP);
    fs_clear(fs, F_NO_FPU_SEL);
    fs[FS_7B0] |= host[FS_7B0] & ((1u << 6) | (1u << 13));
    /* Dom0 does not migrate: it may rely on an invariant TSC. */
    if (fs_test(host, F_ITSC))
        fs_set(fs, F_ITSC);
}

/* Leaf 0xd from the guest's features (Xen's recalculate_xstate()). */
static void policy_xstate(struct pv_cpuid_policy *p, const uint32_t *fs)
{
    uint64_t xstates = 3; /* x87 and SSE */
    unsigned int i;

    memset(p->xstate, 0, sizeof(p->xstate));
    p->xcr0_max = 0;
    if (!fs_test(fs, F_XSAVE))
        return;
    if (fs_test(fs, F_AVX))
        xstates |= 1ULL << 2;
    if (fs_test(fs, F_AVX512F))
        xstates |= 0xe0; /* opmask, ZMM_Hi256, Hi16_ZMM */
    if (fs_test(fs, F_PKU))
        xstates |= 1ULL << 9;
    p->xcr0_max = xstates;
    p->xstate[0].a = (uint32_t)xstates;
    p->xstate[0].d = (uint32_t)(xstates >> 32);
    p->xstate[0].c = pv_xstate_size(p, xstates);
    p->xstate[1].a = fs[FS_DA1];
    for (i = 2; i < PV_CPUID_NR_XSTATE; i++) {
        if (!(xstates & (1ULL << i)))
            continue;
        p->xstate[i].a = p->host_xstate_size[i];
        p->xstate[i].b = p->host_xstate_offset[i];
        if (i < 32 && (p->host_xstate_align & (1u << i)))
            p->xstate[i].c = 2;
    }
}

/* Record the host's XSAVE layout (leaf 0xd subleaves 2..62). */
static void host_xstate(struct pv_cpuid_policy *p,
                        const struct pv_cpuid_host *h)
{
    struct pv_cpuid_regs r;
    unsigned int i;

    for (i = 2; i < PV_CPUID_NR_XSTATE; i++) {
        r = pv_cpuid_raw(h, 0xd, i);
        p->host_xstate_size[i] = r.a;
        p->host_xstate_offset[i] = r.b;
        if (i < 32 && (r.c & 2))
            p->host_xstate_align |= 1u << i;
    }
}

int pv_cpuid_policy_init(struct pv_cpuid_policy *p,
                         const struct pv_cpuid_host *host)
{
    uint32_t hfs[FS_NR], fs[FS_NR];
    struct pv_cpuid_regs l0;

    if (!p || !host || !host->raw || !raw_find(host, 0, 0) ||
        !raw_find(host, 1, 0))
        return -EINVAL;
    memset(p, 0, sizeof(*p));
    l0 = pv_cpuid_raw(host, 0, 0);
    p->vendor = vendor_of(&l0);
    host_featureset(host, p->vendor, hfs);
    guest_featureset(hfs, fs);
    if (l0.a < 0xd)
        fs_clear(fs, F_XSAVE);
    pv_fs_sanitise(fs);

    p->host_1c = hfs[FS_1C];
    p->host_1d = hfs[FS_1D];
    p->host_leaf5 = pv_cpuid_raw(host, 5, 0);
    host_xstate(p, host);
    pv_cpuid_policy_basic(p, host, fs);
    pv_cpuid_policy_extd(p, host, fs);
    policy_xstate(p, fs);

    p->tsc_mode = host->tsc_mode;
    p->tsc_khz = host->tsc_khz;
    p->cpu_khz = host->cpu_khz;
    p->incarnation = host->incarnation;
    p->tsc_is_safe = host->tsc_is_safe;
    p->maddr_bits = host->maddr_bits;
    return 0;
}
