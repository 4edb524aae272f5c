/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU stack blocks.  Each CPU has a STACK_SIZE block, aligned to its
 * size:
 *   page 0      unmapped (guard; the block lives at STACKS_VIRT_START +
 *               cpu * STACK_SIZE, except the boot stack used before the
 *               heap exists)
 *   pages 1-3   IST stacks for #DF, NMI and #MC
 *   pages 4-7   the primary stack; struct cpu_info in its top CPUINFO_SIZE
 * so any code on any of these stacks finds cpu_info by rounding %rsp.
 *
 * cpu_info starts with the register frame of the interrupted guest
 * context: TSS.rsp0 and the SYSCALL stub point just past its ss field, so
 * an interrupt, exception or SYSCALL from ring 3 builds its frame there.
 */
#ifndef XENITH_ASM_CURRENT_H
#define XENITH_ASM_CURRENT_H

#include <xenith/config.h>

#define IST_DF  1
#define IST_NMI 2
#define IST_MCE 3

/* Offset of cpu_info.syscall_rax (checked below), for entry.S. */
#define CPUINFO_SYSCALL_RAX 232

#ifndef __ASSEMBLY__
#include <public/xen.h>
#include <xenith/types.h>

struct vcpu;

struct cpu_info {
    uint64_t _pad0; /* puts guest_cpu_user_regs.es on 16 bytes (rsp0) */
    struct cpu_user_regs guest_cpu_user_regs;
    unsigned int processor_id;
    unsigned int _pad1;
    unsigned long per_cpu_offset;
    struct vcpu *current_vcpu;
    uint64_t syscall_rax; /* guest %rax while the SYSCALL stub runs */
};
_Static_assert(sizeof(struct cpu_info) <= CPUINFO_SIZE, "cpu_info size");
_Static_assert(__builtin_offsetof(struct cpu_info, syscall_rax) ==
                   CPUINFO_SYSCALL_RAX,
               "CPUINFO_SYSCALL_RAX");
_Static_assert(__builtin_offsetof(struct cpu_info, guest_cpu_user_regs.es) %
                       16 ==
                   0,
               "guest frame end must be 16-byte aligned");

/* Where a ring-3 entry's frame ends (TSS.rsp0, SYSCALL stack). */
static inline unsigned long guest_frame_top(struct cpu_info *ci)
{
    return (unsigned long)&ci->guest_cpu_user_regs.es;
}

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    __asm__("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 - CPUINFO_SIZE);
}

/* The cpu_info of a stack block given its base address. */
static inline struct cpu_info *stack_cpu_info(void *stack_base)
{
    return (struct cpu_info *)((char *)stack_base + STACK_SIZE - CPUINFO_SIZE);
}

#define smp_processor_id() (get_cpu_info()->processor_id)
#define current            (get_cpu_info()->current_vcpu)
#endif

#endif /* XENITH_ASM_CURRENT_H */
