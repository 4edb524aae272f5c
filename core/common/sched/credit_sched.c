/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Credit scheduler: choosing what a pCPU runs (do_schedule with rate
 * limiting and work stealing), placing units (pick_cpu) and waking pCPUs
 * for new work (tickle).  The locking rules are in credit.h.
 */
#include <xenith/lib.h>

#include "credit.h"

static int curr_pri(unsigned int cpu)
{
    struct sched_unit *cur = sched_curr(cpu);

    return cur ? csched_unit(cur)->pri : CSCHED_PRI_IDLE;
}

/* Placement for a unit whose pCPU is not (or no longer) one of ours:
 * the next pool pCPU after it that its affinity allows. */
static unsigned int cpu_pick_foreign(struct scheduler *s, struct sched_unit *u)
{
    const unsigned long *valid = s->pool->cpu_valid;
    unsigned int c = u->processor, n;

    for (n = sched_mask_weight(valid); n > 0; n--) {
        c = sched_mask_cycle(valid, c);
        if (sched_mask_test(u->hard_affinity, c))
            return c;
    }
    return sched_mask_first(valid);
}

/*
 * Where should u run?  Among the pool's pCPUs in u's hard affinity:
 * its current pCPU if that is idle (or only runs u), else an idle one,
 * else its current pCPU if allowed, else the next allowed one.
 * Called with the run-queue lock of u->processor held (whose scratch
 * mask is used).
 */
unsigned int csched_cpu_pick(struct scheduler *s, struct sched_unit *u)
{
    struct csched_private *prv = csched_priv(s);
    struct sched_res *res = sched_res(u->processor);
    unsigned int cpu = u->processor, idle;
    struct csched_pcpu *spc;
    unsigned long *cpus;

    if (res->pool != s->pool || res->leaving || !res->sched_priv)
        return cpu_pick_foreign(s, u);
    spc = res->sched_priv;
    cpus = spc->scratch;
    sched_mask_and(cpus, s->pool->cpu_valid, u->hard_affinity);
    if (!sched_mask_test(cpus, cpu))
        cpu = sched_mask_cycle(cpus, cpu);
    if (cpu >= sched_nr_cpu_ids)
        return sched_mask_first(s->pool->cpu_valid);

    /* Is u's current pCPU idle, or running only u? */
    if (cpu == u->processor &&
        (sched_mask_test(prv->idlers, cpu) ||
         (sched_curr(cpu) == u && sched_list_empty(&spc->runq))))
        return cpu;
    sched_mask_and(cpus, cpus, prv->idlers);
    idle = sched_mask_test(cpus, cpu) ? cpu : sched_mask_cycle(cpus, cpu);
    return idle < sched_nr_cpu_ids ? idle : cpu;
}

/* pick_cpu operation: used when a unit migrates, so its next wake is a
 * migration, not a wake-up, and earns no boost. */
unsigned int csched_pick_cpu(struct scheduler *s, struct sched_unit *u)
{
    csched_flag_set(csched_unit(u), CSCHED_FLAG_MIGRATING);
    return csched_cpu_pick(s, u);
}

static void tickle_cpu(struct csched_private *prv, unsigned int cpu)
{
    sched_mask_clear_atomic(prv->idlers, cpu);
    sched_kick(cpu);
}

/*
 * svc was just queued on its pCPU.  If that pCPU idles, or nothing idles
 * and svc outranks what runs there, reschedule it.  Otherwise wake an
 * idle pCPU svc may run on (it will steal svc), or, if there is none and
 * svc outranks the current unit, reschedule svc's pCPU.
 */
void csched_tickle(struct scheduler *s, struct csched_unit *svc)
{
    struct csched_private *prv = csched_priv(s);
    unsigned int cpu = svc->unit->processor, target;
    unsigned long *idle = csched_pcpu(cpu)->scratch;
    int cur = curr_pri(cpu);

    sched_mask_and(idle, prv->idlers, s->pool->cpu_valid);
    if (cur == CSCHED_PRI_IDLE || (sched_mask_empty(idle) && svc->pri > cur)) {
        tickle_cpu(prv, cpu);
        return;
    }
    if (sched_mask_empty(idle))
        return;
    sched_mask_and(idle, idle, svc->unit->hard_affinity);
    if (sched_mask_empty(idle)) {
        if (svc->pri > cur)
            tickle_cpu(prv, cpu);
        return;
    }
    target = sched_mask_cycle(idle, prv->last_tickle);
    prv->last_tickle = target;
    tickle_cpu(prv, target);
}

/* Take the first unit of peer's queue that outranks pri and may run on
 * cpu (peer's run-queue lock held). */
