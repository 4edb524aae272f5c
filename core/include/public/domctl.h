/* SPDX-License-Identifier: MIT */
/*
 * Xen public toolstack ABI: domain control (hypercall domctl, #36),
 * interface version 0x15 as in Xen 4.17.
 *
 * The argument is one struct xen_domctl: cmd, interface_version (must be
 * XEN_DOMCTL_INTERFACE_VERSION), the target domain and a 128-byte union
 * of per-command structs.  Only a privileged domain may call it.  The
 * commands declared here are the ones Xenith's toolstack uses; the
 * numbering of the others is kept so they can be rejected by number.
 */
#ifndef XENITH_PUBLIC_DOMCTL_H
#define XENITH_PUBLIC_DOMCTL_H

#include "xen.h"
#include "event_channel.h"
#include "grant_table.h"
#include "memory.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

#define XEN_DOMCTL_createdomain            1
#define XEN_DOMCTL_destroydomain           2
#define XEN_DOMCTL_pausedomain             3
#define XEN_DOMCTL_unpausedomain           4
#define XEN_DOMCTL_getdomaininfo           5
#define XEN_DOMCTL_setvcpuaffinity         9
#define XEN_DOMCTL_shadow_op               10
#define XEN_DOMCTL_max_mem                 11
#define XEN_DOMCTL_setvcpucontext          12
#define XEN_DOMCTL_getvcpucontext          13
#define XEN_DOMCTL_getvcpuinfo             14
#define XEN_DOMCTL_max_vcpus               15
#define XEN_DOMCTL_scheduler_op            16
#define XEN_DOMCTL_setdomainhandle         17
#define XEN_DOMCTL_setdebugging            18
#define XEN_DOMCTL_irq_permission          19
#define XEN_DOMCTL_iomem_permission        20
#define XEN_DOMCTL_ioport_permission       21
#define XEN_DOMCTL_hypercall_init          22
#define XEN_DOMCTL_settimeoffset           24
#define XEN_DOMCTL_getvcpuaffinity         25
#define XEN_DOMCTL_real_mode_area          26
#define XEN_DOMCTL_resumedomain            27
#define XEN_DOMCTL_sendtrigger             28
#define XEN_DOMCTL_subscribe               29
#define XEN_DOMCTL_gethvmcontext           33
#define XEN_DOMCTL_sethvmcontext           34
#define XEN_DOMCTL_set_address_size        35
#define XEN_DOMCTL_get_address_size        36
#define XEN_DOMCTL_assign_device           37
#define XEN_DOMCTL_bind_pt_irq             38
#define XEN_DOMCTL_memory_mapping          39
#define XEN_DOMCTL_ioport_mapping          40
#define XEN_DOMCTL_set_ext_vcpucontext     42
#define XEN_DOMCTL_get_ext_vcpucontext     43
#define XEN_DOMCTL_test_assign_device      45
#define XEN_DOMCTL_set_target              46
#define XEN_DOMCTL_deassign_device         47
#define XEN_DOMCTL_unbind_pt_irq           48
#define XEN_DOMCTL_get_device_group        50
#define XEN_DOMCTL_debug_op                54
#define XEN_DOMCTL_gethvmcontext_partial   55
#define XEN_DOMCTL_vm_event_op             56
#define XEN_DOMCTL_mem_sharing_op          57
#define XEN_DOMCTL_gettscinfo              59
#define XEN_DOMCTL_settscinfo              60
#define XEN_DOMCTL_getpageframeinfo3       61
#define XEN_DOMCTL_setvcpuextstate         62
#define XEN_DOMCTL_getvcpuextstate         63
#define XEN_DOMCTL_set_access_required     64
#define XEN_DOMCTL_audit_p2m               65
#define XEN_DOMCTL_set_virq_handler        66
#define XEN_DOMCTL_set_broken_page_p2m     67
#define XEN_DOMCTL_setnodeaffinity         68
#define XEN_DOMCTL_getnodeaffinity         69
#define XEN_DOMCTL_cacheflush              71
#define XEN_DOMCTL_get_vcpu_msrs           72
#define XEN_DOMCTL_set_vcpu_msrs           73
#define XEN_DOMCTL_setvnumainfo            74
#define XEN_DOMCTL_psr_cmt_op              75
#define XEN_DOMCTL_monitor_op              77
#define XEN_DOMCTL_psr_alloc               78
#define XEN_DOMCTL_soft_reset              79
#define XEN_DOMCTL_vuart_op                81
#define XEN_DOMCTL_get_cpu_policy          82
#define XEN_DOMCTL_set_cpu_policy          83
#define XEN_DOMCTL_vmtrace_op              84
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86
#define XEN_DOMCTL_gdbsx_guestmemio        1000
#define XEN_DOMCTL_gdbsx_pausevcpu         1001
#define XEN_DOMCTL_gdbsx_unpausevcpu       1002
#define XEN_DOMCTL_gdbsx_domstatus         1003

