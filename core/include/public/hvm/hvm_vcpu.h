/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: the register state VCPUOP_initialise takes for a
 * vCPU of an HVM (PVH) guest.
 */
#ifndef XENITH_PUBLIC_HVM_HVM_VCPU_H
#define XENITH_PUBLIC_HVM_HVM_VCPU_H

#include "../xen.h"

#ifndef __ASSEMBLER__
/* 32-bit protected mode: flat registers and five segments (the 16-bit
 * attributes as in the save records: type, S, DPL, P, AVL, L, D/B, G). */
struct vcpu_hvm_x86_32 {
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t eip, eflags;
    uint32_t cr0, cr3, cr4;
    uint32_t pad1;
    uint64_t efer;
    uint32_t cs_base, ds_base, ss_base, es_base, tr_base;
    uint32_t cs_limit, ds_limit, ss_limit, es_limit, tr_limit;
    uint16_t cs_ar, ds_ar, ss_ar, es_ar, tr_ar;
    uint16_t pad2[3];
};

/* Long mode with paging on: the segments are the flat 64-bit ones. */
struct vcpu_hvm_x86_64 {
    uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
    uint64_t rip, rflags;
    uint64_t cr0, cr3, cr4, efer;
};

#define VCPU_HVM_MODE_32B 0
#define VCPU_HVM_MODE_64B 1

struct vcpu_hvm_context {
    uint32_t mode; /* VCPU_HVM_MODE_* */
    uint32_t pad;
    union {
        struct vcpu_hvm_x86_32 x86_32;
        struct vcpu_hvm_x86_64 x86_64;
    } cpu_regs;
};
typedef struct vcpu_hvm_context vcpu_hvm_context_t;

_Static_assert(sizeof(struct vcpu_hvm_x86_32) == 120, "vcpu_hvm_x86_32");
_Static_assert(sizeof(struct vcpu_hvm_x86_64) == 112, "vcpu_hvm_x86_64");
_Static_assert(sizeof(struct vcpu_hvm_context) == 128, "vcpu_hvm_context");
#endif

#endif /* XENITH_PUBLIC_HVM_HVM_VCPU_H */
