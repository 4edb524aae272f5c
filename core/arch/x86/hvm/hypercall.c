/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HVM guest's variants of hypercalls whose PV handler would do the
 * wrong thing for a translated guest (common/hypercall.c names them in
 * its table's HVM column).
 *
 *   memory_op    the reservation calls (on itself, through the p2m) and
 *                the reservation queries; everything else -ENOSYS for
 *                now (the machine-frame calls are PV-only, as on Xen;
 *                add_to_physmap, memory_map and the rest come later)
 *   xen_version  XENVER_get_features gives the features an HVM guest
 *                has on Xenith today: auto-translated physmap only (no
 *                callback vector yet); the rest as for PV
 */
#include <public/features.h>
#include <public/memory.h>
#include <public/version.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hvm_hypercalls.h>
#include <xenith/hypercall.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/asm/current.h>
#include <xenith/asm/hvm/hvm.h>

#define MEMOP_CMD_MASK 0x3f

long hvm_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                   unsigned long a4, unsigned long a5)
{
    switch (cmd & MEMOP_CMD_MASK) {
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return do_memory_op(cmd, arg, a3, a4, a5);
    default:
        return -ENOSYS;
    }
}

long hvm_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
                     unsigned long a4, unsigned long a5)
{
    xen_feature_info_t fi;

    if (cmd != XENVER_get_features)
        return do_xen_version_pv(cmd, arg, a3, a4, a5);
    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx != 0)
        return -EINVAL;
    fi.submap = 1U << XENFEAT_auto_translated_physmap;
    return copy_to_guest(arg, &fi, sizeof(fi));
}
