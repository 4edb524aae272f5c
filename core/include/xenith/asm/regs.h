/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Register frame built by the exception and interrupt entry code
 * (arch/x86/entry.S): the public struct cpu_user_regs up to ss (the
 * segment fields after it exist only in frames built for guests).
 */
#ifndef XENITH_ASM_REGS_H
#define XENITH_ASM_REGS_H

#include <public/xen.h>
#include <xenith/types.h>

/* Interrupts taken while ring 3 ran (statistics, arch/x86/traps.c). */
extern unsigned long ring3_interrupts;
/* Set while CPUs are being stopped: an NMI then halts its CPU. */
extern bool nmi_stop_requested;

/* Print the registers and a stack trace (used by traps and panic). */
void show_registers(const struct cpu_user_regs *regs);
void show_stack_trace(unsigned long rbp);

#endif /* XENITH_ASM_REGS_H */
