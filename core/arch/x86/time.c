/*
 * Time keeping: the TSC and the LAPIC timer are calibrated against PIT
 * channel 2 (gated through port 0x61) over 50 ms.  System time is the
 * scaled TSC; the TSCs of all CPUs are assumed synchronised (constant,
 * invariant TSC; checked by the boot self-test of the CPU list).
 */
#include <xenith/lib.h>
#include <xenith/panic.h>
#include <xenith/shutdown.h>
#include <xenith/softirq.h>
#include <xenith/time.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/io.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>

#define PIT_HZ       1193182
#define CALIBRATE_MS 50

uint64_t cpu_khz, apic_timer_khz;
static uint64_t tsc_at_boot;
static uint64_t tsc_to_ns_mul;  /* ns = (tsc * mul) >> 32 */
static uint64_t ns_to_apic_mul; /* ticks = (ns * mul) >> 32 */

/* Busy-wait for ticks of the PIT using channel 2 in mode 0. */
static void pit_wait_start(uint16_t ticks)
{
    outb((inb(0x61) & ~0x02) | 0x01, 0x61); /* gate on, speaker off */
    outb(0xb0, 0x43); /* channel 2, lobyte/hibyte, mode 0, binary */
    outb(ticks & 0xff, 0x42);
    outb(ticks >> 8, 0x42);
}

static bool pit_expired(void)
{
    return inb(0x61) & 0x20; /* OUT2 goes high at terminal count */
}

/* LAPIC timer interrupt: the timer softirq does the work. */
static void timer_interrupt(struct cpu_user_regs *regs)
{
    apic_eoi();
    raise_softirq(TIMER_SOFTIRQ);
}

void time_init(void)
{
    uint16_t ticks = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t t0, t1;
    uint32_t a0, a1;

    apic_write(APIC_TDCR, 0xb);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_TMICT, 0xffffffff);
    pit_wait_start(ticks);
    t0 = rdtsc();
    a0 = apic_read(APIC_TMCCT);
    while (!pit_expired())
        ;
    t1 = rdtsc();
    a1 = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);

    cpu_khz = (t1 - t0) / CALIBRATE_MS;
    apic_timer_khz = (uint64_t)(a0 - a1) / CALIBRATE_MS;
    if (!cpu_khz || !apic_timer_khz)
        panic("time calibration failed (TSC %llu kHz, APIC %llu kHz)",
              (unsigned long long)cpu_khz, (unsigned long long)apic_timer_khz);
    tsc_to_ns_mul = (1000000ULL << 32) / cpu_khz;
    ns_to_apic_mul = (apic_timer_khz << 32) / 1000000ULL;
    tsc_at_boot = t0;
    set_irq_handler(TIMER_VECTOR, timer_interrupt);
    printk("TSC: %llu.%03llu MHz, LAPIC timer: %llu.%03llu MHz\n",
           (unsigned long long)(cpu_khz / 1000),
           (unsigned long long)(cpu_khz % 1000),
           (unsigned long long)(apic_timer_khz / 1000),
           (unsigned long long)(apic_timer_khz % 1000));
}

s_time_t NOW(void)
{
    uint64_t d = rdtsc() - tsc_at_boot;

    return (s_time_t)(((unsigned __int128)d * tsc_to_ns_mul) >> 32);
}

void reprogram_timer(s_time_t deadline)
{
    s_time_t delta;
    uint64_t ticks;

    if (!deadline) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    delta = deadline - NOW();
    if (delta < MICROSECS(1))
        delta = MICROSECS(1);
    ticks = ((unsigned __int128)delta * ns_to_apic_mul) >> 32;
    if (!ticks)
        ticks = 1;
    if (ticks > 0xffffffffULL)
        ticks = 0xffffffffULL;           /* fires early; the handler re-arms */
    apic_write(APIC_LVTT, TIMER_VECTOR); /* one-shot, unmasked */
    apic_write(APIC_TMICT, (uint32_t)ticks);
}

void udelay(unsigned long us)
{
    if (cpu_khz) {
        uint64_t end = rdtsc() + us * cpu_khz / 1000;

        while ((int64_t)(rdtsc() - end) < 0)
            cpu_relax();
        return;
    }
    /* Before calibration: PIT chunks of at most 50 ms. */
    while (us) {
        unsigned long chunk = us > 50000 ? 50000 : us;

        pit_wait_start((uint16_t)(PIT_HZ / 1000 * chunk / 1000 + 1));
        while (!pit_expired())
            ;
        us -= chunk;
    }
}

void mdelay(unsigned long ms)
{
    if (cpu_khz) {
        uint64_t end = rdtsc() + ms * cpu_khz;

        while ((int64_t)(rdtsc() - end) < 0)
            cpu_relax();
        return;
    }
    while (ms--)
        udelay(1000);
}
