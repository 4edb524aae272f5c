/* SPDX-License-Identifier: GPL-2.0-only */
/* The idle loop: run softirqs, else scrub freed memory, else halt until an
 * interrupt. */
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/asm/processor.h>

void idle_loop(void) __noreturn;

void idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        if (!softirq_pending(cpu) && scrub_free_pages())
            continue;
        local_irq_disable();
        if (softirq_pending(cpu)) {
            local_irq_enable();
            do_softirq();
            continue;
        }
        /* sti's one-instruction shadow closes the wake-up race. */
        safe_halt();
    }
}
