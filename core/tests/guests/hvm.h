/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HVM test guest's memory layout (guest-physical addresses), shared
 * by dom0's side (hvm.c) and the payload (hvm-payload.c).
 */
#ifndef HVM_GUEST_H
#define HVM_GUEST_H

#define HVM_PAGES     16     /* gfns 0-15 are populated */
#define HVM_CODE_GPA  0x1000 /* the payload */
#define HVM_RES_GPA   0x2000 /* the result page (dom0 maps it) */
#define HVM_STACK_TOP 0x8000
#define HVM_BAD_GPA   0xfff00000 /* never in the p2m */

/* Modes dom0 writes at HVM_R_MODE. */
#define HVM_MODE_RUN 0 /* every check, then SCHEDOP_shutdown(poweroff) */
#define HVM_MODE_UD  1 /* ud2 without an IDT: a triple fault */
#define HVM_MODE_HLT 2 /* cli; hlt */
#define HVM_MODE_NPF 3 /* stores and a load outside the p2m */
#define HVM_MODE_SVM 4 /* VMRUN in the guest (no nested SVM): #UD */

/* Result page words (32-bit each unless said otherwise). */
#define HVM_R_MODE         0x2000
#define HVM_R_STAGE        0x2004 /* how far the payload got */
#define HVM_R_CPUID0       0x2010 /* leaf 0x40000000: eax ebx ecx edx */
#define HVM_R_CPUID1       0x2020 /* leaf 0x40000001 eax */
#define HVM_R_VERSION      0x2024 /* XENVER_version */
#define HVM_R_EXTRA_RC     0x2028 /* XENVER_extraversion's result */
#define HVM_R_BADPTR_RC    0x202c /* extraversion to HVM_BAD_GPA */
#define HVM_R_GETP_RC      0x2030 /* get_param(STORE_PFN) */
#define HVM_R_GETP_VAL     0x2034 /* its value, low 32 bits */
#define HVM_R_GETP_PRIV_RC 0x2038 /* get_param(IOREQ_PFN) */
#define HVM_R_RESV         0x203c /* XENMEM_current_reservation */
#define HVM_R_MMU_RC       0x2040 /* mmu_update */
#define HVM_R_SHUTDOWN_RC  0x2044 /* only if SCHEDOP_shutdown returned */
#define HVM_R_BIGNR_RC     0x2048 /* hypercall 1000 */
#define HVM_R_CPUID4       0x204c /* leaf 0x40000004: eax ebx ecx */
#define HVM_R_DOMCTL_RC    0x2058 /* domctl pausedomain(0) */
#define HVM_R_SETP_RC      0x205c /* set_param(STORE_PFN) on itself */
#define HVM_R_GETP_BIG_RC  0x2060 /* get_param(HVM_NR_PARAMS) */
#define HVM_R_NPF_VAL      0x2064 /* what the read outside the p2m gave */
#define HVM_NPF_GPA        0x100000
#define HVM_R_EXTRAVER     0x2080 /* 16 bytes */
#define HVM_R_PARAM        0x20a0 /* struct xen_hvm_param */
#define HVM_R_DOMID        0x20c0 /* domid_t */
#define HVM_R_REASON       0x20c4 /* struct sched_shutdown */
#define HVM_R_DOMCTL       0x2100 /* struct xen_domctl (144 bytes) */

#endif /* HVM_GUEST_H */
