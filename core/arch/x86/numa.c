/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NUMA topology (see xenith/numa.h).  Boot CPU only: the SRAT is parsed
 * before the other CPUs exist, into xmalloc'd lists that
 * numa_assign_cpus() turns into the per-CPU node array.
 */
#include <xenith/acpi.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/smp.h>

#define MAX_MEMBLKS 64

unsigned int nr_nodes = 1;
uint8_t *cpu_to_node;
uint64_t node_memory[MAX_NUMNODES];
uint64_t node_start[MAX_NUMNODES];

static uint32_t node_pxm[MAX_NUMNODES];
static struct {
    uint64_t base, end;
    uint8_t node;
} memblk[MAX_MEMBLKS];
static unsigned int nr_memblks;
static struct {
    uint32_t apic_id;
    uint8_t node;
} * cpu_aff;
static unsigned int nr_cpu_aff, cap_cpu_aff;
static bool srat_valid;
/* SLIT distances by proximity domain (row-major, MAX_NUMNODES columns). */
static uint8_t slit[MAX_NUMNODES * MAX_NUMNODES];
static unsigned int slit_n;

/* Node number for a proximity domain, allocating one; NUMA_NO_NODE when
 * there are too many. */
static unsigned int pxm_to_node(uint32_t pxm)
{
    unsigned int n;

    for (n = 0; n < nr_nodes; n++)
        if (node_pxm[n] == pxm)
            return n;
    if (nr_nodes == MAX_NUMNODES)
        return NUMA_NO_NODE;
    node_pxm[nr_nodes] = pxm;
    return nr_nodes++;
}

static void srat_cpu(uint32_t apic_id, uint32_t pxm, void *ctx)
{
    unsigned int node = pxm_to_node(pxm);

    if (node == NUMA_NO_NODE)
        return;
    if (nr_cpu_aff == cap_cpu_aff) {
        unsigned int cap = cap_cpu_aff ? cap_cpu_aff * 2 : 64;
        void *n = xmalloc_bytes(cap * sizeof(*cpu_aff));

        if (!n)
            return;
        if (cpu_aff)
            memcpy(n, cpu_aff, nr_cpu_aff * sizeof(*cpu_aff));
        xfree(cpu_aff);
        cpu_aff = n;
        cap_cpu_aff = cap;
    }
    cpu_aff[nr_cpu_aff].apic_id = apic_id;
    cpu_aff[nr_cpu_aff].node = (uint8_t)node;
    nr_cpu_aff++;
}

static void srat_mem(uint64_t base, uint64_t len, uint32_t pxm, void *ctx)
{
    unsigned int node = pxm_to_node(pxm);

    if (node == NUMA_NO_NODE || nr_memblks == MAX_MEMBLKS)
        return;
    memblk[nr_memblks].base = base;
    memblk[nr_memblks].end = base + len;
    memblk[nr_memblks].node = (uint8_t)node;
    nr_memblks++;
}

void numa_parse_srat(const void *srat, size_t len)
{
    nr_nodes = 0;
    if (acpi_srat_parse(srat, len, srat_cpu, srat_mem, NULL) || !nr_nodes) {
        printk(XENLOG_WARNING "NUMA: unusable SRAT; one node\n");
        nr_nodes = 1;
        nr_memblks = nr_cpu_aff = 0;
        return;
    }
    srat_valid = true;
}

unsigned int numa_node_of_addr(paddr_t pa)
{
    for (unsigned int i = 0; i < nr_memblks; i++)
        if (pa >= memblk[i].base && pa < memblk[i].end)
            return memblk[i].node;
    return 0;
}

unsigned int numa_node_of_pfn(unsigned long pfn, unsigned long *end)
{
    unsigned long next = ~0UL;

    for (unsigned int i = 0; i < nr_memblks; i++) {
        unsigned long s = PFN_DOWN(memblk[i].base), e = PFN_DOWN(memblk[i].end);

        if (pfn >= s && pfn < e) {
            *end = e;
            return memblk[i].node;
        }
        if (s > pfn && s < next)
            next = s;
    }
    *end = next;
    return 0;
}

void numa_parse_slit(const void *t, size_t len)
{
    if (acpi_slit_parse(t, len, slit, MAX_NUMNODES, &slit_n)) {
        printk(XENLOG_WARNING "NUMA: SLIT looks invalid; not used\n");
        slit_n = 0;
    }
}

unsigned int numa_distance(unsigned int a, unsigned int b)
{
    uint32_t pa, pb;

    if (!srat_valid || !slit_n || a >= nr_nodes || b >= nr_nodes)
        return a == b ? 10 : 20;
    pa = node_pxm[a];
    pb = node_pxm[b];
    if (pa >= slit_n || pb >= slit_n)
        return a == b ? 10 : 20;
    return slit[pa * MAX_NUMNODES + pb];
}

void numa_assign_cpus(void)
{
    cpu_to_node = xzalloc_array(uint8_t, nr_cpu_ids);
    if (!cpu_to_node) {
        printk(XENLOG_WARNING "NUMA: no memory for the CPU map\n");
        return;
    }
    for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
        for (unsigned int i = 0; i < nr_cpu_aff; i++)
            if (cpu_aff[i].apic_id == x86_cpu_to_apicid[cpu])
                cpu_to_node[cpu] = cpu_aff[i].node;
    for (unsigned int n = 0; n < nr_nodes; n++) {
        uint64_t lo = ~0ULL, hi = 0;

        for (unsigned int i = 0; i < nr_memblks; i++)
            if (memblk[i].node == n) {
                lo = memblk[i].base < lo ? memblk[i].base : lo;
                hi = memblk[i].end > hi ? memblk[i].end : hi;
            }
        node_memory[n] = hi > lo ? hi - lo : 0;
        node_start[n] = hi > lo ? lo : 0;
    }
    if (!srat_valid) {
        node_memory[0] = (uint64_t)total_pages << PAGE_SHIFT;
        return;
    }
    for (unsigned int n = 0; n < nr_nodes; n++) {
        unsigned int cpus = 0;

        for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
            cpus += cpu_to_node[cpu] == n;
        printk("NUMA: node %u (PXM %u): %u CPUs, %llu MiB\n", n, node_pxm[n],
               cpus, (unsigned long long)(node_memory[n] >> 20));
    }
    if (slit_n)
        for (unsigned int a = 0; a < nr_nodes; a++) {
            char line[8 * MAX_NUMNODES];
            size_t off = 0;

            for (unsigned int b = 0; b < nr_nodes && off + 8 < sizeof(line);
                 b++)
                off += (size_t)snprintf(line + off, sizeof(line) - off, " %u",
                                        numa_distance(a, b));
            printk("NUMA: distances from node %u:%s\n", a, line);
        }
}
