/* SPDX-License-Identifier: GPL-2.0-only */
/* Boot self-tests (see xenith/selftest.h). */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/param.h>
#include <xenith/percpu.h>
#include <xenith/selftest.h>
#include <xenith/shutdown.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/subop.h>
#include <xenith/time.h>
#include <xenith/time_scale.h>
#include <xenith/timer.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>

static char opt_selftest[16];
void idle_loop(void) __noreturn;
string_param("xenith_selftest", opt_selftest);

static unsigned int timers_fired;
static unsigned int waiter_cpu;

/* Count the expiry and wake the waiting CPU (it may be halted). */
static void test_timer_fn(void *data)
{
    __atomic_fetch_add(&timers_fired, 1, __ATOMIC_SEQ_CST);
    if (smp_processor_id() != waiter_cpu)
        smp_send_event_check_cpu(waiter_cpu);
}

static void wake_fn(void *data)
{
}

/*
 * Arm a 10 ms one-shot timer on every online CPU and wait for all of them
 * (the boot CPU halts between interrupts).  Returns true if all fired.
 */
static bool check_timers(void)
{
    unsigned int n = num_online_cpus(), cpu;
    struct timer *t = xzalloc_array(struct timer, nr_cpu_ids);
    s_time_t start = NOW(), deadline = start + SECONDS(10);
    struct timer wake;
    bool ok;

    if (!t)
        return false;
    waiter_cpu = smp_processor_id();
    init_timer(&wake, wake_fn, NULL, waiter_cpu);
    set_timer(&wake, deadline);
    for_each_online_cpu(cpu)
    {
        init_timer(&t[cpu], test_timer_fn, NULL, cpu);
        set_timer(&t[cpu], start + MILLISECS(10));
    }
    for (;;) {
        do_softirq();
        if (__atomic_load_n(&timers_fired, __ATOMIC_SEQ_CST) >= n ||
            NOW() >= deadline)
            break;
        local_irq_disable();
        if (softirq_pending(smp_processor_id()))
            local_irq_enable();
        else
            safe_halt();
    }
    ok = timers_fired == n;
    printk("Self-test: %u of %u CPU timers fired in %lld us\n", timers_fired, n,
           (long long)((NOW() - start) / 1000));
    for_each_online_cpu(cpu) stop_timer(&t[cpu]);
    stop_timer(&wake);
    xfree(t);
    return ok;
}

/*
 * Create a domain with one blocked vCPU per pCPU, let every CPU run the
 * scheduler (which must keep choosing idle), then destroy the domain.
 */
static bool check_domains(void)
{
    unsigned int n = num_online_cpus(), cpu, i = 0;
    struct domain *d, *e;
    int rc = domain_create(1, n, false, &d);

    if (rc) {
        printk(XENLOG_ERR "Self-test: domain_create: %d\n", rc);
        return false;
    }
    for_each_online_cpu(cpu)
    {
        rc = vcpu_create(d, i++, cpu);
        if (rc) {
            printk(XENLOG_ERR "Self-test: vcpu_create: %d\n", rc);
            return false;
        }
    }
    e = get_domain_by_id(1);
    if (e != d || domain_create(1, 1, false, &e) != -EEXIST)
        return false;
    put_domain(d);
    for_each_online_cpu(cpu) cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
    do_softirq();
    for_each_online_cpu(cpu) if (sched_curr(cpu)) return false;
    rc = domain_destroy(d);
    if (rc || get_domain_by_id(1)) {
        printk(XENLOG_ERR "Self-test: domain_destroy: %d\n", rc);
        return false;
    }
    printk("Self-test: domain with %u vCPUs created, scheduled around and "
           "destroyed\n",
           n);
    return true;
}

/*
 * Guest copies: from an unmapped address, into the hypervisor's range and
 * across the canonical hole they fail cleanly (exception fixup, range
 * checks); through a page mapped user-accessible in the guest half of the
 * address space (as a PV guest's would be) they work, with SMAP on if the
 * CPU has it.  The test mapping lives in L4 slot 0, which is empty after
 * boot, and is removed again.
 */
