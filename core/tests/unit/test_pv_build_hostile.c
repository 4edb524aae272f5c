/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the PV domain builder: hostile and inconsistent requests
 * are refused with the right error and a message, before anything is
 * written; odd but valid inputs (an initrd already in place, an overlong
 * command line) are handled.
 */
#include "test_pv_build_kernel.h"

static void expect_layout(const struct pv_build_params *p, int err)
{
    struct pv_build_layout l;

    last_msg[0] = 0;
    assert_int_equal(pv_build_layout(p, &l), err);
    assert_non_null(strstr(last_msg, "pv_build: "));
}

static void test_too_few_pages(void **state)
{
    struct pv_build_params p;

    make_kernel(false);
    p = params(4096, 5000, false); /* 2^13 + 2 pages needed. */
    expect_layout(&p, -ENOMEM);
    make_kernel(true);
    p = params(8200, 10000, true); /* Image fits, its p2m does not. */
    expect_layout(&p, -ENOMEM);
    p = params(0, 0, true);
    expect_layout(&p, -EINVAL);
    p = params(PV_BUILD_MAX_PAGES + 1, 0, true);
    expect_layout(&p, -EINVAL);
    /* Without INIT_P2M the p2m of a 512 GiB guest cannot fit in 1 GiB. */
    make_kernel(false);
    p = params(1ULL << 27, 0, true);
    expect_layout(&p, -ENOMEM);
}

static void test_hypervisor_overlap(void **state)
{
    struct pv_build_params p;

    make_kernel(true);
    kern.virt_base = 0xffff800000000000ULL;
    kern.entry = kern.virt_base + 0x1000100;
    p = params(16384, 0, true);
    expect_layout(&p, -EINVAL);
    kern.virt_base = 0xffff87ffc0000000ULL; /* Last GiB of the area. */
    kern.entry = kern.virt_base + 0x1000100;
    expect_layout(&p, -EINVAL);
    kern.virt_base = 0x0000900000000000ULL; /* Not canonical. */
    kern.entry = kern.virt_base + 0x1000100;
    expect_layout(&p, -EINVAL);
    /* The p2m must keep out of the hypervisor's slots too. */
    make_kernel(true);
    kern.p2m_base = 0xffff808000000000ULL;
    expect_layout(&p, -EINVAL);
}

static void test_huge_initrd(void **state)
{
    struct pv_build_params p;

    make_kernel(false); /* Mapped initrd: 2 GiB cannot fit in one L2. */
    p = params(1 << 20, 2ULL << 30, true);
    expect_layout(&p, -ENOMEM);
    make_kernel(true); /* Unmapped: more pages than the domain has. */
    p = params(16384, 1ULL << 40, true);
    expect_layout(&p, -ENOMEM);
    p = params(16384, ~0ULL, true);
    expect_layout(&p, -EINVAL);
}

static void test_bad_entry(void **state)
{
    struct pv_build_params p = params(16384, 0, true);

    make_kernel(true);
    kern.entry = KTEXT + 0x6000; /* Just past the image. */
    expect_layout(&p, -EINVAL);
    kern.entry = KTEXT - 1;
    expect_layout(&p, -EINVAL);
    kern.entry = PV_BUILD_UNSET;
    expect_layout(&p, -EINVAL);
}

static void test_overflowing_sizes(void **state)
{
    struct pv_build_params p = params(16384, 0, true);

    make_kernel(true);
    segs[1].paddr = 0xfffffffffffff000ULL; /* paddr + memsz wraps. */
    expect_layout(&p, -EINVAL);
    make_kernel(true);
    segs[1].memsz = 1ULL << 31; /* Kernel over 1 GiB. */
    expect_layout(&p, -EINVAL);
    make_kernel(true);
    segs[0].filesz = segs[0].memsz + 1;
    expect_layout(&p, -EINVAL);
    make_kernel(true); /* The mapping would run past 2^64. */
    kern.virt_base = 0xffffffffffc00000ULL;
    kern.paddr_offset = 0x1000000;
    kern.entry = 0xffffffffffc00100ULL;
    expect_layout(&p, -EINVAL);
    make_kernel(true); /* VIRT_BASE above the kernel. */
    kern.virt_base = KTEXT + 0x1000;
    kern.paddr_offset = 0x2000000;
    expect_layout(&p, -EINVAL);
    assert_non_null(strstr(last_msg, "below VIRT_BASE"));
    make_kernel(true);
    kern.virt_base = PV_BUILD_UNSET; /* PADDR_OFFSET without VIRT_BASE. */
    expect_layout(&p, -EINVAL);
    make_kernel(true);
    kern.nr_segs = 0;
    expect_layout(&p, -EINVAL);
}

