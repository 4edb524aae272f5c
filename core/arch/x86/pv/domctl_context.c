/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 PV vCPU state through domctl: setvcpucontext / getvcpucontext (the
 * vcpu_guest_context a builder loads and a saver reads) and set/get
 * ext_vcpucontext (32-bit callbacks and vMCE state).  A missing vCPU is
 * -EINVAL for the first two and -ESRCH for the ext ones (Xen 4.17).
 */
#include <public/domctl.h>
#include <xenith/arch_domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/asm/current.h>
#include <xenith/asm/cpu.h>

static uint64_t handle(const void *h)
{
    uint64_t p;

    memcpy(&p, h, sizeof(p));
    return p;
}

/*
 * A new context for a vCPU that has one already (a toolstack resuming a
 * suspended guest sets the return value of its SCHEDOP_shutdown so): as
 * Xen 4.17, the page-table bases and the GDT must stay what they are
 * (else -EOPNOTSUPP); registers, trap table, callbacks, segment bases,
 * debug registers and the FPU state are taken.  v is not running.
 */
static long update_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    bool fail = xen_cr3_to_pfn(c->ctrlreg[3]) != v->pv.mm.guest_table;

    if (!v->pv.mm.guest_table_user)
        fail |= c->ctrlreg[1] || !(c->flags & VGCF_in_kernel);
    else
        fail |= xen_cr3_to_pfn(c->ctrlreg[1]) != v->pv.mm.guest_table_user;
    fail |= c->gdt_ents != v->pv.mm.gdt_entries;
    for (unsigned int i = 0; !fail && i < (c->gdt_ents + 511) / 512; i++)
        fail = c->gdt_frames[i] != v->pv.mm.gdt_frames[i];
    fail |= c->ldt_ents != v->pv.ldt_ents;
    if (fail)
        return -EOPNOTSUPP;
    if (!pv_selectors_ok(c->user_regs.cs, c->user_regs.ss))
        return -EINVAL;
    v->pv.regs = c->user_regs;
    v->pv.regs.cs |= 3;
    v->pv.regs.ss |= 3;
    v->pv.regs.rflags = (c->user_regs.rflags & ~0x3000UL) | 0x202;
    v->pv.iopl = (uint8_t)((c->user_regs.rflags >> 12) & 3);
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
    if (c->flags & VGCF_i387_valid)
        pv_fpu_set_context(v, &c->fpu_ctxt);
    return 0;
}

static long set_context(struct vcpu *v, struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c;
    long rc;

    if (v->domain == current->domain)
        return -EINVAL; /* it cannot be held still (as Xen 4.17) */
    if (!(c = xmalloc(struct vcpu_guest_context)))
        return -ENOMEM;
    rc = copy_from_guest(c, handle(&vc->ctxt), sizeof(*c));
    if (!rc && v->pv.initialised) {
        pv_vcpu_pause_sync(v);
        rc = update_context(v, c);
        pv_vcpu_unpause(v);
        xfree(c);
        return rc;
    }
    if (!rc)
        rc = pv_vcpu_load_context(v, c);
    if (!rc && (c->flags & VGCF_online))
        pv_vcpu_bring_up(v);
    xfree(c);
    return rc;
}

static long get_context(struct vcpu *v, struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c = xzalloc(struct vcpu_guest_context);
    long rc;

    if (!c)
        return -ENOMEM;
    if (v != current)
        pv_vcpu_pause_sync(v); /* its saved state is final meanwhile */
    c->flags = (v->pv.kernel_mode ? VGCF_in_kernel : 0) |
               (v->up ? VGCF_online : 0) | VGCF_i387_valid |
               (v->pv.cb.failsafe_mask ? VGCF_failsafe_disables_events : 0) |
               (v->pv.cb.syscall_mask ? VGCF_syscall_disables_events : 0);
    pv_fpu_get_context(v, &c->fpu_ctxt);
    c->user_regs = v->pv.regs;
    c->user_regs.ds = v->pv.sel_ds;
    c->user_regs.es = v->pv.sel_es;
    c->user_regs.fs = v->pv.sel_fs;
    c->user_regs.gs = v->pv.sel_gs;
    c->ctrlreg[0] = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
                    X86_CR0_WP | X86_CR0_AM | X86_CR0_PG |
                    (v->pv.fpu_ts ? X86_CR0_TS : 0);
    c->ctrlreg[2] = v->vcpu_info ? v->vcpu_info->arch.cr2 : 0;
    memcpy(c->trap_ctxt, v->pv.trap_ctxt, sizeof(c->trap_ctxt));
    for (unsigned int i = 0; i < PV_GDT_FRAMES; i++)
        c->gdt_frames[i] = v->pv.mm.gdt_frames[i];
    c->gdt_ents = v->pv.mm.gdt_entries;
    c->kernel_ss = v->pv.kernel_ss;
    c->kernel_sp = v->pv.kernel_sp;
    c->ctrlreg[3] = xen_pfn_to_cr3(v->pv.mm.guest_table);
    c->ctrlreg[1] = xen_pfn_to_cr3(v->pv.mm.guest_table_user);
    memcpy(c->debugreg, v->pv.debugreg, sizeof(c->debugreg));
    c->event_callback_eip = v->pv.cb.event;
    c->failsafe_callback_eip = v->pv.cb.failsafe;
    c->syscall_callback_eip = v->pv.cb.syscall;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = v->pv.fs_base;
    c->gs_base_kernel = v->pv.gs_base_kernel;
    c->gs_base_user = v->pv.gs_base_user;
    if (v != current)
        pv_vcpu_unpause(v);
    rc = copy_to_guest(handle(&vc->ctxt), c, sizeof(*c));
    xfree(c);
    return rc;
}

