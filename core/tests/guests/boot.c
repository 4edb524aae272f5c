/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * boot: what a PV dom0 finds when it starts.
 *
 * Checks start_info (magic, page count, privileged|initdomain flags, boot
 * page tables, the p2m list, shared_info), xen_version (version, extra
 * version, platform parameters, and the feature bits a Linux dom0 needs)
 * emulated CPUID (Xen leaves, hypervisor bit, PSE/PGE/MONITOR hidden),
 * the emulated wrmsr/rdmsr of GS_BASE and set_segment_base, vm_assist,
 * hypercalls through a direct `syscall`, harmless sched_op sub-ops, and
 * console_io write and read.
 */
#include "guest.h"
#include "public/arch-x86/cpuid.h"

const char guest_name[] = "boot";

static void check_start_info(void)
{
    start_info_t *si = start_info;
    uint64_t pt_va = si->pt_base;
    const uint64_t *l4 = (const uint64_t *)pt_va;

    CHECK(gstrncmp(si->magic, "xen-3.0-x86_64", 14) == 0,
          "start_info magic is '%s'", si->magic);
    CHECK(si->nr_pages >= 1024 && si->nr_pages <= (1UL << 28),
          "nr_pages %lu out of range", si->nr_pages);
    CHECK((si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)) ==
              (SIF_PRIVILEGED | SIF_INITDOMAIN),
          "flags %x lack SIF_PRIVILEGED|SIF_INITDOMAIN", si->flags);
    CHECK(si->store_evtchn == 0, "dom0 store_evtchn %u, expected 0",
          si->store_evtchn);
    guest_ok("magic '%.14s', %lu pages, flags %x", si->magic, si->nr_pages,
             si->flags);

    CHECK(pt_va >= GUEST_VIRT_BASE && (pt_va & 0xfff) == 0,
          "pt_base %lx not a page in the image mapping", pt_va);
    CHECK(si->nr_pt_frames >= 4 && si->nr_pt_frames < 512, "nr_pt_frames %lu",
          si->nr_pt_frames);
    /* The top-level table maps itself: L4[511] covers the image. */
    CHECK(l4[511] & PTE_P, "L4[511] not present");
    CHECK(!(pte_read(pt_va, 1) & PTE_RW), "L4 page mapped writable");
    CHECK(mfn_to_pfn(virt_to_mfn(l4)) == virt_to_pfn(l4),
          "M2P and p2m disagree for the L4 page");
    /* Our own image pages are mapped at the right frames. */
    CHECK((pte_read((uint64_t)_image_start, 1) & PTE_ADDR_MASK) >> 12 ==
              virt_to_mfn(_image_start),
          "image start PTE does not match p2m[0]");
    guest_ok("pt_base %lx, %lu pt frames, L4 read-only and pinned", pt_va,
             si->nr_pt_frames);

    CHECK(si->mfn_list >= GUEST_VIRT_BASE, "mfn_list %lx", si->mfn_list);
    for (uint64_t pfn = 0; pfn < si->nr_pages; pfn += 997) {
        uint64_t mfn = p2m[pfn];
        CHECK(mfn_to_pfn(mfn) == pfn, "p2m[%lu]=%lx but m2p gives %lx", pfn,
              mfn, mfn_to_pfn(mfn));
    }
    guest_ok("p2m at %lx consistent with M2P", si->mfn_list);

    CHECK((si->shared_info & 0xfff) == 0, "shared_info %lx not page aligned",
          si->shared_info);
    for (int v = 0; v < XEN_LEGACY_MAX_VCPUS; v++)
        CHECK(shared->vcpu_info[v].evtchn_upcall_mask == 1,
              "vcpu_info[%d] upcall mask is %u at boot", v,
              shared->vcpu_info[v].evtchn_upcall_mask);
    CHECK(shared->vcpu_info[0].time.tsc_to_system_mul != 0,
          "vcpu 0 time info has mul 0");
    CHECK(!(shared->wc_version & 1), "wall clock version odd");
    guest_ok("shared_info at maddr %lx: upcalls masked, time valid",
             si->shared_info);
}

