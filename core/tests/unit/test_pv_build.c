/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the PV domain builder (arch/x86/pv/dom_build*.c): layout
 * numbers against values worked out by hand from Xen 4.17's rules, and the
 * built image walked like an MMU.  Hostile requests are in
 * test_pv_build_hostile.c.
 */
#include "test_pv_build_kernel.h"

/*
 * Linux-like dom0, 64 MiB, 10000-byte initrd.  By hand, with Xen's rules:
 * kernel ends at 0x...81006000; p2m at INIT_P2M so start_info follows the
 * kernel (+1168 + 40 bytes); tables from 0x...81007000.  Mapping to the
 * next 4 MiB boundary, 0x...81400000, needs 10 L1s + L2 + L3 + L4 = 13
 * frames; the stack page follows them and 0x3eb000 of pad remain.
 * 20 MiB mapped -> first allocation 2^13 pages; the initrd (3 pages)
 * follows at pfn 8192, then the p2m: 128 KiB = 32 pages + L3 + L2 + L1.
 */
static void test_layout_dom0(void **state)
{
    struct pv_build_params p;
    struct pv_build_layout l;

    make_kernel(true);
    p = params(16384, 10000, true);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    assert_int_equal(l.v_start, VBASE);
    assert_int_equal(l.vkern_start, KTEXT);
    assert_int_equal(l.vkern_end, KTEXT + 0x6000);
    assert_int_equal(l.vinitrd_start, 0);
    assert_int_equal(l.vinitrd_end, 0);
    assert_int_equal(l.vphysmap_start, P2M_VA);
    assert_int_equal(l.vphysmap_end, P2M_VA + 0x20000);
    assert_int_equal(l.vstartinfo_start, KTEXT + 0x6000);
    assert_int_equal(l.vstartinfo_end, KTEXT + 0x64b8);
    assert_int_equal(l.vpt_start, KTEXT + 0x7000);
    assert_int_equal(l.nr_pt_pages, 13);
    assert_int_equal(l.vpt_end, KTEXT + 0x14000);
    assert_int_equal(l.vstack_start, KTEXT + 0x14000);
    assert_int_equal(l.vstack_end, KTEXT + 0x15000);
    assert_int_equal(l.v_end, KTEXT + 0x400000);
    assert_int_equal(l.nr_mapped, 5120);
    assert_int_equal(l.pt_pfn, 0x1007);
    assert_int_equal(l.alloc_pages, 8192);
    assert_int_equal(l.initrd_pfn, 8192);
    assert_int_equal(l.initrd_pages, 3);
    assert_false(l.initrd_mapped);
    assert_true(l.p2m_separate);
    assert_int_equal(l.first_p2m_pfn, 8195);
    assert_int_equal(l.nr_p2m_frames, 35);
    assert_int_equal(l.pages_used, 8230);
    assert_int_equal(l.entry, KTEXT + 0x100);
}

/*
 * The same kernel as a domU without INIT_P2M or MOD_START_PFN, 5000-byte
 * initrd, 64 MiB.  By hand: initrd 0x...81006000-0x...81007388; p2m from
 * 0x...81008000, 16384 * 8 = 128 KiB; start_info 0x...81028000 (+1168);
 * xenstore page 0x...81029000, console page 0x...8102a000; tables from
 * 0x...8102b000, again 13; stack 0x...81038000.  Mapped 20 MiB less the
 * 2 initrd pages -> 2^13 pages allocated; p2m pfns inside the mapping.
 */
static void test_layout_domu(void **state)
{
    struct pv_build_params p;
    struct pv_build_layout l;

    make_kernel(false);
    p = params(16384, 5000, false);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    assert_int_equal(l.vinitrd_start, KTEXT + 0x6000);
    assert_int_equal(l.vinitrd_end, KTEXT + 0x7388);
    assert_int_equal(l.vphysmap_start, KTEXT + 0x8000);
    assert_int_equal(l.vphysmap_end, KTEXT + 0x28000);
    assert_int_equal(l.vstartinfo_start, KTEXT + 0x28000);
    assert_int_equal(l.vstartinfo_end, KTEXT + 0x28490);
    assert_int_equal(l.vxenstore_start, KTEXT + 0x29000);
    assert_int_equal(l.vconsole_start, KTEXT + 0x2a000);
    assert_int_equal(l.vconsole_end, KTEXT + 0x2b000);
    assert_int_equal(l.vpt_start, KTEXT + 0x2b000);
    assert_int_equal(l.nr_pt_pages, 13);
    assert_int_equal(l.vstack_start, KTEXT + 0x38000);
    assert_int_equal(l.vstack_end, KTEXT + 0x39000);
    assert_int_equal(l.v_end, KTEXT + 0x400000);
    assert_int_equal(l.alloc_pages, 8192);
    assert_true(l.initrd_mapped);
    assert_int_equal(l.initrd_pfn, 0x1006);
    assert_int_equal(l.initrd_pages, 2);
    assert_int_equal(l.p2m_pfn, 0x1008);
    assert_int_equal(l.first_p2m_pfn, 8194);
    assert_int_equal(l.nr_p2m_frames, 0);
    assert_int_equal(l.store_pfn, 0x1029);
    assert_int_equal(l.console_pfn, 0x102a);
    assert_int_equal(l.pt_pfn, 0x102b);
}

