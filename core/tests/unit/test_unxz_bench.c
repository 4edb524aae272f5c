/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decompression throughput of inflate and unxz on a few MiB of data made
 * at test time (text-like, random, and real x86 code with the BCJ filter).
 * It prints MB/s of decompressed output; the figures are informational.
 * The program still checks every decoded byte, so it fails if a decoder
 * is wrong.
 *
 * Under `make check` it runs with the sanitizers, which slow it several
 * times.  For representative figures build it plainly from core/:
 *   cc -O2 -Iinclude -Itests/unit -DXENITH_HOST_TEST \
 *      tests/unit/test_unxz_bench.c $(cat tests/unit/test_unxz_bench.srcs) \
 *      -lcmocka -o /tmp/bench && /tmp/bench
 */
#include "test_loader_util.h"
#include <time.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

typedef int (*decoder_fn)(const void *, size_t, void *, size_t,
                          const struct decompress_alloc *,
                          struct decompress_result *);

/* Decode @z repeatedly for about half a second and print MB/s. */
static void bench_one(const char *label, decoder_fn fn, const uint8_t *z,
                      size_t zlen, const uint8_t *data, size_t len)
{
    uint8_t *out = tu_outbuf(len);
    struct decompress_result res;
    unsigned int runs = 0;
    double t0 = now(), t;

    do {
        assert_int_equal(fn(z, zlen, out, len, &tu_allocator, &res), 0);
        runs++;
        t = now() - t0;
    } while (t < 0.5 && runs < 100);
    assert_int_equal(res.out_len, len);
    assert_memory_equal(out, data, len);
    printf("%-34s %6.1f MiB -> %7.1f MB/s (ratio %.2f)\n", label,
           len / 1048576.0, (double)len * runs / t / 1e6,
           (double)zlen / (len ? len : 1));
    free(out);
}

static void bench_data(const char *name, const uint8_t *data, size_t len,
                       bool x86)
{
    static const char *const gz = "gzip -6 -c";
    const char *xz =
        x86 ? "xz -6 --check=crc32 --x86 --lzma2 -c" : "xz -6 --check=crc64 -c";
    char label[64];
    size_t zlen;
    uint8_t *z;

    z = tu_compress(gz, data, len, &zlen);
    snprintf(label, sizeof(label), "inflate %s", name);
    bench_one(label, gunzip, z, zlen, data, len);
    free(z);
    z = tu_compress(xz, data, len, &zlen);
    snprintf(label, sizeof(label), "unxz %s%s", name, x86 ? " (BCJ)" : "");
    bench_one(label, unxz, z, zlen, data, len);
    free(z);
}

static void test_throughput(void **state)
{
    size_t len = 4u << 20, clen;
    uint8_t *b = malloc(len), *code;

    (void)state;
    tu_text(b, len, 1);
    bench_data("text", b, len, false);
    tu_random(b, len, 2);
    bench_data("random", b, len, false);
    code = tu_read("/bin/bash", &clen);
    if (code) {
        bench_data("x86 code", code, clen, true);
        free(code);
    }
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_throughput),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
