/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CMOS real-time clock read at boot (MC146818A datasheet): wait for the
 * end of an update cycle (status A bit 7 clear), read the time registers
 * twice until two reads agree, decode with status B's format bits.
 */
#include <xenith/lib.h>
#include <xenith/spinlock.h>
#include <xenith/time.h>
#include <xenith/wallclock.h>
#include <xenith/asm/io.h>
#include <xenith/asm/processor.h>

#define RTC_CENTURY 0x32 /* the usual ACPI FADT century register */

static uint64_t boot_unix_sec; /* wall clock at system time 0 */

/* The index/data pair is one latch: every access takes the lock. */
static DEFINE_SPINLOCK(cmos_lock);

uint8_t cmos_read(uint8_t reg)
{
    unsigned long f = spin_lock_irqsave(&cmos_lock);
    uint8_t v;

    outb(reg & 0x7f, 0x70);
    v = inb(0x71);
    spin_unlock_irqrestore(&cmos_lock, f);
    return v;
}

void cmos_write(uint8_t reg, uint8_t val)
{
    unsigned long f = spin_lock_irqsave(&cmos_lock);

    outb(reg & 0x7f, 0x70);
    outb(val, 0x71);
    spin_unlock_irqrestore(&cmos_lock, f);
}

static void read_raw(uint8_t raw[6])
{
    static const uint8_t regs[6] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09 };

    for (unsigned int i = 0; i < 100000 && (cmos_read(0x0a) & 0x80); i++)
        cpu_relax();
    for (unsigned int i = 0; i < 6; i++)
        raw[i] = cmos_read(regs[i]);
}

bool wallclock_init(void)
{
    uint8_t a[6], b[6];
    struct rtc_time t;
    unsigned int tries = 0;

    do {
        read_raw(a);
        read_raw(b);
    } while (memcmp(a, b, sizeof(a)) && ++tries < 10);
    if (!rtc_decode(a, cmos_read(0x0b), cmos_read(RTC_CENTURY), &t)) {
        printk(XENLOG_WARNING "RTC: no valid time; wall clock starts at "
                              "1970\n");
        return false;
    }
    boot_unix_sec = rtc_to_unix(&t) - (uint64_t)(NOW() / 1000000000);
    printk("RTC: %04u-%02u-%02u %02u:%02u:%02u UTC\n", t.year, t.mon, t.day,
           t.hour, t.min, t.sec);
    return true;
}

void wallclock_now(uint64_t *sec, uint32_t *nsec)
{
    s_time_t now = NOW();

    *sec = boot_unix_sec + (uint64_t)(now / 1000000000);
    *nsec = (uint32_t)(now % 1000000000);
}
