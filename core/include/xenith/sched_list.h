/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Circular doubly linked lists used by the scheduler and cpupools.  Kept
 * under a sched_ prefix so they cannot clash with a general list header.
 */
#ifndef XENITH_SCHED_LIST_H
#define XENITH_SCHED_LIST_H

#include <xenith/compiler.h>
#include <xenith/types.h>

struct sched_list {
    struct sched_list *next, *prev;
};

static inline void sched_list_init(struct sched_list *l)
{
    l->next = l;
    l->prev = l;
}

static inline bool sched_list_empty(const struct sched_list *l)
{
    return l->next == l;
}

/* Insert item between prev and next. */
static inline void sched_list_link(struct sched_list *item,
                                   struct sched_list *prev,
                                   struct sched_list *next)
{
    item->next = next;
    item->prev = prev;
    prev->next = item;
    next->prev = item;
}

/* Insert item right after pos (at the head when pos is the list). */
static inline void sched_list_add(struct sched_list *item,
                                  struct sched_list *pos)
{
    sched_list_link(item, pos, pos->next);
}

/* Insert item right before pos (at the tail when pos is the list). */
static inline void sched_list_add_tail(struct sched_list *item,
                                       struct sched_list *pos)
{
    sched_list_link(item, pos->prev, pos);
}

/* Unlink item and leave it as an empty list (so "on a list" is testable). */
static inline void sched_list_del(struct sched_list *item)
{
    item->prev->next = item->next;
    item->next->prev = item->prev;
    sched_list_init(item);
}

#define sched_list_entry(ptr, type, member) container_of(ptr, type, member)

#define sched_list_for_each(pos, head) \
    for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define sched_list_for_each_safe(pos, n, head)                     \
    for ((pos) = (head)->next, (n) = (pos)->next; (pos) != (head); \
         (pos) = (n), (n) = (pos)->next)

#endif /* XENITH_SCHED_LIST_H */
