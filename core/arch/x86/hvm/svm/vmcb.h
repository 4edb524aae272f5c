/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AMD SVM virtual machine control block (AMD APM vol. 2, appendix B):
 * the control area (intercepts, exit information, nested paging) in the
 * first 1 KiB, the guest's state save area from offset 0x400.
 */
#ifndef XENITH_HVM_SVM_VMCB_H
#define XENITH_HVM_SVM_VMCB_H

#include <xenith/types.h>

struct vmcb_seg {
    uint16_t sel;
    uint16_t attr;
    uint32_t limit;
    uint64_t base;
};

struct vmcb {
    /* Control area. */
    uint32_t cr_intercepts;  /* 0x000: reads 0-15, writes 16-31 */
    uint32_t dr_intercepts;  /* 0x004 */
    uint32_t exc_intercepts; /* 0x008: one bit per vector */
    uint32_t misc1;          /* 0x00c: SVM_MISC1_* */
    uint32_t misc2;          /* 0x010: SVM_MISC2_* */
    uint8_t res0[0x3c - 0x14];
    uint16_t pause_thresh;  /* 0x03c */
    uint16_t pause_count;   /* 0x03e */
    uint64_t iopm_base_pa;  /* 0x040 */
    uint64_t msrpm_base_pa; /* 0x048 */
    uint64_t tsc_offset;    /* 0x050 */
    uint32_t asid;          /* 0x058 */
    uint8_t tlb_control;    /* 0x05c */
    uint8_t res1[3];
    uint64_t vintr;       /* 0x060 */
    uint64_t int_state;   /* 0x068: bit 0 interrupt shadow */
    uint64_t exitcode;    /* 0x070 */
    uint64_t exitinfo1;   /* 0x078 */
    uint64_t exitinfo2;   /* 0x080 */
    uint64_t exitintinfo; /* 0x088 */
    uint64_t np_ctrl;     /* 0x090: bit 0 nested paging */
    uint64_t res2[2];
    uint64_t eventinj; /* 0x0a8 */
    uint64_t n_cr3;    /* 0x0b0 */
    uint64_t virt_ext; /* 0x0b8 */
    uint32_t clean;    /* 0x0c0: VMCB clean bits */
    uint32_t res3;
    uint64_t nrip;    /* 0x0c8: next RIP (NRIP-save) */
    uint8_t insn_len; /* 0x0d0 */
    uint8_t insn[15];
    uint8_t res4[0x400 - 0xe0];
    /* State save area. */
    struct vmcb_seg es, cs, ss, ds, fs, gs; /* 0x400 */
    struct vmcb_seg gdtr, ldtr, idtr, tr;   /* 0x460 */
    uint8_t res5[0x4cb - 0x4a0];
    uint8_t cpl; /* 0x4cb */
    uint32_t res6;
    uint64_t efer; /* 0x4d0 */
    uint8_t res7[0x548 - 0x4d8];
    uint64_t cr4; /* 0x548 */
    uint64_t cr3;
    uint64_t cr0;
    uint64_t dr7;
    uint64_t dr6;
    uint64_t rflags;
    uint64_t rip; /* 0x578 */
    uint8_t res8[0x5d8 - 0x580];
    uint64_t rsp; /* 0x5d8 */
    uint8_t res9[0x5f8 - 0x5e0];
    uint64_t rax; /* 0x5f8 */
    uint64_t star, lstar, cstar, sfmask, kerngsbase;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t cr2; /* 0x640 */
    uint8_t res10[0x668 - 0x648];
    uint64_t g_pat; /* 0x668 */
    uint8_t res11[0x1000 - 0x670];
};

_Static_assert(__builtin_offsetof(struct vmcb, iopm_base_pa) == 0x40, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, exitcode) == 0x70, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, n_cr3) == 0xb0, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, nrip) == 0xc8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, es) == 0x400, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, tr) == 0x490, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, cpl) == 0x4cb, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, efer) == 0x4d0, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, cr4) == 0x548, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, rip) == 0x578, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, rsp) == 0x5d8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, rax) == 0x5f8, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, cr2) == 0x640, "vmcb");
_Static_assert(__builtin_offsetof(struct vmcb, g_pat) == 0x668, "vmcb");
_Static_assert(sizeof(struct vmcb) == 4096, "vmcb size");

