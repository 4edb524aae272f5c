/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the gzip/DEFLATE decoder, on data compressed at test time
 * by the host's gzip, plus corrupted and hand-made hostile streams.
 */
#include "test_loader_util.h"

/* Compress @data with @tool, decode, and compare byte for byte. */
static void roundtrip(const char *tool, const uint8_t *data, size_t len)
{
    size_t zlen;
    uint8_t *z = tu_compress(tool, data, len, &zlen);
    uint8_t *out = tu_outbuf(len);
    struct decompress_result res;
    enum decompress_format fmt;
    uint64_t hint = 0;

    assert_int_equal(decompress_sniff(z, zlen), DECOMP_GZIP);
    assert_int_equal(gunzip(z, zlen, out, len, &tu_allocator, &res), 0);
    assert_int_equal(res.out_len, len);
    assert_int_equal(res.in_used, zlen);
    assert_memory_equal(out, data, len);
    memset(out, 0, len);
    assert_int_equal(
        decompress_any(z, zlen, out, len, &tu_allocator, &res, &fmt), 0);
    assert_int_equal(fmt, DECOMP_GZIP);
    assert_memory_equal(out, data, len);
    assert_int_equal(decompress_size_hint(z, zlen, &hint), 0);
    assert_int_equal(hint, len);
    free(out);
    free(z);
}

static void test_empty_and_tiny(void **state)
{
    uint8_t one = 'x';

    (void)state;
    roundtrip("gzip -c", (const uint8_t *)"", 0);
    roundtrip("gzip -9 -c", &one, 1);
    roundtrip("gzip -1 -n -c", &one, 1);
}

static void test_levels_random_and_text(void **state)
{
    static const char *const tools[] = { "gzip -1 -c", "gzip -6 -n -c",
                                         "gzip -9 -c" };
    size_t len = 300000;
    uint8_t *r = malloc(len), *t = malloc(len);

    (void)state;
    tu_random(r, len, 1);
    tu_text(t, len, 2);
    for (unsigned int i = 0; i < 3; i++) {
        roundtrip(tools[i], r, len);
        roundtrip(tools[i], t, len);
        /* Odd sizes around the window and block boundaries. */
        roundtrip(tools[i], t, 32767);
        roundtrip(tools[i], r, 65537);
    }
    /* Every length and distance code. */
    tu_matches(t, len, 32768, 3);
    roundtrip("gzip -9 -c", t, len);
    roundtrip("gzip -1 -c", t, len);
    free(r);
    free(t);
}

static void test_multi_mib(void **state)
{
    size_t len = 5u << 20;
    uint8_t *buf = malloc(len);

    (void)state;
    tu_random(buf, len, 3);
    roundtrip("gzip -6 -c", buf, len);
    tu_text(buf, len, 4);
    roundtrip("gzip -9 -c", buf, len);
    memset(buf, 'A', len);
    roundtrip("gzip -c", buf, len);
    free(buf);
}

/*
 * Rebuild a gzip member with every optional header field (FEXTRA, FNAME,
 * FCOMMENT, FHCRC) around the body gzip produced.
 */
static uint8_t *full_header_member(const uint8_t *z, size_t zlen, size_t *len)
{
    static const uint8_t extra[] = { 'X', 'N', 3, 0, 1, 2, 3 };
    uint8_t *m = malloc(zlen + 64);
    size_t o = 10;
    uint32_t crc;

    memcpy(m, z, 10);
    m[3] = 0x04 | 0x08 | 0x10 | 0x02;
    m[o++] = sizeof(extra);
    m[o++] = 0;
    memcpy(m + o, extra, sizeof(extra));
    o += sizeof(extra);
    memcpy(m + o, "kernel.bin", 11);
    o += 11;
    memcpy(m + o, "a comment", 10);
    o += 10;
    crc = crc32_update(0, m, o);
    m[o++] = (uint8_t)crc;
    m[o++] = (uint8_t)(crc >> 8);
    memcpy(m + o, z + 10, zlen - 10);
    *len = o + zlen - 10;
    return m;
}

