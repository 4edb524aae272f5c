/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions and events for PV guests: bounce frames on the guest kernel
 * stack, the virtual IDT (set_trap_table), event upcalls, and the
 * exceptions the hypervisor handles itself (#NM with a virtual CR0.TS,
 * privileged instructions, software interrupts through #GP).
 *
 * Bounce frame (64-bit PV ABI), lowest address first, 16-byte aligned:
 *   rcx, r11, [error code], rip, cs (saved upcall mask in bits 32-39;
 *   RPL cleared when the interrupted context was guest kernel), rflags
 *   (IF = !saved upcall mask), rsp, ss.
 * An exception in guest user mode switches to guest kernel mode first and
 * uses the stack given by stack_switch.
 */
#include <public/callback.h>
#include <xenith/domain.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/extable.h>
#include <xenith/asm/current.h>
#include <xenith/asm/processor.h>

void idle_loop(void) __attribute__((noreturn));

#define EFLAGS_TF   0x100UL
#define EFLAGS_NT   0x4000UL
#define EFLAGS_RF   0x10000UL
#define EFLAGS_VM   0x20000UL
#define EFLAGS_IOPL 0x3000UL

static struct cpu_user_regs *guest_regs(void)
{
    return &get_cpu_info()->guest_cpu_user_regs;
}

bool pv_create_bounce_frame(struct vcpu *v, uint64_t rip, int64_t errcode,
                            bool mask_events)
{
    struct cpu_user_regs *r = guest_regs();
    struct vcpu_info *vi = v->vcpu_info;
    uint8_t mask = vi ? vi->evtchn_upcall_mask : 1;
    uint64_t frame[8], sp, cs = r->cs;
    unsigned int n = 0;

    if (v->pv.kernel_mode) {
        sp = r->rsp;
        cs &= ~3UL;
    } else {
        pv_toggle_guest_mode(v);
        sp = v->pv.kernel_sp;
    }
    sp &= ~0xfUL;
    frame[n++] = r->rcx;
    frame[n++] = r->r11;
    if (errcode >= 0)
        frame[n++] = (uint64_t)errcode;
    frame[n++] = r->rip;
    frame[n++] = cs | ((uint64_t)mask << 32);
    frame[n++] = (r->rflags & ~(X86_EFLAGS_IF | EFLAGS_IOPL)) |
                 (mask ? 0 : X86_EFLAGS_IF) | ((uint64_t)v->pv.iopl << 12);
    frame[n++] = r->rsp;
    frame[n++] = r->ss;
    sp -= n * 8;
    if (copy_to_guest(sp, frame, n * 8))
        return false;
    r->rip = rip;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rsp = sp;
    r->rflags = (r->rflags & ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM |
                               EFLAGS_IOPL)) |
                X86_EFLAGS_IF;
    if (mask_events && vi)
        vi->evtchn_upcall_mask = 1;
    return true;
}

/*
 * A selector the vCPU had could not be reloaded when it was switched in
 * (now null): enter the failsafe callback with the frame rcx, r11, ds,
 * es, fs, gs (the values that were to be loaded), rip, cs, rflags, rsp,
 * ss.  Without a callback the domain is crashed, as on Xen.
 */
void pv_failsafe_callback(struct vcpu *v)
{
    struct cpu_user_regs *r = guest_regs();
    struct vcpu_info *vi = v->vcpu_info;
    uint8_t mask = vi ? vi->evtchn_upcall_mask : 1;
    uint64_t frame[11], sp, cs = r->cs;

    if (!v->pv.cb.failsafe) {
        pv_domain_crash(v->domain, "bad segment with no failsafe callback");
        return;
    }
    if (v->pv.kernel_mode) {
        sp = r->rsp;
        cs &= ~3UL;
    } else {
        pv_toggle_guest_mode(v);
        sp = v->pv.kernel_sp;
    }
    sp = (sp & ~0xfUL) - sizeof(frame);
    frame[0] = r->rcx;
    frame[1] = r->r11;
    frame[2] = v->pv.sel_ds;
    frame[3] = v->pv.sel_es;
    frame[4] = v->pv.sel_fs;
    frame[5] = v->pv.sel_gs;
    frame[6] = r->rip;
    frame[7] = cs | ((uint64_t)mask << 32);
    frame[8] = (r->rflags & ~(X86_EFLAGS_IF | EFLAGS_IOPL)) |
               (mask ? 0 : X86_EFLAGS_IF);
    frame[9] = r->rsp;
    frame[10] = r->ss;
    if (copy_to_guest(sp, frame, sizeof(frame))) {
        pv_domain_crash(v->domain, "cannot write the failsafe frame");
        return;
    }
    v->pv.sel_ds = v->pv.sel_es = v->pv.sel_fs = v->pv.sel_gs = 0;
    r->rip = v->pv.cb.failsafe;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rsp = sp;
    r->rflags = (r->rflags & ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM |
                               EFLAGS_IOPL)) |
                X86_EFLAGS_IF;
    if (v->pv.cb.failsafe_mask && vi)
        vi->evtchn_upcall_mask = 1;
}

