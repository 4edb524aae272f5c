/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * codec-xorzstd: the zero-run form's sizes, batch round trips over the
 * synthetic workloads (zstd and plain batches), the cache's eviction, and
 * hostile input: every single-byte change and every truncation of encoded
 * batches, and random input, is decoded within the pages or refused.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "corrupt.h"
#include "workload.h"
#include "xorzstd.h"

static void fill(uint8_t *p, uint64_t seed)
{
    for (size_t i = 0; i < PC_PAGE_SIZE; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        p[i] = (uint8_t)(seed >> 56);
    }
}

static void page_form(void **state)
{
    uint8_t old[PC_PAGE_SIZE], page[PC_PAGE_SIZE], base[PC_PAGE_SIZE];
    uint8_t out[XZ_PAGE_MAX];
    size_t n, used;

    (void)state;
    fill(old, 1);
    memcpy(base, old, sizeof(base));
    memcpy(page, old, sizeof(page));
    n = xz_page_encode(old, page, out);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], XZ_UNCHANGED);
    /* word 5 changed: (5, 1, 8 bytes), then (255, 0), (251, 0) */
    page[5 * 8 + 2] ^= 4;
    n = xz_page_encode(old, page, out);
    assert_int_equal(n, 1 + 2 + 8 + 2 + 2);
    assert_int_equal(out[0], XZ_PAIRS);
    assert_int_equal(out[1], 5);
    assert_int_equal(out[2], 1);
    assert_memory_equal(old, page, PC_PAGE_SIZE);
    assert_int_equal(xz_page_decode(base, out, n, &used), 0);
    assert_int_equal(used, n);
    assert_memory_equal(base, page, PC_PAGE_SIZE);
    /* every word changed: the whole XOR, 4,097 bytes */
    fill(page, 2);
    n = xz_page_encode(old, page, out);
    assert_int_equal(n, XZ_PAGE_MAX);
    assert_int_equal(out[0], XZ_WHOLE);
    assert_int_equal(xz_page_decode(base, out, n, &used), 0);
    assert_memory_equal(base, page, PC_PAGE_SIZE);
}

/* Encodes and decodes batches of the workloads, checking every page. */
static void workloads(void **state)
{
    enum { N = 16384, MAXD = 4096 };
    uint64_t *pfns = malloc(MAXD * 8);
    uint8_t *pages = malloc((size_t)MAXD * WL_PAGE);
    uint8_t *back = malloc((size_t)XZ_BATCH_MAX * WL_PAGE);
    uint8_t *out = malloc(xz_bound(XZ_BATCH_MAX));

    (void)state;
    for (int k = 0; k < WL_COUNT; k++) {
        struct xz e, d;
        struct wl w;
        uint64_t bytes = 0, count = 0;

        assert_int_equal(wl_init(&w, (enum wl_kind)k, N, 42 + k), 0);
        assert_int_equal(xz_open(&e, 8192, 1, 0), 0);
        assert_int_equal(xz_open(&d, 8192, 1, 1), 0);
        for (int cp = 0; cp < 6; cp++) {
            uint32_t n;
            wl_step(&w);
            n = wl_take(&w, pfns, pages, MAXD);
            for (uint32_t i = 0; i < n; i += XZ_BATCH_MAX) {
                unsigned b = n - i < XZ_BATCH_MAX ? n - i : XZ_BATCH_MAX;
                size_t len;
                assert_int_equal(xz_encode(&e, b, pfns + i,
                                           pages + (size_t)i * WL_PAGE, out,
                                           xz_bound(b), &len),
                                 0);
                assert_int_equal(xz_decode(&d, b, pfns + i, out, len, back), 0);
                assert_memory_equal(back, pages + (size_t)i * WL_PAGE,
                                    (size_t)b * WL_PAGE);
                bytes += len;
            }
            count += n;
        }
        print_message("%s: %llu pages, %.0f bytes a page\n", wl_names[k],
                      (unsigned long long)count, (double)bytes / count);
        wl_free(&w);
        xz_close(&e);
        xz_close(&d);
    }
    free(pfns);
    free(pages);
    free(back);
    free(out);
}

