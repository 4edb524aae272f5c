/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The architecture's side of domctl (common/domctl.c holds the table of
 * every command, who may call it and which handler runs).  Each handler
 * gets the target domain (NULL for createdomain) and the copied-in
 * request, and returns 0 (the request is copied back) or a negative Xen
 * errno.  x86 PV implements them in arch/x86/pv/domctl*.c; the one sysctl
 * with an architectural part is here too.
 */
#ifndef XENITH_ARCH_DOMCTL_H
#define XENITH_ARCH_DOMCTL_H

#include <public/domctl.h>
#include <xenith/types.h>

struct domain;

/* Domain lifecycle. */
long arch_domctl_createdomain(struct domain *d, struct xen_domctl *op);
long arch_domctl_destroydomain(struct domain *d, struct xen_domctl *op);
long arch_domctl_pausedomain(struct domain *d, struct xen_domctl *op);
long arch_domctl_unpausedomain(struct domain *d, struct xen_domctl *op);
long arch_domctl_settimeoffset(struct domain *d, struct xen_domctl *op);

/* vCPU state (set/get vcpucontext, set/get ext_vcpucontext). */
long arch_domctl_vcpucontext(struct domain *d, struct xen_domctl *op);
long arch_domctl_ext_vcpucontext(struct domain *d, struct xen_domctl *op);

/* The PV builder's commands. */
long arch_domctl_hypercall_init(struct domain *d, struct xen_domctl *op);
long arch_domctl_getpageframeinfo3(struct domain *d, struct xen_domctl *op);
/* Save, restore and migration (pv/domctl_save.c). */
long arch_domctl_shadow_op(struct domain *d, struct xen_domctl *op);
long arch_domctl_resumedomain(struct domain *d, struct xen_domctl *op);
long arch_domctl_vcpuextstate(struct domain *d, struct xen_domctl *op);
long arch_domctl_vcpu_msrs(struct domain *d, struct xen_domctl *op);
long arch_domctl_address_size(struct domain *d, struct xen_domctl *op);
long arch_domctl_tscinfo(struct domain *d, struct xen_domctl *op);
long arch_domctl_cpu_policy(struct domain *d, struct xen_domctl *op);

/* I/O permissions; and what an unprivileged caller gets for them and for
 * memory_mapping (argument validation first, as Xen 4.17). */
long arch_domctl_iomem_permission(struct domain *d, struct xen_domctl *op);
long arch_domctl_ioport_permission(struct domain *d, struct xen_domctl *op);
long arch_domctl_ioport_permission_unpriv(struct domain *d,
                                          const struct xen_domctl *op);
long arch_domctl_memory_mapping_unpriv(struct domain *d,
                                       const struct xen_domctl *op);

/* sysctl get_cpu_featureset / get_cpu_policy (arg: the request's union). */
long arch_sysctl_cpu_policy(uint32_t cmd, void *arg);

/* physinfo capabilities beyond PV (XEN_SYSCTL_PHYSCAP_hvm, _hap). */
uint32_t arch_physinfo_caps(void);
/* HVM context records (get/sethvmcontext). */
long arch_domctl_hvmcontext(struct domain *d, struct xen_domctl *op);
/* getdomaininfo flags the architecture adds (XEN_DOMINF_hvm_guest, _hap). */
uint32_t arch_domain_info_flags(const struct domain *d);
/* XENMEM_set_memory_map: d's E820 as the toolstack sets it (nr entries at
 * buf in the caller's memory; arch/x86/hvm/hvm.c). */
long arch_set_memory_map(struct domain *d, uint32_t nr, uint64_t buf);
/* Does d see guest frame numbers through a p2m (HVM)?  Then memory_op's
 * reservation calls for it go to the architecture (extents done). */
struct xen_memory_reservation;
bool arch_domain_translated(const struct domain *d);
long arch_translated_reservation(struct domain *d, unsigned int cmd,
                                 const struct xen_memory_reservation *r,
                                 uint64_t list);

/* getdomaininfo's shared_info_frame. */
unsigned long arch_domain_shared_info_frame(const struct domain *d);
/* XENMEM_maximum_gpfn: the highest guest frame number d uses. */
unsigned long arch_domain_max_gpfn(const struct domain *d);

/* Debug key '0': a vCPU's guest registers (and stack, when running). */
struct vcpu;
void arch_dump_vcpu(struct vcpu *v);

#endif
