/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PV guest's `syscall`.  From guest kernel mode it is a hypercall (RAX
 * the number, arguments in RDI RSI RDX R10 R8, result in RAX; the guest
 * expects RCX and R11 clobbered).  From guest user mode it is the
 * guest's own system call: the vCPU switches to kernel mode and enters
 * the registered syscall callback with a bounce frame whose RIP/RFLAGS
 * are the user's (RCX/R11 hold them too, as the instruction left them);
 * without a callback the user context gets #UD at the instruction, as on
 * Xen.  SYSCALL from compatibility mode (cs FLAT_RING3_CS32) goes to the
 * syscall32 callback (#UD without one) and SYSENTER (cs 3 in the frame:
 * Xen's null selector, RIP and RSP 0) to the sysenter callback (#GP(0)
 * without one), from either guest mode.
 */

#define SYSENTER_CS 3
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/asm/processor.h>

/* Bounce to callback addr, or without one the fault Xen gives. */
static void bounce_or(struct vcpu *v, struct cpu_user_regs *regs, uint64_t addr,
                      bool mask, unsigned int vector)
{
    if (!addr) {
        if (vector == 6)
            regs->rip -= 2; /* #UD at the syscall instruction */
        pv_inject_trap(v, vector, vector == 13 ? 0 : -1);
        return;
    }
    if (!pv_create_bounce_frame(v, addr, -1, mask))
        pv_domain_crash(v->domain, "cannot write the syscall frame");
}

void pv_syscall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    if (v->is_idle)
        panic("SYSCALL from ring 3 with no guest vCPU running");
    if (regs->cs == SYSENTER_CS) { /* SYSENTER (any mode), as Xen */
        bounce_or(v, regs, v->pv.ext.sysenter_eip, v->pv.ext.sysenter_mask, 13);
        return;
    }
    if (regs->cs == FLAT_RING3_CS32) { /* compatibility-mode SYSCALL */
        bounce_or(v, regs, v->pv.ext.syscall32_eip, v->pv.cb.syscall_mask, 6);
        return;
    }
    if (!v->pv.kernel_mode) {
        bounce_or(v, regs, v->pv.cb.syscall, v->pv.cb.syscall_mask, 6);
        return;
    }
    local_irq_enable();
    hypercall_dispatch(regs);
    local_irq_disable();
}
