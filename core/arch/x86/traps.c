/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt dispatch.  Exceptions in the hypervisor are
 * fatal: the registers and a stack trace are printed, then panic().
 * Interrupt vectors call the handler registered with set_irq_handler().
 */
#include <xenith/domain.h>
#include <xenith/lib.h>
#include <xenith/param.h>
#include <xenith/percpu.h>
#include <xenith/panic.h>
#include <xenith/smp.h>
#include <xenith/symbols.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/cpuid.h>
#include <xenith/asm/current.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/extable.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>

void do_trap(struct cpu_user_regs *regs);
void do_irq(struct cpu_user_regs *regs);
void do_machine_check(struct cpu_user_regs *regs);

static const char *const trap_names[32] = {
    "divide error",
    "debug",
    "NMI",
    "int3",
    "overflow",
    "bounds",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack error",
    "general protection fault",
    "page fault",
    "spurious interrupt",
    "coprocessor error",
    "alignment check",
    "machine check",
    "simd error",
    "virtualisation exception",
    "control protection",
    [28] = "hypervisor injection",
    [29] = "VMM communication",
    [30] = "security exception",
};

static irq_handler_t irq_handlers[256];
/* Interrupts that arrived while ring 3 ran (statistics). */
unsigned long ring3_interrupts;

void set_irq_handler(uint8_t vector, irq_handler_t fn)
{
    irq_handlers[vector] = fn;
}

/* Print "[<addr>] name+off/size" (or just the address). */
static void print_symbol(const char *prefix, unsigned long addr)
{
    unsigned long off, size;
    const char *name = symbol_lookup(addr, &off, &size);

    if (name)
        printk("%s[<%016lx>] %s+%#lx/%#lx\n", prefix, addr, name, off, size);
    else
        printk("%s[<%016lx>]\n", prefix, addr);
}

void show_registers(const struct cpu_user_regs *r)
{
    printk("----[ Xenith-%s  x86_64 ]----\n", XENITH_VERSION);
    printk("CPU:    %u\n", smp_processor_id());
    printk("RIP:    %04x:", r->cs);
    print_symbol("", r->rip);
    printk("RFLAGS: %016llx   CONTEXT: hypervisor\n",
           (unsigned long long)r->rflags);
    printk("rax: %016llx   rbx: %016llx   rcx: %016llx\n",
           (unsigned long long)r->rax, (unsigned long long)r->rbx,
           (unsigned long long)r->rcx);
    printk("rdx: %016llx   rsi: %016llx   rdi: %016llx\n",
           (unsigned long long)r->rdx, (unsigned long long)r->rsi,
           (unsigned long long)r->rdi);
    printk("rbp: %016llx   rsp: %016llx   r8:  %016llx\n",
           (unsigned long long)r->rbp, (unsigned long long)r->rsp,
           (unsigned long long)r->r8);
    printk("r9:  %016llx   r10: %016llx   r11: %016llx\n",
           (unsigned long long)r->r9, (unsigned long long)r->r10,
           (unsigned long long)r->r11);
    printk("r12: %016llx   r13: %016llx   r14: %016llx\n",
           (unsigned long long)r->r12, (unsigned long long)r->r13,
           (unsigned long long)r->r14);
    printk("r15: %016llx   cr0: %016lx   cr4: %016lx\n",
           (unsigned long long)r->r15, read_cr0(), read_cr4());
    printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
    printk("ss: %04llx   cs: %04llx\n", (unsigned long long)r->ss,
           (unsigned long long)r->cs);
}

/*
 * Walk the frame-pointer chain (the image is built with frame pointers),
 * staying inside the current stack block so a corrupt chain cannot fault.
 */
void show_stack_trace(unsigned long rbp)
{
    unsigned long lo = ROUNDDOWN(rbp, STACK_SIZE), hi = lo + STACK_SIZE;

    printk("Xenith call trace:\n");
    for (unsigned int depth = 0; depth < 32; depth++) {
        const unsigned long *frame = (const unsigned long *)rbp;

        if (rbp < lo || rbp + 16 > hi || (rbp & 7))
            break;
        print_symbol("   ", frame[1]);
        if (frame[0] <= rbp)
            break;
        rbp = frame[0];
    }
}

