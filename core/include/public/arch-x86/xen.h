/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: x86 definitions shared by every x86 guest type.
 *
 * Guest handles (how a hypercall argument names guest memory), the frame
 * and word types, the virtual IDT entry (trap_info), the full vCPU context
 * (vcpu_guest_context) and the arch block at the end of shared_info.
 * Only 64-bit x86 is described.  Included by xen.h.
 */
#ifndef XENITH_PUBLIC_ARCH_X86_XEN_H
#define XENITH_PUBLIC_ARCH_X86_XEN_H

#if !defined(__x86_64__)
#error "Xenith's public headers describe the x86-64 ABI only"
#endif

#ifndef __ASSEMBLER__
/*
 * A guest handle is a guest virtual address wrapped in a one-member struct,
 * so that handles to different types cannot be mixed up silently.  It is
 * always 8 bytes and 8-byte aligned on x86-64.
 */
#define XEN_DEFINE_HANDLE_TYPE(name, type)                   \
    typedef struct {                                         \
        type *p;                                             \
    } xen_handle_##name##_t;                                 \
    _Static_assert(sizeof(xen_handle_##name##_t) == 8 &&     \
                       _Alignof(xen_handle_##name##_t) == 8, \
                   "guest handle " #name)
#define DEFINE_XEN_GUEST_HANDLE(name)   \
    XEN_DEFINE_HANDLE_TYPE(name, name); \
    XEN_DEFINE_HANDLE_TYPE(const_##name, const name)
#define XEN_GUEST_HANDLE(name)       xen_handle_##name##_t
#define XEN_GUEST_HANDLE_64(name)    XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle(hnd, val) \
    do {                               \
        (hnd).p = (val);               \
    } while (0)
#define guest_handle_is_null(hnd) ((hnd).p == 0)
#endif

#include "xen-x86_64.h"

/* Bits of trap_info.flags. */
#define TI_GET_DPL(ti)      ((ti)->flags & 3)
#define TI_GET_IF(ti)       ((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl) ((ti)->flags |= (dpl))
#define TI_SET_IF(ti, i)    ((ti)->flags |= ((!!(i)) << 2))

/* The guest may not use GDT pages from this index on: they are Xen's. */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* Number of vcpu_info slots inside shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/* Bits of vcpu_guest_context.flags. */
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1U << _VGCF_i387_valid)
#define VGCF_I387_VALID                VGCF_i387_valid
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1U << _VGCF_in_kernel)
#define VGCF_IN_KERNEL                 VGCF_in_kernel
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1U << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1U << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1U << _VGCF_online)

/* Prefix that turns the next instruction into an emulated one (CPUID). */
#ifdef __ASSEMBLER__
#define XEN_EMULATE_PREFIX .byte 0x0f, 0x0b, 0x78, 0x65, 0x6e;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

#ifndef __ASSEMBLER__

typedef uint64_t xen_pfn_t;   /* A guest or machine frame number. */
typedef uint64_t xen_ulong_t; /* A hypercall-sized unsigned word. */
#define PRI_xen_pfn   "lx"
#define PRI_xen_ulong "lx"

/*
 * One entry of the virtual IDT (set_trap_table).  A table passed to the
 * hypercall ends with an entry whose address is 0.
 */
struct trap_info {
    uint8_t vector;   /* IN: exception or interrupt vector. */
    uint8_t flags;    /* IN: bits 0-1 DPL; bit 2 masks events on entry. */
    uint16_t cs;      /* IN: code selector of the handler. */
    uint32_t _pad;    /* Alignment of address; ignored. */
    uint64_t address; /* IN: handler RIP; 0 clears/terminates. */
};
typedef struct trap_info trap_info_t;
_Static_assert(sizeof(struct trap_info) == 16, "trap_info size");
_Static_assert(offsetof(struct trap_info, address) == 8, "trap_info addr");

typedef uint64_t tsc_timestamp_t;

/*
 * Full state of one vCPU.  IN for VCPUOP_initialise and setvcpucontext,
 * OUT for getvcpucontext.  ctrlreg[1] holds the user-mode top-level page
 * table (as a CR3 value) for 64-bit PV guests; ctrlreg[3] the kernel one.
 */
struct vcpu_guest_context {
    struct {
        char x[512];
    } fpu_ctxt;     /* FXSAVE image. */
    uint64_t flags; /* VGCF_* */
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256];   /* Virtual IDT. */
    uint64_t ldt_base, ldt_ents;       /* LDT linear address and entries. */
    uint64_t gdt_frames[16], gdt_ents; /* GDT machine frames, entries. */
    uint64_t kernel_ss, kernel_sp;     /* Stack for kernel-mode entry. */
    uint64_t ctrlreg[8];
    uint64_t debugreg[8];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t vm_assist; /* Bitmap of VMASST_TYPE_* enabled. */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);
