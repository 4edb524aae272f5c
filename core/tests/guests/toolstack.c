/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * toolstack: domctl state a toolstack sets on a domain and reads back,
 * with Xen 4.17's answers.  On a paused spinner domU built by domctl:
 *   hypercall_init      only into a writable frame of the domain (a page
 *                       table -EPERM, a frame it does not own -EINVAL)
 *   cpupool             getdomaininfo reports the pool a domain was
 *                       moved to (cpupool_op create/rmcpu/addcpu/movedomain)
 *   settimeoffset       the domain's shared_info wall clock is the host's
 *                       plus the offset
 *   set/getnodeaffinity the node map is recorded (a map with no online
 *                       node -EINVAL, a full map means automatic)
 *   ext_vcpucontext     syscall32/sysenter callbacks and the vMCE state
 *                       round-trip; bad input -EINVAL, missing vCPU -ESRCH
 *   set/gettscinfo      the mode and incarnation round-trip, unknown
 *                       modes -EINVAL, the caller's own domain -EINVAL
 *   CPU maps            8192-bit cpupool and affinity maps: zero past
 *                       the host's CPUs
 *   createdomain        512 vCPUs for a PV domain
 * Where Xenith cannot do what Xen does (TSC emulation) it refuses with
 * -EOPNOTSUPP instead; those lines say so.
 */
#include <stdbool.h>

#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"

const char guest_name[] = "toolstack";

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static bool on_xenith;

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

static void getinfo(domid_t dom, xen_domctl_getdomaininfo_t *info)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_getdomaininfo, dom), 0, "getdomaininfo");
    gmemcpy(info, &d.u.getdomaininfo, sizeof(*info));
}

/* Map frame mfn of dom read-only at `window`. */
static void map_foreign_ro(domid_t dom, uint64_t mfn)
{
    CHECK_RC(HC(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)window,
                (mfn << 12) | PTE_P | PTE_A, UVMF_INVLPG, dom, 0),
             0, "foreign read-only mapping");
}

static void unmap_window(void)
{
    CHECK_RC(hc_update_va_mapping((uint64_t)window, 0, UVMF_INVLPG), 0,
             "unmap window");
}

static long hypercall_init(domid_t dom, uint64_t mfn)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.u.hypercall_init.gmfn = mfn;
    return domctl(&d, XEN_DOMCTL_hypercall_init, dom);
}

static void test_hypercall_init(domid_t dom)
{
    const xen_pfn_t *f = domu_frames;

    guest_expect(hypercall_init(dom, f[0]), -XEN_EPERM,
                 "hypercall_init into the domain's L4 table");
    guest_expect(hypercall_init(dom, f[3]), -XEN_EPERM,
                 "hypercall_init into the domain's L1 table");
    guest_expect(hypercall_init(dom, virt_to_mfn(scratch)), -XEN_EINVAL,
                 "hypercall_init into a frame the domain does not own");
    CHECK_RC(hypercall_init(dom, f[5]), 0, "hypercall_init into a data frame");
    map_foreign_ro(dom, f[5]);
    /* Entry 2: push %rcx; push %r11; mov $2, %eax; syscall. */
    CHECK(window[64] == 0x51 && window[65] == 0x41 && window[66] == 0x53 &&
              window[67] == 0xb8 && window[68] == 2 && window[72] == 0x0f &&
              window[73] == 0x05,
          "hypercall page entry 2: %x %x %x %x %x", window[64], window[65],
          window[66], window[67], window[68]);
    unmap_window();
    /* The tables are intact: pinning state and contents unchanged. */
    map_foreign_ro(dom, f[0]);
    CHECK(*(uint64_t *)window >> 12 == f[1] ||
              (*(uint64_t *)window & PTE_ADDR_MASK) >> 12 == f[1],
          "domU L4[0] %lx no longer points at its L3", *(uint64_t *)window);
    unmap_window();
    guest_ok("hypercall_init: page tables -EPERM, foreign frame -EINVAL, "
             "data frame written");
}