/*
 * The 512 KiB pad rule.  A kernel ending at 0x...813a0000: with n tables
 * the stack ends at 0x...813a2000 + n pages, under 512 KiB below the
 * 4 MiB boundary, so Xen adds 4 MiB: 24 MiB mapped = 12 L1s, 15 frames.
 */
static void test_layout_pad_rule(void **state)
{
    struct pv_build_params p;
    struct pv_build_layout l;

    make_kernel(true);
    segs[1].memsz = 0x39c000; /* Ends at paddr 0x13a0000. */
    p = params(16384, 0, true);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    assert_int_equal(l.vpt_start, KTEXT + 0x3a1000);
    assert_int_equal(l.nr_pt_pages, 15);
    assert_int_equal(l.vstack_end, KTEXT + 0x3b1000);
    assert_int_equal(l.v_end, KTEXT + 0x800000);
    assert_int_equal(l.initrd_pfn, PV_BUILD_UNSET);
    assert_int_equal(l.first_p2m_pfn, 8192);
}

/* Page-table frames come in Xen's order: L4, L1, L2, L3, L1...; then the
 * p2m's L3, L2, L1 ahead of its data pages. */
static void test_pt_order(void **state)
{
    struct pv_build_params p;
    struct pv_build_layout l;
    struct pt_list *pts = calloc(1, sizeof(*pts));
    unsigned int i;

    make_kernel(true);
    p = params(16384, 10000, true);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    pv_build_for_each_pt_frame(&l, pt_collect, pts);
    assert_int_equal(pts->n, 13 + 3);
    assert_int_equal(pts->level[0], 4);
    assert_int_equal(pts->level[1], 1);
    assert_int_equal(pts->level[2], 2);
    assert_int_equal(pts->level[3], 3);
    for (i = 4; i < 13; i++)
        assert_int_equal(pts->level[i], 1);
    for (i = 0; i < 13; i++) {
        assert_int_equal(pts->pfn[i], l.pt_pfn + i);
        assert_true(pts->mapped[i]);
    }
    for (i = 13; i < 16; i++) {
        assert_int_equal(pts->pfn[i], 8195 + i - 13);
        assert_int_equal(pts->level[i], 3 - (i - 13));
        assert_false(pts->mapped[i]);
    }
    free(pts);
}

static const char cmdline[] = "console=hvc0 earlyprintk=xen root=/dev/ram0";