void pv_inject_trap(struct vcpu *v, unsigned int vector, int64_t errcode)
{
    const trap_info_t *ti = &v->pv.trap_ctxt[vector & 0xff];
    char why[64];

    if (!ti->address) {
        printk(XENLOG_ERR "d%uv%u: trap %u at %04x:%016lx, cr2 %016lx\n",
               v->domain->domain_id, v->vcpu_id, vector, guest_regs()->cs,
               (unsigned long)guest_regs()->rip,
               v->vcpu_info ? (unsigned long)v->vcpu_info->arch.cr2 : 0UL);
        snprintf(why, sizeof(why), "unhandled trap %u (error %lld)", vector,
                 (long long)errcode);
        pv_domain_crash(v->domain, why);
        return;
    }
    if (!pv_create_bounce_frame(v, ti->address, errcode, TI_GET_IF(ti))) {
        snprintf(why, sizeof(why), "cannot write a frame for trap %u", vector);
        pv_domain_crash(v->domain, why);
    }
}

void pv_deliver_nmi(struct vcpu *v)
{
    const trap_info_t *ti = &v->pv.trap_ctxt[2];

    if (v->pv.nmi_masked ||
        !__atomic_load_n(&v->pv.nmi_pending, __ATOMIC_ACQUIRE))
        return;
    __atomic_store_n(&v->pv.nmi_pending, false, __ATOMIC_RELEASE);
    if (!ti->address)
        return; /* no NMI callback: the NMI is lost, as in Xen */
    v->pv.nmi_masked = true;
    if (!pv_create_bounce_frame(v, ti->address, -1, TI_GET_IF(ti)))
        pv_domain_crash(v->domain, "cannot write the NMI frame");
}

/* Event upcall, if one is pending and not masked (return to guest). */
void pv_deliver_events(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;

    if (!vi || !v->pv.cb.event || v->domain->shutting_down)
        return;
    if (!__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE) ||
        vi->evtchn_upcall_mask)
        return;
    if (!pv_create_bounce_frame(v, v->pv.cb.event, -1, true))
        pv_domain_crash(v->domain, "cannot write the event upcall frame");
}

/* Does the guest's IDT let this context raise vector by software? */
static bool softint_permitted(struct vcpu *v, unsigned int vector)
{
    const trap_info_t *ti = &v->pv.trap_ctxt[vector];

    return ti->address && TI_GET_DPL(ti) >= (v->pv.kernel_mode ? 1 : 3);
}

/*
 * #GP raised by a software interrupt whose (hypervisor) IDT gate is not
 * open to ring 3: the instruction says which vector (the error code is
 * not trusted: emulators differ).  int3 (CC) and into (CE) always reach
 * the guest, as Xen's gates for them are open; `int n` (CD nn) only if
 * the guest's IDT allows the current mode.  The bounce points after the
 * instruction.
 */
static void gp_softint(struct vcpu *v, struct cpu_user_regs *r)
{
    uint8_t insn[2] = { 0, 0 };
    unsigned int vector, len;

    if (copy_from_guest(insn, r->rip, 2) && copy_from_guest(insn, r->rip, 1)) {
        pv_inject_trap(v, 13, r->error_code);
        return;
    }
    if (insn[0] == 0xcc || insn[0] == 0xce) {
        vector = insn[0] == 0xcc ? 3 : 4;
        len = 1;
    } else if (insn[0] == 0xcd) {
        vector = insn[1];
        len = 2;
        if (!softint_permitted(v, vector)) {
            pv_inject_trap(v, 13, (int64_t)(vector << 3) | 2);
            return;
        }
    } else {
        pv_inject_trap(v, 13, r->error_code);
        return;
    }
    r->rip += len;
    pv_inject_trap(v, vector, -1);
}

/*
 * The return to a guest faulted in the hypervisor's iretq: a selector in
 * the frame cannot be loaded (#GP/#NP/#SS with its error code) or, on
 * Intel, the RIP is not canonical (#GP(0)).  As in Xen, the fault is
 * the guest's: it is bounced to the guest's handler as if the guest
 * context being entered had raised it (the frame holds that context).
 * Without a handler, or with a stack the frame cannot be written to, the
 * domain is crashed and the CPU goes on with whatever the scheduler picks.
 */
