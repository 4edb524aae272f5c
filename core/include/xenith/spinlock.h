/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks.  Every lock in the hypervisor is documented beside the
 * data it protects; the global lock order is in core/README.md.
 */
#ifndef XENITH_SPINLOCK_H
#define XENITH_SPINLOCK_H

#include <xenith/types.h>
#ifndef XENITH_HOST_TEST
#include <xenith/asm/processor.h>
#endif

typedef struct {
    volatile uint16_t head; /* Ticket being served. */
    volatile uint16_t tail; /* Next ticket to hand out. */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED \
    {                      \
        0, 0               \
    }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->head = 0;
    l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

    while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
#ifdef XENITH_HOST_TEST
        ;
#else
        cpu_relax();
#endif
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
    uint16_t tail = head;

    return __atomic_compare_exchange_n(&l->tail, &tail, (uint16_t)(head + 1),
                                       false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED) &&
           tail == head;
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return l->head != l->tail;
}

#ifndef XENITH_HOST_TEST
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long f = local_irq_save();

    spin_lock(l);
    return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
    spin_unlock(l);
    local_irq_restore(f);
}
#endif

#endif /* XENITH_SPINLOCK_H */