static void test_header_fields(void **state)
{
    size_t len = 5000, zlen, mlen;
    uint8_t *data = malloc(len), *out = malloc(len);
    uint8_t *z, *m;
    struct decompress_result res;

    (void)state;
    tu_text(data, len, 5);
    z = tu_compress("gzip -n -c", data, len, &zlen);
    assert_int_equal(z[3], 0); /* -n: no optional fields */
    m = full_header_member(z, zlen, &mlen);
    assert_int_equal(gunzip(m, mlen, out, len, &tu_allocator, &res), 0);
    assert_int_equal(res.out_len, len);
    assert_int_equal(res.in_used, mlen);
    assert_memory_equal(out, data, len);
    /* A wrong header CRC is rejected. */
    m[10 + 2 + 7 + 11 + 10] ^= 1;
    assert_int_equal(gunzip(m, mlen, out, len, &tu_allocator, &res), -EINVAL);
    m[10 + 2 + 7 + 11 + 10] ^= 1;
    /* Reserved flag bits are rejected. */
    m[3] |= 0x20;
    assert_int_equal(gunzip(m, mlen, out, len, &tu_allocator, &res), -EINVAL);
    free(m);
    free(z);
    free(data);
    free(out);
}

static void test_truncated_every_offset(void **state)
{
    size_t len = 3000, zlen;
    uint8_t *data = malloc(len), *z;

    (void)state;
    tu_text(data, len, 6);
    tu_random(data + 1000, 200, 7);
    z = tu_compress("gzip -c", data, len, &zlen);
    for (size_t cut = 0; cut < zlen; cut++) {
        uint8_t *in = malloc(cut ? cut : 1), *out = tu_outbuf(len);
        struct decompress_result res;

        memcpy(in, z, cut);
        assert_int_not_equal(gunzip(in, cut, out, len, &tu_allocator, &res), 0);
        free(in);
        free(out);
    }
    free(z);
    free(data);
}

static void test_bit_flips(void **state)
{
    size_t len = 20000, zlen, errors = 0, tries = 0;
    uint8_t *data = malloc(len), *z, *out = tu_outbuf(len);
    struct decompress_result res;

    (void)state;
    tu_text(data, len, 8);
    z = tu_compress("gzip -n -c", data, len, &zlen);
    /* Bytes 4..9 (MTIME, XFL, OS) are not covered by any check. */
    for (size_t pos = 10; pos < zlen; pos++) {
        for (unsigned int bit = 0; bit < 8; bit += 3) {
            int rc;

            z[pos] ^= (uint8_t)(1u << bit);
            rc = gunzip(z, zlen, out, len, &tu_allocator, &res);
            z[pos] ^= (uint8_t)(1u << bit);
            tries++;
            if (rc != 0) {
                errors++;
                continue;
            }
            /* Only unused padding bits may flip unnoticed. */
            assert_int_equal(res.out_len, len);
            assert_memory_equal(out, data, len);
        }
    }
    assert_true(errors * 100 >= tries * 99);
    free(out);
    free(z);
    free(data);
}

/*
 * Random multi-byte corruption of raw DEFLATE data (no CRC to catch it):
 * the decoder must stay inside its buffers (ASan watches) whatever it
 * decodes.
 */
static void test_random_corruption(void **state)
{
    size_t len = 30000, zlen;
    uint8_t *data = malloc(len), *z, *c, *out = tu_outbuf(len);
    struct decompress_result res;
    uint64_t x = 77;

    (void)state;
    tu_matches(data, len, 32768, 11);
    z = tu_compress("gzip -n -c", data, len, &zlen);
    c = malloc(zlen);
    for (unsigned int iter = 0; iter < 3000; iter++) {
        memcpy(c, z + 10, zlen - 10);
        for (unsigned int j = 0; j <= iter % 6; j++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            c[(x >> 33) % (zlen - 10)] ^= (uint8_t)(x >> 20) | 1;
        }
        if (inflate_raw(c, zlen - 10, out, len, &tu_allocator, &res) == 0)
            assert_true(res.out_len <= len && res.in_used <= zlen - 10);
    }
    free(c);
    free(z);
    free(out);
    free(data);
}

static void test_trailer_and_space(void **state)
{
    size_t len = 10000, zlen;
    uint8_t *data = malloc(len), *z, *out;
    struct decompress_result res;

    (void)state;
    tu_random(data, len, 9);
    z = tu_compress("gzip -c", data, len, &zlen);
    out = tu_outbuf(len - 1);
    assert_int_equal(gunzip(z, zlen, out, len - 1, &tu_allocator, &res),
                     -ENOSPC);
    free(out);
    out = tu_outbuf(len);
    z[zlen - 8] ^= 0x40; /* CRC32 */
    assert_int_equal(gunzip(z, zlen, out, len, &tu_allocator, &res), -EINVAL);
    z[zlen - 8] ^= 0x40;
    z[zlen - 3] ^= 0x01; /* ISIZE */
    assert_int_equal(gunzip(z, zlen, out, len, &tu_allocator, &res), -EINVAL);
    z[zlen - 3] ^= 0x01;
    assert_int_equal(gunzip(z, zlen, out, len, &tu_allocator, &res), 0);
    free(out);
    free(z);
    free(data);
}