static void check_version(void)
{
    long ver = hc_xen_version(XENVER_version, NULL);
    xen_extraversion_t extra;
    struct xen_platform_parameters pp;
    struct xen_feature_info fi = { .submap_idx = 0 };
    uint32_t need = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                    (1U << XENFEAT_gnttab_map_avail_bits) |
                    (1U << XENFEAT_dom0);
    uint32_t never = (1U << XENFEAT_auto_translated_physmap) |
                     (1U << XENFEAT_supervisor_mode_kernel);

    CHECK(ver >= 0x40000, "xen_version %lx older than 4.0", ver);
    CHECK_RC(hc_xen_version(XENVER_extraversion, extra), 0, "extraversion");
    CHECK_RC(hc_xen_version(XENVER_platform_parameters, &pp), 0,
             "platform_parameters");
    CHECK(pp.virt_start == HYPERVISOR_VIRT_START, "virt_start %lx",
          pp.virt_start);
    CHECK_RC(hc_xen_version(XENVER_get_features, &fi), 0, "get_features");
    CHECK((fi.submap & need) == need, "features %x lack %x", fi.submap,
          need & ~fi.submap);
    CHECK(!(fi.submap & never), "PV features %x include %x", fi.submap,
          fi.submap & never);
    /* Only submap 0 exists: Xen 4.17 refuses the others. */
    fi.submap_idx = XENFEAT_NR_SUBMAPS;
    CHECK_RC(hc_xen_version(XENVER_get_features, &fi), -XEN_EINVAL,
             "get_features submap 1");
    CHECK_RC(hc_xen_version(XENVER_pagesize, NULL), 4096, "pagesize");
    CHECK(hc_xen_version(999, NULL) == -XEN_ENOSYS,
          "unknown xen_version sub-op returned %ld", hc_xen_version(999, NULL));
    guest_ok("version %ld.%ld%.16s, features %x", ver >> 16, ver & 0xffff,
             extra, fi.submap);
}

/* The sub-ops a toolstack or a curious guest asks (xl info, xen-diag):
 * compile information, the domain's handle, the command line and the
 * build id, as Xen 4.17 answers a privileged domain. */
static int contains(const char *s, const char *w)
{
    size_t n = gstrlen(w);

    for (; *s; s++)
        if (!gstrncmp(s, w, n))
            return 1;
    return 0;
}

static void check_version_info(void)
{
    static xen_compile_info_t ci;
    static xen_commandline_t line;
    static xen_domain_handle_t h;
    /* xen_build_id_t: its len, then room for the id (64 bytes). */
    static uint32_t bid[1 + 16];
    long len;

    CHECK_RC(hc_xen_version(XENVER_compile_info, &ci), 0, "compile_info");
    CHECK(ci.compiler[0], "compile_info names no compiler");
    CHECK_RC(hc_xen_version(XENVER_guest_handle, h), 0, "guest_handle");
    CHECK_RC(hc_xen_version(XENVER_commandline, line), 0, "commandline");
    CHECK(contains(line, "console=com1"), "command line '%.60s'", line);
    /* A build id of 16-64 bytes, or none (-ENODATA, as a Xen linked
     * without one answers; Xenith's image has none, so that the .deb and
     * the RPM carry the same bytes whatever their build paths). */
    len = hc_xen_version(XENVER_build_id, NULL);
    CHECK((len >= 16 && len <= 64) || len == -XEN_ENODATA, "build_id size %ld",
          len);
    if (len > 0) {
        bid[0] = 0;
        CHECK_RC(hc_xen_version(XENVER_build_id, bid), -XEN_EINVAL,
                 "build_id with len 0");
        bid[0] = (uint32_t)len - 1;
        CHECK_RC(hc_xen_version(XENVER_build_id, bid), -XEN_ENOBUFS,
                 "build_id with a short buffer");
        bid[0] = 16 * sizeof(uint32_t);
        CHECK_RC(hc_xen_version(XENVER_build_id, bid), len, "build_id");
    }
    guest_ok("compiler %.24s, command line '%.30s', build id of %ld bytes",
             ci.compiler, line, len);
}

static void check_console(void)
{
    static const char msg[] = "boot: console_io write works\n";
    char in[16];
    long n;

    CHECK_RC(hc_console_write(msg, sizeof(msg) - 1), 0, "console_io write");
    /* Dom0 reads the hypervisor's serial input; nothing was typed. */
    n = HC(__HYPERVISOR_console_io, CONSOLEIO_read, sizeof(in), in, 0, 0);
    CHECK(n >= 0 && n <= (long)sizeof(in), "console_io read returned %ld", n);
    CHECK_RC(HC(__HYPERVISOR_console_io, 99, 0, 0, 0, 0), -XEN_ENOSYS,
             "console_io unknown command");
}

