/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Handlers of the hypercall table (common/hypercall.c).  Every handler
 * takes the five argument registers (RDI, RSI, RDX, R10, R8) and returns
 * the guest's RAX: 0 or a value, or a negative Xen errno.  A handler that
 * must continue later returns HYPERCALL_RESTART after updating its
 * arguments with hypercall_set_args(); the dispatcher then backs the
 * guest's RIP up over the `syscall` so the call is issued again.
 */
#ifndef XENITH_PV_HYPERCALLS_H
#define XENITH_PV_HYPERCALLS_H

#include <xenith/hypercall.h>

/* Returned by a handler that wants to be re-issued (not a guest value). */
#define HYPERCALL_RESTART (-0x7fffffffL)

/* Inside a handler: rewrite argument n (1..5) for the re-issued call. */
void hypercall_set_arg(unsigned int n, unsigned long val);
/* Run hypercall nr with args (regs: the guest frame, NULL from a
 * multicall); applies the table's permission and arity. */
long hypercall_call(unsigned long nr, const unsigned long args[5],
                    struct cpu_user_regs *regs);
/* True inside a multicall (no restart possible there). */
bool hypercall_in_multicall(void);

#define HC_ARGS                                                             \
    unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4, \
        unsigned long a5

long do_set_trap_table(HC_ARGS);
long do_mmu_update(HC_ARGS);
long do_set_gdt(HC_ARGS);
long do_stack_switch(HC_ARGS);
long do_set_callbacks(HC_ARGS);
long do_fpu_taskswitch(HC_ARGS);
long do_platform_op(HC_ARGS);
long do_set_debugreg(HC_ARGS);
long do_get_debugreg(HC_ARGS);
long do_update_descriptor(HC_ARGS);
long do_memory_op(HC_ARGS);
long do_multicall(HC_ARGS);
long do_update_va_mapping(HC_ARGS);
long do_set_timer_op(HC_ARGS);
long do_xen_version_pv(HC_ARGS);
long do_grant_table_op(HC_ARGS);
long do_vm_assist(HC_ARGS);
long do_update_va_mapping_otherdomain(HC_ARGS);
long do_iret(HC_ARGS);
long do_vcpu_op(HC_ARGS);
long do_set_segment_base(HC_ARGS);
long do_mmuext_op(HC_ARGS);
long do_sched_op(HC_ARGS);
long do_callback_op(HC_ARGS);
long do_physdev_op(HC_ARGS);
long do_domctl(HC_ARGS);
long do_mca(HC_ARGS);
long do_sysctl(HC_ARGS);

#endif /* XENITH_PV_HYPERCALLS_H */
