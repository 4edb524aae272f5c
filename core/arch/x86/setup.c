/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot processor's path from the boot loader to a running system:
 * console, memory, ACPI, CPU tables, APICs, time, the other CPUs, and a
 * report of what came up.
 */
#include <xenith/acpi.h>
#include <xenith/bootinfo.h>
#include <xenith/console.h>
#include <xenith/domain.h>
#include <xenith/asm/pv/domain.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/pci.h>
#include <xenith/panic.h>
#include <xenith/param.h>
#include <xenith/percpu.h>
#include <xenith/selftest.h>
#include <xenith/smp.h>
#include <xenith/time.h>
#include <xenith/timer.h>
#include <xenith/wallclock.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/topology.h>
#include <xenith/asm/hvm/hvm.h>

void __start_xenith(uint32_t magic, uint32_t info_pa);
void memory_init(void);
void smp_collect_apic_id(uint32_t apic_id, void *ctx);
void smp_prepare_cpus(void);
void smp_intr_init(void);
void idle_loop(void) __noreturn;
extern char _start[], _end[];
void *smp_alloc_stack(unsigned int cpu);
void mce_init_cpu(unsigned int cpu);
void mce_start_polling(void);

/* Dom0's part of the command line (after " -- "), for the domain builder. */
const char *dom0_cmdline_extra;

/* Whether the BIOS left the display in a VGA text mode. */
static bool bios_text_mode(void)
{
    uint8_t mode = *(const uint8_t *)__va(0x449);
    uint16_t crtc = *(const uint16_t *)__va(0x463);

    return (mode <= 3 || mode == 7) && (crtc == 0x3d4 || crtc == 0x3b4);
}

static void print_banner(void)
{
    char line[128];
    int n = snprintf(line, sizeof(line), "Xenith %s (x86_64 hypervisor)\n",
                     XENITH_VERSION);

    /* Unprefixed, so the first line of the log names the hypervisor. */
    console_write(line, (size_t)n);
}

static void print_boot_info(void)
{
    printk("Boot loader: %s%s%s\n", boot_info.protocol,
           boot_info.loader[0] ? ", " : "", boot_info.loader);
    printk("Command line: %s\n", boot_info.cmdline);
    printk("Image at %#llx-%#llx\n", (unsigned long long)__pa(_start),
           (unsigned long long)__pa(_end));
    for (unsigned int i = 0; i < boot_info.nr_modules; i++)
        printk("Module %u: %#llx-%#llx \"%s\"\n", i,
               (unsigned long long)boot_info.modules[i].start,
               (unsigned long long)(boot_info.modules[i].start +
                                    boot_info.modules[i].size),
               boot_info.modules[i].cmdline);
    if (boot_info.modules_dropped)
        printk(XENLOG_WARNING "%u boot modules ignored (limit %u)\n",
               boot_info.modules_dropped, MAX_BOOT_MODULES);
}

static void report_boot(s_time_t t_start)
{
    char line[96];
    unsigned int cpu, col = 0, len = 0;

    printk("Xenith %s booted: %u CPUs online, %lu MiB RAM\n", XENITH_VERSION,
           num_online_cpus(), total_pages >> (20 - PAGE_SHIFT));
    for_each_online_cpu(cpu)
    {
        len += (unsigned int)snprintf(line + len, sizeof(line) - len,
                                      " CPU%u:apic%u", cpu,
                                      x86_cpu_to_apicid[cpu]);
        if (++col == 6) {
            printk("CPUs:%s\n", line);
            col = len = 0;
        }
    }
    if (col)
        printk("CPUs:%s\n", line);
    printk("Boot took %lld ms (%llu ms since reset)\n",
           (long long)((NOW() - t_start) / 1000000),
           (unsigned long long)(rdtsc() / cpu_khz));
}

/*
 * Second half of the boot, on the boot CPU's own guarded stack (see
 * smp_alloc_stack()).
 */
static void __noreturn start_xenith_on_cpu_stack(void)
{
    s_time_t t0;
    int rc;

    load_cpu_tables(0, stack_base[0]);
    syscall_init_cpu(0);
    cpu_setup_features(0);
    hvm_detect();
    hvm_cpu_up(0);
    mce_init_cpu(0);
    apic_setup_cpu();
    io_apic_init();
    smp_intr_init();
    time_init();
    t0 = NOW();
    wallclock_init();
    timer_init();
    local_irq_enable();
    smp_boot_cpus();
    topology_report();
    rc = scheduler_init();
    if (rc)
        panic("scheduler initialisation failed (%d)", rc);
    pci_scan();
    keyhandler_init();
    ns16550_rx_init();
    mce_start_polling();
    report_boot(t0);
    selftest_run();
    syscall_handler = pv_syscall;
    pv_construct_dom0();
    idle_loop();
}

/* Continue at fn on the stack whose cpu_info is ci (never returns). */
static void __noreturn switch_stack(struct cpu_info *ci, void (*fn)(void))
{
    *ci = *get_cpu_info();
    __asm__ __volatile__("mov %0, %%rsp\n\t"
                         "xor %%ebp, %%ebp\n\t"
                         "call *%1\n\t"
                         "ud2"
                         :
                         : "r"(ci), "r"(fn)
                         : "memory");
    __builtin_unreachable();
}

void __start_xenith(uint32_t magic, uint32_t info_pa)
{
    int rc = multiboot_parse(magic, info_pa);

    dom0_cmdline_extra = cmdline_parse_all(boot_info.cmdline);
    vga_text_possible =
        boot_info.vga_text || (!boot_info.efi && rc == 0 && bios_text_mode());
    console_init();
    trap_init_early();
    print_banner();
    if (rc)
        panic("Unsupported boot loader (magic %#x) or no memory map (%d)",
              magic, rc);
    print_boot_info();
    cmdline_report_problems();
    cmdline_check_duplicates();

    cpu_detect_boot();
    memory_init();
    if (acpi_boot_init(smp_collect_apic_id))
        printk(XENLOG_WARNING "ACPI: no usable MADT; one CPU only\n");
    apic_init_bsp(acpi_madt.lapic_address);
    smp_prepare_cpus();
    if (topology_init())
        panic("no memory for the CPU topology table");
    topology_detect_cpu(0);
    numa_assign_cpus();
    heap_split_nodes();
    idle_domain_init();
    stack_base[0] = smp_alloc_stack(0);
    if (!stack_base[0])
        panic("no memory for the boot CPU's stack");
    switch_stack(stack_cpu_info(stack_base[0]), start_xenith_on_cpu_stack);
}