/* createdomain flags. */
#define XEN_DOMCTL_CDF_hvm            (1U << 0)
#define XEN_DOMCTL_CDF_hap            (1U << 1)
#define XEN_DOMCTL_CDF_s3_integrity   (1U << 2)
#define XEN_DOMCTL_CDF_oos_off        (1U << 3)
#define XEN_DOMCTL_CDF_xs_domain      (1U << 4)
#define XEN_DOMCTL_CDF_iommu          (1U << 5)
#define XEN_DOMCTL_CDF_nested_virt    (1U << 6)
#define XEN_DOMCTL_CDF_vpmu           (1U << 7)
#define XEN_DOMCTL_CDF_MAX            XEN_DOMCTL_CDF_vpmu
#define XEN_DOMCTL_IOMMU_no_sharept   (1U << 0)
#define XEN_DOMCTL_IOMMU_MAX          XEN_DOMCTL_IOMMU_no_sharept
#define XEN_DOMCTL_GRANT_version_mask 0xfU
#define XEN_DOMCTL_GRANT_version(v)   ((v)&XEN_DOMCTL_GRANT_version_mask)

/* getdomaininfo flags; the shutdown reason sits in bits 16-23. */
#define XEN_DOMINF_dying         (1U << 0)
#define XEN_DOMINF_hvm_guest     (1U << 1)
#define XEN_DOMINF_shutdown      (1U << 2)
#define XEN_DOMINF_paused        (1U << 3)
#define XEN_DOMINF_blocked       (1U << 4)
#define XEN_DOMINF_running       (1U << 5)
#define XEN_DOMINF_debugged      (1U << 6)
#define XEN_DOMINF_xs_domain     (1U << 7)
#define XEN_DOMINF_hap           (1U << 8)
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16
#define XEN_INVALID_MAX_VCPU_ID  (~0U)

/* getpageframeinfo3 type bits (top nibble of each entry). */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT    28
#define XEN_DOMCTL_PFINFO_NOTAB         (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB         (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB         (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB         (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB         (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB       (0x1U << 31)
#define XEN_DOMCTL_PFINFO_XTAB          (0xfU << 28)
#define XEN_DOMCTL_PFINFO_XALLOC        (0xeU << 28)
#define XEN_DOMCTL_PFINFO_BROKEN        (0xdU << 28)
#define XEN_DOMCTL_PFINFO_LTAB_MASK     (0xfU << 28)

/* shadow_op operations and modes. */
#define XEN_DOMCTL_SHADOW_OP_OFF              0
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TEST      1
#define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY  2
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TRANSLATE 3
#define XEN_DOMCTL_SHADOW_OP_CLEAN            11
#define XEN_DOMCTL_SHADOW_OP_PEEK             12
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION   30
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION   31
#define XEN_DOMCTL_SHADOW_OP_ENABLE           32
#define XEN_DOMCTL_SHADOW_ENABLE_REFCOUNT     (1 << 1)
#define XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY    (1 << 2)
#define XEN_DOMCTL_SHADOW_ENABLE_TRANSLATE    (1 << 3)
#define XEN_DOMCTL_SHADOW_ENABLE_EXTERNAL     (1 << 4)
#define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL      (1 << 0)

/* vcpuaffinity flags. */
#define XEN_VCPUAFFINITY_HARD  (1U << 0)
#define XEN_VCPUAFFINITY_SOFT  (1U << 1)
#define XEN_VCPUAFFINITY_FORCE (1U << 2)

/* Scheduler ids (also sysctl sched_id / cpupool). */
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

