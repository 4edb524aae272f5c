/* SPDX-License-Identifier: GPL-2.0-only */
/* Log-dirty mode of PV domains (pv/logdirty.c). */
#ifndef XENITH_PV_LOGDIRTY_H
#define XENITH_PV_LOGDIRTY_H

#include <xenith/types.h>

struct domain;
struct page_info;
struct xen_domctl_shadow_op;

/* The first type reference to pg was taken (page_type.c, via the arch
 * hook): remember the frame if its owner is in log-dirty mode. */
void pv_logdirty_type_taken(struct page_info *pg);
/* n frames pg[0..n-1] were given to d. */
void pv_logdirty_frames_added(struct domain *d, struct page_info *pg,
                              unsigned long n);
/* 0, -EINVAL (already on) or -ENOMEM. */
int pv_logdirty_enable(struct domain *d);
/* Off (nothing if it was not on); also when d is destroyed. */
void pv_logdirty_disable(struct domain *d);
bool pv_logdirty_enabled(const struct domain *d);
/* XEN_DOMCTL_SHADOW_OP_CLEAN / PEEK with d paused. */
long pv_logdirty_op(struct domain *d, struct xen_domctl_shadow_op *sc);

#endif /* XENITH_PV_LOGDIRTY_H */
