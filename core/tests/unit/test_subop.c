/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sub-operation tables (common/subop.c): the order of the checks, one
 * copy in and one copy back, heap buffers for large arguments, and the
 * table walk that finds incomplete entries.
 */
#include "test_core_shim.h"

#include <stdlib.h>

#include <xenith/errno.h>
#include <xenith/subop.h>

/* Guest memory: a host buffer; addresses below 0x1000 fault. */
static unsigned int copies_in, copies_out;

int copy_from_guest(void *dst, uint64_t va, size_t n)
{
    copies_in++;
    if (va < 0x1000)
        return -EFAULT;
    memcpy(dst, (void *)(uintptr_t)va, n);
    return 0;
}

int copy_to_guest(uint64_t va, const void *src, size_t n)
{
    copies_out++;
    if (va < 0x1000)
        return -EFAULT;
    memcpy((void *)(uintptr_t)va, src, n);
    return 0;
}

static unsigned int heap_allocs;

void *xmalloc_bytes(size_t size)
{
    heap_allocs++;
    return malloc(size);
}

void xfree(void *p)
{
    free(p);
}

struct small {
    uint64_t in, out;
};

struct big {
    uint8_t bytes[4000];
};

static unsigned int calls;

static long op_double(void *ctx, unsigned long cmd, void *arg)
{
    struct small *a = arg;

    calls++;
    assert_ptr_equal(ctx, &calls);
    a->out = a->in * 2;
    return a->in == 7 ? -EINVAL : 0;
}

static long op_big(void *ctx, unsigned long cmd, void *arg)
{
    struct big *b = arg;

    calls++;
    return b->bytes[3999];
}

static long op_noarg(void *ctx, unsigned long cmd, void *arg)
{
    calls++;
    assert_null(arg);
    return 42;
}

static const struct subop ops[] = {
    SUBOP(1, "double", struct small, op_double, ANY, SUBOP_IN | SUBOP_OUT),
    SUBOP(2, "double_ctrl", struct small, op_double, CTRL,
          SUBOP_IN | SUBOP_OUT),
    SUBOP(3, "big", struct big, op_big, ANY, SUBOP_IN),
    SUBOP_NOARG(4, "self", op_noarg, ANY, SUBOP_SELF),
    SUBOP_NOARG(5, "null", op_noarg, ANY, SUBOP_NULL_ARG),
    SUBOP(6, "out_only", struct small, op_double, ANY, SUBOP_OUT | SUBOP_CONT),
    SUBOP(7, "ctrl_first", struct small, op_double, CTRL,
          SUBOP_IN | SUBOP_OUT | SUBOP_CALLER_FIRST),
};
static const struct subop_table table = { "test_op", ops, 8 };

static const struct subop_caller_info user = { false, true };
static const struct subop_caller_info ctrl = { true, true };

static void reset(void)
{
    calls = copies_in = copies_out = heap_allocs = 0;
}

static void copy_once_each_way(void **state)
{
    struct small a = { 21, 0 };

    reset();
    assert_int_equal(subop_call(&table, 1, (uintptr_t)&a, &calls, user), 0);
    assert_int_equal(a.out, 42);
    assert_int_equal(copies_in, 1);
    assert_int_equal(copies_out, 1);
    assert_int_equal(heap_allocs, 0);
    /* A failing handler's result is not copied back. */
    a.in = 7;
    a.out = 0;
    assert_int_equal(subop_call(&table, 1, (uintptr_t)&a, &calls, user),
                     -EINVAL);
    assert_int_equal(a.out, 0);
    assert_int_equal(copies_out, 1);
    /* Out only: the handler sees zeros, the guest gets the result. */
    a.in = 99;
    assert_int_equal(subop_call(&table, 6, (uintptr_t)&a, &calls, user), 0);
    assert_int_equal(a.in, 0);
    assert_int_equal(copies_in, 2);
}