#define XEN_DOMCTL_SCHEDOP_putinfo     0
#define XEN_DOMCTL_SCHEDOP_getinfo     1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
#define XEN_DOMCTL_SCHEDRT_extra       (1U << 0)

/* sendtrigger */
#define XEN_DOMCTL_SENDTRIGGER_NMI   0
#define XEN_DOMCTL_SENDTRIGGER_RESET 1
#define XEN_DOMCTL_SENDTRIGGER_INIT  2
#define XEN_DOMCTL_SENDTRIGGER_POWER 3
#define XEN_DOMCTL_SENDTRIGGER_SLEEP 4

/* memory_mapping, ioport_mapping */
#define DPCI_ADD_MAPPING    1
#define DPCI_REMOVE_MAPPING 0

/* assign_device: device kinds and flags. */
#define XEN_DOMCTL_DEV_PCI         0
#define XEN_DOMCTL_DEV_DT          1
#define XEN_DOMCTL_DEV_RDM_RELAXED 1

/* bind_pt_irq: irq_type values and MSI gflags fields. */
#define PT_IRQ_TYPE_PCI                  0
#define PT_IRQ_TYPE_ISA                  1
#define PT_IRQ_TYPE_MSI                  2
#define PT_IRQ_TYPE_MSI_TRANSLATE        3
#define PT_IRQ_TYPE_SPI                  4
#define XEN_DOMCTL_VMSI_X86_DEST_ID_MASK 0x0000ff
#define XEN_DOMCTL_VMSI_X86_RH_MASK      0x000100
#define XEN_DOMCTL_VMSI_X86_DM_MASK      0x000200
#define XEN_DOMCTL_VMSI_X86_DELIV_MASK   0x007000
#define XEN_DOMCTL_VMSI_X86_TRIG_MASK    0x008000
#define XEN_DOMCTL_VMSI_X86_UNMASKED     0x010000

#ifndef __ASSEMBLER__

struct xen_domctl_createdomain {
    uint32_t ssidref;                  /* IN: XSM label. */
    xen_domain_handle_t handle;        /* IN: UUID. */
    uint32_t flags;                    /* IN: XEN_DOMCTL_CDF_* */
    uint32_t iommu_opts;               /* IN: XEN_DOMCTL_IOMMU_* */
    uint32_t max_vcpus;                /* IN */
    uint32_t max_evtchn_port;          /* IN */
    int32_t max_grant_frames;          /* IN: -1 = hypervisor default. */
    int32_t max_maptrack_frames;       /* IN: -1 = hypervisor default. */
    uint32_t grant_opts;               /* IN: XEN_DOMCTL_GRANT_version(v). */
    uint32_t vmtrace_size;             /* IN */
    uint32_t cpupool_id;               /* IN */
    struct xen_arch_domainconfig arch; /* IN */
};
_Static_assert(sizeof(struct xen_domctl_createdomain) == 64, "createdomain");
_Static_assert(offsetof(struct xen_domctl_createdomain, max_vcpus) == 28,
               "cd max_vcpus");
_Static_assert(offsetof(struct xen_domctl_createdomain, arch) == 56, "cd arch");

/* OUT for getdomaininfo and each entry of sysctl getdomaininfolist. */
struct xen_domctl_getdomaininfo {
    domid_t domain; /* OUT: the domain described. */
    uint16_t pad1;
    uint32_t flags; /* OUT: XEN_DOMINF_* */
    uint64_aligned_t tot_pages;
    uint64_aligned_t max_pages;
    uint64_aligned_t outstanding_pages;
    uint64_aligned_t shr_pages;
    uint64_aligned_t paged_pages;
    uint64_aligned_t shared_info_frame; /* GMFN of shared_info. */
    uint64_aligned_t cpu_time;          /* ns, all vCPUs. */
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);
_Static_assert(sizeof(xen_domctl_getdomaininfo_t) == 112, "getdomaininfo");
_Static_assert(offsetof(xen_domctl_getdomaininfo_t, cpu_time) == 56, "gdi t");
_Static_assert(offsetof(xen_domctl_getdomaininfo_t, handle) == 76, "gdi h");
_Static_assert(offsetof(xen_domctl_getdomaininfo_t, cpupool) == 92, "gdi p");
_Static_assert(offsetof(xen_domctl_getdomaininfo_t, arch_config) == 104,
               "gdi arch");