long arch_domctl_vcpucontext(struct domain *d, struct xen_domctl *op)
{
    uint32_t id = op->u.vcpucontext.vcpu;
    struct vcpu *v = id < d->max_vcpus ? d->vcpu[id] : NULL;

    if (!v)
        return -EINVAL;
    return op->cmd == XEN_DOMCTL_setvcpucontext
               ? set_context(v, &op->u.vcpucontext)
               : get_context(v, &op->u.vcpucontext);
}

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/*
 * The ext context of one vCPU (Xen 4.17): -ESRCH for a missing vCPU, the
 * calling vCPU (get) or the caller's own domain (set); set needs the
 * callbacks part (size), canonical callback addresses and MCG_CAP bits
 * the virtual machine check offers (else -EINVAL, nothing changed).
 */
static long ext_vcpucontext(struct domain *d,
                            struct xen_domctl_ext_vcpucontext *e, bool set)
{
    struct vcpu *v;
    uint64_t allowed = PV_MCG_BANKS;

    if (e->vcpu >= d->max_vcpus || !(v = d->vcpu[e->vcpu]))
        return -ESRCH;
    if (!set) {
        if (v == current)
            return -ESRCH;
        memset(&e->size, 0, sizeof(*e) - offsetof(typeof(*e), size));
        e->size = sizeof(*e);
        spin_lock(&d->lock);
        e->syscall32_callback_eip = v->pv.ext.syscall32_eip;
        e->syscall32_callback_cs = v->pv.ext.syscall32_cs;
        e->syscall32_disables_events = v->pv.ext.syscall32_mask;
        e->sysenter_callback_eip = v->pv.ext.sysenter_eip;
        e->sysenter_callback_cs = v->pv.ext.sysenter_cs;
        e->sysenter_disables_events = v->pv.ext.sysenter_mask;
        e->vmce.caps = v->pv.ext.mcg_cap;
        e->vmce.mci_ctl2_bank0 = v->pv.ext.mci_ctl2[0];
        e->vmce.mci_ctl2_bank1 = v->pv.ext.mci_ctl2[1];
        e->vmce.mcg_ext_ctl = v->pv.ext.mcg_ext_ctl;
        spin_unlock(&d->lock);
        return 0;
    }
    if (d == current->domain)
        return -ESRCH;
    if (e->size < offsetof(struct xen_domctl_ext_vcpucontext, vmce) ||
        !canonical(e->sysenter_callback_eip) ||
        !canonical(e->syscall32_callback_eip))
        return -EINVAL;
    if (!memcmp(boot_cpu.vendor, "GenuineIntel", 12))
        allowed |= PV_MCG_INTEL_CAPS | PV_MCG_LMCE_P;
    /* Bank count and MCG_CTL_P are the caller's choice. */
    if (e->vmce.caps & ~allowed & ~0xffULL & ~(1ULL << 8))
        return -EINVAL;
    spin_lock(&d->lock);
    v->pv.ext.syscall32_eip = e->syscall32_callback_eip;
    v->pv.ext.syscall32_cs = e->syscall32_callback_cs;
    v->pv.ext.syscall32_mask = e->syscall32_disables_events;
    v->pv.ext.sysenter_eip = e->sysenter_callback_eip;
    v->pv.ext.sysenter_cs = e->sysenter_callback_cs;
    v->pv.ext.sysenter_mask = e->sysenter_disables_events;
    v->pv.ext.mcg_cap = e->vmce.caps;
    v->pv.ext.mci_ctl2[0] = e->vmce.mci_ctl2_bank0;
    v->pv.ext.mci_ctl2[1] = e->vmce.mci_ctl2_bank1;
    v->pv.ext.mcg_ext_ctl = e->vmce.mcg_ext_ctl;
    spin_unlock(&d->lock);
    return 0;
}

long arch_domctl_ext_vcpucontext(struct domain *d, struct xen_domctl *op)
{
    return ext_vcpucontext(d, &op->u.ext_vcpucontext,
                           op->cmd == XEN_DOMCTL_set_ext_vcpucontext);
}
