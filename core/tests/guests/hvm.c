/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm: a hardware-assisted (PVH-style) domU built by this dom0 through
 * domctl the way Xen 4.17's libxl and libxc build a PVH guest:
 * createdomain with XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap and the
 * LAPIC-only emulation set, max_mem, the paging pool (shadow_op
 * SET_ALLOCATION), XENMEM_populate_physmap of its gfns, the payload
 * written through foreign mappings (the PTE names a gfn of a translated
 * domain), vCPU 0's registers by gethvmcontext/sethvmcontext (header,
 * CPU record, END), unpause.  The payload (hvm-payload.c) checks CPUID's
 * hypervisor leaves and hypercalls by VMMCALL and powers itself off;
 * dom0 reads its results, destroys it and checks every page came back.
 * Hostile runs: a triple fault and HLT with interrupts off end only the
 * domU.  Needs a CPU with SVM and NPT (the case runs qemu64,+svm,+npt).
 */
#include "guest.h"
#include "hvm.h"
#include "public/domctl.h"
#include "public/hvm/hvm_op.h"
#include "public/hvm/params.h"
#include "public/hvm/save.h"
#include "public/sysctl.h"

const char guest_name[] = "hvm";

extern const uint8_t hvm_payload_start[], hvm_payload_end[];
extern const uint8_t hvm_events_start[], hvm_events_end[];
extern const uint8_t hvm_smp_start[], hvm_smp_end[];

/* vCPUs of the next HVM domain (hvm_create). */
static unsigned int create_vcpus = 1;

#define STORE_PFN_VALUE 0xfeffeUL /* what dom0 sets, the guest reads */

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t ctx_buf[16384] __attribute__((aligned(16)));

static long sysctl(struct xen_sysctl *s, uint32_t cmd)
{
    s->cmd = cmd;
    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_sysctl, s, 0, 0, 0, 0);
}

static long domctl(struct xen_domctl *d, uint32_t cmd, domid_t dom)
{
    d->cmd = cmd;
    d->domain = dom;
    return guest_domctl(d);
}

static uint64_t free_pages(void)
{
    struct xen_sysctl s;

    gmemset(&s, 0, sizeof(s));
    CHECK_RC(sysctl(&s, XEN_SYSCTL_physinfo), 0, "physinfo");
    return s.u.physinfo.free_pages;
}

/* Free pages come back once the hypervisor has finished the domain. */
static uint64_t settled_free_pages(uint64_t want)
{
    uint64_t t0 = guest_mono_ns(), now;

    for (;;) {
        now = free_pages();
        if (now == want || guest_mono_ns() - t0 > 5000000000UL)
            return now;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
}

static long hvm_param(int op, domid_t dom, uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = dom, .index = index };
    long rc;

    if (op == HVMOP_set_param)
        p.value = *value;
    rc = HC(__HYPERVISOR_hvm_op, op, &p, 0, 0, 0);
    if (op == HVMOP_get_param)
        *value = p.value;
    return rc;
}

/* Map gfn of translated domain dom at `window` with mmu_update: the
 * frame number in the PTE is the gfn. */
