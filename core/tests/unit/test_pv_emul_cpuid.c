/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the PV CPUID policy (arch/x86/pv/emul/cpuid_*.c).
 *
 * The qemu64 host below is what QEMU 7.2 reports for
 * "-machine q35 -cpu qemu64 -smp 2" under TCG (read by a small multiboot
 * kernel executing CPUID): AuthenticAMD, family 15 model 107 stepping 1,
 * leaf 1 EDX = PPro features + MTRR, CLFLUSH, MCA, PSE36 and HTT; ECX =
 * SSE3, CX16, HYPERVISOR; 0x80000001 = LM, SYSCALL, NX plus AMD's aliases
 * of leaf 1 EDX, LAHF_LM, CMP_LEGACY, SVM.  Xen 4.17 showed its dom0 leaf 1
 * EDX = 0x1789d3f5 there (core/tests/guests/README.md); the policy must
 * reproduce that.
 */
#include "test_pv_emul.h"

static const struct pv_cpuid_leaf qemu64[] = {
    { 0, 0, 0x0000000d, 0x68747541, 0x444d4163, 0x69746e65 },
    { 1, 0, 0x00060fb1, 0x00020800, 0x80002001, 0x178bfbfd },
    { 5, 0, 0, 0, 0x00000003, 0 },
    { 0xb, 0, 0, 0x00000001, 0x00000100, 0 },
    { 0x80000000, 0, 0x8000000a, 0x68747541, 0x444d4163, 0x69746e65 },
    { 0x80000001, 0, 0x00060fb1, 0, 0x00000007, 0x2193fbfd },
    { 0x80000002, 0, 0x554d4551, 0x72695620, 0x6c617574, 0x55504320 },
    { 0x80000003, 0, 0x72657620, 0x6e6f6973, 0x352e3220, 0x0000002b },
    { 0x80000005, 0, 0x01ff01ff, 0x01ff01ff, 0x40020140, 0x40020140 },
    { 0x80000006, 0, 0, 0x42004200, 0x02008140, 0x00808140 },
    { 0x80000008, 0, 0x00003028, 0, 0x00001001, 0 },
    { 0x8000000a, 0, 0x00000001, 0x00000010, 0, 0 },
};

/* A recent Intel server with the features a PV guest must not see. */
static const struct pv_cpuid_leaf intel[] = {
    { 0, 0, 0x1f, 0x756e6547, 0x6c65746e, 0x49656e69 }, /* GenuineIntel */
    /* ECX: SSE3 PCLMUL MONITOR VMX EIST SSSE3 CX16 PCID SSE4.1/2 X2APIC
     *      POPCNT TSC_DEADLINE AESNI XSAVE OSXSAVE AVX (no HYPERVISOR)
     * EDX: everything up to PBE, including PSE PGE MTRR PSE36 DS TM1. */
    { 1, 0, 0x000506f4, 0x12100800, 0x1ffa23ab, 0xbfebfbff },
    { 4, 0, 0x1c004121, 0x01c0003f, 0x3f, 0 },
    { 4, 1, 0x1c004122, 0x01c0003f, 0x3f, 0 },
    { 4, 2, 0x00000000, 0, 0, 0 },
    { 5, 0, 0x40, 0x40, 3, 0x11142120 },
    /* 7.0 EBX: FSGSBASE TSC_ADJUST BMI1 AVX2 SMEP BMI2 ERMS INVPCID SMAP;
     * ECX: UMIP PKU OSPKE LA57 RDPID. */
    { 7, 0, 0, 0x001007ab, 0x0041001c, 0 },
    { 0xd, 0, 0x7, 0x340, 0x340, 0 },
    { 0xd, 1, 0xf, 0x340, 0, 0 }, /* XSAVEOPT XSAVEC XGETBV1 XSAVES */
    { 0xd, 2, 0x100, 0x240, 0, 0 },
    { 0x80000000, 0, 0x80000008, 0, 0, 0 },
    /* RDTSCP, 1G pages, LM, NX, SYSCALL; LAHF_LM ABM. */
    { 0x80000001, 0, 0, 0, 0x21, 0x2c100800 },
    { 0x80000008, 0, 0x00003027, 0, 0, 0 },
};

static struct pv_cpuid_policy pol;

