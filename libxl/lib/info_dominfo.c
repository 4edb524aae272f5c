/* SPDX-License-Identifier: LGPL-2.1-only */
/* The hypervisor's domain records for the domain operations (see
 * ops_private.h). */
#include "ops_private.h"

int libxl__ops_getinfo(libxl__gc *gc, uint32_t domid,
                       struct xen_domctl_getdomaininfo *info)
{
    struct xctl *xc = libxl__xc(CTX);
    int r;

    if (!xc)
        return ERROR_FAIL;
    r = xctl_domain_getinfo(xc, domid, info);
    if (r == -ESRCH || (!r && info->domain != domid))
        return ERROR_DOMAIN_NOTFOUND;
    if (r < 0) {
        LOGEV(ERROR, -r, "getting information about domain %u", domid);
        return ERROR_FAIL;
    }
    return 0;
}

struct xen_domctl_getdomaininfo *libxl__ops_getinfolist(libxl__gc *gc,
                                                        unsigned *n)
{
    struct xctl *xc = libxl__xc(CTX);
    struct xen_domctl_getdomaininfo *infos = NULL;
    unsigned cap = 0;
    uint32_t next = 0;

    *n = 0;
    if (!xc)
        return NULL;
    for (;;) {
        int got;

        if (*n + 64 > cap) {
            cap += 256;
            infos = libxl__realloc(gc, infos, cap * sizeof(*infos));
        }
        got = xctl_domain_getinfolist(xc, next, 64, infos + *n);
        if (got < 0) {
            LOGEV(ERROR, -got, "listing the domains");
            return NULL;
        }
        *n += (unsigned)got;
        if (got < 64)
            return infos;
        next = infos[*n - 1].domain + 1u;
    }
}

void libxl__ops_info_to_dominfo(const struct xen_domctl_getdomaininfo *d,
                                libxl_dominfo *info)
{
    uint32_t f = d->flags;

    memcpy(info->uuid.uuid, d->handle, sizeof(info->uuid.uuid));
    info->domid = d->domain;
    info->ssidref = d->ssidref;
    info->ssid_label = NULL; /* no XSM policy labels */
    info->dying = !!(f & XEN_DOMINF_dying);
    info->shutdown = !!(f & XEN_DOMINF_shutdown);
    info->paused = !!(f & XEN_DOMINF_paused);
    info->blocked = !!(f & XEN_DOMINF_blocked);
    info->running = !!(f & XEN_DOMINF_running);
    info->never_stop = !!(f & XEN_DOMINF_xs_domain);
    info->shutdown_reason =
        info->shutdown
            ? (libxl_shutdown_reason)((f >> XEN_DOMINF_shutdownshift) &
                                      XEN_DOMINF_shutdownmask)
            : LIBXL_SHUTDOWN_REASON_UNKNOWN;
    info->outstanding_memkb = d->outstanding_pages * OPS_PAGE_KB;
    info->current_memkb = d->tot_pages * OPS_PAGE_KB;
    info->shared_memkb = d->shr_pages * OPS_PAGE_KB;
    info->paged_memkb = d->paged_pages * OPS_PAGE_KB;
    info->max_memkb = d->max_pages * OPS_PAGE_KB;
    info->cpu_time = d->cpu_time;
    info->vcpu_max_id = d->max_vcpu_id;
    info->vcpu_online = d->nr_online_vcpus;
    info->cpupool = d->cpupool;
    info->gpaddr_bits = d->gpaddr_bits;
    info->domain_type = (f & XEN_DOMINF_hvm_guest) ? LIBXL_DOMAIN_TYPE_HVM
                                                   : LIBXL_DOMAIN_TYPE_PV;
}
