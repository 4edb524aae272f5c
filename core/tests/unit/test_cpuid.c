/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the PV guest CPUID policy and the forced-emulation
 * prefix (arch/x86/cpuid.c), run against the host CPU's real CPUID.
 */
#include "test_core_shim.h"
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hypercall.h>
#include <xenith/asm/cpuid.h>

/* Guest memory is host memory here; address 0 stands for a bad pointer. */
int copy_from_guest(void *dst, uint64_t va, size_t n)
{
    if (!va)
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)va, n);
    return 0;
}

static void test_hypervisor_leaves(void **state)
{
    struct cpuid_regs r;
    char sig[13] = { 0 };

    guest_cpuid(0x40000000, 0, &r);
    memcpy(sig, &r.b, 4);
    memcpy(sig + 4, &r.c, 4);
    memcpy(sig + 8, &r.d, 4);
    assert_string_equal(sig, "XenVMMXenVMM");
    assert_true(r.a >= 0x40000002);
    guest_cpuid(0x40000001, 0, &r);
    assert_int_equal(r.a, (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR);
    guest_cpuid(0x40000002, 0, &r);
    assert_int_equal(r.a, 1);
    assert_int_equal(r.b, 0x40000000);
    guest_cpuid(0x40000050, 0, &r);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

static void test_host_leaves_masked(void **state)
{
    struct cpuid_regs r;

    guest_cpuid(1, 0, &r);
    assert_true(r.c & (1u << 31)); /* hypervisor present */
    assert_false(r.c & ((1u << 21) | (1u << 24) | (1u << 5)));
    assert_false(r.d & ((1u << 3) | (1u << 13) | (1u << 12)));
    guest_cpuid(7, 0, &r);
    assert_false(r.b & ((1u << 7) | (1u << 20) | (1u << 10)));
    assert_false(r.c & ((1u << 2) | (1u << 3) | (1u << 16)));
    guest_cpuid(0x80000001, 0, &r);
    assert_false(r.d & (1u << 26));
    assert_false(r.c & (1u << 2));
}

static void test_forced_emulation(void **state)
{
    static const uint8_t good[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    static const uint8_t bad[] = { 0x0f, 0x0b, 'x', 'e', 'N', 0x0f, 0xa2 };
    struct cpu_user_regs regs;

    memset(&regs, 0, sizeof(regs));
    regs.rip = (uintptr_t)good;
    regs.rax = 0x40000000;
    assert_true(emulate_forced_cpuid(&regs));
    assert_int_equal(regs.rip, (uintptr_t)good + 7);
    assert_int_equal(regs.rbx, 0x566e6558); /* "XenV" */
    /* Not the prefix, or unreadable: left for the caller. */
    regs.rip = (uintptr_t)bad;
    assert_false(emulate_forced_cpuid(&regs));
    assert_int_equal(regs.rip, (uintptr_t)bad);
    regs.rip = 0;
    assert_false(emulate_forced_cpuid(&regs));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hypervisor_leaves),
        cmocka_unit_test(test_host_leaves_masked),
        cmocka_unit_test(test_forced_emulation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
