/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: memory reservation and layout (hypercall
 * memory_op, #12).  memory_op(cmd, arg): cmd in the low 6 bits (the rest
 * is continuation state), arg points at the sub-op's struct.
 */
#ifndef XENITH_PUBLIC_MEMORY_H
#define XENITH_PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_increase_reservation       0
#define XENMEM_decrease_reservation       1
#define XENMEM_maximum_ram_page           2
#define XENMEM_current_reservation        3
#define XENMEM_maximum_reservation        4
#define XENMEM_machphys_mfn_list          5
#define XENMEM_populate_physmap           6
#define XENMEM_add_to_physmap             7
#define XENMEM_memory_map                 9
#define XENMEM_machine_memory_map         10
#define XENMEM_exchange                   11
#define XENMEM_machphys_mapping           12
#define XENMEM_set_memory_map             13
#define XENMEM_maximum_gpfn               14
#define XENMEM_remove_from_physmap        15
#define XENMEM_set_pod_target             16
#define XENMEM_get_pod_target             17
#define XENMEM_get_sharing_freed_pages    18
#define XENMEM_get_sharing_shared_pages   19
#define XENMEM_paging_op                  20
#define XENMEM_access_op                  21
#define XENMEM_sharing_op                 22
#define XENMEM_add_to_physmap_batch       23
#define XENMEM_claim_pages                24
#define XENMEM_machphys_compat_mfn_list   25
#define XENMEM_get_vnumainfo              26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource           28

/* The sub-op number occupies the low bits of cmd. */
#define MEMOP_CMD_MASK     0x3f
#define MEMOP_EXTENT_SHIFT 6

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffU)
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffU)
#define XENMEMF_populate_on_demand  (1U << 16)
#define XENMEMF_exact_node_request  (1U << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1U << 18)

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info      0
#define XENMAPSPACE_grant_table      1
#define XENMAPSPACE_gmfn             2
#define XENMAPSPACE_gmfn_range       3
#define XENMAPSPACE_gmfn_foreign     4
#define XENMAPSPACE_dev_mmio         5
#define XENMAPIDX_grant_table_status 0x80000000U

/* xen_mem_acquire_resource.type / id */
#define XENMEM_resource_ioreq_server          0
#define XENMEM_resource_grant_table           1
#define XENMEM_resource_vmtrace_buf           2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1

/* E820 types found in memory maps. */
#define XEN_E820_RAM      1
#define XEN_E820_RESERVED 2
#define XEN_E820_ACPI     3
#define XEN_E820_NVS      4
#define XEN_E820_UNUSABLE 5

#ifndef __ASSEMBLER__

/* increase/decrease_reservation, populate_physmap. */
struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* IN/OUT: frame list. */
    xen_ulong_t nr_extents;                   /* IN */
    uint32_t extent_order;                    /* IN: log2 pages/extent. */
    uint32_t mem_flags;                       /* IN: XENMEMF_* */
    domid_t domid;                            /* IN */
    uint16_t _pad[3];
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
_Static_assert(sizeof(xen_memory_reservation_t) == 32, "reservation");
_Static_assert(offsetof(xen_memory_reservation_t, domid) == 24, "res domid");

