/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine-check architecture (Intel SDM vol. 3, ch. 15; AMD APM vol. 2,
 * ch. 9).  Each CPU enables every bank's error reporting and CR4.MCE.  A
 * machine-check exception (#MC, on its IST stack) logs every valid bank
 * and panics when the error is uncorrected and the interrupted context
 * cannot continue (PCC set, or RIPV clear); corrected errors, which raise
 * no exception, are found by a poll of the banks on every CPU
 * ("mce_poll_ms=", default 15000; 0 disables polling).
 */
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/param.h>
#include <xenith/percpu.h>
#include <xenith/smp.h>
#include <xenith/time.h>
#include <xenith/timer.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>

#define MSR_MCG_CAP      0x179
#define MSR_MCG_STATUS   0x17a
#define MSR_MCG_CTL      0x17b
#define MSR_MC_CTL(b)    (0x400 + 4 * (b))
#define MSR_MC_STATUS(b) (0x401 + 4 * (b))
#define MSR_MC_ADDR(b)   (0x402 + 4 * (b))
#define MSR_MC_MISC(b)   (0x403 + 4 * (b))

#define MCG_CTL_P (1UL << 8)
#define MCG_RIPV  (1UL << 0)
#define MCG_MCIP  (1UL << 2)
#define MCI_VAL   (1UL << 63)
#define MCI_UC    (1UL << 61)
#define MCI_MISCV (1UL << 59)
#define MCI_ADDRV (1UL << 58)
#define MCI_PCC   (1UL << 57)

static unsigned int mce_banks;
static bool mce_enabled;
static unsigned int opt_mce_poll_ms = 15000;
integer_param("mce_poll_ms", opt_mce_poll_ms);
static DEFINE_PER_CPU(struct timer, mce_poll_timer);

/* Log one valid bank; returns true if it reports an uncorrected error that
 * leaves the processor context corrupt. */
static bool log_bank(unsigned int cpu, unsigned int b, uint64_t st,
                     bool exception)
{
    printk(XENLOG_ERR "MCE: CPU%u bank %u status %016llx%s\n", cpu, b,
           (unsigned long long)st,
           st & MCI_UC ? " (uncorrected)" : " (corrected)");
    if (st & MCI_ADDRV)
        printk(XENLOG_ERR "MCE:   address %016llx\n",
               (unsigned long long)rdmsr(MSR_MC_ADDR(b)));
    if (st & MCI_MISCV)
        printk(XENLOG_ERR "MCE:   misc %016llx\n",
               (unsigned long long)rdmsr(MSR_MC_MISC(b)));
    return exception && (st & MCI_UC) && (st & MCI_PCC);
}

/* Scan every bank; clear what was logged.  Returns "fatal". */
static bool scan_banks(bool exception)
{
    unsigned int cpu = smp_processor_id();
    bool fatal = false;

    for (unsigned int b = 0; b < mce_banks; b++) {
        uint64_t st = rdmsr(MSR_MC_STATUS(b));

        if (!(st & MCI_VAL))
            continue;
        /* The poll leaves uncorrected errors to the #MC handler. */
        if (!exception && (st & MCI_UC))
            continue;
        fatal |= log_bank(cpu, b, st, exception);
        wrmsr(MSR_MC_STATUS(b), 0);
    }
    return fatal;
}

/* #MC handler (called from do_trap on the MCE IST stack). */
void do_machine_check(struct cpu_user_regs *regs);
void do_machine_check(struct cpu_user_regs *regs)
{
    uint64_t mcg = mce_enabled ? rdmsr(MSR_MCG_STATUS) : 0;
    bool fatal = mce_enabled ? scan_banks(true) : true;

    if (fatal || !(mcg & MCG_RIPV)) {
        show_registers(regs);
        panic("Machine check on CPU%u: uncorrectable error%s",
              smp_processor_id(), mcg & MCG_RIPV ? "" : " (RIP not valid)");
    }
    wrmsr(MSR_MCG_STATUS, mcg & ~MCG_MCIP);
    printk(XENLOG_WARNING "MCE: CPU%u recovered from a machine check\n",
           smp_processor_id());
}

static void mce_poll(void *data)
{
    struct timer *t = &this_cpu(mce_poll_timer);

    scan_banks(false);
    set_timer(t, NOW() + MILLISECS(opt_mce_poll_ms));
}

void mce_init_cpu(unsigned int cpu);
void mce_init_cpu(unsigned int cpu)
{
    struct cpuid_regs r;
    uint64_t cap;

    cpuid(1, &r);
    /* MCE (bit 7) and MCA (bit 14) */
    if ((r.d & ((1u << 7) | (1u << 14))) != ((1u << 7) | (1u << 14)))
        return;
    cap = rdmsr(MSR_MCG_CAP);
    if (cpu == 0) {
        mce_banks = cap & 0xff;
        mce_enabled = true;
        printk("MCE: %u banks, polling every %u ms\n", mce_banks,
               opt_mce_poll_ms);
    }
    if (cap & MCG_CTL_P)
        wrmsr(MSR_MCG_CTL, ~0ULL);
    for (unsigned int b = 0; b < mce_banks; b++) {
        wrmsr(MSR_MC_CTL(b), ~0ULL);
        wrmsr(MSR_MC_STATUS(b), 0);
    }
    write_cr4(read_cr4() | X86_CR4_MCE);
}

/* Start the corrected-error polls (after the timers exist). */
void mce_start_polling(void);
void mce_start_polling(void)
{
    unsigned int cpu;

    if (!mce_enabled || !opt_mce_poll_ms)
        return;
    for_each_online_cpu(cpu)
    {
        struct timer *t = &per_cpu(mce_poll_timer, cpu);

        init_timer(t, mce_poll, NULL, cpu);
        set_timer(t, NOW() + MILLISECS(opt_mce_poll_ms));
    }
}
