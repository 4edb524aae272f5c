/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Automatic NUMA placement for a new domain without cpus= (Xen 4.2's
 * algorithm, lib/domain_create_placement.c).  The choice is one pure
 * function on a topology, so it is tested on synthetic machines.  A
 * placement plugin, when one is enabled, chooses instead (on any machine,
 * one node or many); when it fails with on_error = "continue", this
 * choice applies.
 */
#ifndef LIBXL_PLACEMENT_H
#define LIBXL_PLACEMENT_H

#include <stdint.h>

#include "internal.h"

#define LIBXL__MAX_NODES 64

typedef struct {
    int nr_nodes;
    uint64_t free_kb[LIBXL__MAX_NODES];
    int cpus[LIBXL__MAX_NODES];  /* online pCPUs of each node */
    int vcpus[LIBXL__MAX_NODES]; /* vCPUs of other domains that may run
                                  * there (their affinity touches it) */
} libxl__numa_topo;

/*
 * The set of nodes (bit i: node i) for a domain needing need_kb and
 * min_cpus pCPUs: the fewest nodes whose free memory and pCPUs suffice;
 * among those, the fewest vCPUs already there; then the most free memory;
 * then the lowest node numbers.  0 when no set fits.
 */
uint64_t libxl__numa_choose(const libxl__numa_topo *t, uint64_t need_kb,
                            int min_cpus);

/*
 * Places domid (created, vCPUs set) by setting every vCPU's soft affinity
 * to the chosen nodes' pCPUs.  Does nothing on a one-node machine or when
 * the configuration gives an affinity; when nothing fits it logs that
 * placement was skipped and returns 0, as Xen.
 */
int libxl__domain_place(libxl__gc *gc, uint32_t domid,
                        libxl_domain_config *cfg);

#endif
