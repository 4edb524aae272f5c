/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the buddy allocator core (common/buddy.c) on a host-side
 * frame table: splitting, merging, alignment, exhaustion, holes, a
 * randomised allocate/free run checked against a shadow bitmap, and node
 * heaps (the split of the boot heap, no merging across nodes, Xen's order
 * of nodes for a domain's allocations).
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

/* Two node heaps over one frame table: node 0 owns [0, 1000), node 1
 * [1000, 4096). */
static struct buddy_heap nodes[4];

static unsigned int two_nodes(unsigned long pfn, unsigned long *end, void *ctx)
{
    *end = pfn < 1000 ? 1000 : NR;
    return pfn < 1000 ? 0 : 1;
}

static void init_nodes(unsigned int nr)
{
    for (unsigned int i = 0; i < nr; i++) {
        buddy_init(&nodes[i], frames, NR);
        nodes[i].node = i;
    }
}

static void test_split_nodes(void **state)
{
    heap.node = BUDDY_NODE_BOOT;
    buddy_add_range(&heap, 0, NR);
    /* Some frames in use before the split stay in use. */
    assert_int_equal(buddy_alloc(&heap, 0), 0);
    init_nodes(2);
    buddy_split_nodes(&heap, nodes, 2, two_nodes, NULL);
    assert_int_equal(heap.free_pages, 0);
    assert_int_equal(nodes[0].free_pages, 999);
    assert_int_equal(nodes[1].free_pages, NR - 1000);
    assert_int_equal(buddy_check(&nodes[0]), 0);
    assert_int_equal(buddy_check(&nodes[1]), 0);
    assert_int_equal(frames[0].count_info & PGC_state_mask, PGC_state_inuse);
    /* Every block of a node lies inside it. */
    for (unsigned int n = 0; n < 2; n++)
        for (unsigned int o = 0; o <= BUDDY_MAX_ORDER; o++)
            for (uint32_t p = nodes[n].head[o]; p != PAGE_LIST_NULL;
                 p = frames[p].list.next) {
                unsigned long end;

                assert_int_equal(two_nodes(p, &end, NULL), n);
                assert_true(p + (1UL << o) <= end);
            }
    /* Frame 0 returned goes to node 0 and merges there only. */
    buddy_free(&nodes[0], 0, 0);
    assert_int_equal(nodes[0].free_pages, 1000);
    assert_int_equal(buddy_check(&nodes[0]), 0);
}

static void test_no_merge_across_nodes(void **state)
{
    unsigned long a, b;

    /* 512..1023 to node 0 and 0..511 to node 1: buddies of order 9. */
    init_nodes(2);
    buddy_add_range(&nodes[0], 512, 1024);
    buddy_add_range(&nodes[1], 0, 512);
    assert_int_equal(nodes[0].free_blocks[9], 1);
    assert_int_equal(nodes[1].free_blocks[9], 1);
    assert_int_equal(nodes[0].free_blocks[10], 0);
    a = buddy_alloc(&nodes[0], 9);
    b = buddy_alloc(&nodes[1], 9);
    assert_int_equal(a, 512);
    assert_int_equal(b, 0);
    buddy_free(&nodes[1], b, 9);
    buddy_free(&nodes[0], a, 9);
    assert_int_equal(nodes[0].free_blocks[10], 0);
    assert_int_equal(nodes[0].free_blocks[9], 1);
    assert_int_equal(buddy_check(&nodes[0]), 0);
    assert_int_equal(buddy_check(&nodes[1]), 0);
}

/* Four nodes of 256 frames each. */
static void four_nodes(void)
{
    init_nodes(4);
    for (unsigned int i = 0; i < 4; i++)
        buddy_add_range(&nodes[i], i * 256, (i + 1) * 256);
}

static unsigned int node_of(unsigned long pfn)
{
    return (unsigned int)(pfn / 256);
}

static void test_alloc_nodes_round_robin(void **state)
{
    unsigned int last = 0;
    unsigned long p;

    four_nodes();
    /* Mask {1,3}, starting after node 0: 1, 3, 1, 3 ... */
    for (int i = 0; i < 6; i++) {
        p = buddy_alloc_nodes(nodes, 4, 0, 0xa, BUDDY_ANY_NODE, false, &last);
        assert_int_equal(node_of(p), i % 2 ? 3 : 1);
        assert_int_equal(last, node_of(p));
    }
    /* Node 3 full: node 1 takes everything, then the others (0, 2). */
    while (buddy_alloc(&nodes[3], 0) != BUDDY_NO_PAGE)
        ;
    p = buddy_alloc_nodes(nodes, 4, 0, 0x8, BUDDY_ANY_NODE, false, &last);
    assert_int_equal(node_of(p), 0);
    while (buddy_alloc(&nodes[0], 0) != BUDDY_NO_PAGE)
        ;
    p = buddy_alloc_nodes(nodes, 4, 0, 0x8, BUDDY_ANY_NODE, false, &last);
    assert_int_equal(node_of(p), 1);
    /* Exact without a node: the mask only. */
    assert_int_equal(
        buddy_alloc_nodes(nodes, 4, 0, 0x8, BUDDY_ANY_NODE, true, &last),
        BUDDY_NO_PAGE);
}

static void test_alloc_nodes_requested(void **state)
{
    unsigned int last = 0;
    unsigned long p;

    four_nodes();
    /* A requested node wins over the mask. */
    p = buddy_alloc_nodes(nodes, 4, 2, 0x1, 2, false, &last);
    assert_int_equal(node_of(p), 2);
    assert_int_equal(last, 2);
    /* Too big for node 2 (255 pages left): the mask's node instead. */
    p = buddy_alloc_nodes(nodes, 4, 8, 0x2, 2, false, &last);
    assert_int_equal(node_of(p), 1);
    /* Exact: that node or nothing. */
    assert_int_equal(buddy_alloc_nodes(nodes, 4, 8, 0xf, 2, true, &last),
                     BUDDY_NO_PAGE);
    p = buddy_alloc_nodes(nodes, 4, 0, 0x1, 3, true, &last);
    assert_int_equal(node_of(p), 3);
    /* A node without a heap has no memory; past 63 there is none. */
    assert_int_equal(buddy_alloc_nodes(nodes, 4, 0, 0xf, 9, true, &last),
                     BUDDY_NO_PAGE);
    p = buddy_alloc_nodes(nodes, 4, 0, 0x1, 9, false, &last);
    assert_int_equal(node_of(p), 0);
    assert_int_equal(buddy_alloc_nodes(nodes, 4, 0, 0xf, 64, false, &last),
                     BUDDY_NO_PAGE);
    /* Everything full: nothing, whatever the mask. */
    for (unsigned int i = 0; i < 4; i++)
        while (buddy_alloc(&nodes[i], 0) != BUDDY_NO_PAGE)
            ;
    assert_int_equal(
        buddy_alloc_nodes(nodes, 4, 0, 0xf, BUDDY_ANY_NODE, false, &last),
        BUDDY_NO_PAGE);
    for (unsigned int i = 0; i < 4; i++)
        assert_int_equal(buddy_check(&nodes[i]), 0);
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
        cmocka_unit_test_setup(test_split_nodes, setup),
        cmocka_unit_test_setup(test_no_merge_across_nodes, setup),
        cmocka_unit_test_setup(test_alloc_nodes_round_robin, setup),
        cmocka_unit_test_setup(test_alloc_nodes_requested, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
