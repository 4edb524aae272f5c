/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The credit scheduler's parameters: per domain (weight, cap: domctl
 * scheduler_op) and per cpupool (time slice, rate limit, migration delay:
 * sysctl scheduler_op), with Xen 4.17's ranges and messages.
 */
#include "ops_private.h"
#include "public/sysctl.h"
#include "xctl_sched.h"

/* The scheduler of the domain's cpupool; negative ERROR_* on failure. */
static int domain_scheduler(libxl__gc *gc, uint32_t domid)
{
    struct xen_domctl_getdomaininfo d;
    libxl_cpupoolinfo pool;
    int rc;

    rc = libxl__ops_getinfo(gc, domid, &d);
    if (rc == ERROR_DOMAIN_NOTFOUND)
        LOGD(ERROR, domid, "non-existent domain");
    if (rc)
        return rc;
    libxl_cpupoolinfo_init(&pool);
    rc = libxl_cpupool_info(CTX, &pool, d.cpupool);
    if (!rc)
        rc = (int)pool.sched;
    libxl_cpupoolinfo_dispose(&pool);
    return rc;
}

int libxl_domain_sched_params_get(libxl_ctx *ctx, uint32_t domid,
                                  libxl_domain_sched_params *p)
{
    struct xen_domctl_sched_credit c;
    struct xctl *xc = libxl__xc(ctx);
    int sched, r, rc = ERROR_FAIL;
    GC_INIT(ctx);

    libxl_domain_sched_params_init(p);
    sched = domain_scheduler(gc, domid);
    if (sched < 0) {
        rc = sched;
        goto out;
    }
    p->sched = (libxl_scheduler)sched;
    if (sched != LIBXL_SCHEDULER_CREDIT) {
        LOGD(ERROR, domid,
             "the domain's scheduler (%s) has no parameters "
             "libxl can read",
             libxl_scheduler_to_string(p->sched));
        rc = ERROR_INVAL;
        goto out;
    }
    r = xctl_sched_credit_domain_get(xc, domid, &c);
    if (r < 0) {
        LOGEVD(ERROR, -r, domid, "Getting domain sched credit");
        goto out;
    }
    p->weight = c.weight;
    p->cap = c.cap;
    rc = 0;
out:
    GC_FREE;
    return rc;
}

static int credit_set(libxl__gc *gc, uint32_t domid,
                      const libxl_domain_sched_params *p)
{
    struct xen_domctl_getdomaininfo d;
    struct xen_domctl_sched_credit c;
    struct xctl *xc = libxl__xc(CTX);
    int r, maxcap;

    if (libxl__ops_getinfo(gc, domid, &d))
        return ERROR_FAIL;
    r = xctl_sched_credit_domain_get(xc, domid, &c);
    if (r < 0) {
        LOGEVD(ERROR, -r, domid, "Getting domain sched credit");
        return ERROR_FAIL;
    }
    if (p->weight != LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT) {
        if (p->weight < 1 || p->weight > 65535) {
            LOGD(ERROR, domid,
                 "Cpu weight out of range, valid values are "
                 "within range from 1 to 65535");
            return ERROR_INVAL;
        }
        c.weight = (uint16_t)p->weight;
    }
    maxcap = (int)(d.max_vcpu_id + 1) * 100;
    if (p->cap != LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT) {
        if (p->cap < 0 || p->cap > maxcap) {
            LOGD(ERROR, domid,
                 "Cpu cap out of range, valid range is from 0 "
                 "to %d for specified number of vcpus",
                 maxcap);
            return ERROR_INVAL;
        }
        c.cap = (uint16_t)p->cap;
    }
    r = xctl_sched_credit_domain_set(xc, domid, &c);
    if (r < 0) {
        LOGEVD(ERROR, -r, domid, "Setting domain sched credit");
        return ERROR_FAIL;
    }
    return 0;
}

int libxl_domain_sched_params_set(libxl_ctx *ctx, uint32_t domid,
                                  const libxl_domain_sched_params *p)
{
    int sched, rc;
    GC_INIT(ctx);

    sched = p->sched != LIBXL_SCHEDULER_UNKNOWN ? (int)p->sched
                                                : domain_scheduler(gc, domid);
    if (sched < 0) {
        rc = sched;
    } else if (sched == LIBXL_SCHEDULER_CREDIT) {
        rc = credit_set(gc, domid, p);
    } else {
        LOGD(ERROR, domid,
             "setting parameters of the %s scheduler is not "
             "supported",
             libxl_scheduler_to_string((libxl_scheduler)sched));
        rc = ERROR_INVAL;
    }
    GC_FREE;
    return rc;
}

