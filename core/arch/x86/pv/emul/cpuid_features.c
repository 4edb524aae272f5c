/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV feature tables: which CPUID features a PV guest gets by default,
 * and which features depend on which.  The numbers are those of Xen 4.17's
 * public cpufeatureset.h (features marked 'A' are offered to PV guests by
 * default) and of its feature dependency list, so a PV guest sees the same
 * feature set on Xenith as on Xen.
 */
#include <xenith/lib.h>
#include "cpuid_private.h"

const uint32_t pv_def_featuremask[FS_NR] = {
    /*
     * Leaf 1 EDX: FPU DE TSC MSR PAE MCE CX8 APIC SEP MCA CMOV PAT CLFLUSH
     * ACPI MMX FXSR SSE SSE2 SS HTT.  Hidden: VME PSE MTRR PGE PSE36 DS
     * TM1 PBE.
     */
    [FS_1D] = 0x1fc9cbf5,
    /*
     * Leaf 1 ECX: SSE3 PCLMULQDQ SSSE3 FMA CX16 SSE4.1 SSE4.2 MOVBE POPCNT
     * AESNI XSAVE AVX F16C RDRAND HYPERVISOR.  Hidden: MONITOR VMX SMX
     * EIST PCID X2APIC TSC_DEADLINE OSXSAVE (the last is set dynamically).
     */
    [FS_1C] = 0xf6d83203,
    /* 0x80000001 EDX: SYSCALL NX MMXEXT FFXSR RDTSCP LM 3DNow!(EXT). */
    [FS_E1D] = 0xea500800,
    /* 0x80000001 ECX: LAHF_LM CMP_LEGACY ABM SSE4A MISALIGNSSE
     * 3DNOWPREFETCH XOP FMA4 TBM DBEXT.  Hidden: SVM and the rest. */
    [FS_E1C] = 0x042109e3,
    /* 0xd.1 EAX: XSAVEOPT XSAVEC XGETBV1.  Hidden: XSAVES. */
    [FS_DA1] = 0x00000007,
    /* 7.0 EBX: hidden SMEP SMAP INVPCID TSC_ADJUST MPX HLE and more. */
    [FS_7B0] = 0xfdaf0b29,
    /* 7.0 ECX: hidden UMIP PKU OSPKE LA57 CET_SS MOVDIRI ... */
    [FS_7C0] = 0x02405f43,
    [FS_E7D] = 0,
    [FS_E8B] = 0x64001005,
    [FS_7D0] = 0xac00441c,
    [FS_7A1] = 0x00001c30,
    [FS_E21A] = 0x78000064,
    [FS_7D2] = 0x00000021,
    [FS_E21C] = 0x00000006,
};

/* A feature and the features that need it. */
struct fs_dep {
    uint16_t feature;
    uint16_t nr;
    uint16_t deps[12];
};

