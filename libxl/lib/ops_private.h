/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internals shared by the domain operations and information files
 * (lib/domain_ops*.c, lib/info*.c, lib/sched*.c, lib/cpupool*.c).
 */
#ifndef LIBXL_OPS_PRIVATE_H
#define LIBXL_OPS_PRIVATE_H

#include "internal.h"
#include "xctl.h"

/* LOGED with an explicit errno value. */
#define LOGEVD(l, e, d, ...)                                               \
    libxl__log(CTX, LIBXL_LOG_##l, (e), __FILE__, __LINE__, __func__, (d), \
               __VA_ARGS__)

/* The hypervisor's page size as the toolstack sees it. */
#define OPS_PAGE_KB 4u

/* getdomaininfo for one domain: 0, ERROR_DOMAIN_NOTFOUND (the hypervisor
 * has no such domain; not logged) or ERROR_FAIL (logged). */
int libxl__ops_getinfo(libxl__gc *gc, uint32_t domid,
                       struct xen_domctl_getdomaininfo *info);
/* Every domain; *n gets the count.  NULL (logged) on failure. */
struct xen_domctl_getdomaininfo *libxl__ops_getinfolist(libxl__gc *gc,
                                                        unsigned *n);

/* Xen's libxl_dominfo from the hypervisor's record. */
void libxl__ops_info_to_dominfo(const struct xen_domctl_getdomaininfo *d,
                                libxl_dominfo *info);

/* Xen's ranges for a credit pool's parameters: 0 or ERROR_INVAL with one
 * line saying which, after who (NULL: nothing) (lib/sched.c). */
int libxl__sched_credit_params_check(libxl__gc *gc,
                                     const libxl_sched_credit_params *p,
                                     const char *who);

#endif
