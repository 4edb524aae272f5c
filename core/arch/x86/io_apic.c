/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O APICs (82093AA datasheet, 3.2): found in the MADT, every redirection
 * entry masked at boot.  The hypervisor routes only its own ISA
 * interrupts (the serial port); routing device interrupts to dom0 as PIRQs
 * is a later stage.
 */
#include <xenith/acpi.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/io.h>
#include <xenith/asm/page.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN    0x10
#define IOAPIC_VER    0x01
#define IOAPIC_REDTBL 0x10

#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_LEVEL      (1u << 15)

static struct {
    volatile uint8_t *base;
    uint32_t gsi_base, pins;
} ioapics[MADT_MAX_IOAPICS];

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
        ioapics[i].base = base;
        ioapics[i].gsi_base = acpi_madt.ioapic[i].gsi_base;
        ioapics[i].pins = pins;
        printk("IOAPIC[%u]: apic_id %u, version %#x, address %#x, "
               "GSI %u-%u\n",
               i, acpi_madt.ioapic[i].id, ver & 0xff,
               acpi_madt.ioapic[i].address, acpi_madt.ioapic[i].gsi_base,
               acpi_madt.ioapic[i].gsi_base + pins - 1);
    }
}

/*
 * Polarity and trigger of an ISA IRQ from the MADT's interrupt source
 * overrides (ACPI 6.4, 5.2.12.5; "bus default" for ISA is active-high,
 * edge-triggered).  Returns the GSI.
 */
static uint32_t isa_irq_gsi(unsigned int irq, uint32_t *rte_flags)
{
    *rte_flags = 0;
    for (unsigned int i = 0; i < acpi_madt.nr_overrides; i++) {
        uint16_t fl = acpi_madt.override[i].flags;

        if (acpi_madt.override[i].source != irq)
            continue;
        if ((fl & 3) == 3)
            *rte_flags |= RTE_ACTIVE_LOW;
        if (((fl >> 2) & 3) == 3)
            *rte_flags |= RTE_LEVEL;
        return acpi_madt.override[i].gsi;
    }
    return irq;
}

int io_apic_route_isa_irq(unsigned int irq, uint8_t vector, uint32_t apic_id)
{
    uint32_t flags, gsi = isa_irq_gsi(irq, &flags);

    if (apic_id > 0xff)
        return -EINVAL; /* Needs interrupt remapping. */
    for (unsigned int i = 0; i < MADT_MAX_IOAPICS; i++) {
        uint32_t pin = gsi - ioapics[i].gsi_base;

        if (!ioapics[i].base || gsi < ioapics[i].gsi_base ||
            pin >= ioapics[i].pins)
            continue;
        ioapic_write(ioapics[i].base, IOAPIC_REDTBL + 2 * pin + 1,
                     apic_id << 24);
        ioapic_write(ioapics[i].base, IOAPIC_REDTBL + 2 * pin, vector | flags);
        return 0;
    }
    return -ENODEV;
}

/* Find the IO-APIC and pin of a GSI (NULL if none). */
static volatile uint8_t *gsi_pin(uint32_t gsi, uint32_t *pin)
{
    for (unsigned int i = 0; i < MADT_MAX_IOAPICS; i++) {
        if (!ioapics[i].base || gsi < ioapics[i].gsi_base ||
            gsi - ioapics[i].gsi_base >= ioapics[i].pins)
            continue;
        *pin = gsi - ioapics[i].gsi_base;
        return ioapics[i].base;
    }
    return NULL;
}

unsigned int io_apic_nr_gsis(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < MADT_MAX_IOAPICS; i++)
        if (ioapics[i].base && ioapics[i].gsi_base + ioapics[i].pins > n)
            n = ioapics[i].gsi_base + ioapics[i].pins;
    return n;
}

uint32_t io_apic_isa_gsi(unsigned int irq)
{
    uint32_t flags;

    return isa_irq_gsi(irq, &flags);
}

int io_apic_read_phys(uint64_t physbase, uint32_t reg, uint32_t *val)
{
    for (unsigned int i = 0; i < acpi_madt.nr_ioapics && i < MADT_MAX_IOAPICS;
         i++)
        if (ioapics[i].base && acpi_madt.ioapic[i].address == physbase) {
            *val = ioapic_read(ioapics[i].base, reg);
            return 0;
        }
    return -EINVAL;
}

int io_apic_route_gsi(uint32_t gsi, uint8_t vector, uint32_t apic_id,
                      bool level, bool active_low)
{
    uint32_t pin;
    volatile uint8_t *base = gsi_pin(gsi, &pin);

    if (!base || apic_id > 0xff)
        return -ENODEV;
    ioapic_write(base, IOAPIC_REDTBL + 2 * pin + 1, apic_id << 24);
    ioapic_write(base, IOAPIC_REDTBL + 2 * pin,
                 vector | (level ? RTE_LEVEL : 0) |
                     (active_low ? RTE_ACTIVE_LOW : 0));
    return 0;
}

void io_apic_mask_gsi(uint32_t gsi, bool mask)
{
    uint32_t pin, rte;
    volatile uint8_t *base = gsi_pin(gsi, &pin);

    if (!base)
        return;
    rte = ioapic_read(base, IOAPIC_REDTBL + 2 * pin);
    rte = mask ? rte | APIC_LVT_MASKED : rte & ~APIC_LVT_MASKED;
    ioapic_write(base, IOAPIC_REDTBL + 2 * pin, rte);
}
