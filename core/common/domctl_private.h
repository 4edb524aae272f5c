/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domctl handlers of common code (the table is in domctl.c; the
 * architecture's handlers are declared in xenith/arch_domctl.h).
 */
#ifndef COMMON_DOMCTL_PRIVATE_H
#define COMMON_DOMCTL_PRIVATE_H

#include <public/domctl.h>

struct domain;

/* domctl_vcpu.c */
long domctl_getvcpuinfo(struct domain *d, struct xen_domctl *op);
long domctl_vcpuaffinity(struct domain *d, struct xen_domctl *op);

/* domctl_misc.c */
long domctl_nodeaffinity(struct domain *d, struct xen_domctl *op);
long domctl_setdomainhandle(struct domain *d, struct xen_domctl *op);
long domctl_set_virq_handler(struct domain *d, struct xen_domctl *op);

/* domctl.c: fill getdomaininfo's answer for d (also sysctl's list). */
void domctl_fill_info(struct domain *d, xen_domctl_getdomaininfo_t *info);

#endif
