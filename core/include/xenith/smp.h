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

/* Send the event-check IPI (wakes a CPU to run softirqs). */
void smp_send_event_check_cpu(unsigned int cpu);

#endif /* XENITH_SMP_H */
