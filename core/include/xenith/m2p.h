/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine-to-phys table (M2P): for every machine frame, the guest
 * frame number its owner uses (PV guests keep their own p2m).  One
 * unsigned long per frame, INVALID_M2P_ENTRY when unknown.  The hypervisor
 * writes it at RDWR_MPT_VIRT_START; guests read it at RO_MPT_VIRT_START
 * (mapped read-only and user-accessible, as Xen does; XENMEM_
 * machphys_mapping reports the range).  Frames beyond max_page are not
 * mapped, so reading past the end faults.
 */
#ifndef XENITH_M2P_H
#define XENITH_M2P_H

#include <xenith/config.h>
#include <xenith/mm.h>

#define INVALID_M2P_ENTRY (~0UL)

/* Allocate and map the table for frames below max_page (after the heap
 * exists).  Returns 0 or -ENOMEM. */
int m2p_init(void);

static inline void set_gpfn_from_mfn(unsigned long mfn, unsigned long pfn)
{
    if (mfn < max_page)
        ((unsigned long *)RDWR_MPT_VIRT_START)[mfn] = pfn;
}

static inline unsigned long get_gpfn_from_mfn(unsigned long mfn)
{
    if (mfn >= max_page)
        return INVALID_M2P_ENTRY;
    return ((const unsigned long *)RDWR_MPT_VIRT_START)[mfn];
}

#endif /* XENITH_M2P_H */
