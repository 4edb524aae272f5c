/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV domain builder on Debian's real Linux kernel (the bzImage with an
 * xz payload that the test bed fetches into build/cache), opened with the
 * kernel loader, laid out for a 512 MiB dom0 and built into simulated
 * memory.  Checks what PV-ABI-CHECKLIST section A requires of the image
 * and, for the kernel whose Xen 4.17 boot was recorded, compares the
 * layout with the numbers Xen 4.17 printed for the same dom0.  Skipped
 * when the kernel has not been fetched (tests/system/lib/assets.sh kernel).
 */
#include "test_pv_build_sim.h"

#include <glob.h>
#include <xenith/loader.h>

#define NR_PAGES (512ULL << 20 >> 12) /* dom0_mem=512M */
/* The initrd of the recorded reference run (mod_len); with MOD_START_PFN
 * its size only moves the pfns after it. */
#define INITRD_LEN 1144225ULL

/*
 * Recorded from the test bed's reference-xen417-dom0 run: Debian's Xen
 * 4.17.7 building Debian's 6.1.0-56-amd64 (6.1.192-2) kernel as dom0 with
 * dom0_mem=512M.  The kernel file's size identifies it.
 */
#define REF_KERNEL_SIZE 8247232
static const struct {
    uint64_t kern_start, kern_end, p2m_start, p2m_end, si_start, si_end;
    uint64_t pt_start, pt_end, stack_start, stack_end, v_start, v_end;
    uint64_t entry, alloc_pages, to_allocate;
} ref = {
    0xffffffff81000000,
    0xffffffff84a00000, /* Loaded kernel */
    0x0000008000000000,
    0x0000008000100000, /* Phys-Mach map */
    0xffffffff84a00000,
    0xffffffff84a004b8, /* Start info */
    0xffffffff84a01000,
    0xffffffff84a2a000, /* Page tables */
    0xffffffff84a2a000,
    0xffffffff84a2b000, /* Boot stack */
    0xffffffff80000000,
    0xffffffff84c00000, /* TOTAL */
    0xffffffff830791c0, /* ENTRY ADDRESS */
    0x8000000 >> 12,    /* Dom0 alloc.: 0x30000000->0x38000000 */
    98024,              /* "(98024 pages to be allocated)" */
};

static void *t_alloc(void *ctx, size_t size)
{
    return malloc(size);
}

static void t_free(void *ctx, void *p)
{
    free(p);
}

static const struct decompress_alloc alloc = { t_alloc, t_free, NULL };

/* Find Debian's vmlinuz in the asset cache ($XENITH_CACHE or the
 * project's build/cache, searched upwards from the current directory). */
