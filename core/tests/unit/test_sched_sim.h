/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A deterministic simulator for the scheduler host tests.
 *
 * Simulated time advances from event to event: the end of a time slice,
 * a scheduler timer (tick / accounting), the end of an I/O unit's burst
 * (it then blocks) and an I/O unit's wake-up.  A pCPU that was kicked
 * (tickled, or its slice ended) calls sched_schedule() before time moves
 * on.  The simulator measures for every unit its run time, its longest
 * continuous run, its shortest run that ended in preemption, its worst
 * wake-to-run latency and whether it ever ran outside its affinity.
 *
 * The scheduler code under test is the real one (every file of
 * common/sched); the
 * platform hooks it needs (allocator, kick, clock, printk) are provided
 * here for the host.
 */
#ifndef TEST_SCHED_SIM_H
#define TEST_SCHED_SIM_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <public/domctl.h>
#include <public/sysctl.h>
#include <xenith/cpupool.h>
#include <xenith/lib.h>
#include <xenith/sched.h>

#define MS(x) SCHED_MILLISECS(x)
#define US(x) SCHED_MICROSECS(x)

enum sim_kind { SIM_CPU_BOUND, SIM_IO };

struct sim_unit {
    struct sched_unit su;
    enum sim_kind kind;
    s_time_t burst, sleep; /* SIM_IO: run burst, then block for sleep */
    s_time_t burst_left;
    s_time_t wake_at;   /* SCHED_TIME_NEVER unless sleeping */
    s_time_t woke_at;   /* -1 unless woken and not yet run */
    s_time_t ran;       /* total simulated run time */
    s_time_t run_start; /* start of the current stint, -1 if not running */
    s_time_t max_stint, min_preempted, max_latency;
    unsigned long preemptions, wakes, ran_on_mask;
    bool bad_cpu; /* ran on a pCPU outside its hard affinity */
};

struct sim_dom {
    struct sched_dom sd;
};

#define SIM_MAX_UNITS 64

static struct {
    s_time_t now;
    unsigned int ncpus;
    bool *kicked;
    s_time_t *slice_end;
    struct sim_unit *units[SIM_MAX_UNITS];
    unsigned int nunits;
    unsigned long switches;
    long fail_alloc_after; /* < 0: never fail */
    bool verbose;
} sim;