struct xen_domctl_getpageframeinfo3 {
    uint64_aligned_t num;                 /* IN */
    XEN_GUEST_HANDLE_64(xen_pfn_t) array; /* IN: GFNs; OUT: | PFINFO. */
};
_Static_assert(sizeof(struct xen_domctl_getpageframeinfo3) == 16, "pfinfo3");

struct xen_domctl_shadow_op_stats {
    uint32_t fault_count;
    uint32_t dirty_count;
};
_Static_assert(sizeof(struct xen_domctl_shadow_op_stats) == 8,
               "xen_domctl_shadow_op_stats size");

struct xen_domctl_shadow_op {
    uint32_t op;   /* IN: XEN_DOMCTL_SHADOW_OP_* */
    uint32_t mode; /* IN: XEN_DOMCTL_SHADOW_ENABLE_* */
    uint32_t mb;   /* IN/OUT: shadow memory in MiB. */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(uint8_t) dirty_bitmap; /* OUT */
    uint64_aligned_t pages;                    /* IN/OUT */
    struct xen_domctl_shadow_op_stats stats;   /* OUT */
};
_Static_assert(sizeof(struct xen_domctl_shadow_op) == 40, "shadow_op");

struct xen_domctl_max_mem {
    uint64_aligned_t max_memkb; /* IN */
};
_Static_assert(sizeof(struct xen_domctl_max_mem) == 8,
               "xen_domctl_max_mem size");

/* setvcpucontext (IN) / getvcpucontext (OUT). */
struct xen_domctl_vcpucontext {
    uint32_t vcpu; /* IN */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt; /* IN/OUT */
};
_Static_assert(sizeof(struct xen_domctl_vcpucontext) == 16, "vcpucontext");

struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;   /* IN */
    uint8_t online;  /* OUT */
    uint8_t blocked; /* OUT */
    uint8_t running; /* OUT */
    uint8_t _pad;
    uint64_aligned_t cpu_time; /* OUT: ns. */
    uint32_t cpu;              /* OUT: physical CPU. */
    uint32_t _pad2;
};
_Static_assert(sizeof(struct xen_domctl_getvcpuinfo) == 24, "getvcpuinfo");
_Static_assert(offsetof(struct xen_domctl_getvcpuinfo, cpu) == 16, "gvi cpu");

struct xen_domctl_nodeaffinity {
    struct xenctl_bitmap nodemap; /* IN (set) / OUT (get) */
};
_Static_assert(sizeof(struct xen_domctl_nodeaffinity) == 16,
               "xen_domctl_nodeaffinity size");

/* setvcpuaffinity (IN, OUT: effective) / getvcpuaffinity (OUT). */
struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;  /* IN */
    uint32_t flags; /* IN: XEN_VCPUAFFINITY_* */
    struct xenctl_bitmap cpumap_hard;
    struct xenctl_bitmap cpumap_soft;
};
_Static_assert(sizeof(struct xen_domctl_vcpuaffinity) == 40, "vcpuaffinity");

struct xen_domctl_max_vcpus {
    uint32_t max; /* IN */
};
_Static_assert(sizeof(struct xen_domctl_max_vcpus) == 4,
               "xen_domctl_max_vcpus size");

struct xen_domctl_sched_credit {
    uint16_t weight; /* 1-65535, default 256. */
    uint16_t cap;    /* Percent of one CPU, 0 = uncapped. */
};
_Static_assert(sizeof(struct xen_domctl_sched_credit) == 4,
               "xen_domctl_sched_credit size");

struct xen_domctl_sched_credit2 {
    uint16_t weight;
    uint16_t cap;
};
_Static_assert(sizeof(struct xen_domctl_sched_credit2) == 4,
               "xen_domctl_sched_credit2 size");

struct xen_domctl_sched_rtds {
    uint32_t period; /* us */
    uint32_t budget; /* us */
    uint32_t flags;  /* XEN_DOMCTL_SCHEDRT_* */
};
_Static_assert(sizeof(struct xen_domctl_sched_rtds) == 12,
               "xen_domctl_sched_rtds size");

typedef struct xen_domctl_schedparam_vcpu {
    union {
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
    } u;
    uint32_t vcpuid;
} xen_domctl_schedparam_vcpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu_t);
_Static_assert(sizeof(xen_domctl_schedparam_vcpu_t) == 16, "schedparam");

