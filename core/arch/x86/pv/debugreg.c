/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * set_debugreg (#8) and get_debugreg (#9): a PV vCPU's DR0-DR7, loaded
 * into the hardware while the vCPU runs with a breakpoint enabled (DR7's
 * L/G bits), as Xen does:
 *   DR0-3   breakpoint addresses, outside the hypervisor's range (-EPERM)
 *   DR6/DR7 upper halves -EINVAL; reserved bits forced; DR7.GD -EPERM;
 *           I/O breakpoints need CR4.DE (-EPERM without; Xenith does not
 *           emulate them, so with CR4.DE they are -EOPNOTSUPP)
 *   DR4/DR5 DR6/DR7 unless the guest set CR4.DE (then -ENODEV)
 *   others  -ENODEV
 * A #DB taken in the guest updates its DR6 and is bounced to it; one
 * taken in the hypervisor (a watchpoint on guest memory the hypervisor
 * wrote for the guest) is noted and ignored.
 */
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/printk.h>
#include <xenith/pv_hypercalls.h>

#define X86_CR4_DE         0x8UL
#define DR6_DEFAULT        0xffff0ff0UL
#define DR6_RESERVED_ZERO  (~0xffffefffUL)
#define DR7_RESERVED_ONE   0x400UL
#define DR7_RESERVED_ZERO  (~0xffff27ffUL)
#define DR7_GENERAL_DETECT 0x2000UL
#define DR7_ACTIVE         0xffUL
#define DR7_RW_IO          0x2UL
#define DR7_CONTROL_SHIFT  16

#define WRITE_DR(n, v) __asm__ volatile("mov %0, %%db" #n ::"r"(v))

static unsigned long read_dr6(void)
{
    unsigned long v;

    __asm__ volatile("mov %%db6, %0" : "=r"(v));
    return v;
}

static bool guest_de(const struct vcpu *v)
{
    return v->pv.guest_cr4 & X86_CR4_DE;
}

static bool dr7_active(const struct vcpu *v)
{
    return v->pv.debugreg[7] & DR7_ACTIVE;
}

/* Load v's registers into this CPU (v runs here next or now). */
static void load_all(const struct vcpu *v)
{
    WRITE_DR(0, v->pv.debugreg[0]);
    WRITE_DR(1, v->pv.debugreg[1]);
    WRITE_DR(2, v->pv.debugreg[2]);
    WRITE_DR(3, v->pv.debugreg[3]);
    WRITE_DR(6, v->pv.debugreg[6]);
    WRITE_DR(7, v->pv.debugreg[7]);
}

void pv_debugreg_switch_in(struct vcpu *v)
{
    if (dr7_active(v))
        load_all(v);
}

void pv_debugreg_switch_out(struct vcpu *v)
{
    if (dr7_active(v))
        WRITE_DR(7, 0UL);
}

void pv_debugreg_trap(struct vcpu *v, bool guest)
{
    unsigned long hw = read_dr6();

    WRITE_DR(6, DR6_DEFAULT);
    if (!guest) {
        static unsigned int reported; /* a guest could flood the log */

        if (reported < 16 && ++reported)
            printk(XENLOG_WARNING "d%uv%u: #DB in the hypervisor (dr6 "
                                  "%lx): ignored\n",
                   v->domain->domain_id, v->vcpu_id, hw);
        return;
    }
    /* Bits the hardware changed from their default show in the guest's. */
    v->pv.debugreg[6] |= hw & ~DR6_DEFAULT;
    v->pv.debugreg[6] &= hw | ~DR6_DEFAULT;
}

long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value)
{
    bool live = v == current; /* else loaded at its next switch-in */

    switch (reg) {
    case 0:
    case 1:
    case 2:
    case 3:
        if (!guest_range_ok(value, sizeof(long)))
            return -EPERM;
        v->pv.debugreg[reg] = value;
        if (live && dr7_active(v))
            load_all(v);
        return 0;
    case 4:
        if (guest_de(v))
            return -ENODEV;
        __attribute__((fallthrough)); /* DR6 */
    case 6:
        if (value >> 32)
            return -EINVAL;
        value = (value & ~DR6_RESERVED_ZERO) | DR6_DEFAULT;
        v->pv.debugreg[6] = value;
        if (live)
            WRITE_DR(6, value);
        return 0;
    case 5:
        if (guest_de(v))
            return -ENODEV;
        __attribute__((fallthrough)); /* DR7 */
    case 7:
        if (value >> 32)
            return -EINVAL;
        value = (value & ~DR7_RESERVED_ZERO) | DR7_RESERVED_ONE;
        if (value & DR7_GENERAL_DETECT)
            return -EPERM;
        if (value & DR7_ACTIVE)
            for (unsigned int i = DR7_CONTROL_SHIFT; i < 32; i += 4)
                if (((value >> i) & 3) == DR7_RW_IO)
                    return guest_de(v) ? -EOPNOTSUPP : -EPERM;
        v->pv.debugreg[7] = value;
        if (live && (value & DR7_ACTIVE))
            load_all(v);
        else if (live)
            WRITE_DR(7, 0UL);
        return 0;
    default:
        return -ENODEV;
    }
}

long do_set_debugreg(unsigned long reg, unsigned long value, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    return pv_set_debugreg(current, (unsigned int)(reg > 8 ? 8 : reg), value);
}

void pv_debugreg_init(struct vcpu *v, const unsigned long *dr)
{
    v->pv.debugreg[6] = DR6_DEFAULT;
    v->pv.debugreg[7] = DR7_RESERVED_ONE;
    if (!dr)
        return;
    /* As Xen: each register through the checks, refusals ignored. */
    for (unsigned int i = 0; i < 4; i++)
        pv_set_debugreg(v, i, dr[i]);
    pv_set_debugreg(v, 6, dr[6]);
    pv_set_debugreg(v, 7, dr[7]);
}

long do_get_debugreg(unsigned long reg, unsigned long a2, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;

    switch (reg) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 6:
    case 7:
        return (long)v->pv.debugreg[reg];
    case 4:
    case 5:
        return guest_de(v) ? -ENODEV : (long)v->pv.debugreg[reg + 2];
    default:
        return -ENODEV;
    }
}
