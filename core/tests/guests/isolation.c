/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test guest "isolation": a hostile domU cannot reach past itself.
 *
 * Dom0 builds a victim domU (the spinner of domu.c, with a grant and
 * event channels of its own) and a hostile domU running a copy of this
 * image (isolation-hostile.c).  The hostile domU tries to map, pin,
 * write and copy dom0's and the victim's frames, to write its own page
 * tables through every path, to map and copy grants it was not given,
 * to bind, send on, close and inspect event channels it does not own,
 * and every domctl and sysctl; then it storms the hypervisor with
 * hypercalls and spins without blocking.  Each attempt must get Xen
 * 4.17's answer (the table below), dom0 must keep running throughout
 * (at least ISO_MIN_SHARE_PCT of its vCPU's time in each phase), and
 * afterwards dom0's memory, page tables, grants and channels are as
 * they were.
 */
#include "isolation.h"
#include "public/domctl.h"

const char guest_name[] = "isolation";

#define ISO_MIN_SHARE_PCT 10
#define DOM0_REF          7
#define VICTIM_REF        2

_Static_assert(sizeof(struct iso_results) <= PAGE_SIZE, "results page");
_Static_assert(sizeof(struct iso_params) <= PAGE_SIZE, "params page");

static const struct {
    const char *what;
    long want;
} probes[P_NR] = {
#define P(id, w, text) [id] = { text, w }
    P(P_MMU_FOREIGNDOM0, -XEN_EPERM,
      "mmu_update FOREIGNDOM=dom0 mapping a dom0 frame"),
    P(P_MMU_PTE_DOM0, -XEN_EBUSY, "mmu_update own PTE -> dom0 frame"),
    P(P_MMU_PTE_VICTIM, -XEN_EBUSY, "mmu_update own PTE -> victim frame"),
    P(P_MMU_WRITE_DOM0_PT, -XEN_EINVAL, "mmu_update into dom0's L1"),
    P(P_MMU_WRITE_VICTIM_PT, -XEN_EINVAL, "mmu_update into the victim's L1"),
    P(P_UVA_DOM0, -XEN_EBUSY, "update_va_mapping of a dom0 frame"),
    P(P_UVA_OTHER_DOM0, -XEN_EPERM, "update_va_mapping_otherdomain dom0"),
    P(P_UVA_OTHER_VICTIM, -XEN_EPERM, "update_va_mapping_otherdomain victim"),
    P(P_PIN_DOM0_FRAME, -XEN_EINVAL, "pin a dom0 frame as L1"),
    P(P_PIN_FOREIGNDOM0, -XEN_EPERM, "pin a dom0 frame with FOREIGNDOM=dom0"),
    P(P_PIN_VICTIM_L1, -XEN_EPERM,
      "pin the victim's L1 with FOREIGNDOM=victim"),
    P(P_NEW_BASEPTR_DOM0, -XEN_EINVAL, "new_baseptr to dom0's L4"),
    P(P_UNPIN_DOM0_L4, -XEN_EPERM, "unpin dom0's L4 with FOREIGNDOM=dom0"),
    P(P_CLEAR_PAGE_DOM0, -XEN_EINVAL, "mmuext clear_page of a dom0 frame"),
    P(P_COPY_PAGE_FROM_DOM0, -XEN_EINVAL, "mmuext copy_page from a dom0 frame"),
    P(P_CLEAR_PAGE_OWN, 0,
      "mmuext clear_page of its own frame (1: not cleared)"),
    P(P_COPY_PAGE_OWN, 0,
      "mmuext copy_page between its own frames (1: not copied)"),
    P(P_M2P_DOM0, -XEN_EINVAL, "MMU_MACHPHYS_UPDATE of a dom0 frame"),
    P(P_DECREASE_DOM0, 0, "decrease_reservation of dom0 (extents done)"),
    P(P_POPULATE_VICTIM, 0, "populate_physmap for the victim (extents done)"),
    P(P_RESV_DOM0, -XEN_EPERM, "current_reservation of dom0"),
    P(P_RESV_MISSING, -XEN_ESRCH, "current_reservation of a missing domain"),
    P(P_UVA_OWN_L1_RW, -XEN_EBUSY, "update_va_mapping own L1 writable"),
    P(P_MMU_OWN_L4_RW, -XEN_EBUSY, "mmu_update own PTE -> own L4 writable"),
    P(P_UVA_OWN_L1_RO, 0, "update_va_mapping own L1 read-only"),
    P(P_STORE_L1_DOM0, 0x10003,
      "store into own L1: entry -> dom0 frame (0x10000|#PF error)"),
    P(P_STORE_L1_SELF_RW, 0x10003,
      "store into own L1: entry -> the L1 writable"),
    P(P_STORE_L1_OK, 0, "store into own L1: entry -> own data frame"),
    P(P_UVA_OWN_L2_RO, 0, "update_va_mapping own L2 read-only"),
    P(P_STORE_L2, 0x10003, "store into own L2 (0x10000|#PF error)"),
    P(P_PIN_SELF_RW, -XEN_EBUSY, "pin an L1 that maps itself writable"),
    P(P_PIN_MAPS_DOM0, -XEN_EBUSY, "pin an L1 that maps a dom0 frame"),
    P(P_MAP_DOM0_REF, GNTST_general_error,
      "map dom0's grant given to the victim (rc or GNTST)"),
    P(P_MAP_DOM0_BAD_REF, GNTST_bad_gntref,
      "map dom0's grant 60000 (rc or GNTST)"),
    P(P_MAP_VICTIM_REF, GNTST_general_error,
      "map the victim's grant given to dom0 (rc or GNTST)"),
    P(P_COPY_DOM0_REF, GNTST_general_error,
      "grant copy from dom0's grant given to the victim"),
    P(P_COPY_DOM0_FRAME, GNTST_permission_denied,
      "grant copy from a dom0 frame by number"),
    P(P_SETUP_DOM0_TABLE, GNTST_permission_denied,
      "setup_table of dom0 (rc or GNTST)"),
    P(P_QUERY_DOM0, GNTST_permission_denied,
      "query_size of dom0 (rc or GNTST)"),
    P(P_BIND_DOM0_NOT_OFFERED, -XEN_EINVAL,
      "bind to dom0's port offered to the victim"),
    P(P_BIND_VICTIM_PORT, -XEN_EINVAL,
      "bind to the victim's port offered to dom0"),
    P(P_BIND_OFFERED, 0, "bind to dom0's port offered to it"),
    P(P_SEND_OFFERED, 0, "send on that channel"),
    P(P_SEND_NOT_OWN, -XEN_EINVAL, "send on a port number only dom0 has"),
    P(P_CLOSE_NOT_OWN, -XEN_EINVAL, "close a port number only dom0 has"),
    P(P_UNMASK_NOT_OWN, 0, "unmask a port number only dom0 has"),
    P(P_ALLOC_IN_DOM0, -XEN_EPERM, "alloc_unbound in dom0"),
    P(P_STATUS_DOM0, -XEN_EPERM, "status of a dom0 port"),
    P(P_RESET_DOM0, -XEN_EPERM, "reset dom0's channels"),
    P(P_CLOSE_DOM0_PORT, 0, "close its own end of the offered channel"),
    P(P_CONSOLE_WRITE, -XEN_EPERM, "console_io write"),
    P(P_PLATFORM_OP, -XEN_EPERM, "platform_op settime64"),
    P(P_PHYSDEV_MAP_PIRQ_DOM0, -XEN_EPERM, "physdev map_pirq for dom0"),
    P(P_SHUTDOWN_DOM0, -XEN_EPERM, "sched_op remote_shutdown of dom0"),
    P(P_SYSCTL_BAD_VERSION, -XEN_EACCES,
      "sysctl with a wrong interface version"),
#undef P
};

/*
 * Domctls whose all-zero arguments Xen 4.17 rejects before it checks the
 * caller's privilege; every other command is -EPERM.
 */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
static const struct {
    unsigned int cmd;
    long on_dom0, on_self;
} domctl_early[] = {
    { XEN_DOMCTL_ioport_permission, -XEN_EINVAL, -XEN_EINVAL },
    { XEN_DOMCTL_bind_pt_irq, -XEN_EINVAL, -XEN_EINVAL },
    { XEN_DOMCTL_memory_mapping, -XEN_EINVAL, -XEN_EINVAL },
    { XEN_DOMCTL_ioport_mapping, -XEN_EOPNOTSUPP, -XEN_EOPNOTSUPP },
    { XEN_DOMCTL_set_target, -XEN_EINVAL, -XEN_EOPNOTSUPP },
    { XEN_DOMCTL_unbind_pt_irq, -XEN_EINVAL, -XEN_EINVAL },
    { XEN_DOMCTL_get_device_group, -XEN_EOPNOTSUPP, -XEN_EOPNOTSUPP },
};

static uint8_t gt_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t vgt_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t res_win[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t secret[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t granted[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static evtchn_port_t alloc_unbound(domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound au = { .dom = dom, .remote_dom = remote };

    CHECK_RC(hc_evtchn_op(EVTCHNOP_alloc_unbound, &au), 0, "alloc_unbound");
    return au.port;
}

static void port_status(domid_t dom, evtchn_port_t port,
                        struct evtchn_status *st)
{
    st->dom = dom;
    st->port = port;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_status, st), 0, "evtchn status");
}

static uint32_t dominfo(domid_t dom, uint64_t *shared_mfn)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_getdomaininfo;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0, "getdomaininfo");
    CHECK(d.u.getdomaininfo.domain == dom, "d%u is gone", dom);
    if (shared_mfn)
        *shared_mfn = d.u.getdomaininfo.shared_info_frame;
    return d.u.getdomaininfo.flags;
}

