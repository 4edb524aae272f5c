/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: HVM domain parameters (HVMOP_set_param /
 * HVMOP_get_param indices).
 */
#ifndef XENITH_PUBLIC_HVM_PARAMS_H
#define XENITH_PUBLIC_HVM_PARAMS_H

#define HVM_PARAM_CALLBACK_IRQ 0
/* HVM_PARAM_CALLBACK_IRQ's value: the type in bits 56-63; type 0: a GSI
 * (bits 0-55, 0: none), 1: a PCI INTx, 2: a vector (bits 0-7). */
#define HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT  56
#define HVM_PARAM_CALLBACK_TYPE_GSI        0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX   1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR     2
#define HVM_PARAM_STORE_PFN                1
#define HVM_PARAM_STORE_EVTCHN             2
#define HVM_PARAM_PAE_ENABLED              4 /* deprecated */
#define HVM_PARAM_IOREQ_PFN                5
#define HVM_PARAM_BUFIOREQ_PFN             6
#define HVM_PARAM_VIRIDIAN                 9
#define HVM_PARAM_TIMER_MODE               10
#define HVM_PARAM_HPET_ENABLED             11
#define HVM_PARAM_IDENT_PT                 12
#define HVM_PARAM_DM_DOMAIN                13 /* deprecated */
#define HVM_PARAM_ACPI_S_STATE             14
#define HVM_PARAM_VM86_TSS                 15
#define HVM_PARAM_VPT_ALIGN                16
#define HVM_PARAM_CONSOLE_PFN              17
#define HVM_PARAM_CONSOLE_EVTCHN           18
#define HVM_PARAM_ACPI_IOPORTS_LOCATION    19
#define HVM_PARAM_MEMORY_EVENT_CR0         20 /* deprecated */
#define HVM_PARAM_MEMORY_EVENT_CR3         21 /* deprecated */
#define HVM_PARAM_MEMORY_EVENT_CR4         22 /* deprecated */
#define HVM_PARAM_MEMORY_EVENT_INT3        23 /* deprecated */
#define HVM_PARAM_NESTEDHVM                24 /* deprecated */
#define HVM_PARAM_MEMORY_EVENT_SINGLE_STEP 25 /* deprecated */
#define HVM_PARAM_BUFIOREQ_EVTCHN          26 /* deprecated */
#define HVM_PARAM_PAGING_RING_PFN          27
#define HVM_PARAM_MONITOR_RING_PFN         28
#define HVM_PARAM_SHARING_RING_PFN         29
#define HVM_PARAM_MEMORY_EVENT_MSR         30 /* deprecated */
#define HVM_PARAM_TRIPLE_FAULT_REASON      31 /* a SHUTDOWN_* reason */
#define HVM_PARAM_IOREQ_SERVER_PFN         32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES    33
#define HVM_PARAM_VM_GENERATION_ID_ADDR    34
#define HVM_PARAM_ALTP2M                   35
#define HVM_PARAM_X87_FIP_WIDTH            36
#define HVM_PARAM_VM86_TSS_SIZED           37
#define HVM_PARAM_MCA_CAP                  38

#define HVM_NR_PARAMS 39

#endif /* XENITH_PUBLIC_HVM_PARAMS_H */