/* CPUID through the forced-emulation prefix, as a PV kernel does. */
static void pv_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile(XEN_CPUID
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "0"(leaf), "2"(sub));
}

static void check_cpuid(void)
{
    uint32_t r[4];
    long ver = hc_xen_version(XENVER_version, NULL);

    pv_cpuid(XEN_CPUID_LEAF(0), 0, r);
    CHECK(r[1] == XEN_CPUID_SIGNATURE_EBX && r[2] == XEN_CPUID_SIGNATURE_ECX &&
              r[3] == XEN_CPUID_SIGNATURE_EDX,
          "CPUID 0x40000000 signature %x %x %x", r[1], r[2], r[3]);
    CHECK(r[0] >= XEN_CPUID_LEAF(2), "CPUID 0x40000000 max leaf %x", r[0]);
    pv_cpuid(XEN_CPUID_LEAF(1), 0, r);
    CHECK(r[0] == (uint32_t)ver, "CPUID version %x, xen_version %lx", r[0],
          ver);
    pv_cpuid(XEN_CPUID_LEAF(2), 0, r);
    CHECK(r[0] == 1, "CPUID says %u hypercall pages", r[0]);
    pv_cpuid(1, 0, r);
    CHECK(r[2] & (1U << 31), "CPUID 1 ECX %x lacks the hypervisor bit", r[2]);
    /* A PV kernel must not see large pages, global pages or MONITOR. */
    CHECK(!(r[3] & ((1U << 3) | (1U << 13))), "CPUID 1 EDX %x shows PSE/PGE",
          r[3]);
    CHECK(!(r[2] & (1U << 3)), "CPUID 1 ECX %x shows MONITOR", r[2]);
    guest_ok("CPUID (emulated): XenVMMXenVMM, version %x, leaf 1 ecx %x "
             "edx %x",
             (uint32_t)ver, r[2], r[3]);
}

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t read_gs0(void)
{
    uint64_t v;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    return v;
}

static uint64_t read_fs8(void)
{
    uint64_t v;
    __asm__ volatile("mov %%fs:8, %0" : "=r"(v));
    return v;
}

/*
 * Segment bases: Linux's first instruction is a native wrmsr of GS_BASE,
 * which the hypervisor must emulate; set_segment_base sets FS and the
 * kernel GS base.
 */
static void check_segment_bases(void)
{
    static uint64_t area_a[2] = { 0x1111, 0x2222 };
    static uint64_t area_b[2] = { 0x3333, 0x4444 };
    const uint32_t msr_gs_base = 0xc0000101;
    uint64_t a = (uint64_t)area_a;

    __asm__ volatile("wrmsr" ::"c"(msr_gs_base), "a"((uint32_t)a),
                     "d"((uint32_t)(a >> 32)));
    CHECK(read_gs0() == 0x1111, "%%gs:0 after wrmsr GS_BASE reads %lx",
          read_gs0());
    CHECK(rdmsr(msr_gs_base) == a, "rdmsr GS_BASE %lx, expected %lx",
          rdmsr(msr_gs_base), a);
    CHECK_RC(
        HC(__HYPERVISOR_set_segment_base, SEGBASE_GS_KERNEL, area_b, 0, 0, 0),
        0, "set_segment_base GS_KERNEL");
    CHECK(read_gs0() == 0x3333, "%%gs:0 after set_segment_base reads %lx",
          read_gs0());
    CHECK_RC(HC(__HYPERVISOR_set_segment_base, SEGBASE_FS, area_a, 0, 0, 0), 0,
             "set_segment_base FS");
    CHECK(read_fs8() == 0x2222, "%%fs:8 reads %lx", read_fs8());
    CHECK_RC(HC(__HYPERVISOR_set_segment_base, 99, 0, 0, 0, 0), -XEN_EINVAL,
             "set_segment_base unknown register");
    guest_ok("wrmsr/rdmsr GS_BASE emulated, set_segment_base FS and GS");
}