static long pool_op(uint32_t op, uint32_t pool, uint32_t cpu, domid_t dom,
                    uint32_t *id_out)
{
    struct xen_sysctl s;
    long rc;

    gmemset(&s, 0, sizeof(s));
    s.u.cpupool_op.op = op;
    s.u.cpupool_op.cpupool_id = pool;
    s.u.cpupool_op.cpu = cpu;
    s.u.cpupool_op.domid = dom;
    if (op == XEN_SYSCTL_CPUPOOL_OP_CREATE) {
        struct xen_sysctl q;

        gmemset(&q, 0, sizeof(q));
        CHECK_RC(sysctl(&q, XEN_SYSCTL_sched_id), 0, "sched_id");
        s.u.cpupool_op.sched_id = q.u.sched_id.sched_id;
    }
    /* Taking a pCPU out of a pool may need repeating until it is idle. */
    for (int tries = 0; tries < 1000; tries++) {
        rc = sysctl(&s, XEN_SYSCTL_cpupool_op);
        if (rc != -XEN_EAGAIN && rc != -XEN_EBUSY)
            break;
        hc_sched_op(SCHEDOP_yield, NULL);
    }
    if (id_out)
        *id_out = s.u.cpupool_op.cpupool_id;
    return rc;
}

static void test_cpupool(domid_t dom)
{
    xen_domctl_getdomaininfo_t info;
    uint32_t pool = 0;

    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_CREATE, XEN_SYSCTL_CPUPOOL_PAR_ANY,
                     0, 0, &pool),
             0, "cpupool create");
    CHECK(pool != 0, "new cpupool got id 0");
    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_RMCPU, 0, 1, 0, NULL), 0,
             "take cpu 1 out of pool 0");
    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, pool, 1, 0, NULL), 0,
             "add cpu 1 to the new pool");
    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, pool, 0, dom, NULL), 0,
             "move the domU to the new pool");
    getinfo(dom, &info);
    CHECK(info.cpupool == pool, "getdomaininfo: d%u in cpupool %u, moved to %u",
          dom, info.cpupool, pool);
    getinfo(0, &info);
    CHECK(info.cpupool == 0, "getdomaininfo: dom0 in cpupool %u", info.cpupool);
    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, 0, 0, dom, NULL), 0,
             "move the domU back to pool 0");
    getinfo(dom, &info);
    CHECK(info.cpupool == 0, "getdomaininfo: d%u in cpupool %u after return",
          dom, info.cpupool);
    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_RMCPU, pool, 1, 0, NULL), 0,
             "take cpu 1 out of the new pool");
    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_ADDCPU, 0, 1, 0, NULL), 0,
             "give cpu 1 back to pool 0");
    CHECK_RC(pool_op(XEN_SYSCTL_CPUPOOL_OP_DESTROY, pool, 0, 0, NULL), 0,
             "destroy the new pool");
    guest_ok(
        "getdomaininfo reports cpupool %u after movedomain, 0 after return",
        pool);
}

/* A consistent wall clock from a shared_info. */
static uint64_t read_wc(const volatile shared_info_t *si, uint32_t *nsec)
{
    uint32_t v, sec, hi;

    do {
        v = si->wc_version;
        barrier();
        sec = si->wc_sec;
        hi = si->wc_sec_hi;
        *nsec = si->wc_nsec;
        barrier();
    } while ((v & 1) || v != si->wc_version);
    return ((uint64_t)hi << 32) | sec;
}

static void set_offset(domid_t dom, int64_t secs)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.u.settimeoffset.time_offset_seconds = secs;
    CHECK_RC(domctl(&d, XEN_DOMCTL_settimeoffset, dom), 0, "settimeoffset");
}

