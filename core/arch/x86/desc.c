/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GDT, TSS and IDT set-up (Intel SDM vol. 3: 3.4.5 segment descriptors,
 * 7.7 the 64-bit TSS, 6.14 64-bit IDT gates).
 */
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/percpu.h>
#include <xenith/asm/current.h>
#include <xenith/asm/page.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/regs.h>

extern char entry_stubs[];

_Static_assert(GDT_VIRT_START +
                       (unsigned long)NR_CPUS * GDT_WINDOW_PAGES * PAGE_SIZE <=
                   XEN_VIRT_START,
               "GDT windows overlap the image");
_Static_assert(GDT_VIRT_START >= VMAP_VIRT_END, "GDT windows overlap vmap");

/* Template IDT: gates to the 16-byte stubs in entry.S. */
static struct idt_entry idt_table[256] __aligned(4096);
static DEFINE_PER_CPU(struct tss64, cpu_tss) __aligned(128);

static void set_gate(struct idt_entry *e, unsigned long addr, uint8_t ist,
                     uint8_t dpl)
{
    e->offset_lo = (uint16_t)addr;
    e->sel = __HYPERVISOR_CS64;
    e->ist = ist;
    e->type_attr = 0x80 | (uint8_t)(dpl << 5) | 0x0e; /* interrupt gate */
    e->offset_mid = (uint16_t)(addr >> 16);
    e->offset_hi = (uint32_t)(addr >> 32);
    e->rsvd = 0;
}

static void load_idt(const struct idt_entry *idt)
{
    struct __packed {
        uint16_t limit;
        uint64_t base;
    } d = { 256 * sizeof(struct idt_entry) - 1, (uint64_t)idt };

    __asm__ __volatile__("lidt %0" : : "m"(d));
}

/*
 * Every gate is DPL 0 but #BP and #OF, which ring 3 (a PV guest, kernel
 * or user) may raise with int3/into and which reach the hypervisor as
 * traps with RIP past the instruction, as on Xen.  Through #GP instead,
 * the hypervisor would have to re-read the instruction, and Linux's text
 * patching (int3 written, then the new bytes) can change it meanwhile:
 * the guest would get a #GP for its own breakpoint.
 */
void trap_init_early(void)
{
    for (unsigned int v = 0; v < 256; v++)
        set_gate(&idt_table[v], (unsigned long)entry_stubs + v * 16, 0,
                 v == 3 || v == 4 ? 3 : 0);
    load_idt(idt_table);
}

/* Encode a code/data descriptor: flags nibble and access byte. */
static uint64_t seg_desc(uint8_t access, uint8_t flags)
{
    return 0xffffULL | (0xfULL << 48) | ((uint64_t)access << 40) |
           ((uint64_t)flags << 52);
}

static void fill_gdt(uint64_t *gdt, const struct tss64 *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

    gdt[GDT_HYP_CS64] = seg_desc(0x9b, 0xa); /* L, G */
    gdt[GDT_HYP_DS] = seg_desc(0x93, 0xc);   /* D/B, G */
    gdt[GDT_HYP_CS32] = seg_desc(0x9b, 0xc);
    gdt[GDT_RING3_CS32] = seg_desc(0xfb, 0xc);
    gdt[GDT_RING3_DS] = seg_desc(0xf3, 0xc);
    gdt[GDT_RING3_CS64] = seg_desc(0xfb, 0xa);
    gdt[GDT_TSS] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                   (0x89ULL << 40) | (((base >> 24) & 0xff) << 56);
    gdt[GDT_TSS + 1] = base >> 32;
}

/*
 * Map this CPU's GDT window (see config.h): the guest part shows a shared
 * zero page, read-only, so selectors below 0xe000 name null descriptors
 * until a guest's own frames are mapped there; page 14 is the GDT page.
 * Returns the window's address.
 */
static unsigned long map_gdt_window(unsigned int cpu, uint64_t *gdt)
{
    static void *zero_page;
    unsigned long va =
        GDT_VIRT_START + (unsigned long)cpu * GDT_WINDOW_PAGES * PAGE_SIZE;
    unsigned int first = FIRST_RESERVED_GDT_BYTE / PAGE_SIZE;

    if (!zero_page)
        zero_page = alloc_zeroed_page();
    if (!zero_page)
        return 0;
    for (unsigned int i = 0; i < first; i++)
        if (map_pages(va + i * PAGE_SIZE, __pa(zero_page), 1,
                      PAGE_HYPERVISOR_RO))
            return 0;
    if (map_pages(va + first * PAGE_SIZE, __pa(gdt), 1, PAGE_HYPERVISOR_RW))
        return 0;
    return va;
}

/*
 * Give this CPU its own GDT page (seen through its GDT window), a TSS with
 * IST stacks from its stack block, and a private IDT copy whose #DB, #DF,
 * NMI and #MC gates use those IST stacks.  Reloads the segment registers.
 */
void load_cpu_tables(unsigned int cpu, void *stack_block)
{
    uint64_t *gdt = alloc_zeroed_page();
    struct idt_entry *idt = alloc_xenheap_page();
    struct tss64 *tss = &per_cpu(cpu_tss, cpu);
    unsigned long window;
    struct __packed {
        uint16_t limit;
        uint64_t base;
    } d;

    if (!gdt || !idt)
        panic("CPU%u: no memory for descriptor tables", cpu);
    window = map_gdt_window(cpu, gdt);
    if (!window)
        panic("CPU%u: cannot map its GDT window", cpu);
    memset(tss, 0, sizeof(*tss));
    for (unsigned int i = 0; i < 3; i++)
        tss->ist[i] = (uint64_t)stack_block + (i + 2) * PAGE_SIZE;
    tss->rsp[0] = guest_frame_top(stack_cpu_info(stack_block));
    tss->iomap_base = sizeof(*tss); /* no I/O bitmap */
    fill_gdt(gdt, tss);

    memcpy(idt, idt_table, PAGE_SIZE);
    /* #DB on an IST stack: a MOV SS shadow can hold a guest's #DB until
     * the first instruction of a SYSCALL stub, which still runs on the
     * guest's stack.  It shares #DF's (a #DF is fatal anyway, and the #DB
     * handler touches no guest memory, so nothing nests on it). */
    idt[1].ist = IST_DF;
    idt[2].ist = IST_NMI;
    idt[8].ist = IST_DF;
    idt[18].ist = IST_MCE;

    d.limit = FIRST_RESERVED_GDT_BYTE + PAGE_SIZE - 1;
    d.base = window;
    __asm__ __volatile__("lgdt %0\n\t"
                         "mov %1, %%ds\n\t"
                         "mov %1, %%es\n\t"
                         "mov %1, %%ss\n\t"
                         "pushq %2\n\t"
                         "leaq 1f(%%rip), %%rax\n\t"
                         "pushq %%rax\n\t"
                         "lretq\n"
                         "1:\n\t"
                         "ltr %w3"
                         :
                         : "m"(d), "r"(__HYPERVISOR_DS), "i"(__HYPERVISOR_CS64),
                           "r"(TSS_SELECTOR)
                         : "rax", "memory");
    load_idt(idt);
}