static bool check_guest_access(void)
{
    const uint64_t va = 0x10000000;
    unsigned long v = 0x1234, w = 0;
    void *page;
    bool ok;

    if (copy_from_guest(&w, va, sizeof(w)) != -EFAULT ||
        copy_to_guest(va, &v, sizeof(v)) != -EFAULT ||
        raw_copy_from_guest(&w, (uint64_t)&v, sizeof(w)) != sizeof(w) ||
        raw_copy_from_guest(&w, 0x00007ffffffffffcUL, 8) != 8 ||
        copy_from_guest(&w, 0xfffffffffffffffcUL, 8) != -EFAULT)
        return false;
    page = alloc_zeroed_page();
    if (!page || idle_pg_table[0])
        return false;
    if (map_pages(va, __pa(page), 1, PAGE_HYPERVISOR_RW | _PAGE_USER))
        return false;
    ok = !copy_to_guest(va + 8, &v, sizeof(v)) &&
         *(unsigned long *)((char *)page + 8) == v &&
         !copy_from_guest(&w, va + 8, sizeof(w)) && w == v &&
         raw_copy_from_guest(&w, va + PAGE_SIZE - 4, 8) == 4;
    idle_pg_table[0] = 0;
    flush_tlb_local();
    free_xenheap_page(page);
    if (ok && copy_from_guest(&w, va, sizeof(w)) != -EFAULT)
        ok = false;
    if (ok)
        printk("Self-test: guest memory access checks passed\n");
    return ok;
}

/* Recurse until the stack's guard page stops it (the limit is never
 * reached; it only hides the endless recursion from the compiler). */
static volatile unsigned long overflow_limit = ~0UL;

static unsigned long overflow_stack(unsigned long depth)
{
    volatile char pad[512];

    pad[0] = (char)depth;
    if (depth < overflow_limit)
        return overflow_stack(depth + 1) + pad[0];
    return pad[0];
}

static unsigned int calls_done;
static unsigned long *tlb_seen;

static void count_call(void *info)
{
    __atomic_fetch_add(&calls_done, 1, __ATOMIC_SEQ_CST);
}

static void read_test_va(void *info)
{
    tlb_seen[smp_processor_id()] = *(volatile unsigned long *)info;
}

/*
 * Cross-CPU calls reach every online CPU; after a PTE changes and
 * flush_tlb_mask() runs, every CPU sees the new page (each first cached
 * the old translation by reading through it).
 */
static bool check_cross_calls(void)
{
    const unsigned long va = 0x20000000;
    unsigned long *a = alloc_zeroed_page(), *b = alloc_zeroed_page();
    unsigned int cpu;
    bool ok = true;

    tlb_seen = xzalloc_array(unsigned long, nr_cpu_ids);
    if (!a || !b || !tlb_seen || idle_pg_table[0])
        return false;
    on_selected_cpus(&cpu_online_map, count_call, NULL);
    if (calls_done != num_online_cpus())
        ok = false;
    *a = 0xaaaa;
    *b = 0xbbbb;
    if (ok && map_pages(va, __pa(a), 1, PAGE_HYPERVISOR_RW))
        ok = false;
    if (ok) {
        on_selected_cpus(&cpu_online_map, read_test_va, (void *)va);
        map_pages(va, __pa(b), 1, PAGE_HYPERVISOR_RW);
        flush_tlb_mask(&cpu_online_map);
        on_selected_cpus(&cpu_online_map, read_test_va, (void *)va);
        for_each_online_cpu(cpu) if (tlb_seen[cpu] != 0xbbbb) ok = false;
    }
    idle_pg_table[0] = 0;
    flush_tlb_mask(&cpu_online_map);
    free_xenheap_page(a);
    free_xenheap_page(b);
    xfree(tlb_seen);
    if (ok)
        printk("Self-test: cross-CPU calls and TLB flush on %u CPUs\n",
               num_online_cpus());
    return ok;
}

/*
 * Ring-3 round trip: code in a user page (as a PV guest kernel runs)
 * loops a while with interrupts on, reads the M2P through the guest view,
 * makes hypercalls (xen_version, console_io), runs the emulated CPUID
 * (forced-emulation prefix, handled from #UD) and a last SYSCALL whose
 * frame the handler checks before the boot continues on a fresh stack.
 * Exercises the ring-3 GDT entries, TSS.rsp0, the SYSCALL stub and MSRs, and
 * interrupts taken from ring 3.
 */
