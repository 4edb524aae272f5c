/* SPDX-License-Identifier: MIT */
/*
 * Xen public toolstack ABI: x86 HVM context records (see ../../hvm/save.h).
 */
#ifndef XENITH_PUBLIC_ARCH_X86_HVM_SAVE_H
#define XENITH_PUBLIC_ARCH_X86_HVM_SAVE_H

#include "../../xen.h"

#define HVM_FILE_MAGIC   0x54381286
#define HVM_FILE_VERSION 0x00000001

#define HVM_SAVE_CODE_HEADER 1
#define HVM_SAVE_CODE_CPU    2

#ifndef __ASSEMBLER__
struct hvm_save_header {
    uint32_t magic;     /* HVM_FILE_MAGIC */
    uint32_t version;   /* HVM_FILE_VERSION */
    uint64_t changeset; /* the saving hypervisor's build */
    uint32_t cpuid;     /* CPUID leaf 1 EAX of the saving machine */
    uint32_t gtsc_khz;  /* the guest's TSC frequency */
};
_Static_assert(sizeof(struct hvm_save_header) == 24, "hvm_save_header");

/*
 * One vCPU's architectural state.  Segment attributes (*_arbytes) are in
 * the 12-bit packed form: type (0-3), S (4), DPL (5-6), P (7), AVL (8),
 * L (9), D/B (10), G (11).
 */
struct hvm_hw_cpu {
    uint8_t fpu_regs[512]; /* FXSAVE image */
    uint64_t rax, rbx, rcx, rdx, rbp, rsi, rdi, rsp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip, rflags;
    uint64_t cr0, cr2, cr3, cr4;
    uint64_t dr0, dr1, dr2, dr3, dr6, dr7;
    uint32_t cs_sel, ds_sel, es_sel, fs_sel, gs_sel, ss_sel, tr_sel, ldtr_sel;
    uint32_t cs_limit, ds_limit, es_limit, fs_limit, gs_limit, ss_limit,
        tr_limit, ldtr_limit, idtr_limit, gdtr_limit;
    uint64_t cs_base, ds_base, es_base, fs_base, gs_base, ss_base, tr_base,
        ldtr_base, idtr_base, gdtr_base;
    uint32_t cs_arbytes, ds_arbytes, es_arbytes, fs_arbytes, gs_arbytes,
        ss_arbytes, tr_arbytes, ldtr_arbytes;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t shadow_gs; /* KERNEL_GS_BASE */
    uint64_t msr_flags; /* obsolete, ignored */
    uint64_t msr_lstar, msr_star, msr_cstar, msr_syscall_mask, msr_efer,
        msr_tsc_aux;
    uint64_t tsc;           /* the guest's TSC */
    uint32_t pending_event; /* vector 0-7, type 8-10, error valid 11,
                             * valid 31 */
    uint32_t error_code;
    uint32_t flags; /* XEN_X86_FPU_INITIALISED */
    uint32_t pad0;
};
#define XEN_X86_FPU_INITIALISED (1U << 0)
_Static_assert(sizeof(struct hvm_hw_cpu) == 1032, "hvm_hw_cpu size");
#endif

#endif /* XENITH_PUBLIC_ARCH_X86_HVM_SAVE_H */