static void order_of_checks(void **state)
{
    struct small a = { 1, 0 };

    reset();
    assert_int_equal(subop_call(&table, 0, (uintptr_t)&a, &calls, ctrl),
                     -ENOSYS);
    assert_int_equal(subop_call(&table, 8, (uintptr_t)&a, &calls, ctrl),
                     -ENOSYS);
    assert_int_equal(subop_call(&table, ~0UL, (uintptr_t)&a, &calls, ctrl),
                     -ENOSYS);
    /* A bad pointer faults before the class is checked (as Xen). */
    assert_int_equal(subop_call(&table, 2, 16, &calls, user), -EFAULT);
    assert_int_equal(subop_call(&table, 2, (uintptr_t)&a, &calls, user),
                     -EPERM);
    assert_int_equal(calls, 0);
    assert_int_equal(subop_call(&table, 2, (uintptr_t)&a, &calls, ctrl), 0);
    assert_int_equal(a.out, 2);
    /* SUBOP_SELF and SUBOP_NULL_ARG come first. */
    struct subop_caller_info other = { true, false };
    assert_int_equal(subop_call(&table, 4, 0, NULL, other), -EINVAL);
    assert_int_equal(subop_call(&table, 4, 0, NULL, user), 42);
    assert_int_equal(subop_call(&table, 5, 0x5000, NULL, user), -EINVAL);
    assert_int_equal(subop_call(&table, 5, 0, NULL, user), 42);
    assert_int_equal(copies_in, 3);
    /* SUBOP_CALLER_FIRST: the class before the copy. */
    assert_int_equal(subop_call(&table, 7, 16, &calls, user), -EPERM);
    assert_int_equal(copies_in, 3);
    assert_int_equal(subop_call(&table, 7, 16, &calls, ctrl), -EFAULT);
    a.in = 4;
    assert_int_equal(subop_call(&table, 7, (uintptr_t)&a, &calls, ctrl), 0);
    assert_int_equal(a.out, 8);
}

static void big_argument_on_heap(void **state)
{
    static struct big b;

    reset();
    b.bytes[3999] = 9;
    assert_int_equal(subop_call(&table, 3, (uintptr_t)&b, NULL, user), 9);
    assert_int_equal(heap_allocs, 1);
    assert_int_equal(subop_call(&table, 3, 8, NULL, user), -EFAULT);
    assert_int_equal(calls, 1);
}

static void run_on_a_copy(void **state)
{
    struct small a = { 5, 0 };

    reset();
    assert_int_equal(subop_run(&table, 1, &a, &calls, user), 0);
    assert_int_equal(a.out, 10);
    assert_int_equal(copies_in + copies_out, 0);
    assert_int_equal(subop_run(&table, 2, &a, &calls, user), -EPERM);
    assert_int_equal(subop_run(&table, 9, &a, &calls, ctrl), -ENOSYS);
    /* The entries a hypercall checks itself (SUBOP_CONT). */
    assert_true(subop_find(&table, 6) == &ops[6]);
    assert_true(subop_find(&table, 0) == NULL);
    assert_true(subop_find(&table, 8) == NULL);
}

static unsigned int reports;

static void count_report(const char *t, unsigned long cmd, const char *why)
{
    reports++;
    printf("  %s %lu %s\n", t, cmd, why);
}

static void walk_finds_incomplete_entries(void **state)
{
    static const struct subop bad[] = {
        [0] = { op_noarg, NULL, 0, SUBOP_ANY, 0 },       /* no name */
        [1] = { op_noarg, "no_class", 0, 0, 0 },         /* no class */
        [2] = { op_noarg, "flags", 0, SUBOP_ANY, 0x80 }, /* unknown flag */
        [3] = { op_noarg, "huge", 9000, SUBOP_ANY, SUBOP_IN },
        [4] = { op_noarg, "in0", 0, SUBOP_ANY, SUBOP_IN },
        [5] = { op_noarg, "lost", 8, SUBOP_ANY, 0 }, /* never copied */
        [6] = { NULL, "orphan", 0, 0, 0 },           /* no handler */
        [7] = { op_noarg, "null8", 8, SUBOP_ANY, SUBOP_IN | SUBOP_NULL_ARG },
        [8] = { op_noarg, "first", 0, SUBOP_ANY, SUBOP_CALLER_FIRST },
        [9] = { op_noarg, "fine", 0, SUBOP_CTRL, 0 },
        [10] = { op_noarg, "fine_first", 0, SUBOP_CTRL, SUBOP_CALLER_FIRST },
    };
    const struct subop_table tables[2] = {
        { "good", ops, sizeof(ops) / sizeof(ops[0]) },
        { "bad", bad, sizeof(bad) / sizeof(bad[0]) },
    };

    reports = 0;
    assert_int_equal(subop_tables_check(tables, 1, count_report), 0);
    assert_int_equal(subop_tables_check(tables, 2, count_report), 9);
    assert_int_equal(reports, 9);
    assert_int_equal(subop_tables_check(tables, 2, NULL), 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copy_once_each_way),
        cmocka_unit_test(order_of_checks),
        cmocka_unit_test(big_argument_on_heap),
        cmocka_unit_test(run_on_a_copy),
        cmocka_unit_test(walk_finds_incomplete_entries),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
