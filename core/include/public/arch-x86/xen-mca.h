/* SPDX-License-Identifier: MIT */
/*
 * Xen public ABI: machine-check architecture (hypercall mca, #48 =
 * __HYPERVISOR_arch_0) for dom0's error logging (Linux's mcelog).
 *
 * Telemetry is a struct mc_info: a count and a packed sequence of
 * records, each starting with struct mcinfo_common (type, size).  Dom0
 * learns of new records through VIRQ_MCA and fetches them with
 * XEN_MC_fetch, acknowledging each by its fetch_id.
 */
#ifndef XENITH_PUBLIC_ARCH_X86_XEN_MCA_H
#define XENITH_PUBLIC_ARCH_X86_XEN_MCA_H

#include "../xen.h"

#define XEN_MCA_INTERFACE_VERSION 0x01ecc003

/* xen_mc_fetch.flags IN */
#define XEN_MC_NONURGENT 0x0001
#define XEN_MC_URGENT    0x0002
#define XEN_MC_ACK       0x0004
/* xen_mc_fetch.flags OUT */
#define XEN_MC_OK           0x0
#define XEN_MC_FETCHFAILED  0x1
#define XEN_MC_NODATA       0x2
#define XEN_MC_NOMATCH      0x4
#define XEN_MC_CANNOTHANDLE 0x8
#define XEN_MC_NOTDELIVERED 0x10

#define XEN_MC_VCPUID_INVALID 0xffff

/* Record types. */
#define MC_TYPE_GLOBAL   0
#define MC_TYPE_BANK     1
#define MC_TYPE_EXTENDED 2
#define MC_TYPE_RECOVERY 3

/* mcinfo_global.mc_flags */
#define MC_FLAG_CORRECTABLE   (1 << 0)
#define MC_FLAG_UNCORRECTABLE (1 << 1)
#define MC_FLAG_RECOVERABLE   (1 << 2)
#define MC_FLAG_POLLED        (1 << 3)
#define MC_FLAG_RESET         (1 << 4)
#define MC_FLAG_CMCI          (1 << 5)
#define MC_FLAG_MCE           (1 << 6)

/* mcinfo_recovery.action_flags / action_types */
#define REC_ACTION_RECOVERED   (0x1 << 0)
#define REC_ACTION_NONE        (0x1 << 1)
#define REC_ACTION_NEED_RESET  (0x1 << 2)
#define MC_ACTION_PAGE_OFFLINE (0x1 << 0)
#define MC_ACTION_CPU_OFFLINE  (0x1 << 1)
#define MC_ACTION_CACHE_SHRINK (0x1 << 2)

#define MCINFO_HYPERCALLSIZE    1024
#define MCINFO_MAXSIZE          768
#define MCINFO_FLAGS_UNCOMPLETE 0x1

#define __MC_MSR_ARRAYSIZE 8
#define MC_NCAPS           7
#define MC_CAPS_STD_EDX    0
#define MC_CAPS_AMD_EDX    1
#define MC_CAPS_TM         2
#define MC_CAPS_LINUX      3
#define MC_CAPS_STD_ECX    4
#define MC_CAPS_VIA        5
#define MC_CAPS_AMD_ECX    6

/* Commands. */
#define XEN_MC_fetch        1
#define XEN_MC_notifydomain 2
#define XEN_MC_physcpuinfo  3
#define XEN_MC_msrinject    4
#define XEN_MC_mceinject    5
#define XEN_MC_inject_v2    6

#define MC_MSRINJ_MAXMSRS     8
#define MC_MSRINJ_F_INTERPOSE 0x1
#define MC_MSRINJ_F_GPADDR    0x2

#define XEN_MC_INJECT_TYPE_MASK     0x7
#define XEN_MC_INJECT_TYPE_MCE      0x0
#define XEN_MC_INJECT_TYPE_CMCI     0x1
#define XEN_MC_INJECT_TYPE_LMCE     0x2
#define XEN_MC_INJECT_CPU_BROADCAST 0x8

#ifndef __ASSEMBLER__

