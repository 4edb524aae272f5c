/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest-visible TSC scale (see xenith/asm/pv/time.h). */
#include <xenith/asm/pv/time.h>

void pv_tsc_scale(uint64_t khz, uint32_t *mul, int8_t *shift)
{
    /* ns per tick as a 32.32 fixed-point number: 10^6 / khz. */
    uint64_t m = (1000000ULL << 32) / khz;
    int s = 0;

    while (m >= (1ULL << 32)) {
        m >>= 1;
        s++;
    }
    while (m < (1ULL << 31) && s > -31) {
        m <<= 1;
        s--;
    }
    *mul = (uint32_t)m;
    *shift = (int8_t)s;
}

uint64_t pv_scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}