static const struct fs_dep fs_deps[] = {
    /* FPU: MMX, RSTR_FP_ERR_PTRS.  PSE: PSE36.  PAE: LM, NX. */
    { FEAT(0, 0), 2, { FEAT(0, 23), FEAT(8, 2) } },
    { FEAT(0, 3), 1, { FEAT(0, 17) } },
    { FEAT(0, 6), 2, { FEAT(2, 29), FEAT(2, 20) } },
    /* TSC: TSC_DEADLINE RDTSCP TSC_ADJUST ITSC. */
    { FEAT(0, 4), 4, { FEAT(1, 24), FEAT(2, 27), FEAT(5, 1), FEAT(7, 8) } },
    /* APIC: X2APIC TSC_DEADLINE EXTAPIC. */
    { FEAT(0, 9), 3, { FEAT(1, 21), FEAT(1, 24), FEAT(3, 3) } },
    /* MMX: MMXEXT 3DNOW.  FXSR: FFXSR SSE.  SSE: SSE2 MISALIGNSSE. */
    { FEAT(0, 23), 2, { FEAT(2, 22), FEAT(2, 31) } },
    { FEAT(0, 24), 2, { FEAT(2, 25), FEAT(0, 25) } },
    { FEAT(0, 25), 2, { FEAT(0, 26), FEAT(3, 7) } },
    /* SSE2: SSE3 LM AESNI PCLMULQDQ SHA GFNI. */
    { FEAT(0, 26),
      6,
      { FEAT(1, 0), FEAT(2, 29), FEAT(1, 25), FEAT(1, 1), FEAT(5, 29),
        FEAT(6, 8) } },
    /* SSE3: SSSE3 SSE4A.  SSSE3: SSE4.1.  SSE4.1: SSE4.2. */
    { FEAT(1, 0), 2, { FEAT(1, 9), FEAT(3, 6) } },
    { FEAT(1, 9), 1, { FEAT(1, 19) } },
    { FEAT(1, 19), 1, { FEAT(1, 20) } },
    /* XSAVE: XSAVEOPT XSAVEC XGETBV1 XSAVES AVX MPX PKU LWP. */
    { FEAT(1, 26),
      8,
      { FEAT(4, 0), FEAT(4, 1), FEAT(4, 2), FEAT(4, 3), FEAT(1, 28),
        FEAT(5, 14), FEAT(6, 3), FEAT(3, 15) } },
    /* AVX: FMA FMA4 F16C AVX2 XOP. */
    { FEAT(1, 28),
      5,
      { FEAT(1, 12), FEAT(3, 16), FEAT(1, 29), FEAT(5, 5), FEAT(3, 11) } },
    /* NX: SMAP.  LM: CX16 PCID LAHF_LM PAGE1GB PKU NO_LMSL. */
    { FEAT(2, 20), 1, { FEAT(5, 20) } },
    { FEAT(2, 29),
      6,
      { FEAT(1, 13), FEAT(1, 17), FEAT(3, 0), FEAT(2, 26), FEAT(6, 3),
        FEAT(8, 20) } },
    /* 3DNOW: 3DNOWEXT.  AVX2: AVX512F VAES VPCLMULQDQ AVX_VNNI. */
    { FEAT(2, 31), 1, { FEAT(2, 30) } },
    { FEAT(5, 5), 4, { FEAT(5, 16), FEAT(6, 9), FEAT(6, 10), FEAT(10, 4) } },
    /* AVX512F: the AVX-512 extensions. */
    { FEAT(5, 16),
      12,
      { FEAT(5, 17), FEAT(5, 21), FEAT(5, 26), FEAT(5, 27), FEAT(5, 28),
        FEAT(5, 30), FEAT(5, 31), FEAT(9, 2), FEAT(9, 3), FEAT(6, 11),
        FEAT(6, 14), FEAT(9, 8) } },
    /* AVX512BW: VBMI VBMI2 BITALG BF16 FP16. */
    { FEAT(5, 30),
      5,
      { FEAT(6, 1), FEAT(6, 6), FEAT(6, 12), FEAT(10, 5), FEAT(9, 23) } },
    /* PCLMULQDQ: VPCLMULQDQ.  AESNI: VAES. */
    { FEAT(1, 1), 1, { FEAT(6, 10) } },
    { FEAT(1, 25), 1, { FEAT(6, 9) } },
    /* IBRSB: STIBP SSBD INTEL_PSFD IPRED_CTRL RRSBA_CTRL BHI_CTRL. */
    { FEAT(9, 26),
      6,
      { FEAT(9, 27), FEAT(9, 31), FEAT(13, 0), FEAT(13, 1), FEAT(13, 2),
        FEAT(13, 4) } },
    /* IBRS: AMD_STIBP AMD_SSBD PSFD IBRS_ALWAYS IBRS_FAST IBRS_SAME_MODE. */
    { FEAT(8, 14),
      6,
      { FEAT(8, 15), FEAT(8, 24), FEAT(8, 28), FEAT(8, 16), FEAT(8, 18),
        FEAT(8, 19) } },
    /* IBPB: IBPB_RET SBPB IBPB_BRTYPE.  AMD_STIBP: STIBP_ALWAYS. */
    { FEAT(8, 12), 3, { FEAT(8, 30), FEAT(11, 27), FEAT(11, 28) } },
    { FEAT(8, 15), 1, { FEAT(8, 17) } },
    /* RTM: TSXLDTRK. */
    { FEAT(5, 11), 1, { FEAT(9, 16) } },
};

void pv_fs_sanitise(uint32_t *fs)
{
    bool changed = true;
    unsigned int i, j;

    /* Dependencies chain (SSE -> SSE2 -> SSE3 ...): repeat to a fixpoint. */
    while (changed) {
        changed = false;
        for (i = 0; i < ARRAY_SIZE(fs_deps); i++) {
            const struct fs_dep *d = &fs_deps[i];

            if (fs_test(fs, d->feature))
                continue;
            for (j = 0; j < d->nr; j++) {
                if (fs_test(fs, d->deps[j])) {
                    fs_clear(fs, d->deps[j]);
                    changed = true;
                }
            }
        }
    }
}

/* The legacy area plus the XSAVE header (Intel SDM vol. 1 13.4). */
#define XSTATE_AREA_MIN_SIZE (512 + 64)

uint32_t pv_xstate_size(const struct pv_cpuid_policy *p, uint64_t xcr0)
{
    uint32_t size = XSTATE_AREA_MIN_SIZE, end;
    unsigned int i;

    for (i = 2; i < PV_CPUID_NR_XSTATE; i++) {
        if (!(xcr0 & (1ULL << i)))
            continue;
        end = p->host_xstate_offset[i] + p->host_xstate_size[i];
        if (end > size)
            size = end;
    }
    return size;
}

uint32_t pv_xstate_size_compact(const struct pv_cpuid_policy *p, uint64_t xcr0)
{
    uint32_t size = XSTATE_AREA_MIN_SIZE;
    unsigned int i;

    for (i = 2; i < PV_CPUID_NR_XSTATE; i++) {
        if (!(xcr0 & (1ULL << i)))
            continue;
        if (i < 32 && (p->host_xstate_align & (1u << i)))
            size = (size + 63) & ~63u;
        size += p->host_xstate_size[i];
    }
    return size;
}
