/*
 * I/O APICs: found in the MADT, every redirection entry masked.  Device
 * interrupt routing (to dom0 as PIRQs) is a later stage.
 */
#include <xenith/acpi.h>
#include <xenith/lib.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/io.h>
#include <xenith/asm/page.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN    0x10
#define IOAPIC_VER    0x01
#define IOAPIC_REDTBL 0x10

static uint32_t ioapic_read(volatile uint8_t *base, uint32_t reg)
{
    writel(reg, base + IOAPIC_REGSEL);
    return readl(base + IOAPIC_WIN);
}

static void ioapic_write(volatile uint8_t *base, uint32_t reg, uint32_t v)
{
    writel(reg, base + IOAPIC_REGSEL);
    writel(v, base + IOAPIC_WIN);
}

void io_apic_init(void)
{
    for (unsigned int i = 0; i < acpi_madt.nr_ioapics; i++) {
        volatile uint8_t *base = ioremap(acpi_madt.ioapic[i].address, 0x20);
        uint32_t ver, pins;

        if (!base)
            continue;
        ver = ioapic_read(base, IOAPIC_VER);
        pins = ((ver >> 16) & 0xff) + 1;
        for (uint32_t p = 0; p < pins; p++) {
            ioapic_write(base, IOAPIC_REDTBL + 2 * p, APIC_LVT_MASKED);
            ioapic_write(base, IOAPIC_REDTBL + 2 * p + 1, 0);
        }
        printk("IOAPIC[%u]: apic_id %u, version %#x, address %#x, "
               "GSI %u-%u\n",
               i, acpi_madt.ioapic[i].id, ver & 0xff,
               acpi_madt.ioapic[i].address, acpi_madt.ioapic[i].gsi_base,
               acpi_madt.ioapic[i].gsi_base + pins - 1);
    }
}