static long map_gfn(domid_t dom, uint64_t gfn)
{
    mmu_update_t req = {
        .ptr = pte_maddr((uint64_t)window, 1) | MMU_NORMAL_PT_UPDATE,
        .val = (gfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D,
    };
    mmuext_op_t flush = { .cmd = MMUEXT_INVLPG_LOCAL };
    unsigned int done = 0;
    long rc = hc_mmu_update(&req, 1, &done, dom);

    flush.arg1.linear_addr = (unsigned long)window;
    CHECK_RC(hc_mmuext_op(&flush, 1, NULL, DOMID_SELF), 0, "invlpg");
    return rc;
}

static void unmap_window(void)
{
    set_page_rw(window); /* back to dom0's own frame */
}

static long hvm_create(domid_t *out)
{
    struct xen_domctl d;
    domid_t dom;
    long rc;

    gmemset(&d, 0, sizeof(d));
    d.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    d.u.createdomain.max_vcpus = create_vcpus;
    d.u.createdomain.max_evtchn_port = 1023;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    d.u.createdomain.arch.emulation_flags = XEN_X86_EMU_LAPIC; /* PVH */
    rc = domctl(&d, XEN_DOMCTL_createdomain, 0);
    if (rc)
        return rc;
    dom = d.domain;
    gmemset(&d, 0, sizeof(d));
    d.u.max_vcpus.max = create_vcpus;
    CHECK_RC(domctl(&d, XEN_DOMCTL_max_vcpus, dom), 0, "HVM max_vcpus");
    gmemset(&d, 0, sizeof(d));
    d.u.max_mem.max_memkb = HVM_PAGES * 4 + 1024;
    CHECK_RC(domctl(&d, XEN_DOMCTL_max_mem, dom), 0, "HVM max_mem");
    gmemset(&d, 0, sizeof(d));
    d.u.shadow_op.op = XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION;
    d.u.shadow_op.mb = 1;
    CHECK_RC(domctl(&d, XEN_DOMCTL_shadow_op, dom), 0,
             "HVM paging pool (shadow_op SET_ALLOCATION 1 MiB)");
    *out = dom;
    return 0;
}

/* The E820 the main run's domain gets (XENMEM_set_memory_map, as libxl
 * does for PVH): its RAM, and a reserved range where a PVH guest's
 * LAPIC and firmware would be. */
static struct xen_e820_entry hvm_e820[2] = {
    { 0, (HVM_PAGES - 1) * PAGE_SIZE, XEN_E820_RAM },
    { 0xfc000000, 0x4000000, XEN_E820_RESERVED },
};

static void set_memory_map(domid_t dom)
{
    struct xen_foreign_memory_map f;

    gmemset(&f, 0, sizeof(f));
    f.domid = dom;
    f.map.nr_entries = 1025;
    set_xen_guest_handle(f.map.buffer, hvm_e820);
    guest_expect(hc_memory_op(XENMEM_set_memory_map, &f), -XEN_EINVAL,
                 "set_memory_map with 1025 entries");
    f.domid = 1000;
    f.map.nr_entries = 2;
    guest_expect(hc_memory_op(XENMEM_set_memory_map, &f), -XEN_ESRCH,
                 "set_memory_map of a missing domain");
    f.domid = dom;
    CHECK_RC(hc_memory_op(XENMEM_set_memory_map, &f), 0,
             "set_memory_map of the HVM domain (2 entries)");
}

/* Populate, write the payload, set vCPU 0 as libxc does for PVH. */
static void hvm_build(domid_t dom, uint32_t mode)
{
    xen_pfn_t gfns[HVM_PAGES];
    struct xen_memory_reservation r;
    struct xen_domctl d;
    struct hvm_save_descriptor *desc;
    struct hvm_hw_cpu *cpu;
    uint32_t size, off;
    uint64_t v = STORE_PFN_VALUE;
    size_t len = (size_t)(hvm_payload_end - hvm_payload_start);
    size_t ev_len = (size_t)(hvm_events_end - hvm_events_start);
    size_t smp_len = (size_t)(hvm_smp_end - hvm_smp_start);

    CHECK(len <= PAGE_SIZE && ev_len <= PAGE_SIZE && smp_len <= PAGE_SIZE,
          "payload %lu, %lu and %lu bytes", (unsigned long)len,
          (unsigned long)ev_len, (unsigned long)smp_len);
    for (unsigned int i = 0; i < HVM_PAGES; i++)
        gfns[i] = i;
    gmemset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, gfns);
    r.nr_extents = HVM_PAGES;
    r.domid = dom;
    CHECK_RC(hc_memory_op(XENMEM_populate_physmap, &r), HVM_PAGES,
             "populate the HVM domain's gfns 0-15");
    for (unsigned int i = 0; i < HVM_PAGES; i++) {
        CHECK_RC(map_gfn(dom, i), 0, "foreign mapping of an HVM gfn");
        gmemset(window, 0, PAGE_SIZE);
        if (i == HVM_CODE_GPA >> 12)
            gmemcpy(window, hvm_payload_start, len);
        if (i == HVM_EV_CODE_GPA >> 12)
            gmemcpy(window, hvm_events_start, ev_len);
        if (i == HVM_SMP_CODE_GPA >> 12)
            gmemcpy(window, hvm_smp_start, smp_len);
        if (i == HVM_EV_SHINFO >> 12)
            *(uint32_t *)(window + (HVM_EV_MARK & 0xfff)) = HVM_EV_MARK_VAL;
        if (i == HVM_RES_GPA >> 12)
            *(uint32_t *)(window + (HVM_R_MODE & 0xfff)) = mode;
    }
    unmap_window();
    /* The last gfn goes back (decrease_reservation for the domain); a
     * second time there is nothing to give. */
    gfns[0] = HVM_PAGES - 1;
    r.nr_extents = 1;
    CHECK_RC(hc_memory_op(XENMEM_decrease_reservation, &r), 1,
             "decrease_reservation of the HVM domain's last gfn");
    CHECK_RC(hc_memory_op(XENMEM_decrease_reservation, &r), 0,
             "decrease_reservation of that gfn again");
    CHECK_RC(hvm_param(HVMOP_set_param, dom, HVM_PARAM_STORE_PFN, &v), 0,
             "set_param STORE_PFN of the HVM domain");
    if (mode == HVM_MODE_RUN)
        set_memory_map(dom);

    /* The header comes from the hypervisor's own context. */
    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_gethvmcontext, dom), 0,
             "gethvmcontext size");
    size = d.u.hvmcontext.size;
    CHECK(size >= 2 * sizeof(*desc) + sizeof(struct hvm_save_header) &&
              size <= sizeof(ctx_buf),
          "gethvmcontext size %u", size);
    gmemset(ctx_buf, 0, sizeof(ctx_buf));
    d.u.hvmcontext.size = size;
    set_xen_guest_handle(d.u.hvmcontext.buffer, ctx_buf);
    CHECK_RC(domctl(&d, XEN_DOMCTL_gethvmcontext, dom), 0, "gethvmcontext");
    desc = (struct hvm_save_descriptor *)ctx_buf;
    CHECK(desc->typecode == HVM_SAVE_CODE_HEADER &&
              desc->length == sizeof(struct hvm_save_header) &&
              ((struct hvm_save_header *)(desc + 1))->magic == HVM_FILE_MAGIC,
          "gethvmcontext: first record %u length %u", desc->typecode,
          desc->length);
    off = sizeof(*desc) + sizeof(struct hvm_save_header);
    desc = (struct hvm_save_descriptor *)(ctx_buf + off);
    desc->typecode = HVM_SAVE_CODE_CPU;
    desc->instance = 0;
    desc->length = sizeof(*cpu);
    cpu = (struct hvm_hw_cpu *)(desc + 1);
    gmemset(cpu, 0, sizeof(*cpu));
    cpu->cs_limit = cpu->ds_limit = cpu->es_limit = cpu->ss_limit = ~0u;
    cpu->tr_limit = 0x67;
    cpu->cs_arbytes = 0xc9b;
    cpu->ds_arbytes = cpu->es_arbytes = cpu->ss_arbytes = 0xc93;
    cpu->tr_arbytes = 0x8b;
    cpu->cr0 = 0x11; /* PE | ET */
    cpu->rip = HVM_CODE_GPA;
    cpu->rflags = 0x2;
    cpu->dr6 = 0xffff0ff0;
    cpu->dr7 = 0x400;
    off += sizeof(*desc) + sizeof(*cpu);
    desc = (struct hvm_save_descriptor *)(ctx_buf + off);
    desc->typecode = HVM_SAVE_CODE_END;
    desc->instance = 0;
    desc->length = 0;
    off += sizeof(*desc);
    gmemset(&d, 0, sizeof(d));
    d.u.hvmcontext.size = off;
    set_xen_guest_handle(d.u.hvmcontext.buffer, ctx_buf);
    CHECK_RC(domctl(&d, XEN_DOMCTL_sethvmcontext, dom), 0, "sethvmcontext");
}