static char *find_kernel(void)
{
    static const char tail[] = "root/linux-image-*/boot/vmlinuz-*";
    char pat[4096];
    const char *cache = getenv("XENITH_CACHE");
    char *found = NULL;
    glob_t g;
    int up;

    for (up = cache ? -1 : 0; up < 8 && !found; up++) {
        if (up < 0) {
            snprintf(pat, sizeof(pat), "%s/%s", cache, tail);
        } else {
            pat[0] = 0;
            for (int i = 0; i < up; i++)
                strcat(pat, "../");
            strcat(pat, "build/cache/");
            strcat(pat, tail);
        }
        if (glob(pat, 0, NULL, &g) == 0) {
            found = strdup(g.gl_pathv[g.gl_pathc - 1]);
            globfree(&g);
        }
    }
    return found;
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static void print_layout(const struct pv_build_layout *l)
{
    printf(
        "  Loaded kernel: %016llx->%016llx\n"
        "  Phys-Mach map: %016llx->%016llx\n"
        "  Start info:    %016llx->%016llx\n"
        "  Page tables:   %016llx->%016llx\n"
        "  Boot stack:    %016llx->%016llx\n"
        "  TOTAL:         %016llx->%016llx\n"
        "  ENTRY ADDRESS: %016llx\n"
        "  first alloc %llu pages, initrd pfn %llu, p2m pfns %llu+%llu, "
        "%llu pages left to allocate\n",
        (unsigned long long)l->vkern_start, (unsigned long long)l->vkern_end,
        (unsigned long long)l->vphysmap_start,
        (unsigned long long)l->vphysmap_end,
        (unsigned long long)l->vstartinfo_start,
        (unsigned long long)l->vstartinfo_end, (unsigned long long)l->vpt_start,
        (unsigned long long)l->vpt_end, (unsigned long long)l->vstack_start,
        (unsigned long long)l->vstack_end, (unsigned long long)l->v_start,
        (unsigned long long)l->v_end, (unsigned long long)l->entry,
        (unsigned long long)l->alloc_pages, (unsigned long long)l->initrd_pfn,
        (unsigned long long)l->first_p2m_pfn,
        (unsigned long long)l->nr_p2m_frames,
        (unsigned long long)(l->nr_pages - l->alloc_pages - l->initrd_pages));
}

/* The numbers Xen 4.17 printed for this kernel. */
static void compare_with_xen417(const struct pv_build_layout *l)
{
    assert_int_equal(l->vkern_start, ref.kern_start);
    assert_int_equal(l->vkern_end, ref.kern_end);
    assert_int_equal(l->vphysmap_start, ref.p2m_start);
    assert_int_equal(l->vphysmap_end, ref.p2m_end);
    assert_int_equal(l->vstartinfo_start, ref.si_start);
    assert_int_equal(l->vstartinfo_end, ref.si_end);
    assert_int_equal(l->vpt_start, ref.pt_start);
    assert_int_equal(l->vpt_end, ref.pt_end);
    assert_int_equal(l->vstack_start, ref.stack_start);
    assert_int_equal(l->vstack_end, ref.stack_end);
    assert_int_equal(l->v_start, ref.v_start);
    assert_int_equal(l->v_end, ref.v_end);
    assert_int_equal(l->entry, ref.entry);
    assert_int_equal(l->alloc_pages, ref.alloc_pages);
    assert_int_equal(l->nr_pages - l->alloc_pages - l->initrd_pages,
                     ref.to_allocate);
}

/* PV-ABI-CHECKLIST section A, on the built image. */
static void check_section_a(struct sim *s, const struct pv_build_layout *l,
                            const struct pv_build_result *r)
{
    struct start_info si;
    struct walk w;

    /* One L2, reached through L4[511] -> L3[510], holds the mapping. */
    assert_int_equal(l->v_start, 0xffffffff80000000ULL);
    assert_int_equal((l->v_start >> 39) & 511, 511);
    assert_int_equal((l->v_start >> 30) & 511, 510);
    assert_int_equal(l->v_start >> 30, (l->v_end - 1) >> 30);
    assert_true(l->v_end - l->vstack_end >= 512 * 1024);
    /* The p2m at INIT_P2M (L4 slot 1), whole last page mapped. */
    assert_true(l->p2m_separate);
    assert_int_equal(l->vphysmap_start, 0x8000000000ULL);
    /* The initrd unmapped, passed as a pfn. */
    assert_false(l->initrd_mapped);
    sim_read(s, r->l4_mfn, r->regs.rsi, &si, sizeof(si));
    assert_true(si.flags & SIF_MOD_START_PFN);
    assert_true(si.flags & SIF_PRIVILEGED);
    assert_true(si.flags & SIF_INITDOMAIN);
    assert_int_equal(si.mod_start, l->initrd_pfn);
    assert_int_equal(si.mod_len, INITRD_LEN);
    /* pt_base is exactly the L4 the vCPU starts on. */
    assert_true(sim_walk(s, r->l4_mfn, si.pt_base, &w));
    assert_int_equal(w.mfn, r->l4_mfn);
    assert_false(w.rw);
    assert_int_equal(si.nr_pt_frames, l->nr_pt_pages);
    assert_int_equal(si.mfn_list, 0x8000000000ULL);
    assert_int_equal(si.first_p2m_pfn, l->first_p2m_pfn);
    assert_int_equal(si.nr_p2m_frames, l->nr_p2m_frames);
    assert_int_equal(si.nr_pages, NR_PAGES);
    assert_string_equal(si.magic, "xen-3.0-x86_64p");
    assert_int_equal(r->regs.cs, 0xe033);
    assert_int_equal(r->regs.ss, 0xe02b);
    assert_int_equal(r->regs.rsp, l->vstack_end);
    /* The entry point is mapped and holds the kernel's code. */
    assert_true(sim_walk(s, r->l4_mfn, r->regs.rip, &w));
}

static void test_debian_kernel(void **state)
{
    char *path = find_kernel();
    struct pv_build_segment segs[PV_BUILD_MAX_SEGS];
    struct pv_build_params p = { 0 };
    struct pv_build_input in = { .cmdline = "console=hvc0",
                                 .shared_info_maddr = 0x1000 };
    struct pv_build_kernel k;
    struct pv_build_layout l;
    struct pv_build_result r;
    struct kernel_image ki;
    struct pv_build_mem m;
    struct sim s;
    uint8_t *img;
    size_t size;

    if (!path) {
        printf("  Debian kernel not fetched (tests/system/lib/assets.sh "
               "kernel); skipped\n");
        skip();
    }
    img = read_file(path, &size);
    assert_int_equal(kernel_image_open(&ki, img, size, &alloc, 512 << 20), 0);
    assert_int_equal(
        pv_build_kernel_from_image(&ki, segs, PV_BUILD_MAX_SEGS, &k), 0);
    assert_true(k.mod_start_pfn);
    assert_true(k.pae);
    p.kernel = &k;
    p.nr_pages = NR_PAGES;
    p.initrd_len = INITRD_LEN;
    p.is_dom0 = true;
    p.hv_features = 1u << XENFEAT_writable_page_tables;
    assert_int_equal(pv_build_layout(&p, &l), 0);
    printf("  %s:\n", path);
    print_layout(&l);
    if (size == REF_KERNEL_SIZE) {
        compare_with_xen417(&l);
        printf("  matches Xen 4.17's arrangement for this kernel\n");
    } else {
        printf("  not the recorded kernel (%zu bytes); Xen 4.17 comparison "
               "skipped\n",
               size);
    }

    sim_init(&s, NR_PAGES);
    m = sim_mem(&s);
    assert_int_equal(pv_build_image(&l, &k, &in, &m, &r), 0);
    check_image(&s, &l, &r);
    check_section_a(&s, &l, &r);
    sim_fini(&s);
    kernel_image_close(&ki, &alloc);
    free(img);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debian_kernel),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
