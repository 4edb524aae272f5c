/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the boot allocator (arch/x86/mm/bootmem.c): ranges from
 * the e820 map, reservations that split ranges, aligned allocation from
 * the top below a limit, exhaustion and hand-over.
 */
#include "test_core_shim.h"
#include <xenith/bootmem.h>
#include <xenith/e820.h>

#define MiB (1ULL << 20)

static struct e820map m;

static int setup(void **state)
{
    memset(&m, 0, sizeof(m));
    e820_add(&m, 0, 0x9fc00, E820_RAM);
    e820_add(&m, 0x9fc00, 0x400, E820_RESERVED);
    e820_add(&m, MiB, 511 * MiB, E820_RAM);         /* 1 MiB - 512 MiB */
    e820_add(&m, 4096 * MiB, 1024 * MiB, E820_RAM); /* 4 GiB - 5 GiB */
    e820_sanitise(&m);
    bootmem_init(&m);
    return 0;
}

static paddr_t ranges[16][2];
static unsigned int nranges;

static void collect(paddr_t s, paddr_t e)
{
    if (nranges < 16) {
        ranges[nranges][0] = s;
        ranges[nranges][1] = e;
    }
    nranges++;
}

static void test_init_and_total(void **state)
{
    /* The partial page at 0x9f000-0x9fc00 is not usable. */
    assert_int_equal(bootmem_free_bytes(), 0x9f000 + 511 * MiB + 1024 * MiB);
}

static void test_alloc_top_and_limit(void **state)
{
    paddr_t pa = bootmem_alloc(1, 1, ~0ULL);

    assert_int_equal(pa, 5120 * MiB - 4096);
    pa = bootmem_alloc(1, 1, 1ULL << 32);
    assert_int_equal(pa, 512 * MiB - 4096);
    /* 2 MiB aligned block below 4 GiB. */
    pa = bootmem_alloc(512, 512, 1ULL << 32);
    assert_int_equal(pa % (2 * MiB), 0);
    assert_true(pa + 2 * MiB <= 512 * MiB - 4096);
    /* Nothing fits below 64 KiB except page 0, which is never returned. */
    assert_int_equal(bootmem_alloc(1, 1, 0x1000), 0);
    assert_int_equal(bootmem_alloc(0, 1, ~0ULL), 0);
}

static void test_reserve_splits(void **state)
{
    uint64_t before = bootmem_free_bytes();

    bootmem_reserve(0, MiB);                 /* low memory */
    bootmem_reserve(2 * MiB + 100, 3 * MiB); /* rounds out to pages */
    /* Gone: the low range [0, 0x9f000) and [2 MiB, 3 MiB). */
    assert_int_equal(bootmem_free_bytes(), before - 0x9f000 - MiB);
    nranges = 0;
    bootmem_handover(collect);
    assert_int_equal(nranges, 3);
    assert_int_equal(ranges[0][0], MiB);
    assert_int_equal(ranges[0][1], 2 * MiB);
    assert_int_equal(ranges[1][0], 4096 * MiB);
    assert_int_equal(ranges[2][0], 3 * MiB);
    assert_int_equal(ranges[2][1], 512 * MiB);
    /* After hand-over the allocator is closed. */
    assert_int_equal(bootmem_alloc(1, 1, ~0ULL), 0);
}

static void test_exhaust(void **state)
{
    unsigned long n = 0;

    memset(&m, 0, sizeof(m));
    e820_add(&m, MiB, 64 * 4096, E820_RAM);
    bootmem_init(&m);
    while (bootmem_alloc(1, 1, ~0ULL))
        n++;
    assert_int_equal(n, 64);
    assert_int_equal(bootmem_free_bytes(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init_and_total, setup),
        cmocka_unit_test_setup(test_alloc_top_and_limit, setup),
        cmocka_unit_test_setup(test_reserve_splits, setup),
        cmocka_unit_test_setup(test_exhaust, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
