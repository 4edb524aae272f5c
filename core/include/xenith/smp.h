/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU numbering, online state and cross-CPU calls. */
#ifndef XENITH_SMP_H
#define XENITH_SMP_H

#include <xenith/cpumask.h>
#include <xenith/types.h>
#include <xenith/asm/current.h>

/* CPUs found in the MADT (usable ones), numbered 0 (boot CPU) upwards. */
extern unsigned int nr_cpu_ids;
/* APIC ID of each CPU (array of nr_cpu_ids entries). */
extern uint32_t *x86_cpu_to_apicid;
extern cpumask_t cpu_online_map;
/* Stack block base of each CPU (array of nr_cpu_ids entries). */
extern void **stack_base;

#define num_online_cpus()      cpumask_weight(&cpu_online_map)
#define cpu_online(c)          cpumask_test_cpu(c, &cpu_online_map)
#define for_each_online_cpu(c) for_each_cpu(c, &cpu_online_map)

/* Bring up every CPU of the MADT; returns the number online. */
unsigned int smp_boot_cpus(void);

/* Ask every other online CPU to stop (panic, shutdown). */
void smp_send_stop(void);

/*
 * Run fn(info) on every online CPU of mask (the caller's CPU included if
 * it is in mask, with interrupts off there too) and return when all have
 * finished.  Interrupts must be enabled: a CPU waiting here still answers
 * other CPUs' calls.  One cross-call runs at a time (call_lock).
 */
void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *info),
                      void *info);
/* Flush the TLBs (non-global entries and the global ones) of mask. */
void flush_tlb_mask(const cpumask_t *mask);

/* Send the event-check IPI (wakes a CPU to run softirqs). */
void smp_send_event_check_cpu(unsigned int cpu);

#endif /* XENITH_SMP_H */
