/*
 * x86 context switching.  Idle vCPUs share the hypervisor's page tables
 * and need no state switch.  Running a guest vCPU needs the PV entry and
 * exit paths, which are not part of this stage: asking for it is a bug
 * that stops the machine with a clear message rather than misbehaving.
 */
#include <xenith/domain.h>
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/smp.h>

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (!next->is_idle)
        panic("context_switch: d%uv%u chosen to run, but guest execution "
              "is not implemented yet",
              next->domain->domain_id, next->vcpu_id);
    prev->is_running = false;
    next->is_running = true;
    next->processor = smp_processor_id();
    get_cpu_info()->current_vcpu = next;
}
