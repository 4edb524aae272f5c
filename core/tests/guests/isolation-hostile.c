/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * isolation, the hostile domU (see isolation.c).  It runs a copy of the
 * image entered at hostile_entry() with no start_info: it maps its own
 * shared_info (for cr2), installs the trap table, tries everything in
 * enum iso_probe plus every domctl and sysctl, records each result in
 * iso_results, then storms the hypervisor with hypercalls and finally
 * spins without ever blocking.  It prints nothing: dom0 reads the results.
 */
#include "isolation.h"
#include "public/domctl.h"
#include "public/sysctl.h"

struct iso_params iso_params __attribute__((aligned(PAGE_SIZE)));
struct iso_results iso_results __attribute__((aligned(PAGE_SIZE)));
xen_pfn_t iso_frames[ISO_MAX_FRAMES];

char hostile_stack[GUEST_STACK_SIZE] __attribute__((aligned(GUEST_STACK_SIZE)));
static uint8_t own_shared[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t pinpage[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t data[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static grant_entry_v1_t *own_gt;

/* A store that may fault: 0, or 0x10000 | the #PF error code. */
long probe_store(uint64_t *p, uint64_t v);
extern char probe_store_insn[], probe_store_done[];
__asm__(".text\n"
        ".globl probe_store\n"
        "probe_store:\n"
        "    xor %eax, %eax\n"
        ".globl probe_store_insn\n"
        "probe_store_insn:\n"
        "    mov %rsi, (%rdi)\n"
        ".globl probe_store_done\n"
        "probe_store_done:\n"
        "    ret\n");

static void on_pf(struct guest_frame *f)
{
    if (f->rip == (uint64_t)probe_store_insn) {
        f->rax = 0x10000 | f->error;
        f->rip = (uint64_t)probe_store_done;
        return;
    }
    iso_results.stage = 0xdead0000 | (uint32_t)f->error;
    for (;;)
        hc_sched_op(SCHEDOP_yield, NULL);
}

static uint64_t own_mfn(const void *va)
{
    return domu_image_frame(iso_frames, va);
}

static uint64_t own_l1_mfn(const void *va)
{
    unsigned int pfn = (unsigned int)(((uint64_t)va - GUEST_VIRT_BASE) >> 12);
    return iso_frames[iso_params.image_pages + 3 + pfn / 512];
}

static uint64_t own_pte_maddr(const void *va)
{
    unsigned int pfn = (unsigned int)(((uint64_t)va - GUEST_VIRT_BASE) >> 12);
    return (own_l1_mfn(va) << 12) + (pfn % 512) * 8;
}

static long pt_write(uint64_t maddr, uint64_t val, domid_t fdom)
{
    mmu_update_t u = { .ptr = maddr | MMU_NORMAL_PT_UPDATE, .val = val };
    unsigned int done = 0;
    return hc_mmu_update(&u, 1, &done, fdom);
}

static long mmuext(unsigned int cmd, uint64_t mfn, uint64_t mfn2, domid_t fdom)
{
    mmuext_op_t op;
    unsigned int done = 0;

    gmemset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.arg1.mfn = mfn;
    op.arg2.src_mfn = mfn2;
    return hc_mmuext_op(&op, 1, &done, fdom);
}

static long remap(void *va, uint64_t mfn, uint64_t flags)
{
    return hc_update_va_mapping((uint64_t)va, (mfn << 12) | flags, UVMF_INVLPG);
}

static void restore(void *va)
{
    remap(va, own_mfn(va), PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D);
}

#define R(p) iso_results.rc[p]

static void probe_memory(void)
{
    const struct iso_params *p = &iso_params;
    const uint64_t ro = PTE_P | PTE_US | PTE_A;
    struct xen_memory_reservation r;
    struct xen_memory_domain md;
    xen_pfn_t ext;
    mmu_update_t m2p;
    unsigned int done;

    R(P_MMU_FOREIGNDOM0) =
        pt_write(own_pte_maddr(scratch), (p->dom0_mfn << 12) | ro, 0);
    restore(scratch);
    R(P_MMU_PTE_DOM0) =
        pt_write(own_pte_maddr(scratch), (p->dom0_mfn << 12) | ro, DOMID_SELF);
    restore(scratch);
    R(P_MMU_PTE_VICTIM) = pt_write(own_pte_maddr(scratch),
                                   (p->victim_mfn << 12) | ro, DOMID_SELF);
    restore(scratch);
    R(P_MMU_WRITE_DOM0_PT) =
        pt_write(p->dom0_pte_maddr, (own_mfn(data) << 12) | ro, DOMID_SELF);
    R(P_MMU_WRITE_VICTIM_PT) =
        pt_write(p->victim_pte_maddr, (own_mfn(data) << 12) | ro, DOMID_SELF);
    R(P_UVA_DOM0) = remap(scratch, p->dom0_mfn, ro);
    restore(scratch);
    R(P_UVA_OTHER_DOM0) =
        HC(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)scratch,
           (p->dom0_mfn << 12) | ro, UVMF_INVLPG, 0, 0);
    restore(scratch);
    R(P_UVA_OTHER_VICTIM) =
        HC(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)scratch,
           (p->victim_mfn << 12) | ro, UVMF_INVLPG, p->victim, 0);
    restore(scratch);
    R(P_PIN_DOM0_FRAME) =
        mmuext(MMUEXT_PIN_L1_TABLE, p->dom0_mfn, 0, DOMID_SELF);
    R(P_PIN_FOREIGNDOM0) = mmuext(MMUEXT_PIN_L1_TABLE, p->dom0_mfn, 0, 0);
    R(P_PIN_VICTIM_L1) =
        mmuext(MMUEXT_PIN_L1_TABLE, p->victim_l1_mfn, 0, p->victim);
    R(P_NEW_BASEPTR_DOM0) =
        mmuext(MMUEXT_NEW_BASEPTR, p->dom0_l4_mfn, 0, DOMID_SELF);
    R(P_UNPIN_DOM0_L4) = mmuext(MMUEXT_UNPIN_TABLE, p->dom0_l4_mfn, 0, 0);
    R(P_CLEAR_PAGE_DOM0) =
        mmuext(MMUEXT_CLEAR_PAGE, p->dom0_mfn, 0, DOMID_SELF);
    R(P_COPY_PAGE_FROM_DOM0) =
        mmuext(MMUEXT_COPY_PAGE, own_mfn(data), p->dom0_mfn, DOMID_SELF);
    /* The same on its own frames works: result 0 only if the data moved. */
    gmemset(scratch, 0x77, PAGE_SIZE);
    gmemset(data, 0x11, PAGE_SIZE);
    R(P_COPY_PAGE_OWN) =
        mmuext(MMUEXT_COPY_PAGE, own_mfn(data), own_mfn(scratch), DOMID_SELF);
    if (!R(P_COPY_PAGE_OWN) && (data[0] != 0x77 || data[4095] != 0x77))
        R(P_COPY_PAGE_OWN) = 1;
    R(P_CLEAR_PAGE_OWN) =
        mmuext(MMUEXT_CLEAR_PAGE, own_mfn(data), 0, DOMID_SELF);
    if (!R(P_CLEAR_PAGE_OWN) && (data[0] != 0 || data[4095] != 0))
        R(P_CLEAR_PAGE_OWN) = 1;
    m2p.ptr = (p->dom0_mfn << 12) | MMU_MACHPHYS_UPDATE;
    m2p.val = 5;
    done = 0;
    R(P_M2P_DOM0) = hc_mmu_update(&m2p, 1, &done, DOMID_SELF);

    gmemset(&r, 0, sizeof(r));
    ext = p->dom0_mfn;
    set_xen_guest_handle(r.extent_start, &ext);
    r.nr_extents = 1;
    r.domid = 0;
    R(P_DECREASE_DOM0) = hc_memory_op(XENMEM_decrease_reservation, &r);
    ext = 100;
    r.domid = p->victim;
    R(P_POPULATE_VICTIM) = hc_memory_op(XENMEM_populate_physmap, &r);
    md.domid = 0;
    R(P_RESV_DOM0) = hc_memory_op(XENMEM_current_reservation, &md);
    md.domid = 0x7fe0;
    R(P_RESV_MISSING) = hc_memory_op(XENMEM_current_reservation, &md);
}

static void probe_own_tables(void)
{
    const uint64_t l1 = own_l1_mfn(scratch);
    const uint64_t l2 = iso_frames[iso_params.image_pages + 2];
    const uint64_t l4 = iso_frames[iso_params.image_pages];
    uint64_t *t = (uint64_t *)scratch;

    R(P_UVA_OWN_L1_RW) = remap(scratch, l1, PTE_P | PTE_RW | PTE_US | PTE_A);
    restore(scratch);
    R(P_MMU_OWN_L4_RW) =
        pt_write(own_pte_maddr(scratch),
                 (l4 << 12) | PTE_P | PTE_RW | PTE_US | PTE_A, DOMID_SELF);
    restore(scratch);

    /* The L1 read-only: stores are emulated and validated (slot 511 maps
     * nothing: the image is far smaller than 2 MiB). */
    R(P_UVA_OWN_L1_RO) = remap(scratch, l1, PTE_P | PTE_US | PTE_A);
    if (!R(P_UVA_OWN_L1_RO)) {
        R(P_STORE_L1_DOM0) =
            probe_store(&t[511], (iso_params.dom0_mfn << 12) | PTE_P);
        R(P_STORE_L1_SELF_RW) =
            probe_store(&t[511], (l1 << 12) | PTE_P | PTE_RW | PTE_US);
        R(P_STORE_L1_OK) =
            probe_store(&t[511], (own_mfn(data) << 12) | PTE_P | PTE_US);
        if (!R(P_STORE_L1_OK) &&
            (t[511] & PTE_ADDR_MASK) != (own_mfn(data) << 12))
            R(P_STORE_L1_OK) = 1; /* accepted but not written */
        probe_store(&t[511], 0);
    }
    restore(scratch);
    R(P_UVA_OWN_L2_RO) = remap(scratch, l2, PTE_P | PTE_US | PTE_A);
    if (!R(P_UVA_OWN_L2_RO))
        R(P_STORE_L2) = probe_store(&t[400], (own_mfn(data) << 12) | PTE_P);
    restore(scratch);

    /* A would-be L1 that maps itself writable, then one mapping dom0. */
    t = (uint64_t *)pinpage;
    gmemset(pinpage, 0, PAGE_SIZE);
    t[0] = (own_mfn(pinpage) << 12) | PTE_P | PTE_RW | PTE_US | PTE_A;
    remap(pinpage, own_mfn(pinpage), PTE_P | PTE_US | PTE_A);
    R(P_PIN_SELF_RW) =
        mmuext(MMUEXT_PIN_L1_TABLE, own_mfn(pinpage), 0, DOMID_SELF);
    restore(pinpage);
    t[0] = (iso_params.dom0_mfn << 12) | PTE_P | PTE_US | PTE_A;
    remap(pinpage, own_mfn(pinpage), PTE_P | PTE_US | PTE_A);
    R(P_PIN_MAPS_DOM0) =
        mmuext(MMUEXT_PIN_L1_TABLE, own_mfn(pinpage), 0, DOMID_SELF);
    restore(pinpage);
    (void)l4;
}

/* Grant results: the hypercall's error, else the GNTST status. */
static long map_ref(domid_t dom, grant_ref_t ref)
{
    struct gnttab_map_grant_ref m;
    long rc;

    gmemset(&m, 0, sizeof(m));
    m.host_addr = (uint64_t)scratch;
    m.flags = GNTMAP_host_map | GNTMAP_readonly;
    m.ref = ref;
    m.dom = dom;
    rc = hc_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
    return rc ? rc : m.status;
}

static long copy_from(domid_t dom, uint64_t ref_or_frame, uint16_t flags)
{
    struct gnttab_copy c;
    long rc;

    gmemset(&c, 0, sizeof(c));
    if (flags & GNTCOPY_source_gref)
        c.source.u.ref = (grant_ref_t)ref_or_frame;
    else
        c.source.u.gmfn = ref_or_frame;
    c.source.domid = dom;
    c.dest.u.gmfn = own_mfn(data);
    c.dest.domid = DOMID_SELF;
    c.len = 64;
    c.flags = flags;
    rc = hc_grant_table_op(GNTTABOP_copy, &c, 1);
    return rc ? rc : c.status;
}

static void probe_grants(void)
{
    const struct iso_params *p = &iso_params;
    struct gnttab_setup_table st = { .dom = 0, .nr_frames = 1 };
    struct gnttab_query_size qs = { .dom = 0 };
    xen_pfn_t frame = 0;
    long rc;

    R(P_MAP_DOM0_REF) = map_ref(0, p->dom0_ref_for_victim);
    R(P_MAP_DOM0_BAD_REF) = map_ref(0, 60000);
    R(P_MAP_VICTIM_REF) = map_ref(p->victim, p->victim_ref);
    R(P_COPY_DOM0_REF) =
        copy_from(0, p->dom0_ref_for_victim, GNTCOPY_source_gref);
    R(P_COPY_DOM0_FRAME) = copy_from(0, p->dom0_mfn, 0);
    set_xen_guest_handle(st.frame_list, &frame);
    rc = hc_grant_table_op(GNTTABOP_setup_table, &st, 1);
    R(P_SETUP_DOM0_TABLE) = rc ? rc : st.status;
    rc = hc_grant_table_op(GNTTABOP_query_size, &qs, 1);
    R(P_QUERY_DOM0) = rc ? rc : qs.status;
    (void)own_gt;
}

static void probe_evtchn(void)
{
    const struct iso_params *p = &iso_params;
    struct evtchn_bind_interdomain bi;
    struct evtchn_alloc_unbound au = { .dom = 0, .remote_dom = p->self };
    struct evtchn_status st = { .dom = 0, .port = p->dom0_port_bound };
    struct evtchn_reset rs = { .dom = 0 };
    struct evtchn_close cl;
    struct evtchn_send sd;
    struct evtchn_unmask um;
    evtchn_port_t offered = 0;

    bi.remote_dom = 0;
    bi.remote_port = p->dom0_port_for_victim;
    R(P_BIND_DOM0_NOT_OFFERED) = hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi);
    bi.remote_dom = p->victim;
    bi.remote_port = p->victim_port_for_dom0;
    R(P_BIND_VICTIM_PORT) = hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi);
    bi.remote_dom = 0;
    bi.remote_port = p->dom0_port_offered;
    R(P_BIND_OFFERED) = hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi);
    if (!R(P_BIND_OFFERED))
        offered = bi.local_port;
    sd.port = offered;
    R(P_SEND_OFFERED) = hc_evtchn_op(EVTCHNOP_send, &sd);
    /* Port numbers dom0 uses, which are not ours. */
    sd.port = p->dom0_port_bound;
    if (sd.port == offered)
        sd.port++;
    R(P_SEND_NOT_OWN) = hc_evtchn_op(EVTCHNOP_send, &sd);
    cl.port = sd.port;
    R(P_CLOSE_NOT_OWN) = hc_evtchn_op(EVTCHNOP_close, &cl);
    um.port = sd.port;
    R(P_UNMASK_NOT_OWN) = hc_evtchn_op(EVTCHNOP_unmask, &um);
    R(P_ALLOC_IN_DOM0) = hc_evtchn_op(EVTCHNOP_alloc_unbound, &au);
    R(P_STATUS_DOM0) = hc_evtchn_op(EVTCHNOP_status, &st);
    R(P_RESET_DOM0) = hc_evtchn_op(EVTCHNOP_reset, &rs);
    /* Closing our end of the offered channel is ours to do. */
    cl.port = offered;
    R(P_CLOSE_DOM0_PORT) = hc_evtchn_op(EVTCHNOP_close, &cl);
}

