/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall handlers for HVM guests (arch/x86/hvm), named in the HVM
 * column of the table in common/hypercall.c.
 */
#ifndef XENITH_HVM_HYPERCALLS_H
#define XENITH_HVM_HYPERCALLS_H

#define HVM_HC_ARGS                                                         \
    unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4, \
        unsigned long a5

/* hvm_op (#34): HVMOP_set_param / get_param (PV toolstacks call it too). */
long do_hvm_op(HVM_HC_ARGS);
long hvm_memory_op(HVM_HC_ARGS);
long hvm_xen_version(HVM_HC_ARGS);
long hvm_vcpu_op(HVM_HC_ARGS);
long hvm_event_channel_op(HVM_HC_ARGS);
long hvm_grant_table_op(HVM_HC_ARGS);

#endif /* XENITH_HVM_HYPERCALLS_H */
