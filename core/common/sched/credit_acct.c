/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credit scheduler accounting: burning credit while running, the
 * per-pCPU tick (every tslice / 3, 10 ms by default) and the accounting
 * period (every tslice, 30 ms by default) run by the master pCPU, which
 * hands out credit by weight, applies caps and recomputes priorities.
 * The locking rules are in credit.h.
 */
#include <xenith/lib.h>

#include "credit.h"

/* Charge svc for the time it ran since it last paid (its pCPU's run-queue
 * lock held): CSCHED_CREDITS_PER_MSEC per millisecond, remainders kept. */
void csched_burn_credits(struct csched_unit *svc, s_time_t now)
{
    s_time_t delta = now - svc->start_time;
    uint64_t val;

    if (delta <= 0)
        return;
    val = (uint64_t)delta * CSCHED_CREDITS_PER_MSEC + svc->residual;
    svc->residual = (unsigned int)(val % SCHED_MILLISECS(1));
    __atomic_fetch_sub(&svc->credit, (int)(val / SCHED_MILLISECS(1)),
                       __ATOMIC_SEQ_CST);
    svc->start_time = now;
}

/* svc starts earning credit: it and its domain join the active lists. */
static void acct_start_locked(struct csched_private *prv,
                              struct csched_unit *svc)
{
    struct csched_dom *sdom = svc->sdom;

    sched_list_add(&svc->active_elem, &sdom->active_units);
    sdom->active_unit_count++;
    prv->weight += sdom->dom->weight;
    if (sched_list_empty(&sdom->active_sdom_elem))
        sched_list_add(&sdom->active_sdom_elem, &prv->active_sdom);
}

void csched_acct_stop_locked(struct csched_private *prv,
                             struct csched_unit *svc)
{
    struct csched_dom *sdom = svc->sdom;

    sched_list_del(&svc->active_elem);
    sdom->active_unit_count--;
    prv->weight -= sdom->dom->weight;
    if (sched_list_empty(&sdom->active_units))
        sched_list_del(&sdom->active_sdom_elem);
}

/*
 * Tick work for the unit running on cpu: it loses a boost (it used real
 * CPU time), pays for its time and becomes active if it was not.  If
 * other work waits on cpu while a pCPU the unit may use idles, the unit
 * is marked to move there when cpu next deschedules it.
 */
static void unit_tick(struct scheduler *s, unsigned int cpu, s_time_t now)
{
    struct csched_private *prv = csched_priv(s);
    struct sched_res *res = sched_res(cpu);
    struct csched_unit *svc = NULL;

    csched_lock(prv);
    sched_res_lock(res);
    if (res->curr) {
        svc = csched_unit(res->curr);
        if (svc->pri == CSCHED_PRI_BOOST)
            svc->pri = CSCHED_PRI_UNDER;
        csched_burn_credits(svc, now);
    }
    sched_res_unlock(res);
    if (svc && sched_list_empty(&svc->active_elem))
        acct_start_locked(prv, svc);
    csched_unlock(prv);

    sched_res_lock(res);
    if (res->curr && !sched_list_empty(&csched_pcpu(cpu)->runq) &&
        csched_cpu_pick(s, res->curr) != cpu) {
        res->curr->migrate_pending = true;
        sched_kick(cpu);
    }
    sched_res_unlock(res);
}

/* After an accounting period, move UNDER (and BOOST) units ahead of OVER
 * ones in cpu's queue, keeping their order otherwise. */
static void runq_sort(struct csched_private *prv, unsigned int cpu)
{
    struct csched_pcpu *spc = csched_pcpu(cpu);
    struct sched_res *res = sched_res(cpu);
    struct sched_list *pos, *n, *last_under;

    if (spc->runq_sort_last == prv->runq_sort)
        return;
    sched_res_lock(res);
    spc->runq_sort_last = prv->runq_sort;
    last_under = &spc->runq;
    sched_list_for_each_safe(pos, n, &spc->runq)
    {
        struct csched_unit *svc =
            sched_list_entry(pos, struct csched_unit, runq_elem);

        if (svc->pri < CSCHED_PRI_UNDER)
            continue;
        if (pos->prev != last_under) {
            sched_list_del(pos);
            sched_list_add(pos, last_under);
        }
        last_under = pos;
    }
    sched_res_unlock(res);
}

static void set_pri(struct csched_unit *svc, int pri)
{
    spinlock_t *lock = sched_unit_lock(svc->unit);

    svc->pri = pri;
    sched_unit_unlock(lock);
}

/*
 * Give one unit its share fair and recompute its priority (private lock
 * held).  A unit below zero is OVER; if its domain is capped and it owes
 * more than one period's cap share it is parked (paused) until its
 * credit is positive again.  Debt is bounded by one period's credit.  A
 * unit that gathers more than a period's credit stops earning (it is not
 * using its share) and keeps half.  Returns the unit's new credit.
 */
static int acct_unit(struct csched_private *prv, struct csched_unit *svc,
                     unsigned int fair, unsigned int cap_credit, bool capped)
{
    int cpt = (int)prv->credits_per_tslice;
    int credit = __atomic_add_fetch(&svc->credit, (int)fair, __ATOMIC_SEQ_CST);

    if (credit < 0) {
        set_pri(svc, CSCHED_PRI_OVER);
        if (capped && credit < -(int)cap_credit &&
            !csched_flag_test_and_set(svc, CSCHED_FLAG_PARKED))
            sched_unit_pause_nosync(svc->unit);
        if (credit < -cpt) {
            credit = -cpt;
            __atomic_store_n(&svc->credit, credit, __ATOMIC_SEQ_CST);
        }
    } else {
        set_pri(svc, CSCHED_PRI_UNDER);
        /* Unpause before clearing the flag so the wake is no boost. */
        if (csched_flag_test(svc, CSCHED_FLAG_PARKED)) {
            sched_unit_unpause(svc->unit);
            csched_flag_test_and_clear(svc, CSCHED_FLAG_PARKED);
        }
        if (credit > cpt) {
            csched_acct_stop_locked(prv, svc);
            credit /= 2;
            __atomic_store_n(&svc->credit, credit, __ATOMIC_SEQ_CST);
        }
    }
    return credit;
}