static struct csched_unit *runq_steal(struct csched_private *prv,
                                      unsigned int peer, unsigned int cpu,
                                      int pri, s_time_t now)
{
    struct sched_list *pos;

    if (!sched_curr(peer))
        return NULL; /* An idle peer is about to run its own queue. */
    sched_list_for_each(pos, &csched_pcpu(peer)->runq)
    {
        struct csched_unit *speer =
            sched_list_entry(pos, struct csched_unit, runq_elem);
        struct sched_unit *u = speer->unit;

        if (speer->pri <= pri)
            break;
        if (u->is_running || !sched_mask_test(u->hard_affinity, cpu))
            continue;
        if (prv->migr_delay && now - speer->last_sched_time < prv->migr_delay)
            continue; /* Still cache-hot where it is. */
        csched_runq_remove(speer);
        u->processor = cpu;
        csched_pcpu(cpu)->nr_runnable++;
        return speer;
    }
    return NULL;
}

/*
 * Look for work that outranks pri on the busy pCPUs of the pool, starting
 * after the last pCPU stolen from.  Peers' locks are only tried, never
 * waited for, so two pCPUs balancing towards each other cannot deadlock.
 */
static struct csched_unit *load_balance(struct scheduler *s, unsigned int cpu,
                                        int pri, s_time_t now)
{
    struct csched_private *prv = csched_priv(s);
    unsigned long *workers = csched_pcpu(cpu)->scratch;
    unsigned int first, peer;

    if (!sched_mask_test(s->pool->cpu_valid, cpu))
        return NULL; /* Leaving the pool: take no new work. */
    sched_mask_andnot(workers, s->pool->cpu_valid, prv->idlers);
    sched_mask_clear(workers, cpu);
    first = sched_mask_cycle(workers, prv->balance_bias);
    if (first >= sched_nr_cpu_ids)
        return NULL;
    peer = first;
    do {
        struct sched_res *pres = sched_res(peer);
        struct csched_unit *got = NULL;

        if (csched_pcpu(peer)->nr_runnable > 1 && sched_res_trylock(pres)) {
            if (pres->pool == s->pool)
                got = runq_steal(prv, peer, cpu, pri, now);
            sched_res_unlock(pres);
        }
        if (got) {
            prv->balance_bias = peer;
            return got;
        }
        peer = sched_mask_cycle(workers, peer);
    } while (peer != first);
    return NULL;
}

/* Start or stop cpu's accounting tick as it leaves or enters idle. */
static void update_ticker(struct csched_private *prv, struct csched_pcpu *spc,
                          bool busy, s_time_t now)
{
    if (busy && !spc->ticking) {
        spc->ticking = true;
        spc->next_tick = now + prv->tick_period - now % prv->tick_period;
    } else if (!busy) {
        spc->ticking = false;
    }
}

/*
 * do_schedule (cpu's run-queue lock held).  The current unit keeps the
 * pCPU if it is runnable, did not yield and has run less than the rate
 * limit.  Otherwise it is queued again and the head of the queue runs;
 * when that head is OVER (or the queue is empty) better work is stolen
 * from a peer if there is any.
 */
void csched_schedule(struct scheduler *s, unsigned int cpu, s_time_t now,
                     struct sched_decision *out)
{
    struct csched_private *prv = csched_priv(s);
    struct csched_pcpu *spc = csched_pcpu(cpu);
    struct sched_unit *curr = sched_curr(cpu);
    struct csched_unit *scurr = curr ? csched_unit(curr) : NULL, *snext;
    s_time_t runtime = curr ? now - curr->state_entry_time : 0;

    out->migrated = false;
    if (curr) {
        csched_burn_credits(scurr, now);
        scurr->last_sched_time = now;
        if (prv->ratelimit && sched_unit_runnable(curr) &&
            !csched_flag_test(scurr, CSCHED_FLAG_YIELD) &&
            runtime < prv->ratelimit) {
            out->next = curr;
            out->slice = MAX(prv->ratelimit - runtime, CSCHED_MIN_TIMER);
            return;
        }
        if (sched_unit_runnable(curr))
            csched_runq_requeue(scurr);
        else
            spc->nr_runnable--;
        csched_flag_test_and_clear(scurr, CSCHED_FLAG_YIELD);
    }

    snext =
        sched_list_empty(&spc->runq)
            ? NULL
            : sched_list_entry(spc->runq.next, struct csched_unit, runq_elem);
    if (snext && snext->pri > CSCHED_PRI_OVER) {
        sched_list_del(&snext->runq_elem);
    } else {
        struct csched_unit *stolen =
            load_balance(s, cpu, snext ? snext->pri : CSCHED_PRI_IDLE, now);

        if (stolen) {
            snext = stolen;
            out->migrated = true;
        } else if (snext) {
            sched_list_del(&snext->runq_elem);
        }
    }

    if (snext)
        sched_mask_clear_atomic(prv->idlers, cpu);
    else
        sched_mask_set_atomic(prv->idlers, cpu);
    update_ticker(prv, spc, snext != NULL, now);
    if (snext)
        snext->start_time = now;
    out->next = snext ? snext->unit : NULL;
    out->slice = snext ? prv->tslice : -1;
}