static void __attribute__((noreturn)) iret_fault_resume(void)
{
    struct cpu_user_regs *r = guest_regs();

    exit_to_guest_check(r);
    enter_guest_frame(r);
}

void pv_iret_failed(void) __attribute__((noreturn));
void pv_iret_failed(void)
{
    struct vcpu *v = current;
    struct cpu_user_regs *r = guest_regs();
    unsigned int vector, error;

    last_fixup_fault(&vector, &error);
    printk(XENLOG_DEBUG "d%uv%u: return to %04x:%016lx (ss %04x) raised "
                        "trap %u (error %04x)\n",
           v->domain->domain_id, v->vcpu_id, r->cs, (unsigned long)r->rip,
           r->ss, vector, error);
    if (vector >= 11 && vector <= 13 && !v->domain->shutting_down)
        pv_inject_trap(v, vector, error);
    else
        pv_domain_crash(v->domain, "unloadable frame on return");
    if (v->domain->shutting_down) {
        r->cs = FLAT_KERNEL_CS;
        r->ss = FLAT_KERNEL_SS;
        raise_softirq(SCHEDULE_SOFTIRQ);
        reset_stack_and_jump(idle_loop);
    }
    reset_stack_and_jump(iret_fault_resume);
}

/*
 * QEMU's TCG (7.2) performs the stack reads of an IRETQ executed in ring 3
 * as supervisor accesses, which SMAP refuses on the guest's pages: a #PF
 * with the U bit clear from ring 3 (present page, read), which a real CPU
 * never raises for a guest page.  The iret-to-self that meets it (CS and
 * SS unchanged, as in Linux's sync_core()) is carried out here, with the
 * flags a ring-3 IRET may change; anything else goes to the guest as
 * before.
 */
#define IRET_FLAGS_CPL3 0x254dd5UL /* CF PF AF ZF SF TF DF OF NT RF AC ID */

static bool tcg_smap_iret(struct cpu_user_regs *r)
{
    uint8_t insn[2];
    uint64_t f[5];

    if (!boot_cpu.smap || (r->error_code & 0xf) != 1)
        return false;
    if (copy_from_guest(insn, r->rip, 2) || insn[0] != 0x48 || insn[1] != 0xcf)
        return false;
    if (copy_from_guest(f, r->rsp, sizeof(f)) || (uint16_t)f[1] != r->cs ||
        (uint16_t)f[4] != r->ss)
        return false;
    r->rip = f[0];
    r->rflags = (r->rflags & ~IRET_FLAGS_CPL3) | (f[2] & IRET_FLAGS_CPL3);
    r->rsp = f[3];
    return true;
}

static bool has_error_code(unsigned int v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21;
}

bool pv_handle_guest_trap(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned int vector = regs->entry_vector;
    uint64_t cr2;

    if (v->is_idle || regs != guest_regs())
        return false;
    switch (vector) {
    case 1: /* #DB: the guest's DR6 first */
        pv_debugreg_trap(v, true);
        pv_inject_trap(v, 1, -1);
        break;
    case 6: /* #UD: the forced-emulation CPUID prefix, else the guest's */
        if (!pv_emulate_invalid_op(regs))
            pv_inject_trap(v, 6, -1);
        break;
    case 7: /* #NM: virtual CR0.TS */
        write_cr0(read_cr0() & ~X86_CR0_TS);
        if (v->pv.fpu_ts) {
            v->pv.fpu_ts = false;
            pv_inject_trap(v, 7, -1);
        }
        break;
    case 13:
        if (regs->error_code & 2)
            gp_softint(v, regs);
        else if (regs->error_code || !pv_emulate_priv_op(regs))
            pv_inject_trap(v, 13, regs->error_code);
        break;
    case 14:
        cr2 = read_cr2();
        if (tcg_smap_iret(regs) || pv_emulate_ptwr(regs, cr2))
            break;
        if (v->vcpu_info)
            v->vcpu_info->arch.cr2 = cr2;
        regs->error_code =
            (regs->error_code & ~4U) | (v->pv.kernel_mode ? 0 : 4U);
        pv_inject_trap(v, 14, regs->error_code);
        break;
    default:
        pv_inject_trap(v, vector,
                       has_error_code(vector) ? (int64_t)regs->error_code : -1);
        break;
    }
    return true;
}
