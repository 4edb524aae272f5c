/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcpu_op (#24): bringing a PV domain's vCPUs up and down, their timers,
 * and where their vcpu_info, runstate and time records live.  Xen 4.17's
 * answers (core/tests/guests/README.md): a missing vCPU -ENOENT;
 * initialise twice -EEXIST; up before initialise -EINVAL; a
 * non-canonical RIP -EINVAL; a vcpu_info crossing its page -ENXIO;
 * registering vcpu_info twice -EINVAL; single-shot timers only for the
 * calling vCPU (-EINVAL), past deadlines fire at once; unknown -ENOSYS.
 *
 * An offline vCPU is held with a scheduler pause; VCPUOP_up drops it.
 */
#include <public/vcpu.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/softirq.h>
#include <xenith/subop.h>
#include <xenith/time.h>
#include <xenith/asm/processor.h>

static bool canonical(uint64_t va)
{
    return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

/* Load a guest context into the offline vCPU v (validate, then act). */
long pv_vcpu_load_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    unsigned long l4 = xen_cr3_to_pfn(c->ctrlreg[3]);
    unsigned long ul4 = xen_cr3_to_pfn(c->ctrlreg[1]);
    unsigned long gdt[PV_GDT_FRAMES];
    long rc;

    if (!canonical(c->user_regs.rip) || !canonical(c->event_callback_eip) ||
        !canonical(c->failsafe_callback_eip) ||
        !canonical(c->syscall_callback_eip) || !canonical(c->fs_base) ||
        !canonical(c->gs_base_kernel) || !canonical(c->gs_base_user) ||
        c->gdt_ents > PV_FIRST_RESERVED_GDT || !l4 ||
        !pv_selectors_ok(c->user_regs.cs, c->user_regs.ss))
        return -EINVAL;
    for (unsigned int i = 0; i < PV_GDT_FRAMES; i++)
        gdt[i] = c->gdt_frames[i];
    pv_flush_before_retype(l4, PGT_l4_page_table);
    if (ul4)
        pv_flush_before_retype(ul4, PGT_l4_page_table);
    for (unsigned int i = 0; i < (c->gdt_ents + 511) / 512; i++)
        pv_flush_before_retype(gdt[i], PGT_seg_desc_page);
    if ((rc = pv_new_baseptr(&v->pv.mm, l4)))
        return rc;
    if (ul4 && (rc = pv_new_user_baseptr(&v->pv.mm, ul4))) {
        pv_release_baseptrs(&v->pv.mm);
        return rc;
    }
    if ((rc = pv_set_gdt(&v->pv.mm, gdt, (unsigned int)c->gdt_ents))) {
        pv_release_baseptrs(&v->pv.mm);
        return rc;
    }
    v->pv.regs = c->user_regs;
    v->pv.regs.cs |= 3;
    v->pv.regs.ss |= 3;
    v->pv.regs.rflags = (c->user_regs.rflags & ~0x3000UL) | 0x202;
    v->pv.iopl = (uint8_t)((c->user_regs.rflags >> 12) & 3); /* virtual */
    memcpy(v->pv.trap_ctxt, c->trap_ctxt, sizeof(v->pv.trap_ctxt));
    v->pv.kernel_ss = c->kernel_ss | 3;
    v->pv.kernel_sp = c->kernel_sp;
    v->pv.cb.event = c->event_callback_eip;
    v->pv.cb.event_set = c->event_callback_eip != 0;
    v->pv.cb.failsafe = c->failsafe_callback_eip;
    v->pv.cb.syscall = c->syscall_callback_eip;
    v->pv.cb.syscall_mask = !!(c->flags & VGCF_syscall_disables_events);
    v->pv.cb.failsafe_mask = !!(c->flags & VGCF_failsafe_disables_events);
    v->pv.fs_base = c->fs_base;
    v->pv.gs_base_kernel = c->gs_base_kernel;
    v->pv.gs_base_user = c->gs_base_user;
    pv_debugreg_init(v, c->debugreg);
    v->pv.kernel_mode = true;
    /* FPU: the context's FXSAVE image if it says it has one (as Xen). */
    pv_fpu_set_context(v, (c->flags & VGCF_I387_VALID) ? &c->fpu_ctxt : NULL);
    /* As Xen: the wall clock into shared_info again when vCPU 0 gets its
     * first context (a builder has cleared the page meanwhile). */
    if (v->vcpu_id == 0)
        pv_set_time_offset(v->domain, READ_ONCE(v->domain->pv.time_offset));
    v->pv.initialised = true;
    return 0;
}

static long op_initialise(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;

    if (v->pv.initialised)
        return -EEXIST;
    return pv_vcpu_load_context(v, arg);
}

void pv_vcpu_bring_up(struct vcpu *v)
{
    if (v->up)
        return;
    v->up = true;
    pv_vcpu_timers_start(v);
    sched_unit_wake(&v->sched);
    sched_unit_unpause(&v->sched);
}

static long op_up(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;

    if (!v->pv.initialised)
        return -EINVAL;
    pv_vcpu_bring_up(v);
    return 0;
}

static long op_down(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;

    if (!v->up)
        return 0;
    v->up = false;
    stop_timer(&v->pv.periodic_timer);
    stop_timer(&v->singleshot_timer);
    sched_unit_pause_nosync(&v->sched);
    if (v == current) {
        raise_softirq(SCHEDULE_SOFTIRQ);
        return 0;
    }
    /* Another vCPU: once it is off its pCPU its runstate area is final. */
    while (READ_ONCE(v->is_running) ||
           __atomic_load_n(&v->pv.state_live, __ATOMIC_ACQUIRE))
        cpu_relax();
    return 0;
}

/* Move v's vcpu_info into a writable guest frame (once). */
static long op_register_vcpu_info(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    struct domain *d = v->domain;
    const vcpu_register_vcpu_info_t r = *(vcpu_register_vcpu_info_t *)arg;
    struct vcpu_info *nvi;
    int rc;

    if (r.offset > PAGE_SIZE - sizeof(struct vcpu_info))
        return -ENXIO;
    if (v->pv.vcpu_info_mfn)
        return -EINVAL;
    rc = pv_get_page_and_type(r.mfn, d->domain_id, PGT_writable_page);
    if (rc)
        return -EINVAL;
    nvi = (struct vcpu_info *)((char *)__va(r.mfn << PAGE_SHIFT) + r.offset);
    if (v->vcpu_info)
        memcpy(nvi, v->vcpu_info, sizeof(*nvi));
    else
        nvi->evtchn_upcall_mask = 1;
    v->vcpu_info = nvi;
    v->pv.vcpu_info_mfn = r.mfn;
    /* Make the guest rescan every selector word. */
    __atomic_store_n(&nvi->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
    __atomic_store_n(&nvi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    pv_update_vcpu_time(v);
    pv_vcpu_kick(v);
    return 0;
}

static long op_set_periodic(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    const vcpu_set_periodic_timer_t *p = arg;

    if (p->period_ns < (uint64_t)MILLISECS(1) ||
        p->period_ns > (uint64_t)SECONDS(3600))
        return -EINVAL;
    v->pv.periodic_period = (s_time_t)p->period_ns;
    if (v->up)
        set_timer(&v->pv.periodic_timer, NOW() + v->pv.periodic_period);
    return 0;
}

static long op_stop_periodic(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;

    v->pv.periodic_period = 0;
    stop_timer(&v->pv.periodic_timer);
    return 0;
}

/* Single-shot timers: the calling vCPU only (SUBOP_SELF). */
static long op_set_singleshot(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;

    set_timer(&v->singleshot_timer,
              (s_time_t)((vcpu_set_singleshot_timer_t *)arg)->timeout_abs_ns);
    return 0;
}

static long op_stop_singleshot(void *ctx, unsigned long cmd, void *arg)
{
    stop_timer(&((struct vcpu *)ctx)->singleshot_timer);
    return 0;
}

/* The runstate with the time spent in the current state so far. */
static long op_get_runstate(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    struct vcpu_runstate_info *rs = arg;
    s_time_t now = NOW();

    *rs = v->runstate;
    if (rs->state >= 0 && rs->state < 4 && now > (s_time_t)rs->state_entry_time)
        rs->time[rs->state] += (uint64_t)(now - (s_time_t)rs->state_entry_time);
    return 0;
}

static long op_is_up(void *ctx, unsigned long cmd, void *arg)
{
    return ((struct vcpu *)ctx)->up;
}

static long op_register_runstate(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;
    uint64_t va = *(uint64_t *)arg;

    v->pv.runstate_va = va;
    /* Written at once through the caller's page tables (same domain), as
     * Xen does; a bad address only fails silently. */
    if (va)
        copy_to_guest(va, &v->runstate, sizeof(v->runstate));
    return 0;
}

static long op_register_time_area(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;

    v->pv.time_area_va = *(uint64_t *)arg;
    if (v == current)
        pv_update_vcpu_time(v);
    return 0;
}

static long op_send_nmi(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ctx;

    if (!__atomic_exchange_n(&v->pv.nmi_pending, true, __ATOMIC_ACQ_REL))
        pv_vcpu_kick(v);
    return 0;
}

#define VCPU(cmd, type, handler, fl) \
    SUBOP(VCPUOP_##cmd, #cmd, type, handler, ANY, fl)
#define VCPU_NOARG(cmd, handler, fl) \
    SUBOP_NOARG(VCPUOP_##cmd, #cmd, handler, ANY, fl)

/* Every vcpu_op command, on a vCPU of the caller's own domain. */
static const struct subop vcpu_ops[] = {
    VCPU(initialise, struct vcpu_guest_context, op_initialise, SUBOP_IN),
    VCPU_NOARG(up, op_up, 0),
    VCPU_NOARG(down, op_down, 0),
    VCPU_NOARG(is_up, op_is_up, 0),
    VCPU(get_runstate_info, struct vcpu_runstate_info, op_get_runstate,
         SUBOP_OUT),
    VCPU(register_runstate_memory_area, uint64_t, op_register_runstate,
         SUBOP_IN),
    VCPU(set_periodic_timer, vcpu_set_periodic_timer_t, op_set_periodic,
         SUBOP_IN),
    VCPU_NOARG(stop_periodic_timer, op_stop_periodic, 0),
    VCPU(set_singleshot_timer, vcpu_set_singleshot_timer_t, op_set_singleshot,
         SUBOP_IN | SUBOP_SELF),
    VCPU_NOARG(stop_singleshot_timer, op_stop_singleshot, SUBOP_SELF),
    VCPU(register_vcpu_info, vcpu_register_vcpu_info_t, op_register_vcpu_info,
         SUBOP_IN),
    VCPU_NOARG(send_nmi, op_send_nmi, SUBOP_NULL_ARG),
    VCPU(register_vcpu_time_memory_area, uint64_t, op_register_time_area,
         SUBOP_IN),
};
static SUBOP_TABLE(vcpu_table, "vcpu_op", vcpu_ops);

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
                unsigned long a4, unsigned long a5)
{
    struct domain *d = current->domain;
    struct subop_caller_info who = { d->is_privileged, false };
    struct vcpu *v;

    if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
        return -ENOENT;
    who.self = v == current;
    return subop_call(&vcpu_table, cmd, arg, v, who);
}