_Static_assert(sizeof(struct vcpu_guest_context) == 5168, "vcpu ctxt size");
_Static_assert(offsetof(struct vcpu_guest_context, user_regs) == 520,
               "vgc user_regs");
_Static_assert(offsetof(struct vcpu_guest_context, trap_ctxt) == 720,
               "vgc trap_ctxt");
_Static_assert(offsetof(struct vcpu_guest_context, ctrlreg) == 4984,
               "vgc ctrlreg");
_Static_assert(offsetof(struct vcpu_guest_context, event_callback_eip) == 5112,
               "vgc event_callback_eip");
_Static_assert(offsetof(struct vcpu_guest_context, gs_base_user) == 5160,
               "vgc gs_base_user");

/* Architecture part of shared_info. */
struct arch_shared_info {
    uint64_t max_pfn; /* Guest-written: valid p2m entries. */
    /* Guest-written: frame of the p2m frame-list-list, 0 unset, ~0 none. */
    xen_pfn_t pfn_to_mfn_frame_list_list;
    uint64_t nmi_reason;     /* OUT: XEN_NMIREASON_* bits. */
    uint64_t p2m_cr3;        /* Guest-written: address space of p2m_vaddr. */
    uint64_t p2m_vaddr;      /* Guest-written: linear p2m list address. */
    uint64_t p2m_generation; /* Odd while the guest updates the p2m map. */
};
typedef struct arch_shared_info arch_shared_info_t;
_Static_assert(sizeof(struct arch_shared_info) == 48, "arch_shared_info");

/* Arch part of XEN_DOMCTL_createdomain: emulated devices (HVM/PVH). */
#define XEN_X86_EMU_LAPIC    (1U << 0)
#define XEN_X86_EMU_HPET     (1U << 1)
#define XEN_X86_EMU_PM       (1U << 2)
#define XEN_X86_EMU_RTC      (1U << 3)
#define XEN_X86_EMU_IOAPIC   (1U << 4)
#define XEN_X86_EMU_PIC      (1U << 5)
#define XEN_X86_EMU_VGA      (1U << 6)
#define XEN_X86_EMU_IOMMU    (1U << 7)
#define XEN_X86_EMU_PIT      (1U << 8)
#define XEN_X86_EMU_USE_PIRQ (1U << 9)
#define XEN_X86_EMU_VPCI     (1U << 10)
#define XEN_X86_EMU_ALL      0x7ffU
#define XEN_X86_MSR_RELAXED  (1U << 0)

struct xen_arch_domainconfig {
    uint32_t emulation_flags; /* IN: XEN_X86_EMU_*; 0 for a PV guest. */
    uint32_t misc_flags;      /* IN: XEN_X86_MSR_RELAXED. */
};
_Static_assert(sizeof(struct xen_arch_domainconfig) == 8, "arch domcfg");

/* One CPUID leaf of a domain's policy. */
typedef struct xen_cpuid_leaf {
#define XEN_CPUID_NO_SUBLEAF 0xffffffffU
    uint32_t leaf, subleaf;
    uint32_t a, b, c, d;
} xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);
_Static_assert(sizeof(xen_cpuid_leaf_t) == 24, "cpuid leaf");

/* One MSR of a domain's policy. */
typedef struct xen_msr_entry {
    uint32_t idx;
    uint32_t flags; /* Must be zero. */
    uint64_t val;
} xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);
_Static_assert(sizeof(xen_msr_entry_t) == 16, "msr entry");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_ARCH_X86_XEN_H */
