/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev, part 2: platform_op as a dom0 kernel uses it (see physdev.c).
 *
 * get_cpuinfo and get_cpu_version per physical CPU, getidletime,
 * settime64 moving the wall clock (and back), firmware_info on a BIOS
 * boot, refusals with Xen 4.17's errors, and the MCA hypercall
 * (physcpuinfo, fetch with nothing logged).
 */
#include "guest.h"
#include "public/arch-x86/xen-mca.h"

void test_platform(void);

static long platform(struct xen_platform_op *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = XENPF_INTERFACE_VERSION;
    return HC(__HYPERVISOR_platform_op, op, 0, 0, 0, 0);
}

static uint64_t wall_clock_sec(void)
{
    uint32_t ver, sec;

    do {
        ver = shared->wc_version;
        barrier();
        sec = shared->wc_sec;
        barrier();
    } while ((ver & 1) || ver != shared->wc_version);
    return sec;
}

static void test_cpus(void)
{
    struct xen_platform_op op;
    uint64_t idle[8] = { 0 };
    uint8_t map = 0x3;
    uint32_t family;

    for (uint32_t c = 0; c < 2; c++) {
        gmemset(&op, 0, sizeof(op));
        op.u.pcpu_info.xen_cpuid = c;
        CHECK_RC(platform(&op, XENPF_get_cpuinfo), 0, "get_cpuinfo");
        CHECK(
            (op.u.pcpu_info.flags & XEN_PCPU_FLAGS_ONLINE) &&
                op.u.pcpu_info.apic_id == c && op.u.pcpu_info.max_present >= 1,
            "pcpu %u: flags %x apic %u max_present %u", c, op.u.pcpu_info.flags,
            op.u.pcpu_info.apic_id, op.u.pcpu_info.max_present);
    }
    gmemset(&op, 0, sizeof(op));
    op.u.pcpu_info.xen_cpuid = 4000;
    guest_expect(platform(&op, XENPF_get_cpuinfo), 0,
                 "get_cpuinfo of a CPU that does not exist");
    guest_expect(op.u.pcpu_info.flags & XEN_PCPU_FLAGS_INVALID,
                 XEN_PCPU_FLAGS_INVALID, "... is flagged invalid");
    gmemset(&op, 0, sizeof(op));
    CHECK_RC(platform(&op, XENPF_get_cpu_version), 0, "get_cpu_version");
    family = op.u.pcpu_version.family;
    CHECK(family >= 6, "cpu family %u", family);
    gmemset(&op, 0, sizeof(op));
    set_xen_guest_handle(op.u.getidletime.cpumap_bitmap, &map);
    op.u.getidletime.cpumap_nr_cpus = 8;
    set_xen_guest_handle(op.u.getidletime.idletime, idle);
    /* Only served when dom0 drives cpufreq (cpufreq=dom0-kernel). */
    guest_expect(platform(&op, XENPF_getidletime), -XEN_ENOSYS,
                 "getidletime without cpufreq=dom0-kernel");
    guest_ok("get_cpuinfo for 2 pcpus, get_cpu_version (family %u)", family);
}

static void test_settime(void)
{
    struct xen_platform_op op;
    uint64_t before = wall_clock_sec();
    uint64_t now_ns = guest_now_ns();

    /* Claim it is 2033-05-18 now, then put the old time back. */
    gmemset(&op, 0, sizeof(op));
    op.u.settime64.secs = 2000000000UL;
    op.u.settime64.system_time = now_ns;
    CHECK_RC(platform(&op, XENPF_settime64), 0, "settime64");
    CHECK(wall_clock_sec() + now_ns / 1000000000UL >= 1999999999UL &&
              wall_clock_sec() + now_ns / 1000000000UL <= 2000000001UL,
          "wall clock base %lu after settime64", wall_clock_sec());
    op.u.settime64.mbz = 1;
    guest_expect(platform(&op, XENPF_settime64), -XEN_EINVAL,
                 "settime64 with mbz set");
    gmemset(&op, 0, sizeof(op));
    op.u.settime64.secs = before + guest_now_ns() / 1000000000UL;
    op.u.settime64.system_time = guest_now_ns();
    CHECK_RC(platform(&op, XENPF_settime64), 0, "settime64 back");
    guest_ok("settime64 moves the wall clock and back");
}

static void test_refusals(void)
{
    struct xen_platform_op op;

    gmemset(&op, 0, sizeof(op));
    op.u.firmware_info.type = XEN_FW_EFI_INFO;
    op.u.firmware_info.index = XEN_FW_EFI_VERSION;
    guest_expect(platform(&op, XENPF_firmware_info), -XEN_ENOSYS,
                 "firmware_info EFI on a BIOS boot");
    gmemset(&op, 0, sizeof(op));
    op.u.firmware_info.type = XEN_FW_DISK_INFO;
    guest_expect(platform(&op, XENPF_firmware_info), -XEN_ESRCH,
                 "firmware_info EDD disk 0 (none recorded)");
    gmemset(&op, 0, sizeof(op));
    guest_expect(platform(&op, 999), -XEN_ENOSYS, "unknown platform_op");
    op.cmd = XENPF_get_cpu_version;
    op.interface_version = XENPF_INTERFACE_VERSION + 1;
    guest_expect(HC(__HYPERVISOR_platform_op, &op, 0, 0, 0, 0), -XEN_EACCES,
                 "platform_op with a wrong interface version");
}

/* The MCA hypercall as Linux's mcelog driver starts it. */
static void test_mca(void)
{
    static xen_mc_logical_cpu_t cpus[4];
    static mc_info_t info;
    xen_mc_t mc;

    gmemset(&mc, 0, sizeof(mc));
    mc.cmd = XEN_MC_physcpuinfo;
    mc.interface_version = XEN_MCA_INTERFACE_VERSION;
    CHECK_RC(HC(__HYPERVISOR_mca, &mc, 0, 0, 0, 0), 0, "mca physcpuinfo size");
    CHECK(mc.u.mc_physcpuinfo.ncpus == 2, "mca reports %u cpus",
          mc.u.mc_physcpuinfo.ncpus);
    set_xen_guest_handle(mc.u.mc_physcpuinfo.info, cpus);
    CHECK_RC(HC(__HYPERVISOR_mca, &mc, 0, 0, 0, 0), 0, "mca physcpuinfo");
    CHECK(cpus[1].mc_cpunr == 1 && cpus[1].mc_apicid == 1,
          "mca cpu 1: nr %u apic %u", cpus[1].mc_cpunr, cpus[1].mc_apicid);
    gmemset(&mc, 0, sizeof(mc));
    mc.cmd = XEN_MC_fetch;
    mc.interface_version = XEN_MCA_INTERFACE_VERSION;
    mc.u.mc_fetch.flags = XEN_MC_NONURGENT;
    set_xen_guest_handle(mc.u.mc_fetch.data, &info);
    CHECK_RC(HC(__HYPERVISOR_mca, &mc, 0, 0, 0, 0), 0, "mca fetch");
    CHECK(mc.u.mc_fetch.flags & XEN_MC_NODATA, "mca fetch flags %x",
          mc.u.mc_fetch.flags);
    mc.interface_version = XEN_MCA_INTERFACE_VERSION + 1;
    guest_expect(HC(__HYPERVISOR_mca, &mc, 0, 0, 0, 0), -XEN_EACCES,
                 "mca with a wrong interface version");
    guest_ok("mca: physcpuinfo for 2 cpus (vendor %.12s), fetch: no data",
             cpus[0].mc_vendorid);
}

void test_platform(void)
{
    test_cpus();
    test_settime();
    test_refusals();
    test_mca();
}
