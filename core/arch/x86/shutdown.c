/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Power off and reset.  Power off uses ACPI S5 (FADT PM1a/PM1b control
 * blocks with SLP_TYP from the DSDT's \_S5 and SLP_EN; ACPI 6.4, 4.8.3.2 and
 * 7.4.2).  Reset tries the FADT reset register, then port 0xcf9, then the
 * keyboard controller, then a triple fault.
 */
#include <xenith/acpi.h>
#include <xenith/console.h>
#include <xenith/lib.h>
#include <xenith/shutdown.h>
#include <xenith/smp.h>
#include <xenith/asm/io.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>

#define PM1_SCI_EN  0x0001
#define PM1_SLP_EN  0x2000
#define PM1_SLP_TYP 0x1c00

void machine_halt(void)
{
    smp_send_stop();
    printk("Halted.\n");
    cpu_halt_forever();
}

/* Switch the chipset to ACPI mode if the firmware left it in legacy mode. */
static void acpi_enable_mode(void)
{
    if (inw((uint16_t)acpi_fadt.pm1a_cnt) & PM1_SCI_EN)
        return;
    if (!acpi_fadt.smi_cmd || !acpi_fadt.acpi_enable)
        return;
    outb(acpi_fadt.acpi_enable, (uint16_t)acpi_fadt.smi_cmd);
    for (unsigned int i = 0; i < 300; i++) {
        if (inw((uint16_t)acpi_fadt.pm1a_cnt) & PM1_SCI_EN)
            return;
        mdelay(1);
    }
}

static void pm1_sleep(uint32_t port, uint8_t typ)
{
    uint16_t v = inw((uint16_t)port);

    v = (uint16_t)((v & ~PM1_SLP_TYP) | ((typ & 7) << 10) | PM1_SLP_EN);
    outw(v, (uint16_t)port);
}

void machine_power_off(void)
{
    local_irq_disable();
    smp_send_stop();
    if (acpi_s5_valid && acpi_fadt.pm1a_cnt && acpi_fadt.pm1a_cnt < 0x10000) {
        printk("Powering off.\n");
        acpi_enable_mode();
        if (acpi_fadt.pm1b_cnt && acpi_fadt.pm1b_cnt < 0x10000)
            pm1_sleep(acpi_fadt.pm1b_cnt, acpi_s5_typb);
        pm1_sleep(acpi_fadt.pm1a_cnt, acpi_s5_typa);
        mdelay(1000);
    }
    printk(XENLOG_ERR "Power off failed (no usable ACPI S5); halting.\n");
    cpu_halt_forever();
}

static void acpi_reset(void)
{
    const struct acpi_gas *g = &acpi_fadt.reset_reg;

    if (!acpi_fadt.reset_supported || !g->address)
        return;
    if (g->space_id == ACPI_GAS_IO && g->address < 0x10000) {
        outb(acpi_fadt.reset_value, (uint16_t)g->address);
    } else if (g->space_id == ACPI_GAS_MEMORY) {
        volatile uint8_t *p = ioremap(g->address, 1);

        if (p)
            *p = acpi_fadt.reset_value;
    }
    mdelay(50);
}

void machine_restart(void)
{
    local_irq_disable();
    smp_send_stop();
    printk("Rebooting.\n");
    acpi_reset();
    /* PCI reset control register: system reset, then hard reset. */
    outb(0x02, 0xcf9);
    udelay(50);
    outb(0x06, 0xcf9);
    mdelay(50);
    /* Keyboard controller: pulse the reset line. */
    for (unsigned int i = 0; i < 1000 && (inb(0x64) & 0x02); i++)
        udelay(50);
    outb(0xfe, 0x64);
    mdelay(50);
    /* Last resort: triple fault with an empty IDT. */
    {
        struct __packed {
            uint16_t limit;
            uint64_t base;
        } d = { 0, 0 };

        __asm__ __volatile__("lidt %0; int3" : : "m"(d));
    }
    cpu_halt_forever();
}
