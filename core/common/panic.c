/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * panic(): the one way the hypervisor gives up.  Only the first CPU to
 * panic prints; others that panic meanwhile just stop.  After the message
 * the other CPUs are stopped and the machine reboots, unless "noreboot"
 * was given.
 */
#include <xenith/console.h>
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/param.h>
#include <xenith/shutdown.h>
#include <xenith/smp.h>
#include <xenith/asm/processor.h>

static bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

static int panicking;

void panic(const char *fmt, ...)
{
    static char buf[512];
    va_list ap;

    local_irq_disable();
    if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST))
        cpu_halt_forever();
    console_force_unlock();
    printk_set_level(LOG_DEBUG); /* A panic is always shown. */
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "****************************************\n");
    printk(XENLOG_ERR "Panic on CPU %u:\n", smp_processor_id());
    printk(XENLOG_ERR "%s\n", buf);
    printk(XENLOG_ERR "****************************************\n");
    smp_send_stop();
    if (opt_noreboot) {
        printk(XENLOG_ERR "Manual reset required ('noreboot' specified)\n");
        machine_halt();
    }
    printk(XENLOG_ERR "Reboot in five seconds...\n");
    mdelay(5000);
    machine_restart();
}