struct xen_domctl_scheduler_op {
    uint32_t sched_id; /* IN: XEN_SCHEDULER_* of the domain's pool. */
    uint32_t cmd;      /* IN: XEN_DOMCTL_SCHEDOP_* */
    union {
        struct xen_domctl_sched_credit credit;   /* IN/OUT */
        struct xen_domctl_sched_credit2 credit2; /* IN/OUT */
        struct xen_domctl_sched_rtds rtds;       /* IN/OUT */
        struct {
            XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) vcpus;
            uint32_t nr_vcpus;
            uint32_t padding;
        } v; /* put/getvcpuinfo */
    } u;
};
_Static_assert(sizeof(struct xen_domctl_scheduler_op) == 24, "scheduler_op");
_Static_assert(offsetof(struct xen_domctl_scheduler_op, u) == 8, "sched u");

struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle; /* IN */
};
_Static_assert(sizeof(struct xen_domctl_setdomainhandle) == 16,
               "xen_domctl_setdomainhandle size");

struct xen_domctl_setdebugging {
    uint8_t enable; /* IN */
};
_Static_assert(sizeof(struct xen_domctl_setdebugging) == 1,
               "xen_domctl_setdebugging size");

struct xen_domctl_irq_permission {
    uint32_t pirq;        /* IN */
    uint8_t allow_access; /* IN: 1 grant, 0 revoke. */
    uint8_t pad[3];
};
_Static_assert(sizeof(struct xen_domctl_irq_permission) == 8,
               "xen_domctl_irq_permission size");

struct xen_domctl_iomem_permission {
    uint64_aligned_t first_mfn; /* IN */
    uint64_aligned_t nr_mfns;   /* IN */
    uint8_t allow_access;       /* IN */
    uint8_t _pad[7];
};
_Static_assert(sizeof(struct xen_domctl_iomem_permission) == 24, "iomem");

struct xen_domctl_ioport_permission {
    uint32_t first_port;  /* IN */
    uint32_t nr_ports;    /* IN */
    uint8_t allow_access; /* IN */
    uint8_t _pad[3];
};
_Static_assert(sizeof(struct xen_domctl_ioport_permission) == 12, "ioport");

struct xen_domctl_hypercall_init {
    uint64_aligned_t gmfn; /* IN: frame to fill with hypercall stubs. */
};
_Static_assert(sizeof(struct xen_domctl_hypercall_init) == 8,
               "xen_domctl_hypercall_init size");

struct xen_domctl_settimeoffset {
    int64_aligned_t time_offset_seconds; /* IN */
};
_Static_assert(sizeof(struct xen_domctl_settimeoffset) == 8,
               "xen_domctl_settimeoffset size");

struct xen_domctl_tsc_info {
    uint32_t tsc_mode;
    uint32_t gtsc_khz;
    uint32_t incarnation;
    uint32_t pad;
    uint64_aligned_t elapsed_nsec;
};
_Static_assert(sizeof(struct xen_domctl_tsc_info) == 24, "tsc_info");

struct xen_domctl_hvmcontext {
    uint32_t size; /* IN/OUT */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(uint8_t) buffer; /* IN/OUT */
};
_Static_assert(sizeof(struct xen_domctl_hvmcontext) == 16,
               "xen_domctl_hvmcontext size");

struct xen_domctl_address_size {
    uint32_t size; /* IN/OUT: guest address width in bits. */
};
_Static_assert(sizeof(struct xen_domctl_address_size) == 4,
               "xen_domctl_address_size size");

struct xen_domctl_sendtrigger {
    uint32_t trigger; /* IN: XEN_DOMCTL_SENDTRIGGER_* */
    uint32_t vcpu;    /* IN */
};
_Static_assert(sizeof(struct xen_domctl_sendtrigger) == 8,
               "xen_domctl_sendtrigger size");

struct xen_domctl_memory_mapping {
    uint64_aligned_t first_gfn; /* IN */
    uint64_aligned_t first_mfn; /* IN */
    uint64_aligned_t nr_mfns;   /* IN */
    uint32_t add_mapping;       /* IN: DPCI_* */
    uint32_t padding;
};
_Static_assert(sizeof(struct xen_domctl_memory_mapping) == 32, "memmap");

