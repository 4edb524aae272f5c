/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical IRQs of the hardware domain (arch/x86/pv/pirq.c): GSIs mapped
 * to PIRQs and routed to event channels.  Return convention: 0 or a
 * negative Xen errno.
 */
#ifndef XENITH_PV_PIRQ_H
#define XENITH_PV_PIRQ_H

#include <xenith/types.h>

struct domain;

/* The GSI the hypervisor drives itself (its serial port). */
bool pv_pirq_is_hypervisor_gsi(unsigned int gsi);
/* PHYSDEVOP_setup_gsi: -EINVAL no such GSI, -EEXIST the hypervisor's. */
int pv_pirq_setup_gsi(unsigned int gsi, bool level, bool active_low);
/* PHYSDEVOP_map_pirq of a GSI: *pirq (in: -1 or the GSI) out: the GSI. */
int pv_pirq_map_gsi(struct domain *d, int gsi, int *pirq);
/* PHYSDEVOP_unmap_pirq: -EINVAL when not mapped. */
int pv_pirq_unmap(struct domain *d, int pirq);
/* Before/after EVTCHNOP_bind_pirq. */
int pv_pirq_check_bind(struct domain *d, unsigned int pirq);
void pv_pirq_bound(struct domain *d, unsigned int pirq);
/* PHYSDEVOP_eoi and irq_status_query (-EINVAL out of range). */
int pv_pirq_eoi(struct domain *d, unsigned int pirq);
int pv_pirq_status(struct domain *d, unsigned int pirq, uint32_t *flags);
/* PHYSDEVOP_get_free_pirq for an MSI. */
int pv_pirq_free_msi(struct domain *d, uint32_t *pirq);

/*
 * MSI / MSI-X PIRQs (arch/x86/pv/msi.c), numbered from MSI_PIRQ_BASE.
 * pv_msi_map(): map entry_nr of sbdf's MSI-X table (msix), or one MSI
 * (nr_out NULL), or entry_nr MSI vectors (MULTI_MSI: *nr_out gets the
 * count); *pirq in: -1 or the PIRQ wanted, out: the (first) PIRQ.
 * -ENODEV no such function or capability, -EINVAL bad entry or count,
 * -EEXIST PIRQ in use, -ENOSPC no PIRQ/vector, -ENXIO table BAR unset.
 */
#define MSI_PIRQ_BASE 96
bool pv_msi_is_pirq(unsigned int pirq);
bool pv_msi_mapped(unsigned int pirq);
int pv_msi_map(struct domain *d, bool msix, uint32_t sbdf, int entry_nr,
               int *pirq, int *nr_out);
int pv_msi_unmap(struct domain *d, unsigned int pirq);
int pv_msi_free_pirq(struct domain *d, uint32_t *pirq);
void pv_msi_bound(unsigned int pirq);
void pv_msi_set_cpu(unsigned int pirq, unsigned int cpu);

#endif /* XENITH_PV_PIRQ_H */
