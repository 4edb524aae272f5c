/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot self-tests, chosen with "xenith_selftest=" (used by the system
 * tests until dom0 exists):
 *   poweroff  check timers on every CPU, then power the machine off
 *   reboot    the same, then reset the machine
 *   panic     call panic() while another CPU spins with interrupts off
 *             (tests the panic path, stopping CPUs by NMI, "noreboot")
 *   trap      take a page fault in the hypervisor (tests the trap path)
 *   stack     overflow the stack into its guard page (tests #DF on IST)
 * Without the option the machine idles after boot.
 */
#ifndef XENITH_SELFTEST_H
#define XENITH_SELFTEST_H

void selftest_run(void);

#endif /* XENITH_SELFTEST_H */
