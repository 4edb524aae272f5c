/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: per-CPU deferred work run with interrupts enabled, outside
 * interrupt handlers (from the idle loop and, later, on every exit to a
 * guest).
 */
#ifndef XENITH_SOFTIRQ_H
#define XENITH_SOFTIRQ_H

#include <xenith/percpu.h>

enum {
    TIMER_SOFTIRQ = 0,
    SCHEDULE_SOFTIRQ,
    NEW_TLBFLUSH_CLOCK_PERIOD_SOFTIRQ,
    RCU_SOFTIRQ,
    KEYPRESS_SOFTIRQ,
    DOMAIN_REAP_SOFTIRQ,  /* dying domains whose last frame went back */
    MSI_SOFTIRQ,          /* MSI PIRQs to raise (pv/msi.c) */
    CONSOLE_RING_SOFTIRQ, /* VIRQ_CON_RING: the console ring grew */
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(unsigned int nr, softirq_handler fn);
/* Mark a softirq pending on this CPU. */
void raise_softirq(unsigned int nr);
/* Mark it pending on another CPU and kick that CPU. */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
/* Run this CPU's pending softirqs. */
void do_softirq(void);

/* Each CPU's pending softirqs, one bit each (common/softirq.c). */
DECLARE_PER_CPU(unsigned long, softirq_bits);

/* Has cpu work pending?  Inline: every return to a guest asks. */
static inline bool softirq_pending(unsigned int cpu)
{
    return __atomic_load_n(&per_cpu(softirq_bits, cpu), __ATOMIC_ACQUIRE);
}

#endif /* XENITH_SOFTIRQ_H */
