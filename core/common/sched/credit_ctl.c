/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credit scheduler control: instance set-up, pCPUs joining and leaving,
 * the domctl/sysctl parameters (weight, cap, tslice, rate limit) and the
 * console dump.  The locking rules are in credit.h.
 */
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/param.h>

#include "credit.h"

/* Boot option: accounting period / time slice in milliseconds. */
static unsigned int sched_credit_tslice_ms = CSCHED_DEFAULT_TSLICE_MS;
integer_param("sched_credit_tslice_ms", sched_credit_tslice_ms);
/* The Xen 4.2 release notes call the same option tslice_ms. */
integer_param("tslice_ms", sched_credit_tslice_ms);

/* Boot options out of range fall back to defaults, as in Xen. */
static void check_boot_params(void)
{
    if (sched_credit_tslice_ms < XEN_SYSCTL_CSCHED_TSLICE_MIN ||
        sched_credit_tslice_ms > XEN_SYSCTL_CSCHED_TSLICE_MAX) {
        printk(XENLOG_WARNING "sched_credit_tslice_ms %u outside [%d,%d], "
                              "using %d\n",
               sched_credit_tslice_ms, XEN_SYSCTL_CSCHED_TSLICE_MIN,
               XEN_SYSCTL_CSCHED_TSLICE_MAX, CSCHED_DEFAULT_TSLICE_MS);
        sched_credit_tslice_ms = CSCHED_DEFAULT_TSLICE_MS;
    }
    if (sched_ratelimit_us &&
        (sched_ratelimit_us < XEN_SYSCTL_SCHED_RATELIMIT_MIN ||
         sched_ratelimit_us > XEN_SYSCTL_SCHED_RATELIMIT_MAX)) {
        printk(XENLOG_WARNING "sched_ratelimit_us %u outside [%d,%d], "
                              "using %d\n",
               sched_ratelimit_us, XEN_SYSCTL_SCHED_RATELIMIT_MIN,
               XEN_SYSCTL_SCHED_RATELIMIT_MAX, SCHED_DEFAULT_RATELIMIT_US);
        sched_ratelimit_us = SCHED_DEFAULT_RATELIMIT_US;
    }
}

int csched_init(struct scheduler *s)
{
    struct csched_private *prv = sched_zalloc(sizeof(*prv));

    if (!prv)
        return -ENOMEM;
    prv->idlers = sched_mask_alloc();
    prv->cpus = sched_mask_alloc();
    if (!prv->idlers || !prv->cpus) {
        sched_mask_free(prv->idlers);
        sched_mask_free(prv->cpus);
        sched_free(prv);
        return -ENOMEM;
    }
    check_boot_params();
    spin_lock_init(&prv->lock);
    sched_list_init(&prv->active_sdom);
    prv->master = ~0U;
    csched_set_tslice(prv, sched_credit_tslice_ms);
    /* A rate limit longer than the slice would be meaningless. */
    prv->ratelimit = MIN(SCHED_MICROSECS(sched_ratelimit_us), prv->tslice);
    s->priv = prv;
    return 0;
}

void csched_deinit(struct scheduler *s)
{
    struct csched_private *prv = csched_priv(s);

    if (!prv)
        return;
    sched_mask_free(prv->idlers);
    sched_mask_free(prv->cpus);
    sched_free(prv);
    s->priv = NULL;
}

void *csched_alloc_pdata(struct scheduler *s, unsigned int cpu)
{
    struct csched_pcpu *spc = sched_zalloc(sizeof(*spc));

    if (!spc)
        return NULL;
    spc->scratch = sched_mask_alloc();
    if (!spc->scratch) {
        sched_free(spc);
        return NULL;
    }
    sched_list_init(&spc->runq);
    return spc;
}

void csched_free_pdata(struct scheduler *s, void *pdata)
{
    struct csched_pcpu *spc = pdata;

    if (!spc)
        return;
    sched_mask_free(spc->scratch);
    sched_free(spc);
}

/* cpu joins this instance, idle.  The first pCPU becomes the master. */
void csched_add_pcpu(struct scheduler *s, void *pdata, unsigned int cpu,
                     s_time_t now)
{
    struct csched_private *prv = csched_priv(s);
    struct csched_pcpu *spc = pdata;

    csched_lock(prv);
    prv->ncpus++;
    prv->credit += prv->credits_per_tslice;
    sched_mask_set(prv->cpus, cpu);
    if (prv->ncpus == 1) {
        prv->master = cpu;
        prv->next_acct = now + prv->tslice;
    }
    spc->runq_sort_last = prv->runq_sort;
    spc->ticking = false;
    sched_mask_set_atomic(prv->idlers, cpu);
    csched_unlock(prv);
}

/* cpu leaves (it runs and queues nothing of ours any more). */
void csched_remove_pcpu(struct scheduler *s, void *pdata, unsigned int cpu)
{
    struct csched_private *prv = csched_priv(s);

    csched_lock(prv);
    prv->ncpus--;
    prv->credit -= prv->credits_per_tslice;
    sched_mask_clear(prv->cpus, cpu);
    sched_mask_clear_atomic(prv->idlers, cpu);
    if (prv->master == cpu) {
        unsigned int next = sched_mask_first(prv->cpus);

        prv->master = next < sched_nr_cpu_ids ? next : ~0U;
    }
    csched_unlock(prv);
}