static uint32_t dom_flags(domid_t dom)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_getdomaininfo, dom), 0, "getdomaininfo");
    CHECK(d.u.getdomaininfo.domain == dom, "asked d%u, got d%u", dom,
          d.u.getdomaininfo.domain);
    return d.u.getdomaininfo.flags;
}

/* Wait for dom to shut down; its SHUTDOWN_* reason, or -1 on timeout. */
static int wait_shutdown(domid_t dom)
{
    uint64_t t0 = guest_mono_ns();

    for (;;) {
        uint32_t f = dom_flags(dom);

        if (f & XEN_DOMINF_shutdown)
            return (int)((f >> XEN_DOMINF_shutdownshift) &
                         XEN_DOMINF_shutdownmask);
        if (guest_mono_ns() - t0 > 20000000000UL)
            return -1;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
}

static uint32_t res(uint32_t gpa)
{
    return *(volatile uint32_t *)(window + (gpa & 0xfff));
}

static void destroy(domid_t dom)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_destroydomain, dom), 0,
             "destroy the HVM domain");
}

/* One domain's life: returns its shutdown reason; results in `window`
 * (mapped) until the caller unmaps them. */
static int hvm_run(uint32_t mode, domid_t *out)
{
    struct xen_domctl d;
    domid_t dom;
    uint32_t f;
    int reason;

    CHECK_RC(hvm_create(&dom), 0, "createdomain HVM|HAP (PVH emulation)");
    f = dom_flags(dom);
    CHECK((f & XEN_DOMINF_hvm_guest) && (f & XEN_DOMINF_hap) &&
              (f & XEN_DOMINF_paused),
          "new HVM domain's flags %x", f);
    hvm_build(dom, mode);
    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_unpausedomain, dom), 0,
             "unpause the HVM domain");
    reason = wait_shutdown(dom);
    CHECK_RC(map_gfn(dom, HVM_RES_GPA >> 12), 0, "map the result page");
    *out = dom;
    return reason;
}

