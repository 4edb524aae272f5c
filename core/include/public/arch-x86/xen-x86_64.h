/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: 64-bit x86 PV specifics.
 *
 * Segment selectors the hypervisor reserves in every guest GDT, the layout
 * of the register frame exchanged with the hypervisor (cpu_user_regs), the
 * stack frame consumed by the iret hypercall, and the per-vCPU arch block
 * inside vcpu_info.  Included through arch-x86/xen.h; do not include it
 * directly.
 */
#ifndef XENITH_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XENITH_PUBLIC_ARCH_X86_XEN_X86_64_H

/*
 * Flat selectors in the hypervisor-reserved part of the GDT.  A 64-bit PV
 * guest kernel runs in ring 3, so its kernel and user selectors coincide;
 * the hypervisor tracks kernel versus user mode itself.
 */
#define FLAT_RING3_CS32 0xe023 /* GDT entry 260: 32-bit code, DPL 3. */
#define FLAT_RING3_CS64 0xe033 /* GDT entry 262: 64-bit code, DPL 3. */
#define FLAT_RING3_DS32 0xe02b /* GDT entry 261: flat data, DPL 3. */
#define FLAT_RING3_DS64 0x0000 /* Null selector: data needs none in 64-bit. */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * The hypervisor owns this part of the canonical upper half (L4 slots
 * 256-271).  The read-only machine-to-physical table sits at its start.
 */
#define HYPERVISOR_VIRT_START_X86_64 0xFFFF800000000000ULL
#define HYPERVISOR_VIRT_END_X86_64   0xFFFF880000000000ULL
#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START HYPERVISOR_VIRT_START_X86_64
#define HYPERVISOR_VIRT_END   HYPERVISOR_VIRT_END_X86_64
#endif
#define MACH2PHYS_VIRT_START 0xFFFF800000000000ULL
#define MACH2PHYS_VIRT_END   0xFFFF804000000000ULL
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* set_segment_base hypercall: which base register to load. */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3 /* Load the user %gs selector from bits 15:0. */

/*
 * iret hypercall flags word: bit 8 set means "returning from a syscall
 * bounce", in which case the hypervisor discards the saved RCX/R11.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1U << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLER__

/*
 * The frame a guest pushes before invoking the iret hypercall (#23); the
 * first member is at the lowest address, i.e. at %rsp.
 */
struct iret_context {
    uint64_t rax;    /* IN: restored to %rax. */
    uint64_t r11;    /* IN: restored unless VGCF_in_syscall. */
    uint64_t rcx;    /* IN: restored unless VGCF_in_syscall. */
    uint64_t flags;  /* IN: VGCF_in_syscall or 0. */
    uint64_t rip;    /* IN */
    uint64_t cs;     /* IN: RPL 3 selects user mode for a 64-bit guest. */
    uint64_t rflags; /* IN: IF becomes the inverse of the upcall mask. */
    uint64_t rsp;    /* IN */
    uint64_t ss;     /* IN */
};
_Static_assert(sizeof(struct iret_context) == 72, "iret_context size");

/*
 * Guest register frame, as exchanged by VCPUOP_initialise and the
 * get/setvcpucontext domctls.  Fields are plain 64-bit registers; the
 * error_code/entry_vector pair is hypervisor-private scratch space.
 */
struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;   /* Private to the hypervisor. */
    uint32_t entry_vector; /* Private to the hypervisor. */
    uint64_t rip;
    uint16_t cs;
    uint16_t _pad0[1];
    uint8_t saved_upcall_mask; /* Event mask at the time of the frame. */
    uint8_t _pad1[3];
    uint64_t rflags; /* RFLAGS.IF mirrors !saved_upcall_mask. */
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
_Static_assert(sizeof(struct cpu_user_regs) == 200, "cpu_user_regs size");
_Static_assert(offsetof(struct cpu_user_regs, error_code) == 120, "regs ec");
_Static_assert(offsetof(struct cpu_user_regs, rip) == 128, "regs rip");
_Static_assert(offsetof(struct cpu_user_regs, cs) == 136, "regs cs");
_Static_assert(offsetof(struct cpu_user_regs, saved_upcall_mask) == 140,
               "regs saved_upcall_mask");
_Static_assert(offsetof(struct cpu_user_regs, rflags) == 144, "regs rflags");
_Static_assert(offsetof(struct cpu_user_regs, ss) == 160, "regs ss");
_Static_assert(offsetof(struct cpu_user_regs, gs) == 192, "regs gs");

/* CR3 values carry the frame number in bits 12 and up. */
#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)

/* Architecture part of vcpu_info: 16 bytes, keeping vcpu_info at 64. */
struct arch_vcpu_info {
    uint64_t cr2; /* OUT: faulting address of the last bounced #PF. */
    uint64_t pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;
_Static_assert(sizeof(struct arch_vcpu_info) == 16, "arch_vcpu_info size");

/* A callback address (event, failsafe, syscall, NMI) is a plain RIP. */
typedef uint64_t xen_callback_t;

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_ARCH_X86_XEN_X86_64_H */
