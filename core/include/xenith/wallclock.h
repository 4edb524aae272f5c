/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wall-clock time: read once at boot from the CMOS real-time clock
 * (MC146818; ports 0x70/0x71) and kept as seconds since 1970 at system
 * time 0, for guests' shared_info (wc_sec / wc_nsec) and the log.
 */
#ifndef XENITH_WALLCLOCK_H
#define XENITH_WALLCLOCK_H

#include <xenith/types.h>

struct rtc_time {
    unsigned int year, mon, day, hour, min, sec;
};

/* Read the RTC at boot; false if it never showed a consistent time. */
bool wallclock_init(void);

/* Seconds and nanoseconds since 1970-01-01 UTC, now. */
void wallclock_now(uint64_t *sec, uint32_t *nsec);

/* Days-from-civil conversion (pure; host-tested). */
uint64_t rtc_to_unix(const struct rtc_time *t);

/* Validate and decode raw RTC registers (BCD or binary, 12/24 hour). */
bool rtc_decode(const uint8_t raw[6], uint8_t status_b, uint8_t century,
                struct rtc_time *t);

/* CMOS register access, serialised with the hypervisor's own (the
 * index bit 7, NMI disable, is never passed on). */
uint8_t cmos_read(uint8_t reg);
void cmos_write(uint8_t reg, uint8_t val);

#endif /* XENITH_WALLCLOCK_H */
