/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for xmalloc (common/xmalloc.c) over a host arena of pages
 * with its own frame table: every page goes back once its blocks are
 * freed, a large block takes exactly the pages it needs, PAGE_SIZE takes
 * one page, blocks do not overlap, and bad pointers are refused.
 */
#include "test_core_shim.h"
#include <stdlib.h>
#include <xenith/mm.h>
#include <xenith/spinlock.h>

/* xmalloc's interface (mm.h declares it for hypervisor builds only). */
void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);
void xmalloc_stats(unsigned long *small, unsigned long *large);

/* Host stand-ins for the interrupt-saving lock calls. */
unsigned long spin_lock_irqsave(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long f);
unsigned long spin_lock_irqsave(spinlock_t *l)
{
    spin_lock(l);
    return 0;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
    (void)f;
    spin_unlock(l);
}

#define NR 512

static char *arena;
static struct page_info frames[NR];
static bool in_use[NR];
static unsigned long pages_out;

void *xm_alloc_pages(unsigned int order)
{
    unsigned long n = 1UL << order;

    for (unsigned long p = 0; p + n <= NR; p += n) {
        unsigned long i;

        for (i = 0; i < n && !in_use[p + i]; i++)
            ;
        if (i < n)
            continue;
        for (i = 0; i < n; i++) {
            in_use[p + i] = true;
            memset(&frames[p + i].u, 0, sizeof(frames[p + i].u));
        }
        pages_out += n;
        return arena + p * PAGE_SIZE;
    }
    return NULL;
}

void xm_free_pages(void *va, unsigned int order)
{
    unsigned long p = (unsigned long)((char *)va - arena) / PAGE_SIZE;

    assert_int_equal(((char *)va - arena) % PAGE_SIZE, 0);
    assert_int_equal(p % (1UL << order), 0);
    for (unsigned long i = 0; i < (1UL << order); i++) {
        assert_true(in_use[p + i]);
        in_use[p + i] = false;
    }
    pages_out -= 1UL << order;
}

struct page_info *xm_virt_to_page(const void *va)
{
    return &frames[(unsigned long)((const char *)va - arena) / PAGE_SIZE];
}

void *xm_page_to_virt(const struct page_info *pg)
{
    return arena + (unsigned long)(pg - frames) * PAGE_SIZE;
}

struct page_info *xm_pfn_to_page(unsigned long pfn)
{
    assert_true(pfn < NR);
    return &frames[pfn];
}

unsigned long xm_page_to_pfn(const struct page_info *pg)
{
    return (unsigned long)(pg - frames);
}

static int setup(void **state)
{
    (void)state;
    if (!arena)
        arena = aligned_alloc(PAGE_SIZE, NR * PAGE_SIZE);
    assert_non_null(arena);
    return 0;
}

static void test_small_pages_go_back(void **state)
{
    void *p[1000];
    size_t sizes[] = { 1, 16, 17, 100, 500, 1024, 2000, 2048 };

    (void)state;
    for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        for (unsigned int i = 0; i < 1000; i++) {
            p[i] = xmalloc_bytes(sizes[s]);
            assert_non_null(p[i]);
            assert_int_equal((unsigned long)p[i] % 16, 0);
            memset(p[i], (int)i, sizes[s]);
        }
        for (unsigned int i = 0; i < 1000; i++)
            assert_int_equal(*(unsigned char *)p[i], i & 0xff);
        /* Free in an order that leaves pages partly used for a while. */
        for (unsigned int i = 0; i < 1000; i += 2)
            xfree(p[i]);
        for (unsigned int i = 1; i < 1000; i += 2)
            xfree(p[i]);
        assert_int_equal(pages_out, 0);
    }
}

static void test_large_exact(void **state)
{
    unsigned long small, large;
    void *a, *b, *c;

    (void)state;
    a = xmalloc_bytes(PAGE_SIZE);
    assert_int_equal(pages_out, 1);
    b = xzalloc_bytes(5 * PAGE_SIZE - 7);
    assert_int_equal(pages_out, 6);
    c = xmalloc_bytes(2049);
    assert_int_equal(pages_out, 7);
    xmalloc_stats(&small, &large);
    assert_int_equal(small, 0);
    assert_int_equal(large, 7);
    for (unsigned int i = 0; i < 5 * PAGE_SIZE - 7; i++)
        assert_int_equal(((char *)b)[i], 0);
    xfree(b);
    xfree(a);
    xfree(c);
    assert_int_equal(pages_out, 0);
    xmalloc_stats(&small, &large);
    assert_int_equal(large, 0);
}

static void test_random_mix(void **state)
{
    enum { N = 400 };
    struct {
        unsigned char *p;
        size_t n;
    } b[N] = { { 0 } };

    (void)state;
    srand(7);
    for (unsigned int round = 0; round < 20000; round++) {
        unsigned int i = (unsigned int)rand() % N;

        if (b[i].p) {
            for (size_t k = 0; k < b[i].n; k++)
                assert_int_equal(b[i].p[k], (unsigned char)i);
            xfree(b[i].p);
            b[i].p = NULL;
        } else {
            b[i].n = (size_t)rand() % (rand() % 8 ? 2100 : 3 * PAGE_SIZE) + 1;
            b[i].p = xmalloc_bytes(b[i].n);
            if (b[i].p)
                memset(b[i].p, (int)i, b[i].n);
        }
    }
    for (unsigned int i = 0; i < N; i++)
        xfree(b[i].p);
    assert_int_equal(pages_out, 0);
}

static void test_bad_pointers(void **state)
{
    char *a = xmalloc_bytes(64), *l = xmalloc_bytes(3 * PAGE_SIZE);

    (void)state;
    xfree(a + 16);                  /* not a block start */
    xfree(l + PAGE_SIZE);           /* inside a large block */
    xfree(l + 8);                   /* not page aligned */
    xfree(arena + 300 * PAGE_SIZE); /* a page xmalloc does not own */
    assert_int_equal(pages_out, 4);
    xfree(a);
    xfree(l);
    xfree(NULL);
    assert_int_equal(pages_out, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_small_pages_go_back, setup),
        cmocka_unit_test_setup(test_large_exact, setup),
        cmocka_unit_test_setup(test_random_mix, setup),
        cmocka_unit_test_setup(test_bad_pointers, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