struct mcinfo_common {
    uint16_t type; /* MC_TYPE_* */
    uint16_t size; /* Bytes of this record, header included. */
};
typedef struct mcinfo_common xen_mcinfo_common_t;
_Static_assert(sizeof(struct mcinfo_common) == 4, "mcinfo_common size");

struct mcinfo_global {
    xen_mcinfo_common_t common;
    uint16_t mc_domid;
    uint16_t mc_vcpuid;
    uint32_t mc_socketid;
    uint16_t mc_coreid;
    uint16_t mc_core_threadid;
    uint32_t mc_apicid;
    uint32_t mc_flags; /* MC_FLAG_* */
    uint64_t mc_gstatus;
};
_Static_assert(sizeof(struct mcinfo_global) == 32, "mcinfo_global");

struct mcinfo_bank {
    xen_mcinfo_common_t common;
    uint16_t mc_bank;
    uint16_t mc_domid; /* Domain owning mc_addr, if known. */
    uint64_t mc_status;
    uint64_t mc_addr;
    uint64_t mc_misc;
    uint64_t mc_ctrl2;
    uint64_t mc_tsc;
};
_Static_assert(sizeof(struct mcinfo_bank) == 48, "mcinfo_bank");

struct mcinfo_msr {
    uint64_t reg;
    uint64_t value;
};
typedef struct mcinfo_msr xen_mcinfo_msr_t;
_Static_assert(sizeof(struct mcinfo_msr) == 16, "mcinfo_msr size");

struct mcinfo_extended {
    xen_mcinfo_common_t common;
    uint32_t mc_msrs; /* Valid entries of mc_msr. */
    xen_mcinfo_msr_t mc_msr[32];
};
_Static_assert(sizeof(struct mcinfo_extended) == 520, "mcinfo_extended");

struct page_offline_action {
    uint64_t mfn;
    uint64_t status;
};
typedef struct page_offline_action xen_page_offline_action_t;
_Static_assert(sizeof(struct page_offline_action) == 16,
               "page_offline_action size");

struct cpu_offline_action {
    uint32_t mc_socketid;
    uint16_t mc_coreid;
    uint16_t mc_core_threadid;
};
typedef struct cpu_offline_action xen_cpu_offline_action_t;
_Static_assert(sizeof(struct cpu_offline_action) == 8,
               "cpu_offline_action size");

#define MAX_UNION_SIZE 16
struct mcinfo_recovery {
    xen_mcinfo_common_t common;
    uint16_t mc_bank;
    uint8_t action_flags; /* REC_ACTION_* */
    uint8_t action_types; /* MC_ACTION_* */
    union {
        xen_page_offline_action_t page_retire;
        xen_cpu_offline_action_t cpu_offline;
        uint8_t pad[MAX_UNION_SIZE];
    } action_info;
};
_Static_assert(sizeof(struct mcinfo_recovery) == 24, "mcinfo_recovery");

struct mc_info {
    uint32_t mi_nentries; /* Records in mi_data. */
    uint32_t flags;       /* MCINFO_FLAGS_* */
    uint64_t mi_data[(MCINFO_MAXSIZE - 1) / 8];
};
typedef struct mc_info mc_info_t;
DEFINE_XEN_GUEST_HANDLE(mc_info_t);
_Static_assert(sizeof(mc_info_t) == 768, "mc_info");

/* One physical CPU as XEN_MC_physcpuinfo describes it. */
struct mcinfo_logical_cpu {
    uint32_t mc_cpunr;
    uint32_t mc_chipid;
    uint16_t mc_coreid;
    uint16_t mc_threadid;
    uint32_t mc_apicid;
    uint32_t mc_clusterid;
    uint32_t mc_ncores;
    uint32_t mc_ncores_active;
    uint32_t mc_nthreads;
    int32_t mc_cpuid_level;
    uint32_t mc_family;
    uint32_t mc_vendor;
    uint32_t mc_model;
    uint32_t mc_step;
    char mc_vendorid[16];
    char mc_brandid[64];
    uint32_t mc_cpu_caps[MC_NCAPS];
    uint32_t mc_cache_size;
    uint32_t mc_cache_alignment;
    int32_t mc_nmsrvals;
    xen_mcinfo_msr_t mc_msrvalues[__MC_MSR_ARRAYSIZE];
};
typedef struct mcinfo_logical_cpu xen_mc_logical_cpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_logical_cpu_t);
_Static_assert(offsetof(xen_mc_logical_cpu_t, mc_msrvalues) == 176,
               "logical_cpu msrs");
