/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV vCPU state: the vcpu_info slot, the time record guests read, the
 * guest kernel/user mode toggle, the per-vCPU timers (10 ms periodic by
 * default and the single-shot one, both delivering VIRQ_TIMER) and
 * waking a blocked vCPU.
 */
#include <public/vcpu.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/asm/current.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/asm/pv/time.h>
#include <xenith/smp.h>
#include <xenith/time.h>
#include <xenith/wallclock.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/processor.h>

/* Xen's default periodic timer for PV vCPUs. */
#define PV_DEFAULT_PERIOD MILLISECS(10)

void pv_update_vcpu_time(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;
    struct vcpu_time_info *t;
    uint32_t mul;
    int8_t shift;
    uint64_t tsc;
    s_time_t now;
    unsigned long f;

    if (!vi)
        return;
    t = &vi->time;
    pv_tsc_scale(cpu_khz, &mul, &shift);
    f = local_irq_save();
    now = NOW();
    tsc = rdtsc();
    __atomic_store_n(&t->version, t->version | 1, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    t->tsc_timestamp = tsc;
    t->system_time = (uint64_t)now;
    t->tsc_to_system_mul = mul;
    t->tsc_shift = shift;
    t->flags = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&t->version, (t->version | 1) + 1, __ATOMIC_RELEASE);
    if (v->pv.time_area_va && v == current)
        copy_to_guest(v->pv.time_area_va, t, sizeof(*t));
    local_irq_restore(f);
}

/* Wall clock at system time 0 in ns since 1970 (0: from the RTC). */
static uint64_t boot_wallclock_ns;

static uint64_t boot_wallclock(void)
{
    uint64_t sec;
    uint32_t nsec;

    if (!boot_wallclock_ns) {
        wallclock_now(&sec, &nsec);
        boot_wallclock_ns = sec * 1000000000ULL + nsec - (uint64_t)NOW();
    }
    return boot_wallclock_ns;
}

/* Serialises writers of every domain's wall clock (settime64 and
 * settimeoffset may race). */
static DEFINE_SPINLOCK(wc_lock);

/* The wall clock at system time 0, shifted by the domain's offset
 * (settimeoffset), into its shared_info.  wc_lock held. */
static void update_wallclock(struct domain *d)
{
    struct shared_info *si = d->pv.shared_info;
    uint64_t wc = boot_wallclock(), sec = wc / 1000000000ULL;

    if (!si)
        return;
    sec += (uint64_t)READ_ONCE(d->pv.time_offset);
    __atomic_store_n(&si->wc_version, si->wc_version | 1, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    si->wc_sec = (uint32_t)sec;
    si->wc_sec_hi = (uint32_t)(sec >> 32);
    si->wc_nsec = (uint32_t)(wc % 1000000000ULL);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&si->wc_version, (si->wc_version | 1) + 1,
                     __ATOMIC_RELEASE);
}

static void wallclock_domain(struct domain *d, void *ctx)
{
    (void)ctx;
    update_wallclock(d);
}

void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    unsigned long f = spin_lock_irqsave(&wc_lock);

    boot_wallclock_ns = secs * 1000000000ULL + nsecs - system_time;
    for_each_domain(wallclock_domain, NULL);
    spin_unlock_irqrestore(&wc_lock, f);
}

void pv_set_time_offset(struct domain *d, int64_t seconds)
{
    unsigned long f = spin_lock_irqsave(&wc_lock);

    d->pv.time_offset = seconds;
    update_wallclock(d);
    spin_unlock_irqrestore(&wc_lock, f);
}

void pv_vcpu_kick(struct vcpu *v)
{
    sched_unit_wake(&v->sched);
    if (v->is_running && v->processor != smp_processor_id())
        smp_send_event_check_cpu(v->processor);
}

/*
 * Fresh time records for a timer event: here if v is this CPU's vCPU,
 * else at its next return to the guest (the event's kick brings it
 * there), so that vcpu_info's record and a registered time area, which
 * only v's own CPU can reach, never disagree while the guest reads them.
 */
