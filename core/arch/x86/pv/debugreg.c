/*
 * set_debugreg (#8) and get_debugreg (#9): the guest's view of DR0-DR7.
 * Breakpoint addresses must lie outside the hypervisor's range (-EPERM);
 * registers above 7 are -ENODEV, as on Xen 4.17.  The values are kept per
 * vCPU and read back; they are not loaded into the hardware registers
 * yet, so guest breakpoints do not fire (Linux only uses them for
 * debuggers).
 */
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/pv_hypercalls.h>

#define DR6_RESERVED_ONES 0xffff0ff0UL
#define DR7_RESERVED_ONES 0x400UL

long do_set_debugreg(unsigned long reg, unsigned long value, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;

    switch (reg) {
    case 0:
    case 1:
    case 2:
    case 3:
        if (!guest_range_ok(value, sizeof(long)))
            return -EPERM;
        break;
    case 4:
    case 5:
        return -ENODEV;
    case 6:
        value = (value & 0xffffffffUL) | DR6_RESERVED_ONES;
        break;
    case 7:
        if (value >> 32)
            return -EINVAL;
        value |= DR7_RESERVED_ONES;
        break;
    default:
        return -ENODEV;
    }
    v->pv.debugreg[reg] = value;
    return 0;
}

long do_get_debugreg(unsigned long reg, unsigned long a2, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    if (reg > 7 || reg == 4 || reg == 5)
        return -ENODEV;
    return (long)current->pv.debugreg[reg];
}
