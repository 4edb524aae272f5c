/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the buddy allocator core (common/buddy.c) on a host-side
 * frame table: splitting, merging, alignment, exhaustion, holes, and a
 * randomised allocate/free run checked against a shadow bitmap; scrubbing:
 * clean blocks go first, dirty pages come out flagged, the scrubber
 * resumes where it stopped, and no page is handed out holding a previous
 * user's data without its flag; node heaps: the split of the boot heap,
 * no merging across nodes, Xen's order of nodes for a domain's
 * allocations.
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

/* Shadow of page contents: 1 = may hold a previous user's data. */
static unsigned char stale[NR];
static unsigned long scrubbed;

/* What the idle loop does: take a block, scrub at most max of its dirty
 * pages, put it back.  Returns 0 when nothing was dirty. */
static unsigned long scrub_step(unsigned int max)
{
    unsigned int order, n = 0;
    unsigned long cleaned = 0, pfn;
    uint32_t i;

    pfn = buddy_scrub_take(&heap, 3, &order, &i);
    if (pfn == BUDDY_NO_PAGE)
        return 0;
    assert_true(order <= 3);
    assert_int_equal(pfn % (1UL << order), 0);
    assert_true(i < (1u << order));
    for (; i < (1u << order) && n < max; i++, n++) {
        if (!(frames[pfn + i].count_info & PGC_need_scrub))
            continue;
        stale[pfn + i] = 0;
        frames[pfn + i].count_info &= ~PGC_need_scrub;
        cleaned++;
        scrubbed++;
    }
    buddy_scrub_put(&heap, pfn, order, i < (1u << order) ? i : BUDDY_CLEAN,
                    cleaned);
    return 1;
}

static void test_scrub_then_clean_first(void **state)
{
    unsigned long p, q;

    buddy_add_range(&heap, 0, 64);
    assert_int_equal(heap.dirty_pages, 64);
    scrubbed = 0;
    /* A few pages at a time, resuming inside the block. */
    while (scrub_step(5))
        assert_int_equal(buddy_check(&heap), 0);
    assert_int_equal(scrubbed, 64);
    assert_int_equal(heap.dirty_pages, 0);
    assert_int_equal(scrub_step(5), 0);
    p = buddy_alloc(&heap, 0);
    assert_false(frames[p].count_info & PGC_need_scrub);
    q = buddy_alloc(&heap, 0); /* p's buddy: p stays a block of its own */
    assert_int_equal(q, p ^ 1);
    buddy_free(&heap, p, 0); /* dirty again */
    assert_int_equal(heap.dirty_pages, 1);
    assert_int_equal(buddy_check(&heap), 0);
    q = buddy_alloc(&heap, 0);
    assert_int_not_equal(q, p); /* a clean page rather than the dirty one */
    assert_int_not_equal(q, p ^ 1);
    assert_false(frames[q].count_info & PGC_need_scrub);
    assert_int_equal(buddy_check(&heap), 0);
}

static void test_only_dirty_left(void **state)
{
    unsigned long p;

    buddy_add_range(&heap, 0, 8);
    p = buddy_alloc(&heap, 3);
    assert_int_equal(p, 0);
    for (unsigned long i = 0; i < 8; i++)
        assert_true(frames[i].count_info & PGC_need_scrub);
    assert_int_equal(heap.dirty_pages, 0);
    assert_int_equal(buddy_check(&heap), 0);
}

static void test_scrubbed_block_untouched(void **state)
{
    unsigned int order;
    unsigned long pfn, p, got = 0;
    uint32_t fd;

    buddy_add_range(&heap, 0, 256);
    pfn = buddy_scrub_take(&heap, 3, &order, &fd);
    assert_int_equal(order, 3);
    assert_int_equal(heap.free_pages, 256); /* still free while scrubbed */
    while ((p = buddy_alloc(&heap, 0)) != BUDDY_NO_PAGE) {
        assert_true(p < pfn || p >= pfn + 8);
        got++;
    }
    assert_int_equal(got, 248);
    buddy_scrub_put(&heap, pfn, order, fd, 0);
    assert_int_equal(buddy_check(&heap), 0);
    assert_int_equal(buddy_alloc(&heap, 3), pfn);
}

