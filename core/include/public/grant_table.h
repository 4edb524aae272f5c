/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: grant tables (hypercall grant_table_op, #20).
 *
 * grant_table_op(cmd, args, count): args points at an array of count
 * structs of the sub-op's type.  Per-entry results go in each struct's
 * status field as GNTST_* values.
 */
#ifndef XENITH_PUBLIC_GRANT_TABLE_H
#define XENITH_PUBLIC_GRANT_TABLE_H

#include "xen.h"

#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version       10
#define GNTTABOP_swap_grant_ref    11
#define GNTTABOP_cache_flush       12

/* Reserved references at the start of every table. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* Grant entry flags (v1 flags / v2 hdr.flags). */
#define GTF_invalid             (0U << 0)
#define GTF_permit_access       (1U << 0)
#define GTF_accept_transfer     (2U << 0)
#define GTF_transitive          (3U << 0)
#define GTF_type_mask           (3U << 0)
#define _GTF_readonly           2
#define GTF_readonly            (1U << _GTF_readonly)
#define _GTF_reading            3
#define GTF_reading             (1U << _GTF_reading)
#define _GTF_writing            4
#define GTF_writing             (1U << _GTF_writing)
#define _GTF_PWT                5
#define GTF_PWT                 (1U << _GTF_PWT)
#define _GTF_PCD                6
#define GTF_PCD                 (1U << _GTF_PCD)
#define _GTF_PAT                7
#define GTF_PAT                 (1U << _GTF_PAT)
#define _GTF_sub_page           8
#define GTF_sub_page            (1U << _GTF_sub_page)
#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/* gnttab_copy.flags */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1U << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1U << _GNTCOPY_dest_gref)

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1U << _GNTMAP_device_map)
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1U << _GNTMAP_host_map)
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1U << _GNTMAP_readonly)
#define _GNTMAP_application_map 3
#define GNTMAP_application_map  (1U << _GNTMAP_application_map)
#define _GNTMAP_contains_pte    4
#define GNTMAP_contains_pte     (1U << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0    16
#define GNTMAP_guest_avail_mask (0xffffffffU << _GNTMAP_guest_avail0)

/* Per-operation status values. */
#define GNTST_okay              (0)
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)

/* Cache flush operations. */
#define GNTTAB_CACHE_CLEAN       (1U << 0)
#define GNTTAB_CACHE_INVAL       (1U << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31)

#ifndef __ASSEMBLER__

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;
typedef uint16_t grant_status_t;

/* Version 1 grant entry, written by the granting domain. */
struct grant_entry_v1 {
    uint16_t flags; /* GTF_* */
    domid_t domid;  /* Domain allowed to use the grant. */
    uint32_t frame; /* Granted frame (or frame to receive a transfer). */
};
typedef struct grant_entry_v1 grant_entry_v1_t;
_Static_assert(sizeof(grant_entry_v1_t) == 8, "grant v1");

