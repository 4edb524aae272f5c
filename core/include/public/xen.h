/* SPDX-License-Identifier: MIT */
/*
 * Xen public guest ABI: the core definitions every PV guest uses.
 *
 * Hypercall numbers, VIRQ numbers, the mmu_update / mmuext_op /
 * update_va_mapping interfaces, multicall entries, the time, vcpu_info and
 * shared_info pages, start_info and its SIF_* flags, vm_assist types,
 * console_io commands, reserved domain ids and the dom0 console info.
 * Layouts are fixed by the ABI and checked below with _Static_assert.
 *
 * Works in freestanding C11 (hypervisor, test guests), in hosted C (the
 * toolstack) and, for the numeric constants, in assembler.
 */
#ifndef XENITH_PUBLIC_XEN_H
#define XENITH_PUBLIC_XEN_H

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>
#endif

#include "arch-x86/xen.h"

/* Hypercall numbers (RAX for a 64-bit PV guest). */
#define __HYPERVISOR_set_trap_table                0
#define __HYPERVISOR_mmu_update                    1
#define __HYPERVISOR_set_gdt                       2
#define __HYPERVISOR_stack_switch                  3
#define __HYPERVISOR_set_callbacks                 4
#define __HYPERVISOR_fpu_taskswitch                5
#define __HYPERVISOR_sched_op_compat               6
#define __HYPERVISOR_platform_op                   7
#define __HYPERVISOR_set_debugreg                  8
#define __HYPERVISOR_get_debugreg                  9
#define __HYPERVISOR_update_descriptor             10
#define __HYPERVISOR_memory_op                     12
#define __HYPERVISOR_multicall                     13
#define __HYPERVISOR_update_va_mapping             14
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16
#define __HYPERVISOR_xen_version                   17
#define __HYPERVISOR_console_io                    18
#define __HYPERVISOR_physdev_op_compat             19
#define __HYPERVISOR_grant_table_op                20
#define __HYPERVISOR_vm_assist                     21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                          23
#define __HYPERVISOR_vcpu_op                       24
#define __HYPERVISOR_set_segment_base              25
#define __HYPERVISOR_mmuext_op                     26
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32
#define __HYPERVISOR_physdev_op                    33
#define __HYPERVISOR_hvm_op                        34
#define __HYPERVISOR_sysctl                        35
#define __HYPERVISOR_domctl                        36
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_tmem_op                       38
#define __HYPERVISOR_argo_op                       39
#define __HYPERVISOR_xenpmu_op                     40
#define __HYPERVISOR_dm_op                         41
#define __HYPERVISOR_hypfs_op                      42
#define __HYPERVISOR_arch_0                        48
#define __HYPERVISOR_mca                           __HYPERVISOR_arch_0
#define __HYPERVISOR_arch_1                        49
#define __HYPERVISOR_arch_2                        50
#define __HYPERVISOR_arch_3                        51
#define __HYPERVISOR_arch_4                        52
#define __HYPERVISOR_arch_5                        53
#define __HYPERVISOR_arch_6                        54
#define __HYPERVISOR_arch_7                        55
/* The hypercall page holds 128 stubs of 32 bytes each. */
#define XEN_HYPERCALL_PAGE_SLOTS 128
#define XEN_HYPERCALL_STUB_SIZE  32

/*
 * Virtual interrupts, bound with EVTCHNOP_bind_virq.  "Per vCPU" VIRQs are
 * bound once per vCPU; the others are global and go to dom0.
 */
#define VIRQ_TIMER      0  /* Per vCPU: timer expired. */
#define VIRQ_DEBUG      1  /* Per vCPU: dump debug state. */
#define VIRQ_CONSOLE    2  /* Global: hypervisor console input (dom0). */
#define VIRQ_DOM_EXC    3  /* Global: a domain needs attention (dom0). */
#define VIRQ_TBUF       4  /* Global: trace buffer records (dom0). */
#define VIRQ_DEBUGGER   6  /* Global: a domain paused for debug (dom0). */
#define VIRQ_XENOPROF   7  /* Per vCPU: profiling sample. */
#define VIRQ_CON_RING   8  /* Global: console ring has data (dom0). */
#define VIRQ_PCPU_STATE 9  /* Global: physical CPU state change (dom0). */
#define VIRQ_MEM_EVENT  10 /* Global: memory event (dom0). */
#define VIRQ_ARGO       11 /* Global: Argo message. */
#define VIRQ_ENOMEM     12 /* Global: hypervisor heap low (dom0). */
#define VIRQ_XENPMU     13 /* Per vCPU: PMU interrupt. */
#define VIRQ_ARCH_0     16
#define VIRQ_MCA        VIRQ_ARCH_0 /* Global: machine check (dom0). */
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/*
 * mmu_update: the low 2 bits of mmu_update.ptr select the command; the
 * rest is a machine address (or a frame number shifted by 12).
 */