/* Credit for one active domain this period, before splitting it among
 * its units; may raise *credit_total with what the domain cannot use. */
static uint64_t dom_share(struct csched_private *prv, struct csched_dom *sdom,
                          uint64_t *credit_total, uint64_t weight_total,
                          uint64_t weight_left, bool *xtra, bool *to_front)
{
    uint64_t n = sdom->active_unit_count, w = sdom->dom->weight;
    uint64_t peak = n * prv->credits_per_tslice, fair;

    /* While the system is in debt, domains may earn beyond one period. */
    if (prv->credit_balance < 0)
        peak += ((uint64_t)(-(int64_t)prv->credit_balance) * w * n +
                 weight_total - 1) /
                weight_total;
    if (sdom->dom->cap) {
        uint64_t cap =
            (sdom->dom->cap * (uint64_t)prv->credits_per_tslice + 99) / 100;

        peak = MIN(peak, cap);
    }
    fair = (*credit_total * w * n + weight_total - 1) / weight_total;
    *to_front = false;
    if (fair < peak) {
        *xtra = true;
        return fair;
    }
    /* The domain cannot use all of its share: offer the rest to the
     * domains still to be visited, and keep any with spare room at the
     * front for the next period. */
    if (weight_left)
        *credit_total +=
            ((fair - peak) * weight_total + weight_left - 1) / weight_left;
    *to_front = *xtra;
    return peak;
}

/* The accounting period (master pCPU). */
static void acct(struct csched_private *prv)
{
    struct sched_list *dpos, *dn, *upos, *un;
    uint64_t credit_total, weight_total, weight_left;
    bool xtra = false;
    int balance = 0;

    csched_lock(prv);
    weight_total = prv->weight;
    credit_total = prv->credit;
    if (prv->credit_balance < 0)
        credit_total += (uint64_t)(-(int64_t)prv->credit_balance);
    if (weight_total == 0) {
        prv->credit_balance = 0;
        csched_unlock(prv);
        return;
    }
    weight_left = weight_total;
    sched_list_for_each_safe(dpos, dn, &prv->active_sdom)
    {
        struct csched_dom *sdom =
            sched_list_entry(dpos, struct csched_dom, active_sdom_elem);
        unsigned int n = sdom->active_unit_count, fair, cap_credit = 0;
        bool front;

        weight_left -= (uint64_t)sdom->dom->weight * n;
        fair = (unsigned int)dom_share(prv, sdom, &credit_total, weight_total,
                                       weight_left, &xtra, &front);
        if (front) {
            sched_list_del(&sdom->active_sdom_elem);
            sched_list_add(&sdom->active_sdom_elem, &prv->active_sdom);
        }
        if (sdom->dom->cap)
            cap_credit =
                ((sdom->dom->cap * prv->credits_per_tslice + 99) / 100 + n -
                 1) /
                n;
        fair = (fair + n - 1) / n;
        sched_list_for_each_safe(upos, un, &sdom->active_units)
        {
            balance += acct_unit(
                prv, sched_list_entry(upos, struct csched_unit, active_elem),
                fair, cap_credit, sdom->dom->cap != 0);
        }
    }
    prv->credit_balance = balance;
    prv->runq_sort++;
    csched_unlock(prv);
}

s_time_t csched_next_timer(struct scheduler *s, unsigned int cpu)
{
    struct csched_private *prv = csched_priv(s);
    struct csched_pcpu *spc = csched_pcpu(cpu);
    s_time_t next = SCHED_TIME_NEVER;

    if (cpu == prv->master)
        next = prv->next_acct;
    if (spc && spc->ticking && spc->next_tick < next)
        next = spc->next_tick;
    return next;
}

/* Timer work due on cpu at now: the accounting period on the master, the
 * tick on a busy pCPU.  Missed periods are not replayed. */
s_time_t csched_tick(struct scheduler *s, unsigned int cpu, s_time_t now)
{
    struct csched_private *prv = csched_priv(s);
    struct csched_pcpu *spc = csched_pcpu(cpu);

    if (!spc)
        return SCHED_TIME_NEVER;
    if (cpu == prv->master && now >= prv->next_acct) {
        acct(prv);
        while (prv->next_acct <= now)
            prv->next_acct += prv->tslice;
    }
    if (spc->ticking && now >= spc->next_tick) {
        unit_tick(s, cpu, now);
        runq_sort(prv, cpu);
        while (spc->next_tick <= now)
            spc->next_tick += prv->tick_period;
    }
    return csched_next_timer(s, cpu);
}

/* Derive the period-dependent values from a time slice (private lock
 * held or instance not yet in use). */
void csched_set_tslice(struct csched_private *prv, unsigned int tslice_ms)
{
    prv->tslice = SCHED_MILLISECS(tslice_ms);
    prv->ticks_per_tslice =
        tslice_ms < CSCHED_TICKS_PER_TSLICE ? 1 : CSCHED_TICKS_PER_TSLICE;
    prv->tick_period =
        SCHED_MICROSECS(tslice_ms * 1000 / prv->ticks_per_tslice);
    prv->credits_per_tslice = CSCHED_CREDITS_PER_MSEC * tslice_ms;
    prv->credit = prv->credits_per_tslice * prv->ncpus;
}
