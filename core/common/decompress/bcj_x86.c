/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 BCJ filter, decoding direction.  The encoder turned the relative
 * 32-bit targets of CALL (E8) and JMP (E9) instructions into absolute
 * addresses so that repeated calls to one function compress better; this
 * turns them back.  A target is converted only if its top byte is 0x00 or
 * 0xff (a plausible near displacement), and a small history of recently
 * seen E8/E9 bytes (prev_mask) suppresses conversions that are unlikely to
 * be real instructions, exactly as the encoder decided.
 *
 * The filter runs once over a whole decoded block, so no state needs to
 * survive between calls.  The last four bytes of a block are never
 * converted, as in the encoder.
 */
#include "xz_private.h"

/* True if @b could be the top byte of a near displacement. */
static bool near_top_byte(uint8_t b)
{
    return b == 0x00 || b == 0xff;
}

/* Convert one absolute target back to relative; see the file comment. */
static uint32_t bcj_x86_target(uint32_t src, uint32_t ip, uint32_t mask)
{
    /* For mask states 1..7, which byte of the target to re-test. */
    static const uint8_t test_byte[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };
    uint32_t dest;

    /*
     * The mask history guarantees this ends after at most one re-test;
     * the bound keeps even a broken invariant from hanging the caller.
     */
    for (unsigned int round = 0; round < 8; round++) {
        unsigned int shift;

        dest = src - ip;
        if (mask == 0)
            break;
        shift = test_byte[(mask >> 1) & 7] * 8u;
        if (!near_top_byte((uint8_t)(dest >> (24 - shift))))
            break;
        src = dest ^ (uint32_t)((1ull << (32 - shift)) - 1);
    }
    return dest;
}

/*
 * The first index from @i below @lim whose byte is E8 or E9, or @lim.
 * Eight bytes a step: x has a zero byte exactly where the byte, bit 0
 * ignored, is E8, and (x - 0x01..01) & ~x & 0x80..80 is non-zero exactly
 * when x has a zero byte.
 */
static size_t bcj_x86_skip(const uint8_t *buf, size_t i, size_t lim)
{
    const uint64_t ones = 0x0101010101010101ull;

    for (; lim - i >= 8; i += 8) {
        uint64_t w, x;

        __builtin_memcpy(&w, buf + i, 8);
        x = (w & ~ones) ^ (0xe8 * ones);
        if ((x - ones) & ~x & (0x80 * ones))
            break;
    }
    while (i < lim && (buf[i] & 0xfe) != 0xe8)
        i++;
    return i;
}

/* Undo the x86 BCJ conversion over @buf; @start_offset is the filter's. */
void bcj_x86_decode(uint8_t *buf, size_t size, uint32_t start_offset)
{
    /* Which prev_mask histories still allow a conversion. */
    static const bool allowed[8] = { true, true,  true,  false,
                                     true, false, false, false };
    uint32_t mask = 0, prev_pos = start_offset - 5;
    size_t i = 0;

    if (size < 5)
        return;
    while (i <= size - 5) {
        uint32_t now = start_offset + (uint32_t)i, gap;
        uint8_t top;

        if ((buf[i] & 0xfe) != 0xe8) {
            i = bcj_x86_skip(buf, i + 1, size - 4);
            continue;
        }
        gap = now - prev_pos;
        prev_pos = now;
        if (gap > 5) {
            mask = 0;
        } else {
            for (uint32_t k = 0; k < gap; k++)
                mask = (mask & 0x77) << 1;
        }
        top = buf[i + 4];
        if (near_top_byte(top) && allowed[(mask >> 1) & 7] &&
            (mask >> 1) < 0x10) {
            uint32_t src = ((uint32_t)top << 24) | (uint32_t)buf[i + 3] << 16 |
                           (uint32_t)buf[i + 2] << 8 | buf[i + 1];
            uint32_t dest = bcj_x86_target(src, now + 5, mask);

            buf[i + 4] = (dest >> 24) & 1 ? 0xff : 0x00;
            buf[i + 3] = (uint8_t)(dest >> 16);
            buf[i + 2] = (uint8_t)(dest >> 8);
            buf[i + 1] = (uint8_t)dest;
            i += 5;
            mask = 0;
        } else {
            i++;
            mask |= 1;
            if (near_top_byte(top))
                mask |= 0x10;
        }
    }
}