/* Host printk (messages are shown only when the test asks for it). */
void printk(const char *fmt, ...)
{
    va_list ap;

    if (!sim.verbose)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

static inline void *sim_zalloc(size_t size)
{
    if (sim.fail_alloc_after == 0)
        return NULL;
    if (sim.fail_alloc_after > 0)
        sim.fail_alloc_after--;
    return calloc(1, size);
}

static inline void sim_kick(unsigned int cpu)
{
    assert_true(cpu < sim.ncpus);
    sim.kicked[cpu] = true;
}

static inline s_time_t sim_now(void)
{
    return sim.now;
}

static const struct sched_platform sim_platform = {
    .zalloc = sim_zalloc,
    .free = free,
    .kick = sim_kick,
    .now = sim_now,
};

/* Boot the scheduler with ncpus possible pCPUs, the first nonline
 * online. */
static inline void sim_boot_partial(unsigned int ncpus, unsigned int nonline)
{
    unsigned long *online;
    unsigned int i;

    /* A failed test may have left state behind: drop it. */
    sched_shutdown();
    memset(&sim, 0, sizeof(sim));
    sim.fail_alloc_after = -1;
    sim.verbose = getenv("SCHED_TEST_VERBOSE") != NULL;
    sim.ncpus = ncpus;
    sim.kicked = calloc(ncpus, sizeof(bool));
    sim.slice_end = calloc(ncpus, sizeof(s_time_t));
    online = calloc((ncpus + 63) / 64, sizeof(unsigned long));
    assert_non_null(sim.kicked);
    assert_non_null(online);
    for (i = 0; i < ncpus; i++)
        sim.slice_end[i] = SCHED_TIME_NEVER;
    for (i = 0; i < nonline; i++)
        online[i / 64] |= 1UL << (i % 64);
    assert_int_equal(sched_boot(&sim_platform, ncpus, online), 0);
    free(online);
}

static inline void sim_boot(unsigned int ncpus)
{
    sim_boot_partial(ncpus, ncpus);
}

/* Per-domain scheduler_op helpers. */
struct sim_dom;
static inline int sim_dom_put(struct sim_dom *d, uint16_t weight, uint16_t cap)
{
    struct xen_domctl_scheduler_op op = { 0 };

    op.sched_id = XEN_SCHEDULER_CREDIT;
    op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    op.u.credit.weight = weight;
    op.u.credit.cap = cap;
    return sched_adjust(&d->sd, &op);
}

static inline int sim_pool_put(unsigned int poolid, uint32_t tslice_ms,
                               uint32_t ratelimit_us)
{
    struct xen_sysctl_scheduler_op op = { 0 };

    op.cpupool_id = poolid;
    op.sched_id = XEN_SCHEDULER_CREDIT;
    op.cmd = XEN_SYSCTL_SCHEDOP_putinfo;
    op.u.sched_credit.tslice_ms = tslice_ms;
    op.u.sched_credit.ratelimit_us = ratelimit_us;
    return sched_adjust_global(&op);
}

static inline struct sim_dom *sim_dom(uint32_t domid, uint16_t weight,
                                      uint16_t cap, unsigned int poolid)
{
    struct sim_dom *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    assert_int_equal(sched_init_dom(&d->sd, d, domid, poolid), 0);
    assert_int_equal(sim_dom_put(d, weight, cap), 0);
    return d;
}

/* A unit of d, made runnable (I/O units start with their burst). */
static inline struct sim_unit *sim_unit(struct sim_dom *d, enum sim_kind kind,
                                        s_time_t burst, s_time_t sleep)
{
    struct sim_unit *u = calloc(1, sizeof(*u));

    assert_non_null(u);
    assert_true(sim.nunits < SIM_MAX_UNITS);
    assert_int_equal(sched_init_unit(&u->su, &d->sd, u, d->sd.nr_units), 0);
    u->kind = kind;
    u->burst = u->burst_left = burst;
    u->sleep = sleep;
    u->wake_at = SCHED_TIME_NEVER;
    u->woke_at = sim.now;
    u->run_start = -1;
    u->min_preempted = SCHED_TIME_NEVER;
    sim.units[sim.nunits++] = u;
    sched_unit_wake(&u->su);
    return u;
}

static inline struct sim_unit *sim_of(struct sched_unit *su)
{
    return su ? su->owner : NULL;
}

/* cpu calls the scheduler; record what stops and what starts. */
static inline void sim_schedule(unsigned int cpu)
{
    struct sim_unit *prev = sim_of(sched_curr(cpu));
    struct sched_decision d = sched_schedule(cpu, sim.now);
    struct sim_unit *next = sim_of(d.next);

    if (prev != next) {
        sim.switches++;
        if (prev) {
            s_time_t stint = sim.now - prev->run_start;

            if (sched_unit_runnable(&prev->su)) {
                prev->preemptions++;
                if (stint < prev->min_preempted)
                    prev->min_preempted = stint;
            }
            prev->run_start = -1;
        }
        if (next) {
            assert_int_equal(next->run_start, -1);
            next->run_start = sim.now;
            next->ran_on_mask |= 1UL << (cpu % 64);
            if (!sched_mask_test(next->su.hard_affinity, cpu))
                next->bad_cpu = true;
            if (next->woke_at >= 0) {
                s_time_t lat = sim.now - next->woke_at;

                if (lat > next->max_latency)
                    next->max_latency = lat;
                next->woke_at = -1;
            }
        }
    }
    sim.slice_end[cpu] = d.slice >= 0 ? sim.now + d.slice : SCHED_TIME_NEVER;
}

static inline void sim_run_kicks(void)
{
    bool again = true;
    unsigned int cpu, rounds = 0;

    while (again) {
        again = false;
        assert_true(++rounds < 100000);
        for (cpu = 0; cpu < sim.ncpus; cpu++) {
            if (!sim.kicked[cpu])
                continue;
            sim.kicked[cpu] = false;
            sim_schedule(cpu);
            again = true;
        }
    }
}

/* Close the current stints so that max_stint covers them. */
static inline void sim_note_stints(void)
{
    unsigned int i;

    for (i = 0; i < sim.nunits; i++) {
        struct sim_unit *u = sim.units[i];

        if (u->run_start >= 0 && sim.now - u->run_start > u->max_stint)
            u->max_stint = sim.now - u->run_start;
    }
}

/* The earliest event after now (or until). */
static inline s_time_t sim_next_event(s_time_t until)
{
    s_time_t t = until;
    unsigned int i;

    for (i = 0; i < sim.ncpus; i++) {
        t = MIN(t, sim.slice_end[i]);
        t = MIN(t, sched_next_timer(i));
    }
    for (i = 0; i < sim.nunits; i++) {
        struct sim_unit *u = sim.units[i];

        t = MIN(t, u->wake_at);
        if (u->kind == SIM_IO && u->run_start >= 0)
            t = MIN(t, sim.now + u->burst_left);
    }
    return MAX(t, sim.now);
}

static inline void sim_advance(s_time_t t)
{
    unsigned int i;

    for (i = 0; i < sim.nunits; i++) {
        struct sim_unit *u = sim.units[i];

        if (u->run_start < 0)
            continue;
        u->ran += t - sim.now;
        if (u->kind == SIM_IO)
            u->burst_left -= t - sim.now;
    }
    sim.now = t;
    sim_note_stints();
}

/* Events due at now: wake-ups, finished bursts, timers, slice ends. */
static inline void sim_events(void)
{
    unsigned int i;

    for (i = 0; i < sim.nunits; i++) {
        struct sim_unit *u = sim.units[i];

        if (u->wake_at <= sim.now) {
            u->wake_at = SCHED_TIME_NEVER;
            u->woke_at = sim.now;
            u->wakes++;
            sched_unit_wake(&u->su);
        }
        if (u->kind == SIM_IO && u->run_start >= 0 && u->burst_left <= 0) {
            u->burst_left = u->burst;
            u->wake_at = sim.now + u->sleep;
            sched_unit_block(&u->su);
        }
    }
    for (i = 0; i < sim.ncpus; i++) {
        if (sched_next_timer(i) <= sim.now)
            sched_timer(i, sim.now);
        if (sim.slice_end[i] <= sim.now)
            sim.kicked[i] = true;
    }
}

/* Run the simulation for duration. */
static inline void sim_run(s_time_t duration)
{
    s_time_t until = sim.now + duration;

    for (;;) {
        sim_run_kicks();
        if (sim.now >= until)
            break;
        sim_advance(sim_next_event(until));
        sim_events();
    }
}

/* Snapshot of every unit's run time (to measure a window). */
static inline void sim_ran_snapshot(s_time_t *out)
{
    unsigned int i;

    for (i = 0; i < sim.nunits; i++)
        out[i] = sim.units[i]->ran;
}

/* Deschedule and destroy everything, then shut the scheduler down. */
static inline void sim_teardown(struct sim_dom **doms, unsigned int ndoms)
{
    unsigned int i;

    for (i = 0; i < sim.nunits; i++)
        sched_unit_pause_nosync(&sim.units[i]->su);
    sim_run_kicks();
    for (i = 0; i < sim.nunits; i++) {
        assert_int_equal(sched_destroy_unit(&sim.units[i]->su), 0);
        free(sim.units[i]);
    }
    for (i = 0; i < ndoms; i++) {
        sched_destroy_dom(&doms[i]->sd);
        free(doms[i]);
    }
    sched_shutdown();
    free(sim.kicked);
    free(sim.slice_end);
}

static inline double share(s_time_t ran, s_time_t window)
{
    return (double)ran / (double)window;
}

#endif /* TEST_SCHED_SIM_H */
