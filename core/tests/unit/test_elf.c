/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for ELF64 validation, segment loading and Xen note parsing,
 * on kernels assembled and linked at test time and on hostile headers.
 */
#include "test_elf_build.h"
#include <xenith/elf.h>
#include <xenith/loader.h>

static void test_linux_like_notes(void **state)
{
    size_t len;
    uint8_t *k = tk_build_linux_like(&len);
    struct elf_image img;
    struct xen_elfnotes n;

    (void)state;
    assert_int_equal(elf_init(&img, k, len), 0);
    assert_int_equal(elf_xen_notes(&img, &n), 0);
    assert_true(n.entry == TK_VIRT_TEXT);
    assert_true(n.virt_base == 0xffffffff80000000ull);
    assert_true(n.init_p2m == 0x8000000000ull);
    assert_true(n.paddr_offset == 0);
    assert_true(n.hv_start_low == 0xffff800000000000ull);
    assert_int_equal(n.mod_start_pfn, 1);
    assert_int_equal(n.suspend_cancel, 1);
    assert_true(n.l1_mfn_mask == 1 && n.l1_mfn_value == 1);
    assert_true(elf_note_str_eq(&n.guest_os, "linux"));
    assert_true(elf_note_str_eq(&n.guest_version, "2.6"));
    assert_true(elf_note_str_eq(&n.xen_version, "xen-3.0"));
    assert_true(elf_note_str_eq(&n.loader, "generic"));
    assert_true(elf_note_str_eq(&n.pae_mode, "yes"));
    assert_false(elf_note_str_eq(&n.loader, "generi"));
    assert_true(elf_note_str_eq(&n.features,
                                "!writable_page_tables|pae_pgdir_above_4gb"));
    assert_int_equal(n.feat_required, 1u << XENFEAT_writable_page_tables);
    assert_int_equal(n.feat_supported,
                     (1u << XENFEAT_writable_page_tables) |
                         (1u << XENFEAT_pae_pgdir_above_4gb) |
                         (1u << XENFEAT_dom0) |
                         (1u << XENFEAT_linux_rsdp_unrestricted));
    assert_false(xen_elfnote_has(&n, XEN_ELFNOTE_HYPERCALL_PAGE));
    assert_true(xen_elfnote_has(&n, XEN_ELFNOTE_SUPPORTED_FEATURES));
    assert_true(xen_elfnote_has(&n, XEN_ELFNOTE_MOD_START_PFN));
    free(k);
}

static void test_layout_and_load(void **state)
{
    static struct tk_asm a;
    size_t len, size;
    uint8_t *k, *dst;
    struct kernel_image ki;
    struct kernel_segment seg;
    unsigned int nseg = 0;

    (void)state;
    memset(&a, 0, sizeof(a));
    tk_linux_notes(&a);
    tk_note(&a, 2, ".quad hypercall_page");
    tk_note(&a, 18, ".long 0x1000000");
    tk_note(&a, 11, ".asciz \"yes\"");
    tk_note(&a, 0, ".asciz \"IGNORED=1\"");
    tk_note(&a, 99, ".long 5");             /* unknown types are skipped */
    tk_note_named(&a, "GNU", 1, ".quad 7"); /* other owners too */
    k = tk_build(&a, &len);
    assert_int_equal(kernel_image_open(&ki, k, len, &tu_allocator, 1 << 20), 0);
    assert_int_equal(ki.container, KERNEL_ELF);
    assert_null(ki.owned);
    assert_true(ki.virt_entry == TK_VIRT_TEXT);
    assert_true(ki.virt_kstart == TK_VIRT_TEXT);
    assert_true(ki.pstart == TK_PHYS_TEXT);
    assert_true(ki.hypercall_page == TK_VIRT_TEXT + 4096);
    assert_true(ki.init_p2m == 0x8000000000ull);
    assert_int_equal(ki.notes.phys32_entry, 0x1000000);
    assert_true(elf_note_str_eq(&ki.notes.bsd_symtab, "yes"));
    while (kernel_image_segment(&ki, nseg, &seg) == 0) {
        assert_true(seg.vaddr == seg.paddr + 0xffffffff80000000ull);
        assert_true(seg.filesz <= seg.memsz);
        nseg++;
    }
    assert_true(nseg >= 1);
    size = (size_t)(ki.virt_kend - ki.virt_kstart);
    dst = malloc(size);
    memset(dst, 0xaa, size);
    assert_int_equal(kernel_image_load(&ki, dst, size - 1), -ENOSPC);
    assert_int_equal(dst[0], 0xaa); /* nothing written on failure */
    assert_int_equal(kernel_image_load(&ki, dst, size), 0);
    assert_int_equal(dst[0], 0xf4); /* hlt at startup_xen */
    assert_int_equal(dst[4096], 0xcc);
    assert_non_null(memmem(dst, size, "XENITH-DATA-0123", 16));
    /* The bss (last 8192 bytes) is zeroed over the 0xaa fill. */
    for (size_t i = size - 8192; i < size; i++)
        assert_int_equal(dst[i], 0);
    assert_int_equal(kernel_image_check_xen_pv(&ki), 0);
    kernel_image_close(&ki, &tu_allocator);
    kernel_image_close(&ki, &tu_allocator);
    free(dst);
    free(k);
}

