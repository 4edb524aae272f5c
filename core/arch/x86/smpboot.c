/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary CPU bring-up (Intel SDM vol. 3, 8.4.4: INIT-SIPI-SIPI).  CPU
 * numbers: 0 is the boot CPU, the others follow MADT order.  All per-CPU
 * arrays are allocated for exactly the CPUs found.
 */
#include <xenith/acpi.h>
#include <xenith/bootinfo.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/param.h>
#include <xenith/percpu.h>
#include <xenith/shutdown.h>
#include <xenith/smp.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>
#include <xenith/asm/topology.h>
#include <xenith/asm/hvm/hvm.h>

/* Page below 1 MiB for the AP start-up code (SIPI vector = page number). */
static paddr_t trampoline_pa;

unsigned int nr_cpu_ids = 1;
uint32_t *x86_cpu_to_apicid;
cpumask_t cpu_online_map;
void **stack_base;
unsigned long ap_boot_stack; /* read by ap_entry64 */

static unsigned int opt_maxcpus = MAX_CPUS_SUPPORTED;
integer_param("maxcpus", opt_maxcpus);

extern char trampoline_start[], trampoline_end[];
extern uint32_t tramp_gdt_base, tramp_far32, tramp_far64, tramp_cr3, tramp_efer;
extern const uint32_t tramp_off_gdt, tramp_off_32, tramp_off_64;
extern pgentry_t boot_l3_ident[];

void start_secondary(void);
void idle_loop(void) __noreturn;
void *smp_alloc_stack(unsigned int cpu);
void mce_init_cpu(unsigned int cpu);

/* APIC IDs collected from the MADT (grown as needed while parsing). */
static uint32_t *madt_ids;
static unsigned int madt_nr, madt_cap;

void smp_collect_apic_id(uint32_t apic_id, void *ctx);
void smp_collect_apic_id(uint32_t apic_id, void *ctx)
{
    if (madt_nr == madt_cap) {
        unsigned int cap = madt_cap ? madt_cap * 2 : 64;
        uint32_t *n = xmalloc_bytes(cap * sizeof(*n));

        if (!n)
            return;
        if (madt_ids)
            memcpy(n, madt_ids, madt_nr * sizeof(*n));
        xfree(madt_ids);
        madt_ids = n;
        madt_cap = cap;
    }
    madt_ids[madt_nr++] = apic_id;
}

static bool id_taken(uint32_t id, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        if (x86_cpu_to_apicid[i] == id)
            return true;
    return false;
}

/*
 * Number the CPUs: the boot CPU is 0, then every other APIC ID of the
 * MADT in table order, up to maxcpus.  Allocates the per-CPU arrays.
 */
void smp_prepare_cpus(void);
void smp_prepare_cpus(void)
{
    unsigned int limit = MIN(opt_maxcpus, (unsigned int)MAX_CPUS_SUPPORTED);
    unsigned int n = 1;

    if (!limit)
        limit = 1;
    x86_cpu_to_apicid = xmalloc_bytes((madt_nr + 1) * sizeof(uint32_t));
    stack_base = xzalloc_bytes((madt_nr + 1) * sizeof(void *));
    if (!x86_cpu_to_apicid || !stack_base)
        panic("no memory for CPU tables");
    x86_cpu_to_apicid[0] = apic_current_id();
    for (unsigned int i = 0; i < madt_nr; i++) {
        if (id_taken(madt_ids[i], n))
            continue;
        if (!x2apic_enabled && madt_ids[i] > 0xfe) {
            printk(XENLOG_WARNING "SMP: APIC ID %u needs x2APIC mode; "
                                  "CPU not used\n",
                   madt_ids[i]);
            continue;
        }
        if (n == limit) {
            printk(XENLOG_WARNING "SMP: CPU limit %u reached, APIC ID %u "
                                  "and later ones not used\n",
                   limit, madt_ids[i]);
            break;
        }
        x86_cpu_to_apicid[n++] = madt_ids[i];
    }
    nr_cpu_ids = n;
    if (percpu_init_areas(nr_cpu_ids))
        panic("no memory for per-CPU areas");
    get_cpu_info()->per_cpu_offset = __per_cpu_offset[0];
    get_cpu_info()->processor_id = 0;
    cpumask_set_cpu(0, &cpu_online_map);
}

/* First C code on an AP, on its own stack, interrupts off. */
void start_secondary(void)
{
    unsigned int cpu = smp_processor_id();

    get_cpu_info()->current_vcpu = idle_vcpu[cpu];
    idle_vcpu[cpu]->is_running = true;
    load_cpu_tables(cpu, stack_base[cpu]);
    syscall_init_cpu(cpu);
    cpu_setup_features(cpu);
    hvm_cpu_up(cpu);
    mce_init_cpu(cpu);
    apic_setup_cpu();
    topology_detect_cpu(cpu);
    if (apic_current_id() != x86_cpu_to_apicid[cpu])
        printk(XENLOG_WARNING "CPU%u: APIC ID %u, expected %u\n", cpu,
               apic_current_id(), x86_cpu_to_apicid[cpu]);
    cpumask_set_cpu(cpu, &cpu_online_map);
    idle_loop();
}

/*
 * The highest RAM page below 640 KiB that no boot module uses (loaders may
 * put modules in low memory, as GRUB does on EFI).  0 if there is none.
 */
static paddr_t find_trampoline_page(void)
{
    for (paddr_t pa = 0x9f000; pa >= 0x1000; pa -= PAGE_SIZE) {
        bool used = false;

        if (!e820_all_of_type(&boot_info.e820, pa, pa + PAGE_SIZE, E820_RAM))
            continue;
        for (unsigned int i = 0; i < boot_info.nr_modules && !used; i++) {
            const struct boot_module *m = &boot_info.modules[i];

            used = m->start < pa + PAGE_SIZE && m->start + m->size > pa;
        }
        if (!used)
            return pa;
    }
    return 0;
}