#define MMU_NORMAL_PT_UPDATE       0 /* *ptr = val, validated. */
#define MMU_MACHPHYS_UPDATE        1 /* M2P[ptr >> 12] = val. */
#define MMU_PT_UPDATE_PRESERVE_AD  2 /* As NORMAL, keep the A/D bits. */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* As NORMAL, ptr never translated. */

/* mmuext_op commands. */
#define MMUEXT_PIN_L1_TABLE       0
#define MMUEXT_PIN_L2_TABLE       1
#define MMUEXT_PIN_L3_TABLE       2
#define MMUEXT_PIN_L4_TABLE       3
#define MMUEXT_UNPIN_TABLE        4
#define MMUEXT_NEW_BASEPTR        5
#define MMUEXT_TLB_FLUSH_LOCAL    6
#define MMUEXT_INVLPG_LOCAL       7
#define MMUEXT_TLB_FLUSH_MULTI    8
#define MMUEXT_INVLPG_MULTI       9
#define MMUEXT_TLB_FLUSH_ALL      10
#define MMUEXT_INVLPG_ALL         11
#define MMUEXT_FLUSH_CACHE        12
#define MMUEXT_SET_LDT            13
#define MMUEXT_NEW_USER_BASEPTR   15
#define MMUEXT_CLEAR_PAGE         16
#define MMUEXT_COPY_PAGE          17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER         19
#define MMUEXT_UNMARK_SUPER       20

/* update_va_mapping flags: flush type in bits 0-1, scope in bit 2+. */
#define UVMF_NONE           0x0UL /* No flush. */
#define UVMF_TLB_FLUSH      0x1UL /* Flush the whole TLB. */
#define UVMF_INVLPG         0x2UL /* Flush one entry. */
#define UVMF_FLUSHTYPE_MASK 0x3UL
#define UVMF_MULTI          0x0UL /* Scope: vCPU bitmap (pointer in flags). */
#define UVMF_LOCAL          0x0UL /* Scope: this vCPU. */
#define UVMF_ALL            0x4UL /* Scope: all vCPUs of the domain. */

/* console_io commands. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* vm_assist commands and types. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0
#define VMASST_TYPE_4gb_segments_notify  1
#define VMASST_TYPE_writable_pagetables  2
#define VMASST_TYPE_pae_extended_cr3     3
#define VMASST_TYPE_architectural_iopl   4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict           32
#define MAX_VMASST_TYPE                  3

/* Reserved domain ids. */
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U /* The calling domain. */
#define DOMID_IO             0x7FF1U /* Owner of I/O (MMIO) frames. */
#define DOMID_XEN            0x7FF2U /* Owner of hypervisor frames. */
#define DOMID_COW            0x7FF3U /* Owner of shared copy-on-write frames. */
#define DOMID_INVALID        0x7FF4U
#define DOMID_IDLE           0x7FFFU
#define DOMID_MASK           0x7FFFU

/* start_info.flags. */
#define SIF_PRIVILEGED      (1U << 0) /* Privileged domain. */
#define SIF_INITDOMAIN      (1U << 1) /* The initial control domain. */
#define SIF_MULTIBOOT_MOD   (1U << 2) /* mod_start is a multiboot list. */
#define SIF_MOD_START_PFN   (1U << 3) /* mod_start is a PFN, not a VA. */
#define SIF_VIRT_P2M_4TOOLS (1U << 4) /* Tools understand a virtual p2m. */
#define SIF_PM_MASK         (0xFFU << 8)

#define MAX_GUEST_CMDLINE 1024

/* dom0_vga_console_info.video_type. */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB    0x23
#define XEN_VGATYPE_EFI_LFB     0x70

/* vcpu_time_info.flags. */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1U << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1U << 1)

#ifndef __ASSEMBLER__

typedef uint16_t domid_t;

/* Handles for the basic types, used by several interfaces. */
DEFINE_XEN_GUEST_HANDLE(char);
DEFINE_XEN_GUEST_HANDLE(int);
DEFINE_XEN_GUEST_HANDLE(uint8_t);
DEFINE_XEN_GUEST_HANDLE(uint32_t);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
XEN_DEFINE_HANDLE_TYPE(void, void);
XEN_DEFINE_HANDLE_TYPE(const_void, const void);