/* Build the Linux-like dom0 and check everything a guest can observe. */
static void test_build_dom0(void **state)
{
    static uint8_t initrd[10000];
    dom0_vga_console_info_t vga = { .video_type = XEN_VGATYPE_TEXT_MODE_3 };
    struct pv_build_params p;
    struct pv_build_layout l;
    struct pv_build_result r;
    struct pv_build_input in = {
        .initrd = initrd,
        .cmdline = cmdline,
        .shared_info_maddr = 0x12345000,
        .pm_bits = 2,
        .vga = &vga,
    };
    struct start_info si;
    struct sim s;
    struct pv_build_mem m;
    uint8_t buf[0x6000];
    size_t i;

    for (i = 0; i < sizeof(initrd); i++)
        initrd[i] = (uint8_t)(i ^ 0x5a);
    vga.u.text_mode_3.rows = 25;
    make_kernel(true);
    p = params(16384, sizeof(initrd), true);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    sim_init(&s, 16384);
    m = sim_mem(&s);
    assert_int_equal(pv_build_image(&l, &kern, &in, &m, &r), 0);
    check_image(&s, &l, &r);

    /* Kernel bytes, the hole and the bss zeroed. */
    sim_read(&s, r.l4_mfn, KTEXT, buf, sizeof(buf));
    assert_memory_equal(buf, text, sizeof(text));
    for (i = 0x3000; i < 0x4000; i++)
        assert_int_equal(buf[i], 0);
    assert_memory_equal(buf + 0x4000, data, sizeof(data));
    for (i = 0x4800; i < 0x6000; i++)
        assert_int_equal(buf[i], 0);

    /* The unmapped initrd sits in pfns 8192.. */
    for (i = 0; i < sizeof(initrd); i += 1000)
        assert_int_equal(sim_frame(&s, s.p2m[8192 + i / 4096])[i % 4096],
                         initrd[i]);

    sim_read(&s, r.l4_mfn, r.regs.rsi, &si, sizeof(si));
    assert_string_equal(si.magic, "xen-3.0-x86_64p");
    assert_int_equal(si.nr_pages, 16384);
    assert_int_equal(si.shared_info, 0x12345000);
    assert_int_equal(si.flags, SIF_PRIVILEGED | SIF_INITDOMAIN |
                                   SIF_MOD_START_PFN | (2 << 8));
    assert_int_equal(si.store_mfn, 0);
    assert_int_equal(si.store_evtchn, 0);
    assert_int_equal(si.console.dom0.info_off, sizeof(struct start_info));
    assert_int_equal(si.console.dom0.info_size, 40);
    assert_int_equal(si.pt_base, KTEXT + 0x7000);
    assert_int_equal(si.nr_pt_frames, 13);
    assert_int_equal(si.mfn_list, P2M_VA);
    assert_int_equal(si.mod_start, 8192);
    assert_int_equal(si.mod_len, sizeof(initrd));
    assert_string_equal((const char *)si.cmd_line, cmdline);
    assert_int_equal(si.first_p2m_pfn, 8195);
    assert_int_equal(si.nr_p2m_frames, 35);
    {
        dom0_vga_console_info_t got;

        sim_read(&s, r.l4_mfn, r.regs.rsi + sizeof(si), &got, sizeof(got));
        assert_memory_equal(&got, &vga, sizeof(vga));
    }

    assert_int_equal(r.regs.rip, KTEXT + 0x100);
    assert_int_equal(r.regs.rsp, KTEXT + 0x15000);
    assert_int_equal(r.regs.rsi, KTEXT + 0x6000);
    assert_int_equal(r.regs.cs, 0xe033);
    assert_int_equal(r.regs.ss, 0xe02b);
    assert_int_equal(r.regs.ds | r.regs.es | r.regs.fs | r.regs.gs, 0);
    assert_int_equal(r.regs.rflags, 0x202);
    assert_int_equal(r.regs.rax | r.regs.rbx | r.regs.rcx | r.regs.rdx |
                         r.regs.rdi | r.regs.rbp | r.regs.r8 | r.regs.r15,
                     0);
    assert_int_equal(r.start_info_mfn, s.p2m[0x1006]);
    /* The boot stack is zeroed. */
    for (i = 0; i < 4096; i += 8)
        assert_int_equal(sim_read64(&s, r.l4_mfn, KTEXT + 0x14000 + i), 0);
    /* Pages of RAM nobody needed are left alone. */
    assert_false(sim_touched(&s, s.p2m[9000]));
    sim_fini(&s);
}

/* Build the domU: mapped initrd and p2m, xenstore and console pages, and
 * a hypercall page. */