/*
 * NMIs: while the machine is being stopped (panic, shutdown) an NMI is the
 * stop request; otherwise an NMI nobody asked for is reported and, with
 * "nmi=fatal", is fatal (default "nmi=ignore": log and continue).
 */
static char opt_nmi[8] = "ignore";
string_param("nmi", opt_nmi);
bool nmi_stop_requested;

static void do_nmi(struct cpu_user_regs *regs)
{
    if (READ_ONCE(nmi_stop_requested)) {
        cpumask_clear_cpu(smp_processor_id(), &cpu_online_map);
        cpu_halt_forever();
    }
    printk(XENLOG_WARNING "NMI received on CPU%u for an unknown reason\n",
           smp_processor_id());
    if (!strcmp(opt_nmi, "fatal")) {
        show_registers(regs);
        panic("NMI received (nmi=fatal)");
    }
}

/* The last fault resumed at a fixup on each CPU: a failed return to a
 * guest (entry.S, iret_guest_fault) reflects it into the guest. */
static DEFINE_PER_CPU(unsigned int, fixup_vector);
static DEFINE_PER_CPU(unsigned int, fixup_error);

void last_fixup_fault(unsigned int *vector, unsigned int *error)
{
    *vector = this_cpu(fixup_vector);
    *error = this_cpu(fixup_error);
}

/* A guest's #DB moved off the IST stack (do_trap). */
static void __noreturn db_from_guest(void)
{
    struct cpu_user_regs *f = &get_cpu_info()->guest_cpu_user_regs;

    if (!pv_handle_guest_trap(f))
        panic("#DB from ring 3 without a guest");
    exit_to_guest_check(f);
    enter_guest_frame(f);
}

void do_trap(struct cpu_user_regs *regs)
{
    unsigned int v = regs->entry_vector;
    unsigned long fixup;

    if (v == 2) {
        do_nmi(regs);
        return;
    }
    if (v == 18) {
        do_machine_check(regs);
        return;
    }

    /* An exception of a PV guest: emulate or bounce it. */
    if ((regs->cs & 3) && pv_handle_guest_trap(regs))
        return;
    if (v == 1 && !current->is_idle) {
        /* #DB in the hypervisor: a guest's watchpoint on memory written
         * for it, or one held by a MOV SS shadow into a SYSCALL stub (a
         * trap: the access is done, the code can go on). */
        if (!(regs->cs & 3)) {
            /* SYSENTER keeps the guest's TF: single-stepping stops once
             * the stub saved the guest's RFLAGS. */
            if (sysenter_tf_point(regs->rip)) {
                regs->rflags &= ~0x100UL;
                return;
            }
            pv_debugreg_trap(current, false);
            return;
        }
        /* From the guest, on the IST stack: continue on this CPU's own
         * stack, where a guest frame belongs (nothing is live there). */
        if (regs != &get_cpu_info()->guest_cpu_user_regs) {
            get_cpu_info()->guest_cpu_user_regs = *regs;
            reset_stack_and_jump(db_from_guest);
        }
    }
    /* Ring 3 without a guest (boot self-test): the CPUID prefix. */
    if ((regs->cs & 3) && v == 6 && emulate_forced_cpuid(regs))
        return;
    /* A fault on purpose (guest memory access): resume at its fixup. */
    if (v >= 11 && v <= 14 && (fixup = search_exception_table(regs->rip))) {
        this_cpu(fixup_vector) = v;
        this_cpu(fixup_error) = regs->error_code;
        regs->rip = fixup;
        return;
    }

    show_registers(regs);
    show_stack_trace(regs->rbp);
    if (v == 14)
        panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x] faulting "
              "address %016lx",
              v, trap_names[v], regs->error_code, read_cr2());
    panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]", v,
          trap_names[v] ? trap_names[v] : "reserved", regs->error_code);
}

void do_irq(struct cpu_user_regs *regs)
{
    irq_handler_t fn = irq_handlers[regs->entry_vector & 0xff];

    if (regs->cs & 3)
        __atomic_fetch_add(&ring3_interrupts, 1, __ATOMIC_RELAXED);

    if (fn) {
        fn(regs);
        return;
    }
    /* Acknowledge it, or the LAPIC blocks this priority class for good. */
    apic_eoi();
    printk(XENLOG_WARNING "CPU%u: unexpected interrupt vector %#x\n",
           smp_processor_id(), regs->entry_vector);
}
