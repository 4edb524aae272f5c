/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TSC-to-nanoseconds scale published to PV guests in vcpu_time_info
 * (Xen's pvclock convention): ns = ((tsc_delta << shift, or >> -shift)
 * * mul) >> 32, with mul a 32-bit fraction kept at or above 2^31 for
 * precision.  Pure functions (host-tested in tests/unit/test_pv_time.c).
 */
#ifndef XENITH_PV_TIME_H
#define XENITH_PV_TIME_H

#include <xenith/types.h>

/* mul and shift for a TSC of khz kHz (khz > 0). */
void pv_tsc_scale(uint64_t khz, uint32_t *mul, int8_t *shift);

/* What a guest computes from them for delta TSC ticks. */
uint64_t pv_scale_delta(uint64_t delta, uint32_t mul, int8_t shift);

#endif /* XENITH_PV_TIME_H */