/* Xen's loader/guest-os/xen-version conditions for PV kernels. */
static void test_xen_pv_check(void **state)
{
    static const struct {
        const char *loader, *guest_os, *xen_version;
        int rc;
    } cases[] = {
        { "generic", "netbsd", "xen-3.0", 0 },
        { "other", "linux", "xen-3.0", 0 },
        { "other", "netbsd", "xen-3.0", -EINVAL },
        { "generic", "linux", "xen-2.0", -EINVAL },
        { "generic", "linux", NULL, -EINVAL },
        { NULL, NULL, "xen-3.0", -EINVAL },
    };
    static struct tk_asm a;
    char desc[64];
    size_t len;
    uint8_t *k;
    struct kernel_image ki;

    (void)state;
    for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memset(&a, 0, sizeof(a));
        tk_note(&a, 1, ".quad startup_xen");
        tk_note(&a, 3, ".quad 0xffffffff80000000");
        if (cases[i].loader) {
            snprintf(desc, sizeof(desc), ".asciz \"%s\"", cases[i].loader);
            tk_note(&a, 8, desc);
        }
        if (cases[i].guest_os) {
            snprintf(desc, sizeof(desc), ".asciz \"%s\"", cases[i].guest_os);
            tk_note(&a, 6, desc);
        }
        if (cases[i].xen_version) {
            snprintf(desc, sizeof(desc), ".asciz \"%s\"", cases[i].xen_version);
            tk_note(&a, 5, desc);
        }
        k = tk_build(&a, &len);
        assert_int_equal(kernel_image_open(&ki, k, len, &tu_allocator, 1 << 20),
                         0);
        assert_int_equal(kernel_image_check_xen_pv(&ki), cases[i].rc);
        kernel_image_close(&ki, &tu_allocator);
        free(k);
    }
}

static void test_features(void **state)
{
    static struct tk_asm a;
    size_t len;
    uint8_t *k;
    struct elf_image img;
    struct xen_elfnotes n;

    (void)state;
    memset(&a, 0, sizeof(a));
    tk_note(&a, 1, ".quad startup_xen");
    tk_note(&a, 10, ".asciz \"frobnicate|dom0||!auto_translated_physmap\"");
    k = tk_build(&a, &len);
    assert_int_equal(elf_init(&img, k, len), 0);
    assert_int_equal(elf_xen_notes(&img, &n), 0);
    assert_int_equal(n.feat_supported,
                     (1u << XENFEAT_dom0) |
                         (1u << XENFEAT_auto_translated_physmap));
    assert_int_equal(n.feat_required, 1u << XENFEAT_auto_translated_physmap);
    free(k);

    memset(&a, 0, sizeof(a));
    tk_note(&a, 10, ".asciz \"dom0|!frobnicate\"");
    k = tk_build(&a, &len);
    assert_int_equal(elf_init(&img, k, len), 0);
    assert_int_equal(elf_xen_notes(&img, &n), -EINVAL);
    free(k);

    assert_int_equal(xen_feature_by_name("dom0", 4), XENFEAT_dom0);
    assert_int_equal(xen_feature_by_name("dom", 3), -1);
    assert_int_equal(xen_feature_by_name("direct_mapped", 13),
                     XENFEAT_direct_mapped);
}

static void test_no_notes(void **state)
{
    static struct tk_asm a;
    size_t len;
    uint8_t *k;
    struct elf_image img;
    struct xen_elfnotes n;
    struct kernel_image ki;

    (void)state;
    memset(&a, 0, sizeof(a));
    tk_note_named(&a, "Xe", 1, ".quad startup_xen");
    k = tk_build(&a, &len);
    assert_int_equal(elf_init(&img, k, len), 0);
    assert_int_equal(elf_xen_notes(&img, &n), -ENOENT);
    assert_int_equal(kernel_image_open(&ki, k, len, &tu_allocator, 1 << 20),
                     -ENOEXEC);
    free(k);
}

