/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys on the serial console (when input goes to the hypervisor).
 * Keys are queued from the serial interrupt and handled in
 * KEYPRESS_SOFTIRQ on the same CPU, where taking ordinary locks is safe.
 * One table maps each key to its handler.
 *
 * Locking: key_lock (irq-safe) protects the small key queue.
 */
#include <xenith/arch_domctl.h>
#include <xenith/console.h>
#include <xenith/domain.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/pci.h>
#include <xenith/shutdown.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/spinlock.h>
#include <xenith/time.h>

struct keyhandler {
    char key;
    void (*fn)(char key);
    const char *desc;
};

static const struct keyhandler keys[];

static void key_help(char key)
{
    printk("'%c' pressed -> showing installed handlers\n", key);
    for (unsigned int i = 0; keys[i].fn; i++)
        printk(" key '%c' (ascii '%02x') => %s\n", keys[i].key, keys[i].key,
               keys[i].desc);
}

static void key_memory(char key)
{
    unsigned long small, large;

    printk("'%c' pressed -> memory info\n", key);
    printk("RAM: %lu MiB in %lu pages, highest frame %#lx\n",
           total_pages >> (20 - PAGE_SHIFT), total_pages, max_page);
    printk("Heap: %lu pages free (%lu MiB), %lu of them to scrub\n",
           heap_free_pages(), heap_free_pages() >> (20 - PAGE_SHIFT),
           heap_dirty_pages());
    xmalloc_stats(&small, &large);
    printk("xmalloc: %lu pages of small blocks, %lu in large blocks\n", small,
           large);
}

static void dump_domain(struct domain *d, void *ctx)
{
    printk("Domain %u: %s, max_vcpus %u%s\n", d->domain_id,
           d->is_privileged ? "privileged" : "unprivileged", d->max_vcpus,
           d->is_dying ? ", dying" : "");
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (v)
            printk("  vCPU%u: pCPU %u, %s%s\n", i, v->processor,
                   v->is_running ? "running" : "not running",
                   v->sched.blocked ? ", blocked" : "");
    }
}

static void key_dom0_regs(char key)
{
    struct domain *d = get_domain_by_id(0);

    printk("'%c' pressed -> dumping Dom0's registers\n", key);
    if (!d)
        return;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            arch_dump_vcpu(d->vcpu[i]);
    put_domain(d);
}

static void key_domains(char key)
{
    printk("'%c' pressed -> dumping domain info\n", key);
    for_each_domain(dump_domain, NULL);
}

static void key_sched(char key)
{
    printk("'%c' pressed -> dumping scheduler info\n", key);
    sched_dump_all();
}

static void key_time(char key)
{
    printk("'%c' pressed -> time: %lld ns since boot, TSC %llu kHz\n", key,
           (long long)NOW(), (unsigned long long)cpu_khz);
}

static void key_cpus(char key)
{
    unsigned int cpu;

    printk("'%c' pressed -> %u CPUs online\n", key, num_online_cpus());
    for_each_online_cpu(cpu)
        printk("  CPU%u: APIC ID %u\n", cpu, x86_cpu_to_apicid[cpu]);
}

/* A domain's frames per node: one walk of the frame table (its owner
 * and allocated flag say whose a frame is).  Hypervisor pages shared with
 * it (shared_info, grant frames) are left out, as Xen's key leaves its
 * xenpage_list out. */
static void dump_domain_nodes(struct domain *d, void *ctx)
{
    unsigned long count[MAX_NUMNODES] = { 0 };
    unsigned int nodes = nr_nodes ? nr_nodes : 1;

    for (unsigned long pfn = 0; pfn < max_page; pfn++) {
        const struct page_info *pg = pfn_to_page(pfn);

        if ((pg->count_info & PGC_state_mask) == PGC_state_inuse &&
            (pg->count_info & PGC_allocated) &&
            !(pg->count_info & PGC_xen_heap) &&
            READ_ONCE(pg->owner) == d->domain_id) {
            unsigned int n = heap_node_of_page(pg);

            count[n < MAX_NUMNODES ? n : 0]++;
        }
    }
    printk("Domain %u (total: %lu):\n", d->domain_id, READ_ONCE(d->tot_pages));
    for (unsigned int n = 0; n < nodes; n++)
        printk("    Node %u: %lu\n", n, count[n]);
}