static void test_run(void)
{
    static const char sig[] = "XenVMMXenVMM";
    uint64_t v = 0;
    long ver = hc_xen_version(XENVER_version, NULL);
    char extra[16];
    domid_t dom;
    int reason = hvm_run(HVM_MODE_RUN, &dom);

    gprintf("hvm: d%u shut down with reason %d at stage %u\n", dom, reason,
            res(HVM_R_STAGE));
    CHECK(reason == SHUTDOWN_poweroff && res(HVM_R_STAGE) == 2,
          "HVM domU: shutdown reason %d, stage %u", reason, res(HVM_R_STAGE));
    guest_ok("PVH-style domU d%u ran its payload under SVM+NPT and powered "
             "itself off",
             dom);
    CHECK(gmemcmp(window + (HVM_R_CPUID0 & 0xfff) + 4, sig, 12) == 0 &&
              res(HVM_R_CPUID0) >= 0x40000002,
          "CPUID 0x40000000: eax %x signature %.12s", res(HVM_R_CPUID0),
          (const char *)window + (HVM_R_CPUID0 & 0xfff) + 4);
    CHECK(res(HVM_R_CPUID1) == (uint32_t)ver,
          "CPUID 0x40000001 eax %x, dom0's xen_version %lx", res(HVM_R_CPUID1),
          ver);
    guest_ok("CPUID 0x40000000 in the domU: max leaf %x, \"%.12s\"; "
             "0x40000001 = %x",
             res(HVM_R_CPUID0),
             (const char *)window + (HVM_R_CPUID0 & 0xfff) + 4,
             res(HVM_R_CPUID1));
    guest_expect((int32_t)res(HVM_R_VERSION), ver,
                 "VMMCALL xen_version(XENVER_version)");
    guest_expect((int32_t)res(HVM_R_EXTRA_RC), 0,
                 "VMMCALL xen_version(XENVER_extraversion)");
    CHECK_RC(hc_xen_version(XENVER_extraversion, extra), 0,
             "dom0's extraversion");
    CHECK(gmemcmp(window + (HVM_R_EXTRAVER & 0xfff), extra, sizeof(extra)) == 0,
          "extraversion in the domU %.16s, dom0's %.16s",
          (const char *)window + (HVM_R_EXTRAVER & 0xfff), extra);
    guest_ok("VMMCALL hypercalls (32-bit convention): xen_version %x, "
             "extraversion \"%.16s\" written to guest-physical memory",
             res(HVM_R_VERSION), extra);
    guest_expect((int32_t)res(HVM_R_BADPTR_RC), -XEN_EFAULT,
                 "extraversion into a gfn outside the p2m");
    guest_expect((int32_t)res(HVM_R_GETP_RC), 0, "get_param(STORE_PFN)");
    guest_expect(res(HVM_R_GETP_VAL), (uint32_t)STORE_PFN_VALUE,
                 "get_param(STORE_PFN) value set by dom0");
    guest_expect((int32_t)res(HVM_R_GETP_PRIV_RC), -XEN_EPERM,
                 "get_param(IOREQ_PFN) from the guest itself");
    guest_expect((int32_t)res(HVM_R_RESV), HVM_PAGES - 1,
                 "XENMEM_current_reservation of DOMID_SELF (one gfn given "
                 "back by dom0)");
    guest_expect((int32_t)res(HVM_R_MMU_RC), -XEN_ENOSYS,
                 "mmu_update from an HVM guest");
    guest_expect((int32_t)res(HVM_R_BIGNR_RC), -XEN_ENOSYS, "hypercall 1000");
    guest_expect((int32_t)res(HVM_R_MM1_RC), 0,
                 "memory_map with room for one entry");
    guest_expect(res(HVM_R_MM1_NR), 1, "memory_map: entries given (room 1)");
    guest_expect((int32_t)res(HVM_R_MM8_RC), 0,
                 "memory_map with room for eight");
    guest_expect(res(HVM_R_MM8_NR), 2, "memory_map: entries given (room 8)");
    guest_expect(gmemcmp(window + (HVM_R_MM_BUF & 0xfff), hvm_e820,
                         sizeof(hvm_e820)) == 0,
                 1, "memory_map: the entries are the toolstack's");
    guest_expect((int32_t)res(HVM_R_DOMCTL_RC), -XEN_EPERM,
                 "domctl pausedomain(d0) from the HVM guest");
    guest_expect((int32_t)res(HVM_R_SETP_RC), -XEN_EPERM,
                 "set_param(STORE_PFN) by the guest itself");
    guest_expect((int32_t)res(HVM_R_GETP_BIG_RC), -XEN_EINVAL,
                 "get_param(HVM_NR_PARAMS)");
    gprintf("hvm: CPUID 0x40000004: eax %x ebx %x ecx %x\n", res(HVM_R_CPUID4),
            res(HVM_R_CPUID4 + 4), res(HVM_R_CPUID4 + 8));
    CHECK((res(HVM_R_CPUID4) & 0x18) == 0x18 && res(HVM_R_CPUID4 + 4) == 0 &&
              res(HVM_R_CPUID4 + 8) == dom,
          "CPUID 0x40000004: eax %x (vCPU and domain id present?) ebx %x "
          "ecx %x (d%u)",
          res(HVM_R_CPUID4), res(HVM_R_CPUID4 + 4), res(HVM_R_CPUID4 + 8), dom);
    guest_ok("CPUID 0x40000004: vCPU id %u and domain id %u present",
             res(HVM_R_CPUID4 + 4), res(HVM_R_CPUID4 + 8));
    guest_ok("HVM hypercalls: bad pointer %d, get_param STORE_PFN %d "
             "(%x from dom0), IOREQ_PFN %d, current_reservation %d, "
             "mmu_update %d, hypercall 1000 %d",
             (int32_t)res(HVM_R_BADPTR_RC), (int32_t)res(HVM_R_GETP_RC),
             res(HVM_R_GETP_VAL), (int32_t)res(HVM_R_GETP_PRIV_RC),
             (int32_t)res(HVM_R_RESV), (int32_t)res(HVM_R_MMU_RC),
             (int32_t)res(HVM_R_BIGNR_RC));
    unmap_window();
    CHECK_RC(hvm_param(HVMOP_get_param, dom, HVM_PARAM_STORE_PFN, &v), 0,
             "dom0 get_param STORE_PFN");
    CHECK(v == STORE_PFN_VALUE, "dom0 reads STORE_PFN %lx", v);
    destroy(dom);
}

