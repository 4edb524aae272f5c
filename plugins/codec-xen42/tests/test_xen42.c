/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * codec-xen42: the sizes of Xen 4.2's format, round trips over the
 * synthetic workloads, the cache's eviction, and hostile input: every
 * single-byte change and every truncation of encoded pages, and random
 * input, is decoded within the page or refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "corrupt.h"
#include "workload.h"
#include "xen42.h"

static void fill(uint8_t *p, uint64_t seed)
{
    for (size_t i = 0; i < PC_PAGE_SIZE; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        p[i] = (uint8_t)(seed >> 56);
    }
}

static void sizes(void **state)
{
    struct page_cache e, d;
    uint8_t page[PC_PAGE_SIZE], back[PC_PAGE_SIZE], out[X42_PAGE_MAX];
    size_t n, used;

    (void)state;
    assert_int_equal(pc_init(&e, X42_DEFAULT_PAGES), 0);
    assert_int_equal(pc_init(&d, X42_DEFAULT_PAGES), 0);
    fill(page, 1);
    /* not in the cache: the marker and the page */
    n = x42_encode(&e, 7, page, out);
    assert_int_equal(n, 4097);
    assert_int_equal(out[0], X42_FULL);
    assert_int_equal(x42_decode(&d, 7, out, n, &used, back), 0);
    assert_int_equal(used, n);
    assert_memory_equal(back, page, PC_PAGE_SIZE);
    /* unchanged: one byte */
    n = x42_encode(&e, 7, page, out);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], X42_UNCHANGED);
    memset(back, 0, sizeof(back));
    assert_int_equal(x42_decode(&d, 7, out, n, &used, back), 0);
    assert_memory_equal(back, page, PC_PAGE_SIZE);
    /* word 5 changed: skip 5, run 1 (4 bytes), skip 1018 in 9 markers */
    page[5 * 4] ^= 1;
    n = x42_encode(&e, 7, page, out);
    assert_int_equal(n, 1 + 1 + 4 + 9);
    assert_int_equal(out[0], X42_SKIP | 5);
    assert_int_equal(out[1], 1);
    assert_int_equal(out[6], X42_SKIP | 127);
    assert_int_equal(x42_decode(&d, 7, out, n, &used, back), 0);
    assert_memory_equal(back, page, PC_PAGE_SIZE);
    /* every word changed: 9 runs, 4,105 bytes (no fallback to 4,097) */
    for (size_t i = 0; i < PC_PAGE_SIZE; i += 4)
        page[i] ^= 0x80;
    n = x42_encode(&e, 7, page, out);
    assert_int_equal(n, X42_PAGE_MAX);
    assert_int_equal(x42_decode(&d, 7, out, n, &used, back), 0);
    assert_memory_equal(back, page, PC_PAGE_SIZE);
    /* every other word: 1,024 markers and 512 words */
    for (size_t i = 0; i < PC_PAGE_SIZE; i += 8)
        page[i] ^= 0x40;
    n = x42_encode(&e, 7, page, out);
    assert_int_equal(n, 1024 + 512 * 4);
    assert_int_equal(x42_decode(&d, 7, out, n, &used, back), 0);
    assert_memory_equal(back, page, PC_PAGE_SIZE);
    pc_free(&e);
    pc_free(&d);
}

/* The cache keeps the 4 most recently sent pages; the fifth pfn evicts
 * the least recently used, which then goes whole again. */
static void eviction(void **state)
{
    struct page_cache e, d;
    uint8_t page[PC_PAGE_SIZE], back[PC_PAGE_SIZE], out[X42_PAGE_MAX];
    size_t n, used;
    static const struct {
        uint64_t pfn;
        size_t len;
    } seq[] = { { 1, 4097 }, { 2, 4097 }, { 3, 4097 }, { 4, 4097 },
                { 1, 1 },    { 5, 4097 }, /* evicts 2 */
                { 2, 4097 },              /* evicts 3 */
                { 1, 1 },    { 4, 1 },    { 3, 4097 }, { 0x7ffffffffULL, 4097 },
                { 2, 4097 }, { 1, 4097 }, { 3, 1 } };

    (void)state;
    assert_int_equal(pc_init(&e, 4), 0);
    assert_int_equal(pc_init(&d, 4), 0);
    for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
        fill(page, seq[i].pfn);
        n = x42_encode(&e, seq[i].pfn, page, out);
        assert_int_equal(n, seq[i].len);
        assert_int_equal(x42_decode(&d, seq[i].pfn, out, n, &used, back), 0);
        assert_memory_equal(back, page, PC_PAGE_SIZE);
    }
    /* a delta for a pfn the decoder does not hold is refused */
    out[0] = X42_UNCHANGED;
    assert_int_equal(x42_decode(&d, 99, out, 1, &used, back), -1);
    pc_free(&e);
    pc_free(&d);
}

static void workloads(void **state)
{
    enum { N = 16384, MAXD = 4096 };
    uint64_t *pfns = malloc(MAXD * 8);
    uint8_t *pages = malloc((size_t)MAXD * WL_PAGE),
            *out = malloc(X42_PAGE_MAX);
    uint8_t back[PC_PAGE_SIZE];

    (void)state;
    for (int k = 0; k < WL_COUNT; k++) {
        struct page_cache e, d;
        struct wl w;
        uint64_t bytes = 0, count = 0;

        assert_int_equal(wl_init(&w, (enum wl_kind)k, N, 42 + k), 0);
        assert_int_equal(pc_init(&e, X42_DEFAULT_PAGES), 0);
        assert_int_equal(pc_init(&d, X42_DEFAULT_PAGES), 0);
        for (int cp = 0; cp < 6; cp++) {
            uint32_t n;
            wl_step(&w);
            n = wl_take(&w, pfns, pages, MAXD);
            assert_true(n > 0);
            for (uint32_t i = 0; i < n; i++) {
                size_t len, used;
                len = x42_encode(&e, pfns[i], pages + (size_t)i * WL_PAGE, out);
                assert_true(len >= 1 && len <= X42_PAGE_MAX);
                assert_int_equal(x42_decode(&d, pfns[i], out, len, &used, back),
                                 0);
                assert_int_equal(used, len);
                assert_memory_equal(back, pages + (size_t)i * WL_PAGE,
                                    PC_PAGE_SIZE);
                bytes += len;
            }
            count += n;
        }
        print_message("%s: %llu pages, %.0f bytes a page\n", wl_names[k],
                      (unsigned long long)count, (double)bytes / count);
        wl_free(&w);
        pc_free(&e);
        pc_free(&d);
    }
    free(pfns);
    free(pages);
    free(out);
}

