/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercalls that set up a PV vCPU's exception and event entry and its
 * segment state: set_trap_table (#0), stack_switch (#3), set_callbacks
 * (#4), fpu_taskswitch (#5), iret (#23), set_segment_base (#25),
 * callback_op (#30) and vm_assist (#21).  All act on the calling vCPU
 * and are called only from guest kernel mode (hypercall table).
 */
#include <public/callback.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/asm/current.h>
#include <xenith/asm/processor.h>

static struct cpu_user_regs *guest_regs(void)
{
    return &get_cpu_info()->guest_cpu_user_regs;
}

static bool canonical(uint64_t va)
{
    return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

/*
 * Selectors a guest frame may carry back to ring 3: its own GDT/LDT
 * selectors (their descriptors were checked when installed) or the flat
 * ring-3 ones of the hypervisor's reserved entries; never another
 * reserved one (those describe the hypervisor's own ring-0 segments).
 * A selector that still cannot be loaded is caught by the fixup on the
 * return path.
 */
static bool selector_ok(uint64_t sel)
{
    sel |= 3;
    return sel < FIRST_RESERVED_GDT_BYTE || sel == FLAT_RING3_CS64 ||
           sel == FLAT_RING3_CS32 || sel == FLAT_RING3_SS64;
}

bool pv_selectors_ok(uint64_t cs, uint64_t ss)
{
    /* Bits above 15 of a frame's CS carry the saved upcall mask. */
    return selector_ok((uint16_t)cs) && selector_ok((uint16_t)ss);
}

/*
 * set_trap_table: entries up to one whose address is 0 (NULL list: clear
 * the table).  -EFAULT on a bad list; entries before it stay set, as in
 * Xen.
 */
long do_set_trap_table(unsigned long list, unsigned long a2, unsigned long a3,
                       unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;
    trap_info_t ti;

    if (!list) {
        memset(v->pv.trap_ctxt, 0, sizeof(v->pv.trap_ctxt));
        return 0;
    }
    for (unsigned int i = 0; i < 256; i++, list += sizeof(ti)) {
        if (copy_from_guest(&ti, list, sizeof(ti)))
            return -EFAULT;
        if (!ti.address)
            break;
        if (!canonical(ti.address))
            return -EINVAL;
        v->pv.trap_ctxt[ti.vector] = ti;
    }
    return 0;
}

/* stack_switch(ss, sp): the kernel stack for entries from user mode. */
long do_stack_switch(unsigned long ss, unsigned long sp, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;

    v->pv.kernel_ss = ss | 3;
    v->pv.kernel_sp = sp;
    return 0;
}

static int set_callback(struct vcpu *v, unsigned int type, uint64_t addr,
                        unsigned int flags)
{
    bool mask = flags & CALLBACKF_mask_events;

    if (!canonical(addr))
        return -EINVAL;
    switch (type) {
    case CALLBACKTYPE_event:
        v->pv.cb.event = addr;
        v->pv.cb.event_set = true;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->pv.cb.failsafe = addr;
        v->pv.cb.failsafe_mask = mask;
        return 0;
    case CALLBACKTYPE_syscall:
        v->pv.cb.syscall = addr;
        v->pv.cb.syscall_mask = mask;
        return 0;
    case CALLBACKTYPE_syscall32:
        v->pv.ext.syscall32_eip = addr;
        v->pv.ext.syscall32_mask = mask;
        return 0;
    case CALLBACKTYPE_sysenter:
        v->pv.ext.sysenter_eip = addr;
        v->pv.ext.sysenter_mask = mask;
        return 0;
    case CALLBACKTYPE_nmi:
        /* The NMI callback is trap 2 of the virtual IDT, events masked
         * on entry (pv_deliver_nmi). */
        v->pv.trap_ctxt[2].vector = 2;
        v->pv.trap_ctxt[2].flags = 4;
        v->pv.trap_ctxt[2].cs = FLAT_KERNEL_CS;
        v->pv.trap_ctxt[2].address = addr;
        return 0;
    default:
        return -ENOSYS;
    }
}

/* set_callbacks(event, failsafe, syscall); failsafe masks events. */
long do_set_callbacks(unsigned long event, unsigned long failsafe,
                      unsigned long syscall, unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;

    if (!canonical(event) || !canonical(failsafe) || !canonical(syscall))
        return -EINVAL;
    set_callback(v, CALLBACKTYPE_event, event, 0);
    set_callback(v, CALLBACKTYPE_failsafe, failsafe, CALLBACKF_mask_events);
    set_callback(v, CALLBACKTYPE_syscall, syscall, CALLBACKF_mask_events);
    return 0;
}

/* callback_op: register / unregister (only NMI can be unregistered). */
long do_callback_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                    unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;
    callback_register_t reg;
    callback_unregister_t unreg;

    switch (cmd) {
    case CALLBACKOP_register:
        if (copy_from_guest(&reg, arg, sizeof(reg)))
            return -EFAULT;
        return set_callback(v, reg.type, reg.address, reg.flags);
    case CALLBACKOP_unregister:
        if (copy_from_guest(&unreg, arg, sizeof(unreg)))
            return -EFAULT;
        /* Xen 4.17: only the NMI callback can be unregistered. */
        switch (unreg.type) {
        case CALLBACKTYPE_nmi:
            memset(&v->pv.trap_ctxt[2], 0, sizeof(v->pv.trap_ctxt[2]));
            return 0;
        case CALLBACKTYPE_event:
        case CALLBACKTYPE_failsafe:
        case CALLBACKTYPE_syscall:
        case CALLBACKTYPE_syscall32:
        case CALLBACKTYPE_sysenter:
            return -EINVAL;
        default:
            return -ENOSYS;
        }
    default:
        return -ENOSYS;
    }
}

/* fpu_taskswitch(set): the virtual CR0.TS (and the real one with it). */
long do_fpu_taskswitch(unsigned long set, unsigned long a2, unsigned long a3,
                       unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;

    v->pv.fpu_ts = set != 0;
    if (set)
        write_cr0(read_cr0() | X86_CR0_TS);
    else
        __asm__ volatile("clts");
    return 0;
}

/*
 * iret: return from a bounce frame.  Reads struct iret_context at the
 * guest's RSP; RPL 3 in its CS returns to user mode.  The result is the
 * saved RAX (so the caller's RAX is restored).  As in Xen 4.17, the frame
 * is only sanitised (RPL 3 forced, IOPL and VM cleared, IF set): a RIP
 * that is not canonical or a selector that cannot be loaded faults on the
 * way out and reaches the guest as that fault (pv_iret_failed).  With
 * VGCF_in_syscall the return is SYSRET-style: RCX and R11 receive the RIP
 * and RFLAGS, as Xen's SYSRET leaves them.  An unreadable frame, or user
 * mode without a user page table, crashes the domain.
 */
long do_iret(unsigned long a1, unsigned long a2, unsigned long a3,
             unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;
    struct cpu_user_regs *r = guest_regs();
    struct iret_context c;

    if (copy_from_guest(&c, r->rsp, sizeof(c))) {
        pv_domain_crash(v->domain, "bad iret frame");
        return -EFAULT;
    }
    if ((c.cs & 3) == 3 && v->pv.kernel_mode) {
        if (!v->pv.mm.guest_table_user) {
            pv_domain_crash(v->domain, "iret to user mode without a user "
                                       "page table");
            return -EFAULT;
        }
        pv_toggle_guest_mode(v);
    }
    r->rip = c.rip;
    r->cs = (uint16_t)(c.cs | 3);
    r->rflags = (c.rflags & ~(0x3000UL | 0x20000UL)) | X86_EFLAGS_IF;
    r->rsp = c.rsp;
    r->ss = (uint16_t)(c.ss | 3);
    if (!(c.flags & VGCF_in_syscall)) {
        r->r11 = c.r11;
        r->rcx = c.rcx;
    } else {
        r->r11 = r->rflags;
        r->rcx = r->rip;
    }
    if (v->vcpu_info)
        v->vcpu_info->evtchn_upcall_mask = !(c.rflags & X86_EFLAGS_IF);
    v->pv.nmi_masked = false; /* an NMI handler returns with iret */
    return (long)c.rax;
}

/*
 * Load the user %gs selector with the kernel's GS base kept.  As Xen
 * 4.17: RPL 3 for a non-null selector; one that cannot be loaded leaves
 * %gs null and the call still returns 0 (Linux treats an error as fatal;
 * a caller compares %gs with what it asked for).
 */
static long load_user_gs_sel(struct vcpu *v, uint16_t sel)
{
    uint64_t kbase = rdmsr(MSR_GS_BASE);

    __asm__ volatile("1: mov %w0, %%gs\n"
                     "2:\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3: xor %k0, %k0\n"
                     "   mov %w0, %%gs\n"
                     "   jmp 2b\n"
                     ".popsection\n"
                     ".pushsection .ex_table, \"a\"\n"
                     ".balign 4\n"
                     ".long 1b - ., 3b - .\n"
                     ".popsection\n"
                     : "+r"(sel));
    v->pv.gs_base_user = rdmsr(MSR_GS_BASE);
    wrmsr(MSR_GS_BASE, kbase);
    return 0;
}

/* set_segment_base(which, value): FS, user GS, kernel GS, user GS sel. */
long do_set_segment_base(unsigned long which, unsigned long base,
                         unsigned long a3, unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;

    switch (which) {
    case SEGBASE_FS:
        if (!canonical(base))
            return -EINVAL;
        wrmsr(MSR_FS_BASE, base);
        v->pv.fs_base = base;
        return 0;
    case SEGBASE_GS_USER:
        if (!canonical(base))
            return -EINVAL;
        v->pv.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        if (!canonical(base))
            return -EINVAL;
        wrmsr(MSR_GS_BASE, base);
        v->pv.gs_base_kernel = base;
        return 0;
    case SEGBASE_GS_USER_SEL:
        return load_user_gs_sel(v, (uint16_t)base > 3 ? (uint16_t)base | 3
                                                      : (uint16_t)base);
    default:
        return -EINVAL;
    }
}

/*
 * vm_assist(cmd, type): enable/disable.  Types Xen 4.17 accepts for a
 * 64-bit PV guest: 0-5 and 32 (m2p_strict); others -EINVAL; commands
 * other than enable/disable -ENOSYS.
 */
long do_vm_assist(unsigned long cmd, unsigned long type, unsigned long a3,
                  unsigned long a4, unsigned long a5)
{
    struct domain *d = current->domain;
    unsigned long valid = 0x3fUL | (1UL << VMASST_TYPE_m2p_strict);

    if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
        return -ENOSYS;
    if (type >= 64 || !(valid & (1UL << type)))
        return -EINVAL;
    spin_lock(&d->lock);
    if (cmd == VMASST_CMD_enable)
        d->vm_assist |= 1UL << type;
    else
        d->vm_assist &= ~(1UL << type);
    spin_unlock(&d->lock);
    return 0;
}
