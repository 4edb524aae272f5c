/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ctl: the toolstack ABI (sysctl and domctl, interface version 0x15)
 * called from dom0, as xl and libxl would through privcmd.
 *
 * sysctl: physinfo, cputopoinfo and numainfo (size query, then fill),
 * readconsole, getdomaininfolist, cpupool info, sched_id.  domctl:
 * getvcpuinfo, getvcpuaffinity, I/O memory permission taking effect on
 * dom0's own mappings, and a domU's life: createdomain, getdomaininfo
 * (paused), setvcpucontext/getvcpucontext round trip, unpause, pause,
 * destroy.  Refusals with Xen 4.17's errors.
 */
#include "guest.h"
#include "public/domctl.h"
#include "public/sysctl.h"

const char guest_name[] = "ctl";

static char console_buf[8192];
static xen_sysctl_cputopo_t topo[64];
static xen_sysctl_meminfo_t meminfo[8];
static uint32_t distance[64];
static xen_domctl_getdomaininfo_t dominfo[8];
static uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

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

static unsigned int test_physinfo(void)
{
    struct xen_sysctl s;
    struct xen_sysctl_physinfo *p = &s.u.physinfo;

    gmemset(&s, 0, sizeof(s));
    CHECK_RC(sysctl(&s, XEN_SYSCTL_physinfo), 0, "physinfo");
    CHECK(p->nr_cpus >= 1 && p->max_cpu_id + 1 >= p->nr_cpus,
          "physinfo: %u cpus, max id %u", p->nr_cpus, p->max_cpu_id);
    CHECK(p->threads_per_core >= 1 && p->cores_per_socket >= 1,
          "physinfo: %u threads/core %u cores/socket", p->threads_per_core,
          p->cores_per_socket);
    CHECK(p->total_pages >= 200000 && p->free_pages < p->total_pages,
          "physinfo: %lu pages, %lu free", p->total_pages, p->free_pages);
    CHECK(p->cpu_khz > 100000, "physinfo: cpu_khz %u", p->cpu_khz);
    CHECK(p->capabilities & XEN_SYSCTL_PHYSCAP_pv, "capabilities %x",
          p->capabilities);
    CHECK(p->max_mfn >= p->total_pages / 2, "max_mfn %lx", p->max_mfn);
    guest_ok("physinfo: %u cpus, %lu pages (%lu free), %u kHz, caps %x",
             p->nr_cpus, p->total_pages, p->free_pages, p->cpu_khz,
             p->capabilities);
    return p->nr_cpus;
}

static void test_topology(unsigned int nr_cpus)
{
    struct xen_sysctl s;

    gmemset(&s, 0, sizeof(s));
    CHECK_RC(sysctl(&s, XEN_SYSCTL_cputopoinfo), 0, "cputopoinfo size");
    CHECK(s.u.cputopoinfo.num_cpus >= nr_cpus && s.u.cputopoinfo.num_cpus <= 64,
          "cputopoinfo reports %u cpus", s.u.cputopoinfo.num_cpus);
    set_xen_guest_handle(s.u.cputopoinfo.cputopo, topo);
    CHECK_RC(sysctl(&s, XEN_SYSCTL_cputopoinfo), 0, "cputopoinfo");
    for (unsigned int c = 0; c < nr_cpus; c++)
        CHECK(topo[c].node == 0 && topo[c].socket != XEN_INVALID_SOCKET_ID,
              "cpu %u: node %u socket %u", c, topo[c].node, topo[c].socket);

    gmemset(&s, 0, sizeof(s));
    CHECK_RC(sysctl(&s, XEN_SYSCTL_numainfo), 0, "numainfo size");
    CHECK(s.u.numainfo.num_nodes == 1, "%u NUMA nodes", s.u.numainfo.num_nodes);
    set_xen_guest_handle(s.u.numainfo.meminfo, meminfo);
    set_xen_guest_handle(s.u.numainfo.distance, distance);
    CHECK_RC(sysctl(&s, XEN_SYSCTL_numainfo), 0, "numainfo");
    CHECK(meminfo[0].memsize >= (512UL << 20) &&
              meminfo[0].memfree < meminfo[0].memsize,
          "node 0: %lu bytes, %lu free", meminfo[0].memsize,
          meminfo[0].memfree);
    CHECK(distance[0] == 10, "node 0 distance to itself %u", distance[0]);
    guest_ok("cputopoinfo and numainfo: %u cpus on node 0, %lu MiB", nr_cpus,
             meminfo[0].memsize >> 20);
}