static void setup_trampoline(void)
{
    uint8_t *page = __va(trampoline_pa);

    tramp_gdt_base = (uint32_t)trampoline_pa + tramp_off_gdt;
    tramp_far32 = (uint32_t)trampoline_pa + tramp_off_32;
    tramp_far64 = (uint32_t)trampoline_pa + tramp_off_64;
    tramp_cr3 = (uint32_t)__pa(idle_pg_table);
    tramp_efer = (uint32_t)(rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE | EFER_SCE));
    memcpy(page, trampoline_start, trampoline_end - trampoline_start);
    /* Identity map of low memory, for the switch to paging. */
    idle_pg_table[0] = (__pa(boot_l3_ident)) | _PAGE_PRESENT | _PAGE_RW;
}

static bool wait_online(unsigned int cpu, unsigned long us)
{
    for (; us; us -= 10) {
        if (cpu_online(cpu))
            return true;
        udelay(10);
    }
    return cpu_online(cpu);
}

_Static_assert(STACKS_VIRT_START >= GDT_VIRT_START + (unsigned long)NR_CPUS *
                                                         GDT_WINDOW_PAGES *
                                                         PAGE_SIZE,
               "stack area overlaps the GDT windows");
_Static_assert(STACKS_VIRT_START + (unsigned long)NR_CPUS * STACK_SIZE <=
                   XEN_VIRT_START,
               "stack area overlaps the image");

/*
 * A CPU's stack block, mapped at its slot of the stack area: page 0 stays
 * unmapped as a guard (an overflow faults, and the fault is handled on
 * the #DF IST stack in page 1); pages 1-7 are fresh heap pages.
 */
void *smp_alloc_stack(unsigned int cpu)
{
    unsigned long va = STACKS_VIRT_START + (unsigned long)cpu * STACK_SIZE;

    for (unsigned int i = 1; i < (1u << STACK_ORDER); i++) {
        void *p = alloc_xenheap_page();

        if (!p || map_pages(va + i * PAGE_SIZE, __pa(p), 1, PAGE_HYPERVISOR_RW))
            return NULL;
    }
    return (void *)va;
}

static int boot_one_cpu(unsigned int cpu)
{
    uint32_t apic_id = x86_cpu_to_apicid[cpu];
    void *stack = smp_alloc_stack(cpu);
    struct cpu_info *ci;

    if (!stack)
        return -ENOMEM;
    stack_base[cpu] = stack;
    ci = stack_cpu_info(stack);
    memset(ci, 0, CPUINFO_SIZE);
    ci->processor_id = cpu;
    ci->per_cpu_offset = __per_cpu_offset[cpu];
    ap_boot_stack = (unsigned long)ci;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);

    apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_ASSERT);
    mdelay(10);
    for (unsigned int i = 0; i < 2; i++) {
        apic_send_ipi(apic_id,
                      APIC_DM_STARTUP | (uint32_t)(trampoline_pa >> 12));
        if (wait_online(cpu, i ? 1000000 : 200))
            return 0;
    }
    /* Park it again, so a late start cannot reuse the next CPU's stack. */
    apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_ASSERT);
    return -ETIMEDOUT;
}

unsigned int smp_boot_cpus(void)
{
    if (nr_cpu_ids == 1)
        return 1;
    trampoline_pa = find_trampoline_page();
    if (!trampoline_pa) {
        printk(XENLOG_WARNING "SMP: no free low page for the AP start-up "
                              "code; one CPU only\n");
        return 1;
    }
    setup_trampoline();
    for (unsigned int cpu = 1; cpu < nr_cpu_ids; cpu++)
        if (boot_one_cpu(cpu))
            printk(XENLOG_ERR "SMP: CPU%u (APIC ID %u) did not start\n", cpu,
                   x86_cpu_to_apicid[cpu]);
    idle_pg_table[0] = 0;
    flush_tlb_local();
    return num_online_cpus();
}

static void stop_interrupt(struct cpu_user_regs *regs)
{
    apic_eoi();
    cpumask_clear_cpu(smp_processor_id(), &cpu_online_map);
    cpu_halt_forever();
}

static void event_check_interrupt(struct cpu_user_regs *regs)
{
    apic_eoi(); /* The idle loop looks at the softirq bits. */
}

void smp_intr_init(void);
void smp_call_init(void);
void smp_intr_init(void)
{
    smp_call_init();
    set_irq_handler(STOP_VECTOR, stop_interrupt);
    set_irq_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
}

/*
 * Stop the other CPUs: an IPI first; CPUs that do not answer within
 * 100 ms (interrupts off, stuck) get an NMI, which do_trap() turns into a
 * halt while nmi_stop_requested is set.
 */
void smp_send_stop(void)
{
    if (!x86_cpu_to_apicid || num_online_cpus() <= 1)
        return;
    apic_send_ipi_allbutself(STOP_VECTOR);
    for (unsigned int i = 0; i < 100 && num_online_cpus() > 1; i++)
        udelay(1000);
    if (num_online_cpus() <= 1)
        return;
    printk("Stopping %u unresponsive CPU(s) with an NMI\n",
           num_online_cpus() - 1);
    WRITE_ONCE(nmi_stop_requested, true);
    apic_send_ipi_allbutself(APIC_DM_NMI);
    for (unsigned int i = 0; i < 100 && num_online_cpus() > 1; i++)
        udelay(1000);
}

void smp_send_event_check_cpu(unsigned int cpu)
{
    apic_send_ipi(x86_cpu_to_apicid[cpu], EVENT_CHECK_VECTOR);
}