static void test_timeoffset(domid_t dom)
{
    static const int64_t offsets[] = { 3600, -7200, 0 };
    xen_domctl_getdomaininfo_t info;
    const volatile shared_info_t *si = (const volatile shared_info_t *)window;

    getinfo(dom, &info);
    map_foreign_ro(dom, info.shared_info_frame);
    for (unsigned int i = 0; i < 3; i++) {
        uint32_t ns0, ns1;
        uint64_t host, guest;

        set_offset(dom, offsets[i]);
        host = read_wc(shared, &ns0);
        guest = read_wc(si, &ns1);
        CHECK(guest == host + (uint64_t)offsets[i] && ns0 == ns1,
              "offset %ld: domU wall clock %lu.%09u, dom0 %lu.%09u",
              (long)offsets[i], guest, ns1, host, ns0);
    }
    unmap_window();
    guest_ok("settimeoffset +3600/-7200/0 moves the domU's shared_info clock");
}

static long nodeaffinity(domid_t dom, bool set, uint8_t *map, uint32_t bits)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    set_xen_guest_handle(d.u.nodeaffinity.nodemap.bitmap, map);
    d.u.nodeaffinity.nodemap.nr_bits = bits;
    return domctl(
        &d, set ? XEN_DOMCTL_setnodeaffinity : XEN_DOMCTL_getnodeaffinity, dom);
}

static void test_nodeaffinity(domid_t dom)
{
    uint8_t map[8];

    gmemset(map, 0xee, sizeof(map));
    CHECK_RC(nodeaffinity(dom, false, map, 64), 0, "getnodeaffinity");
    CHECK(map[0] == 1 && map[1] == 0 && map[7] == 0,
          "default node affinity %x %x", map[0], map[1]);
    gmemset(map, 0, sizeof(map));
    map[0] = 0x20;
    guest_expect(nodeaffinity(dom, true, map, 64), -XEN_EINVAL,
                 "node affinity with no online node");
    map[0] = 0x21;
    map[1] = 0x80;
    CHECK_RC(nodeaffinity(dom, true, map, 64), 0, "setnodeaffinity {0,5,15}");
    gmemset(map, 0xee, sizeof(map));
    CHECK_RC(nodeaffinity(dom, false, map, 64), 0, "getnodeaffinity");
    CHECK(map[0] == 0x21 && map[1] == 0x80 && map[2] == 0,
          "node affinity read back %x %x %x", map[0], map[1], map[2]);
    gmemset(map, 0xee, sizeof(map));
    CHECK_RC(nodeaffinity(dom, false, map, 12), 0, "getnodeaffinity 12 bits");
    CHECK(map[0] == 0x21 && map[2] == 0xee,
          "12-bit node map %x %x %x (bytes beyond it touched?)", map[0], map[1],
          map[2]);
    /* Bits past nr_bits are ignored on the way in. */
    gmemset(map, 0, sizeof(map));
    map[0] = 0x01;
    map[1] = 0xf0;
    CHECK_RC(nodeaffinity(dom, true, map, 12), 0, "setnodeaffinity 12 bits");
    gmemset(map, 0xee, sizeof(map));
    CHECK_RC(nodeaffinity(dom, false, map, 64), 0, "getnodeaffinity");
    CHECK(map[0] == 0x01 && map[1] == 0, "12-bit map set: read %x %x", map[0],
          map[1]);
    gmemset(map, 0xff, sizeof(map));
    CHECK_RC(nodeaffinity(dom, true, map, 64), 0, "setnodeaffinity all");
    gmemset(map, 0xee, sizeof(map));
    CHECK_RC(nodeaffinity(dom, false, map, 64), 0, "getnodeaffinity");
    CHECK(map[0] == 1 && map[1] == 0,
          "a full map means automatic (node 0 here): %x %x", map[0], map[1]);
    guest_ok("node affinity recorded and read back; no online node -EINVAL");
}

static long ext_ctxt(domid_t dom, bool set,
                     struct xen_domctl_ext_vcpucontext *e)
{
    struct xen_domctl d;
    long rc;

    gmemset(&d, 0, sizeof(d));
    if (set)
        gmemcpy(&d.u.ext_vcpucontext, e, sizeof(*e));
    else
        d.u.ext_vcpucontext.vcpu = e->vcpu;
    rc = domctl(&d,
                set ? XEN_DOMCTL_set_ext_vcpucontext
                    : XEN_DOMCTL_get_ext_vcpucontext,
                dom);
    if (!set && !rc)
        gmemcpy(e, &d.u.ext_vcpucontext, sizeof(*e));
    return rc;
}