/*
 * XEN_DOMCTL_SCHEDOP_{get,put}info for the credit scheduler.  putinfo
 * leaves the weight alone when it is 0 and the cap alone when it is
 * 0xffff; the per-vCPU commands are not supported (-EINVAL), as in Xen.
 */
int csched_adjust(struct scheduler *s, struct sched_dom *d,
                  struct xen_domctl_scheduler_op *op)
{
    struct csched_private *prv = csched_priv(s);
    struct csched_dom *sdom = d->priv;
    int rc = 0;

    csched_lock(prv);
    switch (op->cmd) {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        op->u.credit.weight = d->weight;
        op->u.credit.cap = d->cap;
        break;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        if (op->u.credit.weight != 0) {
            if (!sched_list_empty(&sdom->active_sdom_elem)) {
                prv->weight -= d->weight * sdom->active_unit_count;
                prv->weight += op->u.credit.weight * sdom->active_unit_count;
            }
            d->weight = op->u.credit.weight;
        }
        if (op->u.credit.cap != 0xffff)
            d->cap = op->u.credit.cap;
        break;
    default:
        rc = -EINVAL;
        break;
    }
    csched_unlock(prv);
    return rc;
}

/*
 * XEN_SYSCTL_SCHEDOP_{get,put}info: pool-wide tslice_ms, ratelimit_us
 * and vcpu_migr_delay_us.  putinfo rejects with -EINVAL a tslice outside
 * [1,1000] ms, a non-zero rate limit outside [100,500000] us, a rate
 * limit longer than the slice and a migration delay above 100 ms; then
 * both commands report the values in force.
 */
int csched_adjust_global(struct scheduler *s,
                         struct xen_sysctl_scheduler_op *op)
{
    struct xen_sysctl_credit_schedule *p = &op->u.sched_credit;
    struct csched_private *prv = csched_priv(s);

    if (op->cmd == XEN_SYSCTL_SCHEDOP_putinfo) {
        if (p->tslice_ms < XEN_SYSCTL_CSCHED_TSLICE_MIN ||
            p->tslice_ms > XEN_SYSCTL_CSCHED_TSLICE_MAX ||
            (p->ratelimit_us &&
             (p->ratelimit_us < XEN_SYSCTL_SCHED_RATELIMIT_MIN ||
              p->ratelimit_us > XEN_SYSCTL_SCHED_RATELIMIT_MAX)) ||
            SCHED_MICROSECS(p->ratelimit_us) > SCHED_MILLISECS(p->tslice_ms) ||
            p->vcpu_migr_delay_us > XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US)
            return -EINVAL;
        csched_lock(prv);
        csched_set_tslice(prv, p->tslice_ms);
        prv->ratelimit = SCHED_MICROSECS(p->ratelimit_us);
        prv->migr_delay = SCHED_MICROSECS(p->vcpu_migr_delay_us);
        csched_unlock(prv);
    } else if (op->cmd != XEN_SYSCTL_SCHEDOP_getinfo) {
        return -EINVAL;
    }
    p->tslice_ms = (uint32_t)(prv->tslice / SCHED_MILLISECS(1));
    p->ratelimit_us = (uint32_t)(prv->ratelimit / SCHED_MICROSECS(1));
    p->vcpu_migr_delay_us = (uint32_t)(prv->migr_delay / SCHED_MICROSECS(1));
    return 0;
}

void csched_dump(struct scheduler *s)
{
    struct csched_private *prv = csched_priv(s);

    csched_lock(prv);
    printk("credit: ncpus=%u master=%u credit=%u balance=%d weight=%u "
           "tslice=%ums ratelimit=%uus credits/tslice=%u ticks/tslice=%u\n",
           prv->ncpus, prv->master, prv->credit, prv->credit_balance,
           prv->weight, (unsigned int)(prv->tslice / SCHED_MILLISECS(1)),
           (unsigned int)(prv->ratelimit / SCHED_MICROSECS(1)),
           prv->credits_per_tslice, prv->ticks_per_tslice);
    csched_unlock(prv);
}

static void dump_unit(const char *what, struct csched_unit *svc)
{
    printk("  %s d%uv%u pri=%d flags=%lx credit=%d [w=%u,cap=%u]\n", what,
           svc->unit->sdom->domid, svc->unit->unit_id, svc->pri, svc->flags,
           csched_credit_read(svc), svc->unit->sdom->weight,
           svc->unit->sdom->cap);
}

void csched_dump_cpu(struct scheduler *s, unsigned int cpu)
{
    struct csched_private *prv = csched_priv(s);
    struct sched_res *res = sched_res(cpu);
    struct csched_pcpu *spc;
    struct sched_list *pos;

    csched_lock(prv);
    sched_res_lock(res);
    spc = res->sched_priv;
    printk(" CPU%u nr_runnable=%u sort=%u\n", cpu, spc->nr_runnable,
           spc->runq_sort_last);
    if (res->curr)
        dump_unit("run", csched_unit(res->curr));
    sched_list_for_each(pos, &spc->runq)
    {
        dump_unit("queued",
                  sched_list_entry(pos, struct csched_unit, runq_elem));
    }
    sched_res_unlock(res);
    csched_unlock(prv);
}