static void test_hostile(uint32_t mode, int want, const char *what)
{
    domid_t dom;
    int reason = hvm_run(mode, &dom);
    uint32_t stage = res(HVM_R_STAGE), npf_val = res(HVM_R_NPF_VAL);

    unmap_window();
    CHECK(reason == want, "%s: shutdown reason %d (stage %u), expected %d",
          what, reason, stage, want);
    CHECK(stage == (mode == HVM_MODE_UD    ? 4u
                    : mode == HVM_MODE_HLT ? 5u
                    : mode == HVM_MODE_SVM ? 9u
                                           : 8u),
          "%s: stage %u", what, stage);
    if (mode == HVM_MODE_NPF)
        CHECK(npf_val == 0xffffffffu,
              "%s: read %x, expected all ones (no device there)", what,
              npf_val);
    destroy(dom);
    guest_ok("%s: d%u shut down with reason %d, dom0 unharmed", what, dom,
             reason);
}

static int32_t rc_at(uint32_t gpa)
{
    return (int32_t)res(gpa);
}

/* Event channels into the HVM domU (hvm-events.c).  The numbers are
 * Xen 4.17's (the case runs there too). */
static void test_events(void)
{
    domid_t dom;
    int reason = hvm_run(HVM_MODE_EVENTS, &dom);
    uint32_t stage = res(HVM_R_STAGE);
    uint32_t virq = res(HVM_E_VIRQ_PORT), ipi = res(HVM_E_IPI_PORT);
    uint32_t unb = res(HVM_E_UNB_PORT);

    gprintf("hvm-events: d%u shut down with reason %d at stage %u; "
            "%u upcalls in all; timer after %u HLT(s)\n",
            dom, reason, stage, res(HVM_E_COUNT), res(HVM_E_TMR_HLTS));
    CHECK(reason == SHUTDOWN_poweroff && stage == 26,
          "HVM events domU: shutdown reason %d, stage %u", reason, stage);
    guest_expect(rc_at(HVM_E_ATP_RC), 0,
                 "events: add_to_physmap(shared_info) at gfn 14");
    guest_expect(res(HVM_E_ATP_MARK) != HVM_EV_MARK_VAL, 1,
                 "events: gfn 14 shows shared_info, not the RAM page "
                 "it replaced");
    guest_expect(rc_at(HVM_E_ATP_BAD_RC), -XEN_EINVAL,
                 "events: add_to_physmap of unknown space 99");
    guest_expect(rc_at(HVM_E_ATP_IDX_RC), -XEN_EINVAL,
                 "events: add_to_physmap(shared_info, idx 1)");
    guest_expect(rc_at(HVM_E_GNT_RC), 0,
                 "events: add_to_physmap(grant_table, 0) at gfn 12");
    guest_expect(rc_at(HVM_E_GNT_MOVE_RC), 0,
                 "events: add_to_physmap(grant_table, 0) again at gfn 11");
    guest_expect(res(HVM_E_GNT_MOVED), HVM_EV_GNT_MARK,
                 "events: the word written to the grant frame at gfn 12, "
                 "read at gfn 11");
    guest_expect(res(HVM_E_GNT_OLD), 0xffffffffL,
                 "events: gfn 12 after the move (empty: all ones)");
    guest_expect(rc_at(HVM_E_GNT_BIG_RC), -XEN_EINVAL,
                 "events: add_to_physmap(grant_table, 1) past "
                 "max_grant_frames 1");
    guest_expect(rc_at(HVM_E_GNT_QS_RC), 0, "events: GNTTABOP_query_size");
    guest_expect(res(HVM_E_GNT_QS_ST), 0, "events: GNTTABOP_query_size status");
    guest_expect(res(HVM_E_GNT_QS_NR), 1,
                 "events: GNTTABOP_query_size nr_frames");
    guest_expect(res(HVM_E_GNT_QS_MAX), 1,
                 "events: GNTTABOP_query_size max_nr_frames");
    guest_expect(rc_at(HVM_E_VEC_LOW_RC), -XEN_EINVAL,
                 "events: set_evtchn_upcall_vector(0x0f)");
    guest_expect(rc_at(HVM_E_VEC_VCPU_RC), -XEN_ENOENT,
                 "events: set_evtchn_upcall_vector on vCPU 7");
    guest_expect(rc_at(HVM_E_VEC_RC), 0,
                 "events: set_evtchn_upcall_vector(0xf3) on vCPU 0");
    guest_expect(res(HVM_E_VEC_COUNT), 1,
                 "events: upcalls right after setting the vector (one, "
                 "raised when set)");
    guest_expect(rc_at(HVM_E_CBIRQ_RC), 0, "events: get_param(CALLBACK_IRQ)");
    guest_expect(res(HVM_E_CBIRQ_VAL), 0,
                 "events: get_param(CALLBACK_IRQ) value (none set)");
    guest_expect(rc_at(HVM_E_STOPP_RC), 0,
                 "events: VCPUOP_stop_periodic_timer");
    guest_expect(rc_at(HVM_E_ISUP_RC), 1, "events: VCPUOP_is_up(0)");
    guest_expect(rc_at(HVM_E_VIRQ_RC), 0, "events: bind_virq(VIRQ_TIMER)");
    guest_expect(res(HVM_E_SYSTIME) != 0 || res(HVM_E_SYSTIME + 4) != 0, 1,
                 "events: vCPU 0's system_time in the mapped shared_info "
                 "is set");
    guest_expect(rc_at(HVM_E_SST_RC), 0,
                 "events: VCPUOP_set_singleshot_timer (+10 ms)");
    guest_expect(res(HVM_E_TMR_COUNT), 1,
                 "events: upcalls taken in sti;hlt for the timer");
    guest_expect(res(HVM_E_TMR_SEEN), 1L << virq,
                 "events: pending ports the handler saw (the VIRQ_TIMER "
                 "port's bit)");
    guest_expect(res(HVM_E_TMR_UPC), 1,
                 "events: evtchn_upcall_pending in the handler");
    guest_expect(rc_at(HVM_E_IPI_RC), 0, "events: bind_ipi(vCPU 0)");
    guest_expect(rc_at(HVM_E_SEND_RC), 0, "events: send to the IPI port");
    guest_expect(res(HVM_E_IPI_COUNT), 1,
                 "events: upcalls at sti;nop after the send");
    guest_expect(res(HVM_E_IPI_SEEN), 1L << ipi,
                 "events: pending ports the handler saw (the IPI port's "
                 "bit)");
    guest_expect(rc_at(HVM_E_UNMASK_RC), 0, "events: unmask the IPI port");
    guest_expect(rc_at(HVM_E_UNB_RC), 0, "events: alloc_unbound(self)");
    guest_expect(unb != virq && unb != ipi && unb != 0, 1,
                 "events: alloc_unbound gave a new port");
    guest_expect(rc_at(HVM_E_CLOSE_RC), 0, "events: close the unbound port");
    guest_expect(rc_at(HVM_E_CLOSE2_RC), -XEN_EINVAL, "events: close it again");
    guest_expect(rc_at(HVM_E_RVI_RC), 0,
                 "events: register_vcpu_info(gfn 13, offset 0x40)");
    guest_expect(res(HVM_E_RVI_COUNT), 1,
                 "events: upcalls at sti;nop after register_vcpu_info");
    guest_expect(res(HVM_E_RVI_UPC), 1,
                 "events: evtchn_upcall_pending at the registered vcpu_info");
    guest_expect(rc_at(HVM_E_CB_SET_RC), 0,
                 "events: set_param(CALLBACK_IRQ, vector type, 0xf3)");
    guest_expect(rc_at(HVM_E_CB_IPI_RC), 0,
                 "events: bind_ipi for the callback vector");
    guest_expect(rc_at(HVM_E_CB_SEND_RC), 0,
                 "events: send to it (callback vector)");
    guest_expect(res(HVM_E_CB_COUNT), 2,
                 "events: upcalls at sti;nop with the callback vector and "
                 "the per-vCPU vector (one each)");
    guest_expect(res(HVM_E_CB_SEEN), 1L << res(HVM_E_CB_PORT),
                 "events: pending ports the handler saw (the callback "
                 "IPI port's bit)");
    guest_expect(rc_at(HVM_E_CB_OFF_RC), 0,
                 "events: set_param(CALLBACK_IRQ, 0)");
    guest_expect(rc_at(HVM_E_CB_BAD_RC), 0,
                 "events: set_param(CALLBACK_IRQ, unknown type 3)");
    guest_expect(rc_at(HVM_E_CB_GET_RC), 0,
                 "events: get_param(CALLBACK_IRQ) after it");
    guest_expect(res(HVM_E_CB_BAD_HI) == 0x03000000 &&
                     res(HVM_E_CB_BAD_VAL) == 5,
                 1, "events: get_param(CALLBACK_IRQ) reads type 3 back");
    guest_expect(rc_at(HVM_E_CB_SEND2_RC), 0, "events: send again");
    guest_expect(res(HVM_E_CB_COUNT2), 2,
                 "events: upcalls at sti;nop after it (0 and type 3 left "
                 "the vector callback on: no IO-APIC or PIC)");
    guest_expect(rc_at(HVM_E_CB_CLOSE_RC), 0,
                 "events: close the callback IPI port");
    unmap_window();
    destroy(dom);
    guest_ok("hvm-events: d%u: shared_info mapped, upcall vector, VIRQ_TIMER "
             "port %u and IPI port %u delivered into sti;hlt / sti;nop",
             dom, virq, ipi);
}

