/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * numa-place's policies on an emulated host of four nodes with unequal
 * memory and CPUs, each choice computed by hand in the comments.
 *
 *   node  free MiB  CPUs   SLIT distances to nodes 0 1 2 3
 *   0     1024      2                          10 16 22 22
 *   1     4096      4                          16 10 22 22
 *   2     2048      1                          22 22 10 16
 *   3      512      1                          22 22 16 10
 *
 * A sequence of guests is placed in order; after each, its memory is
 * taken from its nodes in ascending order and its vCPUs are added to each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "policy.h"

#define MIB 1024ull

static const uint32_t slit[16] = { 10, 16, 22, 22, 16, 10, 22, 22,
                                   22, 22, 10, 16, 22, 22, 16, 10 };

static struct np_topo host(void)
{
    struct np_topo t = { .nr_nodes = 4, .dist = slit };

    t.node[0] = (struct np_node){ 1024 * MIB, 2, 0 };
    t.node[1] = (struct np_node){ 4096 * MIB, 4, 0 };
    t.node[2] = (struct np_node){ 2048 * MIB, 1, 0 };
    t.node[3] = (struct np_node){ 512 * MIB, 1, 0 };
    return t;
}

static const struct {
    uint64_t mib;
    uint32_t vcpus;
} guests[] = { { 512, 1 }, { 768, 2 }, { 512, 1 }, { 3000, 2 }, { 2000, 1 } };

static void run(np_policy_fn *fn, const uint64_t want[5])
{
    struct np_topo t = host();

    for (size_t g = 0; g < 5; g++) {
        uint64_t need = guests[g].mib * MIB, set = fn(&t, need);

        assert_int_equal(set, want[g]);
        for (unsigned i = 0; i < t.nr_nodes; i++) {
            uint64_t take;

            if (!(set >> i & 1))
                continue;
            take = need < t.node[i].free_kb ? need : t.node[i].free_kb;
            t.node[i].free_kb -= take;
            need -= take;
            t.node[i].nr_vcpus += guests[g].vcpus;
        }
    }
}

/*
 * 512: node 0 holds it.  768: node 0 has 512 left, node 1 holds it.
 * 512: node 0 (512 left, exactly).  3000: node 0 is empty, node 1 has
 * 3328.  2000: node 1 has 328, node 2 holds it.
 */
static void packed(void **state)
{
    static const uint64_t want[5] = { 0x1, 0x2, 0x1, 0x2, 0x4 };

    (void)state;
    run(np_packed, want);
}

/*
 * 512: every load is 0; node 1 has the most free.  768: loads 0, 1/4,
 * 0, 0; node 3 (512) is too small; of nodes 0 and 2, node 2 has more
 * free.  512: loads 0, 1/4, 2, 0; nodes 0 and 3 at 0, node 0 has more
 * free.  3000: only node 1 (3584) holds it.  2000: no node holds it
 * (512, 584, 1280, 512 free); by load node 3 (0), node 0 (1/2), node 1
 * (3/4) give 1608 MiB, node 2 (2) completes it.
 */
static void spread(void **state)
{
    static const uint64_t want[5] = { 0x2, 0x4, 0x1, 0x2, 0xf };

    (void)state;
    run(np_spread, want);
}

/*
 * 512, 768, 512: node 1 has the most free each time (4096, 3584, 2816).
 * 3000: node 1 (2304) still has the most but not enough; the nearest to
 * it is node 0 (16), 3328 MiB together.  2000: node 2 (2048) now has the
 * most free and holds it.
 */
static void bandwidth(void **state)
{
    static const uint64_t want[5] = { 0x2, 0x2, 0x2, 0x3, 0x4 };

    (void)state;
    run(np_bandwidth, want);
}

/*
 * 5000 MiB on the empty host: packed takes nodes 0 and 1 in order;
 * spread the two with the most free memory at equal load (1 and 2);
 * bandwidth node 1 and its nearest, node 0, though node 2 has more free.
 * 8000 MiB is more than the host's 7680: nothing.
 */
static void big_guests(void **state)
{
    struct np_topo t = host();

    (void)state;
    assert_int_equal(np_packed(&t, 5000 * MIB), 0x3);
    assert_int_equal(np_spread(&t, 5000 * MIB), 0x6);
    assert_int_equal(np_bandwidth(&t, 5000 * MIB), 0x3);
    assert_int_equal(np_packed(&t, 8000 * MIB), 0);
    assert_int_equal(np_spread(&t, 8000 * MIB), 0);
    assert_int_equal(np_bandwidth(&t, 8000 * MIB), 0);
}

/* One node: every policy takes it; a node without CPUs is never spread to. */
static void one_node_and_cpuless(void **state)
{
    struct np_topo t = { .nr_nodes = 1 };

    (void)state;
    t.node[0] = (struct np_node){ 1024 * MIB, 2, 3 };
    assert_int_equal(np_packed(&t, 512 * MIB), 1);
    assert_int_equal(np_spread(&t, 512 * MIB), 1);
    assert_int_equal(np_bandwidth(&t, 512 * MIB), 1);
    t.nr_nodes = 2;
    t.node[1] = (struct np_node){ 8192 * MIB, 0, 0 };
    assert_int_equal(np_spread(&t, 512 * MIB), 1);
    assert_int_equal(np_spread(&t, 2048 * MIB), 0);
    assert_ptr_equal(np_policy("spread"), np_spread);
    assert_null(np_policy("fastest"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(packed),
        cmocka_unit_test(spread),
        cmocka_unit_test(bandwidth),
        cmocka_unit_test(big_guests),
        cmocka_unit_test(one_node_and_cpuless),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