#define USER_VA      0x30000000UL
#define USER_M2P_OFF 14  /* offset of the address in movabs below */
#define USER_RET_OFF 120 /* return address of the last syscall */
#define TEST_DONE    0xfff
/* clang-format off */
static uint8_t user_code[] = {
    0xbf, 0x78, 0x56, 0x34, 0x12,             /* mov $0x12345678, %edi */
    0xb9, 0x00, 0x00, 0x00, 0x01,             /* mov $0x1000000, %ecx */
    0xe2, 0xfe,                               /* loop . */
    0x48, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0,       /* movabs $m2p_entry, %rbx */
    0x48, 0x8b, 0x13,                         /* mov (%rbx), %rdx */
    0x49, 0x89, 0xd7,                         /* mov %rdx, %r15 */
    /* xen_version(XENVER_version) -> %r12 */
    0xb8, 0x11, 0x00, 0x00, 0x00,             /* mov $17, %eax */
    0x31, 0xff,                               /* xor %edi, %edi */
    0x0f, 0x05,                               /* syscall */
    0x49, 0x89, 0xc4,                         /* mov %rax, %r12 */
    /* console_io(CONSOLEIO_write, 24, msg) -> %r13 */
    0xb8, 0x12, 0x00, 0x00, 0x00,             /* mov $18, %eax */
    0x31, 0xff,                               /* xor %edi, %edi */
    0xbe, 0x18, 0x00, 0x00, 0x00,             /* mov $24, %esi */
    0x48, 0x8d, 0x15, 0x3f, 0x00, 0x00, 0x00, /* lea msg(%rip), %rdx */
    0x0f, 0x05,                               /* syscall */
    0x49, 0x89, 0xc5,                         /* mov %rax, %r13 */
    /* console_io(99) -> %r14 (-ENOSYS) */
    0xb8, 0x12, 0x00, 0x00, 0x00,             /* mov $18, %eax */
    0xbf, 0x63, 0x00, 0x00, 0x00,             /* mov $99, %edi */
    0x0f, 0x05,                               /* syscall */
    0x49, 0x89, 0xc6,                         /* mov %rax, %r14 */
    /* Emulated CPUID 0x40000000 -> %ebx, %ecx, %edx to %r9, %r10, %r11:
     * r11 is clobbered by syscall, so keep edx in %rbp. */
    0xb8, 0x00, 0x00, 0x00, 0x40,             /* mov $0x40000000, %eax */
    0x31, 0xc9,                               /* xor %ecx, %ecx */
    0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2,    /* ud2; "xen"; cpuid */
    0x49, 0x89, 0xd9,                         /* mov %rbx, %r9 */
    0x49, 0x89, 0xca,                         /* mov %rcx, %r10 */
    0x48, 0x89, 0xd5,                         /* mov %rdx, %rbp */
    0x49, 0x89, 0xc0,                         /* mov %rax, %r8 */
    /* end of test */
    0xbf, 0x78, 0x56, 0x34, 0x12,             /* mov $0x12345678, %edi */
    0xb8, 0xff, 0x0f, 0x00, 0x00,             /* mov $TEST_DONE, %eax */
    0x48, 0x89, 0xe6,                         /* mov %rsp, %rsi */
    0x0f, 0x05,                               /* syscall */
    0x0f, 0x0b,                               /* ud2 */
    /* msg: */
    'h', 'e', 'l', 'l', 'o', ' ', 'f', 'r', 'o', 'm', ' ', 'r', 'i', 'n',
    'g', ' ', '3', ' ', 'c', 'o', 'd', 'e', '!', '\n',
};
/* clang-format on */
static void *user_pages[2];
static bool user_ok;

static void finish(void)
{
    local_irq_enable();
    idle_pg_table[0] = 0;
    flush_tlb_mask(&cpu_online_map);
    free_xenheap_page(user_pages[0]);
    free_xenheap_page(user_pages[1]);
    if (!user_ok)
        panic("self-test: ring-3 SYSCALL round trip failed");
    printk("Self-test: ring-3 code made hypercalls; its registers arrived "
           "intact (%lu interrupts taken in ring 3)\n",
           ring3_interrupts);
    if (!strcmp(opt_selftest, "poweroff") || !strcmp(opt_selftest, "smep") ||
        !strcmp(opt_selftest, "smap"))
        machine_power_off();
    if (!strcmp(opt_selftest, "reboot"))
        machine_restart();
    printk(XENLOG_WARNING "Self-test: unknown test '%s'\n", opt_selftest);
    idle_loop();
}