static void test_console_and_domains(void)
{
    struct xen_sysctl s;
    int found = 0;
    uint32_t got;

    gmemset(&s, 0, sizeof(s));
    set_xen_guest_handle(s.u.readconsole.buffer, console_buf);
    s.u.readconsole.count = sizeof(console_buf) - 1;
    CHECK_RC(sysctl(&s, XEN_SYSCTL_readconsole), 0, "readconsole");
    CHECK(s.u.readconsole.count > 0 &&
              s.u.readconsole.count < sizeof(console_buf),
          "readconsole returned %u bytes", s.u.readconsole.count);
    got = s.u.readconsole.count;
    console_buf[got] = 0;
    for (uint32_t i = 0; i + 5 < got; i++)
        found |= gstrncmp(console_buf + i, "guest", 5) == 0;
    CHECK(found, "console ring lacks our own output");

    gmemset(&s, 0, sizeof(s));
    s.u.getdomaininfolist.first_domain = 0;
    s.u.getdomaininfolist.max_domains = 8;
    set_xen_guest_handle(s.u.getdomaininfolist.buffer, dominfo);
    CHECK_RC(sysctl(&s, XEN_SYSCTL_getdomaininfolist), 0, "getdomaininfolist");
    CHECK(s.u.getdomaininfolist.num_domains >= 1 && dominfo[0].domain == 0,
          "domain list: %u entries, first d%u",
          s.u.getdomaininfolist.num_domains, dominfo[0].domain);
    CHECK(dominfo[0].tot_pages == start_info->nr_pages, "dom0 tot_pages %lu",
          dominfo[0].tot_pages);
    guest_ok("readconsole %u bytes; %u domain(s) listed", got,
             s.u.getdomaininfolist.num_domains);
}

static void test_cpupool(unsigned int nr_cpus)
{
    struct xen_sysctl s;
    uint8_t map[8] = { 0 };

    gmemset(&s, 0, sizeof(s));
    s.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    s.u.cpupool_op.cpupool_id = 0;
    set_xen_guest_handle(s.u.cpupool_op.cpumap.bitmap, map);
    s.u.cpupool_op.cpumap.nr_bits = 64;
    CHECK_RC(sysctl(&s, XEN_SYSCTL_cpupool_op), 0, "cpupool info");
    CHECK(s.u.cpupool_op.cpupool_id == 0 && s.u.cpupool_op.n_dom >= 1,
          "pool %u with %u domains", s.u.cpupool_op.cpupool_id,
          s.u.cpupool_op.n_dom);
    CHECK(map[0] == (uint8_t)((1U << nr_cpus) - 1), "pool 0 cpumap %x", map[0]);
    gmemset(&s, 0, sizeof(s));
    CHECK_RC(sysctl(&s, XEN_SYSCTL_sched_id), 0, "sched_id");
    guest_ok("cpupool 0: cpus %x, scheduler %u", map[0], s.u.sched_id.sched_id);
    gmemset(&s, 0, sizeof(s));
    s.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    s.u.cpupool_op.cpupool_id = 77;
    guest_expect(sysctl(&s, XEN_SYSCTL_cpupool_op), -XEN_ENOENT,
                 "info of a missing cpupool");
    guest_expect(sysctl(&s, 999), -XEN_ENOSYS, "unknown sysctl");
}

