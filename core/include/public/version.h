/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: version queries (hypercall xen_version, #17).
 *
 * XENVER_version returns (major << 16) | minor directly; the other
 * sub-ops fill the buffer their argument points at.
 */
#ifndef XENITH_PUBLIC_VERSION_H
#define XENITH_PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

#define XENVER_version             0
#define XENVER_extraversion        1
#define XENVER_compile_info        2
#define XENVER_capabilities        3
#define XENVER_changeset           4
#define XENVER_platform_parameters 5
#define XENVER_get_features        6
#define XENVER_pagesize            7
#define XENVER_guest_handle        8
#define XENVER_commandline         9
#define XENVER_build_id            10

#ifndef __ASSEMBLER__

typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;
_Static_assert(sizeof(xen_compile_info_t) == 144, "compile_info");

typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

struct xen_platform_parameters {
    xen_ulong_t virt_start; /* OUT: start of the hypervisor's VA range. */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;
_Static_assert(sizeof(struct xen_platform_parameters) == 8,
               "xen_platform_parameters size");

struct xen_feature_info {
    uint32_t submap_idx; /* IN: which 32-bit submap. */
    uint32_t submap;     /* OUT: its XENFEAT_* bits. */
};
typedef struct xen_feature_info xen_feature_info_t;
_Static_assert(sizeof(xen_feature_info_t) == 8, "feature_info");

typedef char xen_commandline_t[1024];

struct xen_build_id {
    uint32_t len;        /* IN: buffer size; OUT: id length. */
    unsigned char buf[]; /* OUT */
};
typedef struct xen_build_id xen_build_id_t;
_Static_assert(sizeof(struct xen_build_id) == 4, "xen_build_id size");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_VERSION_H */
