/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall table: one line per hypercall, giving its handler, how
 * many argument registers it reads and who may call it.  Everything not
 * listed returns -ENOSYS.  A PV guest reaches an entry from its kernel
 * mode (a `syscall` from guest user mode is the guest's own system call
 * and never gets here); an HVM guest from CPL 0 through its VM exit
 * (arch/x86/hvm/exits.c), and only the entries with an HVM handler, as
 * Xen keeps a separate HVM table: a PV-only call (page tables, trap
 * tables, descriptors, ...) is -ENOSYS there, and a call whose PV handler
 * would take machine frames from a translated guest has an HVM variant or
 * is not offered yet.
 *
 *   HC_ALL   any PV guest kernel
 *   HC_PRIV  the control domain only (others get -EPERM)
 *
 * Unused argument registers are not passed to handlers (they get 0), so a
 * handler cannot depend on garbage.  A handler may ask to be re-issued
 * (HYPERCALL_RESTART, see xenith/pv_hypercalls.h): the guest's RIP is
 * moved back over the 2-byte `syscall` and the updated arguments are left
 * in the registers.
 */
#include <public/xen.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/percpu.h>
#include <xenith/hvm_hypercalls.h>
#include <xenith/pv_hypercalls.h>

#define NR_HYPERCALLS 64

enum { HC_ALL = 0, HC_PRIV = 1 };

struct hypercall_def {
    hypercall_fn_t fn;
    hypercall_fn_t hvm_fn; /* for an HVM caller; NULL: -ENOSYS */
    const char *name;
    uint8_t nargs;
    uint8_t who;
};

#define HC(nr, fn, n, who) [__HYPERVISOR_##nr] = { fn, NULL, #nr, n, who }
/* The same, also offered to HVM guests (through hvm_fn). */
#define HC2(nr, fn, hvm_fn, n, who) \
    [__HYPERVISOR_##nr] = { fn, hvm_fn, #nr, n, who }

static const struct hypercall_def hypercall_table[NR_HYPERCALLS] = {
    HC(set_trap_table, do_set_trap_table, 1, HC_ALL),
    HC(mmu_update, do_mmu_update, 4, HC_ALL),
    HC(set_gdt, do_set_gdt, 2, HC_ALL),
    HC(stack_switch, do_stack_switch, 2, HC_ALL),
    HC(set_callbacks, do_set_callbacks, 3, HC_ALL),
    HC(fpu_taskswitch, do_fpu_taskswitch, 1, HC_ALL),
    HC(platform_op, do_platform_op, 1, HC_PRIV),
    HC(set_debugreg, do_set_debugreg, 2, HC_ALL),
    HC(get_debugreg, do_get_debugreg, 1, HC_ALL),
    HC(update_descriptor, do_update_descriptor, 2, HC_ALL),
    HC2(memory_op, do_memory_op, hvm_memory_op, 2, HC_ALL),
    HC(multicall, do_multicall, 2, HC_ALL),
    HC(update_va_mapping, do_update_va_mapping, 3, HC_ALL),
    HC(set_timer_op, do_set_timer_op, 1, HC_ALL),
    HC2(grant_table_op, do_grant_table_op, hvm_grant_table_op, 3, HC_ALL),
    HC2(xen_version, do_xen_version_pv, hvm_xen_version, 2, HC_ALL),
    HC2(console_io, do_console_io, do_console_io, 3, HC_ALL),
    HC(update_va_mapping_otherdomain, do_update_va_mapping_otherdomain, 4,
       HC_PRIV),
    HC(vm_assist, do_vm_assist, 2, HC_ALL),
    HC(iret, do_iret, 0, HC_ALL),
    HC(set_segment_base, do_set_segment_base, 2, HC_ALL),
    HC(mmuext_op, do_mmuext_op, 4, HC_ALL),
    HC2(sched_op, do_sched_op, do_sched_op, 2, HC_ALL),
    HC(callback_op, do_callback_op, 2, HC_ALL),
    HC2(vcpu_op, do_vcpu_op, hvm_vcpu_op, 3, HC_ALL),
    HC2(event_channel_op, do_event_channel_op, hvm_event_channel_op, 2, HC_ALL),
    HC(physdev_op, do_physdev_op, 2, HC_ALL),
    HC2(hvm_op, do_hvm_op, do_hvm_op, 2, HC_ALL),
    HC2(sysctl, do_sysctl, do_sysctl, 1, HC_ALL), /* privilege inside */
    HC2(domctl, do_domctl, do_domctl, 1, HC_ALL), /* privilege inside */
    HC(mca, do_mca, 1, HC_PRIV),
};

/* The frame of the hypercall running on this CPU (for restarts). */
static DEFINE_PER_CPU(struct cpu_user_regs *, hc_regs);

void hypercall_set_arg(unsigned int n, unsigned long val)
{
    struct cpu_user_regs *r = this_cpu(hc_regs);

    if (!r)
        return;
    switch (n) {
    case 1:
        r->rdi = val;
        break;
    case 2:
        r->rsi = val;
        break;
    case 3:
        r->rdx = val;
        break;
    case 4:
        r->r10 = val;
        break;
    case 5:
        r->r8 = val;
        break;
    }
}

bool hypercall_in_multicall(void)
{
    return this_cpu(hc_regs) == NULL;
}

/* Run hypercall nr with args; inlined into the guest's entry path. */
static __attribute__((always_inline)) inline long
call_one(unsigned long nr, const unsigned long args[5],
         struct cpu_user_regs *regs)
{
    const struct hypercall_def *h;
    hypercall_fn_t fn;
    unsigned long a[5] = { 0 };
    struct cpu_user_regs *saved;
    long rc;

    if (nr >= NR_HYPERCALLS || !hypercall_table[nr].fn)
        return -ENOSYS;
    h = &hypercall_table[nr];
    fn = current->domain->is_hvm ? h->hvm_fn : h->fn;
    if (!fn)
        return -ENOSYS;
    if (h->who == HC_PRIV && !current->domain->is_privileged)
        return -EPERM;
    for (unsigned int i = 0; i < h->nargs; i++)
        a[i] = args[i];
    saved = this_cpu(hc_regs);
    this_cpu(hc_regs) = regs;
    rc = fn(a[0], a[1], a[2], a[3], a[4]);
    this_cpu(hc_regs) = saved;
    return rc;
}

/* Run hypercall nr with args (multicall's entries: regs NULL). */
long hypercall_call(unsigned long nr, const unsigned long args[5],
                    struct cpu_user_regs *regs)
{
    return call_one(nr, args, regs);
}

void hypercall_dispatch(struct cpu_user_regs *regs)
{
    unsigned long args[5] = { regs->rdi, regs->rsi, regs->rdx, regs->r10,
                              regs->r8 };
    long rc = call_one(regs->rax, args, regs);

    if (rc == HYPERCALL_RESTART) {
        regs->rip -= 2; /* `syscall` again, with the updated arguments */
        return;
    }
    regs->rax = (uint64_t)rc;
}
