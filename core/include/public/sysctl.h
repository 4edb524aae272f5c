/* SPDX-License-Identifier: MIT */
/*
 * Xen public toolstack ABI: system control (hypercall sysctl, #35),
 * interface version 0x15 as in Xen 4.17.
 *
 * The argument is one struct xen_sysctl: cmd, interface_version (must be
 * XEN_SYSCTL_INTERFACE_VERSION) and a 128-byte union of per-command
 * structs.  Only a privileged domain may call it.
 */
#ifndef XENITH_PUBLIC_SYSCTL_H
#define XENITH_PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h"
#include "physdev.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

#define XEN_SYSCTL_readconsole            1
#define XEN_SYSCTL_tbuf_op                2
#define XEN_SYSCTL_physinfo               3
#define XEN_SYSCTL_sched_id               4
#define XEN_SYSCTL_perfc_op               5
#define XEN_SYSCTL_getdomaininfolist      6
#define XEN_SYSCTL_debug_keys             7
#define XEN_SYSCTL_getcpuinfo             8
#define XEN_SYSCTL_availheap              9
#define XEN_SYSCTL_get_pmstat             10
#define XEN_SYSCTL_cpu_hotplug            11
#define XEN_SYSCTL_pm_op                  12
#define XEN_SYSCTL_page_offline_op        14
#define XEN_SYSCTL_lockprof_op            15
#define XEN_SYSCTL_cputopoinfo            16
#define XEN_SYSCTL_numainfo               17
#define XEN_SYSCTL_cpupool_op             18
#define XEN_SYSCTL_scheduler_op           19
#define XEN_SYSCTL_coverage_op            20
#define XEN_SYSCTL_psr_cmt_op             21
#define XEN_SYSCTL_pcitopoinfo            22
#define XEN_SYSCTL_psr_alloc              23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset     26
#define XEN_SYSCTL_livepatch_op           27
#define XEN_SYSCTL_get_cpu_policy         29