static void test_ext_vcpucontext(domid_t dom)
{
    struct xen_domctl_ext_vcpucontext e, want;
    uint64_t caps;

    gmemset(&e, 0xee, sizeof(e));
    e.vcpu = 0;
    CHECK_RC(ext_ctxt(dom, false, &e), 0, "get_ext_vcpucontext");
    CHECK(e.size == sizeof(e) && e.syscall32_callback_eip == 0 &&
              e.sysenter_callback_eip == 0 && e.syscall32_callback_cs == 0 &&
              e.sysenter_callback_cs == 0 && !e.syscall32_disables_events &&
              !e.sysenter_disables_events,
          "new vCPU's ext context: size %u, syscall32 %x:%lx sysenter %x:%lx",
          e.size, e.syscall32_callback_cs, e.syscall32_callback_eip,
          e.sysenter_callback_cs, e.sysenter_callback_eip);
    caps = e.vmce.caps;
    CHECK((caps & 0xff) == 2 && e.vmce.mci_ctl2_bank0 == 0 &&
              e.vmce.mci_ctl2_bank1 == 0,
          "new vCPU's vMCE: caps %lx ctl2 %lx %lx", caps, e.vmce.mci_ctl2_bank0,
          e.vmce.mci_ctl2_bank1);

    gmemset(&want, 0, sizeof(want));
    want.vcpu = 0;
    want.size = sizeof(want);
    want.syscall32_callback_eip = 0xffffffff80001230UL;
    want.syscall32_callback_cs = 0xe023;
    want.syscall32_disables_events = 1;
    want.sysenter_callback_eip = 0xffffffff80004560UL;
    want.sysenter_callback_cs = 0xe033;
    want.sysenter_disables_events = 0;
    want.vmce.caps = caps;
    want.vmce.mci_ctl2_bank0 = 0x11;
    want.vmce.mci_ctl2_bank1 = 0x22;
    want.vmce.mcg_ext_ctl = 0;
    e = want;
    CHECK_RC(ext_ctxt(dom, true, &e), 0, "set_ext_vcpucontext");
    gmemset(&e, 0xee, sizeof(e));
    e.vcpu = 0;
    CHECK_RC(ext_ctxt(dom, false, &e), 0, "get_ext_vcpucontext");
    CHECK(gmemcmp(&e, &want, sizeof(e)) == 0,
          "ext context read back: syscall32 %x:%lx/%u sysenter %x:%lx/%u "
          "vmce %lx %lx %lx",
          e.syscall32_callback_cs, e.syscall32_callback_eip,
          e.syscall32_disables_events, e.sysenter_callback_cs,
          e.sysenter_callback_eip, e.sysenter_disables_events, e.vmce.caps,
          e.vmce.mci_ctl2_bank0, e.vmce.mci_ctl2_bank1);

    e = want;
    e.sysenter_callback_eip = 0x0000900000000000UL;
    guest_expect(ext_ctxt(dom, true, &e), -XEN_EINVAL,
                 "ext context with a non-canonical sysenter callback");
    e = want;
    e.size = 16;
    guest_expect(ext_ctxt(dom, true, &e), -XEN_EINVAL,
                 "ext context too short for the callbacks");
    e = want;
    e.vmce.caps = caps | (1UL << 40);
    guest_expect(ext_ctxt(dom, true, &e), -XEN_EINVAL,
                 "ext context with an unknown MCG_CAP bit");
    e = want;
    e.vcpu = 7;
    guest_expect(ext_ctxt(dom, true, &e), -XEN_ESRCH,
                 "set_ext_vcpucontext of a missing vCPU");
    guest_expect(ext_ctxt(dom, false, &e), -XEN_ESRCH,
                 "get_ext_vcpucontext of a missing vCPU");
    e = want;
    guest_expect(ext_ctxt(0, true, &e), -XEN_ESRCH,
                 "set_ext_vcpucontext of the caller's own domain");
    e.vcpu = 0;
    guest_expect(ext_ctxt(0, false, &e), -XEN_ESRCH,
                 "get_ext_vcpucontext of the calling vCPU");
    /* Still what was set. */
    gmemset(&e, 0xee, sizeof(e));
    e.vcpu = 0;
    CHECK_RC(ext_ctxt(dom, false, &e), 0, "get_ext_vcpucontext");
    CHECK(gmemcmp(&e, &want, sizeof(e)) == 0,
          "a refused set changed the ext context");
    guest_ok("ext vCPU context round trip (vMCE caps %lx); refusals", caps);
}