static void probe_privileged(void)
{
    static const char msg[] = "hostile domU on the console\n";
    struct xen_platform_op op;
    struct physdev_map_pirq mp;
    struct sched_remote_shutdown rs = { .domain_id = 0,
                                        .reason = SHUTDOWN_poweroff };
    struct xen_domctl d;
    struct xen_sysctl s;

    R(P_CONSOLE_WRITE) = hc_console_write(msg, sizeof(msg) - 1);
    gmemset(&op, 0, sizeof(op));
    op.cmd = XENPF_settime64;
    op.interface_version = XENPF_INTERFACE_VERSION;
    R(P_PLATFORM_OP) = HC(__HYPERVISOR_platform_op, &op, 0, 0, 0, 0);
    gmemset(&mp, 0, sizeof(mp));
    mp.domid = 0;
    mp.type = MAP_PIRQ_TYPE_GSI;
    mp.index = 9;
    mp.pirq = -1;
    R(P_PHYSDEV_MAP_PIRQ_DOM0) =
        HC(__HYPERVISOR_physdev_op, PHYSDEVOP_map_pirq, &mp, 0, 0, 0);
    R(P_SHUTDOWN_DOM0) = hc_sched_op(SCHEDOP_remote_shutdown, &rs);

    for (unsigned int i = 0; i < ISO_NR_DOMCTL + 4; i++) {
        gmemset(&d, 0, sizeof(d));
        d.cmd = domctl_cmd_of(i);
        d.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
        d.domain = 0;
        iso_results.domctl_rc[i] = HC(__HYPERVISOR_domctl, &d, 0, 0, 0, 0);
        gmemset(&d, 0, sizeof(d));
        d.cmd = domctl_cmd_of(i);
        d.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
        d.domain = iso_params.self;
        iso_results.self_domctl_rc[i] = HC(__HYPERVISOR_domctl, &d, 0, 0, 0, 0);
    }
    for (unsigned int i = 0; i < ISO_NR_SYSCTL; i++) {
        gmemset(&s, 0, sizeof(s));
        s.cmd = i;
        s.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
        iso_results.sysctl_rc[i] = HC(__HYPERVISOR_sysctl, &s, 0, 0, 0, 0);
    }
    gmemset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_physinfo;
    s.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
    R(P_SYSCTL_BAD_VERSION) = HC(__HYPERVISOR_sysctl, &s, 0, 0, 0, 0);
}