static void expect_in(long got, long want, const char *part, const char *what)
{
    char label[96];

    gsnprintf(label, sizeof(label), "%s: %s", part, what);
    guest_expect(got, want, label);
}

/* Paging on (32-bit: one 4 MiB page maps the low memory 1:1; PAE: one
 * 2 MiB page), then a CPUID and a VMMCALL: the exits after paging-on
 * complete. */
static void test_paging(uint32_t mode, const char *what)
{
    long ver = hc_xen_version(XENVER_version, NULL);
    domid_t dom;
    int reason = hvm_run(mode, &dom);
    uint32_t stage = res(HVM_R_STAGE), id = res(HVM_R_PG_CPUID),
             got = res(HVM_R_PG_VER);

    unmap_window();
    gprintf("hvm: %s: d%u shut down with reason %d at stage %u; "
            "CPUID %x, xen_version %x\n",
            what, dom, reason, stage, id, got);
    expect_in(reason, SHUTDOWN_poweroff, what,
              "shutdown reason after paging on");
    expect_in(stage, 14, what, "stage reached (14: past CPUID and VMMCALL)");
    expect_in(id, (uint32_t)ver, what, "CPUID 0x40000001 eax");
    expect_in(got, (uint32_t)ver, what, "VMMCALL xen_version");
    destroy(dom);
}