static void test_scrub_random(void **state)
{
    struct {
        unsigned long pfn;
        unsigned int order;
    } live[256];
    unsigned int nlive = 0;

    memset(stale, 1, sizeof(stale));
    buddy_add_range(&heap, 0, NR);
    srand(777);
    for (int step = 0; step < 30000; step++) {
        int what = rand() % 4;

        if (what == 0) {
            scrub_step((unsigned int)(rand() % 10) + 1);
        } else if (nlive < 256 && (what == 1 || what == 2 || !nlive)) {
            unsigned int order = (unsigned int)(rand() % 5);
            unsigned long p = buddy_alloc(&heap, order);

            if (p == BUDDY_NO_PAGE)
                continue;
            for (unsigned long i = 0; i < (1UL << order); i++) {
                /* Old data only ever comes out flagged. */
                if (stale[p + i])
                    assert_true(frames[p + i].count_info & PGC_need_scrub);
                frames[p + i].count_info &= ~PGC_need_scrub;
                stale[p + i] = 0;
            }
            live[nlive].pfn = p;
            live[nlive].order = order;
            nlive++;
        } else {
            unsigned int k = (unsigned int)rand() % nlive;

            for (unsigned long i = 0; i < (1UL << live[k].order); i++)
                stale[live[k].pfn + i] = 1; /* its user wrote there */
            buddy_free(&heap, live[k].pfn, live[k].order);
            live[k] = live[--nlive];
        }
        if (step % 499 == 0)
            assert_int_equal(buddy_check(&heap), 0);
    }
    while (nlive) {
        nlive--;
        buddy_free(&heap, live[nlive].pfn, live[nlive].order);
    }
    while (scrub_step(16))
        ;
    assert_int_equal(buddy_check(&heap), 0);
    assert_int_equal(heap.dirty_pages, 0);
    for (unsigned long i = 0; i < NR; i++)
        assert_int_equal(stale[i], 0);
    assert_int_equal(heap.free_blocks[12], 1);
}

/* Scrubbing inside node heaps: a block scrubbed in node 1's heap goes back
 * there and merges with node 1's blocks only. */
static void test_scrub_node_heaps(void **state)
{
    unsigned int order;
    uint32_t fd;
    unsigned long pfn;

    /* 0..511 node 0, 512..1023 node 1: buddies of order 9, all dirty. */
    init_nodes(2);
    buddy_add_range(&nodes[0], 0, 512);
    buddy_add_range(&nodes[1], 512, 1024);
    assert_int_equal(nodes[1].dirty_pages, 512);
    while ((pfn = buddy_scrub_take(&nodes[1], 4, &order, &fd)) !=
           BUDDY_NO_PAGE) {
        assert_true(pfn >= 512 && pfn < 1024);
        for (unsigned long i = fd; i < (1UL << order); i++)
            frames[pfn + i].count_info &= ~PGC_need_scrub;
        buddy_scrub_put(&nodes[1], pfn, order, BUDDY_CLEAN,
                        (1UL << order) - fd);
    }
    assert_int_equal(nodes[1].dirty_pages, 0);
    assert_int_equal(nodes[0].dirty_pages, 512);
    assert_int_equal(buddy_check(&nodes[0]), 0);
    assert_int_equal(buddy_check(&nodes[1]), 0);
    /* Node 1 is one clean order-9 block; nothing merged into order 10. */
    assert_int_equal(nodes[1].free_blocks[9], 1);
    assert_int_equal(nodes[1].free_blocks[10], 0);
    assert_int_equal(nodes[1].head[9], 512);
    assert_int_equal(nodes[0].free_blocks[10], 0);
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
        cmocka_unit_test_setup(test_scrub_then_clean_first, setup),
        cmocka_unit_test_setup(test_only_dirty_left, setup),
        cmocka_unit_test_setup(test_scrubbed_block_untouched, setup),
        cmocka_unit_test_setup(test_scrub_random, setup),
        cmocka_unit_test_setup(test_scrub_node_heaps, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
