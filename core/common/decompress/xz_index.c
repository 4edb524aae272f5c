/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The .xz index: one record (unpadded size, uncompressed size) per block.
 * The decoder folds the records it derives from the blocks it decoded and
 * the records it reads from the index into the same running summary and
 * compares the two, so the number of blocks needs no memory.
 */
#include "xz_private.h"

/*
 * Read a variable-length integer (7 bits per byte, least significant
 * first, at most 9 bytes, minimal encoding).  Returns 0 or -EINVAL.
 */
int xz_varint(const uint8_t *in, size_t len, size_t *pos, uint64_t *val)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < 9; i++) {
        uint8_t b;

        if (*pos >= len)
            return -EINVAL;
        b = in[(*pos)++];
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            if (b == 0 && i > 0)
                return -EINVAL;
            *val = v;
            return 0;
        }
    }
    return -EINVAL;
}

/* Fold one record into the summary. */
void xz_index_add(struct xz_index_sum *sum, uint64_t unpadded,
                  uint64_t uncompressed)
{
    uint8_t rec[16];

    for (unsigned int i = 0; i < 8; i++) {
        rec[i] = (uint8_t)(unpadded >> (8 * i));
        rec[8 + i] = (uint8_t)(uncompressed >> (8 * i));
    }
    sum->count++;
    sum->unpadded += unpadded;
    sum->uncompressed += uncompressed;
    sum->hash = crc64_update(sum->hash, rec, sizeof(rec));
}

/*
 * Parse the index starting at in[0] (the 0x00 indicator) into @sum and
 * return its size in bytes (padding and CRC32 included).
 */
int xz_index_parse(const uint8_t *in, size_t len, struct xz_index_sum *sum,
                   size_t *index_size)
{
    size_t pos = 1;
    uint64_t count;

    __builtin_memset(sum, 0, sizeof(*sum));
    if (len < 8 || in[0] != 0)
        return -EINVAL;
    if (xz_varint(in, len, &pos, &count))
        return -EINVAL;
    /* Each record takes at least two bytes, which bounds the loop. */
    if (count > len / 2)
        return -EINVAL;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t unpadded, usize;

        if (xz_varint(in, len, &pos, &unpadded) ||
            xz_varint(in, len, &pos, &usize))
            return -EINVAL;
        if (unpadded < 5 || unpadded > (UINT64_MAX >> 2))
            return -EINVAL;
        xz_index_add(sum, unpadded, usize);
    }
    while (pos & 3) {
        if (pos >= len || in[pos] != 0)
            return -EINVAL;
        pos++;
    }
    if (len - pos < 4 || crc32_update(0, in, pos) != get_le32(in + pos))
        return -EINVAL;
    *index_size = pos + 4;
    return 0;
}

/*
 * Read the total uncompressed size of the .xz stream in @in from its index,
 * found through the stream footer.  The stream may be followed by stream
 * padding or by a 4-byte little-endian size (as Linux appends to its
 * compressed kernels).
 */
int xz_size_hint(const uint8_t *in, size_t len, uint64_t *size)
{
    struct xz_index_sum sum;
    size_t end = len, isize, back;

    if (end >= 4 && !(end >= 2 && in[end - 2] == 'Y' && in[end - 1] == 'Z'))
        end -= 4;
    while (end >= 16 && get_le32(in + end - 4) == 0)
        end -= 4;
    if (end < 24 || in[end - 2] != 'Y' || in[end - 1] != 'Z')
        return -EINVAL;
    if (crc32_update(0, in + end - 8, 6) != get_le32(in + end - 12))
        return -EINVAL;
    back = ((size_t)get_le32(in + end - 8) + 1) * 4;
    if (back > end - 24)
        return -EINVAL;
    if (xz_index_parse(in + end - 12 - back, back, &sum, &isize) ||
        isize != back)
        return -EINVAL;
    *size = sum.uncompressed;
    return 0;
}
