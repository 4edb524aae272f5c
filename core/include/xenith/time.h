/* SPDX-License-Identifier: GPL-2.0-only */
/* System time: nanoseconds since boot, from the TSC. */
#ifndef XENITH_TIME_H
#define XENITH_TIME_H

#include <xenith/types.h>

#define MILLISECS(ms) ((s_time_t)(ms)*1000000)
#define MICROSECS(us) ((s_time_t)(us)*1000)
#define SECONDS(s)    ((s_time_t)(s)*1000000000)
#define STIME_MAX     ((s_time_t)INT64_MAX)

extern uint64_t cpu_khz;        /* TSC frequency */
extern uint64_t apic_timer_khz; /* LAPIC timer input (divide by 1) */

/* Calibrate the TSC and LAPIC timer against the PIT (boot CPU). */
void time_init(void);

/* Nanoseconds since boot.  Requires time_init(). */
s_time_t NOW(void);

/* Fill a guest's PV clock record for this CPU (public vcpu_time_info). */
struct vcpu_time_info;
void time_fill_vcpu_info(struct vcpu_time_info *t);

/*
 * Program this CPU's LAPIC one-shot timer to fire at the given system
 * time (0 stops it).  A deadline in the past fires as soon as possible.
 */
void reprogram_timer(s_time_t deadline);

#endif /* XENITH_TIME_H */
