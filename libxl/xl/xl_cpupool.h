/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers of the cpupool commands (xl/xl_cpupool.c). */
#ifndef XL_CPUPOOL_H
#define XL_CPUPOOL_H

#include "xl_ops.h"

/* A pool's id from its name or number; false after "unknown cpupool". */
bool xl_cpupool_id(const char *pool, uint32_t *poolid);

/*
 * "<CPU list>" or "node:<N>" for cpupool-cpu-add/-remove: with a node,
 * *node gets it (map untouched); otherwise map (allocated here for the
 * host's CPUs) gets the CPUs and *node is -1.  false after a message.
 */
bool xl_cpupool_cpus_arg(const char *s, libxl_bitmap *map, int *node);

#endif
