/* SPDX-License-Identifier: GPL-2.0-only */
/* Machine power control (arch/x86/shutdown.c). */
#ifndef XENITH_SHUTDOWN_H
#define XENITH_SHUTDOWN_H

#include <xenith/compiler.h>

/* Power the machine off (ACPI S5); falls back to halting. */
void machine_power_off(void) __noreturn;
/* Reset the machine (ACPI reset register, 0xcf9, keyboard controller). */
void machine_restart(void) __noreturn;
/* Stop all CPUs forever. */
void machine_halt(void) __noreturn;

/* Delay helpers (arch/x86/time.c). */
void udelay(unsigned long us);
void mdelay(unsigned long ms);

#endif /* XENITH_SHUTDOWN_H */