/* A second vCPU (hvm-smp.c): VCPUOP_initialise (HVM form), up, down,
 * is_up, its runstate area.  Xen 4.17's answers. */
static void test_smp(void)
{
    domid_t dom;
    int reason;
    uint32_t stage;

    create_vcpus = 2;
    reason = hvm_run(HVM_MODE_SMP, &dom);
    create_vcpus = 1;
    stage = res(HVM_R_STAGE);
    gprintf("hvm: smp: d%u shut down with reason %d at stage %u\n", dom, reason,
            stage);
    guest_expect(rc_at(HVM_S_MM_RC), -XEN_ENOSYS,
                 "smp: memory_map with none set");
    guest_expect(rc_at(HVM_S_ISUP0), 0, "smp: is_up(1) before initialise");
    guest_expect(rc_at(HVM_S_UP_EARLY), -XEN_EINVAL,
                 "smp: up(1) before initialise");
    guest_expect(rc_at(HVM_S_INIT_MODE), -XEN_EINVAL,
                 "smp: initialise(1) with mode 2");
    guest_expect(rc_at(HVM_S_INIT_CS), -XEN_EINVAL,
                 "smp: initialise(1) with a null CS");
    guest_expect(rc_at(HVM_S_INIT_EIP), -XEN_EINVAL,
                 "smp: initialise(1) with EIP past CS's limit");
    guest_expect(rc_at(HVM_S_INIT_64), -XEN_EINVAL,
                 "smp: initialise(1), 64-bit form without paging");
    guest_expect(rc_at(HVM_S_MISSING), -XEN_ENOENT,
                 "smp: initialise(2) of a 2-vCPU domain");
    guest_expect(rc_at(HVM_S_INIT), 0, "smp: initialise(1), 32-bit context");
    guest_expect(rc_at(HVM_S_INIT2), -XEN_EEXIST, "smp: initialise(1) again");
    guest_expect(rc_at(HVM_S_ISUP1), 0, "smp: is_up(1) after initialise");
    guest_expect(rc_at(HVM_S_RS_RC), 0,
                 "smp: register_runstate_memory_area(1)");
    guest_expect(rc_at(HVM_S_RS_STATE0), 3,
                 "smp: vCPU 1's runstate area at once (offline)");
    guest_expect(rc_at(HVM_S_UP), 0, "smp: up(1)");
    guest_expect(res(HVM_S_AP_MARK), HVM_SMP_MARK, "smp: vCPU 1 reported in");
    guest_expect(rc_at(HVM_S_AP_ID), 1, "smp: vCPU 1's CPUID 0x40000004 ebx");
    guest_expect(res(HVM_S_AP_EAX), 0x1234abcd,
                 "smp: vCPU 1's EAX from the context");
    guest_expect(res(HVM_S_AP_ESI), 0x5a5a0001,
                 "smp: vCPU 1's ESI from the context");
    guest_expect(rc_at(HVM_S_AP_RS), 0,
                 "smp: vCPU 1 reads its runstate (running)");
    guest_expect(rc_at(HVM_S_ISUP2), 0, "smp: is_up(1) after its down");
    guest_expect(rc_at(HVM_S_RS_DOWN), 3,
                 "smp: vCPU 1's runstate after its down (offline)");
    guest_expect(rc_at(HVM_S_UP2), 0, "smp: up(1) again");
    guest_expect(rc_at(HVM_S_AP_DOWN_RC), 0,
                 "smp: vCPU 1 resumed after its down, which returned");
    guest_expect(res(HVM_S_AP_MARK2), HVM_SMP_MARK,
                 "smp: vCPU 1 reported in again");
    guest_expect(rc_at(HVM_S_ISUP3), 0, "smp: is_up(1) after its second down");
    guest_expect(reason, SHUTDOWN_poweroff,
                 "smp: down(0) of the last vCPU up: shutdown reason");
    guest_expect(stage == 35 || stage == 36, 1,
                 "smp: stage at the end (down(0) reached)");
    unmap_window();
    destroy(dom);
}