/* physinfo.capabilities */
#define XEN_SYSCTL_PHYSCAP_hvm                (1U << 0)
#define XEN_SYSCTL_PHYSCAP_pv                 (1U << 1)
#define XEN_SYSCTL_PHYSCAP_directio           (1U << 2)
#define XEN_SYSCTL_PHYSCAP_hap                (1U << 3)
#define XEN_SYSCTL_PHYSCAP_shadow             (1U << 4)
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1U << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace            (1U << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu               (1U << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1          (1U << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2          (1U << 9)
#define XEN_SYSCTL_PHYSCAP_MAX                XEN_SYSCTL_PHYSCAP_gnttab_v2

/* cpu_hotplug ops */
#define XEN_SYSCTL_CPU_HOTPLUG_ONLINE      0
#define XEN_SYSCTL_CPU_HOTPLUG_OFFLINE     1
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_ENABLE  2
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_DISABLE 3

/* Topology placeholders for absent CPUs / nodes. */
#define XEN_INVALID_CORE_ID   (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID   (~0U)
#define XEN_INVALID_MEM_SZ    (~0U)
#define XEN_INVALID_NODE_DIST (~0U)
#define XEN_INVALID_DEV       (XEN_INVALID_NODE_ID - 1)

/* cpupool_op ops. */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE     1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY    2
#define XEN_SYSCTL_CPUPOOL_OP_INFO       3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU     4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU      5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO   7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY       0xFFFFFFFFU

/* scheduler_op limits and commands. */
#define XEN_SYSCTL_SCHED_RATELIMIT_MAX   500000
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN   100
#define XEN_SYSCTL_CSCHED_TSLICE_MAX     1000
#define XEN_SYSCTL_CSCHED_TSLICE_MIN     1
#define XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US (100 * 1000)
#define XEN_SYSCTL_SCHEDOP_putinfo       0
#define XEN_SYSCTL_SCHEDOP_getinfo       1

#ifndef __ASSEMBLER__

/* Read the hypervisor console ring. */
struct xen_sysctl_readconsole {
    uint8_t clear;       /* IN: clear the ring after reading. */
    uint8_t incremental; /* IN: start at index, not at the ring start. */
    uint8_t pad0, pad1;
    uint32_t index; /* IN/OUT: position for incremental reads. */
    XEN_GUEST_HANDLE_64(char) buffer; /* OUT */
    uint32_t count;                   /* IN: buffer size; OUT: bytes written. */
    uint32_t _pad;
};
_Static_assert(sizeof(struct xen_sysctl_readconsole) == 24, "readconsole");
_Static_assert(offsetof(struct xen_sysctl_readconsole, count) == 16, "rc n");

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;  /* OUT */
    uint32_t cores_per_socket;  /* OUT */
    uint32_t nr_cpus;           /* OUT: online CPUs. */
    uint32_t max_cpu_id;        /* OUT */
    uint32_t nr_nodes;          /* OUT: online nodes. */
    uint32_t max_node_id;       /* OUT */
    uint32_t cpu_khz;           /* OUT */
    uint32_t capabilities;      /* OUT: XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* OUT */
    uint32_t pad;
    uint64_aligned_t total_pages;       /* OUT */
    uint64_aligned_t free_pages;        /* OUT */
    uint64_aligned_t scrub_pages;       /* OUT */
    uint64_aligned_t outstanding_pages; /* OUT */
    uint64_aligned_t max_mfn;           /* OUT */
    uint32_t hw_cap[8];                 /* OUT: CPUID feature words. */
};
_Static_assert(sizeof(struct xen_sysctl_physinfo) == 112, "physinfo");
_Static_assert(offsetof(struct xen_sysctl_physinfo, total_pages) == 40,
               "physinfo total_pages");

struct xen_sysctl_sched_id {
    uint32_t sched_id; /* OUT: XEN_SCHEDULER_* of the default pool. */
};
_Static_assert(sizeof(struct xen_sysctl_sched_id) == 4,
               "xen_sysctl_sched_id size");

struct xen_sysctl_getdomaininfolist {
    domid_t first_domain; /* IN */
    uint16_t _pad0;
    uint32_t max_domains;                                   /* IN */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* OUT */
    uint32_t num_domains;                                   /* OUT */
    uint32_t _pad1;
};
_Static_assert(sizeof(struct xen_sysctl_getdomaininfolist) == 24, "gdil");

struct xen_sysctl_debug_keys {
    XEN_GUEST_HANDLE_64(const_char) keys; /* IN */
    uint32_t nr_keys;                     /* IN */
    uint32_t _pad;
};
_Static_assert(sizeof(struct xen_sysctl_debug_keys) == 16,
               "xen_sysctl_debug_keys size");

struct xen_sysctl_cpuinfo {
    uint64_aligned_t idletime; /* ns */
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);
_Static_assert(sizeof(struct xen_sysctl_cpuinfo) == 8,
               "xen_sysctl_cpuinfo size");

struct xen_sysctl_getcpuinfo {
    uint32_t max_cpus; /* IN */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info; /* OUT */
    uint32_t nr_cpus;                               /* OUT */
    uint32_t _pad2;
};
_Static_assert(sizeof(struct xen_sysctl_getcpuinfo) == 24, "getcpuinfo");

struct xen_sysctl_availheap {
    uint32_t min_bitwidth; /* IN: 0 = any. */
    uint32_t max_bitwidth; /* IN: 0 = any. */
    int32_t node;          /* IN: -1 = all nodes. */
    uint32_t _pad;
    uint64_aligned_t avail_bytes; /* OUT */
};
_Static_assert(sizeof(struct xen_sysctl_availheap) == 24, "availheap");

struct xen_sysctl_cpu_hotplug {
    uint32_t cpu; /* IN */
    uint32_t op;  /* IN: XEN_SYSCTL_CPU_HOTPLUG_* */
};
_Static_assert(sizeof(struct xen_sysctl_cpu_hotplug) == 8,
               "xen_sysctl_cpu_hotplug size");

/* One CPU's place in the topology. */
struct xen_sysctl_cputopo {
    uint32_t core;
    uint32_t socket;
    uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);
_Static_assert(sizeof(struct xen_sysctl_cputopo) == 12,
               "xen_sysctl_cputopo size");

struct xen_sysctl_cputopoinfo {
    uint32_t num_cpus; /* IN: array size (0 = query); OUT: CPUs known. */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo; /* OUT */
};
_Static_assert(sizeof(struct xen_sysctl_cputopoinfo) == 16, "cputopoinfo");

struct xen_sysctl_meminfo {
    uint64_t memsize;
    uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);
_Static_assert(sizeof(struct xen_sysctl_meminfo) == 16,
               "xen_sysctl_meminfo size");

struct xen_sysctl_numainfo {
    uint32_t num_nodes; /* IN: array size (0 = query); OUT: nodes known. */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo; /* OUT */
    XEN_GUEST_HANDLE_64(uint32_t) distance; /* OUT: num_nodes^2 matrix. */
};
_Static_assert(sizeof(struct xen_sysctl_numainfo) == 24, "numainfo");

/* Letters in the comments: which ops use the field (C)reate (D)estroy
 * (I)nfo (A)ddcpu (R)mcpu (M)ovedomain (F)reeinfo. */
struct xen_sysctl_cpupool_op {
    uint32_t op;                 /* IN: XEN_SYSCTL_CPUPOOL_OP_* */
    uint32_t cpupool_id;         /* IN: CDIARM; OUT: CI */
    uint32_t sched_id;           /* IN: C; OUT: I */
    uint32_t domid;              /* IN: M */
    uint32_t cpu;                /* IN: AR */
    uint32_t n_dom;              /* OUT: I */
    struct xenctl_bitmap cpumap; /* OUT: IF */
};
_Static_assert(sizeof(struct xen_sysctl_cpupool_op) == 40, "cpupool_op");

struct xen_sysctl_credit_schedule {
    uint32_t tslice_ms;          /* IN/OUT */
    uint32_t ratelimit_us;       /* IN/OUT */
    uint32_t vcpu_migr_delay_us; /* IN/OUT */
};
_Static_assert(sizeof(struct xen_sysctl_credit_schedule) == 12,
               "xen_sysctl_credit_schedule size");

struct xen_sysctl_credit2_schedule {
    uint32_t ratelimit_us; /* IN/OUT */
};
_Static_assert(sizeof(struct xen_sysctl_credit2_schedule) == 4,
               "xen_sysctl_credit2_schedule size");

struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id; /* IN */
    uint32_t sched_id;   /* IN: XEN_SCHEDULER_* */
    uint32_t cmd;        /* IN: XEN_SYSCTL_SCHEDOP_* */
    uint32_t _pad;
    union {
        struct {
            XEN_GUEST_HANDLE_64(void) schedule;
        } sched_arinc653;
        struct xen_sysctl_credit_schedule sched_credit;
        struct xen_sysctl_credit2_schedule sched_credit2;
    } u;
};
_Static_assert(sizeof(struct xen_sysctl_scheduler_op) == 32, "sysctl sched");
_Static_assert(offsetof(struct xen_sysctl_scheduler_op, u) == 16, "sched u");

/*
 * get_cpu_featureset: the feature words of one of the host's featuresets
 * (XEN_SYSCTL_cpu_featureset_*), in Xen's word order.  A too-small
 * nr_features gets -ENOBUFS and the needed count back.
 */
struct xen_sysctl_cpu_featureset {
#define XEN_SYSCTL_cpu_featureset_raw     0
#define XEN_SYSCTL_cpu_featureset_host    1
#define XEN_SYSCTL_cpu_featureset_pv      2
#define XEN_SYSCTL_cpu_featureset_hvm     3
#define XEN_SYSCTL_cpu_featureset_pv_max  4
#define XEN_SYSCTL_cpu_featureset_hvm_max 5
    uint32_t index;       /* IN: XEN_SYSCTL_cpu_featureset_* */
    uint32_t nr_features; /* IN: words in features; OUT: words written. */
    XEN_GUEST_HANDLE_64(uint32_t) features; /* OUT */
};
typedef struct xen_sysctl_cpu_featureset xen_sysctl_cpu_featureset_t;
_Static_assert(sizeof(struct xen_sysctl_cpu_featureset) == 16,
               "xen_sysctl_cpu_featureset size");

/*
 * get_cpu_policy: one of the system's CPUID/MSR policies
 * (XEN_SYSCTL_cpu_policy_*), serialised as xen_cpuid_leaf_t and
 * xen_msr_entry_t arrays.  With both handles null, the maximum counts.
 */
struct xen_sysctl_cpu_policy {
#define XEN_SYSCTL_cpu_policy_raw         0
#define XEN_SYSCTL_cpu_policy_host        1
#define XEN_SYSCTL_cpu_policy_pv_max      2
#define XEN_SYSCTL_cpu_policy_hvm_max     3
#define XEN_SYSCTL_cpu_policy_pv_default  4
#define XEN_SYSCTL_cpu_policy_hvm_default 5
    uint32_t index;     /* IN: XEN_SYSCTL_cpu_policy_* */
    uint32_t nr_leaves; /* IN: entries in leaves; OUT: written (or max). */
    uint32_t nr_msrs;   /* IN: entries in msrs; OUT: written (or max). */
    uint32_t _rsvd;     /* Must be zero. */
    XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves; /* OUT */
    XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;    /* OUT */
};
typedef struct xen_sysctl_cpu_policy xen_sysctl_cpu_policy_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpu_policy_t);
_Static_assert(sizeof(struct xen_sysctl_cpu_policy) == 32,
               "xen_sysctl_cpu_policy size");
