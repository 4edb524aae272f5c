/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU topology detection (Intel SDM vol. 3, 8.9 "Programming
 * considerations for hardware multi-threading"; AMD APM vol. 3, CPUID
 * 0x80000008).  The field widths come from CPUID leaf 0xb when it
 * describes SMT and core levels, else from leaf 1's logical count and
 * leaf 4 (Intel) or 0x80000008 (AMD) core count.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/topology.h>

struct cpu_topology *cpu_topology;

/* Widths from leaf 0xb; false if the leaf does not describe them. */
static bool widths_leaf_b(unsigned int *thread_bits, unsigned int *core_bits)
{
    struct cpuid_regs r;
    bool smt = false, core = false;

    cpuid(0, &r);
    if (r.a < 0xb)
        return false;
    for (uint32_t sub = 0; sub < 8; sub++) {
        unsigned int type;

        cpuid_count(0xb, sub, &r);
        type = (r.c >> 8) & 0xff;
        if (!type || !(r.b & 0xffff))
            break;
        if (type == 1) {
            *thread_bits = r.a & 0x1f;
            smt = true;
        } else if (type == 2) {
            *core_bits = r.a & 0x1f;
            core = true;
        }
    }
    return smt && core;
}

static void widths_legacy(unsigned int *thread_bits, unsigned int *core_bits)
{
    struct cpuid_regs r;
    unsigned int logical = 1, cores = 1;

    cpuid(1, &r);
    if (r.d & (1u << 28)) /* HTT: leaf 1 EBX[23:16] is meaningful */
        logical = (r.b >> 16) & 0xff;
    cpuid(0x80000000, &r);
    if (r.a >= 0x80000008) {
        cpuid(0x80000008, &r);
        if (r.c & 0xff)
            cores = (r.c & 0xff) + 1;
    }
    cpuid(0, &r);
    if (cores == 1 && r.a >= 4) {
        cpuid_count(4, 0, &r);
        if (r.a & 0x1f)
            cores = (r.a >> 26) + 1;
    }
    if (logical < cores)
        logical = cores;
    *core_bits = topology_bits(logical);
    *thread_bits = topology_bits(logical / cores);
}

int topology_init(void)
{
    cpu_topology = xzalloc_array(struct cpu_topology, nr_cpu_ids);
    return cpu_topology ? 0 : -ENOMEM;
}

void topology_detect_cpu(unsigned int cpu)
{
    unsigned int thread_bits = 0, core_bits = 0;

    if (!cpu_topology)
        return;
    if (!widths_leaf_b(&thread_bits, &core_bits))
        widths_legacy(&thread_bits, &core_bits);
    topology_split(x86_cpu_to_apicid[cpu], thread_bits, core_bits,
                   &cpu_topology[cpu]);
}

/* Same package (and, if cores, same core) as another online CPU before
 * it in numbering? */
static bool seen_before(unsigned int cpu, bool cores)
{
    const struct cpu_topology *t = &cpu_topology[cpu];
    unsigned int other;

    for_each_online_cpu(other)
    {
        const struct cpu_topology *o = &cpu_topology[other];

        if (other >= cpu)
            break;
        if (o->socket == t->socket && (!cores || o->core == t->core))
            return true;
    }
    return false;
}

static unsigned int count_distinct(bool cores)
{
    unsigned int n = 0, cpu;

    for_each_online_cpu(cpu) n += !seen_before(cpu, cores);
    return n;
}

void topology_report(void)
{
    unsigned int sockets, cores;

    if (!cpu_topology)
        return;
    sockets = count_distinct(false);
    cores = count_distinct(true);
    printk("CPU topology: %u socket(s), %u core(s), %u thread(s) online\n",
           sockets, cores, num_online_cpus());
}
