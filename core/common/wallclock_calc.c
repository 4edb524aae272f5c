/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Calendar arithmetic for the wall clock (pure logic; host-tested by
 * tests/unit/test_wallclock.c).
 */
#include <xenith/wallclock.h>

static unsigned int bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 0xf);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static uint64_t days_from_civil(unsigned int y, unsigned int m, unsigned int d)
{
    uint64_t era, yoe, doy, doe;

    if (m <= 2)
        y--;
    era = y / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

uint64_t rtc_to_unix(const struct rtc_time *t)
{
    return days_from_civil(t->year, t->mon, t->day) * 86400 + t->hour * 3600 +
           t->min * 60 + t->sec;
}

bool rtc_decode(const uint8_t raw[6], uint8_t status_b, uint8_t century,
                struct rtc_time *t)
{
    bool binary = status_b & 0x04, h24 = status_b & 0x02;
    uint8_t hour = raw[2];
    bool pm = !h24 && (hour & 0x80);
    static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30,
                                             31, 31, 30, 31, 30, 31 };

    hour &= 0x7f;
    t->sec = binary ? raw[0] : bcd(raw[0]);
    t->min = binary ? raw[1] : bcd(raw[1]);
    t->hour = binary ? hour : bcd(hour);
    t->day = binary ? raw[3] : bcd(raw[3]);
    t->mon = binary ? raw[4] : bcd(raw[4]);
    t->year = binary ? raw[5] : bcd(raw[5]);
    if (!h24) {
        if (t->hour == 12)
            t->hour = 0;
        if (pm)
            t->hour += 12;
    }
    if (century)
        t->year += (binary ? century : bcd(century)) * 100;
    else
        t->year += t->year < 70 ? 2000 : 1900;
    return t->sec < 60 && t->min < 60 && t->hour < 24 && t->mon >= 1 &&
           t->mon <= 12 && t->day >= 1 && t->day <= mdays[t->mon - 1];
}