static void check_vm_assist(void)
{
    CHECK_RC(HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                VMASST_TYPE_writable_pagetables, 0, 0, 0),
             0, "vm_assist writable_pagetables");
    CHECK_RC(HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                VMASST_TYPE_runstate_update_flag, 0, 0, 0),
             0, "vm_assist runstate_update_flag");
    guest_expect(HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                    VMASST_TYPE_4gb_segments, 0, 0, 0),
                 0, "vm_assist 4gb_segments (accepted, unused in 64-bit)");
    guest_expect(HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                    VMASST_TYPE_pae_extended_cr3, 0, 0, 0),
                 0, "vm_assist pae_extended_cr3 (accepted, unused)");
    guest_expect(HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                    VMASST_TYPE_m2p_strict, 0, 0, 0),
                 0, "vm_assist m2p_strict");
    CHECK_RC(HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 31, 0, 0, 0),
             -XEN_EINVAL, "vm_assist unknown type");
    CHECK_RC(
        HC(__HYPERVISOR_vm_assist, 7, VMASST_TYPE_writable_pagetables, 0, 0, 0),
        -XEN_ENOSYS, "vm_assist unknown command");
    guest_ok("vm_assist types 0, 2, 3, 5, 32 accepted, bad type/command "
             "refused");
}

/*
 * A hypercall issued with the `syscall` instruction itself, as Linux
 * kernels without a hypercall page do (RAX = number; RCX, R11 clobbered).
 */
static long direct_hypercall2(unsigned int nr, uint64_t a1, uint64_t a2)
{
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret), "+D"(a1), "+S"(a2)
                     : "0"((uint64_t)nr)
                     : "rcx", "r11", "rdx", "r10", "r8", "memory");
    return ret;
}

static void check_direct_syscall(void)
{
    struct xen_feature_info fi = { .submap_idx = 0 };
    long via_page = hc_xen_version(XENVER_version, NULL);

    CHECK_RC(direct_hypercall2(__HYPERVISOR_xen_version, XENVER_version, 0),
             via_page, "xen_version through a direct syscall");
    CHECK_RC(direct_hypercall2(__HYPERVISOR_xen_version, XENVER_get_features,
                               (uint64_t)&fi),
             0, "get_features through a direct syscall");
    CHECK(fi.submap & (1U << XENFEAT_dom0), "direct syscall features %x",
          fi.submap);
    guest_ok("hypercalls through a direct syscall instruction");
}

/* sched_op sub-ops that do not stop the domain. */
static void check_sched_misc(void)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_reboot };
    struct sched_remote_shutdown rs = { .domain_id = 0x7fe0,
                                        .reason = SHUTDOWN_poweroff };
    struct sched_watchdog wd = { .id = 0, .timeout = 30 };
    struct sched_pin_override po = { .pcpu = -1 };

    CHECK_RC(hc_sched_op(SCHEDOP_yield, NULL), 0, "SCHEDOP_yield");
    /* shutdown_code only records the reason for a later shutdown. */
    CHECK_RC(hc_sched_op(SCHEDOP_shutdown_code, &sd), 0, "shutdown_code");
    CHECK_RC(hc_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH,
             "remote_shutdown of a missing domain");
    /* id 0 creates a watchdog (returns its id); timeout 0 destroys one. */
    CHECK_RC(hc_sched_op(SCHEDOP_watchdog, &wd), 1, "create watchdog 1");
    wd.id = 1;
    wd.timeout = 0;
    CHECK_RC(hc_sched_op(SCHEDOP_watchdog, &wd), 0, "destroy watchdog 1");
    CHECK_RC(hc_sched_op(SCHEDOP_watchdog, &wd), -XEN_EINVAL,
             "destroy watchdog 1 again");
    /* Ending an override that was never set is refused. */
    CHECK_RC(hc_sched_op(SCHEDOP_pin_override, &po), -XEN_EINVAL,
             "pin_override off while none is set");
    po.pcpu = 0;
    CHECK_RC(hc_sched_op(SCHEDOP_pin_override, &po), 0, "pin_override cpu 0");
    po.pcpu = -1;
    CHECK_RC(hc_sched_op(SCHEDOP_pin_override, &po), 0, "pin_override off");
    CHECK_RC(hc_sched_op(99, NULL), -XEN_ENOSYS, "unknown sched_op");
    CHECK_RC(hc_sched_op(SCHEDOP_shutdown, (void *)0x1000), -XEN_EFAULT,
             "shutdown with a bad pointer");
    sd.reason = SHUTDOWN_poweroff;
    CHECK_RC(hc_sched_op(SCHEDOP_shutdown_code, &sd), 0, "shutdown_code");
    guest_ok("yield, shutdown_code, remote_shutdown, watchdog, pin_override");
}

void test_main(void)
{
    check_start_info();
    check_version();
    check_version_info();
    check_cpuid();
    check_segment_bases();
    check_vm_assist();
    check_direct_syscall();
    check_sched_misc();
    check_console();
}
