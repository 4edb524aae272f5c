/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID feature words shared by the PV policy builder and its queries.
 *
 * A feature is numbered word * 32 + bit, with Xen's word numbering (the
 * public cpufeatureset.h), so the tables here can be checked against it.
 */
#ifndef XENITH_PV_CPUID_PRIVATE_H
#define XENITH_PV_CPUID_PRIVATE_H

#include <xenith/asm/pv/emul.h>

enum pv_fs_word {
    FS_1D = 0,    /* Leaf 1 EDX */
    FS_1C = 1,    /* Leaf 1 ECX */
    FS_E1D = 2,   /* Leaf 0x80000001 EDX */
    FS_E1C = 3,   /* Leaf 0x80000001 ECX */
    FS_DA1 = 4,   /* Leaf 0xd.1 EAX */
    FS_7B0 = 5,   /* Leaf 7.0 EBX */
    FS_7C0 = 6,   /* Leaf 7.0 ECX */
    FS_E7D = 7,   /* Leaf 0x80000007 EDX */
    FS_E8B = 8,   /* Leaf 0x80000008 EBX */
    FS_7D0 = 9,   /* Leaf 7.0 EDX */
    FS_7A1 = 10,  /* Leaf 7.1 EAX */
    FS_E21A = 11, /* Leaf 0x80000021 EAX */
    FS_7B1 = 12,  /* Leaf 7.1 EBX */
    FS_7D2 = 13,  /* Leaf 7.2 EDX */
    FS_7C1 = 14,  /* Leaf 7.1 ECX */
    FS_7D1 = 15,  /* Leaf 7.1 EDX */
    FS_E21C = 18, /* Leaf 0x80000021 ECX (16, 17 are MSR words) */
    FS_NR = 19,
};

#define FEAT(w, b) ((w)*32 + (b))

/* Features the policy code tests by name. */
#define F_DE          FEAT(FS_1D, 2)
#define F_TSC         FEAT(FS_1D, 4)
#define F_SEP         FEAT(FS_1D, 11)
#define F_MTRR        FEAT(FS_1D, 12)
#define F_HTT         FEAT(FS_1D, 28)
#define F_MONITOR     FEAT(FS_1C, 3)
#define F_EIST        FEAT(FS_1C, 7)
#define F_XSAVE       FEAT(FS_1C, 26)
#define F_OSXSAVE     FEAT(FS_1C, 27)
#define F_AVX         FEAT(FS_1C, 28)
#define F_HYPERVISOR  FEAT(FS_1C, 31)
#define F_RDTSCP      FEAT(FS_E1D, 27)
#define F_CMP_LEGACY  FEAT(FS_E1C, 1)
#define F_XSAVEC      FEAT(FS_DA1, 1)
#define F_FSGSBASE    FEAT(FS_7B0, 0)
#define F_FDP_EXCP    FEAT(FS_7B0, 6)
#define F_NO_FPU_SEL  FEAT(FS_7B0, 13)
#define F_AVX512F     FEAT(FS_7B0, 16)
#define F_PKU         FEAT(FS_7C0, 3)
#define F_OSPKE       FEAT(FS_7C0, 4)
#define F_RDPID       FEAT(FS_7C0, 22)
#define F_ITSC        FEAT(FS_E7D, 8)
#define F_IBPB        FEAT(FS_E8B, 12)
#define F_IBRS        FEAT(FS_E8B, 14)
#define F_IBRSB       FEAT(FS_7D0, 26)
#define F_STIBP       FEAT(FS_7D0, 27)
#define F_ARCH_CAPS   FEAT(FS_7D0, 29)
#define F_SRSO_US_NO  FEAT(FS_E21A, 30)
#define F_LFENCE_DISP FEAT(FS_E21A, 2)

static inline bool fs_test(const uint32_t *fs, unsigned int f)
{
    return fs[f / 32] & (1u << (f % 32));
}

static inline void fs_set(uint32_t *fs, unsigned int f)
{
    fs[f / 32] |= 1u << (f % 32);
}

static inline void fs_clear(uint32_t *fs, unsigned int f)
{
    fs[f / 32] &= ~(1u << (f % 32));
}

/* Leaf 1 EDX features mirrored in leaf 0x80000001 EDX on AMD. */
#define CPUID_COMMON_1D 0x0183f3ffu

/* The features a PV guest gets by default (Xen's 'A' annotation). */
extern const uint32_t pv_def_featuremask[FS_NR];

/* Clear every feature that depends on a cleared one. */
void pv_fs_sanitise(uint32_t *fs);

/* XSAVE area sizes for @xcr0 (standard and compacted format). */
uint32_t pv_xstate_size(const struct pv_cpuid_policy *p, uint64_t xcr0);
uint32_t pv_xstate_size_compact(const struct pv_cpuid_policy *p, uint64_t xcr0);

/* Host leaf @leaf/@subleaf (zeros if the host did not report it). */
struct pv_cpuid_regs pv_cpuid_raw(const struct pv_cpuid_host *h, uint32_t leaf,
                                  uint32_t subleaf);

/* Fill the basic (0x0..0xd) and extended (0x8000xxxx) leaves. */
void pv_cpuid_policy_basic(struct pv_cpuid_policy *p,
                           const struct pv_cpuid_host *h, const uint32_t *fs);
void pv_cpuid_policy_extd(struct pv_cpuid_policy *p,
                          const struct pv_cpuid_host *h, const uint32_t *fs);

#endif /* XENITH_PV_CPUID_PRIVATE_H */
