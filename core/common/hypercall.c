/*
 * The hypercall table: one line per hypercall that Xenith handles so far.
 * Every other number (including those of subsystems not yet wired to the
 * guest entry path: event channels, grant tables, the PV MMU, scheduling)
 * gives -ENOSYS.  Who may call what is decided by each handler for now.
 */
#include <public/xen.h>
#include <xenith/errno.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>

#define NR_HYPERCALLS 64

static const struct {
    hypercall_fn_t fn;
    const char *name;
} hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_xen_version] = { do_xen_version, "xen_version" },
    [__HYPERVISOR_console_io] = { do_console_io, "console_io" },
};

void hypercall_dispatch(struct cpu_user_regs *regs)
{
    unsigned long nr = regs->rax;

    if (nr >= NR_HYPERCALLS || !hypercall_table[nr].fn) {
        regs->rax = (uint64_t)-ENOSYS;
        return;
    }
    regs->rax = (uint64_t)hypercall_table[nr].fn(
        regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8);
}