/* "pae" on the command line: only the PAE paging run (guest-hvm-pae). */
static int pae_arg(void)
{
    for (const char *s = (const char *)start_info->cmd_line; *s; s++)
        if (!gstrncmp(s, "pae", 3))
            return 1;
    return 0;
}

/* createdomain refusals for HVM configurations. */
static void test_create_refusals(void)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    d.u.createdomain.max_vcpus = 129;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    d.u.createdomain.arch.emulation_flags = XEN_X86_EMU_LAPIC;
    guest_expect(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EINVAL,
                 "createdomain HVM with 129 vCPUs");
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_nested_virt;
    guest_expect(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EINVAL,
                 "createdomain HVM nested_virt without HAP");
    d.u.createdomain.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
    d.u.createdomain.arch.emulation_flags = 0;
    guest_expect(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EOPNOTSUPP,
                 "createdomain HVM without emulation flags");
    d.u.createdomain.arch.emulation_flags = XEN_X86_EMU_LAPIC | XEN_X86_EMU_PIT;
    guest_expect(domctl(&d, XEN_DOMCTL_createdomain, 0), -XEN_EOPNOTSUPP,
                 "createdomain HVM with LAPIC and PIT only");
}

void test_main(void)
{
    uint64_t free0 = free_pages(), free1, now;

    if (pae_arg()) {
        test_paging(HVM_MODE_PAE, "PAE paging");
        now = settled_free_pages(free0);
        CHECK(free0 - now < 16,
              "free pages %lu after the PAE domain, %lu "
              "before",
              now, free0);
        guest_pass();
        return;
    }
    test_create_refusals();
    test_run();
    test_smp();
    /* The first domains may allocate something of dom0's for good (as in
     * the soak guest; on Xen 4.17 the first with two vCPUs one page
     * more): the exact baseline is taken after them. */
    free1 = settled_free_pages(free0);
    CHECK(free0 - free1 < 16,
          "free pages %lu after the HVM domain, %lu "
          "before",
          free1, free0);
    guest_ok("destroyed: %lu free pages (%ld kept by dom0 after the first "
             "domain)",
             free1, (long)(free0 - free1));
    test_events();
    test_paging(HVM_MODE_PAGING, "paging");
    test_hostile(HVM_MODE_UD, SHUTDOWN_reboot,
                 "ud2 without an IDT (triple fault)");
    test_hostile(HVM_MODE_HLT, SHUTDOWN_poweroff,
                 "cli; hlt (the last vCPU down)");
    test_hostile(HVM_MODE_NPF, SHUTDOWN_poweroff,
                 "stores to and a load from a gfn outside the p2m (the "
                 "load gives all ones, as from no device)");
    test_hostile(HVM_MODE_SVM, SHUTDOWN_reboot,
                 "VMRUN in the guest without nested SVM (#UD, then a triple "
                 "fault)");
    now = settled_free_pages(free1);
    CHECK(now == free1, "free pages %lu after the hostile domains, %lu before",
          now, free1);
    guest_ok("after 4 more HVM domains: %lu free pages, every page came back",
             now);
    guest_pass();
}