/* Dom0 vCPU 0's running time so far (the current stint included). */
static uint64_t running_ns(void)
{
    struct vcpu_runstate_info r;
    uint64_t now;

    CHECK_RC(hc_vcpu_op(VCPUOP_get_runstate_info, 0, &r), 0,
             "get_runstate_info");
    now = guest_now_ns();
    return r.time[RUNSTATE_running] +
           (r.state == RUNSTATE_running && now > r.state_entry_time
                ? now - r.state_entry_time
                : 0);
}

/*
 * Dom0's own loop while the hostile domU runs, until `until` holds or
 * `ns` pass.  Over a phase of a second or more, dom0 must get at least
 * ISO_MIN_SHARE_PCT of the time on its vCPU (by its runstate: the host's own
 * stalls under TCG hit every vCPU alike, so wall-clock gaps alone prove
 * little); the longest gap between two iterations is reported.
 */
static void run_dom0(const struct iso_results *res, uint32_t until_stage,
                     uint64_t ns, const char *phase)
{
    uint64_t t0 = guest_mono_ns(), last = t0, gap = 0, now, iters = 0;
    uint64_t run0 = running_ns(), share;

    for (;;) {
        hc_xen_version(XENVER_version, NULL);
        now = guest_mono_ns();
        if (now - last > gap)
            gap = now - last;
        last = now;
        iters++;
        if (res->stage >= 0xdead0000)
            guest_fail("hostile domU stopped: %x (0xdead0000 | #PF error, "
                       "or ffff: its shared_info)",
                       res->stage);
        if ((until_stage && res->stage >= until_stage) || now - t0 > ns)
            break;
    }
    now = guest_mono_ns();
    share = (running_ns() - run0) * 100 / (now - t0 ? now - t0 : 1);
    guest_ok("%s: %lu ms; dom0 ran %lu iterations, %lu%% of the time, "
             "longest gap %lu ms",
             phase, (now - t0) / 1000000, iters, share, gap / 1000000);
    /* Shares mean something over many time slices only. */
    if (now - t0 >= 1000000000UL && share < ISO_MIN_SHARE_PCT) {
        gprintf("MISMATCH: %s: dom0 got %lu%% of its vCPU's time during "
                "the %s (at least %u%% expected)\n",
                guest_name, share, phase, ISO_MIN_SHARE_PCT);
        guest_mismatches++;
    }
}

