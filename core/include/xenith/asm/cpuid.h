/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID as PV guests see it through the forced-emulation prefix
 * ("ud2; .ascii \"xen\"; cpuid"): the hypervisor leaves at 0x40000000
 * and the host's leaves minus what a PV guest must not use.
 */
#ifndef XENITH_ASM_CPUID_H
#define XENITH_ASM_CPUID_H

#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>

/* The guest's view of CPUID leaf/subleaf. */
void guest_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r);

/*
 * If regs (a ring-3 #UD) stopped at the emulation prefix, emulate the
 * CPUID and step over it; returns true when handled.
 */
bool emulate_forced_cpuid(struct cpu_user_regs *regs);

#endif /* XENITH_ASM_CPUID_H */