static void test_bad_note_values(void **state)
{
    static const char *const bad[] = {
        ".byte 1, 2, 3", /* numeric note of 3 bytes */
        ".quad 1, 2, 3", /* 24 bytes */
    };
    static struct tk_asm a;
    size_t len;
    uint8_t *k;
    struct elf_image img;
    struct xen_elfnotes n;
    struct kernel_image ki;

    (void)state;
    for (unsigned int i = 0; i < 2; i++) {
        memset(&a, 0, sizeof(a));
        tk_note(&a, 3, bad[i]);
        k = tk_build(&a, &len);
        assert_int_equal(elf_init(&img, k, len), 0);
        assert_int_equal(elf_xen_notes(&img, &n), -EINVAL);
        free(k);
    }
    /* An entry point outside the image is rejected by the loader. */
    memset(&a, 0, sizeof(a));
    tk_note(&a, 1, ".quad 0xffffffff90000000");
    tk_note(&a, 3, ".quad 0xffffffff80000000");
    k = tk_build(&a, &len);
    assert_int_equal(kernel_image_open(&ki, k, len, &tu_allocator, 1 << 20),
                     -EINVAL);
    free(k);
    /* So is an INIT_P2M address inside the kernel. */
    memset(&a, 0, sizeof(a));
    tk_note(&a, 3, ".quad 0xffffffff80000000");
    tk_note(&a, 15, ".quad 0xffffffff81000800");
    k = tk_build(&a, &len);
    assert_int_equal(kernel_image_open(&ki, k, len, &tu_allocator, 1 << 20),
                     -EINVAL);
    free(k);
    /* And a VIRT_BASE above the start of the kernel. */
    memset(&a, 0, sizeof(a));
    tk_note(&a, 3, ".quad 0xffffffff82000000");
    tk_note(&a, 4, ".quad 0x2000000");
    tk_note(&a, 1, ".quad startup_xen");
    k = tk_build(&a, &len);
    assert_int_equal(kernel_image_open(&ki, k, len, &tu_allocator, 1 << 20),
                     -EINVAL);
    free(k);
    /* So is a hypercall page outside it. */
    memset(&a, 0, sizeof(a));
    tk_note(&a, 3, ".quad 0xffffffff80000000");
    tk_note(&a, 2, ".quad 0x1000");
    k = tk_build(&a, &len);
    assert_int_equal(kernel_image_open(&ki, k, len, &tu_allocator, 1 << 20),
                     -EINVAL);
    free(k);
}

/* Corrupt a copy of @k with @fn and return elf_init()'s verdict. */
static int mutated(const uint8_t *k, size_t len, size_t off, unsigned int n,
                   uint64_t v)
{
    uint8_t *c = malloc(len);
    struct elf_image img;
    int rc;

    memcpy(c, k, len);
    tk_put(c, off, n, v);
    rc = elf_init(&img, c, len);
    free(c);
    return rc;
}

static void test_hostile_headers(void **state)
{
    size_t len, load, note;
    uint8_t *k = tk_build_linux_like(&len);

    (void)state;
    load = tk_phdr_of(k, PT_LOAD);
    note = tk_phdr_of(k, PT_NOTE);
    assert_int_equal(mutated(k, len, 0, 1, 0x7e), -ENOEXEC);
    assert_int_equal(mutated(k, len, 4, 1, 1), -ENOEXEC);  /* ELFCLASS32 */
    assert_int_equal(mutated(k, len, 5, 1, 2), -ENOEXEC);  /* big endian */
    assert_int_equal(mutated(k, len, 18, 2, 3), -ENOEXEC); /* EM_386 */
    assert_int_equal(mutated(k, len, 16, 2, 1), -ENOEXEC); /* ET_REL */
    assert_int_equal(mutated(k, len, 32, 8, len - 10), -EINVAL);
    assert_int_equal(mutated(k, len, 32, 8, UINT64_MAX - 8), -EINVAL);
    assert_int_equal(mutated(k, len, 54, 2, 32), -EINVAL);
    assert_int_equal(mutated(k, len, 56, 2, 0xffff), -EINVAL);
    assert_int_equal(mutated(k, len, 56, 2, 0), -EINVAL);
    assert_int_equal(mutated(k, len, 56, 2, 5000), -EINVAL);
    assert_int_equal(mutated(k, len, load + 8, 8, len + 1), -EINVAL);
    assert_int_equal(mutated(k, len, load + 8, 8, UINT64_MAX - 2), -EINVAL);
    assert_int_equal(mutated(k, len, load + 32, 8, UINT64_MAX), -EINVAL);
    assert_int_equal(mutated(k, len, load + 32, 8, len), -EINVAL);
    assert_int_equal(mutated(k, len, load + 40, 8, 0),
                     -EINVAL); /* filesz>memsz */
    assert_int_equal(mutated(k, len, load + 16, 8, UINT64_MAX - 10), -EINVAL);
    assert_int_equal(mutated(k, len, load + 24, 8, UINT64_MAX - 10), -EINVAL);
    assert_int_equal(mutated(k, len, note + 32, 8, len), -EINVAL);
    assert_int_equal(mutated(k, len, 0, 1, 0x7f), 0); /* unchanged: valid */
    free(k);
}

