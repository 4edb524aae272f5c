/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scheduler core: boot, the platform hooks, per-pCPU resources, and the
 * scheduler-independent part of scheduling (recording what runs where,
 * migrating units, calling the pool's scheduler).
 *
 * Locking: see xenith/sched.h for the order.  The functions here take a
 * unit's run-queue lock through sched_unit_lock(), which follows the unit
 * if it moves to another pCPU while the caller waits for the lock.
 */
#include <xenith/cpupool.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/param.h>
#include <xenith/sched.h>

#include "private.h"

struct sched_res **sched_res_table;
static struct sched_platform sched_plat;

/* "sched=" boot option: the scheduler of cpupool 0. */
static char opt_sched[16] = "credit";
string_param("sched", opt_sched);

void *sched_zalloc(size_t size)
{
    return sched_plat.zalloc ? sched_plat.zalloc(size) : NULL;
}

void sched_free(void *p)
{
    if (p && sched_plat.free)
        sched_plat.free(p);
}

void sched_kick(unsigned int cpu)
{
    if (sched_plat.kick)
        sched_plat.kick(cpu);
}

s_time_t sched_now(void)
{
    return sched_plat.now ? sched_plat.now() : 0;
}

static void free_res_table(void)
{
    unsigned int cpu;

    if (!sched_res_table)
        return;
    for (cpu = 0; cpu < sched_nr_cpu_ids; cpu++)
        sched_free(sched_res_table[cpu]);
    sched_free(sched_res_table);
    sched_res_table = NULL;
}

/* Allocate one sched_res per possible pCPU. */
static int alloc_res_table(void)
{
    unsigned int cpu;

    sched_res_table = sched_zalloc(sched_nr_cpu_ids * sizeof(void *));
    if (!sched_res_table)
        return -ENOMEM;
    for (cpu = 0; cpu < sched_nr_cpu_ids; cpu++) {
        struct sched_res *res = sched_zalloc(sizeof(*res));

        if (!res) {
            free_res_table();
            return -ENOMEM;
        }
        spin_lock_init(&res->lock);
        res->cpu = cpu;
        sched_res_table[cpu] = res;
    }
    return 0;
}

/*
 * Boot entry point (see xenith/sched.h).  An unknown "sched=" name falls
 * back to the credit scheduler with a warning, as Xen does.
 */
int sched_boot(const struct sched_platform *plat, unsigned int nr_cpu_ids,
               const unsigned long *online)
{
    const struct sched_ops *ops;
    int rc;

    if (!plat || !plat->zalloc || !plat->free || !plat->kick || !plat->now ||
        !online)
        return -EINVAL;
    if (sched_res_table)
        return -EBUSY; /* Already booted. */
    rc = sched_mask_setup(nr_cpu_ids);
    if (rc)
        return rc;
    sched_plat = *plat;

    ops = sched_find_by_name(opt_sched);
    if (!ops) {
        printk(XENLOG_WARNING "sched: unknown scheduler \"%s\", using "
                              "credit\n",
               opt_sched);
        ops = sched_find_by_name("credit");
    }

    rc = alloc_res_table();
    if (rc)
        goto fail;
    rc = cpupool_boot(ops, online);
    if (rc)
        goto fail;
    printk(XENLOG_INFO "sched: using %s (%s) on %u CPU ids\n", ops->name,
           ops->opt_name, nr_cpu_ids);
    return 0;

fail:
    free_res_table();
    memset(&sched_plat, 0, sizeof(sched_plat));
    return rc;
}

void sched_shutdown(void)
{
    cpupool_shutdown();
    free_res_table();
    memset(&sched_plat, 0, sizeof(sched_plat));
}

spinlock_t *sched_unit_lock(struct sched_unit *u)
{
    for (;;) {
        unsigned int cpu = READ_ONCE(u->processor);
        struct sched_res *res = sched_res(cpu);

        sched_res_lock(res);
        if (likely(u->processor == cpu))
            return &res->lock;
        sched_res_unlock(res);
    }
}

void sched_unit_unlock(spinlock_t *lock)
{
    sched_res_unlock(container_of(lock, struct sched_res, lock));
}

struct sched_unit *sched_curr(unsigned int cpu)
{
    return sched_res(cpu)->curr;
}

/* Make a unit not runnable: mark, and tell the scheduler if it was. */
void sched_unit_block(struct sched_unit *u)
{
    spinlock_t *lock = sched_unit_lock(u);
    bool was = sched_unit_runnable(u);

    u->blocked = true;
    if (was)
        sched_of_unit(u)->ops->sleep(sched_of_unit(u), u);
    sched_unit_unlock(lock);
}

void sched_unit_wake(struct sched_unit *u)
{
    spinlock_t *lock = sched_unit_lock(u);

    if (u->blocked) {
        u->blocked = false;
        if (sched_unit_runnable(u))
            sched_of_unit(u)->ops->wake(sched_of_unit(u), u);
    }
    sched_unit_unlock(lock);
}

/* Pause without waiting for the unit to be descheduled: its pCPU is
 * kicked and stops running it at its next schedule. */
void sched_unit_pause_nosync(struct sched_unit *u)
{
    spinlock_t *lock = sched_unit_lock(u);
    bool was = sched_unit_runnable(u);

    u->pause_count++;
    if (was)
        sched_of_unit(u)->ops->sleep(sched_of_unit(u), u);
    sched_unit_unlock(lock);
}

void sched_unit_unpause(struct sched_unit *u)
{
    spinlock_t *lock = sched_unit_lock(u);

    if (u->pause_count > 0 && --u->pause_count == 0 && sched_unit_runnable(u))
        sched_of_unit(u)->ops->wake(sched_of_unit(u), u);
    sched_unit_unlock(lock);
}

/* SCHEDOP_yield: note it and reschedule the unit's pCPU. */
void sched_unit_yield(struct sched_unit *u)
{
    spinlock_t *lock = sched_unit_lock(u);

    sched_of_unit(u)->ops->yield(sched_of_unit(u), u);
    sched_unit_unlock(lock);
    sched_kick(u->processor);
}

/*
 * Move a unit to the pCPU its scheduler picks.  A running unit is only
 * marked: its pCPU is kicked and sched_schedule() moves it once it is
 * off the CPU.
 */
void sched_unit_migrate(struct sched_unit *u)
{
    spinlock_t *lock = sched_unit_lock(u);
    struct scheduler *s = sched_of_unit(u);
    bool runnable;

    if (u->is_running) {
        u->migrate_pending = true;
        sched_unit_unlock(lock);
        sched_kick(u->processor);
        return;
    }
    u->migrate_pending = false;
    runnable = sched_unit_runnable(u);
    if (runnable)
        s->ops->sleep(s, u);
    u->processor = s->ops->pick_cpu(s, u);
    sched_unit_unlock(lock);

    if (!runnable)
        return;
    lock = sched_unit_lock(u);
    if (sched_unit_runnable(u) && !u->is_running)
        s->ops->wake(s, u);
    sched_unit_unlock(lock);
}

int sched_set_affinity(struct sched_unit *u, const unsigned long *mask)
{
    spinlock_t *lock;
    bool move;

    spin_lock(&cpupool_lock);
    if (!sched_mask_intersects(mask, u->sdom->pool->cpu_valid)) {
        spin_unlock(&cpupool_lock);
        return -EINVAL;
    }
    lock = sched_unit_lock(u);
    sched_mask_copy(u->hard_affinity, mask);
    move = !sched_mask_test(mask, u->processor);
    sched_unit_unlock(lock);
    if (move)
        sched_unit_migrate(u);
    spin_unlock(&cpupool_lock);
    return 0;
}

s_time_t sched_timer(unsigned int cpu, s_time_t now)
{
    struct sched_res *res = sched_res(cpu);
    struct scheduler *s;

    if (!res->pool)
        return SCHED_TIME_NEVER;
    s = &res->pool->sched;
    return s->ops->tick(s, cpu, now);
}

s_time_t sched_next_timer(unsigned int cpu)
{
    struct sched_res *res = sched_res(cpu);

    if (!res->pool)
        return SCHED_TIME_NEVER;
    return res->pool->sched.ops->next_timer(&res->pool->sched, cpu);
}

/* Record the switch from prev to next on res (run-queue lock held). */
static void switch_units(struct sched_res *res, struct sched_unit *prev,
                         struct sched_unit *next, s_time_t now)
{
    if (prev) {
        prev->is_running = false;
        prev->run_time += now - prev->state_entry_time;
        prev->state_entry_time = now;
    }
    if (next) {
        next->is_running = true;
        next->state_entry_time = now;
    }
    res->curr = next;
}

/*
 * Schedule on cpu (see xenith/sched.h).  A current unit that must move
 * (its pCPU is leaving the pool, or it was marked by an affinity change
 * or by the scheduler) is held paused while the scheduler chooses, so it
 * is neither kept nor queued here again, and is then migrated.
 */
struct sched_decision sched_schedule(unsigned int cpu, s_time_t now)
{
    struct sched_decision d = { NULL, -1, false };
    struct sched_res *res = sched_res(cpu);
    struct sched_unit *prev;
    struct scheduler *s;
    bool hold, migrate;

    sched_res_lock(res);
    if (!res->pool) {
        sched_res_unlock(res);
        return d;
    }
    s = &res->pool->sched;
    prev = res->curr;
    hold = prev && (res->leaving || prev->migrate_pending);
    if (hold) {
        if (sched_unit_runnable(prev))
            s->ops->sleep(s, prev);
        prev->pause_count++;
    }
    s->ops->do_schedule(s, cpu, now, &d);
    if (hold)
        prev->pause_count--;
    if (d.next != prev)
        switch_units(res, prev, d.next, now);
    if (d.next)
        d.next->processor = cpu;
    migrate = prev && prev != d.next && (prev->migrate_pending || res->leaving);
    sched_res_unlock(res);

    if (migrate)
        sched_unit_migrate(prev);
    return d;
}