void test_main(void)
{
    static struct evtchn_bind_interdomain bi;
    struct iso_params *p = &iso_params;
    const struct iso_results *res = (const struct iso_results *)res_win;
    grant_entry_v1_t *gt = (grant_entry_v1_t *)gt_win;
    grant_entry_v1_t *vgt = (grant_entry_v1_t *)vgt_win;
    const uint64_t rw = PTE_P | PTE_RW | PTE_A | PTE_D;
    uint64_t dom0_pte, shared_mfn, spins;
    struct evtchn_status st;
    domid_t victim, hostile;
    unsigned int eperm = 0;
    long rc;

    gmemset(secret, 0x5a, PAGE_SIZE);
    gmemset(granted, 0xa5, PAGE_SIZE);

    /* The victim: a domU with a grant for dom0 and channels to dom0. */
    CHECK_RC(domu_start_spinner(&victim), 0, "build the victim domU");
    domu_set_paused(victim, false);
    p->victim = victim;
    p->victim_mfn = domu_frames[5];
    p->victim_l1_mfn = domu_frames[3];
    p->victim_pte_maddr = (domu_frames[3] << 12) + 8;
    CHECK_RC(domu_map(vgt_win, victim, domu_grant_frame(victim), rw), 0,
             "map the victim's grant table");
    vgt[VICTIM_REF].domid = 0;
    vgt[VICTIM_REF].frame = (uint32_t)domu_frames[5];
    barrier();
    vgt[VICTIM_REF].flags = GTF_permit_access;
    p->victim_ref = VICTIM_REF;
    p->victim_port_for_dom0 = alloc_unbound(victim, 0);
    bi.remote_dom = victim;
    bi.remote_port = alloc_unbound(victim, 0);
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0,
             "bind to the victim");
    p->dom0_port_bound = bi.local_port;
    p->dom0_port_for_victim = alloc_unbound(DOMID_SELF, victim);

    /* Dom0's grant of `granted` to the victim. */
    CHECK_RC(map_page(gt_win, domu_grant_frame(DOMID_SELF), rw), 0,
             "map dom0's grant table");
    gt[DOM0_REF].domid = victim;
    gt[DOM0_REF].frame = (uint32_t)virt_to_mfn(granted);
    barrier();
    gt[DOM0_REF].flags = GTF_permit_access;
    p->dom0_ref_for_victim = DOM0_REF;
    p->dom0_mfn = virt_to_mfn(secret);
    p->dom0_l4_mfn = virt_to_mfn((void *)start_info->pt_base);
    p->dom0_pte_maddr = pte_maddr((uint64_t)secret, 1);
    dom0_pte = pte_read((uint64_t)secret, 1);

    /* The hostile domU, then its parameters written into its copy. */
    CHECK_RC(domu_start_image(hostile_entry, hostile_stack + GUEST_STACK_SIZE,
                              &hostile, iso_frames, ISO_MAX_FRAMES),
             0, "build the hostile domU");
    p->self = hostile;
    p->image_pages = (unsigned int)((_image_end - _image_start) / PAGE_SIZE);
    p->dom0_port_offered = alloc_unbound(DOMID_SELF, hostile);
    dominfo(hostile, &shared_mfn);
    p->shared_info_mfn = shared_mfn;
    CHECK_RC(domu_map(res_win, hostile,
                      domu_image_frame(iso_frames, &iso_params), rw),
             0, "map the hostile domU's parameters");
    gmemcpy(res_win, p, sizeof(*p));
    CHECK_RC(domu_map(res_win, hostile,
                      domu_image_frame(iso_frames, &iso_results),
                      PTE_P | PTE_A),
             0, "map the hostile domU's results");
    guest_ok("victim d%u, hostile d%u (%u image pages), dom0 frame %lx", victim,
             hostile, p->image_pages, p->dom0_mfn);

    /* Run it; dom0 keeps going all along. */
    domu_set_paused(hostile, false);
    run_dom0(res, ISO_STAGE_STORM, 60000000000UL, "probes");
    CHECK(res->stage >= ISO_STAGE_STORM, "hostile domU stuck at stage %u",
          res->stage);
    run_dom0(res, ISO_STAGE_SPIN, 120000000000UL, "hypercall storm");
    CHECK(res->stage == ISO_STAGE_SPIN, "storm not over: %lu calls",
          res->storm_calls);
    guest_ok("the storm made %lu hypercalls", res->storm_calls);
    spins = res->spins;
    run_dom0(res, 0, 4000000000UL, "spinning domU");
    CHECK(res->spins > spins, "the hostile domU does not run");
    CHECK(!(dominfo(hostile, NULL) & XEN_DOMINF_shutdown),
          "the hostile domU shut down");

    /* Its answers. */
    for (unsigned int i = 0; i < P_NR; i++)
        guest_expect(res->rc[i], probes[i].want, probes[i].what);
    for (unsigned int i = 0; i < ISO_NR_DOMCTL + 4; i++) {
        unsigned int cmd = domctl_cmd_of(i);
        long want = -XEN_EPERM, want_self = -XEN_EPERM;
        char what[64];

        for (unsigned int j = 0; j < ARRAY_LEN(domctl_early); j++) {
            if (domctl_early[j].cmd == cmd) {
                want = domctl_early[j].on_dom0;
                want_self = domctl_early[j].on_self;
            }
        }
        if (res->domctl_rc[i] == -XEN_EPERM &&
            res->self_domctl_rc[i] == -XEN_EPERM && want == -XEN_EPERM &&
            want_self == -XEN_EPERM) {
            eperm++;
            continue;
        }
        gsnprintf(what, sizeof(what), "domctl %u on dom0", cmd);
        guest_expect(res->domctl_rc[i], want, what);
        gsnprintf(what, sizeof(what), "domctl %u on itself", cmd);
        guest_expect(res->self_domctl_rc[i], want_self, what);
    }
    for (unsigned int i = 0; i < ISO_NR_SYSCTL; i++) {
        char what[64];
        if (res->sysctl_rc[i] == -XEN_EPERM) {
            eperm++;
            continue;
        }
        gsnprintf(what, sizeof(what), "sysctl %u", i);
        guest_expect(res->sysctl_rc[i], -XEN_EPERM, what);
    }
    guest_ok("%u of %u domctl/sysctl commands -EPERM", eperm,
             ISO_NR_DOMCTL + 4 + ISO_NR_SYSCTL);

    /* Nothing of dom0's or the victim's changed. */
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        CHECK(secret[i] == 0x5a && granted[i] == 0xa5,
              "dom0's pages changed at byte %u", i);
    CHECK(pte_read((uint64_t)secret, 1) == dom0_pte, "dom0's PTE %lx, was %lx",
          pte_read((uint64_t)secret, 1), dom0_pte);
    CHECK(gt[DOM0_REF].flags == GTF_permit_access &&
              vgt[VICTIM_REF].flags == GTF_permit_access,
          "grant flags %x %x", gt[DOM0_REF].flags, vgt[VICTIM_REF].flags);
    port_status(DOMID_SELF, p->dom0_port_for_victim, &st);
    CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == victim,
          "dom0's port for the victim: status %u", st.status);
    port_status(DOMID_SELF, p->dom0_port_bound, &st);
    CHECK(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == victim,
          "dom0's bound port: status %u", st.status);
    port_status(victim, p->victim_port_for_dom0, &st);
    CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
          "the victim's port for dom0: status %u", st.status);
    CHECK(!(dominfo(victim, NULL) & XEN_DOMINF_shutdown),
          "the victim shut down");
    guest_ok("dom0's pages, PTE, grants and channels and the victim intact");

    set_page_rw(res_win);
    set_page_rw(vgt_win);
    set_page_rw(gt_win);
    rc = domu_destroy(hostile);
    CHECK_RC(rc, 0, "destroy the hostile domU");
    CHECK_RC(domu_destroy(victim), 0, "destroy the victim");
    guest_pass();
}