static void build(const struct pv_cpuid_leaf *raw, unsigned int n)
{
    struct pv_cpuid_host h = {
        .raw = raw,
        .nr_raw = n,
        .tsc_khz = 2000000,
        .cpu_khz = 2000000,
        .tsc_is_safe = true,
        .maddr_bits = 40,
    };

    assert_int_equal(pv_cpuid_policy_init(&pol, &h), 0);
}

static struct pv_cpuid_regs q(uint32_t leaf, uint32_t sub, bool dom0,
                              bool kernel, bool forced)
{
    struct pv_cpuid_ctx c = {
        .kernel_mode = kernel,
        .forced = forced,
        .hardware_domain = dom0,
        .host_osxsave = true,
        .xcr0 = 3,
    };
    struct pv_cpuid_regs r;

    pv_cpuid_query(&pol, leaf, sub, &c, &r);
    return r;
}

static void test_qemu64_dom0_leaf1(void **state)
{
    struct pv_cpuid_regs r;

    build(qemu64, sizeof(qemu64) / sizeof(qemu64[0]));
    r = q(1, 0, true, true, true);
    /* PSE, PGE, PSE36 hidden; SEP dropped on AMD; MTRR leaked to dom0. */
    assert_int_equal(r.d, 0x1789d3f5);
    assert_int_equal(r.c, 0x80002001);
    assert_int_equal(r.a, 0x00060fb1);
    assert_int_equal(r.b, 0x00020800);
    /* Through native CPUID (#GP) as well. */
    assert_int_equal(q(1, 0, true, true, false).d, 0x1789d3f5);
    /* Not for dom0 user space, nor for a domU. */
    assert_int_equal(q(1, 0, true, false, true).d, 0x1789c3f5);
    assert_int_equal(q(1, 0, false, true, true).d, 0x1789c3f5);
}

static void test_qemu64_other_leaves(void **state)
{
    struct pv_cpuid_regs r;

    build(qemu64, sizeof(qemu64) / sizeof(qemu64[0]));
    r = q(0, 0, true, true, true);
    assert_int_equal(r.a, 0xd);
    assert_int_equal(r.b, 0x68747541);
    /* 0x80000001 EDX: LM SYSCALL NX and leaf 1's common bits (AMD). */
    r = q(0x80000001, 0, false, true, true);
    assert_int_equal(r.d, 0x20100800 | (0x1789c3f5 & 0x0183f3ff));
    assert_int_equal(r.c, 0x3); /* LAHF_LM CMP_LEGACY; SVM hidden */
    assert_int_equal(r.a, 0x00060fb1);
    r = q(0x80000001, 0, true, true, true);
    assert_int_equal(r.d & (1u << 12), 1u << 12); /* dom0: MTRR */
    /* Family 0xf: LFENCE is dispatch serialising, shown in 0x80000021. */
    assert_int_equal(q(0x80000000, 0, 0, 1, 1).a, 0x80000021);
    r = q(0x80000021, 0, false, true, true);
    assert_int_equal(r.a, 1u << 2);
    assert_int_equal(r.b | r.c | r.d, 0);
    r = q(0x8000001a, 0, false, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0x8000000a, 0, true, true, true); /* SVM leaf */
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0x80000008, 0, true, true, true);
    assert_int_equal(r.a, 0x3028);
    assert_int_equal(r.c, 0x1001); /* AMD: core count kept */
    /* Brand string and AMD cache leaves pass through. */
    assert_int_equal(q(0x80000002, 0, 0, 1, 1).a, 0x554d4551); /* "QEMU" */
    assert_int_equal(q(0x80000006, 0, 0, 1, 1).c, 0x02008140);
    /* MONITOR and topology leaves are empty (not dom0's native CPUID). */
    r = q(5, 0, true, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0xb, 0, true, true, false);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    /* No XSAVE: leaf 0xd is empty, and leaves past the max too. */
    r = q(0xd, 0, true, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0xe, 0, true, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0x80000022, 0, true, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    assert_int_equal(pol.xcr0_max, 0);
}