int libxl_sched_credit_params_get(libxl_ctx *ctx, uint32_t poolid,
                                  libxl_sched_credit_params *p)
{
    struct xen_sysctl_credit_schedule s;
    struct xctl *xc = libxl__xc(ctx);
    int r;
    GC_INIT(ctx);

    if (!xc) {
        GC_FREE;
        return ERROR_FAIL;
    }
    r = xctl_sched_credit_params_get(xc, poolid, &s);
    if (r < 0) {
        LOGEV(ERROR, -r,
              "getting the credit scheduler's parameters of "
              "cpupool %u",
              poolid);
        GC_FREE;
        return ERROR_FAIL;
    }
    p->tslice_ms = (int)s.tslice_ms;
    p->ratelimit_us = (int)s.ratelimit_us;
    p->vcpu_migr_delay_us = (int)s.vcpu_migr_delay_us;
    GC_FREE;
    return 0;
}

/* Xen's ranges; 0 or ERROR_INVAL with one line saying which. */
int libxl__sched_credit_params_check(libxl__gc *gc,
                                     const libxl_sched_credit_params *p,
                                     const char *who)
{
    if (!who)
        who = "";
    if (p->tslice_ms < XEN_SYSCTL_CSCHED_TSLICE_MIN ||
        p->tslice_ms > XEN_SYSCTL_CSCHED_TSLICE_MAX) {
        LOG(ERROR, "%sTime slice out of range, valid range is from %d to %d",
            who, XEN_SYSCTL_CSCHED_TSLICE_MIN, XEN_SYSCTL_CSCHED_TSLICE_MAX);
        return ERROR_INVAL;
    }
    if (p->ratelimit_us != 0 &&
        (p->ratelimit_us < XEN_SYSCTL_SCHED_RATELIMIT_MIN ||
         p->ratelimit_us > XEN_SYSCTL_SCHED_RATELIMIT_MAX)) {
        LOG(ERROR,
            "%sRatelimit out of range, valid range is from %d to %d "
            "(or 0 for none)",
            who, XEN_SYSCTL_SCHED_RATELIMIT_MIN,
            XEN_SYSCTL_SCHED_RATELIMIT_MAX);
        return ERROR_INVAL;
    }
    if ((long)p->ratelimit_us > (long)p->tslice_ms * 1000) {
        LOG(ERROR, "%sRatelimit cannot be greater than timeslice", who);
        return ERROR_INVAL;
    }
    if (p->vcpu_migr_delay_us < 0 ||
        p->vcpu_migr_delay_us > XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US) {
        LOG(ERROR, "%svcpu migration delay should be >= 0 and <= %dus", who,
            XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US);
        return ERROR_INVAL;
    }
    return 0;
}

int libxl_sched_credit_params_set(libxl_ctx *ctx, uint32_t poolid,
                                  libxl_sched_credit_params *p)
{
    struct xen_sysctl_credit_schedule s;
    struct xctl *xc;
    int r, rc;
    GC_INIT(ctx);

    rc = libxl__sched_credit_params_check(gc, p, NULL);
    if (rc)
        goto out;
    xc = libxl__xc(ctx);
    if (!xc) {
        rc = ERROR_FAIL;
        goto out;
    }
    s.tslice_ms = (uint32_t)p->tslice_ms;
    s.ratelimit_us = (uint32_t)p->ratelimit_us;
    s.vcpu_migr_delay_us = (uint32_t)p->vcpu_migr_delay_us;
    r = xctl_sched_credit_params_set(xc, poolid, &s);
    if (r < 0) {
        LOGEV(ERROR, -r, "Setting Credit scheduler parameters");
        rc = ERROR_FAIL;
        goto out;
    }
    p->tslice_ms = (int)s.tslice_ms;
    p->ratelimit_us = (int)s.ratelimit_us;
    p->vcpu_migr_delay_us = (int)s.vcpu_migr_delay_us;
out:
    GC_FREE;
    return rc;
}
