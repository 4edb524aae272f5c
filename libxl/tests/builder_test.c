/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV builder's host-side parts: ELF headers and Xen notes, the bzImage
 * header, each payload compression (images made here with the same
 * libraries), the error lines, the boot page-table arithmetic, and
 * Debian's real kernel when the asset cache has it.
 */
#include <elf.h>
#include <errno.h>
#include <lzma.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cmocka.h>

#include "builder_images.h"
#include "pvbuild_private.h"

#define VBASE  0xffffffff80000000ULL
#define KSTART 0xffffffff81000000ULL

static int parse(struct img im, struct pvb_kernel *k, char *err)
{
    memset(k, 0, sizeof(*k));
    k->elf = im.p;
    k->elf_len = im.len;
    err[0] = 0;
    return pvb_elf_parse(k, err, 200);
}

static void test_elf_notes(void **state)
{
    struct img im = make_elf(0);
    struct pvb_kernel k;
    char err[200];
    uint8_t *dest;

    assert_int_equal(parse(im, &k, err), 0);
    assert_string_equal(k.guest_os, "linux");
    assert_string_equal(k.loader, "generic");
    assert_true(k.virt_base == VBASE);
    assert_true(k.kstart == KSTART);
    assert_true(k.kend == KSTART + 0x3000);
    assert_true(k.entry == KSTART + 0x40);
    assert_true(k.hypercall == KSTART + 0x1000);
    assert_true(k.p2m_base == 0x8000000000ULL);
    assert_int_equal(k.unmapped_initrd, 1);
    assert_int_equal(k.f_required, 1);     /* writable_page_tables */
    assert_int_equal(k.f_supported, 0x11); /* + pae_pgdir_above_4gb */
    dest = malloc(0x3000);
    memset(dest, 0x55, 0x3000);
    assert_int_equal(pvb_elf_load(&k, dest, 0x3000), 0);
    assert_int_equal(dest[0], 0xcc);
    assert_int_equal(dest[0x1fff], 0xcc);
    assert_int_equal(dest[0x2000], 0); /* bss cleared */
    assert_int_equal(pvb_elf_load(&k, dest, 0x2000), -EINVAL);
    free(dest);
    free(im.p);
}

static void expect_reject(int flags, const char *words)
{
    struct img im = make_elf(flags);
    struct pvb_kernel k;
    char err[200];

    assert_true(parse(im, &k, err) < 0);
    if (!strstr(err, words))
        fail_msg("error '%s' lacks '%s'", err, words);
    assert_null(strchr(err, '\n'));
    free(im.p);
}

static void test_elf_rejects(void **state)
{
    expect_reject(NO_NOTES, "no Xen ELF notes");
    expect_reject(ELF32, "64-bit");
    expect_reject(OLD_XEN, "Xen 3.0");
    expect_reject(AUTO_XLATE, "auto-translated");
}

static void test_elf_not_linux_but_generic(void **state)
{
    /* LOADER=generic is enough, as with Xen's tools. */
    struct img im = make_elf(NOT_LINUX);
    struct pvb_kernel k;
    char err[200];

    assert_int_equal(parse(im, &k, err), 0);
    free(im.p);
}

static void test_elf_truncated(void **state)
{
    struct img im = make_elf(0);
    struct pvb_kernel k;
    char err[200];

    im.len = 0x2800; /* cuts the loadable segment */
    assert_int_equal(parse(im, &k, err), -ENOEXEC);
    assert_non_null(strstr(err, "beyond the file's end"));
    im.len = 10;
    assert_int_equal(parse(im, &k, err), -ENOEXEC);
    assert_non_null(strstr(err, "not an ELF or bzImage"));
    free(im.p);
}

/* ---- compression ------------------------------------------------------- */

static struct img xz(struct img in, int alone)
{
    struct img o;
    size_t pos = 0;

    o.len = in.len + 4096;
    o.p = malloc(o.len);
    if (!alone) {
        assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL,
                                                 in.p, in.len, o.p, &pos,
                                                 o.len),
                         LZMA_OK);
    } else {
        lzma_stream s = LZMA_STREAM_INIT;
        lzma_options_lzma opt;
        lzma_lzma_preset(&opt, 6);
        assert_int_equal(lzma_alone_encoder(&s, &opt), LZMA_OK);
        s.next_in = in.p;
        s.avail_in = in.len;
        s.next_out = o.p;
        s.avail_out = o.len;
        assert_int_equal(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
        pos = s.total_out;
        lzma_end(&s);
    }
    o.len = pos;
    return o;
}

