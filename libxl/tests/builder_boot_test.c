/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A whole pvbuild() on the host against a fake hypervisor: privcmd's
 * ioctl is replaced (linker --wrap) so that populate_physmap hands out
 * machine frames MFN_BASE + pfn, foreign mappings map pages of one memfd
 * (the fake machine's memory, so what the builder writes stays), and the
 * calls that set the domain up are recorded.  The test then walks the
 * guest's boot page tables from CR3 the way the CPU would and checks the
 * layout a PV kernel relies on: start_info in RSI, the stack, the kernel
 * at its entry, the p2m at INIT_P2M, read-only page tables, the unmapped
 * ramdisk by pfn, shared_info's masks, the grant entries and the pin.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "builder_images.h"
#include "public/grant_table.h"
#include "pvbuild_private.h"
#include "xctl_private.h"

#define DOMID      7
#define MEM_PAGES  8192ULL /* 32 MiB */
#define MFN_BASE   0x100000ULL
#define SHINFO_IDX MEM_PAGES       /* memfd page of shared_info */
#define GNT_IDX    (MEM_PAGES + 1) /* and of the grant table */
#define FAKE_PAGES (MEM_PAGES + 2)

int __wrap_ioctl(int fd, unsigned long req, void *arg);
int __real_ioctl(int fd, unsigned long req, void *arg);

static struct {
    int memfd;
    uint8_t *mem; /* the whole fake machine, for the checks */
    vcpu_guest_context_t ctxt;
    int ctxt_set, address_size, resource_ok;
    struct mmuext_op pin;
    uint64_t hypercall_gmfn;
    unsigned populate_calls;
} hv;

static long fake_domctl(struct xen_domctl *d)
{
    if (d->domain != DOMID)
        return -ESRCH;
    switch (d->cmd) {
    case XEN_DOMCTL_set_address_size:
        hv.address_size = (int)d->u.address_size.size;
        return 0;
    case XEN_DOMCTL_getdomaininfo:
        d->u.getdomaininfo.domain = DOMID;
        d->u.getdomaininfo.shared_info_frame = MFN_BASE + SHINFO_IDX;
        return 0;
    case XEN_DOMCTL_setvcpucontext:
        memcpy(&hv.ctxt, d->u.vcpucontext.ctxt.p, sizeof(hv.ctxt));
        hv.ctxt_set = 1;
        return 0;
    case XEN_DOMCTL_hypercall_init:
        hv.hypercall_gmfn = d->u.hypercall_init.gmfn;
        return 0;
    }
    return -ENOSYS;
}

static long fake_populate(struct xen_memory_reservation *r)
{
    xen_pfn_t *ext = r->extent_start.p;
    uint64_t i;

    hv.populate_calls++;
    if (r->domid != DOMID)
        return -ESRCH;
    for (i = 0; i < r->nr_extents; i++) {
        if (ext[i] + (1ULL << r->extent_order) > MEM_PAGES)
            return (long)i;
        ext[i] += MFN_BASE;
    }
    return (long)r->nr_extents;
}

static long fake_hypercall(struct xctl_privcmd_hypercall *h)
{
    switch (h->op) {
    case __HYPERVISOR_domctl:
        return fake_domctl((void *)(uintptr_t)h->arg[0]);
    case __HYPERVISOR_memory_op:
        if (h->arg[0] == XENMEM_populate_physmap)
            return fake_populate((void *)(uintptr_t)h->arg[1]);
        return -ENOSYS;
    case __HYPERVISOR_mmuext_op:
        if (h->arg[1] != 1 || h->arg[3] != DOMID)
            return -EINVAL;
        hv.pin = *(struct mmuext_op *)(uintptr_t)h->arg[0];
        return 0;
    case __HYPERVISOR_grant_table_op: {
        struct gnttab_setup_table *s = (void *)(uintptr_t)h->arg[1];
        if (h->arg[0] != GNTTABOP_setup_table || s->dom != DOMID)
            return -EINVAL;
        s->frame_list.p[0] = MFN_BASE + GNT_IDX;
        s->status = GNTST_okay;
        return 0;
    }
    }
    return -ENOSYS;
}

static int fake_mmapbatch(struct xctl_privcmd_mmapbatch_v2 *b)
{
    unsigned i;

    for (i = 0; i < b->num; i++) {
        uint64_t idx = b->arr[i] - MFN_BASE;
        void *at = (void *)(uintptr_t)(b->addr + i * 4096UL);
        b->err[i] = 0;
        if (b->dom != DOMID || b->arr[i] < MFN_BASE || idx >= FAKE_PAGES) {
            b->err[i] = -EINVAL;
            continue;
        }
        if (mmap(at, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                 hv.memfd, (off_t)(idx * 4096)) == MAP_FAILED)
            b->err[i] = -errno;
    }
    return 0;
}

int __wrap_ioctl(int fd, unsigned long req, void *arg)
{
    long rc;

    if (req == XCTL_IOCTL_PRIVCMD_HYPERCALL) {
        rc = fake_hypercall(arg);
        if (rc < 0) {
            errno = (int)-rc;
            return -1;
        }
        return (int)rc;
    }
    if (req == XCTL_IOCTL_PRIVCMD_MMAPBATCH_V2)
        return fake_mmapbatch(arg);
    if (req == XCTL_IOCTL_PRIVCMD_MMAP_RESOURCE) {
        struct xctl_privcmd_mmap_resource *r = arg;
        if (!hv.resource_ok) {
            errno = EOPNOTSUPP; /* as a hypervisor without it */
            return -1;
        }
        if (r->type != XENMEM_resource_grant_table || r->idx || r->num != 1)
            return errno = EINVAL, -1;
        if (mmap((void *)(uintptr_t)r->addr, 4096, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_FIXED, hv.memfd,
                 (off_t)(GNT_IDX * 4096)) == MAP_FAILED)
            return -1;
        return 0;
    }
    return __real_ioctl(fd, req, arg);
}

/* ---- walking the guest's page tables ---------------------------------- */

static uint64_t *page(uint64_t mfn)
{
    assert_true(mfn >= MFN_BASE && mfn - MFN_BASE < FAKE_PAGES);
    return (uint64_t *)(hv.mem + (mfn - MFN_BASE) * 4096);
}

/* The pfn va maps to (-1 if not present); *rw: writable at every level. */
static int64_t walk(uint64_t va, int *rw)
{
    uint64_t mfn = hv.ctxt.ctrlreg[3] >> 12, e = 0;
    int l;

    *rw = 1;
    for (l = 3; l >= 0; l--) {
        e = page(mfn)[(va >> (12 + 9 * l)) & 511];
        if (!(e & 1))
            return -1;
        *rw &= !!(e & 2);
        mfn = (e & 0x000ffffffffff000ULL) >> 12;
    }
    return (int64_t)(mfn - MFN_BASE);
}

static int64_t walk_ro(uint64_t va)
{
    int rw;
    return walk(va, &rw);
}

/* ---- the build ---------------------------------------------------------- */

struct built {
    struct pvbuild_result r;
    struct start_info *si;
    uint8_t *ramdisk;
    size_t ramdisk_len;
};

static int build(struct built *out, int resource_ok, char *err, size_t errlen)
{
    struct img elf = make_elf(0), rd;
    struct pvbuild_config cfg;
    struct xctl xc = { .fd = -1, .buf_fd = -1 };
    char kpath[] = "/tmp/pvb-boot-kXXXXXX", rpath[] = "/tmp/pvb-boot-rXXXXXX";
    int kfd = mkstemp(kpath), rfd = mkstemp(rpath), rc;
    size_t i;

    memset(&hv, 0, sizeof(hv));
    hv.resource_ok = resource_ok;
    hv.memfd = memfd_create("fake-machine", 0);
    assert_true(hv.memfd >= 0);
    assert_int_equal(ftruncate(hv.memfd, FAKE_PAGES * 4096), 0);
    hv.mem = mmap(NULL, FAKE_PAGES * 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
                  hv.memfd, 0);
    assert_true(hv.mem != MAP_FAILED);
    xc.fd = open("/dev/zero", O_RDWR);
    /* A gzip'ed "initramfs" of 3 pages and a bit. */
    out->ramdisk_len = 3 * 4096 + 100;
    out->ramdisk = malloc(out->ramdisk_len);
    for (i = 0; i < out->ramdisk_len; i++)
        out->ramdisk[i] = (uint8_t)(i * 7);
    rd = gz((struct img){ out->ramdisk, out->ramdisk_len });
    assert_int_equal(write(kfd, elf.p, elf.len), (ssize_t)elf.len);
    assert_int_equal(write(rfd, rd.p, rd.len), (ssize_t)rd.len);
    close(kfd);
    close(rfd);
    memset(&cfg, 0, sizeof(cfg));
    cfg.domid = DOMID;
    cfg.kernel = kpath;
    cfg.ramdisk = rpath;
    cfg.cmdline = "console=hvc0 root=/dev/ram";
    cfg.mem_kb = MEM_PAGES * 4;
    cfg.nr_vcpus = 2;
    cfg.store_evtchn = 3;
    cfg.console_evtchn = 4;
    rc = pvbuild(&xc, &cfg, &out->r, err, errlen);
    close(xc.fd);
    unlink(kpath);
    unlink(rpath);
    free(elf.p);
    free(rd.p);
    return rc;
}

static void test_boot_layout(void **state)
{
    struct built b;
    char err[300] = "";
    struct start_info *si;
    int64_t pfn, si_pfn;
    uint64_t *p2m, i;
    int rw;

    if (build(&b, 0, err, sizeof(err)) < 0)
        fail_msg("pvbuild: %s", err);
    assert_int_equal(hv.address_size, 64);
    assert_true(hv.ctxt_set);
    assert_int_equal(hv.populate_calls, 1); /* 16 superpages, one batch */
    /* vCPU 0: kernel mode, interrupts on, entry from the notes. */
    assert_true(hv.ctxt.user_regs.rip == KSTART + 0x40);
    assert_true(hv.ctxt.user_regs.rflags & (1 << 9));
    assert_int_equal(hv.ctxt.flags, VGCF_in_kernel | VGCF_online);
    assert_int_equal(hv.ctxt.user_regs.cs, FLAT_KERNEL_CS);
    /* The page tables: pinned as an L4, the one in CR3. */
    assert_int_equal(hv.pin.cmd, MMUEXT_PIN_L4_TABLE);
    assert_true(hv.pin.arg1.mfn == hv.ctxt.ctrlreg[3] >> 12);
    /* The kernel at its entry, writable; its first byte as loaded. */
    pfn = walk(KSTART, &rw);
    assert_int_equal(pfn, (KSTART - VBASE) >> 12);
    assert_true(rw);
    assert_int_equal(hv.mem[pfn * 4096], 0xcc);
    assert_int_equal(walk_ro(KSTART + 0x2000), pfn + 2); /* bss page */
    assert_int_equal(hv.hypercall_gmfn, MFN_BASE + pfn + 1);
    /* start_info in RSI. */
    si_pfn = walk_ro(hv.ctxt.user_regs.rsi);
    assert_true(si_pfn > pfn);
    si = (struct start_info *)(hv.mem + si_pfn * 4096);
    assert_string_equal(si->magic, "xen-3.0-x86_64");
    assert_int_equal(si->nr_pages, MEM_PAGES);
    assert_true(si->shared_info == (MFN_BASE + SHINFO_IDX) << 12);
    assert_int_equal(si->store_evtchn, 3);
    assert_int_equal(si->console.domU.evtchn, 4);
    assert_true(si->store_mfn == b.r.store_mfn);
    assert_true(si->console.domU.mfn == b.r.console_mfn);
    assert_true(b.r.store_mfn == MFN_BASE + si_pfn + 1); /* after start_info */
    assert_string_equal((char *)si->cmd_line, "console=hvc0 root=/dev/ram");
    /* The stack: the page under RSP mapped, writable. */
    assert_true(walk(hv.ctxt.user_regs.rsp - 8, &rw) >= 0 && rw);
    /* The page tables: mapped at pt_base, read-only, nr_pt_frames of them. */
    pfn = walk(si->pt_base, &rw);
    assert_true(pfn >= 0);
    assert_false(rw);
    assert_true(MFN_BASE + pfn == hv.ctxt.ctrlreg[3] >> 12);
    for (i = 0; i < si->nr_pt_frames; i++) {
        assert_int_equal(walk(si->pt_base + i * 4096, &rw), pfn + (int64_t)i);
        assert_false(rw);
    }
    /* The ramdisk, unmapped (MOD_START_PFN): by pfn, gunzipped. */
    assert_true(si->flags & SIF_MOD_START_PFN);
    assert_true(si->mod_len >= b.ramdisk_len);
    assert_memory_equal(hv.mem + si->mod_start * 4096, b.ramdisk,
                        b.ramdisk_len);
    /* The p2m list at INIT_P2M, covering every pfn. */
    assert_true(si->mfn_list == P2M_BASE);
    assert_int_equal(walk_ro(P2M_BASE), si->first_p2m_pfn);
    assert_true(si->nr_p2m_frames >= MEM_PAGES * 8 / 4096);
    p2m = (uint64_t *)(hv.mem + si->first_p2m_pfn * 4096);
    for (i = 0; i < MEM_PAGES; i++)
        if (p2m[i] != MFN_BASE + i)
            fail_msg("p2m[%llu] = %#llx", (unsigned long long)i,
                     (unsigned long long)p2m[i]);
    assert_int_equal(walk_ro(P2M_BASE + MEM_PAGES * 8 - 8),
                     si->first_p2m_pfn + MEM_PAGES * 8 / 4096 - 1);
    /* The ramdisk and the p2m lie beyond the initial mapping. */
    assert_int_equal(walk_ro(VBASE + si->mod_start * 4096), -1);
    free(b.ramdisk);
    munmap(hv.mem, FAKE_PAGES * 4096);
    close(hv.memfd);
}

static void check_grants_and_shinfo(void)
{
    grant_entry_v1_t *g = (void *)(hv.mem + GNT_IDX * 4096);
    struct shared_info *sh = (void *)(hv.mem + SHINFO_IDX * 4096);
    struct start_info *si;
    unsigned i;

    si = (void *)(hv.mem + walk_ro(hv.ctxt.user_regs.rsi) * 4096);
    assert_int_equal(g[GNTTAB_RESERVED_CONSOLE].flags, GTF_permit_access);
    assert_int_equal(g[GNTTAB_RESERVED_CONSOLE].domid, 0);
    assert_true(g[GNTTAB_RESERVED_CONSOLE].frame == si->console.domU.mfn);
    assert_int_equal(g[GNTTAB_RESERVED_XENSTORE].flags, GTF_permit_access);
    assert_true(g[GNTTAB_RESERVED_XENSTORE].frame == si->store_mfn);
    assert_int_equal(g[2].flags, 0);
    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        assert_int_equal(sh->vcpu_info[i].evtchn_upcall_mask, 1);
}

static void test_grants_setup_table(void **state)
{
    struct built b;
    char err[300];

    if (build(&b, 0, err, sizeof(err)) < 0) /* no acquire_resource */
        fail_msg("pvbuild: %s", err);
    check_grants_and_shinfo();
    free(b.ramdisk);
}

static void test_grants_resource(void **state)
{
    struct built b;
    char err[300];

    if (build(&b, 1, err, sizeof(err)) < 0)
        fail_msg("pvbuild: %s", err);
    check_grants_and_shinfo();
    free(b.ramdisk);
}

static void test_errors(void **state)
{
    struct xctl xc = { .fd = -1, .buf_fd = -1 };
    struct pvbuild_config cfg;
    struct pvbuild_result r;
    char err[300];

    memset(&cfg, 0, sizeof(cfg));
    cfg.domid = DOMID;
    cfg.kernel = "/nonexistent/vmlinuz";
    cfg.mem_kb = 128 * 1024;
    cfg.nr_vcpus = 1;
    assert_int_equal(pvbuild(&xc, &cfg, &r, err, sizeof(err)), -ENOENT);
    assert_string_equal(err, "/nonexistent/vmlinuz: No such file or directory");
    cfg.mem_kb = 1024;
    assert_int_equal(pvbuild(&xc, &cfg, &r, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "at least 4 MiB"));
    cfg.mem_kb = 128 * 1024;
    cfg.domid = 0;
    assert_int_equal(pvbuild(&xc, &cfg, &r, err, sizeof(err)), -EINVAL);
    assert_string_equal(err, "cannot build domain 0");
    assert_int_equal(pvbuild(NULL, &cfg, &r, err, sizeof(err)), -EINVAL);
}

static void test_too_little_memory(void **state)
{
    /* A kernel at 16 MiB does not fit in 8 MiB: one line saying so. */
    struct img elf = make_elf(0);
    struct xctl xc = { .fd = -1, .buf_fd = -1 };
    struct pvbuild_config cfg;
    struct pvbuild_result r;
    char kpath[] = "/tmp/pvb-boot-kXXXXXX", err[300];
    int kfd = mkstemp(kpath);

    memset(&hv, 0, sizeof(hv));
    hv.memfd = memfd_create("fake-machine", 0);
    assert_int_equal(ftruncate(hv.memfd, FAKE_PAGES * 4096), 0);
    assert_int_equal(write(kfd, elf.p, elf.len), (ssize_t)elf.len);
    close(kfd);
    xc.fd = open("/dev/zero", O_RDWR);
    memset(&cfg, 0, sizeof(cfg));
    cfg.domid = DOMID;
    cfg.kernel = kpath;
    cfg.mem_kb = 8 * 1024;
    cfg.nr_vcpus = 1;
    assert_int_equal(pvbuild(&xc, &cfg, &r, err, sizeof(err)), -ENOMEM);
    assert_non_null(strstr(err, "does not fit"));
    assert_null(strchr(err, '\n'));
    close(xc.fd);
    close(hv.memfd);
    unlink(kpath);
    free(elf.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_layout),
        cmocka_unit_test(test_grants_setup_table),
        cmocka_unit_test(test_grants_resource),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_too_little_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
