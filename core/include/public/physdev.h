/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: physical device operations (hypercall physdev_op,
 * #33).  physdev_op(cmd, arg): arg points at the sub-op's struct.  Most
 * sub-ops are for dom0 (interrupt routing, PCI devices).
 */
#ifndef XENITH_PUBLIC_PHYSDEV_H
#define XENITH_PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY  4
#define PHYSDEVOP_irq_status_query   5
#define PHYSDEVOP_set_iopl           6
#define PHYSDEVOP_set_iobitmap       7
#define PHYSDEVOP_apic_read          8
#define PHYSDEVOP_apic_write         9
#define PHYSDEVOP_alloc_irq_vector   10
#define PHYSDEVOP_free_irq_vector    11
#define PHYSDEVOP_eoi                12
#define PHYSDEVOP_map_pirq           13
#define PHYSDEVOP_unmap_pirq         14
#define PHYSDEVOP_manage_pci_add     15
#define PHYSDEVOP_manage_pci_remove  16
#define PHYSDEVOP_pirq_eoi_gmfn_v1   17
#define PHYSDEVOP_restore_msi        19
#define PHYSDEVOP_manage_pci_add_ext 20
#define PHYSDEVOP_setup_gsi          21
#define PHYSDEVOP_get_free_pirq      23
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define PHYSDEVOP_pci_device_add     25
#define PHYSDEVOP_pci_device_remove  26
#define PHYSDEVOP_restore_msi_ext    27
#define PHYSDEVOP_pirq_eoi_gmfn_v2   28
#define PHYSDEVOP_dbgp_op            29
#define PHYSDEVOP_prepare_msix       30
#define PHYSDEVOP_release_msix       31
#define PHYSDEVOP_pirq_eoi_gmfn      PHYSDEVOP_pirq_eoi_gmfn_v2

/* physdev_irq_status_query.flags */
#define _XENIRQSTAT_needs_eoi 0
#define XENIRQSTAT_needs_eoi  (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared    1
#define XENIRQSTAT_shared     (1U << _XENIRQSTAT_shared)

/* physdev_map_pirq.type */
#define MAP_PIRQ_TYPE_MSI       0x0
#define MAP_PIRQ_TYPE_GSI       0x1
#define MAP_PIRQ_TYPE_UNKNOWN   0x2
#define MAP_PIRQ_TYPE_MSI_SEG   0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

#define XEN_PCI_MMCFG_RESERVED 0x1

/* physdev_pci_device_add.flags */
#define XEN_PCI_DEV_EXTFN  0x1
#define XEN_PCI_DEV_VIRTFN 0x2
#define XEN_PCI_DEV_PXM    0x4

#define PHYSDEVOP_DBGP_RESET_PREPARE 1
#define PHYSDEVOP_DBGP_RESET_DONE    2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN   0
#define PHYSDEVOP_DBGP_BUS_PCI       1

#ifndef __ASSEMBLER__

struct physdev_eoi {
    uint32_t irq; /* IN: PIRQ to acknowledge. */
};
typedef struct physdev_eoi physdev_eoi_t;
_Static_assert(sizeof(struct physdev_eoi) == 4, "physdev_eoi size");

struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn; /* IN: frame of the PIRQ EOI bitmap. */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
_Static_assert(sizeof(struct physdev_pirq_eoi_gmfn) == 8,
               "physdev_pirq_eoi_gmfn size");

struct physdev_irq_status_query {
    uint32_t irq;   /* IN */
    uint32_t flags; /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
_Static_assert(sizeof(struct physdev_irq_status_query) == 8,
               "physdev_irq_status_query size");

struct physdev_set_iopl {
    uint32_t iopl; /* IN: virtual IOPL, 0-3. */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
_Static_assert(sizeof(struct physdev_set_iopl) == 4, "physdev_set_iopl size");

struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8_t) bitmap; /* IN */
    uint32_t nr_ports;                /* IN */
    uint32_t _pad;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
_Static_assert(sizeof(physdev_set_iobitmap_t) == 16, "set_iobitmap");

/* apic_read / apic_write: an IO-APIC register. */
struct physdev_apic {
    uint64_t apic_physbase; /* IN */
    uint32_t reg;           /* IN */
    uint32_t value;         /* IN/OUT */
};
typedef struct physdev_apic physdev_apic_t;
_Static_assert(sizeof(physdev_apic_t) == 16, "physdev_apic");

struct physdev_irq {
    uint32_t irq;    /* IN */
    uint32_t vector; /* OUT */
};
typedef struct physdev_irq physdev_irq_t;
_Static_assert(sizeof(struct physdev_irq) == 8, "physdev_irq size");

struct physdev_map_pirq {
    domid_t domid; /* IN */
    uint16_t _pad0;
    int32_t type;     /* IN: MAP_PIRQ_TYPE_* */
    int32_t index;    /* IN: GSI, or MSI vector index. */
    int32_t pirq;     /* IN/OUT: -1 allocates. */
    int32_t bus;      /* IN: MSI; for MSI_SEG the segment is in 31:16. */
    int32_t devfn;    /* IN: MSI */
    int32_t entry_nr; /* IN: MSI-X entry or vector count. */
    uint32_t _pad1;
    uint64_t table_base; /* IN: MSI-X table address. */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
_Static_assert(sizeof(physdev_map_pirq_t) == 40, "map_pirq");
_Static_assert(offsetof(physdev_map_pirq_t, table_base) == 32, "map tb");

struct physdev_unmap_pirq {
    domid_t domid; /* IN */
    uint16_t _pad;
    int32_t pirq; /* IN */
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
_Static_assert(sizeof(physdev_unmap_pirq_t) == 8, "unmap_pirq");

struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
_Static_assert(sizeof(struct physdev_manage_pci) == 2,
               "physdev_manage_pci size");

struct physdev_restore_msi {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
_Static_assert(sizeof(struct physdev_restore_msi) == 2,
               "physdev_restore_msi size");

struct physdev_manage_pci_ext {
    uint8_t bus;
    uint8_t devfn;
    uint16_t _pad0;
    uint32_t is_extfn;
    uint32_t is_virtfn;
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
    uint16_t _pad1;
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
_Static_assert(sizeof(physdev_manage_pci_ext_t) == 16, "pci_ext");

/* Argument of the old physdev_op_compat (#19) hypercall. */
struct physdev_op {
    uint32_t cmd;
    uint32_t _pad;
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t set_iopl;
        physdev_set_iobitmap_t set_iobitmap;
        physdev_apic_t apic_op;
        physdev_irq_t irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;
_Static_assert(sizeof(physdev_op_t) == 24, "physdev_op");

struct physdev_setup_gsi {
    int32_t gsi;        /* IN */
    uint8_t triggering; /* IN: 0 edge, 1 level. */
    uint8_t polarity;   /* IN: 0 high, 1 low. */
    uint16_t _pad;
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
_Static_assert(sizeof(struct physdev_setup_gsi) == 8, "physdev_setup_gsi size");

struct physdev_get_free_pirq {
    int32_t type;  /* IN: MAP_PIRQ_TYPE_* */
    uint32_t pirq; /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
_Static_assert(sizeof(struct physdev_get_free_pirq) == 8,
               "physdev_get_free_pirq size");

struct physdev_pci_mmcfg_reserved {
    uint64_t address;
    uint16_t segment;
    uint8_t start_bus;
    uint8_t end_bus;
    uint32_t flags; /* XEN_PCI_MMCFG_RESERVED */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
_Static_assert(sizeof(physdev_pci_mmcfg_reserved_t) == 16, "mmcfg");

struct physdev_pci_device_add {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags; /* XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
    uint16_t _pad;
    uint32_t optarr[]; /* Proximity domain when XEN_PCI_DEV_PXM. */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
_Static_assert(offsetof(physdev_pci_device_add_t, optarr) == 12, "pci add");
_Static_assert(sizeof(struct physdev_pci_device_add) == 12,
               "physdev_pci_device_add size");

/* pci_device_remove, restore_msi_ext, prepare/release_msix. */
struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);
_Static_assert(sizeof(struct physdev_pci_device) == 4,
               "physdev_pci_device size");

struct physdev_dbgp_op {
    uint8_t op;  /* PHYSDEVOP_DBGP_RESET_* */
    uint8_t bus; /* PHYSDEVOP_DBGP_BUS_* */
    union {
        physdev_pci_device_t pci;
    } u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
_Static_assert(sizeof(physdev_dbgp_op_t) == 6, "dbgp_op");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_PHYSDEV_H */
