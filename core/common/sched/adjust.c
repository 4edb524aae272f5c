/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scheduler parameters through the toolstack ABI: XEN_DOMCTL_scheduler_op
 * (per domain) and XEN_SYSCTL_scheduler_op (per pool), with the generic
 * checks Xen 4.17 makes before handing the operation to the scheduler.
 */
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xenith/cpupool.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/param.h>
#include <xenith/sched.h>

#include "private.h"

/* Context-switch rate limit in microseconds, 0 = off (boot option). */
unsigned int sched_ratelimit_us = SCHED_DEFAULT_RATELIMIT_US;
integer_param("sched_ratelimit_us", sched_ratelimit_us);

/*
 * XEN_DOMCTL_scheduler_op for d.  -EINVAL if op->sched_id is not the
 * scheduler of d's pool or the command is unknown; otherwise what the
 * scheduler returns.
 */
int sched_adjust(struct sched_dom *d, struct xen_domctl_scheduler_op *op)
{
    struct scheduler *s;
    int rc;

    spin_lock(&cpupool_lock);
    if (!d->pool) {
        rc = -EINVAL;
        goto out;
    }
    s = &d->pool->sched;
    rc = -EINVAL;
    if (op->sched_id != s->ops->sched_id)
        goto out;
    switch (op->cmd) {
    case XEN_DOMCTL_SCHEDOP_putinfo:
    case XEN_DOMCTL_SCHEDOP_getinfo:
    case XEN_DOMCTL_SCHEDOP_putvcpuinfo:
    case XEN_DOMCTL_SCHEDOP_getvcpuinfo:
        rc = s->ops->adjust ? s->ops->adjust(s, d, op) : -EINVAL;
        break;
    default:
        break;
    }
out:
    spin_unlock(&cpupool_lock);
    return rc;
}

/*
 * XEN_SYSCTL_scheduler_op.  -EINVAL for an unknown command or a sched_id
 * that is not the pool's, -ESRCH for an unknown pool.
 */
int sched_adjust_global(struct xen_sysctl_scheduler_op *op)
{
    struct cpupool *c;
    int rc;

    if (op->cmd != XEN_SYSCTL_SCHEDOP_putinfo &&
        op->cmd != XEN_SYSCTL_SCHEDOP_getinfo)
        return -EINVAL;

    spin_lock(&cpupool_lock);
    c = cpupool_find(op->cpupool_id);
    if (!c)
        rc = -ESRCH;
    else if (op->sched_id != c->sched.ops->sched_id)
        rc = -EINVAL;
    else if (!c->sched.ops->adjust_global)
        rc = -EINVAL;
    else
        rc = c->sched.ops->adjust_global(&c->sched, op);
    spin_unlock(&cpupool_lock);
    return rc;
}

unsigned int sched_default_id(void)
{
    return cpupool0 ? cpupool0->sched.ops->sched_id : 0;
}
