/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the buddy allocator core (common/buddy.c) on a host-side
 * frame table: splitting, merging, alignment, exhaustion, holes, and a
 * randomised allocate/free run checked against a shadow bitmap.
 */
#include "test_core_shim.h"
#include <stdlib.h>
#include <xenith/buddy.h>

#define NR 4096

static struct page_info frames[NR];
static struct buddy_heap heap;

static int setup(void **state)
{
    memset(frames, 0, sizeof(frames));
    buddy_init(&heap, frames, NR);
    return 0;
}

static void test_add_and_exhaust(void **state)
{
    unsigned long got = 0, pfn;

    buddy_add_range(&heap, 0, NR);
    assert_int_equal(heap.free_pages, NR);
    assert_int_equal(buddy_check(&heap), 0);
    /* 4096 pages = one order-12 block. */
    assert_int_equal(heap.free_blocks[12], 1);
    while ((pfn = buddy_alloc(&heap, 0)) != BUDDY_NO_PAGE) {
        assert_true(pfn < NR);
        assert_int_equal(frames[pfn].count_info & PGC_state_mask,
                         PGC_state_inuse);
        got++;
    }
    assert_int_equal(got, NR);
    assert_int_equal(heap.free_pages, 0);
    assert_int_equal(buddy_check(&heap), 0);
}

static void test_merge_back(void **state)
{
    unsigned long a, b;

    buddy_add_range(&heap, 0, 1024);
    a = buddy_alloc(&heap, 3);
    b = buddy_alloc(&heap, 3);
    assert_int_equal(a % 8, 0);
    assert_int_equal(b % 8, 0);
    assert_int_not_equal(a, b);
    assert_int_equal(buddy_check(&heap), 0);
    buddy_free(&heap, a, 3);
    buddy_free(&heap, b, 3);
    assert_int_equal(buddy_check(&heap), 0);
    /* Everything merges back into one order-10 block. */
    assert_int_equal(heap.free_blocks[10], 1);
    assert_int_equal(heap.free_pages, 1024);
}

static void test_unaligned_range_and_holes(void **state)
{
    /* Two ranges with a hole: blocks must never span the hole. */
    buddy_add_range(&heap, 3, 100);
    buddy_add_range(&heap, 130, 1000);
    assert_int_equal(heap.free_pages, 97 + 870);
    assert_int_equal(buddy_check(&heap), 0);
    for (int i = 0; i < 200; i++) {
        unsigned long p = buddy_alloc(&heap, 2);

        if (p == BUDDY_NO_PAGE)
            break;
        assert_int_equal(p % 4, 0);
        assert_true((p >= 3 && p + 4 <= 100) || (p >= 130 && p + 4 <= 1000));
    }
    assert_int_equal(buddy_check(&heap), 0);
    /* Hole pages stay offline. */
    for (unsigned long p = 100; p < 130; p++)
        assert_int_equal(frames[p].count_info & PGC_state_mask,
                         PGC_state_offline);
}

static void test_too_big(void **state)
{
    buddy_add_range(&heap, 0, 64);
    assert_int_equal(buddy_alloc(&heap, 7), BUDDY_NO_PAGE);
    assert_int_equal(buddy_alloc(&heap, BUDDY_MAX_ORDER + 1), BUDDY_NO_PAGE);
    assert_int_not_equal(buddy_alloc(&heap, 6), BUDDY_NO_PAGE);
    assert_int_equal(buddy_alloc(&heap, 0), BUDDY_NO_PAGE);
}

static void test_range_clipped(void **state)
{
    buddy_add_range(&heap, NR - 10, NR + 100);
    assert_int_equal(heap.free_pages, 10);
    assert_int_equal(buddy_check(&heap), 0);
}

static void test_random(void **state)
{
    static unsigned char used[NR];
    struct {
        unsigned long pfn;
        unsigned int order;
    } live[512];
    unsigned int nlive = 0;

    buddy_add_range(&heap, 0, NR);
    srand(12345);
    memset(used, 0, sizeof(used));
    for (int step = 0; step < 20000; step++) {
        if (nlive < 512 && (rand() % 3 || !nlive)) {
            unsigned int order = (unsigned int)(rand() % 6);
            unsigned long p = buddy_alloc(&heap, order);

            if (p == BUDDY_NO_PAGE)
                continue;
            assert_int_equal(p % (1UL << order), 0);
            for (unsigned long i = 0; i < (1UL << order); i++) {
                assert_int_equal(used[p + i], 0);
                used[p + i] = 1;
            }
            live[nlive].pfn = p;
            live[nlive].order = order;
            nlive++;
        } else {
            unsigned int k = (unsigned int)rand() % nlive;

            for (unsigned long i = 0; i < (1UL << live[k].order); i++)
                used[live[k].pfn + i] = 0;
            buddy_free(&heap, live[k].pfn, live[k].order);
            live[k] = live[--nlive];
        }
        if (step % 997 == 0)
            assert_int_equal(buddy_check(&heap), 0);
    }
    while (nlive) {
        nlive--;
        buddy_free(&heap, live[nlive].pfn, live[nlive].order);
    }
    assert_int_equal(buddy_check(&heap), 0);
    assert_int_equal(heap.free_pages, NR);
    assert_int_equal(heap.free_blocks[12], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_add_and_exhaust, setup),
        cmocka_unit_test_setup(test_merge_back, setup),
        cmocka_unit_test_setup(test_unaligned_range_and_holes, setup),
        cmocka_unit_test_setup(test_too_big, setup),
        cmocka_unit_test_setup(test_range_clipped, setup),
        cmocka_unit_test_setup(test_random, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