static long tscinfo(domid_t dom, bool set, struct xen_domctl_tsc_info *t)
{
    struct xen_domctl d;
    long rc;

    gmemset(&d, 0, sizeof(d));
    d.u.tsc_info = *t;
    rc = domctl(&d, set ? XEN_DOMCTL_settscinfo : XEN_DOMCTL_gettscinfo, dom);
    if (!set && !rc)
        *t = d.u.tsc_info;
    return rc;
}

static void test_tscinfo(domid_t dom)
{
    struct xen_domctl_tsc_info t;

    gmemset(&t, 0, sizeof(t));
    CHECK_RC(tscinfo(dom, false, &t), 0, "gettscinfo");
    CHECK(t.tsc_mode == 0 && t.incarnation == 1,
          "new domain's TSC mode %u incarnation %u", t.tsc_mode, t.incarnation);
    gmemset(&t, 0, sizeof(t));
    t.tsc_mode = 2; /* never emulate */
    t.incarnation = 5;
    t.gtsc_khz = 12345;
    CHECK_RC(tscinfo(dom, true, &t), 0, "settscinfo never-emulate");
    gmemset(&t, 0xee, sizeof(t));
    CHECK_RC(tscinfo(dom, false, &t), 0, "gettscinfo");
    CHECK(t.tsc_mode == 2 && t.incarnation == 6 && t.gtsc_khz == 0 &&
              t.elapsed_nsec == 0,
          "never-emulate read back: mode %u incarnation %u khz %u elapsed %lu",
          t.tsc_mode, t.incarnation, t.gtsc_khz, t.elapsed_nsec);
    gmemset(&t, 0, sizeof(t));
    t.tsc_mode = 3; /* PVRDTSCP: gone in 4.17 */
    guest_expect(tscinfo(dom, true, &t), -XEN_EINVAL, "settscinfo mode 3");
    t.tsc_mode = 1; /* always emulate */
    guest_expect(tscinfo(dom, true, &t), on_xenith ? -XEN_EOPNOTSUPP : 0,
                 on_xenith ? "settscinfo always-emulate (Xenith: no TSC "
                             "emulation)"
                           : "settscinfo always-emulate");
    gmemset(&t, 0, sizeof(t));
    CHECK_RC(tscinfo(dom, false, &t), 0, "gettscinfo");
    CHECK(t.tsc_mode == (on_xenith ? 2u : 1u), "TSC mode %u after mode 1",
          t.tsc_mode);
    gmemset(&t, 0, sizeof(t));
    t.tsc_mode = 2;
    guest_expect(tscinfo(0, true, &t), -XEN_EINVAL,
                 "settscinfo of the caller's own domain");
    guest_expect(tscinfo(0, false, &t), -XEN_EINVAL,
                 "gettscinfo of the caller's own domain");
    guest_ok("TSC mode and incarnation round trip; refusals");
}

/* CPU maps longer than the host has CPUs: the tail reads as zero. */
static uint8_t bigmap[1024], bigsoft[1024];

