/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The credit scheduler: a proportional-share scheduler for SMP hosts.
 *
 * Every domain has a weight (default 256) and an optional cap (percent of
 * one pCPU).  Every accounting period (the time slice, 30 ms by default)
 * the accounting master hands out credit to the units that have been
 * running, in proportion to their domains' weights; running burns 10
 * credits per millisecond.  A unit with credit left is UNDER, one without
 * is OVER; a unit waking from sleep is BOOSTed so I/O-bound work runs
 * promptly.  Each pCPU runs its own queue, highest priority first, and an
 * idle or OVER-only pCPU steals UNDER work from its peers.
 * docs/scheduler.md describes the algorithm in full.
 *
 * This file: the descriptor, per-domain and per-unit data, the run
 * queues and the unit events (insert, remove, sleep, wake, yield).
 * The locking rules are in credit.h.
 */
#include <public/domctl.h>
#include <xenith/errno.h>
#include <xenith/lib.h>

#include "credit.h"

/* Queue svc (already counted in nr_runnable) on its pCPU behind the units of
 * its priority or higher.  A yielding unit also goes behind the first unit of
 * lower priority. */
void csched_runq_requeue(struct csched_unit *svc)
{
    struct sched_list *runq = &csched_pcpu(svc->unit->processor)->runq;
    struct sched_list *pos;

    sched_list_for_each(pos, runq)
    {
        const struct csched_unit *it =
            sched_list_entry(pos, struct csched_unit, runq_elem);

        if (svc->pri > it->pri)
            break;
    }
    if (csched_flag_test(svc, CSCHED_FLAG_YIELD) && pos != runq)
        pos = pos->next;
    sched_list_add_tail(&svc->runq_elem, pos);
}

void csched_runq_insert(struct csched_unit *svc)
{
    csched_runq_requeue(svc);
    csched_pcpu(svc->unit->processor)->nr_runnable++;
}

void csched_runq_remove(struct csched_unit *svc)
{
    csched_pcpu(svc->unit->processor)->nr_runnable--;
    sched_list_del(&svc->runq_elem);
}

static void *csched_alloc_domdata(struct scheduler *s, struct sched_dom *d)
{
    struct csched_dom *sdom = sched_zalloc(sizeof(*sdom));

    if (!sdom)
        return NULL;
    sched_list_init(&sdom->active_units);
    sched_list_init(&sdom->active_sdom_elem);
    sdom->dom = d;
    return sdom;
}

static void csched_free_domdata(struct scheduler *s, void *ddata)
{
    sched_free(ddata);
}

static void *csched_alloc_udata(struct scheduler *s, struct sched_unit *u,
                                void *ddata)
{
    struct csched_unit *svc = sched_zalloc(sizeof(*svc));

    if (!svc)
        return NULL;
    sched_list_init(&svc->runq_elem);
    sched_list_init(&svc->active_elem);
    svc->sdom = ddata;
    svc->unit = u;
    svc->pri = CSCHED_PRI_UNDER;
    return svc;
}

static void csched_free_udata(struct scheduler *s, void *udata)
{
    sched_free(udata);
}

/* A new (or moved-in) unit: place it, and queue it if it is runnable. */
static void csched_insert_unit(struct scheduler *s, struct sched_unit *u)
{
    struct csched_unit *svc = csched_unit(u);
    spinlock_t *lock = sched_unit_lock(u);

    u->processor = csched_pick_cpu(s, u);
    csched_flag_test_and_clear(svc, CSCHED_FLAG_MIGRATING);
    sched_unit_unlock(lock);

    lock = sched_unit_lock(u);
    if (!csched_on_runq(svc) && sched_unit_runnable(u) && !u->is_running) {
        csched_runq_insert(svc);
        csched_tickle(s, svc);
    }
    sched_unit_unlock(lock);
}

/* The unit leaves this scheduler: it is neither queued nor running. */
static void csched_remove_unit(struct scheduler *s, struct sched_unit *u)
{
    struct csched_private *prv = csched_priv(s);
    struct csched_unit *svc = csched_unit(u);

    /* A unit parked by its cap is released; its new owner decides. */
    if (csched_flag_test_and_clear(svc, CSCHED_FLAG_PARKED)) {
        spinlock_t *lock = sched_unit_lock(u);

        u->pause_count--;
        sched_unit_unlock(lock);
    }
    csched_lock(prv);
    if (!sched_list_empty(&svc->active_elem))
        csched_acct_stop_locked(prv, svc);
    csched_unlock(prv);
}

/* The unit stopped being runnable: dequeue it, or make its pCPU
 * reschedule if it is the one running. */
static void csched_sleep(struct scheduler *s, struct sched_unit *u)
{
    struct csched_unit *svc = csched_unit(u);

    if (sched_curr(u->processor) == u)
        sched_kick(u->processor);
    else if (csched_on_runq(svc))
        csched_runq_remove(svc);
}

/*
 * The unit became runnable.  Unless it is only being migrated or was
 * parked by its cap, a unit that had credit left is BOOSTed: if it keeps
 * running it loses the boost at its next tick, if it sleeps again soon
 * (I/O) it keeps low wake-to-run latency.
 */
static void csched_wake(struct scheduler *s, struct sched_unit *u)
{
    struct csched_unit *svc = csched_unit(u);
    bool migrating;

    if (sched_curr(u->processor) == u || csched_on_runq(svc))
        return;
    migrating = csched_flag_test_and_clear(svc, CSCHED_FLAG_MIGRATING);
    if (!migrating && svc->pri == CSCHED_PRI_UNDER &&
        !csched_flag_test(svc, CSCHED_FLAG_PARKED))
        svc->pri = CSCHED_PRI_BOOST;
    csched_runq_insert(svc);
    csched_tickle(s, svc);
}

static void csched_yield(struct scheduler *s, struct sched_unit *u)
{
    csched_flag_set(csched_unit(u), CSCHED_FLAG_YIELD);
}

const struct sched_ops sched_credit_def = {
    .name = "SMP Credit Scheduler",
    .opt_name = "credit",
    .sched_id = XEN_SCHEDULER_CREDIT,
    .init = csched_init,
    .deinit = csched_deinit,
    .alloc_pdata = csched_alloc_pdata,
    .add_pcpu = csched_add_pcpu,
    .remove_pcpu = csched_remove_pcpu,
    .free_pdata = csched_free_pdata,
    .alloc_domdata = csched_alloc_domdata,
    .free_domdata = csched_free_domdata,
    .alloc_udata = csched_alloc_udata,
    .free_udata = csched_free_udata,
    .insert_unit = csched_insert_unit,
    .remove_unit = csched_remove_unit,
    .sleep = csched_sleep,
    .wake = csched_wake,
    .yield = csched_yield,
    .do_schedule = csched_schedule,
    .pick_cpu = csched_pick_cpu,
    .tick = csched_tick,
    .next_timer = csched_next_timer,
    .adjust = csched_adjust,
    .adjust_global = csched_adjust_global,
    .dump = csched_dump,
    .dump_cpu = csched_dump_cpu,
};