static void test_bad_p2m_and_hypercall_page(void **state)
{
    struct pv_build_params p = params(16384, 0, true);

    make_kernel(true);
    kern.p2m_base = P2M_VA + 8;
    expect_layout(&p, -EINVAL);
    kern.p2m_base = KTEXT + 0x1000; /* Inside the kernel. */
    expect_layout(&p, -EINVAL);
    kern.p2m_base = 0xffffffff00000000ULL; /* Same L4 slot as the image. */
    expect_layout(&p, -EINVAL);
    kern.p2m_base = 0x00007ffffffff000ULL; /* Runs off the lower half. */
    expect_layout(&p, -EINVAL);
    make_kernel(true);
    kern.hypercall_page = KTEXT + 0x6000; /* Page past the kernel. */
    expect_layout(&p, -EINVAL);
    kern.hypercall_page = KTEXT + 0x800; /* Not page-aligned. */
    expect_layout(&p, -EINVAL);
    kern.hypercall_page = VBASE; /* Mapped, but not the kernel's. */
    expect_layout(&p, -EINVAL);
}

static void test_features(void **state)
{
    struct pv_build_params p = params(16384, 0, true);
    struct pv_build_layout l;

    make_kernel(true);
    kern.f_supported &= ~(1u << XENFEAT_dom0);
    expect_layout(&p, -EINVAL);
    p.is_dom0 = false;
    assert_int_equal(pv_build_layout(&p, &l), 0);
    kern.has_supported = false; /* Old kernels without the note. */
    p.is_dom0 = true;
    assert_int_equal(pv_build_layout(&p, &l), 0);
    kern.f_required |= 1u << XENFEAT_supervisor_mode_kernel;
    expect_layout(&p, -EINVAL);
}

/* Build-time refusals happen before any frame is written. */
static void test_build_refusals(void **state)
{
    struct pv_build_params p;
    struct pv_build_layout l;
    struct pv_build_result r;
    struct pv_build_input in = { .shared_info_maddr = 0x1000 };
    struct sim s;
    struct pv_build_mem m;
    uint64_t i;

    make_kernel(true);
    p = params(16384, 0, true);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    sim_init(&s, 16384);
    m = sim_mem(&s);
    s.bad_pfn = 12000; /* One pfn without a frame. */
    assert_int_equal(pv_build_image(&l, &kern, &in, &m, &r), -EFAULT);
    for (i = 0; i < s.nr; i++)
        assert_null(s.frame[i]);
    s.bad_pfn = ~0ULL;
    segs[1].memsz = 0x10000; /* Not the kernel the layout was made for. */
    assert_int_equal(pv_build_image(&l, &kern, &in, &m, &r), -EINVAL);
    make_kernel(false);
    p.is_dom0 = false;
    assert_int_equal(pv_build_layout(&p, &l), 0);
    assert_int_equal(pv_build_image(&l, &kern, &in, &m, &r), -EINVAL);
    for (i = 0; i < s.nr; i++)
        assert_null(s.frame[i]);
    sim_fini(&s);
}

/* An initrd already in its frames is left as it is. */
static void test_initrd_in_place(void **state)
{
    struct pv_build_params p;
    struct pv_build_layout l;
    struct pv_build_result r;
    struct pv_build_input in = { .shared_info_maddr = 0x1000 };
    char long_cmd[1500];
    struct start_info si;
    struct sim s;
    struct pv_build_mem m;

    make_kernel(true);
    p = params(16384, 4096, true);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    sim_init(&s, 16384);
    m = sim_mem(&s);
    memset(sim_frame(&s, s.p2m[l.initrd_pfn]), 0x77, 4096);
    memset(long_cmd, 'x', sizeof(long_cmd) - 1);
    long_cmd[sizeof(long_cmd) - 1] = 0;
    in.cmdline = long_cmd;
    assert_int_equal(pv_build_image(&l, &kern, &in, &m, &r), 0);
    assert_int_equal(sim_frame(&s, s.p2m[l.initrd_pfn])[4095], 0x77);
    sim_read(&s, r.l4_mfn, r.regs.rsi, &si, sizeof(si));
    assert_int_equal(strlen((const char *)si.cmd_line), 1023);
    sim_fini(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_too_few_pages),
        cmocka_unit_test(test_hypervisor_overlap),
        cmocka_unit_test(test_huge_initrd),
        cmocka_unit_test(test_bad_entry),
        cmocka_unit_test(test_overflowing_sizes),
        cmocka_unit_test(test_bad_p2m_and_hypercall_page),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_build_refusals),
        cmocka_unit_test(test_initrd_in_place),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
