/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cross-CPU function calls and TLB shoot-down, by IPI (CALL_FUNCTION_VECTOR).
 *
 * Locking: call_lock serialises cross-calls; call_data is written by the
 * lock holder before the IPIs and only read by the targets, and the holder
 * waits until every target has finished with it before unlocking.
 */
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/smp.h>
#include <xenith/spinlock.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/processor.h>

static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*fn)(void *info);
    void *info;
    unsigned int pending; /* targets that have not finished */
} call_data;

static void call_function_interrupt(struct cpu_user_regs *regs)
{
    void (*fn)(void *) = call_data.fn;
    void *info = call_data.info;

    apic_eoi();
    fn(info);
    __atomic_fetch_sub(&call_data.pending, 1, __ATOMIC_SEQ_CST);
}

void smp_call_init(void);
void smp_call_init(void)
{
    set_irq_handler(CALL_FUNCTION_VECTOR, call_function_interrupt);
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *info), void *info)
{
    unsigned int self = smp_processor_id(), cpu, n = 0;

    ASSERT(local_irq_is_enabled());
    /* Take the lock with interrupts on, so calls to us still get done. */
    while (!spin_trylock(&call_lock))
        cpu_relax();
    call_data.fn = fn;
    call_data.info = info;
    for_each_cpu(cpu, mask) if (cpu != self && cpu_online(cpu)) n++;
    __atomic_store_n(&call_data.pending, n, __ATOMIC_SEQ_CST);
    for_each_cpu(cpu, mask) if (cpu != self && cpu_online(cpu))
        apic_send_ipi(x86_cpu_to_apicid[cpu], CALL_FUNCTION_VECTOR);
    if (cpumask_test_cpu(self, mask)) {
        local_irq_disable();
        fn(info);
        local_irq_enable();
    }
    while (__atomic_load_n(&call_data.pending, __ATOMIC_SEQ_CST))
        cpu_relax();
    spin_unlock(&call_lock);
}

static void flush_local(void *unused)
{
    flush_tlb_local();
}

void flush_tlb_mask(const cpumask_t *mask)
{
    on_selected_cpus(mask, flush_local, NULL);
}