struct grant_entry_header {
    uint16_t flags;
    domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;
_Static_assert(sizeof(struct grant_entry_header) == 4,
               "grant_entry_header size");

/* Version 2 grant entry. */
union grant_entry_v2 {
    grant_entry_header_t hdr;
    struct {
        grant_entry_header_t hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;
    struct {
        grant_entry_header_t hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;
    struct {
        grant_entry_header_t hdr;
        domid_t trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;
    uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;
_Static_assert(sizeof(grant_entry_v2_t) == 16, "grant v2");

struct gnttab_map_grant_ref {
    uint64_t host_addr;    /* IN: VA (or PTE address) to map at. */
    uint32_t flags;        /* IN: GNTMAP_* */
    grant_ref_t ref;       /* IN */
    domid_t dom;           /* IN: granting domain. */
    int16_t status;        /* OUT: GNTST_* */
    grant_handle_t handle; /* OUT */
    uint64_t dev_bus_addr; /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
_Static_assert(sizeof(gnttab_map_grant_ref_t) == 32, "map_grant_ref");
_Static_assert(offsetof(gnttab_map_grant_ref_t, handle) == 20, "map handle");

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;    /* IN */
    uint64_t dev_bus_addr; /* IN */
    grant_handle_t handle; /* IN */
    int16_t status;        /* OUT */
    uint16_t _pad;
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
_Static_assert(sizeof(gnttab_unmap_grant_ref_t) == 24, "unmap_grant_ref");

/* Grow the table of dom to nr_frames and return its frames. */
struct gnttab_setup_table {
    domid_t dom; /* IN */
    uint16_t _pad0;
    uint32_t nr_frames; /* IN */
    int16_t status;     /* OUT */
    uint16_t _pad1[3];
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT: MFNs of the table. */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
_Static_assert(sizeof(gnttab_setup_table_t) == 24, "setup_table");
_Static_assert(offsetof(gnttab_setup_table_t, frame_list) == 16, "st list");

struct gnttab_dump_table {
    domid_t dom;    /* IN */
    int16_t status; /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
_Static_assert(sizeof(struct gnttab_dump_table) == 4, "gnttab_dump_table size");

struct gnttab_transfer {
    xen_pfn_t mfn; /* IN */
    domid_t domid; /* IN */
    uint16_t _pad0;
    grant_ref_t ref; /* IN */
    int16_t status;  /* OUT */
    uint16_t _pad1[3];
};
typedef struct gnttab_transfer gnttab_transfer_t;
_Static_assert(sizeof(gnttab_transfer_t) == 24, "transfer");

/* One side of a copy: a grant reference or a frame of domid. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref; /* With GNTCOPY_*_gref. */
        xen_pfn_t gmfn;  /* Otherwise: a frame of the caller (or domid). */
    } u;
    domid_t domid;
    uint16_t offset; /* Byte offset within the page. */
    uint32_t _pad;
};
_Static_assert(sizeof(struct gnttab_copy_ptr) == 16, "copy ptr");

struct gnttab_copy {
    struct gnttab_copy_ptr source, dest; /* IN */
    uint16_t len;   /* IN: bytes; must stay within both pages. */
    uint16_t flags; /* IN: GNTCOPY_* */
    int16_t status; /* OUT */
    uint16_t _pad;
};
typedef struct gnttab_copy gnttab_copy_t;
_Static_assert(sizeof(gnttab_copy_t) == 40, "gnttab_copy");
_Static_assert(offsetof(gnttab_copy_t, len) == 32, "copy len");
_Static_assert(offsetof(gnttab_copy_t, status) == 36, "copy status");

struct gnttab_query_size {
    domid_t dom; /* IN */
    uint16_t _pad0;
    uint32_t nr_frames;     /* OUT */
    uint32_t max_nr_frames; /* OUT */
    int16_t status;         /* OUT */
    uint16_t _pad1;
};
typedef struct gnttab_query_size gnttab_query_size_t;
_Static_assert(sizeof(gnttab_query_size_t) == 16, "query_size");

struct gnttab_unmap_and_replace {
    uint64_t host_addr;    /* IN */
    uint64_t new_addr;     /* IN */
    grant_handle_t handle; /* IN */
    int16_t status;        /* OUT */
    uint16_t _pad;
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
_Static_assert(sizeof(gnttab_unmap_and_replace_t) == 24, "unmap_replace");

struct gnttab_set_version {
    uint32_t version; /* IN: 1 or 2; OUT: the version in use. */
};
typedef struct gnttab_set_version gnttab_set_version_t;
_Static_assert(sizeof(struct gnttab_set_version) == 4,
               "gnttab_set_version size");

struct gnttab_get_status_frames {
    uint32_t nr_frames;                    /* IN */
    domid_t dom;                           /* IN */
    int16_t status;                        /* OUT */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
_Static_assert(sizeof(gnttab_get_status_frames_t) == 16, "status frames");

struct gnttab_get_version {
    domid_t dom; /* IN */
    uint16_t pad;
    uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
_Static_assert(sizeof(struct gnttab_get_version) == 8,
               "gnttab_get_version size");

struct gnttab_swap_grant_ref {
    grant_ref_t ref_a; /* IN */
    grant_ref_t ref_b; /* IN */
    int16_t status;    /* OUT */
    uint16_t _pad;
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
_Static_assert(sizeof(struct gnttab_swap_grant_ref) == 12,
               "gnttab_swap_grant_ref size");

struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
    uint32_t op; /* GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
_Static_assert(sizeof(gnttab_cache_flush_t) == 16, "cache_flush");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_GRANT_TABLE_H */
