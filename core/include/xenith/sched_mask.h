/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dynamically sized CPU bitmaps for the scheduler and cpupools.
 *
 * A mask is an array of unsigned long words holding sched_nr_cpu_ids bits
 * (bit n = CPU n).  sched_nr_cpu_ids is fixed once at boot by
 * sched_mask_setup() from the number of possible CPUs (1..4095), so a mask
 * on a small machine is a single word and no array is sized by NR_CPUS.
 *
 * Bits at or beyond sched_nr_cpu_ids are always zero.  The plain helpers
 * are not atomic: the caller holds whatever lock protects the mask.  The
 * _atomic variants are for masks written under different locks (the
 * credit scheduler's idlers mask).
 */
#ifndef XENITH_SCHED_MASK_H
#define XENITH_SCHED_MASK_H

#include <xenith/types.h>

#define SCHED_MASK_WORD_BITS (8 * sizeof(unsigned long))
#define SCHED_MAX_CPUS       4095

/* Number of CPU ids a mask covers; set once by sched_mask_setup(). */
extern unsigned int sched_nr_cpu_ids;

/* Fix the mask size.  Returns 0, or -EINVAL if nr is 0 or above 4095. */
int sched_mask_setup(unsigned int nr);

/* Words in one mask. */
static inline unsigned int sched_mask_words(void)
{
    return (sched_nr_cpu_ids + SCHED_MASK_WORD_BITS - 1) / SCHED_MASK_WORD_BITS;
}

/* A zeroed mask from the scheduler allocator, or NULL. */
unsigned long *sched_mask_alloc(void);
void sched_mask_free(unsigned long *m);

static inline bool sched_mask_test(const unsigned long *m, unsigned int cpu)
{
    return cpu < sched_nr_cpu_ids &&
           ((m[cpu / SCHED_MASK_WORD_BITS] >> (cpu % SCHED_MASK_WORD_BITS)) &
            1);
}

static inline void sched_mask_set(unsigned long *m, unsigned int cpu)
{
    m[cpu / SCHED_MASK_WORD_BITS] |= 1UL << (cpu % SCHED_MASK_WORD_BITS);
}

static inline void sched_mask_clear(unsigned long *m, unsigned int cpu)
{
    m[cpu / SCHED_MASK_WORD_BITS] &= ~(1UL << (cpu % SCHED_MASK_WORD_BITS));
}

static inline void sched_mask_set_atomic(unsigned long *m, unsigned int cpu)
{
    __atomic_fetch_or(&m[cpu / SCHED_MASK_WORD_BITS],
                      1UL << (cpu % SCHED_MASK_WORD_BITS), __ATOMIC_SEQ_CST);
}

static inline void sched_mask_clear_atomic(unsigned long *m, unsigned int cpu)
{
    __atomic_fetch_and(&m[cpu / SCHED_MASK_WORD_BITS],
                       ~(1UL << (cpu % SCHED_MASK_WORD_BITS)),
                       __ATOMIC_SEQ_CST);
}

/* First set bit at or after start; sched_nr_cpu_ids if there is none. */
unsigned int sched_mask_next(const unsigned long *m, unsigned int start);
/* Highest set bit; sched_nr_cpu_ids if the mask is empty. */
unsigned int sched_mask_last(const unsigned long *m);
/* First set bit after cpu, wrapping around; sched_nr_cpu_ids if empty. */
unsigned int sched_mask_cycle(const unsigned long *m, unsigned int cpu);
unsigned int sched_mask_weight(const unsigned long *m);
bool sched_mask_empty(const unsigned long *m);
bool sched_mask_intersects(const unsigned long *a, const unsigned long *b);
/* True if every bit of a is also set in b. */
bool sched_mask_subset(const unsigned long *a, const unsigned long *b);
void sched_mask_zero(unsigned long *m);
/* Set bits 0 .. sched_nr_cpu_ids-1. */
void sched_mask_fill(unsigned long *m);
void sched_mask_copy(unsigned long *dst, const unsigned long *src);
void sched_mask_and(unsigned long *dst, const unsigned long *a,
                    const unsigned long *b);
void sched_mask_andnot(unsigned long *dst, const unsigned long *a,
                       const unsigned long *b);
void sched_mask_or(unsigned long *dst, const unsigned long *a,
                   const unsigned long *b);

#define sched_mask_first(m) sched_mask_next((m), 0)

/* Iterate over the set bits of m. */
#define for_each_sched_cpu(cpu, m)                                  \
    for ((cpu) = sched_mask_next((m), 0); (cpu) < sched_nr_cpu_ids; \
         (cpu) = sched_mask_next((m), (cpu) + 1))

#endif /* XENITH_SCHED_MASK_H */