static void test_vcpu_queries(unsigned int nr_cpus)
{
    struct xen_domctl d;
    uint8_t hard = 0, soft = 0;

    gmemset(&d, 0, sizeof(d));
    CHECK_RC(domctl(&d, XEN_DOMCTL_getvcpuinfo, 0), 0, "getvcpuinfo 0");
    CHECK(d.u.getvcpuinfo.online && d.u.getvcpuinfo.running &&
              d.u.getvcpuinfo.cpu_time > 0,
          "vcpu 0: online %u running %u time %lu", d.u.getvcpuinfo.online,
          d.u.getvcpuinfo.running, d.u.getvcpuinfo.cpu_time);
    gmemset(&d, 0, sizeof(d));
    d.u.getvcpuinfo.vcpu = 1;
    if (hc_vcpu_op(VCPUOP_is_up, 1, NULL) >= 0) {
        CHECK_RC(domctl(&d, XEN_DOMCTL_getvcpuinfo, 0), 0, "getvcpuinfo 1");
        CHECK(!d.u.getvcpuinfo.online, "vcpu 1 online before VCPUOP_up");
    } else {
        /* A single-vCPU dom0 has no vCPU 1. */
        guest_expect(domctl(&d, XEN_DOMCTL_getvcpuinfo, 0), -XEN_EINVAL,
                     "getvcpuinfo 1 of a single-vCPU domain");
    }
    gmemset(&d, 0, sizeof(d));
    d.u.getvcpuinfo.vcpu = 200;
    guest_expect(domctl(&d, XEN_DOMCTL_getvcpuinfo, 0), -XEN_EINVAL,
                 "getvcpuinfo of a missing vcpu");

    gmemset(&d, 0, sizeof(d));
    d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, &hard);
    d.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_soft.bitmap, &soft);
    d.u.vcpuaffinity.cpumap_soft.nr_bits = 8;
    CHECK_RC(domctl(&d, XEN_DOMCTL_getvcpuaffinity, 0), 0, "getvcpuaffinity");
    CHECK((hard & ((1U << nr_cpus) - 1)) == (1U << nr_cpus) - 1,
          "vcpu 0 hard affinity %x", hard);
    guest_ok("getvcpuinfo, getvcpuaffinity (hard %x soft %x)", hard, soft);
}

/*
 * Take an I/O frame away from dom0: its mappings follow at once.  Dom0
 * cannot give it back to itself, since granting needs the access too.
 */
static void test_iomem_permission(void)
{
    struct xen_domctl d;
    const uint64_t mfn = 0x3ffff0;

    gmemset(&d, 0, sizeof(d));
    d.u.iomem_permission.first_mfn = mfn;
    d.u.iomem_permission.nr_mfns = 1;
    d.u.iomem_permission.allow_access = 0;
    CHECK_RC(domctl(&d, XEN_DOMCTL_iomem_permission, 0), 0, "deny iomem");
    guest_expect(map_page(scratch, mfn, PTE_P | PTE_A), -XEN_EPERM,
                 "map an I/O frame after its permission was removed");
    d.u.iomem_permission.allow_access = 1;
    guest_expect(domctl(&d, XEN_DOMCTL_iomem_permission, 0), -XEN_EPERM,
                 "dom0 granting itself back a frame it lost");
    d.u.iomem_permission.first_mfn = ~0UL;
    d.u.iomem_permission.nr_mfns = 2;
    guest_expect(domctl(&d, XEN_DOMCTL_iomem_permission, 0), -XEN_EINVAL,
                 "iomem range that wraps");
    gmemset(&d, 0, sizeof(d));
    d.u.ioport_permission.first_port = 0x2f8;
    d.u.ioport_permission.nr_ports = 8;
    d.u.ioport_permission.allow_access = 1;
    guest_expect(domctl(&d, XEN_DOMCTL_ioport_permission, 0), 0,
                 "ioport permission for COM2");
    guest_ok("iomem permission removal takes effect on dom0's mappings");
}

void test_domu_lifecycle(void);

void test_main(void)
{
    unsigned int nr_cpus;

    guest_install_traps();
    nr_cpus = test_physinfo();
    test_topology(nr_cpus);
    test_console_and_domains();
    test_cpupool(nr_cpus);
    test_vcpu_queries(nr_cpus);
    test_iomem_permission();
    test_domu_lifecycle();
}
