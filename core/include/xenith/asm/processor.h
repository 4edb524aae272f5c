/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 CPU instructions and register definitions (Intel SDM vol. 3). */
#ifndef XENITH_ASM_PROCESSOR_H
#define XENITH_ASM_PROCESSOR_H

#define X86_CR0_PE 0x00000001
#define X86_CR0_MP 0x00000002
#define X86_CR0_EM 0x00000004
#define X86_CR0_TS 0x00000008
#define X86_CR0_ET 0x00000010
#define X86_CR0_NE 0x00000020
#define X86_CR0_WP 0x00010000
#define X86_CR0_AM 0x00040000
#define X86_CR0_PG 0x80000000

#define X86_CR4_PSE        0x00000010
#define X86_CR4_PAE        0x00000020
#define X86_CR4_MCE        0x00000040
#define X86_CR4_PGE        0x00000080
#define X86_CR4_OSFXSR     0x00000200
#define X86_CR4_OSXMMEXCPT 0x00000400
#define X86_CR4_FSGSBASE   0x00010000
#define X86_CR4_OSXSAVE    0x00040000
#define X86_CR4_SMEP       0x00100000
#define X86_CR4_SMAP       0x00200000

#define X86_EFLAGS_IF 0x00000200
#define X86_EFLAGS_AC 0x00040000

#define MSR_EFER           0xc0000080
#define EFER_SCE           0x00000001
#define EFER_LME           0x00000100
#define EFER_NXE           0x00000800
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_APIC_BASE      0x0000001b
#define MSR_PAT            0x00000277

#ifndef __ASSEMBLY__
#include <xenith/types.h>

struct cpuid_regs {
    uint32_t a, b, c, d;
};

static inline void cpuid_count(uint32_t leaf, uint32_t sub,
                               struct cpuid_regs *r)
{
    __asm__ __volatile__("cpuid"
                         : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d)
                         : "0"(leaf), "2"(sub));
}

static inline void cpuid(uint32_t leaf, struct cpuid_regs *r)
{
    cpuid_count(leaf, 0, r);
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr"
                         :
                         : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                         : "memory");
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR(n)                                                   \
    static inline unsigned long read_cr##n(void)                       \
    {                                                                  \
        unsigned long v;                                               \
        __asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));          \
        return v;                                                      \
    }                                                                  \
    static inline void write_cr##n(unsigned long v)                    \
    {                                                                  \
        __asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void xsetbv(uint32_t idx, uint64_t v)
{
    __asm__ __volatile__("xsetbv"
                         :
                         : "c"(idx), "a"((uint32_t)v),
                           "d"((uint32_t)(v >> 32)));
}

static inline void cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

static inline void local_irq_disable(void)
{
    __asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
    __asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long local_save_flags(void)
{
    unsigned long f;

    __asm__ __volatile__("pushf; pop %0" : "=r"(f) : : "memory");
    return f;
}

static inline unsigned long local_irq_save(void)
{
    unsigned long f = local_save_flags();

    local_irq_disable();
    return f;
}

static inline void local_irq_restore(unsigned long f)
{
    __asm__ __volatile__("push %0; popf" : : "r"(f) : "memory", "cc");
}

static inline bool local_irq_is_enabled(void)
{
    return local_save_flags() & X86_EFLAGS_IF;
}

static inline void halt(void)
{
    __asm__ __volatile__("hlt" ::: "memory");
}

/* Enable interrupts and halt atomically (sti shadow covers hlt). */
static inline void safe_halt(void)
{
    __asm__ __volatile__("sti; hlt" ::: "memory");
}

static inline void invlpg(unsigned long va)
{
    __asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void flush_tlb_local(void)
{
    unsigned long cr4 = read_cr4();

    if (cr4 & X86_CR4_PGE) {
        write_cr4(cr4 & ~X86_CR4_PGE);
        write_cr4(cr4);
    } else {
        write_cr3(read_cr3());
    }
}

/* Stop this CPU for good. */
static inline __attribute__((noreturn)) void cpu_halt_forever(void)
{
    for (;;) {
        local_irq_disable();
        halt();
    }
}

#endif /* !__ASSEMBLY__ */

#endif /* XENITH_ASM_PROCESSOR_H */