static void refresh_time_for_event(struct vcpu *v)
{
    if (v == current || v->domain->is_hvm) /* HVM: no PV time area */
        pv_update_vcpu_time(v);
    else
        __atomic_store_n(&v->pv.time_refresh, true, __ATOMIC_RELEASE);
}

static void periodic_fn(void *data)
{
    struct vcpu *v = data;

    refresh_time_for_event(v);
    evtchn_send_vcpu_virq(&v->domain->evtchn, v->vcpu_id, VIRQ_TIMER);
    if (v->pv.periodic_period)
        set_timer(&v->pv.periodic_timer, NOW() + v->pv.periodic_period);
}

static void singleshot_fn(void *data)
{
    struct vcpu *v = data;

    refresh_time_for_event(v);
    evtchn_send_vcpu_virq(&v->domain->evtchn, v->vcpu_id, VIRQ_TIMER);
}

/* Once a second: have the vCPU refresh its time records on its own pCPU
 * (a registered time area is only reachable through its page tables). */
static void time_refresh_fn(void *data)
{
    struct vcpu *v = data;

    __atomic_store_n(&v->pv.time_refresh, true, __ATOMIC_RELEASE);
    if (v->is_running && v->processor != smp_processor_id())
        smp_send_event_check_cpu(v->processor);
    set_timer(&v->pv.time_timer, NOW() + SECONDS(1));
}

static void poll_timeout_fn(void *data)
{
    pv_vcpu_kick(data);
}

void pv_vcpu_init(struct vcpu *v)
{
    struct domain *d = v->domain;

    if (v->vcpu_id < XEN_LEGACY_MAX_VCPUS)
        v->vcpu_info = &d->pv.shared_info->vcpu_info[v->vcpu_id];
    v->pv.mm.domid = d->domain_id;
    v->pv.periodic_period = PV_DEFAULT_PERIOD;
    v->runstate.state = RUNSTATE_offline;
    pv_debugreg_init(v, NULL);
    /* Xen's vMCE: two banks; on Intel also SER_P, TES_P and CMCI_P. */
    v->pv.ext.mcg_cap = PV_MCG_BANKS;
    if (!memcmp(boot_cpu.vendor, "GenuineIntel", 12))
        v->pv.ext.mcg_cap |= PV_MCG_INTEL_CAPS;
    init_timer(&v->pv.periodic_timer, periodic_fn, v, v->processor);
    init_timer(&v->singleshot_timer, singleshot_fn, v, v->processor);
    init_timer(&v->poll_timer, poll_timeout_fn, v, v->processor);
    init_timer(&v->pv.time_timer, time_refresh_fn, v, v->processor);
    pv_update_vcpu_time(v);
    if (v->vcpu_id == 0) {
        unsigned long f = spin_lock_irqsave(&wc_lock);

        update_wallclock(d);
        spin_unlock_irqrestore(&wc_lock, f);
    }
}

void pv_vcpu_timers_start(struct vcpu *v)
{
    set_timer(&v->pv.time_timer, NOW() + SECONDS(1));
    if (v->pv.periodic_period)
        set_timer(&v->pv.periodic_timer, NOW() + v->pv.periodic_period);
}

void pv_load_cr3(struct vcpu *v)
{
    unsigned long mfn =
        v->pv.kernel_mode ? v->pv.mm.guest_table : v->pv.mm.guest_table_user;

    if (!mfn)
        mfn = v->pv.mm.guest_table;
    write_cr3(mfn << PAGE_SHIFT);
}

/*
 * Kernel <-> user: the GS base swaps (as `swapgs` would) and CR3 switches
 * to the other root table.  Runs on the vCPU's own pCPU.
 */
void pv_toggle_guest_mode(struct vcpu *v)
{
    uint64_t gs = rdmsr(MSR_GS_BASE);

    if (v->pv.kernel_mode) {
        v->pv.gs_base_kernel = gs;
        wrmsr(MSR_GS_BASE, v->pv.gs_base_user);
    } else {
        v->pv.gs_base_user = gs;
        wrmsr(MSR_GS_BASE, v->pv.gs_base_kernel);
    }
    v->pv.kernel_mode = !v->pv.kernel_mode;
    pv_load_cr3(v);
}