/* One entry of the mmu_update hypercall array. */
struct mmu_update {
    uint64_t ptr; /* IN: machine address of the entry | MMU_* command. */
    uint64_t val; /* IN: new entry contents (or PFN for MACHPHYS). */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);
_Static_assert(sizeof(struct mmu_update) == 16, "mmu_update size");

/* One entry of the mmuext_op hypercall array. */
struct mmuext_op {
    uint32_t cmd; /* IN: MMUEXT_* */
    uint32_t _pad;
    union {
        /* PIN, UNPIN, NEW_BASEPTR, NEW_USER_BASEPTR, CLEAR/COPY_PAGE. */
        xen_pfn_t mfn;
        /* INVLPG_LOCAL, INVLPG_ALL, SET_LDT. */
        uint64_t linear_addr;
    } arg1;
    union {
        uint32_t nr_ents; /* SET_LDT */
        /* TLB_FLUSH_MULTI, INVLPG_MULTI: guest VA of a vCPU bitmap. */
        XEN_GUEST_HANDLE(const_void) vcpumask;
        xen_pfn_t src_mfn; /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);
_Static_assert(sizeof(struct mmuext_op) == 24, "mmuext_op size");
_Static_assert(offsetof(struct mmuext_op, arg1) == 8, "mmuext_op arg1");
_Static_assert(offsetof(struct mmuext_op, arg2) == 16, "mmuext_op arg2");

/* One call inside a multicall batch. */
struct multicall_entry {
    xen_ulong_t op;      /* IN: hypercall number. */
    xen_ulong_t result;  /* OUT: the call's return value. */
    xen_ulong_t args[6]; /* IN: the call's arguments. */
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall size");

/*
 * Per-vCPU time.  The hypervisor makes version odd while it updates the
 * rest; a reader retries until it sees the same even version before and
 * after.  ns since boot = system_time +
 *   (((tsc - tsc_timestamp) << or >> tsc_shift) * tsc_to_system_mul) >> 32.
 */
struct vcpu_time_info {
    uint32_t version; /* OUT */
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* OUT: TSC at the last update. */
    uint64_t system_time;       /* OUT: ns since boot at tsc_timestamp. */
    uint32_t tsc_to_system_mul; /* OUT: 32.32 fixed-point multiplier. */
    int8_t tsc_shift;           /* OUT: applied before the multiply. */
    uint8_t flags;              /* OUT: XEN_PVCLOCK_* */
    uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");
_Static_assert(offsetof(struct vcpu_time_info, tsc_to_system_mul) == 24,
               "time mul");
_Static_assert(offsetof(struct vcpu_time_info, tsc_shift) == 28, "shift");

/* Per-vCPU event and time state, in shared_info or a registered page. */
struct vcpu_info {
    uint8_t evtchn_upcall_pending; /* Set by Xen when an event arrives. */
    uint8_t evtchn_upcall_mask;    /* Guest-owned: 1 = no upcalls. */
    uint8_t pad0[6];
    xen_ulong_t evtchn_pending_sel; /* Words of evtchn_pending to scan. */
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info size");
_Static_assert(offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "sel");
_Static_assert(offsetof(struct vcpu_info, arch.cr2) == 16, "cr2");
_Static_assert(offsetof(struct vcpu_info, time) == 32, "time");

/* The page shared between the hypervisor and each domain. */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    /* 2-level event channels: pending and mask bits, one per port. */
    xen_ulong_t evtchn_pending[64];
    xen_ulong_t evtchn_mask[64];
    /* Wall clock at system time 0; versioned like vcpu_time_info. */
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "pend");
_Static_assert(offsetof(struct shared_info, evtchn_mask) == 2560, "mask");
_Static_assert(offsetof(struct shared_info, wc_version) == 3072, "wc");
_Static_assert(offsetof(struct shared_info, wc_sec_hi) == 3084, "wc_hi");
_Static_assert(offsetof(struct shared_info, arch) == 3088, "arch");
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info size");

/*
 * Boot information handed to a PV guest; its VA is in RSI at entry.  The
 * fields from pt_base on are filled only on the first boot, not on resume.
 */
struct start_info {
    char magic[32];       /* OUT: "xen-3.0-x86_64". */
    uint64_t nr_pages;    /* OUT: pages allocated to the domain. */
    uint64_t shared_info; /* OUT: machine address of shared_info. */
    uint32_t flags;       /* OUT: SIF_* */
    uint32_t _pad0;
    xen_pfn_t store_mfn;   /* OUT: xenstore ring frame (domU). */
    uint32_t store_evtchn; /* OUT: xenstore event channel (domU). */
    uint32_t _pad1;
    union {
        struct {
            xen_pfn_t mfn;   /* OUT: console ring frame. */
            uint32_t evtchn; /* OUT: console event channel. */
            uint32_t _pad;
        } domU;
        struct {
            uint32_t info_off;  /* OUT: offset of dom0_vga_console_info. */
            uint32_t info_size; /* OUT: its size. */
        } dom0;
    } console;
    uint64_t pt_base;      /* OUT: VA of the top-level page table. */
    uint64_t nr_pt_frames; /* OUT: frames of the boot page tables. */
    uint64_t mfn_list;     /* OUT: VA of the p2m array. */
    uint64_t mod_start;    /* OUT: VA (or PFN) of the first module. */
    uint64_t mod_len;      /* OUT: its size in bytes. */
    int8_t cmd_line[MAX_GUEST_CMDLINE];
    uint64_t first_p2m_pfn; /* OUT: first PFN of the initial p2m. */
    uint64_t nr_p2m_frames; /* OUT: its number of frames. */
};
typedef struct start_info start_info_t;
_Static_assert(offsetof(struct start_info, nr_pages) == 32, "si nr_pages");
_Static_assert(offsetof(struct start_info, flags) == 48, "si flags");
_Static_assert(offsetof(struct start_info, store_evtchn) == 64, "si store");
_Static_assert(offsetof(struct start_info, console) == 72, "si console");
_Static_assert(offsetof(struct start_info, pt_base) == 88, "si pt_base");
_Static_assert(offsetof(struct start_info, mfn_list) == 104, "si mfn_list");
_Static_assert(offsetof(struct start_info, cmd_line) == 128, "si cmd_line");
_Static_assert(offsetof(struct start_info, first_p2m_pfn) == 1152, "si p2m");
_Static_assert(sizeof(struct start_info) == 1168, "start_info size");
#define console_mfn    console.domU.mfn
#define console_evtchn console.domU.evtchn

/* Multiboot module list passed when SIF_MULTIBOOT_MOD is set. */
struct xen_multiboot_mod_list {
    uint32_t mod_start; /* Physical address of the module. */
    uint32_t mod_end;   /* Physical address of its end. */
    uint32_t cmdline;   /* Physical address of its command line. */
    uint32_t pad;
};
_Static_assert(sizeof(struct xen_multiboot_mod_list) == 16, "mb mod");

/* Firmware console description given to dom0 (start_info.console.dom0). */
typedef struct dom0_vga_console_info {
    uint8_t video_type; /* XEN_VGATYPE_* */
    uint8_t _pad[3];
    union {
        struct {
            uint16_t font_height;
            uint16_t cursor_x, cursor_y;
            uint16_t rows, columns;
        } text_mode_3;
        struct {
            uint16_t width, height;
            uint16_t bytes_per_line;
            uint16_t bits_per_pixel;
            uint32_t lfb_base; /* Low 32 bits of the framebuffer. */
            uint32_t lfb_size; /* In 64 KiB units. */
            uint8_t red_pos, red_size;
            uint8_t green_pos, green_size;
            uint8_t blue_pos, blue_size;
            uint8_t rsvd_pos, rsvd_size;
            uint32_t gbl_caps;
            uint16_t mode_attrs;
            uint16_t pad;
            uint32_t ext_lfb_base; /* High 32 bits of the framebuffer. */
        } vesa_lfb;
    } u;
} dom0_vga_console_info_t;
_Static_assert(offsetof(dom0_vga_console_info_t, u) == 4, "vga u");
_Static_assert(sizeof(dom0_vga_console_info_t) == 40, "vga size");
#define xen_vga_console_info   dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

typedef uint8_t xen_domain_handle_t[16]; /* A domain's UUID. */

typedef struct {
    uint8_t a[16];
} xen_uuid_t;
_Static_assert(sizeof(xen_uuid_t) == 16, "xen_uuid_t size");

/* Aligned 64-bit types (the same as plain ones on x86-64). */
typedef int64_t int64_aligned_t;
typedef uint64_t uint64_aligned_t;

/* A bitmap of CPUs or nodes passed to domctl/sysctl. */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8_t) bitmap; /* IN/OUT: the bits. */
    uint32_t nr_bits;                    /* IN: bits in the buffer. */
    uint32_t _pad;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;
_Static_assert(sizeof(struct xenctl_bitmap) == 16, "xenctl_bitmap size");

#endif /* !__ASSEMBLER__ */

#endif /* XENITH_PUBLIC_XEN_H */
