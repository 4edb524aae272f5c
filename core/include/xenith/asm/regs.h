/*
 * Register frame built by the exception and interrupt entry code
 * (arch/x86/entry.S), lowest address first.  Same field order as Xen's
 * struct cpu_user_regs up to ss.
 */
#ifndef XENITH_ASM_REGS_H
#define XENITH_ASM_REGS_H

#include <xenith/types.h>

struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx;
    uint64_t r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;   /* 0 when the CPU pushes none */
    uint32_t entry_vector; /* stored by the entry stub */
    uint64_t rip, cs, rflags, rsp, ss;
};

/* Print the registers and a stack trace (used by traps and panic). */
void show_registers(const struct cpu_user_regs *regs);
void show_stack_trace(unsigned long rbp);

#endif /* XENITH_ASM_REGS_H */
