/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the bzImage parser and the kernel loader's container
 * handling: bzImages synthesised around an ELF kernel linked at test time
 * (payload compressed by the host's xz or gzip, as Linux builds them),
 * hostile setup headers, and, when the test bed has fetched it, Debian's
 * real kernel.
 */
#include "test_elf_build.h"
#include <xenith/bzimage.h>
#include <xenith/loader.h>
#include <time.h>

#define PM_PAYLOAD_OFFSET 0x300

/*
 * Wrap @payload in a bzImage: @sects setup sectors with a setup header of
 * boot protocol @version, then the protected-mode part holding the payload
 * at PM_PAYLOAD_OFFSET.  Linux appends the decompressed size to its
 * payload; @elf_len is appended the same way.
 */
static uint8_t *make_bzimage(const uint8_t *payload, size_t plen,
                             size_t elf_len, unsigned int sects,
                             uint16_t version, size_t *len)
{
    size_t pm = ((size_t)sects + 1) * 512;
    size_t total = pm + PM_PAYLOAD_OFFSET + plen + 4 + 100;
    uint8_t *b = calloc(1, total);

    b[BZ_SETUP_SECTS] = (uint8_t)sects;
    tk_put(b, BZ_BOOT_FLAG, 2, 0xaa55);
    memcpy(b + BZ_HEADER_MAGIC, "HdrS", 4);
    tk_put(b, BZ_VERSION, 2, version);
    tk_put(b, BZ_PAYLOAD_OFFSET, 4, PM_PAYLOAD_OFFSET);
    tk_put(b, BZ_PAYLOAD_LENGTH, 4, plen + 4);
    memset(b + pm, 0x90, PM_PAYLOAD_OFFSET);
    memcpy(b + pm + PM_PAYLOAD_OFFSET, payload, plen);
    tk_put(b, pm + PM_PAYLOAD_OFFSET + plen, 4, elf_len);
    *len = total;
    return b;
}

/* Open @img and check it yields exactly @elf with the Linux-like notes. */
static void check_opens_to(const uint8_t *img, size_t len, const uint8_t *elf,
                           size_t elf_len, enum kernel_container container,
                           enum decompress_format fmt)
{
    struct kernel_image ki;

    assert_int_equal(kernel_image_open(&ki, img, len, &tu_allocator, 64 << 20),
                     0);
    assert_int_equal(ki.container, container);
    assert_int_equal(ki.format, fmt);
    assert_int_equal(ki.elf.size, elf_len);
    assert_memory_equal(ki.elf.data, elf, elf_len);
    assert_true(ki.virt_entry == TK_VIRT_TEXT);
    assert_true(ki.notes.virt_base == 0xffffffff80000000ull);
    assert_true(ki.notes.feat_supported & (1u << XENFEAT_dom0));
    kernel_image_close(&ki, &tu_allocator);
    assert_null(ki.owned);
}

static void test_synthetic_bzimages(void **state)
{
    static const char *const tools[] = {
        "xz --check=crc32 --x86 --lzma2=preset=9 -c", "xz -c", "gzip -9 -c"
    };
    static const enum decompress_format fmts[] = { DECOMP_XZ, DECOMP_XZ,
                                                   DECOMP_GZIP };
    size_t elf_len, plen, len;
    uint8_t *elf = tk_build_linux_like(&elf_len), *p, *bz;
    struct bzimage_info bi;

    (void)state;
    for (unsigned int i = 0; i < 3; i++) {
        p = tu_compress(tools[i], elf, elf_len, &plen);
        bz = make_bzimage(p, plen, elf_len, 27, 0x020f, &len);
        assert_true(bzimage_probe(bz, len));
        assert_int_equal(bzimage_parse(bz, len, &bi), 0);
        assert_int_equal(bi.version, 0x020f);
        assert_int_equal(bi.setup_sects, 27);
        assert_int_equal(bi.payload_len, plen + 4);
        assert_ptr_equal(bi.payload, bz + 28 * 512 + PM_PAYLOAD_OFFSET);
        check_opens_to(bz, len, elf, elf_len, KERNEL_BZIMAGE, fmts[i]);
        /* The same payload without the bzImage around it. */
        check_opens_to(p, plen, elf, elf_len, KERNEL_COMPRESSED, fmts[i]);
        free(bz);
        free(p);
    }
    /* setup_sects 0 means 4. */
    p = tu_compress("gzip -c", elf, elf_len, &plen);
    bz = make_bzimage(p, plen, elf_len, 4, 0x0208, &len);
    bz[BZ_SETUP_SECTS] = 0;
    assert_int_equal(bzimage_parse(bz, len, &bi), 0);
    assert_int_equal(bi.setup_sects, 4);
    check_opens_to(bz, len, elf, elf_len, KERNEL_BZIMAGE, DECOMP_GZIP);
    free(bz);
    free(p);
    free(elf);
}

static int open_rc(const uint8_t *img, size_t len, size_t max_out)
{
    struct kernel_image ki;
    int rc = kernel_image_open(&ki, img, len, &tu_allocator, max_out);

    if (rc == 0)
        kernel_image_close(&ki, &tu_allocator);
    return rc;
}

static void test_hostile_setup_headers(void **state)
{
    size_t elf_len, plen, len;
    uint8_t *elf = tk_build_linux_like(&elf_len), *p, *bz, *c;
    struct bzimage_info bi;

    (void)state;
    p = tu_compress("xz -c --x86 --lzma2", elf, elf_len, &plen);
    bz = make_bzimage(p, plen, elf_len, 10, 0x020c, &len);
    c = malloc(len);
#define MUTATE(off, n, v, expect)                               \
    do {                                                        \
        memcpy(c, bz, len);                                     \
        tk_put(c, (off), (n), (v));                             \
        assert_int_equal(bzimage_parse(c, len, &bi), (expect)); \
    } while (0)
    MUTATE(BZ_VERSION, 2, 0x0207, -EOPNOTSUPP);
    MUTATE(BZ_BOOT_FLAG, 2, 0x55aa, -EINVAL);
    MUTATE(BZ_PAYLOAD_LENGTH, 4, 0, -EINVAL);
    MUTATE(BZ_PAYLOAD_LENGTH, 4, len, -EINVAL);
    MUTATE(BZ_PAYLOAD_LENGTH, 4, 0xffffffff, -EINVAL);
    MUTATE(BZ_PAYLOAD_OFFSET, 4, 0xffffffff, -EINVAL);
    MUTATE(BZ_PAYLOAD_OFFSET, 4, len - 11 * 512, -EINVAL);
    MUTATE(BZ_SETUP_SECTS, 1, 255, -EINVAL);
    MUTATE(BZ_HEADER_MAGIC, 1, 'h', -ENOEXEC);
#undef MUTATE
    /* Every truncation fails cleanly. */
    for (size_t cut = 0; cut < len - 100; cut += 7) {
        uint8_t *t = malloc(cut ? cut : 1);

        memcpy(t, bz, cut);
        assert_int_not_equal(open_rc(t, cut, 64 << 20), 0);
        free(t);
    }
    /* A decompressed size above the caller's limit. */
    assert_int_equal(open_rc(bz, len, elf_len - 1), -E2BIG);
    assert_int_equal(open_rc(bz, len, elf_len), 0);
    /* A corrupted payload. */
    memcpy(c, bz, len);
    c[11 * 512 + PM_PAYLOAD_OFFSET + plen / 2] ^= 0x10;
    assert_int_equal(open_rc(c, len, 64 << 20), -EINVAL);
    free(c);
    free(bz);
    free(p);
    free(elf);
}

static void test_unsupported_payloads(void **state)
{
    static const struct {
        const char *magic;
        size_t len;
    } fakes[] = {
        { "BZh91AY&SY", 10 },         { "\x5d\0\0\x80\0\xff\xff\xff\xff", 9 },
        { "\x89LZO\0\r\n\x1a\n", 9 }, { "\x02\x21\x4c\x18", 4 },
        { "\x28\xb5\x2f\xfd", 4 },
    };
    uint8_t payload[64];
    size_t len;
    uint8_t *bz;

    (void)state;
    for (unsigned int i = 0; i < sizeof(fakes) / sizeof(fakes[0]); i++) {
        memset(payload, 0x33, sizeof(payload));
        memcpy(payload, fakes[i].magic, fakes[i].len);
        bz = make_bzimage(payload, sizeof(payload), 1000, 8, 0x020f, &len);
        assert_int_equal(open_rc(bz, len, 64 << 20), -EOPNOTSUPP);
        free(bz);
    }
    memset(payload, 0x33, sizeof(payload));
    bz = make_bzimage(payload, sizeof(payload), 1000, 8, 0x020f, &len);
    assert_int_equal(open_rc(bz, len, 64 << 20), -ENOEXEC);
    free(bz);
    assert_int_equal(open_rc(payload, sizeof(payload), 64 << 20), -ENOEXEC);
}

/* The first build/cache/.../boot/vmlinuz-* of the test bed, if any. */
static char *find_debian_kernel(void)
{
    static char path[4096];
    char cache[3000], cmd[3200];
    const char *env = getenv("XENITH_CACHE");
    FILE *f;

    if (env) {
        snprintf(cache, sizeof(cache), "%s", env);
    } else {
        /* Tests run somewhere below the project root: walk up to it. */
        char cwd[2048], probe[2100];

        if (!getcwd(cwd, sizeof(cwd)))
            return NULL;
        for (;;) {
            char *slash;

            snprintf(probe, sizeof(probe), "%s/core/tests/unit/Makefile", cwd);
            if (access(probe, R_OK) == 0)
                break;
            slash = strrchr(cwd, '/');
            if (!slash || slash == cwd)
                return NULL;
            *slash = 0;
        }
        snprintf(cache, sizeof(cache), "%s/build/cache", cwd);
    }
    snprintf(cmd, sizeof(cmd),
             "find '%s' -path '*/boot/vmlinuz-*' -type f 2>/dev/null | "
             "sort | head -n 1",
             cache);
    f = popen(cmd, "r");
    if (!f)
        return NULL;
    if (!fgets(path, sizeof(path), f))
        path[0] = 0;
    pclose(f);
    path[strcspn(path, "\n")] = 0;
    return path[0] ? path : NULL;
}

static void test_debian_kernel(void **state)
{
    char *path = find_debian_kernel();
    size_t len;
    uint8_t *img;
    struct kernel_image ki;
    struct timespec t0, t1;
    double secs;
    const struct xen_elfnotes *n;

    (void)state;
    if (!path) {
        printf("no Debian kernel under build/cache (the test bed fetches "
               "it); skipping\n");
        skip();
    }
    img = tu_read(path, &len);
    assert_non_null(img);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(kernel_image_open(&ki, img, len, &tu_allocator, 512 << 20),
                     0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%s: %s payload, %zu -> %zu bytes in %.2f s (sanitized build)\n",
           path, decompress_format_name(ki.format), len, ki.elf.size, secs);
    n = &ki.notes;
    assert_int_equal(ki.container, KERNEL_BZIMAGE);
    assert_int_equal(ki.format, DECOMP_XZ);
    assert_true(xen_elfnote_has(n, XEN_ELFNOTE_ENTRY));
    assert_true(n->virt_base == 0xffffffff80000000ull);
    assert_true(n->paddr_offset == 0);
    assert_true(n->init_p2m == 0x8000000000ull);
    assert_true(ki.init_p2m == 0x8000000000ull);
    assert_int_equal(n->mod_start_pfn, 1);
    assert_true(ki.virt_entry == n->entry);
    assert_true(ki.virt_entry >= ki.virt_kstart &&
                ki.virt_entry < ki.virt_kend);
    assert_true(elf_note_str_eq(&n->guest_os, "linux"));
    assert_true(elf_note_str_eq(&n->loader, "generic"));
    assert_true(elf_note_str_eq(&n->features,
                                "!writable_page_tables|pae_pgdir_above_4gb"));
    assert_int_equal(n->feat_required, 1u << XENFEAT_writable_page_tables);
    assert_true(n->feat_supported & (1u << XENFEAT_dom0));
    assert_true(n->feat_supported & (1u << XENFEAT_pae_pgdir_above_4gb));
    /* Linux 6.1's xen-head.S: SUPPORTED_FEATURES bits 0, 11 and 15. */
    assert_int_equal(n->feat_supported,
                     (1u << XENFEAT_writable_page_tables) |
                         (1u << XENFEAT_pae_pgdir_above_4gb) |
                         (1u << XENFEAT_dom0) |
                         (1u << XENFEAT_linux_rsdp_unrestricted));
    assert_true(n->hv_start_low == 0xffff800000000000ull);
    assert_int_equal(n->suspend_cancel, 1);
    assert_true(n->l1_mfn_mask == 1 && n->l1_mfn_value == 1);
    assert_true(elf_note_str_eq(&n->xen_version, "xen-3.0"));
    assert_int_equal(kernel_image_check_xen_pv(&ki), 0);
    printf("entry %#llx kstart %#llx kend %#llx hypercall page %s\n",
           (unsigned long long)ki.virt_entry,
           (unsigned long long)ki.virt_kstart, (unsigned long long)ki.virt_kend,
           xen_elfnote_has(n, XEN_ELFNOTE_HYPERCALL_PAGE) ? "present"
                                                          : "absent");
    kernel_image_close(&ki, &tu_allocator);
    free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synthetic_bzimages),
        cmocka_unit_test(test_hostile_setup_headers),
        cmocka_unit_test(test_unsupported_payloads),
        cmocka_unit_test(test_debian_kernel),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
