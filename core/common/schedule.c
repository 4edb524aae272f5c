/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Glue between the hypervisor and the scheduler in common/sched: the
 * platform hooks (heap, clock, kick = SCHEDULE_SOFTIRQ on the CPU), the
 * schedule softirq that asks for a decision and context-switches, and two
 * per-CPU timers: the time-slice end and the scheduler's own deadline.
 *
 * Locking: the per-CPU timers belong to their CPU; everything else is the
 * scheduler's (see docs/scheduler.md).
 */
#include <xenith/domain.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/time.h>
#include <xenith/timer.h>

struct sched_percpu {
    struct timer slice_timer; /* end of the running unit's slice */
    struct timer sched_timer; /* scheduler's next deadline (accounting) */
};

static DEFINE_PER_CPU(struct sched_percpu, sched_pcpu);

static void kick_cpu(unsigned int cpu)
{
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

static const struct sched_platform platform = {
    .zalloc = xzalloc_bytes,
    .free = xfree,
    .kick = kick_cpu,
    .now = NOW,
};

static void slice_timer_fn(void *data)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
}

static void arm_sched_timer(unsigned int cpu)
{
    s_time_t next = sched_next_timer(cpu);
    struct timer *t = &per_cpu(sched_pcpu, cpu).sched_timer;

    if (next == SCHED_TIME_NEVER)
        stop_timer(t);
    else
        set_timer(t, next);
}

static void sched_timer_fn(void *data)
{
    unsigned int cpu = smp_processor_id();

    sched_timer(cpu, NOW());
    arm_sched_timer(cpu);
}

/* SCHEDULE_SOFTIRQ: pick what runs next on this CPU and switch to it. */
static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_percpu *sp = &this_cpu(sched_pcpu);
    struct sched_decision dec = sched_schedule(cpu, NOW());
    struct vcpu *prev = current;
    struct vcpu *next =
        dec.next ? container_of(dec.next, struct vcpu, sched) : idle_vcpu[cpu];

    if (dec.slice >= 0)
        set_timer(&sp->slice_timer, NOW() + dec.slice);
    else
        stop_timer(&sp->slice_timer);
    arm_sched_timer(cpu);
    if (next != prev)
        context_switch(prev, next);
}

int scheduler_init(void)
{
    unsigned int cpu;
    int rc;

    for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
        struct sched_percpu *sp = &per_cpu(sched_pcpu, cpu);

        init_timer(&sp->slice_timer, slice_timer_fn, NULL, cpu);
        init_timer(&sp->sched_timer, sched_timer_fn, NULL, cpu);
    }
    rc = sched_boot(&platform, nr_cpu_ids, cpu_online_map.bits);
    if (rc)
        return rc;
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    for_each_online_cpu(cpu) cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
    return 0;
}