struct xen_domctl_ioport_mapping {
    uint32_t first_gport; /* IN */
    uint32_t first_mport; /* IN */
    uint32_t nr_ports;    /* IN */
    uint32_t add_mapping; /* IN: DPCI_* */
};
_Static_assert(sizeof(struct xen_domctl_ioport_mapping) == 16,
               "xen_domctl_ioport_mapping size");

/* assign_device, test_assign_device, deassign_device. */
struct xen_domctl_assign_device {
    uint32_t dev;   /* IN: XEN_DOMCTL_DEV_* */
    uint32_t flags; /* IN: XEN_DOMCTL_DEV_RDM_RELAXED (assign only) */
    union {
        struct {
            uint32_t machine_sbdf; /* IN: segment:bus:dev.fn */
        } pci;
        struct {
            uint32_t size; /* IN: path length */
            uint32_t _pad;
            XEN_GUEST_HANDLE_64(char) path; /* IN: device-tree path */
        } dt;
    } u;
};
_Static_assert(sizeof(struct xen_domctl_assign_device) == 24, "assign_dev");

struct xen_domctl_get_device_group {
    uint32_t machine_sbdf; /* IN */
    uint32_t max_sdevs;    /* IN */
    uint32_t num_sdevs;    /* OUT */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(uint32_t) sdev_array; /* OUT */
};
_Static_assert(sizeof(struct xen_domctl_get_device_group) == 24, "dev group");

/* bind_pt_irq, unbind_pt_irq: route a machine IRQ into an HVM guest. */
struct xen_domctl_bind_pt_irq {
    uint32_t machine_irq; /* IN */
    uint32_t irq_type;    /* IN: PT_IRQ_TYPE_* */
    union {
        struct {
            uint8_t isa_irq;
        } isa;
        struct {
            uint8_t bus;
            uint8_t device;
            uint8_t intx;
        } pci;
        struct {
            uint8_t gvec;
            uint8_t _pad[3];
            uint32_t gflags; /* XEN_DOMCTL_VMSI_X86_* */
            uint64_aligned_t gtable;
        } msi;
        struct {
            uint16_t spi;
        } spi;
    } u;
};
_Static_assert(sizeof(struct xen_domctl_bind_pt_irq) == 24, "bind_pt_irq");

/* Machine-check state of a vCPU, carried by ext_vcpucontext. */
struct xen_domctl_vmce_vcpu {
    uint64_t caps;
    uint64_t mci_ctl2_bank0;
    uint64_t mci_ctl2_bank1;
    uint64_t mcg_ext_ctl;
};
_Static_assert(sizeof(struct xen_domctl_vmce_vcpu) == 32,
               "xen_domctl_vmce_vcpu size");

/* set_ext_vcpucontext (IN) / get_ext_vcpucontext (OUT). */
struct xen_domctl_ext_vcpucontext {
    uint32_t vcpu; /* IN */
    uint32_t size; /* IN (set) / OUT (get): bytes of this struct used. */
    uint64_aligned_t syscall32_callback_eip;
    uint64_aligned_t sysenter_callback_eip;
    uint16_t syscall32_callback_cs;
    uint16_t sysenter_callback_cs;
    uint8_t syscall32_disables_events;
    uint8_t sysenter_disables_events;
    uint8_t _pad[2];
    union {
        uint64_aligned_t mcg_cap;
        struct xen_domctl_vmce_vcpu vmce;
    };
};
_Static_assert(sizeof(struct xen_domctl_ext_vcpucontext) == 64, "ext ctxt");
_Static_assert(offsetof(struct xen_domctl_ext_vcpucontext, vmce) == 32,
               "ext ctxt vmce");

struct xen_domctl_set_target {
    domid_t target; /* IN: domain the caller's target may manage. */
};
_Static_assert(sizeof(struct xen_domctl_set_target) == 2,
               "xen_domctl_set_target size");

struct xen_domctl_subscribe {
    uint32_t port; /* IN: port for domain-state-change notifications. */
};
_Static_assert(sizeof(struct xen_domctl_subscribe) == 4,
               "xen_domctl_subscribe size");

