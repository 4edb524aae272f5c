/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * State and helpers shared by cpupool.c and cpupool_op.c.  All of it is
 * protected by cpupool_lock.
 */
#ifndef XENITH_CPUPOOL_PRIVATE_H
#define XENITH_CPUPOOL_PRIVATE_H

#include <xenith/cpupool.h>

#define CPUPOOL_NO_CPU (~0U)

extern struct sched_list cpupool_list;
extern unsigned long *cpupool_free_cpus;
extern unsigned long *cpupool_online_cpus;
extern unsigned int cpupool_moving_cpu;
extern struct cpupool *cpupool_cpu_moving;

int cpupool_create(unsigned int poolid, unsigned int sched_id,
                   unsigned int *out_id);
int cpupool_destroy(unsigned int poolid);
int cpupool_assign_cpu(struct cpupool *c, unsigned int cpu);
int cpupool_unassign_cpu(struct cpupool *c, unsigned int cpu);

#endif /* XENITH_CPUPOOL_PRIVATE_H */
