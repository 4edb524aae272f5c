/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV domain life: the state every PV domain gets at creation (event
 * channels, vCPUs), shutdown and crash, runstate accounting and the guest
 * GDT frames in each pCPU's GDT window.
 *
 * Dom0 shutdown stops the machine: poweroff powers it off (Xen 4.17
 * halts instead; a dom0 there powers off through XENPF_enter_acpi_sleep,
 * which works here too), reboot, crash and watchdog reset it.
 */
#include <public/sched.h>
#include <xenith/console.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/event.h>
#include <xenith/grant.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>
#include <xenith/shutdown.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/time.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>

/* Hardware domain (dom0) for the event-channel hooks. */
struct domain *pv_hardware_domain;

/* Serial input for the hardware domain's console (VIRQ_CONSOLE). */
static void console_input_arrived(void)
{
    evtchn_send_global_virq(VIRQ_CONSOLE);
}

/*
 * max_evtchn_port: the highest event channel port the domain may allocate
 * (createdomain's max_evtchn_port; dom0 has no limit below the ABI's).
 * Beyond it EVTCHNOP_alloc_unbound & co. give -ENOSPC, as on Xen 4.17.
 */
int pv_domain_init_common(struct domain *d, unsigned int max_evtchn_port)
{
    int rc;

    pv_evtchn_hooks_init();
    pv_gnttab_hooks_init();
    rc = evtchn_dom_init(&d->evtchn, d, d->domain_id, d->max_vcpus,
                         max_evtchn_port, d->is_privileged ? 1024 : 0);
    if (rc)
        return rc;
    rc = gnttab_dom_init(&d->gnttab, d, d->domain_id, -1, -1);
    if (rc)
        return rc;
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (!d->vcpu[i])
            continue;
        pv_vcpu_init(d->vcpu[i]);
        if (i != 0) /* offline until VCPUOP_up */
            sched_unit_pause_nosync(&d->vcpu[i]->sched);
        if ((rc = evtchn_vcpu_online(&d->evtchn, i)))
            return rc;
    }
    if (d->domain_id == 0) {
        pv_hardware_domain = d;
        console_rx_notify = console_input_arrived;
        console_ring_virq_enable();
    }
    return 0;
}

static const char *const reason_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset"
};

void pv_domain_shutdown(struct domain *d, unsigned int reason)
{
    const char *name =
        reason < ARRAY_SIZE(reason_names) ? reason_names[reason] : "unknown";

    bool first;

    spin_lock(&d->lock);
    first = !d->shutting_down;
    d->shutting_down = true;
    if (first)
        d->shutdown_code = reason; /* getdomaininfo reports it */
    spin_unlock(&d->lock);
    printk("Domain %u shutdown: %s (reason %u)\n", d->domain_id, name, reason);
    if (d->domain_id != 0) {
        if (!first)
            return; /* its vCPUs are held already */
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i])
                sched_unit_pause_nosync(&d->vcpu[i]->sched);
        raise_softirq(SCHEDULE_SOFTIRQ);
        /* The toolstack learns of it through VIRQ_DOM_EXC. */
        evtchn_send_global_virq(VIRQ_DOM_EXC);
        return;
    }
    switch (reason) {
    case SHUTDOWN_poweroff:
        printk("Hardware Dom0 halted: powering off\n");
        machine_power_off();
    case SHUTDOWN_crash:
        printk("Hardware Dom0 crashed: rebooting machine\n");
        machine_restart();
    default:
        printk("Hardware Dom0 shutdown (%s): rebooting machine\n", name);
        machine_restart();
    }
}

/*
 * The shutdown's hold on the vCPUs goes; the domain no longer reports a
 * shutdown.  A suspended PV guest returns from its SCHEDOP_shutdown with
 * the value the toolstack left in its RAX (1 for a cancelled suspend).
 */
void pv_domain_resume(struct domain *d)
{
    bool was;

    spin_lock(&d->lock);
    was = d->shutting_down;
    d->shutting_down = false;
    d->shutdown_code = 0;
    spin_unlock(&d->lock);
    if (!was || d->domain_id == 0)
        return;
    printk("Domain %u resumed\n", d->domain_id);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            sched_unit_unpause(&d->vcpu[i]->sched);
}

void pv_vcpu_pause_sync(struct vcpu *v)
{
    sched_unit_pause_nosync(&v->sched);
    while (READ_ONCE(v->is_running) ||
           __atomic_load_n(&v->pv.state_live, __ATOMIC_ACQUIRE))
        cpu_relax();
}

void pv_vcpu_unpause(struct vcpu *v)
{
    sched_unit_unpause(&v->sched);
}

void pv_domain_crash(struct domain *d, const char *why)
{
    printk(XENLOG_ERR "Domain %u crashed: %s\n", d->domain_id, why);
    pv_domain_shutdown(d, SHUTDOWN_crash);
}

/* Runstate: account the time in the old state and publish it to the
 * guest's registered area.  Called while v's own page tables are loaded
 * (switching it in or out). */
void pv_runstate_switch(struct vcpu *v, int state)
{
    struct vcpu_runstate_info *rs = &v->runstate;
    s_time_t now = NOW();

    if (rs->state >= 0 && rs->state < 4)
        rs->time[rs->state] += (uint64_t)(now - (s_time_t)rs->state_entry_time);
    rs->state = state;
    rs->state_entry_time = (uint64_t)now;
    if (v->pv.runstate_va)
        copy_to_guest(v->pv.runstate_va, rs, sizeof(*rs));
}

/* Guest GDT pages currently mapped in this pCPU's window. */
static DEFINE_PER_CPU(unsigned int, guest_gdt_pages);

/* Map v's GDT frames into this pCPU's GDT window (zero page beyond). */
void pv_gdt_load(struct vcpu *v)
{
    static void *zero_page;
    unsigned int cpu = smp_processor_id();
    unsigned long base =
        GDT_VIRT_START + (unsigned long)cpu * GDT_WINDOW_PAGES * PAGE_SIZE;
    unsigned int want = (v->pv.mm.gdt_entries + 511) / 512;
    unsigned int had = this_cpu(guest_gdt_pages);

    if (!zero_page)
        zero_page = alloc_zeroed_page();
    if (!zero_page)
        return;
    for (unsigned int i = 0; i < (want > had ? want : had); i++) {
        paddr_t pa = i < want ? (paddr_t)v->pv.mm.gdt_frames[i] << PAGE_SHIFT
                              : __pa(zero_page);

        map_pages(base + i * PAGE_SIZE, pa, 1,
                  i < want ? PAGE_HYPERVISOR_RW : PAGE_HYPERVISOR_RO);
        invlpg(base + i * PAGE_SIZE);
    }
    this_cpu(guest_gdt_pages) = want;
}
