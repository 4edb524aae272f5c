/* SPDX-License-Identifier: GPL-2.0-only */
/* The idle loop: run softirqs, else scrub freed memory (with idle_scrub),
 * else halt until an interrupt. */
#include <xenith/mm.h>
#include <xenith/param.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/asm/processor.h>

void idle_loop(void) __noreturn;

/*
 * Off by default: freed memory is then zeroed when it is allocated again
 * (alloc_heap_pages scrubs the dirty pages it hands out).  Under QEMU's
 * TCG, idle vCPUs scrubbing keep the host's cores busy and starve the
 * busy ones: a 64-CPU boot took 246 s instead of 1 s.
 */
static bool opt_idle_scrub;
boolean_param("idle_scrub", opt_idle_scrub);

void idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    for (;;) {
        /* Scrubbing takes long: with interrupts on, a timer or an event
         * raises a softirq and ends it (the idle vCPU may arrive here
         * from a switch with them off). */
        local_irq_enable();
        if (opt_idle_scrub && !softirq_pending(cpu) && scrub_free_pages())
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
