/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for e820 sanitising (arch/x86/e820.c): sorting, overlap
 * resolution (reserved beats RAM), merging, empty and wrapping entries,
 * retyping, and overflow of the map.
 */
#include "test_core_shim.h"
#include <xenith/e820.h>
#include <xenith/errno.h>

static struct e820map m;

static int setup(void **state)
{
    memset(&m, 0, sizeof(m));
    return 0;
}

static void expect(unsigned int i, uint64_t addr, uint64_t end, uint32_t type)
{
    assert_true(i < m.nr_map);
    assert_int_equal(m.map[i].addr, addr);
    assert_int_equal(m.map[i].addr + m.map[i].size, end);
    assert_int_equal(m.map[i].type, type);
}

static void test_sort_and_merge(void **state)
{
    e820_add(&m, 0x100000, 0x100000, E820_RAM);
    e820_add(&m, 0, 0x9fc00, E820_RAM);
    e820_add(&m, 0x200000, 0x100000, E820_RAM); /* adjacent: merges */
    e820_add(&m, 0x9fc00, 0x400, E820_RESERVED);
    e820_add(&m, 0x500000, 0, E820_RAM); /* empty: dropped */
    assert_int_equal(e820_sanitise(&m), 0);
    assert_int_equal(m.nr_map, 3);
    expect(0, 0, 0x9fc00, E820_RAM);
    expect(1, 0x9fc00, 0xa0000, E820_RESERVED);
    expect(2, 0x100000, 0x300000, E820_RAM);
    assert_int_equal(e820_ram_bytes(&m), 0x9fc00 + 0x200000);
    assert_int_equal(e820_ram_end(&m), 0x300000);
}

static void test_overlap_reserved_wins(void **state)
{
    e820_add(&m, 0, 0x1000000, E820_RAM);
    e820_add(&m, 0x400000, 0x1000, E820_RESERVED);
    e820_add(&m, 0x800000, 0x2000, E820_ACPI);
    e820_add(&m, 0x800000, 0x1000, E820_NVS); /* NVS beats ACPI */
    assert_int_equal(e820_sanitise(&m), 0);
    assert_int_equal(m.nr_map, 6);
    expect(0, 0, 0x400000, E820_RAM);
    expect(1, 0x400000, 0x401000, E820_RESERVED);
    expect(2, 0x401000, 0x800000, E820_RAM);
    expect(3, 0x800000, 0x801000, E820_NVS);
    expect(4, 0x801000, 0x802000, E820_ACPI);
    expect(5, 0x802000, 0x1000000, E820_RAM);
    assert_true(e820_all_of_type(&m, 0x1000, 0x2000, E820_RAM));
    assert_false(e820_all_of_type(&m, 0x3ff000, 0x401000, E820_RAM));
}

static void test_duplicate_entries(void **state)
{
    for (int i = 0; i < 5; i++)
        e820_add(&m, 0x1000, 0x1000, E820_RAM);
    assert_int_equal(e820_sanitise(&m), 0);
    assert_int_equal(m.nr_map, 1);
    expect(0, 0x1000, 0x2000, E820_RAM);
}

static void test_wrapping_entry_clipped(void **state)
{
    e820_add(&m, UINT64_MAX - 0xfff, 0x10000, E820_RESERVED);
    assert_int_equal(e820_sanitise(&m), 0);
    assert_int_equal(m.nr_map, 1);
    assert_int_equal(m.map[0].addr, UINT64_MAX - 0xfff);
    assert_int_equal(m.map[0].size, 0xfff);
}

static void test_change_type(void **state)
{
    e820_add(&m, 0, 0x100000, E820_RAM);
    assert_int_equal(e820_sanitise(&m), 0);
    assert_int_equal(e820_change_type(&m, 0x10000, 0x20000, E820_RESERVED), 0);
    assert_int_equal(m.nr_map, 3);
    expect(1, 0x10000, 0x20000, E820_RESERVED);
    /* And back: the map merges into one range again. */
    assert_int_equal(e820_change_type(&m, 0x10000, 0x20000, E820_RAM), 0);
    assert_int_equal(m.nr_map, 1);
    expect(0, 0, 0x100000, E820_RAM);
}

static void test_too_many(void **state)
{
    /* 64 RAM ranges, each split in three by a reserved hole: 192 > 128. */
    for (uint64_t i = 0; i < 64; i++) {
        e820_add(&m, i * 0x10000, 0x9000, E820_RAM);
        e820_add(&m, i * 0x10000 + 0x3000, 0x3000, E820_RESERVED);
    }
    assert_int_equal(e820_add(&m, 0, 1, E820_RAM), -E2BIG);
    assert_int_equal(e820_sanitise(&m), -E2BIG);
    assert_int_equal(m.nr_map, 128); /* unchanged */
}

static void test_print(void **state)
{
    e820_add(&m, 0, 0x9fc00, E820_RAM);
    e820_add(&m, 0xf0000, 0x10000, 12);
    e820_print(&m, "test map:");
    assert_string_equal(e820_type_name(E820_ACPI), "ACPI data");
    assert_string_equal(e820_type_name(99), "type?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sort_and_merge, setup),
        cmocka_unit_test_setup(test_overlap_reserved_wins, setup),
        cmocka_unit_test_setup(test_duplicate_entries, setup),
        cmocka_unit_test_setup(test_wrapping_entry_clipped, setup),
        cmocka_unit_test_setup(test_change_type, setup),
        cmocka_unit_test_setup(test_too_many, setup),
        cmocka_unit_test_setup(test_print, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