static struct img zst(struct img in)
{
    struct img o;

    o.len = ZSTD_compressBound(in.len);
    o.p = malloc(o.len);
    o.len = ZSTD_compress(o.p, o.len, in.p, in.len, 3);
    assert_false(ZSTD_isError(o.len));
    return o;
}

/* A bzImage around payload: 2 setup sectors + 1, header 2.15, the
 * payload 0x80 bytes into the protected-mode part, 4 size bytes after. */
static struct img bz(struct img payload, unsigned version)
{
    struct img o;
    uint8_t *h;
    uint32_t off = 0x80, len = (uint32_t)payload.len;

    o.len = 3 * 512 + off + payload.len + 4;
    o.p = calloc(1, o.len);
    h = o.p;
    h[0x1f1] = 2;
    memcpy(h + 0x202, "HdrS", 4);
    h[0x206] = version & 0xff;
    h[0x207] = version >> 8;
    memcpy(h + 0x248, &off, 4);
    memcpy(h + 0x24c, &len, 4);
    memcpy(h + 3 * 512 + off, payload.p, payload.len);
    return o;
}

static void check_roundtrip(struct img elf, struct img packed)
{
    uint8_t *out;
    size_t out_len;
    char err[200];

    assert_int_equal(
        pvb_decompress(packed.p, packed.len, &out, &out_len, err, sizeof(err)),
        0);
    assert_int_equal(out_len, elf.len);
    assert_memory_equal(out, elf.p, elf.len);
    free(out);
}

static void test_decompress_formats(void **state)
{
    struct img elf = make_elf(0), c[4];
    int i;

    c[0] = gz(elf);
    c[1] = xz(elf, 0);
    c[2] = xz(elf, 1);
    c[3] = zst(elf);
    for (i = 0; i < 4; i++) {
        check_roundtrip(elf, c[i]);
        free(c[i].p);
    }
    free(elf.p);
}

static void test_decompress_corrupt(void **state)
{
    struct img elf = make_elf(0), c[4];
    uint8_t *out;
    size_t out_len;
    char err[200];
    int i;

    c[0] = gz(elf);
    c[1] = xz(elf, 0);
    c[2] = xz(elf, 1);
    c[3] = zst(elf);
    for (i = 0; i < 4; i++) {
        c[i].len /= 2; /* truncated */
        err[0] = 0;
        assert_true(pvb_decompress(c[i].p, c[i].len, &out, &out_len, err,
                                   sizeof(err)) < 0);
        assert_non_null(strstr(err, "corrupt or truncated"));
        free(c[i].p);
    }
    assert_int_equal(
        pvb_decompress(elf.p, elf.len, &out, &out_len, err, sizeof(err)),
        1); /* not compressed */
    free(elf.p);
}

static void test_gzip_ramdisk(void **state)
{
    struct img elf = make_elf(0), c = gz(elf);
    uint8_t *out;
    size_t n = pvb_gzip_size(c.p, c.len);

    assert_int_equal(n, elf.len + 16);
    out = calloc(1, n);
    assert_int_equal(pvb_gunzip(c.p, c.len, out, n), 0);
    assert_memory_equal(out, elf.p, elf.len);
    assert_int_equal(pvb_gzip_size(elf.p, elf.len), 0);
    free(out);
    free(c.p);
    free(elf.p);
}

/* ---- kernel files ------------------------------------------------------ */

static char *write_tmp(struct img im)
{
    char *path = strdup("/tmp/pvbuild-test-XXXXXX");
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, im.p, im.len), (ssize_t)im.len);
    close(fd);
    return path;
}

static void open_ok(struct img file)
{
    struct pvb_kernel k;
    char err[300] = "", *path = write_tmp(file);

    if (pvb_kernel_open(&k, path, err, sizeof(err)) < 0)
        fail_msg("%s", err);
    assert_true(k.kstart == KSTART);
    pvb_kernel_free(&k);
    unlink(path);
    free(path);
}

static void test_kernel_files(void **state)
{
    struct img elf = make_elf(0), pay[4], b;
    int i;

    open_ok(elf);
    pay[0] = gz(elf);
    pay[1] = xz(elf, 0);
    pay[2] = xz(elf, 1);
    pay[3] = zst(elf);
    open_ok(pay[0]); /* a gzip'ed ELF */
    for (i = 0; i < 4; i++) {
        b = bz(pay[i], 0x020f);
        open_ok(b);
        free(b.p);
        free(pay[i].p);
    }
    free(elf.p);
}

