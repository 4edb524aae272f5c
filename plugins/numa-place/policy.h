/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * numa-place: the placement policies (policy.c), pure functions of the
 * host's NUMA topology and the guest's size, so that each choice can be
 * checked by hand (tests/test_policy.c).  The plugin is numa-place.c.
 *
 *   packed     the lowest-numbered node whose free memory holds the guest;
 *              when none does, nodes from node 0 up (skipping those with
 *              no free memory) until their free memory does.  Fills nodes
 *              in order and keeps the others free for big guests.
 *   spread     the node with the fewest vCPUs per CPU whose free memory
 *              holds the guest (ties: more free memory, then the lower
 *              number); when none does, nodes in that order until their
 *              free memory does.  Nodes without CPUs are never chosen.
 *   bandwidth  the node with the most free memory (ties: the lower
 *              number); when it cannot hold the guest, the node nearest
 *              to those chosen (the smallest sum of ACPI SLIT distances;
 *              ties: more free memory, then the lower number) is added
 *              until their free memory does.
 *
 * Each returns the chosen nodes as a bit mask (bit i: node i), or 0 when
 * all the free memory of the host cannot hold the guest.
 */
#ifndef NUMA_PLACE_POLICY_H
#define NUMA_PLACE_POLICY_H

#include <stdint.h>

#define NP_MAX_NODES 64

struct np_node {
    uint64_t free_kb;
    uint32_t nr_cpus;
    uint32_t nr_vcpus; /* vCPUs of other guests already there */
};

struct np_topo {
    unsigned nr_nodes;
    struct np_node node[NP_MAX_NODES];
    const uint32_t *dist; /* nr_nodes * nr_nodes, may be NULL (all equal) */
};

typedef uint64_t np_policy_fn(const struct np_topo *t, uint64_t need_kb);

np_policy_fn np_packed, np_spread, np_bandwidth;

/* The policy called name, or NULL. */
np_policy_fn *np_policy(const char *name);

#endif
