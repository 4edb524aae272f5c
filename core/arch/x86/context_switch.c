/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 context switching.  Idle vCPUs share the hypervisor's page tables
 * (idle_pg_table) and need no state switch; PV vCPUs have their registers,
 * segment state, FPU and page-table root saved and loaded by the PV layer
 * (pv/context.c); HVM vCPUs by the HVM layer (hvm/hvm.c: the FPU here,
 * everything else stays in the vendor's control block).  Switching to a
 * different vCPU never returns: the CPU continues on its empty stack, in the
 * idle loop or in the guest.
 */
#include <xenith/domain.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/smp.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>

void idle_loop(void) __noreturn;

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    unsigned long flags = local_irq_save();

    if (!prev->is_idle) {
        if (prev->domain->is_hvm)
            hvm_ctxt_save(prev);
        else
            pv_ctxt_save(prev);
    }
    prev->is_running = false;
    next->is_running = true;
    next->processor = smp_processor_id();
    get_cpu_info()->current_vcpu = next;
    if (!next->is_idle) {
        if (next->domain->is_hvm)
            hvm_ctxt_load_and_enter(next);
        pv_ctxt_load_and_enter(next);
    }
    if (prev->is_idle) {
        local_irq_restore(flags); /* idle to idle: nothing to leave */
        return;
    }
    write_cr3(__pa(idle_pg_table));
    local_irq_enable();
    reset_stack_and_jump(idle_loop);
}
