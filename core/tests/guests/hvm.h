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
#define HVM_MODE_RUN    0 /* every check, then SCHEDOP_shutdown(poweroff) */
#define HVM_MODE_UD     1 /* ud2 without an IDT: a triple fault */
#define HVM_MODE_HLT    2 /* cli; hlt */
#define HVM_MODE_NPF    3 /* stores and a load outside the p2m */
#define HVM_MODE_SVM    4 /* VMRUN in the guest (no nested SVM): #UD */
#define HVM_MODE_EVENTS 5 /* hvm-events.c at HVM_EV_CODE_GPA */
#define HVM_MODE_PAGING 6 /* 32-bit paging on, then CPUID and VMMCALL */
#define HVM_MODE_PAE    7 /* the same with PAE paging */
#define HVM_MODE_SMP    8 /* hvm-smp.c at HVM_SMP_CODE_GPA: vCPU 1 */

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
#define HVM_R_PG_CPUID     0x2068 /* paging on: CPUID 0x40000001 eax */
#define HVM_R_PG_VER       0x206c /* paging on: VMMCALL xen_version */
#define HVM_PG_DIR         0x9000 /* gfn 9: the page directory (PAE: PDPT) */
#define HVM_PG_PAE_PD      0xa000 /* gfn 10: PAE's page directory */
#define HVM_R_MM1_RC       0x21a0 /* memory_map with room for 1 entry */
#define HVM_R_MM1_NR       0x21a4 /* the count it gave back */
#define HVM_R_MM8_RC       0x21a8 /* ... room for 8 */
#define HVM_R_MM8_NR       0x21ac
#define HVM_R_MM_ARG       0x21b0 /* compat xen_memory_map (8 bytes) */
#define HVM_R_MM_BUF       0x21c0 /* the entries (20 bytes each, 2) */
#define HVM_R_EXTRAVER     0x2080 /* 16 bytes */
#define HVM_R_PARAM        0x20a0 /* struct xen_hvm_param */
#define HVM_R_DOMID        0x20c0 /* domid_t */
#define HVM_R_REASON       0x20c4 /* struct sched_shutdown */
#define HVM_R_DOMCTL       0x2100 /* struct xen_domctl (144 bytes) */