static void test_build_domu(void **state)
{
    static uint8_t initrd[5000];
    struct pv_build_params p;
    struct pv_build_layout l;
    struct pv_build_result r;
    struct pv_build_input in = {
        .initrd = initrd,
        .cmdline = NULL,
        .shared_info_maddr = 0x777000,
        .store_evtchn = 1,
        .cons_evtchn = 2,
    };
    static const uint8_t stub5[] = { 0x51, 0x41, 0x53, 0xb8, 5,    0,    0,
                                     0,    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
    static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23,
                                    0,    0,    0,    0x0f, 0x05 };
    struct start_info si;
    uint8_t page[4096], rd[5000];
    struct sim s;
    struct pv_build_mem m;
    size_t i;

    for (i = 0; i < sizeof(initrd); i++)
        initrd[i] = (uint8_t)(i * 3);
    make_kernel(false);
    kern.hypercall_page = KTEXT + 0x1000;
    /* 16000 pages: the p2m's last page has 384 unused entries. */
    p = params(16000, sizeof(initrd), false);
    assert_int_equal(pv_build_layout(&p, &l), 0);
    assert_int_equal(l.vphysmap_end, KTEXT + 0x8000 + 16000 * 8);
    sim_init(&s, 16000);
    m = sim_mem(&s);
    assert_int_equal(pv_build_image(&l, &kern, &in, &m, &r), 0);
    check_image(&s, &l, &r);

    sim_read(&s, r.l4_mfn, KTEXT + 0x1000, page, sizeof(page));
    assert_memory_equal(page + 5 * 32, stub5, sizeof(stub5));
    for (i = sizeof(stub5); i < 32; i++)
        assert_int_equal(page[5 * 32 + i], 0xcc);
    assert_memory_equal(page + 23 * 32, iret, sizeof(iret));
    for (i = sizeof(iret); i < 32; i++)
        assert_int_equal(page[23 * 32 + i], 0xcc);
    assert_int_equal(page[127 * 32 + 4], 127);
    /* The rest of the text is the kernel's. */
    sim_read(&s, r.l4_mfn, KTEXT + 0x2000, page, sizeof(page));
    assert_memory_equal(page, text + 0x2000, 0x1000);

    sim_read(&s, r.l4_mfn, KTEXT + 0x6000, rd, sizeof(rd));
    assert_memory_equal(rd, initrd, sizeof(initrd));

    sim_read(&s, r.l4_mfn, r.regs.rsi, &si, sizeof(si));
    assert_string_equal(si.magic, "xen-3.0-x86_64");
    assert_int_equal(si.flags, 0);
    assert_int_equal(si.shared_info, 0x777000);
    assert_int_equal(si.store_mfn, s.p2m[0x1029]);
    assert_int_equal(si.store_evtchn, 1);
    assert_int_equal(si.console.domU.mfn, s.p2m[0x102a]);
    assert_int_equal(si.console.domU.evtchn, 2);
    assert_int_equal(r.store_mfn, s.p2m[0x1029]);
    assert_int_equal(r.cons_mfn, s.p2m[0x102a]);
    assert_int_equal(si.mod_start, KTEXT + 0x6000);
    assert_int_equal(si.mod_len, sizeof(initrd));
    assert_int_equal(si.mfn_list, KTEXT + 0x8000);
    assert_int_equal(si.pt_base, KTEXT + 0x2b000);
    assert_int_equal(si.first_p2m_pfn, 8194);
    assert_int_equal(si.nr_p2m_frames, 0);
    assert_int_equal(si.cmd_line[0], 0);
    /* xenstore and console pages are zeroed. */
    for (i = 0; i < 8192; i += 8)
        assert_int_equal(sim_read64(&s, r.l4_mfn, KTEXT + 0x29000 + i), 0);
    sim_fini(&s);
}

/* A p2m bigger than 2 MiB: the second L1 comes between data pages. */
static void test_build_big_p2m(void **state)
{
    struct pv_build_params p;
    struct pv_build_layout l;
    struct pv_build_result r;
    struct pv_build_input in = { .shared_info_maddr = 0x1000 };
    struct pt_list *pts = calloc(1, sizeof(*pts));
    struct sim s;
    struct pv_build_mem m;

    make_kernel(true);
    p = params(1 << 19, 0, true); /* 2 GiB: 4 MiB of p2m. */
    assert_int_equal(pv_build_layout(&p, &l), 0);
    assert_int_equal(l.nr_p2m_frames, 1024 + 2 + 1 + 1);
    pv_build_for_each_pt_frame(&l, pt_collect, pts);
    assert_int_equal(pts->n, 13 + 4);
    assert_int_equal(pts->pfn[16], l.first_p2m_pfn + 3 + 512);
    assert_int_equal(pts->level[16], 1);
    sim_init(&s, 1 << 19);
    m = sim_mem(&s);
    assert_int_equal(pv_build_image(&l, &kern, &in, &m, &r), 0);
    check_image(&s, &l, &r);
    sim_fini(&s);
    free(pts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_dom0),
        cmocka_unit_test(test_layout_domu),
        cmocka_unit_test(test_layout_pad_rule),
        cmocka_unit_test(test_pt_order),
        cmocka_unit_test(test_build_dom0),
        cmocka_unit_test(test_build_domu),
        cmocka_unit_test(test_build_big_p2m),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