static void eviction(void **state)
{
    struct xz e, d;
    uint8_t page[PC_PAGE_SIZE], back[PC_PAGE_SIZE];
    uint8_t *out = malloc(xz_bound(1));
    size_t len;
    /* cache of 2: 1, 2, 1 (hit), 3 (evicts 2), 2 (miss, evicts 1), 1 */
    static const struct {
        uint64_t pfn;
        int hit;
    } seq[] = { { 1, 0 }, { 2, 0 }, { 1, 1 }, { 3, 0 },
                { 2, 0 }, { 1, 0 }, { 2, 1 } };

    (void)state;
    assert_int_equal(xz_open(&e, 2, 1, 0), 0);
    assert_int_equal(xz_open(&d, 2, 1, 1), 0);
    for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
        uint64_t misses = e.cache.misses;
        fill(page, seq[i].pfn);
        assert_int_equal(
            xz_encode(&e, 1, &seq[i].pfn, page, out, xz_bound(1), &len), 0);
        assert_int_equal(e.cache.misses - misses, !seq[i].hit);
        if (seq[i].hit) /* unchanged: method byte and one byte */
            assert_int_equal(len, 2);
        assert_int_equal(xz_decode(&d, 1, &seq[i].pfn, out, len, back), 0);
        assert_memory_equal(back, page, PC_PAGE_SIZE);
    }
    xz_close(&e);
    xz_close(&d);
    free(out);
}

/* Decodes in[0, len) for the pfns 3 and 4 into fenced pages, after the
 * decoder saw prev for both. */
static int decode_fresh(const uint8_t *prev, const uint8_t *in, size_t len)
{
    static const uint64_t pfns[2] = { 3, 4 };
    struct xz d;
    struct fenced f;
    uint8_t plain[1 + 2 * XZ_PAGE_MAX], *copy = exact_copy(in, len);
    int rc;

    assert_int_equal(xz_open(&d, 4, 1, 1), 0);
    fenced_init(&f, 2 * PC_PAGE_SIZE);
    plain[0] = XZ_BATCH_PLAIN;
    for (int i = 0; i < 2; i++) {
        plain[1 + i * XZ_PAGE_MAX] = XZ_WHOLE;
        memcpy(plain + 2 + i * XZ_PAGE_MAX, prev, PC_PAGE_SIZE);
    }
    assert_int_equal(xz_decode(&d, 2, pfns, plain, sizeof(plain), f.pages), 0);
    rc = xz_decode(&d, 2, pfns, copy, len, f.pages);
    assert_true(fenced_intact(&f));
    fenced_free(&f);
    free(copy);
    xz_close(&d);
    return rc;
}

/* Batches of two pages: sparse changes (plain), a page of text (zstd),
 * unchanged pages; every value of every byte of the short ones, several
 * values of every byte of the long one, every truncation. */