/* Mode HVM_MODE_EVENTS (hvm-events.c): event channels into the domU. */
#define HVM_EV_CODE_GPA  0x3000 /* its code */
#define HVM_EV_GDT       0x4000 /* null, code 0x08, data 0x10 */
#define HVM_EV_GDTR      0x4020
#define HVM_EV_IDTR      0x4030
#define HVM_EV_IDT       0x4100 /* 256 gates */
#define HVM_EV_VECTOR    0xf3   /* the upcall vector (Linux's) */
#define HVM_EV_SHINFO    0xe000 /* gfn 14: shared_info goes there */
#define HVM_EV_MARK      0xeff0 /* a word dom0 writes before the mapping */
#define HVM_EV_MARK_VAL  0x5eed1e55
#define HVM_EV_VI        0xd040 /* gfn 13: the registered vcpu_info */
#define HVM_EV_LAPIC_SVR 0xfee000f0
#define HVM_EV_LAPIC_EOI 0xfee000b0
#define HVM_EV_ARG       0x2400 /* hypercall arguments */
/* Results. */
#define HVM_E_ATP_RC      0x2200 /* add_to_physmap(shared_info, gfn 14) */
#define HVM_E_ATP_MARK    0x2204 /* HVM_EV_MARK read after it */
#define HVM_E_ATP_BAD_RC  0x2208 /* add_to_physmap space 99 */
#define HVM_E_ATP_IDX_RC  0x220c /* shared_info idx 1 */
#define HVM_E_VEC_LOW_RC  0x2210 /* set_evtchn_upcall_vector 0x0f */
#define HVM_E_VEC_VCPU_RC 0x2214 /* ... on vCPU 7 */
#define HVM_E_VEC_RC      0x2218 /* ... HVM_EV_VECTOR on vCPU 0 */
#define HVM_E_VEC_COUNT   0x221c /* upcalls taken at sti;nop;cli after it */
#define HVM_E_STOPP_RC    0x2220 /* VCPUOP_stop_periodic_timer */
#define HVM_E_ISUP_RC     0x2224 /* VCPUOP_is_up */
#define HVM_E_VIRQ_RC     0x2228 /* bind_virq(VIRQ_TIMER) */
#define HVM_E_VIRQ_PORT   0x222c
#define HVM_E_SST_RC      0x2230 /* set_singleshot_timer */
#define HVM_E_TMR_COUNT   0x2234 /* upcalls taken by `sti; hlt` */
#define HVM_E_TMR_SEEN    0x2238 /* pending ports (0-31) the handler saw */
#define HVM_E_TMR_UPC     0x223c /* evtchn_upcall_pending it saw */
#define HVM_E_TMR_HLTS    0x2240 /* HLTs until the timer's port came */
#define HVM_E_IPI_RC      0x2244 /* bind_ipi(vCPU 0) */
#define HVM_E_IPI_PORT    0x2248
#define HVM_E_SEND_RC     0x224c /* send to it */
#define HVM_E_IPI_COUNT   0x2250 /* upcalls at sti;nop;cli after it */
#define HVM_E_IPI_SEEN    0x2254
#define HVM_E_UNB_RC      0x2258 /* alloc_unbound(self, self) */
#define HVM_E_UNB_PORT    0x225c
#define HVM_E_CLOSE_RC    0x2260 /* close it */
#define HVM_E_CLOSE2_RC   0x2264 /* close it again */
#define HVM_E_UNMASK_RC   0x2268 /* unmask the IPI port */
#define HVM_E_RVI_RC      0x226c /* register_vcpu_info(gfn 13, 0x40) */
#define HVM_E_RVI_COUNT   0x2270 /* upcalls at sti;nop;cli after it */
#define HVM_E_RVI_UPC     0x2274 /* upcall_pending seen at the new place */
#define HVM_E_CBIRQ_RC    0x2278 /* get_param(CALLBACK_IRQ) */
#define HVM_E_CBIRQ_VAL   0x227c
#define HVM_E_SYSTIME     0x2290 /* vCPU 0's system_time (64 bits) */
#define HVM_E_GNT_RC      0x22a0 /* add_to_physmap(grant_table 0, gfn 12) */
#define HVM_E_GNT_MOVE_RC 0x22a4 /* ... the same frame to gfn 11 */
#define HVM_E_GNT_MOVED   0x22a8 /* the word written at gfn 12, at gfn 11 */
#define HVM_E_GNT_OLD     0x22ac /* gfn 12 read after the move */
#define HVM_E_GNT_BIG_RC  0x22b0 /* grant_table idx 1 (max_grant_frames 1) */
#define HVM_E_GNT_QS_RC   0x22b4 /* GNTTABOP_query_size: rc */
#define HVM_E_GNT_QS_NR   0x22b8 /* nr_frames */
#define HVM_E_GNT_QS_MAX  0x22bc /* max_nr_frames */
#define HVM_E_GNT_QS_ST   0x22c0 /* status */
#define HVM_E_CB_SET_RC   0x22c4 /* set_param(CALLBACK_IRQ, vector 0xf3) */
/* (then 0 and type 3: HVM_E_CB_OFF_RC, HVM_E_CB_BAD_RC) */
#define HVM_E_CB_IPI_RC   0x22c8 /* bind_ipi for it */
#define HVM_E_CB_PORT     0x22cc
#define HVM_E_CB_SEND_RC  0x22d0
#define HVM_E_CB_COUNT    0x22d4 /* upcalls at sti;nop after the send */
#define HVM_E_CB_SEEN     0x22d8
#define HVM_E_CB_BAD_RC   0x22dc /* set_param(CALLBACK_IRQ, type 3, 5) */
#define HVM_E_CB_BAD_VAL  0x22e0 /* get_param after it: low word */
#define HVM_E_CB_BAD_HI   0x22e4 /* ... high word */
#define HVM_E_CB_OFF_RC   0x22e8 /* set_param(CALLBACK_IRQ, 0) */
#define HVM_E_CB_CLOSE_RC 0x22ec /* close the port */
#define HVM_E_CB_GET_RC   0x22f0 /* get_param after type 3 */
#define HVM_E_CB_SEND2_RC 0x22f4 /* a second send */
#define HVM_E_CB_COUNT2   0x22f8 /* upcalls at sti;nop after it */
#define HVM_EV_GNT        0xc000 /* gfn 12, then gfn 11 (0xb000) */
#define HVM_EV_GNT2       0xb000
#define HVM_EV_GNT_MARK   0x6a6e7421
#define HVM_E_COUNT       0x2280 /* live: upcalls taken */
#define HVM_E_SEEN        0x2284 /* live: OR of pending words taken */
#define HVM_E_UPC         0x2288 /* live: last upcall_pending seen */
#define HVM_E_VIPTR       0x228c /* live: where vcpu_info is */

