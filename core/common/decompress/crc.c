/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC32 (IEEE 802.3, as used by gzip and xz) and CRC64 (ECMA-182, as used by
 * xz), both in their bit-reflected form with pre- and post-inversion.
 *
 * The lookup tables are computed on first use.  Two CPUs racing on the
 * first use both write identical values, so no lock is needed.  CRC32 is
 * "sliced by 8": eight tables, where table k gives a byte's contribution
 * k bytes further on, fold eight input bytes per step with eight lookups
 * instead of eight dependent ones (xz checks every decoded kernel byte).
 */
#include "private.h"

#define CRC32_POLY 0xedb88320u
#define CRC64_POLY 0xc96c5795d7870f42ull

static uint32_t crc32_table[8][256];
static uint64_t crc64_table[256];
static volatile bool crc32_ready, crc64_ready;

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ CRC32_POLY : c >> 1;
        crc32_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int k = 1; k < 8; k++)
            crc32_table[k][i] = (crc32_table[k - 1][i] >> 8) ^
                                crc32_table[0][crc32_table[k - 1][i] & 0xff];
    crc32_ready = true;
}

static void crc64_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint64_t c = i;

        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ CRC64_POLY : c >> 1;
        crc64_table[i] = c;
    }
    crc64_ready = true;
}

/* Continue a CRC32 over @len more bytes; start with @crc = 0. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint32_t c = ~crc;

    if (!crc32_ready)
        crc32_init();
    for (; len >= 8; len -= 8, p += 8) {
        uint32_t lo = c ^ get_le32(p), hi = get_le32(p + 4);

        c = crc32_table[7][lo & 0xff] ^ crc32_table[6][(lo >> 8) & 0xff] ^
            crc32_table[5][(lo >> 16) & 0xff] ^ crc32_table[4][lo >> 24] ^
            crc32_table[3][hi & 0xff] ^ crc32_table[2][(hi >> 8) & 0xff] ^
            crc32_table[1][(hi >> 16) & 0xff] ^ crc32_table[0][hi >> 24];
    }
    while (len--)
        c = crc32_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

/* Continue a CRC64 over @len more bytes; start with @crc = 0. */
uint64_t crc64_update(uint64_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint64_t c = ~crc;

    if (!crc64_ready)
        crc64_init();
    while (len--)
        c = crc64_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}