static void corruption(void **state)
{
    static const uint64_t pfns[2] = { 3, 4 };
    static const uint8_t some[] = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0xff };
    struct xz e;
    uint8_t prev[PC_PAGE_SIZE], pages[2 * PC_PAGE_SIZE];
    uint8_t *enc[3];
    size_t len[3];

    (void)state;
    fill(prev, 9);
    assert_int_equal(xz_open(&e, 4, 1, 0), 0);
    memcpy(pages, prev, PC_PAGE_SIZE);
    memcpy(pages + PC_PAGE_SIZE, prev, PC_PAGE_SIZE);
    for (int k = 0; k < 3; k++)
        enc[k] = malloc(xz_bound(2));
    assert_int_equal(
        xz_encode(&e, 2, pfns, pages, enc[0], xz_bound(2), &len[0]),
        0);            /* whole: primes the cache as decode_fresh does */
    pages[24] ^= 0x21; /* one word a page: too little for zstd */
    pages[PC_PAGE_SIZE + 808] ^= 0x42;
    assert_int_equal(
        xz_encode(&e, 2, pfns, pages, enc[0], xz_bound(2), &len[0]), 0);
    assert_int_equal(enc[0][0], XZ_BATCH_PLAIN);
    for (size_t i = 0; i < PC_PAGE_SIZE; i++) /* a periodic XOR */
        pages[i] ^= (uint8_t)(1 + i % 7);
    assert_int_equal(
        xz_encode(&e, 2, pfns, pages, enc[1], xz_bound(2), &len[1]), 0);
    assert_int_equal(enc[1][0], XZ_BATCH_ZSTD);
    assert_int_equal(
        xz_encode(&e, 2, pfns, pages, enc[2], xz_bound(2), &len[2]), 0);
    assert_int_equal(len[2], 3);
    xz_close(&e);

    /* enc[1] and enc[2] follow enc[0]: decode_fresh primes with prev only,
     * so only enc[0] decodes whole; every other is checked for bounds. */
    assert_int_equal(decode_fresh(prev, enc[0], len[0]), 0);
    for (int k = 0; k < 3; k++) {
        uint8_t *c = malloc(len[k]);
        bool all = len[k] < 200;

        for (size_t t = 0; t < len[k]; t++)
            assert_int_equal(decode_fresh(prev, enc[k], t), -1);
        for (size_t pos = 0; pos < len[k]; pos++) {
            unsigned nv = all ? 256 : sizeof(some);
            for (unsigned v = 0; v < nv; v++) {
                memcpy(c, enc[k], len[k]);
                c[pos] = all ? (uint8_t)v : some[v];
                decode_fresh(prev, c, len[k]);
            }
        }
        free(c);
        free(enc[k]);
    }
}

/* Random and mutated batches: never outside the pages. */
static void fuzz(void **state)
{
    static const uint64_t pfns[2] = { 3, 4 };
    struct wl w = { .rng = 77 };
    uint8_t prev[PC_PAGE_SIZE], pages[2 * PC_PAGE_SIZE];
    uint8_t *enc = malloc(xz_bound(2)), *buf = malloc(xz_bound(2));
    struct xz e;
    size_t len, n;

    (void)state;
    fill(prev, 5);
    for (int it = 0; it < 5000; it++) {
        int mode = (int)(wl_rand(&w) % 3);

        if (mode == 0) {
            n = wl_rand(&w) % xz_bound(2);
            for (size_t i = 0; i < n; i++)
                buf[i] = (uint8_t)wl_rand(&w);
            if (n)
                buf[0] = (uint8_t)(wl_rand(&w) % 3);
        } else {
            assert_int_equal(xz_open(&e, 4, 1, 0), 0);
            memcpy(pages, prev, PC_PAGE_SIZE);
            memcpy(pages + PC_PAGE_SIZE, prev, PC_PAGE_SIZE);
            xz_encode(&e, 2, pfns, pages, enc, xz_bound(2), &len);
            for (int k = 0; k < 60; k++)
                pages[wl_rand(&w) % sizeof(pages)] ^= (uint8_t)wl_rand(&w);
            if (it % 4 == 0)
                wl_text(&w, pages + PC_PAGE_SIZE, PC_PAGE_SIZE);
            xz_encode(&e, 2, pfns, pages, enc, xz_bound(2), &len);
            xz_close(&e);
            memcpy(buf, enc, len);
            for (int k = (int)(wl_rand(&w) % 4); k >= 0; k--)
                buf[wl_rand(&w) % len] = (uint8_t)wl_rand(&w);
            n = mode == 1 ? len : wl_rand(&w) % (len + 1);
        }
        decode_fresh(prev, buf, n);
    }
    free(enc);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_form), cmocka_unit_test(workloads),
        cmocka_unit_test(eviction),  cmocka_unit_test(corruption),
        cmocka_unit_test(fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
