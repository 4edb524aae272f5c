/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Smaller hypercalls and the wrappers that put subsystems behind the
 * hypercall table:
 *   xen_version (#17)  get_features (submap 0 only: -EINVAL otherwise)
 *                      and commandline here, the rest in common/version.c
 *   grant_table_op (#20)    common/grant
 */
#include <public/features.h>
#include <public/grant_table.h>
#include <public/version.h>
#include <xenith/bootinfo.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/grant.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/pv_hypercalls.h>

/* XENFEAT_* bits a PV domain sees (Xen 4.17's choice for PV guests). */
static uint32_t pv_features(const struct domain *d)
{
    uint32_t f = (1U << XENFEAT_memory_op_vnode_supported) |
                 (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                 (1U << XENFEAT_highmem_assist) |
                 (1U << XENFEAT_gnttab_map_avail_bits) |
                 (1U << XENFEAT_direct_mapped);

    if (d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3))
        f |= 1U << XENFEAT_pae_pgdir_above_4gb;
    if (d->domain_id == 0 && d->is_privileged)
        f |= 1U << XENFEAT_dom0;
    return f;
}

long do_xen_version_pv(unsigned long cmd, unsigned long arg, unsigned long a3,
                       unsigned long a4, unsigned long a5)
{
    struct domain *d = current->domain;
    xen_feature_info_t fi;
    char line[1024];

    switch (cmd) {
    case XENVER_get_features:
        if (copy_from_guest(&fi, arg, sizeof(fi)))
            return -EFAULT;
        if (fi.submap_idx != 0)
            return -EINVAL;
        fi.submap = pv_features(d);
        return copy_to_guest(arg, &fi, sizeof(fi));
    case XENVER_guest_handle:
        return copy_to_guest(arg, d->handle, sizeof(xen_domain_handle_t));
    case XENVER_commandline:
        /* Xen 4.17 answers others with "<denied>", not an error. */
        memset(line, 0, sizeof(line));
        strlcpy(line, d->is_privileged ? boot_info.cmdline : "<denied>",
                sizeof(line));
        return copy_to_guest(arg, line, sizeof(line));
    case XENVER_build_id: {
        /* Privileged only.  No buffer: the size; else the id after the
         * length field, which says how much room there is. */
        xen_build_id_t b = { 0 };
        const void *id;
        unsigned int len;
        int rc;

        if (!d->is_privileged)
            return -EPERM;
        if (arg && copy_from_guest(&b, arg, sizeof(b)))
            return -EFAULT;
        if (arg && b.len == 0)
            return -EINVAL;
        if ((rc = xenith_build_id(&id, &len)))
            return rc;
        if (!arg)
            return len;
        if (len > b.len)
            return -ENOBUFS;
        if (copy_to_guest(arg + sizeof(b), id, len))
            return -EFAULT;
        return len;
    }
    default:
        return do_xen_version(cmd, arg, a3, a4, a5);
    }
}

/* Entry size of the batched grant ops, to continue past done entries. */
static unsigned long gnttab_entry_size(unsigned long cmd)
{
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        return sizeof(gnttab_map_grant_ref_t);
    case GNTTABOP_unmap_grant_ref:
        return sizeof(gnttab_unmap_grant_ref_t);
    case GNTTABOP_copy:
        return sizeof(gnttab_copy_t);
    case GNTTABOP_unmap_and_replace:
        return sizeof(gnttab_unmap_and_replace_t);
    case GNTTABOP_swap_grant_ref:
        return sizeof(gnttab_swap_grant_ref_t);
    case GNTTABOP_cache_flush:
        return sizeof(gnttab_cache_flush_t);
    default:
        return 0;
    }
}

/*
 * grant_table_op (#20): common/grant.  A positive answer is the number of
 * entries done before a preemption point: the call is re-issued for the
 * rest (or, inside a multicall, simply continued here).  Only
 * cache_flush takes state in the high bits of cmd; it applies to the first
 * entry, so a continuation drops it.
 */
long do_grant_table_op(unsigned long cmd, unsigned long uop,
                       unsigned long count, unsigned long a4, unsigned long a5)
{
    unsigned long size = gnttab_entry_size(cmd & 0xfff);
    long rc;

    for (;;) {
        rc = gnttab_do_grant_table_op((unsigned int)cmd, uop,
                                      (unsigned int)count);
        if (rc <= 0 || !size || (unsigned long)rc >= count)
            return rc > 0 ? 0 : rc;
        uop += (unsigned long)rc * size;
        count -= (unsigned long)rc;
        cmd &= 0xfff;
        if (!hypercall_in_multicall()) {
            hypercall_set_arg(1, cmd);
            hypercall_set_arg(2, uop);
            hypercall_set_arg(3, count);
            return HYPERCALL_RESTART;
        }
    }
}