/* Mode HVM_MODE_SMP (hvm-smp.c): a second vCPU by VCPUOP_initialise (the
 * HVM form), up, down and is_up; its runstate area. */
#define HVM_SMP_CODE_GPA 0x8000 /* gfn 8: its code */
#define HVM_SMP_AP_STACK 0x6000
#define HVM_SMP_CTX      0x2800 /* struct vcpu_hvm_context (128 bytes) */
#define HVM_SMP_RS       0x2900 /* vCPU 1's runstate area (48 bytes) */
#define HVM_SMP_RS_VA    0x2940 /* the uint64_t address of it */
#define HVM_SMP_MARK     0x600d0001
#define HVM_S_ISUP0      0x2300 /* is_up(1) before anything */
#define HVM_S_UP_EARLY   0x2304 /* up(1) before initialise */
#define HVM_S_INIT_MODE  0x2308 /* initialise(1) with mode 2 */
#define HVM_S_INIT_CS    0x230c /* ... with a null CS */
#define HVM_S_INIT_EIP   0x2310 /* ... EIP past a byte-granular CS limit */
#define HVM_S_INIT       0x2314 /* ... a good 32-bit context */
#define HVM_S_INIT2      0x2318 /* ... again */
#define HVM_S_ISUP1      0x231c /* is_up(1) after initialise */
#define HVM_S_RS_RC      0x2320 /* register_runstate_memory_area(1) */
#define HVM_S_RS_STATE0  0x2324 /* its state word right after */
#define HVM_S_UP         0x2328 /* up(1) */
#define HVM_S_AP_MARK    0x232c /* vCPU 1 writes HVM_SMP_MARK */
#define HVM_S_AP_ID      0x2330 /* its CPUID 0x40000004 ebx */
#define HVM_S_AP_EAX     0x2334 /* the EAX and ESI it started with */
#define HVM_S_AP_ESI     0x2338
#define HVM_S_AP_RS      0x233c /* its own runstate state, running */
#define HVM_S_ISUP2      0x2340 /* is_up(1) once it went down */
#define HVM_S_RS_DOWN    0x2344 /* the state word then */
#define HVM_S_UP2        0x2348 /* up(1) again */
#define HVM_S_AP_DOWN_RC 0x234c /* what vCPU 1's down returned */
#define HVM_S_AP_MARK2   0x2350 /* vCPU 1 back after it */
#define HVM_S_ISUP3      0x2354 /* is_up(1) after its second down */
#define HVM_S_DOWN0_RC   0x2358 /* only if down(0) (the last) returned */
#define HVM_S_MISSING    0x235c /* initialise of vCPU 2 (max 2 vCPUs) */
#define HVM_S_MM_RC      0x2360 /* memory_map with none set */
#define HVM_S_MM_ARG     0x2368
#define HVM_S_INIT_64    0x2370 /* initialise(1), 64-bit form, paging off */

#endif /* HVM_GUEST_H */
