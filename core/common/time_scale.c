/* SPDX-License-Identifier: GPL-2.0-only */
/* PV clock scaling (see xenith/time_scale.h; host-tested). */
#include <xenith/time_scale.h>

#define NS_PER_SEC 1000000000ULL

/*
 * Normalise hz by powers of two into (1e9, 2e9]; then mul_frac =
 * 2^32 * 1e9 / normalised, which lies in [2^31, 2^32).
 */
void time_scale_from_hz(uint64_t hz, struct time_scale *ts)
{
    int shift = 0;

    while (hz > 2 * NS_PER_SEC) {
        hz >>= 1;
        shift--;
    }
    while (hz <= NS_PER_SEC) {
        hz <<= 1;
        shift++;
    }
    ts->shift = (int8_t)shift;
    ts->mul_frac = (uint32_t)((NS_PER_SEC << 32) / hz);
}

uint64_t scale_delta(uint64_t delta, const struct time_scale *ts)
{
    if (ts->shift < 0)
        delta >>= -ts->shift;
    else
        delta <<= ts->shift;
    return (uint64_t)(((unsigned __int128)delta * ts->mul_frac) >> 32);
}