_Static_assert(offsetof(struct xen_sysctl_cpu_policy, leaves) == 16,
               "cpu_policy leaves");

/*
 * pcitopoinfo: the NUMA node of each listed PCI device: its node,
 * XEN_INVALID_NODE_ID when not known, XEN_INVALID_DEV for a device the
 * hypervisor does not know.  num_devs comes back as the number done when
 * the call stopped early (call again for the rest).
 */
struct xen_sysctl_pcitopoinfo {
    uint32_t num_devs; /* IN: array sizes; OUT: entries done */
    uint32_t _pad;
    XEN_GUEST_HANDLE_64(physdev_pci_device_t) devs; /* IN */
    XEN_GUEST_HANDLE_64(uint32_t) nodes;            /* OUT */
};
_Static_assert(sizeof(struct xen_sysctl_pcitopoinfo) == 24, "pcitopoinfo");

struct xen_sysctl {
    uint32_t cmd;               /* IN: XEN_SYSCTL_* */
    uint32_t interface_version; /* IN: XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_cputopoinfo cputopoinfo;
        struct xen_sysctl_numainfo numainfo;
        struct xen_sysctl_pcitopoinfo pcitopoinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_debug_keys debug_keys;
        struct xen_sysctl_getcpuinfo getcpuinfo;
        struct xen_sysctl_availheap availheap;
        struct xen_sysctl_cpu_hotplug cpu_hotplug;
        struct xen_sysctl_cpupool_op cpupool_op;
        struct xen_sysctl_scheduler_op scheduler_op;
        struct xen_sysctl_cpu_featureset cpu_featureset;
        struct xen_sysctl_cpu_policy cpu_policy;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);
_Static_assert(sizeof(xen_sysctl_t) == 136, "xen_sysctl size");
_Static_assert(offsetof(xen_sysctl_t, u) == 8, "sysctl u");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_SYSCTL_H */
