/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvm, part 2: the code the HVM domU runs.  It is copied to guest-physical
 * HVM_CODE_GPA and entered as a PVH kernel is: 32-bit protected mode,
 * paging off, flat segments, CPL 0.  Every address it uses is a fixed
 * guest-physical one (the code is not linked where it runs).  Hypercalls
 * use the 32-bit HVM convention: VMMCALL, number in EAX, arguments in EBX,
 * ECX, EDX, ESI, EDI, result in EAX.
 *
 * The result page (HVM_RES_GPA, see hvm.h) holds the mode dom0 asks for
 * and everything the payload measured.
 */
#include "hvm.h"

#define S_(x) #x
#define S(x)  S_(x)

// clang-format off
__asm__(".section .rodata\n"
        ".globl hvm_payload_start, hvm_payload_end\n"
        ".code32\n"
        "hvm_payload_start:\n"
        "  mov $" S(HVM_STACK_TOP) ", %esp\n"
        "  movl $1, " S(HVM_R_STAGE) "\n"
        "  mov " S(HVM_R_MODE) ", %eax\n"
        "  cmp $" S(HVM_MODE_UD) ", %eax\n"
        "  je 8f\n"
        "  cmp $" S(HVM_MODE_HLT) ", %eax\n"
        "  je 9f\n"
        "  cmp $" S(HVM_MODE_NPF) ", %eax\n"
        "  je 7f\n"
        "  cmp $" S(HVM_MODE_SVM) ", %eax\n"
        "  je 6f\n"
        /* The event-channel run (hvm-events.c). */
        "  cmp $" S(HVM_MODE_EVENTS) ", %eax\n"
        "  jne 5f\n"
        "  mov $" S(HVM_EV_CODE_GPA) ", %eax\n"
        "  jmp *%eax\n"
        "5:\n"
        /* Hypervisor CPUID leaves. */
        "  mov $0x40000000, %eax\n"
        "  xor %ecx, %ecx\n"
        "  cpuid\n"
        "  mov %eax, " S(HVM_R_CPUID0) "\n"
        "  mov %ebx, " S(HVM_R_CPUID0) "+4\n"
        "  mov %ecx, " S(HVM_R_CPUID0) "+8\n"
        "  mov %edx, " S(HVM_R_CPUID0) "+12\n"
        "  mov $0x40000001, %eax\n"
        "  xor %ecx, %ecx\n"
        "  cpuid\n"
        "  mov %eax, " S(HVM_R_CPUID1) "\n"
        "  mov $0x40000004, %eax\n"
        "  xor %ecx, %ecx\n"
        "  cpuid\n"
        "  mov %eax, " S(HVM_R_CPUID4) "\n"
        "  mov %ebx, " S(HVM_R_CPUID4) "+4\n"
        "  mov %ecx, " S(HVM_R_CPUID4) "+8\n"
        /* xen_version(XENVER_version, NULL) */
        "  mov $17, %eax\n"
        "  xor %ebx, %ebx\n"
        "  xor %ecx, %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_VERSION) "\n"
        /* xen_version(XENVER_extraversion, a buffer in the result page) */
        "  mov $17, %eax\n"
        "  mov $1, %ebx\n"
        "  mov $" S(HVM_R_EXTRAVER) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_EXTRA_RC) "\n"
        /* ... into a guest-physical address outside the p2m */
        "  mov $17, %eax\n"
        "  mov $1, %ebx\n"
        "  mov $" S(HVM_BAD_GPA) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_BADPTR_RC) "\n"
        /* hvm_op(HVMOP_get_param, {DOMID_SELF, HVM_PARAM_STORE_PFN}) */
        "  movw $0x7ff0, " S(HVM_R_PARAM) "\n"
        "  movw $0, " S(HVM_R_PARAM) "+2\n"
        "  movl $1, " S(HVM_R_PARAM) "+4\n"
        "  movl $0, " S(HVM_R_PARAM) "+8\n"
        "  movl $0, " S(HVM_R_PARAM) "+12\n"
        "  mov $34, %eax\n"
        "  mov $1, %ebx\n"
        "  mov $" S(HVM_R_PARAM) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_GETP_RC) "\n"
        "  mov " S(HVM_R_PARAM) "+8, %eax\n"
        "  mov %eax, " S(HVM_R_GETP_VAL) "\n"
        /* ... a parameter the guest may not read (HVM_PARAM_IOREQ_PFN) */
        "  movl $5, " S(HVM_R_PARAM) "+4\n"
        "  mov $34, %eax\n"
        "  mov $1, %ebx\n"
        "  mov $" S(HVM_R_PARAM) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_GETP_PRIV_RC) "\n"
        /* memory_op(XENMEM_current_reservation, &DOMID_SELF) */
        "  movw $0x7ff0, " S(HVM_R_DOMID) "\n"
        "  mov $12, %eax\n"
        "  mov $3, %ebx\n"
        "  mov $" S(HVM_R_DOMID) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_RESV) "\n"
        /* mmu_update: a PV-only hypercall */
        "  mov $1, %eax\n"
        "  xor %ebx, %ebx\n"
        "  xor %ecx, %ecx\n"
        "  xor %edx, %edx\n"
        "  mov $0x7ff0, %esi\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_MMU_RC) "\n"
        /* domctl(pausedomain of dom0): the guest is not privileged */
        "  movl $3, " S(HVM_R_DOMCTL) "\n"
        "  movl $0x15, " S(HVM_R_DOMCTL) "+4\n"
        "  movl $0, " S(HVM_R_DOMCTL) "+8\n"
        "  mov $36, %eax\n"
        "  mov $" S(HVM_R_DOMCTL) ", %ebx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_DOMCTL_RC) "\n"
        /* hvm_op(HVMOP_set_param, {DOMID_SELF, STORE_PFN}) on itself */
        "  movw $0x7ff0, " S(HVM_R_PARAM) "\n"
        "  movl $1, " S(HVM_R_PARAM) "+4\n"
        "  mov $34, %eax\n"
        "  mov $0, %ebx\n"
        "  mov $" S(HVM_R_PARAM) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_SETP_RC) "\n"
        /* get_param of an index past the last */
        "  movl $39, " S(HVM_R_PARAM) "+4\n"
        "  mov $34, %eax\n"
        "  mov $1, %ebx\n"
        "  mov $" S(HVM_R_PARAM) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_GETP_BIG_RC) "\n"
        /* a hypercall number past every table */
        "  mov $1000, %eax\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_BIGNR_RC) "\n"
        "  movl $2, " S(HVM_R_STAGE) "\n"
        /* sched_op(SCHEDOP_shutdown, {SHUTDOWN_poweroff}) */
        "  movl $0, " S(HVM_R_REASON) "\n"
        "  mov $29, %eax\n"
        "  mov $2, %ebx\n"
        "  mov $" S(HVM_R_REASON) ", %ecx\n"
        "  vmmcall\n"
        "  mov %eax, " S(HVM_R_SHUTDOWN_RC) "\n"
        "  movl $3, " S(HVM_R_STAGE) "\n"
        "1: jmp 1b\n"
        /* Writes to and a read of guest-physical memory the p2m does
         * not map. */
        "7: movl $7, " S(HVM_R_STAGE) "\n"
        "  movl $0x12345678, " S(HVM_NPF_GPA) "\n"
        "  movb $0x5a, " S(HVM_NPF_GPA) "+4\n"
        "  mov " S(HVM_NPF_GPA) ", %eax\n"
        "  mov %eax, " S(HVM_R_NPF_VAL) "\n"
        "  movl $8, " S(HVM_R_STAGE) "\n"
        "  movl $0, " S(HVM_R_REASON) "\n"
        "  mov $29, %eax\n"
        "  mov $2, %ebx\n"
        "  mov $" S(HVM_R_REASON) ", %ecx\n"
        "  vmmcall\n"
        "1: jmp 1b\n"
        /* VMRUN without nested SVM: #UD, then as ud2 below. */
        "6: movl $9, " S(HVM_R_STAGE) "\n"
        "  mov $" S(HVM_CODE_GPA) ", %eax\n"
        "  .byte 0x0f, 0x01, 0xd8\n"
        "  movl $10, " S(HVM_R_STAGE) "\n"
        "1: jmp 1b\n"
        /* An invalid instruction with no IDT: #UD, #GP, #DF, shutdown. */
        "8: movl $4, " S(HVM_R_STAGE) "\n"
        "  ud2\n"
        /* HLT with interrupts off: the vCPU goes down for good. */
        "9: movl $5, " S(HVM_R_STAGE) "\n"
        "  cli\n"
        "  hlt\n"
        "  movl $6, " S(HVM_R_STAGE) "\n"
        "  jmp 9b\n"
        "hvm_payload_end:\n"
        ".code64\n"
        ".previous\n");
// clang-format on