/* Hand-made raw DEFLATE streams that must be rejected. */
static void test_hostile_raw(void **state)
{
    /* Fixed block whose first symbol is a match: distance before start. */
    static const uint8_t far_match[] = { 0x03, 0x02, 0x00 };
    /* Block type 3 is reserved. */
    static const uint8_t bad_type[] = { 0x07, 0x00 };
    /* Stored block with NLEN not the complement of LEN. */
    static const uint8_t bad_nlen[] = { 0x01, 0x05, 0x00, 0x00, 0x00,
                                        'a',  'b',  'c',  'd',  'e' };
    /* Stored block, correct, "abc". */
    static const uint8_t stored[] = { 0x01, 0x03, 0x00, 0xfc,
                                      0xff, 'a',  'b',  'c' };
    /* Dynamic block with over-subscribed code-length code (all length 1). */
    static const uint8_t oversub[] = { 0x05, 0xe0, 0xff, 0xff, 0x49, 0x92,
                                       0x24, 0x49, 0x92, 0x24, 0x49 };
    uint8_t out[16];
    struct decompress_result res;

    (void)state;
    assert_int_equal(inflate_raw(far_match, sizeof(far_match), out, sizeof(out),
                                 &tu_allocator, &res),
                     -EINVAL);
    assert_int_equal(inflate_raw(bad_type, sizeof(bad_type), out, sizeof(out),
                                 &tu_allocator, &res),
                     -EINVAL);
    assert_int_equal(inflate_raw(bad_nlen, sizeof(bad_nlen), out, sizeof(out),
                                 &tu_allocator, &res),
                     -EINVAL);
    assert_int_equal(inflate_raw(oversub, sizeof(oversub), out, sizeof(out),
                                 &tu_allocator, &res),
                     -EINVAL);
    assert_int_equal(inflate_raw(stored, sizeof(stored), out, sizeof(out),
                                 &tu_allocator, &res),
                     0);
    assert_int_equal(res.out_len, 3);
    assert_int_equal(res.in_used, sizeof(stored));
    assert_memory_equal(out, "abc", 3);
    assert_int_equal(
        inflate_raw(stored, sizeof(stored), out, 2, &tu_allocator, &res),
        -ENOSPC);
}

static void test_sniffer(void **state)
{
    static const struct {
        const char *bytes;
        size_t len;
        enum decompress_format fmt;
        int any_rc;
    } cases[] = {
        { "\x1f\x8b\x08", 3, DECOMP_GZIP, -EINVAL },
        { "\xfd"
          "7zXZ\0\0\0",
          8, DECOMP_XZ, -EINVAL },
        { "BZh91AY&SY", 10, DECOMP_BZIP2, -EOPNOTSUPP },
        { "\x5d\0\0\x80\0", 5, DECOMP_LZMA, -EOPNOTSUPP },
        { "\x89LZO\0\r\n\x1a\n", 9, DECOMP_LZO, -EOPNOTSUPP },
        { "\x02\x21\x4c\x18", 4, DECOMP_LZ4, -EOPNOTSUPP },
        { "\x04\x22\x4d\x18", 4, DECOMP_LZ4, -EOPNOTSUPP },
        { "\x28\xb5\x2f\xfd", 4, DECOMP_ZSTD, -EOPNOTSUPP },
        { "\x7f"
          "ELF",
          4, DECOMP_UNKNOWN, -ENOEXEC },
        { "", 0, DECOMP_UNKNOWN, -ENOEXEC },
    };
    uint8_t out[8];
    struct decompress_result res;
    enum decompress_format fmt;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(decompress_sniff(cases[i].bytes, cases[i].len),
                         cases[i].fmt);
        assert_int_equal(decompress_any(cases[i].bytes, cases[i].len, out,
                                        sizeof(out), &tu_allocator, &res, &fmt),
                         cases[i].any_rc);
        assert_int_equal(fmt, cases[i].fmt);
    }
    assert_string_equal(decompress_format_name(DECOMP_ZSTD), "zstd");
    assert_string_equal(decompress_format_name(DECOMP_XZ), "xz");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_tiny),
        cmocka_unit_test(test_levels_random_and_text),
        cmocka_unit_test(test_multi_mib),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_truncated_every_offset),
        cmocka_unit_test(test_bit_flips),
        cmocka_unit_test(test_random_corruption),
        cmocka_unit_test(test_trailer_and_space),
        cmocka_unit_test(test_hostile_raw),
        cmocka_unit_test(test_sniffer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
