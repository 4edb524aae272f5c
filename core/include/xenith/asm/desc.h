/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Descriptor tables (Intel SDM vol. 3, ch. 3 and 6).  Each CPU has one page
 * of GDT entries addressed from selector 0xe000 upwards (Xen's reserved
 * range, so PV guests see the usual flat selectors), a TSS with IST stacks,
 * and its own copy of the IDT.
 */
#ifndef XENITH_ASM_DESC_H
#define XENITH_ASM_DESC_H

#include <public/xen.h>
#include <xenith/types.h>

/* Entries (index within the reserved page). */
#define GDT_HYP_CS64   1  /* 0xe008 */
#define GDT_HYP_DS     2  /* 0xe010 */
#define GDT_HYP_CS32   3  /* 0xe018 */
#define GDT_RING3_CS32 4  /* 0xe023 */
#define GDT_RING3_DS   5  /* 0xe02b */
#define GDT_RING3_CS64 6  /* 0xe033 */
#define GDT_TSS        8  /* 0xe040, two slots */
#define GDT_LDT        10 /* 0xe050, two slots */

struct __packed tss64 {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7]; /* ist[0] is IST1 */
    uint64_t rsvd2;
    uint16_t rsvd3;
    uint16_t iomap_base;
};

struct idt_entry {
    uint16_t offset_lo, sel;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi, rsvd;
};

/* Build the boot IDT (no IST yet) and load it on the boot CPU. */
void trap_init_early(void);

/* Set up and load this CPU's GDT, TSS and IDT (stack block given). */
void load_cpu_tables(unsigned int cpu, void *stack_block);

/* Install a handler for an interrupt vector (>= 32). */
typedef void (*irq_handler_t)(struct cpu_user_regs *regs);
void set_irq_handler(uint8_t vector, irq_handler_t fn);

#endif /* XENITH_ASM_DESC_H */