void hostile_entry(void)
{
    *(uint64_t *)hostile_stack = 0; /* vCPU 0 (guest_vcpu_id) */
    iso_results.stage = ISO_STAGE_PROBES;
    /* Events stay masked throughout: no callback is registered. */
    if (remap(own_shared, iso_params.shared_info_mfn,
              PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)) {
        iso_results.stage = 0xdeadffff;
        for (;;)
            hc_sched_op(SCHEDOP_yield, NULL);
    }
    shared = (shared_info_t *)own_shared;
    shared->vcpu_info[0].evtchn_upcall_mask = 1;
    guest_install_traps();
    /* Stores into read-only L1 tables are emulated (and validated). */
    HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
       VMASST_TYPE_writable_pagetables, 0, 0, 0);
    guest_set_trap_handler(14, on_pf);
    probe_memory();
    probe_own_tables();
    probe_grants();
    probe_evtchn();
    probe_privileged();

    /* Starve the host: a hypercall storm, then a spin that never blocks
     * (no event callback is registered, so nothing interrupts it). */
    iso_results.stage = ISO_STAGE_STORM;
    for (uint64_t i = 0; i < 1000000; i++) {
        mmu_update_t u = { .ptr = iso_params.dom0_pte_maddr, .val = 0 };
        unsigned int done;
        hc_xen_version(XENVER_version, NULL);
        hc_mmu_update(&u, 1, &done, 0);
        iso_results.storm_calls = 2 * (i + 1);
    }
    iso_results.stage = ISO_STAGE_SPIN;
    for (;;)
        iso_results.spins++;
}
