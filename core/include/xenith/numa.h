/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NUMA topology from the ACPI SRAT: proximity domains are numbered into
 * nodes 0..nr_nodes-1 in order of first appearance.  Without an SRAT every
 * CPU and all memory are node 0.
 */
#ifndef XENITH_NUMA_H
#define XENITH_NUMA_H

#include <xenith/types.h>

#define MAX_NUMNODES 64
#define NUMA_NO_NODE 0xffu

extern unsigned int nr_nodes;
/* Node of each CPU (nr_cpu_ids entries; set by numa_assign_cpus()). */
extern uint8_t *cpu_to_node;
/* Bytes each node spans (first to last address, as Xen reports). */
extern uint64_t node_memory[MAX_NUMNODES];
/* First address of each node. */
extern uint64_t node_start[MAX_NUMNODES];

/* Collect the SRAT (called from ACPI boot with the mapped table). */
void numa_parse_srat(const void *srat, size_t len);
/* Map CPUs to nodes once CPU numbers exist; print the topology. */
void numa_assign_cpus(void);
/* Node owning a physical address (0 if unknown). */
unsigned int numa_node_of_addr(paddr_t pa);
/* Node of frame pfn (0 if unknown); *end = first frame past the run of
 * frames that share that answer. */
unsigned int numa_node_of_pfn(unsigned long pfn, unsigned long *end);
/* Collect the SLIT (called from ACPI boot with the mapped table). */
void numa_parse_slit(const void *slit, size_t len);
/* ACPI SLIT distance between two nodes: 10 on the diagonal and 20
 * elsewhere without a usable SLIT (as Xen). */
unsigned int numa_distance(unsigned int a, unsigned int b);

#endif /* XENITH_NUMA_H */