/* Note headers whose sizes run past the segment. */
static void test_hostile_notes(void **state)
{
    size_t len, note, off;
    uint8_t *k = tk_build_linux_like(&len), *c = malloc(len);
    struct elf_image img;
    struct xen_elfnotes n;

    (void)state;
    note = tk_phdr_of(k, PT_NOTE);
    off = tk_get(k, note + 8, 8);
    static const struct {
        unsigned int field;
        uint32_t value;
    } cases[] = { { 0, 0xffffffffu }, { 4, 0xffffffffu }, { 4, 0xfffffff0u },
                  { 0, 0x7ffffff0u }, { 4, 5000 },        { 0, 5000 } };
    for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(c, k, len);
        tk_put(c, off + cases[i].field, 4, cases[i].value);
        assert_int_equal(elf_init(&img, c, len), 0);
        assert_int_equal(elf_xen_notes(&img, &n), -EINVAL);
    }
    free(c);
    free(k);
}

/* Truncation at every offset, and random byte corruption. */
static void test_truncation_and_fuzz(void **state)
{
    size_t len, need = 0;
    uint8_t *k = tk_build_linux_like(&len);
    uint64_t phoff = tk_get(k, 32, 8), phnum = tk_get(k, 56, 2);
    uint64_t x = 12345;

    (void)state;
    need = phoff + phnum * 56;
    for (unsigned int i = 0; i < phnum; i++) {
        size_t ph = phoff + 56 * i;
        uint32_t type = (uint32_t)tk_get(k, ph, 4);

        if ((type == PT_LOAD || type == PT_NOTE) &&
            tk_get(k, ph + 8, 8) + tk_get(k, ph + 32, 8) > need)
            need = tk_get(k, ph + 8, 8) + tk_get(k, ph + 32, 8);
    }
    for (size_t cut = 0; cut <= len; cut++) {
        uint8_t *c = malloc(cut ? cut : 1);
        struct elf_image img;
        int rc;

        memcpy(c, k, cut);
        rc = elf_init(&img, c, cut);
        if (cut < need)
            assert_int_not_equal(rc, 0);
        else
            assert_int_equal(rc, 0);
        free(c);
    }
    for (unsigned int iter = 0; iter < 3000; iter++) {
        uint8_t *c = malloc(len);
        struct kernel_image ki;

        memcpy(c, k, len);
        for (unsigned int j = 0; j < 1 + iter % 8; j++) {
            x = x * 6364136223846793005ull + 1;
            /* Mostly the headers and notes, sometimes anywhere. */
            size_t pos = (x >> 33) % (j & 1 ? len : (need < 512 ? need : 512));
            c[pos] = (uint8_t)(x >> 13);
        }
        if (kernel_image_open(&ki, c, len, &tu_allocator, 1 << 20) == 0) {
            size_t size = (size_t)(ki.virt_kend - ki.virt_kstart);

            if (size <= (64u << 20)) {
                uint8_t *dst = malloc(size ? size : 1);

                assert_int_equal(kernel_image_load(&ki, dst, size), 0);
                free(dst);
            }
            kernel_image_close(&ki, &tu_allocator);
        }
        free(c);
    }
    free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linux_like_notes),
        cmocka_unit_test(test_layout_and_load),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_xen_pv_check),
        cmocka_unit_test(test_no_notes),
        cmocka_unit_test(test_bad_note_values),
        cmocka_unit_test(test_hostile_headers),
        cmocka_unit_test(test_hostile_notes),
        cmocka_unit_test(test_truncation_and_fuzz),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
