/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry from and exit to guest (ring 3) code: the per-CPU SYSCALL stubs,
 * the frame in cpu_info, and the jumps that leave the current stack.
 */
#ifndef XENITH_ASM_GUEST_ENTRY_H
#define XENITH_ASM_GUEST_ENTRY_H

#include <xenith/compiler.h>
#include <xenith/asm/regs.h>

/* entry_vector value in a frame built by SYSCALL. */
#define ENTRY_VECTOR_SYSCALL 0x100

/* Program this CPU's SYSCALL MSRs and stub (all CPUs, at boot). */
void syscall_init_cpu(unsigned int cpu);

/*
 * Handler for SYSCALL from ring 3 (the hypercall dispatcher once PV
 * guests run).  It may change the frame, which is then resumed, or leave
 * the stack with reset_stack_and_jump().  NULL: a SYSCALL is fatal.
 */
extern void (*syscall_handler)(struct cpu_user_regs *regs);

/* Resume the context in frame (normally this CPU's guest frame). */
void enter_guest_frame(struct cpu_user_regs *frame) __noreturn;

/* Continue at fn on this CPU's empty stack. */
void reset_stack_and_jump(void (*fn)(void)) __noreturn;
/* Is rip this CPU's SYSENTER stub just after it saved the guest's RFLAGS
 * (where a #DB from the guest's TF must clear TF)? */
bool sysenter_tf_point(unsigned long rip);

#endif /* XENITH_ASM_GUEST_ENTRY_H */