static void test_big_maps(void)
{
    struct xen_sysctl s;
    struct xen_domctl d;
    unsigned int bad = 0;

    gmemset(bigmap, 0xee, sizeof(bigmap));
    gmemset(&s, 0, sizeof(s));
    s.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    s.u.cpupool_op.cpupool_id = 0;
    set_xen_guest_handle(s.u.cpupool_op.cpumap.bitmap, bigmap);
    s.u.cpupool_op.cpumap.nr_bits = 8 * sizeof(bigmap);
    CHECK_RC(sysctl(&s, XEN_SYSCTL_cpupool_op), 0, "cpupool info, 8192 bits");
    for (unsigned int i = 1; i < sizeof(bigmap); i++)
        bad += bigmap[i] != 0;
    CHECK(bigmap[0] == 3 && !bad,
          "pool 0 map of 8192 bits: byte 0 %x, %u nonzero bytes past it",
          bigmap[0], bad);

    gmemset(bigmap, 0xee, sizeof(bigmap));
    gmemset(bigsoft, 0xee, sizeof(bigsoft));
    gmemset(&d, 0, sizeof(d));
    d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, bigmap);
    d.u.vcpuaffinity.cpumap_hard.nr_bits = 8 * sizeof(bigmap);
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_soft.bitmap, bigsoft);
    d.u.vcpuaffinity.cpumap_soft.nr_bits = 8 * sizeof(bigsoft);
    CHECK_RC(domctl(&d, XEN_DOMCTL_getvcpuaffinity, 0), 0,
             "getvcpuaffinity, 8192 bits");
    bad = 0;
    for (unsigned int i = 1; i < sizeof(bigmap); i++)
        bad += (bigmap[i] != 0) + (bigsoft[i] != 0);
    CHECK((bigmap[0] & 3) == 3 && (bigsoft[0] & 3) == 3 && !bad,
          "vcpu 0 affinity of 8192 bits: hard %x soft %x, %u nonzero bytes "
          "past them",
          bigmap[0], bigsoft[0], bad);
    guest_ok("8192-bit cpupool and affinity maps: zero past the host's CPUs");
}

static void test_many_vcpus(void)
{
    xen_domctl_getdomaininfo_t info;
    struct xen_domctl d;
    domid_t dom;

    gmemset(&d, 0, sizeof(d));
    d.u.createdomain.max_vcpus = 512;
    d.u.createdomain.max_evtchn_port = 1023;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    CHECK_RC(domctl(&d, XEN_DOMCTL_createdomain, 0), 0,
             "createdomain with 512 vCPUs");
    dom = d.domain;
    getinfo(dom, &info);
    CHECK(info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID &&
              info.nr_online_vcpus == 0,
          "before max_vcpus: max_vcpu_id %x, %u online", info.max_vcpu_id,
          info.nr_online_vcpus);
    gmemset(&d, 0, sizeof(d));
    d.u.max_vcpus.max = 512;
    CHECK_RC(domctl(&d, XEN_DOMCTL_max_vcpus, dom), 0, "max_vcpus 512");
    getinfo(dom, &info);
    CHECK(info.max_vcpu_id == 511, "512-vCPU domain: max_vcpu_id %u",
          info.max_vcpu_id);
    gmemset(&d, 0, sizeof(d));
    d.u.getvcpuinfo.vcpu = 511;
    CHECK_RC(domctl(&d, XEN_DOMCTL_getvcpuinfo, dom), 0, "getvcpuinfo 511");
    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_destroydomain, dom), 0, "destroy");
    guest_ok("a PV domain with 512 vCPUs created and destroyed");
}

void test_main(void)
{
    char extra[XEN_EXTRAVERSION_LEN];
    domid_t dom;

    guest_install_traps();
    gmemset(extra, 0, sizeof(extra));
    hc_xen_version(XENVER_extraversion, extra);
    for (unsigned int i = 0; i + 6 <= sizeof(extra); i++)
        on_xenith |= gstrncmp(extra + i, "xenith", 6) == 0;
    CHECK_RC(domu_start_spinner(&dom), 0, "build a domU");
    test_hypercall_init(dom);
    test_cpupool(dom);
    test_timeoffset(dom);
    test_nodeaffinity(dom);
    test_ext_vcpucontext(dom);
    test_tscinfo(dom);
    CHECK_RC(domu_destroy(dom), 0, "destroy the domU");
    test_big_maps();
    test_many_vcpus();
}