/* SYSCALL from the test code: hypercalls, then TEST_DONE with results. */
static void user_syscall(struct cpu_user_regs *r)
{
    if (r->rax != TEST_DONE) {
        hypercall_dispatch(r);
        return;
    }
    user_ok =
        r->entry_vector == ENTRY_VECTOR_SYSCALL && r->cs == 0xe033 &&
        r->ss == 0xe02b && r->rdi == 0x12345678 &&
        r->rsi == USER_VA + 2 * PAGE_SIZE &&
        r->rsp == USER_VA + 2 * PAGE_SIZE && r->rip == USER_VA + USER_RET_OFF &&
        (r->rflags & X86_EFLAGS_IF) && r->rcx == r->rip &&
        r->r15 == 0x5678 && /* read from the guest view of the M2P */
        r->r12 == ((XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR) && r->r13 == 0 &&
        r->r14 == (uint64_t)-ENOSYS && r->r8 == 0x40000002 &&
        r->r9 == 0x566e6558 && r->r10 == 0x65584d4d && r->rbp == 0x4d4d566e;
    set_gpfn_from_mfn(max_page - 1, INVALID_M2P_ENTRY);
    syscall_handler = NULL;
    reset_stack_and_jump(finish);
}

static void __noreturn run_user_test(void)
{
    struct cpu_user_regs *f = &get_cpu_info()->guest_cpu_user_regs;
    uint64_t m2p_entry;

    user_pages[0] = alloc_zeroed_page();
    user_pages[1] = alloc_zeroed_page();
    if (!user_pages[0] || !user_pages[1] || idle_pg_table[0] ||
        map_pages(USER_VA, __pa(user_pages[0]), 1,
                  _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED) ||
        map_pages(USER_VA + PAGE_SIZE, __pa(user_pages[1]), 1,
                  PAGE_HYPERVISOR_RW | _PAGE_USER))
        panic("self-test: cannot set up the ring-3 test");
    /* Ring 3 reads the last frame's M2P entry through the guest view. */
    set_gpfn_from_mfn(max_page - 1, 0x5678);
    m2p_entry = RO_MPT_VIRT_START + (max_page - 1) * sizeof(unsigned long);
    memcpy(user_code + USER_M2P_OFF, &m2p_entry, sizeof(m2p_entry));
    memcpy(user_pages[0], user_code, sizeof(user_code));
    syscall_handler = user_syscall;
    memset(f, 0, sizeof(*f));
    f->rip = USER_VA;
    f->cs = 0xe033;
    f->rflags = X86_EFLAGS_IF | 2;
    f->rsp = USER_VA + 2 * PAGE_SIZE;
    f->ss = 0xe02b;
    local_irq_disable();
    enter_guest_frame(f);
}

/*
 * The PV clock record gives the same time a guest would compute as NOW():
 * system_time + scaled (tsc - tsc_timestamp), within 100 us.
 */
static bool check_pvclock(void)
{
    struct vcpu_time_info t = { 0 };
    struct time_scale ts;
    s_time_t guest, host;

    time_fill_vcpu_info(&t);
    if ((t.version & 1) || !t.tsc_to_system_mul)
        return false;
    ts.shift = t.tsc_shift;
    ts.mul_frac = t.tsc_to_system_mul;
    mdelay(5);
    guest =
        (s_time_t)(t.system_time + scale_delta(rdtsc() - t.tsc_timestamp, &ts));
    host = NOW();
    if (guest - host > MICROSECS(100) || host - guest > MICROSECS(100))
        return false;
    printk("Self-test: PV clock matches system time (mul %#x shift %d)\n",
           t.tsc_to_system_mul, t.tsc_shift);
    return true;
}

/* The M2P's two views agree, and unknown frames read as invalid. */
static bool check_m2p(void)
{
    const volatile unsigned long *ro = (const unsigned long *)RO_MPT_VIRT_START;
    unsigned long mfn = max_page - 1;
    bool ok;

    if (get_gpfn_from_mfn(mfn) != INVALID_M2P_ENTRY ||
        get_gpfn_from_mfn(max_page) != INVALID_M2P_ENTRY)
        return false;
    set_gpfn_from_mfn(mfn, 0x1234);
    user_access_begin(); /* the guest view is user-accessible */
    ok = ro[mfn] == 0x1234 && get_gpfn_from_mfn(mfn) == 0x1234;
    user_access_end();
    set_gpfn_from_mfn(mfn, INVALID_M2P_ENTRY);
    if (ok)
        printk("Self-test: M2P read-write and read-only views agree\n");
    return ok;
}

/*
 * xenith_selftest=smep / smap: ring 0 executes from (smep) or reads
 * (smap, with EFLAGS.AC clear) a page mapped user-accessible.  With the
 * feature on, the access takes a page fault (error code 0x11: present,
 * instruction fetch; or 0x1: present, read) that the hypervisor reports
 * as fatal; with it off the access succeeds, which is reported and the
 * boot continues.
 */
static void user_access_test(bool exec)
{
    uint8_t *page = alloc_zeroed_page();
    volatile uint8_t *user = (volatile uint8_t *)USER_VA;
    unsigned int got;

    if (!page || idle_pg_table[0] ||
        map_pages(USER_VA, __pa(page), 1,
                  _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED))
        panic("self-test: cannot map the user page");
    page[0] = 0xb8; /* mov $0x5a, %eax; ret */
    page[1] = 0x5a;
    page[2] = page[3] = page[4] = 0;
    page[5] = 0xc3;
    if (exec) {
        printk("Self-test: ring 0 executes the user page at %016lx (SMEP "
               "%s)\n",
               USER_VA, boot_cpu.smep ? "on" : "off");
        __asm__ volatile("call *%1"
                         : "=a"(got)
                         : "r"(USER_VA)
                         : "memory", "cc");
    } else {
        printk("Self-test: ring 0 reads the user page at %016lx (SMAP %s)\n",
               USER_VA, boot_cpu.smap ? "on" : "off");
        if (boot_cpu.smap) /* make sure EFLAGS.AC is clear: clac */
            __asm__ volatile(".byte 0x0f, 0x01, 0xca" ::: "memory");
        got = user[1];
    }
    printk(XENLOG_WARNING "Self-test: ring 0 %s the user page (got %#x): "
                          "no %s fault\n",
           exec ? "ran code in" : "read", got, exec ? "SMEP" : "SMAP");
    idle_pg_table[0] = 0;
    flush_tlb_mask(&cpu_online_map);
    free_xenheap_page(page);
}

static void spin_irqs_off(void *data)
{
    local_irq_disable();
    for (;;)
        cpu_relax();
}

static void subop_report(const char *table, unsigned long cmd, const char *why)
{
    printk("Self-test: %s sub-op %lu %s\n", table, cmd, why);
}

/* Every registered sub-op table entry is complete (xenith/subop.h). */
static bool check_subop_tables(void)
{
    unsigned int n = (unsigned int)(__subop_end - __subop_start);

    if (subop_tables_check(__subop_start, n, subop_report))
        return false;
    printk("Self-test: %u sub-op tables complete\n", n);
    return true;
}

void selftest_run(void)
{
    if (!opt_selftest[0])
        return;
    if (!strcmp(opt_selftest, "panic")) {
        /* Leave the last CPU deaf to IPIs, so the panic needs an NMI. */
        if (num_online_cpus() > 1) {
            static struct timer spin;

            init_timer(&spin, spin_irqs_off, NULL, nr_cpu_ids - 1);
            set_timer(&spin, NOW());
            mdelay(50);
        }
        panic("self-test panic requested on the command line");
    }
    if (!strcmp(opt_selftest, "stack")) {
        printk("Self-test: overflowing the stack\n");
        overflow_stack(0);
    }
    if (!strcmp(opt_selftest, "trap")) {
        /* An address the compiler cannot see through: not mapped. */
        volatile unsigned long *bad = RELOC_HIDE((unsigned long *)NULL, 16);

        printk("Self-test: reading address %p\n", (void *)bad);
        (void)*bad;
    }
    if (!strcmp(opt_selftest, "smep") || !strcmp(opt_selftest, "smap"))
        user_access_test(opt_selftest[2] == 'e');
    if (!check_subop_tables())
        panic("self-test: a sub-op table entry is incomplete");
    if (!check_timers())
        panic("self-test: timers did not fire on every CPU");
    if (!check_domains())
        panic("self-test: domain/scheduler checks failed");
    if (!check_guest_access())
        panic("self-test: guest memory access checks failed");
    if (!check_cross_calls())
        panic("self-test: cross-CPU call or TLB flush checks failed");
    if (!check_m2p())
        panic("self-test: M2P checks failed");
    if (!check_pvclock())
        panic("self-test: PV clock check failed");
    /* Leaves this stack for good; finish() powers off or idles. */
    run_user_test();
}