/* Xen's NUMA key: each node's frames and free pages, the CPUs of each
 * node, and where each domain's memory is. */
static void key_numa(char key)
{
    unsigned int nodes = nr_nodes ? nr_nodes : 1, cpu, first = 0, run = 0;

    printk("'%c' pressed -> dumping numa info (now = %lld)\n", key,
           (long long)NOW());
    for (unsigned int n = 0; n < nodes; n++)
        printk("NODE%u start->%llu size->%llu free->%lu\n", n,
               (unsigned long long)(node_start[n] >> PAGE_SHIFT),
               (unsigned long long)(node_memory[n] >> PAGE_SHIFT),
               heap_node_free_pages(n));
    for_each_online_cpu(cpu)
    {
        unsigned int node = cpu_to_node ? cpu_to_node[cpu] : 0;

        if (run && cpu == first + run &&
            node == (cpu_to_node ? cpu_to_node[first] : 0)) {
            run++;
            continue;
        }
        if (run > 1)
            printk("CPU%u...%u -> NODE%u\n", first, first + run - 1,
                   cpu_to_node ? cpu_to_node[first] : 0);
        else if (run)
            printk("CPU%u -> NODE%u\n", first,
                   cpu_to_node ? cpu_to_node[first] : 0);
        first = cpu;
        run = 1;
    }
    if (run > 1)
        printk("CPU%u...%u -> NODE%u\n", first, first + run - 1,
               cpu_to_node ? cpu_to_node[first] : 0);
    else if (run)
        printk("CPU%u -> NODE%u\n", first,
               cpu_to_node ? cpu_to_node[first] : 0);
    printk("Memory location of each domain:\n");
    for_each_domain(dump_domain_nodes, NULL);
}

static void key_pci(char key)
{
    printk("'%c' pressed -> dumping PCI devices\n", key);
    pci_dump();
}

static void key_reboot(char key)
{
    printk("'%c' pressed -> rebooting machine\n", key);
    machine_restart();
}

static const struct keyhandler keys[] = {
    { 'h', key_help, "show this message" },
    { '0', key_dom0_regs, "dump Dom0 registers" },
    { 'c', key_cpus, "list online CPUs" },
    { 'm', key_memory, "memory info" },
    { 'q', key_domains, "dump domain (and guest debug) info" },
    { 'r', key_sched, "dump run queues" },
    { 't', key_time, "show system time" },
    { 'u', key_numa, "dump NUMA info" },
    { 'Q', key_pci, "dump PCI devices" },
    { 'R', key_reboot, "reboot machine" },
    { 0, NULL, NULL },
};

#define KEYQ 16
static char keyq[KEYQ];
static unsigned int keyq_prod, keyq_cons;
static DEFINE_SPINLOCK(key_lock);

void keyhandler_queue(char key)
{
    unsigned long f = spin_lock_irqsave(&key_lock);

    if (keyq_prod - keyq_cons < KEYQ)
        keyq[keyq_prod++ % KEYQ] = key;
    spin_unlock_irqrestore(&key_lock, f);
    raise_softirq(KEYPRESS_SOFTIRQ);
}

static void keypress_softirq(void)
{
    for (;;) {
        unsigned long f = spin_lock_irqsave(&key_lock);
        char key;

        if (keyq_cons == keyq_prod) {
            spin_unlock_irqrestore(&key_lock, f);
            return;
        }
        key = keyq[keyq_cons++ % KEYQ];
        spin_unlock_irqrestore(&key_lock, f);
        for (unsigned int i = 0; keys[i].fn; i++)
            if (keys[i].key == key) {
                keys[i].fn(key);
                break;
            }
    }
}

void keyhandler_init(void)
{
    open_softirq(KEYPRESS_SOFTIRQ, keypress_softirq);
}