/* misc1 intercepts. */
#define SVM_MISC1_INTR        (1U << 0)
#define SVM_MISC1_NMI         (1U << 1)
#define SVM_MISC1_SMI         (1U << 2)
#define SVM_MISC1_INIT        (1U << 3)
#define SVM_MISC1_VINTR       (1U << 4)
#define SVM_MISC1_CPUID       (1U << 18)
#define SVM_MISC1_INVD        (1U << 22)
#define SVM_MISC1_HLT         (1U << 24)
#define SVM_MISC1_INVLPGA     (1U << 26)
#define SVM_MISC1_IOIO_PROT   (1U << 27)
#define SVM_MISC1_MSR_PROT    (1U << 28)
#define SVM_MISC1_TASK_SWITCH (1U << 29)
#define SVM_MISC1_SHUTDOWN    (1U << 31)
/* misc2 intercepts. */
#define SVM_MISC2_VMRUN   (1U << 0)
#define SVM_MISC2_VMMCALL (1U << 1)
#define SVM_MISC2_VMLOAD  (1U << 2)
#define SVM_MISC2_VMSAVE  (1U << 3)
#define SVM_MISC2_STGI    (1U << 4)
#define SVM_MISC2_CLGI    (1U << 5)
#define SVM_MISC2_SKINIT  (1U << 6)
#define SVM_MISC2_RDTSCP  (1U << 7)
#define SVM_MISC2_ICEBP   (1U << 8)
#define SVM_MISC2_WBINVD  (1U << 9)
#define SVM_MISC2_MONITOR (1U << 10)
#define SVM_MISC2_MWAIT   (1U << 11)
#define SVM_MISC2_MWAIT_C (1U << 12)
#define SVM_MISC2_XSETBV  (1U << 13)

/* Exit codes. */
#define SVM_EXIT_EXCP_BASE 0x40
#define SVM_EXIT_INTR      0x60
#define SVM_EXIT_NMI       0x61
#define SVM_EXIT_SMI       0x62
#define SVM_EXIT_INIT      0x63
#define SVM_EXIT_VINTR     0x64
#define SVM_EXIT_CPUID     0x72
#define SVM_EXIT_HLT       0x78
#define SVM_EXIT_IOIO      0x7b
#define SVM_EXIT_MSR       0x7c
#define SVM_EXIT_SHUTDOWN  0x7f
#define SVM_EXIT_VMRUN     0x80
#define SVM_EXIT_VMMCALL   0x81
#define SVM_EXIT_VMLOAD    0x82
#define SVM_EXIT_VMSAVE    0x83
#define SVM_EXIT_STGI      0x84
#define SVM_EXIT_CLGI      0x85
#define SVM_EXIT_SKINIT    0x86
#define SVM_EXIT_MONITOR   0x8a
#define SVM_EXIT_MWAIT     0x8b
#define SVM_EXIT_MWAIT_C   0x8c
#define SVM_EXIT_NPF       0x400
#define SVM_EXIT_INVALID   (~0ULL)

#define TLB_CONTROL_FLUSH_ALL 1

/* VINTR: a virtual interrupt request (V_IRQ) of priority V_INTR_PRIO
 * that ignores V_TPR, used only to open an interrupt window (the VINTR
 * intercept fires when the guest could take it); V_INTR_MASKING: the
 * guest's RFLAGS.IF masks only virtual interrupts, the host's IF
 * physical ones (they always exit). */
#define VINTR_V_IRQ          (1ULL << 8)
#define VINTR_V_PRIO_MASK    (0xfULL << 16)
#define VINTR_V_IGN_TPR      (1ULL << 20)
#define VINTR_V_INTR_MASKING (1ULL << 24)
#define VINTR_V_VECTOR_MASK  (0xffULL << 32)

/* EVENTINJ (and EXITINTINFO): vector, type (0: external interrupt, 2:
 * NMI, 3: exception, 4: software interrupt), error code valid, valid. */
#define EVENTINJ_TYPE_INTR  (0U << 8)
#define EVENTINJ_TYPE_MASK  (7U << 8)
#define EVENTINJ_TYPE_SWINT (4U << 8)
#define EVENTINJ_TYPE_EXC   (3U << 8)
#define EVENTINJ_EV         (1U << 11)
#define EVENTINJ_VALID      (1U << 31)

/* MSRs. */
#define MSR_VM_CR       0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117
#define VM_CR_SVMDIS    (1U << 4)
#define EFER_SVME       (1UL << 12)

#endif /* XENITH_HVM_SVM_VMCB_H */
