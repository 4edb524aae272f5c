/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU software timers.  A timer belongs to one CPU; its function runs
 * from TIMER_SOFTIRQ on that CPU once NOW() >= expires.  Each CPU keeps
 * its timers in a list sorted by expiry and programs its LAPIC one-shot
 * timer for the earliest.
 *
 * Locking: each CPU's list has its own lock (irq-safe).  A timer is on at
 * most one list; set_timer/stop_timer take the owning CPU's lock.
 */
#ifndef XENITH_TIMER_H
#define XENITH_TIMER_H

#include <xenith/types.h>

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int cpu;
    bool active;        /* on its CPU's list */
    struct timer *next; /* list link (owning CPU's lock) */
};

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu);
/* (Re)arm the timer for the given system time. */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);

/* Boot: per-CPU timer state (call after the per-CPU areas exist). */
void timer_init(void);

#endif /* XENITH_TIMER_H */
