/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the xz decoder (LZMA2, x86 BCJ, all check types) on data
 * compressed at test time by the host's xz, plus corrupted streams.
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
    int rc;

    assert_int_equal(decompress_sniff(z, zlen), DECOMP_XZ);
    rc = unxz(z, zlen, out, len, &tu_allocator, &res);
    if (rc)
        fail_msg("%s on %zu bytes: unxz returned %d", tool, len, rc);
    assert_int_equal(res.out_len, len);
    assert_int_equal(res.in_used, zlen);
    assert_memory_equal(out, data, len);
    memset(out, 0, len);
    assert_int_equal(
        decompress_any(z, zlen, out, len, &tu_allocator, &res, &fmt), 0);
    assert_int_equal(fmt, DECOMP_XZ);
    assert_memory_equal(out, data, len);
    assert_int_equal(decompress_size_hint(z, zlen, &hint), 0);
    assert_int_equal(hint, len);
    free(out);
    free(z);
}

/* Mixed data: text, random and runs, so every LZMA symbol kind occurs. */
static uint8_t *mixed(size_t len, uint64_t seed)
{
    uint8_t *b = malloc(len);

    tu_text(b, len, seed);
    for (size_t off = 0; off + 4096 < len; off += 50000)
        tu_random(b + off, 4096, seed + off);
    for (size_t off = 20000; off + 3000 < len; off += 70000)
        memset(b + off, (int)(off & 0xff), 3000);
    return b;
}

static void test_empty_and_tiny(void **state)
{
    uint8_t one = 0x5a;

    (void)state;
    roundtrip("xz -c", (const uint8_t *)"", 0);
    roundtrip("xz -c --check=none", (const uint8_t *)"", 0);
    roundtrip("xz -9 -c", &one, 1);
    roundtrip("xz -0 -c --check=crc32", &one, 1);
}

static void test_check_types(void **state)
{
    static const char *const tools[] = { "xz -c --check=crc32",
                                         "xz -c --check=crc64",
                                         "xz -c --check=none",
                                         "xz -c --check=sha256" };
    size_t len = 200000;
    uint8_t *b = mixed(len, 1);

    (void)state;
    for (unsigned int i = 0; i < 4; i++) {
        roundtrip(tools[i], b, len);
        roundtrip(tools[i], b, 63); /* SHA-256 padding edge cases too */
        roundtrip(tools[i], b, 64);
        roundtrip(tools[i], b, 119);
    }
    free(b);
}