_Static_assert(sizeof(xen_mc_logical_cpu_t) == 304, "logical_cpu size");

/* Walk the records of an mc_info. */
#define x86_mcinfo_nentries(mi) ((mi)->mi_nentries)
#define x86_mcinfo_first(mi)    ((struct mcinfo_common *)(mi)->mi_data)
#define x86_mcinfo_next(mic) \
    ((struct mcinfo_common *)((uint8_t *)(mic) + (mic)->size))

struct xen_mc_fetch {
    uint32_t flags; /* IN: XEN_MC_(NON)URGENT, ACK; OUT: XEN_MC_* */
    uint32_t _pad0;
    uint64_t fetch_id;                /* OUT: id to ack; IN with XEN_MC_ACK. */
    XEN_GUEST_HANDLE(mc_info_t) data; /* OUT */
};
typedef struct xen_mc_fetch xen_mc_fetch_t;
_Static_assert(sizeof(struct xen_mc_fetch) == 24, "xen_mc_fetch size");

struct xen_mc_notifydomain {
    uint16_t mc_domid;  /* IN */
    uint16_t mc_vcpuid; /* IN */
    uint32_t flags;     /* OUT: XEN_MC_OK / XEN_MC_CANNOTHANDLE / ... */
};
typedef struct xen_mc_notifydomain xen_mc_notifydomain_t;
_Static_assert(sizeof(struct xen_mc_notifydomain) == 8,
               "xen_mc_notifydomain size");

struct xen_mc_physcpuinfo {
    uint32_t ncpus; /* IN: array size (0 = query); OUT: CPUs. */
    uint32_t _pad0;
    XEN_GUEST_HANDLE(xen_mc_logical_cpu_t) info; /* OUT */
};
typedef struct xen_mc_physcpuinfo xen_mc_physcpuinfo_t;
_Static_assert(sizeof(struct xen_mc_physcpuinfo) == 16,
               "xen_mc_physcpuinfo size");

struct xen_mc_msrinject {
    uint32_t mcinj_cpunr;
    uint32_t mcinj_flags; /* MC_MSRINJ_F_* */
    uint32_t mcinj_count;
    domid_t mcinj_domid;
    uint16_t _pad0;
    xen_mcinfo_msr_t mcinj_msr[MC_MSRINJ_MAXMSRS];
};
typedef struct xen_mc_msrinject xen_mc_msrinject_t;
_Static_assert(sizeof(xen_mc_msrinject_t) == 144, "msrinject");

struct xen_mc_mceinject {
    uint32_t mceinj_cpunr;
};
typedef struct xen_mc_mceinject xen_mc_mceinject_t;
_Static_assert(sizeof(struct xen_mc_mceinject) == 4, "xen_mc_mceinject size");

struct xen_mc_inject_v2 {
    uint32_t flags; /* XEN_MC_INJECT_* */
    uint32_t _pad;
    xenctl_bitmap_t cpumap;
};
typedef struct xen_mc_inject_v2 xen_mc_inject_v2_t;
_Static_assert(sizeof(struct xen_mc_inject_v2) == 24, "xen_mc_inject_v2 size");

struct xen_mc {
    uint32_t cmd;               /* XEN_MC_* */
    uint32_t interface_version; /* XEN_MCA_INTERFACE_VERSION */
    union {
        xen_mc_fetch_t mc_fetch;
        xen_mc_notifydomain_t mc_notifydomain;
        xen_mc_physcpuinfo_t mc_physcpuinfo;
        xen_mc_msrinject_t mc_msrinject;
        xen_mc_mceinject_t mc_mceinject;
        xen_mc_inject_v2_t mc_inject_v2;
    } u;
};
typedef struct xen_mc xen_mc_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_t);
_Static_assert(sizeof(xen_mc_t) == 152, "xen_mc");
_Static_assert(offsetof(xen_mc_t, u) == 8, "xen_mc u");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_ARCH_X86_XEN_MCA_H */
