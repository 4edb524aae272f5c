/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time keeping: the TSC and the LAPIC timer are calibrated over 50 ms
 * against the HPET when ACPI lists one ("hpet=0" to skip it), else against
 * PIT channel 2 (gated through port 0x61).  System time is the
 * scaled TSC; the TSCs of all CPUs are assumed synchronised (constant,
 * invariant TSC; checked by the boot self-test of the CPU list).
 */
#include <xenith/acpi.h>
#include <xenith/lib.h>
#include <xenith/param.h>
#include <xenith/panic.h>
#include <xenith/shutdown.h>
#include <xenith/softirq.h>
#include <xenith/time.h>
#include <xenith/time_scale.h>
#include <xenith/asm/apic.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/io.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/regs.h>

#define PIT_HZ       1193182
#define CALIBRATE_MS 50

uint64_t cpu_khz, apic_timer_khz;
static uint64_t tsc_at_boot;
static struct time_scale tsc_scale; /* TSC ticks -> ns (PV clock form) */
static uint64_t ns_to_apic_mul;     /* ticks = (ns * mul) >> 32 */

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

/*
 * HPET (IA-PC HPET specification 1.0a, 2.3): capabilities at 0x0 (counter
 * period in femtoseconds in bits 63:32, 64-bit counter if bit 13), general
 * configuration at 0x10 (bit 0 enables the counter), main counter at 0xf0.
 */
#define HPET_GCAP  0x000
#define HPET_CONF  0x010
#define HPET_COUNT 0x0f0

static bool opt_hpet = true;
boolean_param("hpet", opt_hpet);

static volatile uint8_t *hpet;
static uint64_t hpet_fs; /* femtoseconds per tick */
static bool hpet_64bit;

static bool hpet_init(void)
{
    uint64_t cap;

    if (!opt_hpet || !acpi_hpet_base)
        return false;
    hpet = ioremap(acpi_hpet_base, 0x400);
    if (!hpet)
        return false;
    cap = readq(hpet + HPET_GCAP);
    hpet_fs = cap >> 32;
    hpet_64bit = cap & (1u << 13);
    /* The specification bounds the period to 100 ns. */
    if (!hpet_fs || hpet_fs > 100000000ULL) {
        hpet = NULL;
        return false;
    }
    writeq(readq(hpet + HPET_CONF) | 1, hpet + HPET_CONF);
    return true;
}

static uint64_t hpet_read(void)
{
    return hpet_64bit ? readq(hpet + HPET_COUNT) : readl(hpet + HPET_COUNT);
}

/* Nanoseconds between two HPET readings. */
static uint64_t hpet_ns(uint64_t from, uint64_t to)
{
    uint64_t d = hpet_64bit ? to - from : (uint32_t)(to - from);

    /* Femtoseconds fit in 64 bits for intervals of up to five hours. */
    return d * hpet_fs / 1000000;
}

/*
 * Measure the TSC and the LAPIC timer over about CALIBRATE_MS against the
 * HPET if present (its counter gives the exact elapsed time), else
 * against PIT channel 2.  Returns the elapsed nanoseconds.
 */
static uint64_t calibrate(uint64_t *tsc, uint32_t *apic, const char **src)
{
    uint64_t t0, h0, h1 = 0, ns;
    uint32_t a0;

    apic_write(APIC_TDCR, 0xb);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_TMICT, 0xffffffff);
    if (hpet_init()) {
        *src = "HPET";
        h0 = hpet_read();
        t0 = rdtsc();
        a0 = apic_read(APIC_TMCCT);
        do {
            h1 = hpet_read();
        } while (hpet_ns(h0, h1) < CALIBRATE_MS * 1000000ULL);
        ns = hpet_ns(h0, h1);
    } else {
        *src = "PIT";
        pit_wait_start(PIT_HZ * CALIBRATE_MS / 1000);
        t0 = rdtsc();
        a0 = apic_read(APIC_TMCCT);
        while (!pit_expired())
            ;
        ns = CALIBRATE_MS * 1000000ULL;
    }
    *tsc = rdtsc() - t0;
    *apic = a0 - apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
    tsc_at_boot = t0;
    return ns;
}

void time_init(void)
{
    const char *src;
    uint64_t tsc, ns;
    uint32_t apic;

    ns = calibrate(&tsc, &apic, &src);
    cpu_khz = tsc * 1000000ULL / ns;
    apic_timer_khz = (uint64_t)apic * 1000000ULL / ns;
    if (!cpu_khz || !apic_timer_khz)
        panic("time calibration failed (TSC %llu kHz, APIC %llu kHz)",
              (unsigned long long)cpu_khz, (unsigned long long)apic_timer_khz);
    time_scale_from_hz(cpu_khz * 1000, &tsc_scale);
    ns_to_apic_mul = (apic_timer_khz << 32) / 1000000ULL;
    set_irq_handler(TIMER_VECTOR, timer_interrupt);
    printk("TSC: %llu.%03llu MHz, LAPIC timer: %llu.%03llu MHz "
           "(calibrated against the %s)\n",
           (unsigned long long)(cpu_khz / 1000),
           (unsigned long long)(cpu_khz % 1000),
           (unsigned long long)(apic_timer_khz / 1000),
           (unsigned long long)(apic_timer_khz % 1000), src);
}

s_time_t NOW(void)
{
    return (s_time_t)scale_delta(rdtsc() - tsc_at_boot, &tsc_scale);
}

/*
 * Publish the current time in a guest's vcpu_time_info: the version is
 * odd while the fields change (the guest retries), and the guest computes
 * the same NOW() as the hypervisor from tsc_timestamp and the scale.
 */
void time_fill_vcpu_info(struct vcpu_time_info *t)
{
    uint64_t tsc;

    WRITE_ONCE(t->version, t->version + 1);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    tsc = rdtsc();
    t->tsc_timestamp = tsc;
    t->system_time = scale_delta(tsc - tsc_at_boot, &tsc_scale);
    t->tsc_to_system_mul = tsc_scale.mul_frac;
    t->tsc_shift = tsc_scale.shift;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    WRITE_ONCE(t->version, t->version + 1);
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
