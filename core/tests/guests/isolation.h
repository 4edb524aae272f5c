/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * isolation: what dom0 (isolation.c) and the hostile domU
 * (isolation-hostile.c) share.  The domU runs a copy of the same image;
 * dom0 writes iso_params into the domU's copy before unpausing it and
 * reads iso_results back through a foreign mapping.
 */
#ifndef ISOLATION_H
#define ISOLATION_H

#include "guest.h"

#define ISO_MAX_FRAMES 256
#define ISO_NR_DOMCTL  91 /* commands 0..90, then 1000..1003 */
#define ISO_NR_SYSCTL  31

enum iso_probe {
    /* Foreign memory. */
    P_MMU_FOREIGNDOM0,
    P_MMU_PTE_DOM0,
    P_MMU_PTE_VICTIM,
    P_MMU_WRITE_DOM0_PT,
    P_MMU_WRITE_VICTIM_PT,
    P_UVA_DOM0,
    P_UVA_OTHER_DOM0,
    P_UVA_OTHER_VICTIM,
    P_PIN_DOM0_FRAME,
    P_PIN_FOREIGNDOM0,
    P_PIN_VICTIM_L1,
    P_NEW_BASEPTR_DOM0,
    P_UNPIN_DOM0_L4,
    P_CLEAR_PAGE_DOM0,
    P_COPY_PAGE_FROM_DOM0,
    P_CLEAR_PAGE_OWN,
    P_COPY_PAGE_OWN,
    P_M2P_DOM0,
    P_DECREASE_DOM0,
    P_POPULATE_VICTIM,
    P_RESV_DOM0,
    P_RESV_MISSING,
    /* Own page tables. */
    P_UVA_OWN_L1_RW,
    P_MMU_OWN_L4_RW,
    P_UVA_OWN_L1_RO,
    P_STORE_L1_DOM0,
    P_STORE_L1_SELF_RW,
    P_STORE_L1_OK,
    P_UVA_OWN_L2_RO,
    P_STORE_L2,
    P_PIN_SELF_RW,
    P_PIN_MAPS_DOM0,
    /* Grants. */
    P_MAP_DOM0_REF,
    P_MAP_DOM0_BAD_REF,
    P_MAP_VICTIM_REF,
    P_COPY_DOM0_REF,
    P_COPY_DOM0_FRAME,
    P_SETUP_DOM0_TABLE,
    P_QUERY_DOM0,
    /* Event channels. */
    P_BIND_DOM0_NOT_OFFERED,
    P_BIND_VICTIM_PORT,
    P_BIND_OFFERED,
    P_SEND_OFFERED,
    P_SEND_NOT_OWN,
    P_CLOSE_NOT_OWN,
    P_UNMASK_NOT_OWN,
    P_ALLOC_IN_DOM0,
    P_STATUS_DOM0,
    P_RESET_DOM0,
    P_CLOSE_DOM0_PORT,
    /* Other privileged interfaces. */
    P_CONSOLE_WRITE,
    P_PLATFORM_OP,
    P_PHYSDEV_MAP_PIRQ_DOM0,
    P_SHUTDOWN_DOM0,
    P_SYSCTL_BAD_VERSION,
    P_NR
};

struct iso_params {
    domid_t self, victim;
    unsigned int image_pages;
    uint64_t shared_info_mfn;
    uint64_t dom0_mfn, dom0_l4_mfn, dom0_pte_maddr;
    uint64_t victim_mfn, victim_l1_mfn, victim_pte_maddr;
    evtchn_port_t dom0_port_for_victim, dom0_port_offered;
    evtchn_port_t victim_port_for_dom0, dom0_port_bound;
    grant_ref_t dom0_ref_for_victim, victim_ref;
};

#define ISO_STAGE_PROBES 1
#define ISO_STAGE_STORM  2
#define ISO_STAGE_SPIN   3

struct iso_results {
    volatile uint32_t stage;
    uint32_t pad;
    int64_t rc[P_NR];
    int64_t domctl_rc[ISO_NR_DOMCTL + 4];
    int64_t self_domctl_rc[ISO_NR_DOMCTL + 4];
    int64_t sysctl_rc[ISO_NR_SYSCTL];
    volatile uint64_t storm_calls;
    volatile uint64_t spins;
};

extern struct iso_params iso_params;
extern struct iso_results iso_results;
extern xen_pfn_t iso_frames[ISO_MAX_FRAMES];
extern char hostile_stack[GUEST_STACK_SIZE];
void hostile_entry(void);

static inline unsigned int domctl_cmd_of(unsigned int i)
{
    return i < ISO_NR_DOMCTL ? i : 1000 + (i - ISO_NR_DOMCTL);
}

#endif
