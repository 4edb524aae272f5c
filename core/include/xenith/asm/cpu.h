/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-CPU feature set-up (arch/x86/cpu.c). */
#ifndef XENITH_ASM_CPU_H
#define XENITH_ASM_CPU_H

#include <xenith/types.h>

/*
 * Largest XSAVE image (standard format) the hypervisor keeps per vCPU:
 * x87, SSE, AVX and the three AVX-512 components end at 2688 bytes (Intel
 * SDM vol. 1 13.4).  Components that would not fit are not enabled.
 */
#define XSAVE_AREA_MAX 2688

struct cpu_features {
    bool nx, smep, smap, xsave, xsaveopt, pge, x2apic, invariant_tsc;
    uint64_t xcr0;        /* components enabled (x87|SSE at least) */
    uint32_t xstate_size; /* bytes to save a vCPU's FPU/vector state */
    char vendor[13];
    char brand[49];
};

extern struct cpu_features boot_cpu;

/*
 * Bracket deliberate accesses to user-accessible pages (guest memory, the
 * guest view of the M2P): with SMAP on, the hypervisor may touch them only
 * with EFLAGS.AC set (stac/clac, encoded as bytes for older assemblers).
 */
static inline void user_access_begin(void)
{
    if (boot_cpu.smap)
        __asm__ __volatile__(".byte 0x0f, 0x01, 0xcb" ::: "memory");
}

static inline void user_access_end(void)
{
    if (boot_cpu.smap)
        __asm__ __volatile__(".byte 0x0f, 0x01, 0xca" ::: "memory");
}

/* Detect the boot CPU's features (before paging_init: sets NX use). */
void cpu_detect_boot(void);
/* Program this CPU's control registers from the boot CPU's features. */
void cpu_setup_features(unsigned int cpu);

#endif /* XENITH_ASM_CPU_H */
