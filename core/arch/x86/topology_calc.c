/* SPDX-License-Identifier: GPL-2.0-only */
/* APIC ID field arithmetic for CPU topology (pure; host-tested). */
#include <xenith/asm/topology.h>

unsigned int topology_bits(unsigned int count)
{
    unsigned int bits = 0;

    while (count > 1 && (1u << bits) < count)
        bits++;
    return bits;
}

void topology_split(uint32_t apic_id, unsigned int thread_bits,
                    unsigned int core_bits, struct cpu_topology *t)
{
    if (core_bits < thread_bits)
        core_bits = thread_bits;
    t->thread = apic_id & ((1u << thread_bits) - 1);
    t->core =
        (apic_id >> thread_bits) & ((1u << (core_bits - thread_bits)) - 1);
    t->socket = core_bits >= 32 ? 0 : apic_id >> core_bits;
}