static void open_fails(struct img file, const char *words)
{
    struct pvb_kernel k;
    char err[300] = "", *path = write_tmp(file);

    assert_true(pvb_kernel_open(&k, path, err, sizeof(err)) < 0);
    if (!strstr(err, words) || !strstr(err, path))
        fail_msg("error '%s' lacks '%s' or the path", err, words);
    unlink(path);
    free(path);
}

static void test_kernel_file_errors(void **state)
{
    struct img elf = make_elf(0), g = gz(elf), b;
    struct pvb_kernel k;
    char err[300];

    b = bz(g, 0x0206);
    open_fails(b, "too old");
    free(b.p);
    b = bz(elf, 0x020f); /* uncompressed payload */
    open_fails(b, "unknown compression format");
    free(b.p);
    b = bz(g, 0x020f);
    b.len -= 100; /* payload cut */
    open_fails(b, "beyond the file's end");
    free(b.p);
    memset(elf.p, 0, 64);
    open_fails(elf, "not an ELF or bzImage");
    assert_int_equal(
        pvb_kernel_open(&k, "/nonexistent/vmlinuz", err, sizeof(err)), -ENOENT);
    assert_string_equal(err, "/nonexistent/vmlinuz: No such file or directory");
    free(g.p);
    free(elf.p);
}

/* ---- page-table arithmetic -------------------------------------------- */

static void test_pgtable_count(void **state)
{
    struct pvb b;

    memset(&b, 0, sizeof(b));
    b.total_pages = 32768; /* 128 MiB */
    b.pfn_alloc_end = 0x2000;
    /* 0xffffffff80000000..+24 MiB: 1 L4, 1 L3, 1 L2, 12 L1. */
    assert_int_equal(pvb_count_pgtables(&b, VBASE, VBASE + (24 << 20) - 1, 0),
                     0);
    assert_int_equal(b.maps[0].area.tables, 15);
    assert_int_equal(b.maps[0].lvl[3].pfn, 0x2000);
    assert_int_equal(b.maps[0].lvl[2].pfn, 0x2001);
    assert_int_equal(b.maps[0].lvl[0].tables, 12);
    b.n_mappings = 1;
    /* The p2m at 512 GiB: its own L3, L2, L1 (no second L4). */
    b.pfn_alloc_end = 0x3000;
    assert_int_equal(pvb_count_pgtables(&b, 0x8000000000ULL,
                                        0x8000000000ULL + 0x40000 - 1, 0x3000),
                     0);
    assert_int_equal(b.maps[1].area.tables, 3);
    assert_int_equal(b.maps[1].lvl[3].tables, 0);
    /* Too big for the memory: one line that says so. */
    b.n_mappings = 1;
    {
        char err[200] = "";
        b.err = err;
        b.errlen = sizeof(err);
        assert_int_equal(pvb_count_pgtables(&b, VBASE, VBASE + (256 << 20), 0),
                         -ENOMEM);
        assert_non_null(strstr(err, "not enough memory"));
    }
}

/* ---- Debian's kernel --------------------------------------------------- */

static void test_debian_kernel(void **state)
{
    const char *path = getenv("PVBUILD_TEST_KERNEL");
    struct pvb_kernel k;
    char err[300] = "";

    if (!path || access(path, R_OK))
        skip();
    if (pvb_kernel_open(&k, path, err, sizeof(err)) < 0)
        fail_msg("%s", err);
    assert_string_equal(k.guest_os, "linux");
    assert_true(k.virt_base == VBASE);
    assert_true(k.kstart >= VBASE && k.entry < k.kend);
    assert_int_equal(k.unmapped_initrd, 1);
    print_message("debian kernel: %zu MiB ELF, %#llx-%#llx, entry %#llx, "
                  "hypercall page %#llx, p2m at %#llx\n",
                  k.elf_len >> 20, (unsigned long long)k.kstart,
                  (unsigned long long)k.kend, (unsigned long long)k.entry,
                  (unsigned long long)k.hypercall,
                  (unsigned long long)k.p2m_base);
    pvb_kernel_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elf_notes),
        cmocka_unit_test(test_elf_rejects),
        cmocka_unit_test(test_elf_not_linux_but_generic),
        cmocka_unit_test(test_elf_truncated),
        cmocka_unit_test(test_decompress_formats),
        cmocka_unit_test(test_decompress_corrupt),
        cmocka_unit_test(test_gzip_ramdisk),
        cmocka_unit_test(test_kernel_files),
        cmocka_unit_test(test_kernel_file_errors),
        cmocka_unit_test(test_pgtable_count),
        cmocka_unit_test(test_debian_kernel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
