/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running PV vCPUs on a pCPU: saving and loading a vCPU's registers,
 * segment state, FPU and XSAVE state (pv/fpu.c) and page-table root, and
 * the work done on every return to a guest (softirqs, then event
 * delivery).
 *
 * The live register frame of the running vCPU is the guest frame in the
 * pCPU's cpu_info (where ring-3 entries put it).  A vCPU being switched
 * out has it copied to v->pv.regs; pv.state_live stays set until that
 * copy is complete, and a pCPU that picks the vCPU up waits for it to
 * clear (the scheduler may hand the vCPU to another pCPU at once).
 */
#include <xenith/domain.h>
#include <xenith/event.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/asm/current.h>
#include <xenith/asm/extable.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/processor.h>

static uint16_t read_sel_ds(void)
{
    uint16_t s;
    __asm__ volatile("mov %%ds, %0" : "=r"(s));
    return s;
}

static uint16_t read_sel_es(void)
{
    uint16_t s;
    __asm__ volatile("mov %%es, %0" : "=r"(s));
    return s;
}

static uint16_t read_sel_fs(void)
{
    uint16_t s;
    __asm__ volatile("mov %%fs, %0" : "=r"(s));
    return s;
}

static uint16_t read_sel_gs(void)
{
    uint16_t s;
    __asm__ volatile("mov %%gs, %0" : "=r"(s));
    return s;
}

/*
 * Load a data selector; a bad one (fault) loads the null selector and
 * sets *bad (the guest's failsafe callback hears of it).
 */
#define LOAD_SEL(seg, val, bad)                           \
    __asm__ volatile("1: mov %w0, %%" seg "\n"            \
                     "2:\n"                               \
                     ".pushsection .text.fixup, \"ax\"\n" \
                     "3: xor %k0, %k0\n"                  \
                     "   mov %w0, %%" seg "\n"            \
                     "   movb $1, %1\n"                   \
                     "   jmp 2b\n"                        \
                     ".popsection\n" _ASM_EXTABLE(1b, 3b) \
                     : "+r"(val), "+m"(bad))

/*
 * The hardware CR4 while v runs: the hypervisor's own, with FSGSBASE as
 * the guest chose it (its RDFSBASE & co. then work in both guest modes,
 * as on Xen, whose pv_make_cr4() does the same for 64-bit guests).
 */
void pv_load_cr4(const struct vcpu *v)
{
    unsigned long cr4 = read_cr4();
    unsigned long want = (cr4 & ~(unsigned long)X86_CR4_FSGSBASE) |
                         (v->pv.guest_cr4 & X86_CR4_FSGSBASE);

    if (want != cr4)
        write_cr4(want);
}

void pv_ctxt_save(struct vcpu *prev)
{
    struct cpu_info *ci = get_cpu_info();
    uint64_t gs = rdmsr(MSR_GS_BASE);

    prev->pv.regs = ci->guest_cpu_user_regs;
    prev->pv.fs_base = rdmsr(MSR_FS_BASE);
    if (prev->pv.kernel_mode)
        prev->pv.gs_base_kernel = gs;
    else
        prev->pv.gs_base_user = gs;
    prev->pv.sel_ds = read_sel_ds();
    prev->pv.sel_es = read_sel_es();
    prev->pv.sel_fs = read_sel_fs();
    prev->pv.sel_gs = read_sel_gs();
    pv_fpu_save(prev);
    pv_debugreg_switch_out(prev);
    pv_runstate_switch(prev, !prev->up             ? RUNSTATE_offline
                             : prev->sched.blocked ? RUNSTATE_blocked
                                                   : RUNSTATE_runnable);
    __atomic_store_n(&prev->pv.state_live, false, __ATOMIC_RELEASE);
}

/* Continue on the empty stack: checks, then into the guest. */
static void __noreturn resume_guest(void)
{
    struct cpu_user_regs *f = &get_cpu_info()->guest_cpu_user_regs;

    exit_to_guest_check(f);
    enter_guest_frame(f);
}

void pv_ctxt_load_and_enter(struct vcpu *next)
{
    struct cpu_info *ci = get_cpu_info();
    uint16_t sel;
    uint8_t bad = 0;

    while (__atomic_load_n(&next->pv.state_live, __ATOMIC_ACQUIRE))
        cpu_relax();
    __atomic_store_n(&next->pv.state_live, true, __ATOMIC_RELEASE);
    pv_load_cr3(next);
    pv_gdt_load(next);
    pv_ldt_load(next);
    sel = next->pv.sel_ds;
    LOAD_SEL("ds", sel, bad);
    sel = next->pv.sel_es;
    LOAD_SEL("es", sel, bad);
    sel = next->pv.sel_fs;
    LOAD_SEL("fs", sel, bad);
    sel = next->pv.sel_gs;
    LOAD_SEL("gs", sel, bad);
    wrmsr(MSR_FS_BASE, next->pv.fs_base);
    wrmsr(MSR_GS_BASE, next->pv.kernel_mode ? next->pv.gs_base_kernel
                                            : next->pv.gs_base_user);
    pv_load_cr4(next);
    pv_fpu_load(next);
    pv_debugreg_switch_in(next);
    ci->guest_cpu_user_regs = next->pv.regs;
    if (bad)
        pv_failsafe_callback(next);
    pv_runstate_switch(next, RUNSTATE_running);
    pv_update_vcpu_time(next);
    reset_stack_and_jump(resume_guest);
}

/*
 * Before any return to a PV guest: run pending softirqs (which may switch
 * to another vCPU and not come back), then deliver pending events.
 * Returns with interrupts disabled; the iretq re-enables them.
 */
void exit_to_guest_check(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned int cpu = smp_processor_id();

    (void)regs;
    if (v->is_idle)
        return;
    for (;;) {
        local_irq_disable();
        if (softirq_pending(cpu)) {
            local_irq_enable();
            do_softirq();
            continue;
        }
        break;
    }
    if (v->blocked_in_op) {
        evtchn_poll_end(&v->domain->evtchn, v->vcpu_id);
        stop_timer(&v->poll_timer);
        v->blocked_in_op = false;
    }
    /* Read first: a locked exchange on every return costs more. */
    if (__atomic_load_n(&v->pv.time_refresh, __ATOMIC_ACQUIRE) &&
        __atomic_exchange_n(&v->pv.time_refresh, false, __ATOMIC_ACQ_REL))
        pv_update_vcpu_time(v);
    pv_deliver_nmi(v);
    pv_deliver_events(v);
}
