/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multicall (#13): run a batch of hypercalls, storing each one's result
 * in its entry.  The batch itself returns 0, or -EFAULT when an entry
 * cannot be read or its result written; a multicall inside a multicall
 * gets -EINVAL in its entry, as in Xen.  Calls inside a batch never
 * restart (HYPERCALL_RESTART is not available to them); the batch itself
 * is re-issued for its remaining entries when other work is pending.
 */
#include <public/xen.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>

long do_multicall(unsigned long list, unsigned long nr, unsigned long a3,
                  unsigned long a4, unsigned long a5)
{
    multicall_entry_t e;

    if (hypercall_in_multicall())
        return -EINVAL;
    for (unsigned long i = 0; i < nr; i++, list += sizeof(e)) {
        unsigned long args[5];

        /* A long batch yields to pending work and is re-issued for the
         * rest (entries done so far keep their results). */
        if (i && softirq_pending(smp_processor_id())) {
            hypercall_set_arg(1, list);
            hypercall_set_arg(2, nr - i);
            return HYPERCALL_RESTART;
        }

        if (copy_from_guest(&e, list, sizeof(e)))
            return -EFAULT;
        for (unsigned int j = 0; j < 5; j++)
            args[j] = e.args[j];
        if (e.op == __HYPERVISOR_multicall)
            e.result = (xen_ulong_t)-EINVAL;
        else
            e.result = (xen_ulong_t)hypercall_call(e.op, args, NULL);
        if (copy_to_guest(list + offsetof(multicall_entry_t, result), &e.result,
                          sizeof(e.result)))
            return -EFAULT;
    }
    return 0;
}
