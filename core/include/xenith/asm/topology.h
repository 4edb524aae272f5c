/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU topology: package (socket), core and thread of every CPU, from its
 * APIC ID and the ID field widths CPUID reports (leaf 0xb, or leaves 1
 * and 4 / 0x80000008 on older processors).  Used for the scheduler's SMT
 * awareness and the toolstack's topology information.
 */
#ifndef XENITH_ASM_TOPOLOGY_H
#define XENITH_ASM_TOPOLOGY_H

#include <xenith/types.h>

struct cpu_topology {
    uint32_t socket, core, thread;
};

/* Per-CPU topology (nr_cpu_ids entries; filled as each CPU starts). */
extern struct cpu_topology *cpu_topology;

/* Split an APIC ID given the widths of the thread and thread+core
 * fields (pure; host-tested). */
void topology_split(uint32_t apic_id, unsigned int thread_bits,
                    unsigned int core_bits, struct cpu_topology *t);

/* Bits needed for count distinct IDs (ceil(log2(count)); 0 for 0 or 1). */
unsigned int topology_bits(unsigned int count);

/* Allocate the table (boot CPU, once CPU numbers exist). */
int topology_init(void);
/* Detect this CPU's place (each CPU, as it starts). */
void topology_detect_cpu(unsigned int cpu);
/* Print the sockets x cores x threads summary (after SMP boot). */
void topology_report(void);

#endif /* XENITH_ASM_TOPOLOGY_H */