static void test_levels_and_options(void **state)
{
    static const char *const tools[] = {
        "xz -0 -c",
        "xz -9 -c",
        "xz -9e -c",
        "xz -c --lzma2=preset=6,lc=4,lp=0,pb=0",
        "xz -c --lzma2=preset=1,lc=0,lp=4,pb=4",
        "xz -c --lzma2=preset=3,lc=1,lp=3,pb=1",
        "xz -c --block-size=30000",
        "xz -c --format=xz --lzma2=preset=0,mf=hc3,nice=5",
    };
    size_t len = 400000;
    uint8_t *b = mixed(len, 2);

    (void)state;
    for (unsigned int i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
        roundtrip(tools[i], b, len);
    /* Every match length and distance slot. */
    free(b);
    len = 3u << 19;
    b = malloc(len);
    tu_matches(b, len, len, 4);
    roundtrip("xz -6 -c", b, len);
    roundtrip("xz -0 -c", b, len);
    free(b);
}

/* A real x86-64 program from the host, the kind of data BCJ is for. */
static uint8_t *x86_code(size_t *len)
{
    static const char *const candidates[] = { "/bin/bash", "/usr/bin/gcc",
                                              "/bin/ls" };

    for (unsigned int i = 0; i < 3; i++) {
        uint8_t *b = tu_read(candidates[i], len);

        if (b && *len > 65536)
            return b;
        free(b);
    }
    fail_msg("no host binary to use as x86 test data");
    return NULL;
}

static void test_bcj_x86(void **state)
{
    size_t len;
    uint8_t *code = x86_code(&len), *r = malloc(1u << 20);

    (void)state;
    roundtrip("xz -c --x86 --lzma2", code, len);
    roundtrip("xz -c --check=crc32 --x86 --lzma2=preset=9", code, len);
    roundtrip("xz -c --x86=start=4096 --lzma2", code, len);
    roundtrip("xz -c --x86 --lzma2 --block-size=100000", code, len);
    /* Random data has many E8/E9 bytes in every mask history. */
    tu_random(r, 1u << 20, 3);
    roundtrip("xz -c --x86 --lzma2=preset=0", r, 1u << 20);
    roundtrip("xz -c --x86 --lzma2", r, 7);
    /*
     * Dense E8/E9 opcodes and 00/ff bytes drive the filter through every
     * history state, including the rare ones real code seldom reaches.
     */
    for (size_t i = 0; i < (1u << 20); i++) {
        static const uint8_t alphabet[8] = { 0xe8, 0xe9, 0x00, 0xff,
                                             0xe8, 0x00, 0x12, 0xff };
        r[i] = alphabet[r[i] & 7];
    }
    roundtrip("xz -c --x86 --lzma2=preset=0", r, 1u << 20);
    roundtrip("xz -c --x86=start=1000000 --lzma2", r, 1u << 18);
    free(r);
    free(code);
}

static void test_multi_mib(void **state)
{
    size_t len = 5u << 20;
    uint8_t *b = malloc(len);

    (void)state;
    tu_random(b, len, 4); /* incompressible: stored LZMA2 chunks */
    roundtrip("xz -1 -c", b, len);
    tu_text(b, len, 5);
    roundtrip("xz -6 -c", b, len);
    memset(b, 0, len);
    roundtrip("xz -c", b, len);
    free(b);
}

static void test_unsupported_filter(void **state)
{
    size_t len = 5000, zlen;
    uint8_t *b = mixed(len, 6), *z, *out = tu_outbuf(len);
    struct decompress_result res;

    (void)state;
    z = tu_compress("xz -c --delta=dist=4 --lzma2", b, len, &zlen);
    assert_int_equal(unxz(z, zlen, out, len, &tu_allocator, &res), -EOPNOTSUPP);
    free(z);
    free(out);
    free(b);
}

static void test_truncated_every_offset(void **state)
{
    size_t len = 3000, zlen;
    uint8_t *b = mixed(len, 7), *z;

    (void)state;
    z = tu_compress("xz -c --check=crc64", b, len, &zlen);
    for (size_t cut = 0; cut < zlen; cut++) {
        uint8_t *in = malloc(cut ? cut : 1), *out = tu_outbuf(len);
        struct decompress_result res;

        memcpy(in, z, cut);
        assert_int_not_equal(unxz(in, cut, out, len, &tu_allocator, &res), 0);
        free(in);
        free(out);
    }
    free(z);
    free(b);
}

/* Every single-bit flip of a CRC-protected stream must be detected. */
static void flips(const char *tool, size_t len, unsigned int step)
{
    size_t zlen;
    uint8_t *b = mixed(len, 8), *z, *out = tu_outbuf(len);
    struct decompress_result res;

    z = tu_compress(tool, b, len, &zlen);
    for (size_t pos = 0; pos < zlen; pos++) {
        for (unsigned int bit = pos % step; bit < 8; bit += step) {
            int rc;

            z[pos] ^= (uint8_t)(1u << bit);
            rc = unxz(z, zlen, out, len, &tu_allocator, &res);
            z[pos] ^= (uint8_t)(1u << bit);
            if (rc == 0)
                fail_msg("%s: flip of bit %u at %zu undetected", tool, bit,
                         pos);
        }
    }
    free(z);
    free(out);
    free(b);
}

static void test_bit_flips(void **state)
{
    (void)state;
    flips("xz -c --check=crc32", 6000, 1);
    flips("xz -c --check=crc64 --x86 --lzma2", 20000, 3);
    flips("xz -c --check=sha256 --block-size=2000", 9000, 4);
}

/*
 * Random multi-byte corruption of a stream without integrity check: the
 * decoder may produce anything or fail, but must stay inside its buffers
 * (ASan watches) and never report more output than the buffer holds.
 */
static void test_random_corruption(void **state)
{
    size_t len = 30000, zlen;
    uint8_t *b = mixed(len, 10), *z, *c, *out = tu_outbuf(len);
    struct decompress_result res;
    uint64_t x = 99;

    (void)state;
    z = tu_compress("xz -c --check=none --x86 --lzma2", b, len, &zlen);
    c = malloc(zlen);
    for (unsigned int iter = 0; iter < 2000; iter++) {
        memcpy(c, z, zlen);
        for (unsigned int j = 0; j <= iter % 6; j++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            c[(x >> 33) % zlen] ^= (uint8_t)(x >> 20) | 1;
        }
        if (unxz(c, zlen, out, len, &tu_allocator, &res) == 0)
            assert_true(res.out_len <= len && res.in_used <= zlen);
    }
    free(c);
    free(z);
    free(out);
    free(b);
}

static void test_sizes_and_space(void **state)
{
    size_t len = 50000, zlen;
    uint8_t *b = mixed(len, 9), *z, *out, *big;
    struct decompress_result res;

    (void)state;
    z = tu_compress("xz -c --check=crc32", b, len, &zlen);
    out = tu_outbuf(len - 1);
    assert_int_equal(unxz(z, zlen, out, len - 1, &tu_allocator, &res), -ENOSPC);
    free(out);
    out = tu_outbuf(len);
    /* Trailing bytes after the stream are left to the caller. */
    big = malloc(zlen + 12);
    memcpy(big, z, zlen);
    memset(big + zlen, 0, 8);
    memcpy(big + zlen + 8, "\x50\xc3\x00\x00", 4);
    assert_int_equal(unxz(big, zlen + 12, out, len, &tu_allocator, &res), 0);
    assert_int_equal(res.in_used, zlen + 8);
    assert_memory_equal(out, b, len);
    free(big);
    /* The index's uncompressed size must agree with the blocks. */
    z[zlen - 12 - 8 + 3] ^= 0x01;
    assert_int_equal(unxz(z, zlen, out, len, &tu_allocator, &res), -EINVAL);
    free(out);
    free(z);
    free(b);
}

static void test_crc_vectors(void **state)
{
    (void)state;
    /* The standard check values of "123456789". */
    assert_int_equal(crc32_update(0, "123456789", 9), 0xcbf43926u);
    assert_true(crc64_update(0, "123456789", 9) == 0x995dc9bbdf1939faull);
    assert_int_equal(crc32_update(crc32_update(0, "1234", 4), "56789", 5),
                     0xcbf43926u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc_vectors),
        cmocka_unit_test(test_empty_and_tiny),
        cmocka_unit_test(test_check_types),
        cmocka_unit_test(test_levels_and_options),
        cmocka_unit_test(test_bcj_x86),
        cmocka_unit_test(test_multi_mib),
        cmocka_unit_test(test_unsupported_filter),
        cmocka_unit_test(test_truncated_every_offset),
        cmocka_unit_test(test_bit_flips),
        cmocka_unit_test(test_random_corruption),
        cmocka_unit_test(test_sizes_and_space),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
