/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC (xAPIC through MMIO, or x2APIC through MSRs when the CPU has
 * it) and I/O APIC.  Intel SDM vol. 3, ch. 11; register offsets are the
 * xAPIC MMIO offsets (x2APIC MSR = 0x800 + offset / 16).
 */
#ifndef XENITH_ASM_APIC_H
#define XENITH_ASM_APIC_H

#include <xenith/types.h>

#define APIC_ID      0x020
#define APIC_VERSION 0x030
#define APIC_TPR     0x080
#define APIC_EOI     0x0b0
#define APIC_LDR     0x0d0
#define APIC_DFR     0x0e0
#define APIC_SVR     0x0f0
#define APIC_ESR     0x280
#define APIC_ICR     0x300
#define APIC_ICR2    0x310
#define APIC_LVTT    0x320
#define APIC_LVTPC   0x340
#define APIC_LVT0    0x350
#define APIC_LVT1    0x360
#define APIC_LVTERR  0x370
#define APIC_TMICT   0x380
#define APIC_TMCCT   0x390
#define APIC_TDCR    0x3e0

#define APIC_LVT_MASKED  0x10000
#define APIC_DM_NMI      0x400
#define APIC_DM_INIT     0x500
#define APIC_DM_STARTUP  0x600
#define APIC_INT_ASSERT  0x4000
#define APIC_ICR_BUSY    0x1000
#define APIC_DEST_ALLBUT 0xc0000

/* Interrupt vectors used by the hypervisor itself. */
#define TIMER_VECTOR         0xf0
#define EVENT_CHECK_VECTOR   0xf1
#define STOP_VECTOR          0xf2
#define INVALIDATE_VECTOR    0xf3
#define CALL_FUNCTION_VECTOR 0xf4
#define SERIAL_VECTOR        0xe0
#define ERROR_VECTOR         0xfe
#define SPURIOUS_VECTOR      0xff

extern bool x2apic_enabled;

/* Map the LAPIC, choose xAPIC or x2APIC mode (boot CPU). */
void apic_init_bsp(uint64_t madt_lapic_address);
/* Enable and configure this CPU's LAPIC (all CPUs). */
void apic_setup_cpu(void);
uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t v);
void apic_eoi(void);
uint32_t apic_current_id(void);
/* Send an IPI: vector/delivery mode in low, to apic_id. */
void apic_send_ipi(uint32_t apic_id, uint32_t low);
/* Send to all CPUs but self. */
void apic_send_ipi_allbutself(uint32_t low);

/* Mask every I/O APIC pin (no device interrupts are routed yet). */
void io_apic_init(void);
/* Deliver ISA IRQ irq (after MADT overrides) as vector to one local APIC;
 * 0, -ENODEV (no I/O APIC pin) or -EINVAL (APIC ID needs remapping). */
int io_apic_route_isa_irq(unsigned int irq, uint8_t vector, uint32_t apic_id);
/* GSIs the IO-APICs serve (one past the highest). */
unsigned int io_apic_nr_gsis(void);
/* The GSI an ISA IRQ arrives on (MADT overrides). */
uint32_t io_apic_isa_gsi(unsigned int irq);
/* Read register reg of the IO-APIC at physbase; -EINVAL if none there. */
int io_apic_read_phys(uint64_t physbase, uint32_t reg, uint32_t *val);
/* Route a GSI to vector on one APIC (unmasked); -ENODEV if no pin. */
int io_apic_route_gsi(uint32_t gsi, uint8_t vector, uint32_t apic_id,
                      bool level, bool active_low);
void io_apic_mask_gsi(uint32_t gsi, bool mask);

#endif /* XENITH_ASM_APIC_H */
