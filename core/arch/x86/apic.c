/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC driver (Intel SDM vol. 3, ch. 11).  x2APIC mode is used when
 * CPUID.1:ECX[21] says the CPU has it; otherwise the xAPIC registers are
 * reached through an uncached mapping of the APIC base.
 */
#include <xenith/config.h>
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/param.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/io.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>

#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_X2APIC (1UL << 10)
#define MSR_X2APIC_FIRST 0x800

bool x2apic_enabled;
static volatile uint8_t *apic_mmio;
static bool opt_x2apic = true;
boolean_param("x2apic", opt_x2apic);

uint32_t apic_read(unsigned int reg)
{
    if (x2apic_enabled)
        return (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
    return readl(apic_mmio + reg);
}

void apic_write(unsigned int reg, uint32_t v)
{
    if (x2apic_enabled)
        wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
    else
        writel(v, apic_mmio + reg);
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

uint32_t apic_current_id(void)
{
    if (x2apic_enabled)
        return apic_read(APIC_ID);
    return apic_read(APIC_ID) >> 24;
}

/*
 * xAPIC: the ICR is written in two halves, so interrupts stay off in
 * between (a handler sending its own IPI would mix the halves).
 */
void apic_send_ipi(uint32_t apic_id, uint32_t low)
{
    unsigned long f;

    if (x2apic_enabled) {
        /* One 64-bit MSR write; destination in the high half. */
        wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4),
              ((uint64_t)apic_id << 32) | low);
        return;
    }
    f = local_irq_save();
    while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
        cpu_relax();
    apic_write(APIC_ICR2, apic_id << 24);
    apic_write(APIC_ICR, low);
    local_irq_restore(f);
}

void apic_send_ipi_allbutself(uint32_t low)
{
    unsigned long f;

    if (x2apic_enabled) {
        wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4), APIC_DEST_ALLBUT | low);
        return;
    }
    f = local_irq_save();
    while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
        cpu_relax();
    apic_write(APIC_ICR, APIC_DEST_ALLBUT | low);
    local_irq_restore(f);
}

static void spurious_interrupt(struct cpu_user_regs *regs)
{
    /* No EOI for spurious interrupts (SDM 11.9). */
}

static void error_interrupt(struct cpu_user_regs *regs)
{
    uint32_t esr;

    apic_write(APIC_ESR, 0);
    esr = apic_read(APIC_ESR);
    apic_eoi();
    printk(XENLOG_WARNING "APIC error on CPU: ESR %#x\n", esr);
}

void apic_init_bsp(uint64_t madt_lapic_address)
{
    struct cpuid_regs r;
    uint64_t base = rdmsr(MSR_APIC_BASE);

    cpuid(1, &r);
    x2apic_enabled = opt_x2apic && (r.c & (1u << 21));
    if (!x2apic_enabled) {
        paddr_t pa = base & PADDR_MASK;

        if (!pa)
            pa = madt_lapic_address ? madt_lapic_address : 0xfee00000;
        apic_mmio = ioremap(pa, PAGE_SIZE);
        if (!apic_mmio)
            panic("cannot map the local APIC");
    }
    set_irq_handler(SPURIOUS_VECTOR, spurious_interrupt);
    set_irq_handler(ERROR_VECTOR, error_interrupt);
    /* Mask the legacy 8259 PICs: all interrupts come through APICs. */
    outb(0xff, 0x21);
    outb(0xff, 0xa1);
    printk("Local APIC: %s mode, base %#llx\n",
           x2apic_enabled ? "x2APIC" : "xAPIC",
           (unsigned long long)(base & PADDR_MASK));
}

void apic_setup_cpu(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

    if (x2apic_enabled)
        base |= APIC_BASE_X2APIC;
    wrmsr(MSR_APIC_BASE, base);
    if (!x2apic_enabled) {
        apic_write(APIC_DFR, 0xffffffff); /* flat model */
        apic_write(APIC_LDR, 0);
    }
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SVR, 0x100 | SPURIOUS_VECTOR);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_LVT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT1, APIC_DM_NMI);
    apic_write(APIC_LVTERR, ERROR_VECTOR);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_TDCR, 0xb); /* divide by 1 */
    apic_eoi();
}
