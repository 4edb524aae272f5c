/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dynamically sized CPU bitmaps (see xenith/sched_mask.h).
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/sched.h>
#include <xenith/sched_mask.h>

unsigned int sched_nr_cpu_ids;

int sched_mask_setup(unsigned int nr)
{
    if (nr == 0 || nr > SCHED_MAX_CPUS)
        return -EINVAL;
    sched_nr_cpu_ids = nr;
    return 0;
}

unsigned long *sched_mask_alloc(void)
{
    return sched_zalloc(sched_mask_words() * sizeof(unsigned long));
}

void sched_mask_free(unsigned long *m)
{
    sched_free(m);
}

/* Population count without a library call (no popcnt instruction is
 * assumed in the hypervisor build). */
static unsigned int word_weight(unsigned long w)
{
    unsigned int n = 0;

    while (w) {
        w &= w - 1;
        n++;
    }
    return n;
}

unsigned int sched_mask_next(const unsigned long *m, unsigned int start)
{
    unsigned int i, words = sched_mask_words();
    unsigned long w;

    if (start >= sched_nr_cpu_ids)
        return sched_nr_cpu_ids;
    i = start / SCHED_MASK_WORD_BITS;
    w = m[i] & (~0UL << (start % SCHED_MASK_WORD_BITS));
    for (;;) {
        if (w) {
            unsigned int cpu = i * SCHED_MASK_WORD_BITS + __builtin_ctzl(w);

            return cpu < sched_nr_cpu_ids ? cpu : sched_nr_cpu_ids;
        }
        if (++i >= words)
            return sched_nr_cpu_ids;
        w = m[i];
    }
}

unsigned int sched_mask_last(const unsigned long *m)
{
    unsigned int i = sched_mask_words();

    while (i-- > 0) {
        if (m[i])
            return i * SCHED_MASK_WORD_BITS + SCHED_MASK_WORD_BITS - 1 -
                   __builtin_clzl(m[i]);
    }
    return sched_nr_cpu_ids;
}

unsigned int sched_mask_cycle(const unsigned long *m, unsigned int cpu)
{
    unsigned int nxt = sched_mask_next(m, cpu + 1);

    if (nxt >= sched_nr_cpu_ids)
        nxt = sched_mask_first(m);
    return nxt;
}

unsigned int sched_mask_weight(const unsigned long *m)
{
    unsigned int i, n = 0;

    for (i = 0; i < sched_mask_words(); i++)
        n += word_weight(m[i]);
    return n;
}

bool sched_mask_empty(const unsigned long *m)
{
    unsigned int i;

    for (i = 0; i < sched_mask_words(); i++)
        if (m[i])
            return false;
    return true;
}

bool sched_mask_intersects(const unsigned long *a, const unsigned long *b)
{
    unsigned int i;

    for (i = 0; i < sched_mask_words(); i++)
        if (a[i] & b[i])
            return true;
    return false;
}

bool sched_mask_subset(const unsigned long *a, const unsigned long *b)
{
    unsigned int i;

    for (i = 0; i < sched_mask_words(); i++)
        if (a[i] & ~b[i])
            return false;
    return true;
}

void sched_mask_zero(unsigned long *m)
{
    memset(m, 0, sched_mask_words() * sizeof(unsigned long));
}

void sched_mask_fill(unsigned long *m)
{
    unsigned int i, words = sched_mask_words();
    unsigned int tail = sched_nr_cpu_ids % SCHED_MASK_WORD_BITS;

    for (i = 0; i < words; i++)
        m[i] = ~0UL;
    if (tail)
        m[words - 1] = (1UL << tail) - 1;
}

void sched_mask_copy(unsigned long *dst, const unsigned long *src)
{
    memcpy(dst, src, sched_mask_words() * sizeof(unsigned long));
}

void sched_mask_and(unsigned long *dst, const unsigned long *a,
                    const unsigned long *b)
{
    unsigned int i;

    for (i = 0; i < sched_mask_words(); i++)
        dst[i] = a[i] & b[i];
}

void sched_mask_andnot(unsigned long *dst, const unsigned long *a,
                       const unsigned long *b)
{
    unsigned int i;

    for (i = 0; i < sched_mask_words(); i++)
        dst[i] = a[i] & ~b[i];
}

void sched_mask_or(unsigned long *dst, const unsigned long *a,
                   const unsigned long *b)
{
    unsigned int i;

    for (i = 0; i < sched_mask_words(); i++)
        dst[i] = a[i] | b[i];
}
