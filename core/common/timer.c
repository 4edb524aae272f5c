/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU timers (see xenith/timer.h).  The LAPIC timer interrupt only
 * raises TIMER_SOFTIRQ; expired timers run from the softirq with
 * interrupts enabled and the list lock dropped.
 */
#include <xenith/lib.h>
#include <xenith/percpu.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <xenith/time.h>
#include <xenith/timer.h>

struct timer_queue {
    spinlock_t lock;
    struct timer *head; /* sorted by expires, earliest first */
};

static DEFINE_PER_CPU(struct timer_queue, timers);

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
}

/* Remove t from q (lock held); true if it was the head. */
static bool unlink(struct timer_queue *q, struct timer *t)
{
    struct timer **pp = &q->head;
    bool was_head = q->head == t;

    while (*pp && *pp != t)
        pp = &(*pp)->next;
    if (*pp)
        *pp = t->next;
    t->next = NULL;
    t->active = false;
    return was_head;
}

static void insert(struct timer_queue *q, struct timer *t)
{
    struct timer **pp = &q->head;

    while (*pp && (*pp)->expires <= t->expires)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->active = true;
}

void set_timer(struct timer *t, s_time_t expires)
{
    struct timer_queue *q = &per_cpu(timers, t->cpu);
    unsigned long f = spin_lock_irqsave(&q->lock);

    if (t->active)
        unlink(q, t);
    t->expires = expires;
    insert(q, t);
    if (q->head == t)
        cpu_raise_softirq(t->cpu, TIMER_SOFTIRQ); /* reprogram there */
    spin_unlock_irqrestore(&q->lock, f);
}

void stop_timer(struct timer *t)
{
    struct timer_queue *q = &per_cpu(timers, t->cpu);
    unsigned long f = spin_lock_irqsave(&q->lock);

    if (t->active)
        unlink(q, t);
    spin_unlock_irqrestore(&q->lock, f);
}

/* Run every expired timer of this CPU, then arm the LAPIC for the next. */
static void timer_softirq_action(void)
{
    struct timer_queue *q = &this_cpu(timers);
    unsigned long f = spin_lock_irqsave(&q->lock);
    struct timer *t;

    while ((t = q->head) && t->expires <= NOW()) {
        unlink(q, t);
        spin_unlock_irqrestore(&q->lock, f);
        t->function(t->data);
        f = spin_lock_irqsave(&q->lock);
    }
    reprogram_timer(q->head ? q->head->expires : 0);
    spin_unlock_irqrestore(&q->lock, f);
}

void timer_init(void)
{
    for (unsigned int c = 0; c < nr_cpu_ids; c++)
        spin_lock_init(&per_cpu(timers, c).lock);
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}
