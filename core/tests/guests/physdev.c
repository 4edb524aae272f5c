/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * physdev: the interrupt and device plumbing a dom0 kernel sets up.
 *
 * set_iopl, IO-APIC register reads through PHYSDEVOP_apic_read, a legacy
 * GSI (9, the ACPI SCI; IRQ 4 is the hypervisor's serial port) mapped to
 * a PIRQ (map_pirq), bound to an event channel (bind_pirq),
 * queried (irq_status_query), EOIed, unbound and unmapped, a free MSI
 * PIRQ, PCI device and MMCONFIG reports, and refusals with Xen 4.17's
 * errors; platform_op in physdev-platform.c.
 */
#include "guest.h"
#include "public/sysctl.h"

const char guest_name[] = "physdev";

static long physdev(int cmd, void *arg)
{
    return HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static uint32_t ioapic_read(uint32_t reg)
{
    struct physdev_apic a = { .apic_physbase = 0xfec00000, .reg = reg };

    CHECK_RC(physdev(PHYSDEVOP_apic_read, &a), 0, "apic_read");
    return a.value;
}

static void test_iopl_and_ioapic(void)
{
    struct physdev_set_iopl iopl = { .iopl = 1 };
    uint32_t ver = ioapic_read(1);

    CHECK_RC(physdev(PHYSDEVOP_set_iopl, &iopl), 0, "set_iopl 1");
    iopl.iopl = 4;
    guest_expect(physdev(PHYSDEVOP_set_iopl, &iopl), -XEN_EINVAL, "set_iopl 4");
    /* QEMU's IO-APIC: version 0x20, 24 redirection entries. */
    CHECK((ver & 0xff) == 0x20 && ((ver >> 16) & 0xff) == 23,
          "IO-APIC version register %x", ver);
    guest_ok("set_iopl, IO-APIC version register %x", ver);
}

static void port_outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static uint32_t port_inl(uint16_t port)
{
    uint32_t v;

    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint16_t port_inw(uint16_t port)
{
    uint16_t v;

    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint8_t port_inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/*
 * PCI configuration mechanism 1 through emulated port I/O (IOPL 1): the
 * latch at 0xcf8, and data reads that start inside 0xcfc-0xcff and run
 * past 0xcff.  Xen 4.17 splits them: at most up to 0xcff from the
 * configuration space (a word for 3 bytes), the rest from the ports
 * beyond, as any other port (QEMU leaves 0xd00-0xd02 unassigned).
 */
static void test_pci_ports(void)
{
    uint32_t id, got, want, d00 = port_inb(0xd00), d01 = port_inb(0xd01);

    port_outl(0xcf8, 0x80000000u); /* 00:00.0, register 0 */
    CHECK(port_inl(0xcf8) == 0x80000000u, "0xcf8 reads %x", port_inl(0xcf8));
    id = port_inl(0xcfc);
    CHECK((id & 0xffff) == 0x8086, "host bridge ID %x", id);
    guest_expect(port_inw(0xcfe), id >> 16, "inw 0xcfe");
    guest_expect(port_inb(0xcfd), (id >> 8) & 0xff, "inb 0xcfd");
    /* 0xcfd-0xcfe is one word access to the configuration space: Xen
     * 4.17 makes it an inw at 0xcfd, which QEMU answers with 0; Xenith
     * reads the two bytes.  What follows is 0xcff, then port 0xd00. */
    got = port_inl(0xcfd);
    want = (id >> 24) | (d00 << 8);
    guest_expect(got >> 16, want, "inl 0xcfd: 0xcff and 0xd00 in the top half");
    got = port_inl(0xcfe);
    want = (id >> 16) | (d00 << 16) | (d01 << 24);
    guest_expect(got, want, "inl 0xcfe (0xcfe-0xcff, then 0xd00-0xd01)");
    got = port_inw(0xcff);
    want = (id >> 24) | (d00 << 8);
    guest_expect(got, want, "inw 0xcff (0xcff, then 0xd00)");
    port_outl(0xcf8, 0);
    guest_expect(port_inl(0xcfc), 0xffffffffu, "0xcfc with the latch off");
    guest_ok("PCI config ports: host bridge %x, reads past 0xcff split "
             "there (0xd00 reads %x)",
             id, d00);
}

static void test_gsi(void)
{
    struct physdev_map_pirq mp = {
        .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = 9, .pirq = 9
    };
    struct physdev_setup_gsi sg = { .gsi = 9, .triggering = 1, .polarity = 1 };
    struct evtchn_bind_pirq bp = { .flags = BIND_PIRQ__WILL_SHARE };
    struct physdev_irq_status_query q;
    struct physdev_eoi eoi;
    struct physdev_unmap_pirq up = { .domid = DOMID_SELF };

    /*
     * GSI 9 (ACPI SCI, level/low): IRQ 4 belongs to the hypervisor's
     * serial port, where setup_gsi says -EEXIST and bind_pirq -EBUSY.
     */
    guest_expect(physdev(PHYSDEVOP_setup_gsi, &sg), 0, "setup_gsi 9 level/low");
    CHECK_RC(physdev(PHYSDEVOP_map_pirq, &mp), 0, "map_pirq GSI 9");
    CHECK(mp.pirq == 9, "GSI 9 mapped to pirq %d", mp.pirq);
    bp.pirq = (uint32_t)mp.pirq;
    CHECK_RC(hc_evtchn_op(EVTCHNOP_bind_pirq, &bp), 0, "bind_pirq");
    q.irq = (uint32_t)mp.pirq;
    CHECK_RC(physdev(PHYSDEVOP_irq_status_query, &q), 0, "irq_status_query");
    eoi.irq = (uint32_t)mp.pirq;
    CHECK_RC(physdev(PHYSDEVOP_eoi, &eoi), 0, "PHYSDEVOP_eoi");
    guest_expect(hc_evtchn_op(EVTCHNOP_bind_pirq, &bp), -XEN_EEXIST,
                 "bind the same pirq twice");
    CHECK_RC(evtchn_close(bp.port), 0, "close the pirq port");
    up.pirq = mp.pirq;
    CHECK_RC(physdev(PHYSDEVOP_unmap_pirq, &up), 0, "unmap_pirq");
    guest_ok("GSI 9 -> pirq %d -> port %u (status flags %x), unmapped", mp.pirq,
             bp.port, q.flags);
}

static void test_pci(void)
{
    struct physdev_get_free_pirq fp = { .type = MAP_PIRQ_TYPE_MSI };
    struct physdev_pci_mmcfg_reserved mc = { .address = 0xb0000000,
                                             .segment = 0,
                                             .start_bus = 0,
                                             .end_bus = 255,
                                             .flags = XEN_PCI_MMCFG_RESERVED };
    struct physdev_pci_device_add add = { .seg = 0,
                                          .bus = 0,
                                          .devfn = 0x1f << 3 };
    struct physdev_pci_device pd = { .seg = 0, .bus = 0, .devfn = 0x1f << 3 };

    CHECK_RC(physdev(PHYSDEVOP_get_free_pirq, &fp), 0, "get_free_pirq MSI");
    CHECK(fp.pirq >= 16, "free MSI pirq %u among the legacy ones", fp.pirq);
    guest_expect(physdev(PHYSDEVOP_pci_mmcfg_reserved, &mc), 0,
                 "pci_mmcfg_reserved for QEMU's MCFG");
    guest_expect(physdev(PHYSDEVOP_pci_device_add, &add), 0,
                 "pci_device_add of 00:1f.0 (already known)");
    guest_expect(physdev(PHYSDEVOP_restore_msi_ext, &pd), 0,
                 "restore_msi_ext on a device without MSI in use");
    pd.bus = 200;
    guest_expect(physdev(PHYSDEVOP_pci_device_remove, &pd), -XEN_ENODEV,
                 "pci_device_remove of a missing device");
    guest_ok("free MSI pirq %u, MMCONFIG and PCI device reports", fp.pirq);
}

/* XEN_SYSCTL_pcitopoinfo for 00:1f.3 and 00:1e.7 (never on q35's bus). */
static void pcitopo(uint32_t want_1f3, const char *when)
{
    physdev_pci_device_t devs[2] = { { 0, 0, (0x1f << 3) | 3 },
                                     { 0, 0, (0x1e << 3) | 7 } };
    uint32_t nodes[2] = { 1, 1 };
    struct xen_sysctl s;

    gmemset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_pcitopoinfo;
    s.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    s.u.pcitopoinfo.num_devs = 2;
    set_xen_guest_handle(s.u.pcitopoinfo.devs, devs);
    guest_expect(HC(__HYPERVISOR_sysctl, &s, 0, 0, 0, 0), -XEN_EINVAL,
                 "pcitopoinfo without a nodes array");
    set_xen_guest_handle(s.u.pcitopoinfo.nodes, nodes);
    guest_expect(HC(__HYPERVISOR_sysctl, &s, 0, 0, 0, 0), 0, "pcitopoinfo");
    CHECK(s.u.pcitopoinfo.num_devs == 2, "pcitopoinfo did %u devices",
          s.u.pcitopoinfo.num_devs);
    CHECK(nodes[0] == want_1f3 && nodes[1] == XEN_INVALID_DEV,
          "pcitopoinfo %s: nodes %x %x", when, nodes[0], nodes[1]);
}

/* The hypervisor keeps the device list dom0 reports: what was removed is
 * gone (-ENODEV) until added again; MMCONFIG reports must match the MCFG. */
static void test_pci_list(void)
{
    struct physdev_pci_mmcfg_reserved mc = { .address = 0xb0000000,
                                             .segment = 0,
                                             .start_bus = 0,
                                             .end_bus = 255,
                                             .flags = XEN_PCI_MMCFG_RESERVED };
    struct physdev_pci_device_add add = { .seg = 0,
                                          .bus = 0,
                                          .devfn = (0x1f << 3) | 3 };
    struct physdev_pci_device pd = { .seg = 0,
                                     .bus = 0,
                                     .devfn = (0x1f << 3) | 3 };
    struct physdev_manage_pci mp = { .bus = 0, .devfn = (0x1f << 3) | 3 };

    mc.address = 0xc0000000;
    guest_expect(physdev(PHYSDEVOP_pci_mmcfg_reserved, &mc), -XEN_EIO,
                 "pci_mmcfg_reserved at another address than the MCFG's");
    mc.address = 0xb0000000;
    mc.segment = 1;
    guest_expect(physdev(PHYSDEVOP_pci_mmcfg_reserved, &mc), -XEN_ENODEV,
                 "pci_mmcfg_reserved of a segment the MCFG lacks");
    mc.segment = 0;
    mc.end_bus = 127;
    guest_expect(physdev(PHYSDEVOP_pci_mmcfg_reserved, &mc), -XEN_ENODEV,
                 "pci_mmcfg_reserved of other buses than the MCFG's");
    mc.end_bus = 255;
    mc.flags = 2;
    guest_expect(physdev(PHYSDEVOP_pci_mmcfg_reserved, &mc), -XEN_EINVAL,
                 "pci_mmcfg_reserved with an unknown flag");

    /* 00:1f.3 (the SMBus controller): unknown until dom0 reports it (no
     * IOMMU, so no boot scan of its own), then added, removed, gone. */
    guest_expect(physdev(PHYSDEVOP_pci_device_remove, &pd), -XEN_ENODEV,
                 "pci_device_remove of 00:1f.3 before any report");
    guest_expect(physdev(PHYSDEVOP_restore_msi_ext, &pd), -XEN_ENODEV,
                 "restore_msi_ext of 00:1f.3 before any report");
    pcitopo(XEN_INVALID_DEV, "before the report");
    guest_expect(physdev(PHYSDEVOP_pci_device_add, &add), 0,
                 "pci_device_add of 00:1f.3");
    pcitopo(XEN_INVALID_NODE_ID, "once reported");
    guest_expect(physdev(PHYSDEVOP_restore_msi_ext, &pd), 0,
                 "restore_msi_ext of 00:1f.3 once reported");
    guest_expect(physdev(PHYSDEVOP_pci_device_remove, &pd), 0,
                 "pci_device_remove of 00:1f.3");
    guest_expect(physdev(PHYSDEVOP_pci_device_remove, &pd), -XEN_ENODEV,
                 "pci_device_remove of 00:1f.3 again");
    guest_expect(physdev(PHYSDEVOP_restore_msi_ext, &pd), -XEN_ENODEV,
                 "restore_msi_ext of a removed device");
    guest_expect(physdev(PHYSDEVOP_manage_pci_remove, &mp), -XEN_ENODEV,
                 "manage_pci_remove of a removed device");
    guest_expect(physdev(PHYSDEVOP_manage_pci_add, &mp), 0,
                 "manage_pci_add of 00:1f.3");
    guest_expect(physdev(PHYSDEVOP_restore_msi, &mp), 0,
                 "restore_msi of a device added back");
    guest_expect(physdev(PHYSDEVOP_manage_pci_remove, &mp), 0,
                 "manage_pci_remove of 00:1f.3");
    /* A device dom0 reports that the bus does not show is recorded too. */
    add.bus = pd.bus = 200;
    guest_expect(physdev(PHYSDEVOP_pci_device_add, &add), 0,
                 "pci_device_add of 00c8:00.0 (not on the bus)");
    guest_expect(physdev(PHYSDEVOP_pci_device_remove, &pd), 0,
                 "pci_device_remove of the reported device");
    guest_expect(physdev(PHYSDEVOP_pci_device_remove, &pd), -XEN_ENODEV,
                 "pci_device_remove of it again");
    guest_ok("PCI device list follows dom0's add/remove reports; MMCONFIG "
             "reports checked against the MCFG");
}

static void test_refusals(void)
{
    struct physdev_map_pirq mp = { .domid = DOMID_SELF,
                                   .type = MAP_PIRQ_TYPE_GSI,
                                   .index = 4000,
                                   .pirq = -1 };
    struct physdev_unmap_pirq up = { .domid = DOMID_SELF, .pirq = 300 };
    struct physdev_eoi eoi = { .irq = 100000 };
    struct physdev_apic a = { .apic_physbase = 0x12345000, .reg = 1 };

    guest_expect(physdev(PHYSDEVOP_map_pirq, &mp), -XEN_EINVAL,
                 "map_pirq of GSI 4000");
    mp.index = 9;
    mp.type = 77;
    guest_expect(physdev(PHYSDEVOP_map_pirq, &mp), -XEN_EINVAL,
                 "map_pirq of an unknown type");
    guest_expect(physdev(PHYSDEVOP_unmap_pirq, &up), -XEN_EINVAL,
                 "unmap_pirq of an unmapped pirq");
    guest_expect(physdev(PHYSDEVOP_eoi, &eoi), -XEN_EINVAL,
                 "eoi of a pirq out of range");
    guest_expect(physdev(PHYSDEVOP_apic_read, &a), -XEN_EINVAL,
                 "apic_read of a bogus IO-APIC");
    guest_expect(physdev(99, &a), -XEN_ENOSYS, "unknown physdev_op");
    {
        /* The hypervisor's own serial IRQ may be mapped but not bound. */
        struct physdev_map_pirq m4 = { .domid = DOMID_SELF,
                                       .type = MAP_PIRQ_TYPE_GSI,
                                       .index = 4,
                                       .pirq = 4 };
        struct evtchn_bind_pirq b4 = { .pirq = 4 };

        guest_expect(physdev(PHYSDEVOP_map_pirq, &m4), 0, "map_pirq GSI 4");
        guest_expect(hc_evtchn_op(EVTCHNOP_bind_pirq, &b4), -XEN_EBUSY,
                     "bind_pirq of the hypervisor's serial IRQ");
        up.pirq = 4;
        guest_expect(physdev(PHYSDEVOP_unmap_pirq, &up), 0, "unmap_pirq 4");
    }
    guest_ok("physdev refusals checked");
}

/* In physdev-platform.c. */
void test_platform(void);

void test_main(void)
{
    guest_install_traps();
    events_init();
    test_iopl_and_ioapic();
    test_pci_ports();
    test_gsi();
    test_pci();
    test_pci_list();
    test_refusals();
    test_platform();
}
