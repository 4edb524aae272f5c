/*
 * A PV guest's `syscall`.  From guest kernel mode it is a hypercall (RAX
 * the number, arguments in RDI RSI RDX R10 R8, result in RAX; the guest
 * expects RCX and R11 clobbered).  From guest user mode it is the
 * guest's own system call: the vCPU switches to kernel mode and enters
 * the registered syscall callback with a bounce frame whose RIP/RFLAGS
 * are the user's (RCX/R11 hold them too, as the instruction left them);
 * without a callback the user context gets #UD, as on Xen.
 */
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/asm/processor.h>

void pv_syscall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;

    if (v->is_idle)
        panic("SYSCALL from ring 3 with no guest vCPU running");
    if (!v->pv.kernel_mode) {
        if (!v->pv.cb.syscall) {
            pv_inject_trap(v, 6, -1);
            return;
        }
        if (!pv_create_bounce_frame(v, v->pv.cb.syscall, -1,
                                    v->pv.cb.syscall_mask))
            pv_domain_crash(v->domain, "cannot write the syscall frame");
        return;
    }
    local_irq_enable();
    hypercall_dispatch(regs);
    local_irq_disable();
}