/* Trade extents of one size/placement for another. */
struct xen_memory_exchange {
    struct xen_memory_reservation in;  /* IN */
    struct xen_memory_reservation out; /* IN/OUT */
    xen_ulong_t nr_exchanged;          /* OUT: extents done so far. */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
_Static_assert(sizeof(xen_memory_exchange_t) == 72, "exchange");

/* maximum_ram_page is argless; current/maximum_reservation take this. */
struct xen_memory_domain {
    domid_t domid; /* IN */
};
_Static_assert(sizeof(struct xen_memory_domain) == 2, "xen_memory_domain size");

struct xen_machphys_mfn_list {
    uint32_t max_extents; /* IN */
    uint32_t _pad;
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* OUT: 2 MiB M2P chunks. */
    uint32_t nr_extents;                      /* OUT */
    uint32_t _pad2;
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
_Static_assert(sizeof(xen_machphys_mfn_list_t) == 24, "machphys_mfn_list");

/* Where the read-only M2P table is mapped in the guest. */
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end; /* OUT: VA range of the M2P. */
    xen_ulong_t max_mfn;        /* OUT: largest MFN it covers. */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
_Static_assert(sizeof(xen_machphys_mapping_t) == 24, "machphys_mapping");

struct xen_add_to_physmap {
    domid_t domid;   /* IN */
    uint16_t size;   /* IN: pages, for XENMAPSPACE_gmfn_range. */
    uint32_t space;  /* IN: XENMAPSPACE_* */
    xen_ulong_t idx; /* IN: index within the space. */
    xen_pfn_t gpfn;  /* IN: where to map it. */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
_Static_assert(sizeof(xen_add_to_physmap_t) == 24, "add_to_physmap");

struct xen_add_to_physmap_batch {
    domid_t domid;  /* IN */
    uint16_t space; /* IN: XENMAPSPACE_* */
    uint16_t size;  /* IN: entries. */
    union {
        domid_t foreign_domid; /* IN: for XENMAPSPACE_gmfn_foreign. */
        uint16_t res0;
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs; /* IN */
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;  /* IN */
    XEN_GUEST_HANDLE(int) errs;         /* OUT: per-entry result. */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
_Static_assert(sizeof(xen_add_to_physmap_batch_t) == 32, "atp batch");

struct xen_remove_from_physmap {
    domid_t domid; /* IN */
    uint16_t _pad[3];
    xen_pfn_t gpfn; /* IN */
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
_Static_assert(sizeof(xen_remove_from_physmap_t) == 16, "remove_physmap");

/* One E820 entry as stored in a memory_map buffer (20 bytes, packed). */
struct xen_e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type; /* XEN_E820_* */
} __attribute__((packed));
_Static_assert(sizeof(struct xen_e820_entry) == 20, "e820 entry");

/* memory_map (own domain) and machine_memory_map (host, dom0 only). */
struct xen_memory_map {
    uint32_t nr_entries; /* IN: buffer capacity; OUT: entries written. */
    uint32_t _pad;
    XEN_GUEST_HANDLE(void) buffer; /* OUT: struct xen_e820_entry[]. */
};
typedef struct xen_memory_map xen_memory_map_t;
_Static_assert(sizeof(xen_memory_map_t) == 16, "memory_map");

/* set_memory_map: the toolstack sets a domain's E820. */
struct xen_foreign_memory_map {
    domid_t domid; /* IN */
    uint16_t _pad[3];
    struct xen_memory_map map; /* IN */
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
_Static_assert(sizeof(xen_foreign_memory_map_t) == 24, "foreign map");

struct xen_pod_target {
    uint64_t target_pages;    /* IN */
    uint64_t tot_pages;       /* OUT */
    uint64_t pod_cache_pages; /* OUT */
    uint64_t pod_entries;     /* OUT */
    domid_t domid;            /* IN */
    uint16_t _pad[3];
};
typedef struct xen_pod_target xen_pod_target_t;
_Static_assert(sizeof(xen_pod_target_t) == 40, "pod target");

/* Map frames of a domain resource (grant table, ioreq server, ...). */
struct xen_mem_acquire_resource {
    domid_t domid;      /* IN */
    uint16_t type;      /* IN: XENMEM_resource_* */
    uint32_t id;        /* IN */
    uint32_t nr_frames; /* IN/OUT */
    uint32_t pad;
    uint64_t frame; /* IN: first frame within the resource. */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* IN/OUT */
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
_Static_assert(sizeof(xen_mem_acquire_resource_t) == 32, "acquire_resource");

/* get_vnumainfo */
struct xen_vmemrange {
    uint64_t start, end;
    uint32_t flags;
    uint32_t nid;
};
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);
_Static_assert(sizeof(xen_vmemrange_t) == 24, "vmemrange");

struct xen_vnuma_topology_info {
    domid_t domid; /* IN */
    uint16_t pad;
    uint32_t nr_vnodes;                          /* IN/OUT */
    uint32_t nr_vcpus;                           /* IN/OUT */
    uint32_t nr_vmemranges;                      /* IN/OUT */
    XEN_GUEST_HANDLE(uint32_t) vdistance;        /* OUT */
    XEN_GUEST_HANDLE(uint32_t) vcpu_to_vnode;    /* OUT */
    XEN_GUEST_HANDLE(xen_vmemrange_t) vmemrange; /* OUT */
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
_Static_assert(sizeof(xen_vnuma_topology_info_t) == 40, "vnuma info");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_MEMORY_H */
