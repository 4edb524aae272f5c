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

#endif /* XENITH_PV_PIRQ_H */