static void test_hypervisor_leaves(void **state)
{
    struct pv_cpuid_regs r;
    char sig[13] = { 0 };

    build(qemu64, sizeof(qemu64) / sizeof(qemu64[0]));
    r = q(0x40000000, 0, false, true, true);
    memcpy(sig, &r.b, 4);
    memcpy(sig + 4, &r.c, 4);
    memcpy(sig + 8, &r.d, 4);
    assert_string_equal(sig, "XenVMMXenVMM");
    assert_int_equal(r.a, 0x40000005);
    assert_int_equal(q(0x40000001, 0, 0, 1, 1).a, (4 << 16) | 17);
    r = q(0x40000002, 0, false, true, true);
    assert_int_equal(r.a, 1);
    assert_int_equal(r.b, 0x40000000);
    assert_int_equal(r.c, 1); /* MMU_PT_UPDATE_PRESERVE_AD */
    r = q(0x40000003, 0, false, true, true);
    assert_int_equal(r.a, 2); /* TSC safe; qemu64 has no RDTSCP */
    r = q(0x40000003, 2, false, true, true);
    assert_int_equal(r.a, 2000000);
    r = q(0x40000003, 1, false, true, true);
    /* 2 GHz: ns = ticks / 2 = (ticks << 0) * 0x80000000 >> 32 */
    assert_int_equal(r.c, 0x80000000u);
    assert_int_equal(r.d, 0);
    assert_int_equal(q(0x40000005, 0, 0, 1, 1).b, 40);
    r = q(0x40000006, 0, false, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    r = q(0x40000100, 0, false, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

static void test_intel_hidden(void **state)
{
    struct pv_cpuid_regs r;

    build(intel, sizeof(intel) / sizeof(intel[0]));
    r = q(1, 0, false, true, false);
    assert_true(r.c & (1u << 31));         /* HYPERVISOR set */
    assert_false(r.c & (1u << 3));         /* MONITOR */
    assert_false(r.c & (1u << 5));         /* VMX */
    assert_false(r.c & (1u << 7));         /* EIST */
    assert_false(r.c & (1u << 17));        /* PCID */
    assert_false(r.c & (1u << 21));        /* X2APIC */
    assert_false(r.c & (1u << 24));        /* TSC_DEADLINE */
    assert_false(r.c & (1u << 27));        /* OSXSAVE (native) */
    assert_true(r.c & (1u << 26));         /* XSAVE kept */
    assert_true(r.c & (1u << 28));         /* AVX kept */
    assert_int_equal(r.d & 0x0002300a, 0); /* VME PSE MTRR PGE PSE36 */
    assert_int_equal(r.d & 0xa0200000, 0); /* DS TM1 PBE */
    assert_true(r.d & (1u << 11));         /* SEP on Intel */
    assert_int_equal(r.b >> 24, 0);        /* APIC ID */
    r = q(7, 0, false, true, false);
    assert_int_equal(r.b, 0x001007ab & ~0x00100482u); /* -SMEP SMAP ... */
    assert_int_equal(r.c, 0x00400000); /* RDPID; no UMIP PKU LA57 */
    r = q(0x80000001, 0, false, true, false);
    assert_false(r.d & (1u << 26)); /* 1G pages */
    assert_true(r.d & (1u << 27));  /* RDTSCP */
    assert_int_equal(r.a | r.b, 0);
    r = q(0xd, 1, false, true, false);
    assert_int_equal(r.a, 0x7); /* no XSAVES */
    r = q(4, 0, false, true, false);
    assert_int_equal(r.a, 0x1c004121 & 0xffffc3ff);
    r = q(4, 2, false, true, false);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    assert_int_equal(q(0x80000000, 0, 0, 1, 0).a, 0x80000008);
    /* The hypervisor leaf reports RDTSCP. */
    assert_int_equal(q(0x40000003, 0, 0, 1, 0).a, 2 | 4);
}

static void test_intel_dynamic(void **state)
{
    struct pv_cpuid_ctx c = { .kernel_mode = true, .host_osxsave = true };
    struct pv_cpuid_regs r;

    build(intel, sizeof(intel) / sizeof(intel[0]));
    /* OSXSAVE: the guest's CR4, or the forced prefix from the kernel. */
    c.guest_cr4 = 1ULL << 18;
    pv_cpuid_query(&pol, 1, 0, &c, &r);
    assert_true(r.c & (1u << 27));
    c.guest_cr4 = 0;
    c.forced = true;
    pv_cpuid_query(&pol, 1, 0, &c, &r);
    assert_true(r.c & (1u << 27));
    c.kernel_mode = false;
    pv_cpuid_query(&pol, 1, 0, &c, &r);
    assert_false(r.c & (1u << 27));
    /* Dom0's kernel: MONITOR and leaf 5 only through native CPUID. */
    c.kernel_mode = true;
    c.hardware_domain = true;
    pv_cpuid_query(&pol, 1, 0, &c, &r);
    assert_false(r.c & (1u << 3));
    assert_true(r.c & (1u << 7));  /* EIST */
    assert_true(r.d & (1u << 12)); /* MTRR */
    pv_cpuid_query(&pol, 5, 0, &c, &r);
    assert_int_equal(r.a, 0);
    c.forced = false;
    pv_cpuid_query(&pol, 1, 0, &c, &r);
    assert_true(r.c & (1u << 3));
    pv_cpuid_query(&pol, 5, 0, &c, &r);
    assert_int_equal(r.d, 0x11142120);
    /* OSPKE follows the guest's CR4.PKE. */
    c.guest_cr4 = 1ULL << 22;
    pv_cpuid_query(&pol, 7, 0, &c, &r);
    assert_true(r.c & (1u << 4));
}

static void test_intel_xstate(void **state)
{
    struct pv_cpuid_ctx c = { .kernel_mode = true, .xcr0 = 3 };
    struct pv_cpuid_regs r;

    build(intel, sizeof(intel) / sizeof(intel[0]));
    assert_int_equal(pol.xcr0_max, 7); /* x87 SSE AVX; no PKRU (PKU off) */
    pv_cpuid_query(&pol, 0xd, 0, &c, &r);
    assert_int_equal(r.a, 7);
    assert_int_equal(r.d, 0);
    assert_int_equal(r.c, 0x240 + 0x100); /* Largest area for xcr0_max. */
    assert_int_equal(r.b, 576);           /* For the current XCR0. */
    c.xcr0 = 7;
    pv_cpuid_query(&pol, 0xd, 0, &c, &r);
    assert_int_equal(r.b, 0x340);
    pv_cpuid_query(&pol, 0xd, 1, &c, &r);
    assert_int_equal(r.b, 576 + 256); /* Compacted, XSAVEC present. */
    pv_cpuid_query(&pol, 0xd, 2, &c, &r);
    assert_int_equal(r.a, 0x100);
    assert_int_equal(r.b, 0x240);
    pv_cpuid_query(&pol, 0xd, 3, &c, &r);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
}

/* Hiding a feature hides what depends on it (XSAVE -> AVX -> AVX2 ...). */
static void test_dependencies(void **state)
{
    struct pv_cpuid_leaf raw[sizeof(intel) / sizeof(intel[0])];
    struct pv_cpuid_regs r;

    memcpy(raw, intel, sizeof(raw));
    raw[1].c &= ~(1u << 26); /* Host without XSAVE. */
    build(raw, sizeof(raw) / sizeof(raw[0]));
    r = q(1, 0, false, true, true);
    assert_false(r.c & (1u << 28)); /* AVX */
    assert_false(r.c & (1u << 27)); /* OSXSAVE even through the prefix */
    r = q(7, 0, false, true, true);
    assert_false(r.b & (1u << 5)); /* AVX2 */
    r = q(0xd, 0, false, true, true);
    assert_int_equal(r.a | r.b | r.c | r.d, 0);
    assert_int_equal(pol.xcr0_max, 0);
}

static void test_bad_input(void **state)
{
    struct pv_cpuid_host h = { .raw = intel + 2, .nr_raw = 3 };

    assert_int_equal(pv_cpuid_policy_init(&pol, &h), -EINVAL); /* No 0/1 */
    h.raw = NULL;
    assert_int_equal(pv_cpuid_policy_init(&pol, &h), -EINVAL);
    assert_int_equal(pv_cpuid_policy_init(&pol, NULL), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qemu64_dom0_leaf1),
        cmocka_unit_test(test_qemu64_other_leaves),
        cmocka_unit_test(test_hypervisor_leaves),
        cmocka_unit_test(test_intel_hidden),
        cmocka_unit_test(test_intel_dynamic),
        cmocka_unit_test(test_intel_xstate),
        cmocka_unit_test(test_dependencies),
        cmocka_unit_test(test_bad_input),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
