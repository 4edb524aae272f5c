/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the decompressor and loader unit tests: a malloc-backed
 * allocator, test-data generators, and running the host's real tools
 * (gzip, xz, gcc, ld) on data made at test time.  Files are created in a
 * private directory under the current directory (the build output when the
 * tests run through `make check`) and removed at exit.
 */
#ifndef TEST_LOADER_UTIL_H
#define TEST_LOADER_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <xenith/decompress.h>

static inline void *tu_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static inline void tu_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static const struct decompress_alloc tu_allocator = {
    .alloc = tu_alloc,
    .free = tu_free,
    .ctx = NULL,
};

static char tu_dir[256];

static inline void tu_cleanup(void)
{
    char cmd[300];

    if (tu_dir[0]) {
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tu_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", tu_dir);
    }
}

/* Directory for this process's temporary files. */
static inline const char *tu_workdir(void)
{
    if (!tu_dir[0]) {
        snprintf(tu_dir, sizeof(tu_dir), "testdata-%d", (int)getpid());
        if (mkdir(tu_dir, 0700) != 0) {
            perror(tu_dir);
            abort();
        }
        atexit(tu_cleanup);
    }
    return tu_dir;
}

/* A path inside the work directory. */
static inline char *tu_path(const char *name)
{
    static char buf[4][512];
    static int slot;
    char *p = buf[slot++ & 3];

    snprintf(p, 512, "%s/%s", tu_workdir(), name);
    return p;
}

static inline void tu_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Read a whole file into a malloc'ed buffer of exactly its size. */
static inline uint8_t *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(n ? (size_t)n : 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Run a shell command; the test fails if it does not exit 0. */
__attribute__((format(printf, 1, 2))) static inline void tu_run(const char *fmt,
                                                                ...)
{
    char cmd[2048];
    va_list ap;
    int rc;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    rc = system(cmd);
    if (rc != 0)
        fail_msg("command failed (%d): %s", rc, cmd);
}

/*
 * Compress @data with a real tool: @tool is a command line reading stdin
 * and writing stdout, e.g. "gzip -9 -c" or "xz --check=crc64 -c".
 */
static inline uint8_t *tu_compress(const char *tool, const void *data,
                                   size_t len, size_t *out_len)
{
    char *in = tu_path("in.bin"), *out = tu_path("out.bin");
    uint8_t *buf;

    tu_write(in, data, len);
    tu_run("%s < '%s' > '%s'", tool, in, out);
    buf = tu_read(out, out_len);
    assert_non_null(buf);
    return buf;
}

/* xorshift64* pseudo-random bytes, reproducible from @seed. */
static inline void tu_random(uint8_t *buf, size_t len, uint64_t seed)
{
    uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;

    for (size_t i = 0; i < len; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        buf[i] = (uint8_t)((x * 0x2545f4914f6cdd1dull) >> 56);
    }
}

/* Highly compressible text-like bytes with some variation. */
static inline void tu_text(uint8_t *buf, size_t len, uint64_t seed)
{
    static const char *const words[] = {
        "hypervisor ", "domain ", "grant ",   "event ",  "channel ",
        "page ",       "table ",  "xenith\n", "vcpu ",   "memory ",
        "the ",        "of ",     "and ",     "0x1000 ", "mapping ",
    };
    uint64_t x = seed + 7;
    size_t i = 0;

    while (i < len) {
        const char *w;

        x = x * 6364136223846793005ull + 1442695040888963407ull;
        w = words[(x >> 33) % 15];
        while (*w && i < len)
            buf[i++] = (uint8_t)*w++;
    }
}

/*
 * Data made of back-references of every length from 3 to 300 at distances
 * spread over 1 .. @max_dist, separated by random bytes, so that every
 * length and distance code of DEFLATE and LZMA gets used.
 */
static inline void tu_matches(uint8_t *buf, size_t len, size_t max_dist,
                              uint64_t seed)
{
    uint64_t x = seed | 1;
    size_t i = 0, k = 0;

    tu_random(buf, len < 4096 ? len : 4096, seed);
    i = len < 4096 ? len : 4096;
    while (i < len) {
        size_t mlen = 3 + k % 298, dist, r;

        x = x * 6364136223846793005ull + 1442695040888963407ull;
        /* Distances of every magnitude: 2^(0..log2 max) plus an offset. */
        r = (size_t)(x >> 40);
        dist = ((size_t)1 << (r % 24)) + (r >> 8) % 977;
        if (dist > i)
            dist = 1 + r % i;
        if (dist > max_dist)
            dist = 1 + r % max_dist;
        for (size_t j = 0; j < mlen && i < len; j++, i++)
            buf[i] = buf[i - dist];
        for (unsigned int j = 0; j < 1 + (x >> 60) && i < len; j++)
            buf[i++] = (uint8_t)(x >> (8 * (j & 7)));
        k++;
    }
}

/* Decoded output buffer of exactly @size bytes (so ASan sees overruns). */
static inline uint8_t *tu_outbuf(size_t size)
{
    uint8_t *p = malloc(size ? size : 1);

    assert_non_null(p);
    return p;
}

#endif /* TEST_LOADER_UTIL_H */
