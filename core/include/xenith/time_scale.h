/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tick-to-nanosecond scaling in the PV clock format shared with guests
 * (struct vcpu_time_info): ns = ((ticks << shift) * mul_frac) >> 32, with
 * a negative shift meaning a right shift.  The hypervisor's own NOW()
 * uses the same scale, so guest and hypervisor system time agree.
 */
#ifndef XENITH_TIME_SCALE_H
#define XENITH_TIME_SCALE_H

#include <xenith/types.h>

struct time_scale {
    int8_t shift;
    uint32_t mul_frac;
};

/* Scale for a counter running at hz ticks per second (hz > 0). */
void time_scale_from_hz(uint64_t hz, struct time_scale *ts);

/* Nanoseconds for delta ticks. */
uint64_t scale_delta(uint64_t delta, const struct time_scale *ts);

#endif /* XENITH_TIME_SCALE_H */
