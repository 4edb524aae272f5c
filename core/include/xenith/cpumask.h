/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixed-size CPU bitmaps (NR_CPUS bits).  This is the only structure sized
 * by the CPU limit; everything else per CPU is allocated at boot for the
 * CPUs actually present.
 */
#ifndef XENITH_CPUMASK_H
#define XENITH_CPUMASK_H

#include <xenith/config.h>
#include <xenith/types.h>

#define BITS_PER_LONG 64
#define CPUMASK_LONGS (NR_CPUS / BITS_PER_LONG)

typedef struct {
    unsigned long bits[CPUMASK_LONGS];
} cpumask_t;

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_or(&m->bits[cpu / BITS_PER_LONG],
                      1UL << (cpu % BITS_PER_LONG), __ATOMIC_SEQ_CST);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_and(&m->bits[cpu / BITS_PER_LONG],
                       ~(1UL << (cpu % BITS_PER_LONG)), __ATOMIC_SEQ_CST);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    return (__atomic_load_n(&m->bits[cpu / BITS_PER_LONG], __ATOMIC_ACQUIRE) >>
            (cpu % BITS_PER_LONG)) &
           1;
}

/* Bits set in a word (no libgcc helper needed, unlike the builtin). */
static inline unsigned int hweight64(uint64_t w)
{
    w = w - ((w >> 1) & 0x5555555555555555ULL);
    w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
    w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned int)((w * 0x0101010101010101ULL) >> 56);
}

static inline unsigned int cpumask_weight(const cpumask_t *m)
{
    unsigned int w = 0;

    for (unsigned int i = 0; i < CPUMASK_LONGS; i++)
        w += hweight64(m->bits[i]);
    return w;
}

/* Next set bit after cpu (pass -1 to start); NR_CPUS when none. */
static inline unsigned int cpumask_next(int cpu, const cpumask_t *m)
{
    for (unsigned int c = (unsigned int)(cpu + 1); c < NR_CPUS; c++) {
        unsigned long w = m->bits[c / BITS_PER_LONG] >> (c % BITS_PER_LONG);

        if (w)
            return c + (unsigned int)__builtin_ctzl(w);
        c |= BITS_PER_LONG - 1;
    }
    return NR_CPUS;
}

#define for_each_cpu(c, m)                           \
    for ((c) = cpumask_next(-1, (m)); (c) < NR_CPUS; \
         (c) = cpumask_next((int)(c), (m)))

#endif /* XENITH_CPUMASK_H */
