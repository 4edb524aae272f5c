/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirq bookkeeping (see xenith/softirq.h).  Pending bits are per CPU
 * and changed atomically, so any CPU may raise work on any other.
 */
#include <xenith/lib.h>
#include <xenith/percpu.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>

static softirq_handler handlers[NR_SOFTIRQS];
DEFINE_PER_CPU(unsigned long, softirq_bits);

void open_softirq(unsigned int nr, softirq_handler fn)
{
    handlers[nr] = fn;
}

void raise_softirq(unsigned int nr)
{
    __atomic_fetch_or(&this_cpu(softirq_bits), 1UL << nr, __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    unsigned long old = __atomic_fetch_or(&per_cpu(softirq_bits, cpu),
                                          1UL << nr, __ATOMIC_SEQ_CST);

    if (cpu != smp_processor_id() && !(old & (1UL << nr)))
        smp_send_event_check_cpu(cpu);
}

/*
 * Run pending softirqs one at a time, clearing each bit just before its
 * handler runs, so a handler that never returns (one that enters a guest
 * on a fresh stack) loses no other pending work.
 */
void do_softirq(void)
{
    unsigned long *bits = &this_cpu(softirq_bits);
    unsigned long pending;

    while ((pending = __atomic_load_n(bits, __ATOMIC_ACQUIRE))) {
        unsigned int i = (unsigned int)__builtin_ctzl(pending);

        __atomic_fetch_and(bits, ~(1UL << i), __ATOMIC_SEQ_CST);
        if (i < NR_SOFTIRQS && handlers[i])
            handlers[i]();
    }
}