/* Decodes in[0, len) (a copy of exactly len bytes) for pfn 3 into a
 * fenced page, after the decoder saw prev (the page's last version). */
static int decode_fresh(const uint8_t *prev, const uint8_t *in, size_t len)
{
    struct page_cache d;
    struct fenced f;
    uint8_t full[X42_PAGE_MAX], *copy = exact_copy(in, len);
    size_t used = 0;
    int rc;

    assert_int_equal(pc_init(&d, 4), 0);
    fenced_init(&f, PC_PAGE_SIZE);
    full[0] = X42_FULL;
    memcpy(full + 1, prev, PC_PAGE_SIZE);
    assert_int_equal(x42_decode(&d, 3, full, sizeof(full), &used, f.pages), 0);
    rc = x42_decode(&d, 3, copy, len, &used, f.pages);
    assert_true(fenced_intact(&f));
    if (!rc)
        assert_true(used <= len);
    fenced_free(&f);
    free(copy);
    pc_free(&d);
    return rc;
}

/* Every value of every byte of a sparse delta, of an unchanged page and
 * of a whole page's marker; several values of every byte of a page that
 * changed throughout; every truncation of each. */
static void corruption(void **state)
{
    struct page_cache e;
    uint8_t prev[PC_PAGE_SIZE], page[PC_PAGE_SIZE];
    uint8_t enc[4][X42_PAGE_MAX];
    size_t len[4];
    static const uint8_t some[] = { 0x00, 0x01, 0x7f, 0x80, 0x81, 0xff };

    (void)state;
    fill(prev, 9);
    assert_int_equal(pc_init(&e, 4), 0);
    len[0] = x42_encode(&e, 3, prev, enc[0]); /* whole */
    memcpy(page, prev, sizeof(page));
    for (size_t w = 3; w < 1024; w += 97)
        page[w * 4 + 1] ^= 0x11;
    len[1] = x42_encode(&e, 3, page, enc[1]); /* sparse */
    memcpy(prev, page, sizeof(page));
    len[2] = x42_encode(&e, 3, page, enc[2]); /* unchanged */
    for (size_t i = 0; i < PC_PAGE_SIZE; i += 4)
        page[i] ^= 0x5a;
    len[3] = x42_encode(&e, 3, page, enc[3]); /* all changed */
    assert_int_equal(len[0], 4097);
    assert_int_equal(len[2], 1);
    assert_int_equal(len[3], X42_PAGE_MAX);
    pc_free(&e);

    for (int k = 0; k < 4; k++) {
        uint8_t *c = malloc(len[k]);
        size_t positions = k == 0 ? 1 : len[k];

        assert_int_equal(decode_fresh(prev, enc[k], len[k]), 0);
        for (size_t t = 0; t < len[k]; t++)
            assert_int_equal(decode_fresh(prev, enc[k], t), -1);
        for (size_t pos = 0; pos < positions; pos++) {
            unsigned nv = k == 3 ? sizeof(some) : 256;
            for (unsigned v = 0; v < nv; v++) {
                memcpy(c, enc[k], len[k]);
                c[pos] = k == 3 ? some[v] : (uint8_t)v;
                decode_fresh(prev, c, len[k]);
            }
        }
        free(c);
    }
}

/* Random and mutated input: never outside the page. */
static void fuzz(void **state)
{
    struct wl w = { .rng = 77 };
    uint8_t prev[PC_PAGE_SIZE], page[PC_PAGE_SIZE], enc[X42_PAGE_MAX];
    struct page_cache e;
    size_t len;

    (void)state;
    fill(prev, 5);
    for (int it = 0; it < 20000; it++) {
        uint8_t buf[5000];
        size_t n = wl_rand(&w) % sizeof(buf);
        int mode = (int)(wl_rand(&w) % 3);

        if (mode == 0) {
            for (size_t i = 0; i < n; i++)
                buf[i] = (uint8_t)wl_rand(&w);
        } else {
            /* a valid delta with a few bytes changed, cut or not */
            assert_int_equal(pc_init(&e, 4), 0);
            x42_encode(&e, 3, prev, enc);
            memcpy(page, prev, sizeof(page));
            for (int k = 0; k < 40; k++)
                page[wl_rand(&w) % PC_PAGE_SIZE] ^= (uint8_t)wl_rand(&w);
            len = x42_encode(&e, 3, page, enc);
            pc_free(&e);
            memcpy(buf, enc, len);
            for (int k = (int)(wl_rand(&w) % 4); k >= 0; k--)
                buf[wl_rand(&w) % len] = (uint8_t)wl_rand(&w);
            n = mode == 1 ? len : wl_rand(&w) % (len + 1);
        }
        decode_fresh(prev, buf, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes),     cmocka_unit_test(eviction),
        cmocka_unit_test(workloads), cmocka_unit_test(corruption),
        cmocka_unit_test(fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
