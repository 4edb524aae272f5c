/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: hypercall hvm_op (#34), the operations an HVM
 * guest and its toolstack use.
 */
#ifndef XENITH_PUBLIC_HVM_HVM_OP_H
#define XENITH_PUBLIC_HVM_HVM_OP_H

#include "../xen.h"

#define HVMOP_set_param 0 /* struct xen_hvm_param */
#define HVMOP_get_param 1 /* struct xen_hvm_param */
/* The calling domain's per-vCPU event upcall vector (PVH, PVHVM). */
#define HVMOP_set_evtchn_upcall_vector 23 /* xen_hvm_evtchn_upcall_vector */

#ifndef __ASSEMBLER__
struct xen_hvm_param {
    domid_t domid; /* IN: DOMID_SELF or a domain id */
    uint16_t pad;
    uint32_t index; /* IN: HVM_PARAM_* */
    uint64_t value; /* IN (set) / OUT (get) */
};
typedef struct xen_hvm_param xen_hvm_param_t;
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param size");

struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;  /* IN: the vCPU (of the caller's domain) */
    uint8_t vector; /* IN: 0x10-0xff */
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;
_Static_assert(sizeof(struct xen_hvm_evtchn_upcall_vector) == 8,
               "xen_hvm_evtchn_upcall_vector size");
#endif

#endif /* XENITH_PUBLIC_HVM_HVM_OP_H */