struct xen_domctl_set_virq_handler {
    uint32_t virq; /* IN: global VIRQ routed to the target domain. */
};
_Static_assert(sizeof(struct xen_domctl_set_virq_handler) == 4,
               "xen_domctl_set_virq_handler size");

struct xen_domctl_vcpuextstate {
    uint32_t vcpu; /* IN */
    uint32_t _pad;
    uint64_aligned_t xfeature_mask;       /* IN/OUT */
    uint64_aligned_t size;                /* IN/OUT */
    XEN_GUEST_HANDLE_64(uint64_t) buffer; /* IN/OUT */
};
_Static_assert(sizeof(struct xen_domctl_vcpuextstate) == 32, "extstate");

/* get_vcpu_msrs (OUT) / set_vcpu_msrs (IN): a PV vCPU's MSRs. */
struct xen_domctl_vcpu_msr {
    uint32_t index;
    uint32_t reserved;
    uint64_aligned_t value;
};
_Static_assert(sizeof(struct xen_domctl_vcpu_msr) == 16, "vcpu_msr");
typedef struct xen_domctl_vcpu_msr xen_domctl_vcpu_msr_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_vcpu_msr_t);

struct xen_domctl_vcpu_msrs {
    uint32_t vcpu;                                   /* IN */
    uint32_t msr_count;                              /* IN/OUT */
    XEN_GUEST_HANDLE_64(xen_domctl_vcpu_msr_t) msrs; /* IN/OUT */
};
_Static_assert(sizeof(struct xen_domctl_vcpu_msrs) == 16, "vcpu_msrs");

struct xen_domctl_cpu_policy {
    uint32_t nr_leaves;                           /* IN/OUT */
    uint32_t nr_msrs;                             /* IN/OUT */
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves; /* IN/OUT */
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;    /* IN/OUT */
    uint32_t err_leaf, err_subleaf, err_msr;      /* OUT */
    uint32_t _pad;
};
_Static_assert(sizeof(struct xen_domctl_cpu_policy) == 40, "cpu_policy");

struct xen_domctl_paging_mempool {
    uint64_aligned_t size; /* IN/OUT: bytes. */
};
_Static_assert(sizeof(struct xen_domctl_paging_mempool) == 8,
               "xen_domctl_paging_mempool size");

struct xen_domctl {
    uint32_t cmd;               /* IN: XEN_DOMCTL_* */
    uint32_t interface_version; /* IN: XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;             /* IN (OUT for createdomain). */
    uint16_t _pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
        struct xen_domctl_nodeaffinity nodeaffinity;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_shadow_op shadow_op;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_scheduler_op scheduler_op;
        struct xen_domctl_setdomainhandle setdomainhandle;
        struct xen_domctl_setdebugging setdebugging;
        struct xen_domctl_irq_permission irq_permission;
        struct xen_domctl_iomem_permission iomem_permission;
        struct xen_domctl_ioport_permission ioport_permission;
        struct xen_domctl_hypercall_init hypercall_init;
        struct xen_domctl_settimeoffset settimeoffset;
        struct xen_domctl_tsc_info tsc_info;
        struct xen_domctl_hvmcontext hvmcontext;
        struct xen_domctl_address_size address_size;
        struct xen_domctl_sendtrigger sendtrigger;
        struct xen_domctl_memory_mapping memory_mapping;
        struct xen_domctl_ioport_mapping ioport_mapping;
        struct xen_domctl_assign_device assign_device;
        struct xen_domctl_get_device_group get_device_group;
        struct xen_domctl_bind_pt_irq bind_pt_irq;
        struct xen_domctl_ext_vcpucontext ext_vcpucontext;
        struct xen_domctl_set_target set_target;
        struct xen_domctl_subscribe subscribe;
        struct xen_domctl_set_virq_handler set_virq_handler;
        struct xen_domctl_vcpuextstate vcpuextstate;
        struct xen_domctl_vcpu_msrs vcpu_msrs;
        struct xen_domctl_cpu_policy cpu_policy;
        struct xen_domctl_paging_mempool paging_mempool;
        uint8_t pad[128];
    } u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);
_Static_assert(sizeof(xen_domctl_t) == 144, "xen_domctl size");
_Static_assert(offsetof(xen_domctl_t, domain) == 8, "domctl domain");
_Static_assert(offsetof(xen_domctl_t, u) == 16, "domctl u");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_DOMCTL_H */
