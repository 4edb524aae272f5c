/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instruction emulation for 64-bit PV guest kernels.
 *
 * A PV guest kernel runs in ring 3, so privileged instructions it executes
 * fault (#GP), its CPUID requests arrive through the forced-emulation
 * prefix (#UD), and its stores into its own page tables, which are mapped
 * read-only, fault (#PF).  The code behind this header turns those faults
 * back into the effect the guest asked for, following Xen 4.17's PV
 * semantics.
 *
 * Everything here is a pure function of the guest's registers, a snapshot
 * of the vCPU's state (struct pv_emul_state) and hooks the hypervisor
 * implements (struct pv_emul_ops, struct pv_ptwr_ops).  Nothing is called
 * by name, so the code runs unchanged in host unit tests.
 *
 * Entry points and who calls them:
 *   #GP from a PV guest        pv_emul_priv_op()
 *   #UD from a PV guest        pv_emul_invalid_op()
 *   #PF (write, present) on a read-only mapping of one of the guest's own
 *   L1 page-table frames       pv_emul_ptwr()
 *   domain creation            pv_cpuid_policy_init()
 * Each returns enum pv_emul_result and may fill a struct pv_emul_event;
 * see the comments on each for the contract.
 */
#ifndef XENITH_PV_EMUL_H
#define XENITH_PV_EMUL_H

#include <public/xen.h>
#include <xenith/types.h>

/* ---- Results and events ---- */

enum pv_emul_result {
    /*
     * Emulated: registers (RIP included) are updated.  If ev->pending, the
     * event is delivered to the guest after the instruction (a single-step
     * #DB when RFLAGS.TF was set).
     */
    PV_EMUL_DONE = 0,
    /* Not emulated; deliver *ev (e.g. #PF while reading guest memory). */
    PV_EMUL_EXCEPTION = 1,
    /* Not emulated: deliver the original fault to the guest unchanged. */
    PV_EMUL_UNHANDLED = 2,
};

#define PV_EMUL_VEC_DB 1
#define PV_EMUL_VEC_UD 6
#define PV_EMUL_VEC_GP 13
#define PV_EMUL_VEC_PF 14

/* Page-fault error-code bits used for faults raised while emulating. */
#define PV_EMUL_PFEC_WRITE (1u << 1)

struct pv_emul_event {
    bool pending;
    bool has_error_code;
    uint8_t vector;
    uint32_t error_code;
    uint64_t cr2; /* #PF only: the linear address that faulted. */
};

/* ---- The decoded instruction (decode.c) ---- */

#define PV_INSN_MAX_LEN 15

enum pv_seg {
    PV_SEG_ES,
    PV_SEG_CS,
    PV_SEG_SS,
    PV_SEG_DS,
    PV_SEG_FS,
    PV_SEG_GS,
    PV_SEG_NONE,
};

struct pv_insn {
    uint64_t rip; /* Linear address of the first byte. */
    uint8_t len;  /* Total length, prefixes to immediate. */
    uint8_t bytes[PV_INSN_MAX_LEN];
    bool opsize;    /* 0x66 */
    bool adsize;    /* 0x67: 32-bit addressing */
    bool lock;      /* 0xf0 */
    bool rep;       /* 0xf3 */
    bool repne;     /* 0xf2 */
    uint8_t seg;    /* enum pv_seg: last segment override */
    uint8_t rex;    /* 0 or 0x40..0x4f (only if it precedes the opcode) */
    bool twobyte;   /* 0x0f escape */
    uint8_t opcode; /* Opcode byte (after 0x0f if twobyte). */
    bool has_modrm;
    uint8_t modrm;
    uint8_t mod;      /* ModRM.mod */
    uint8_t reg;      /* ModRM.reg, REX.R applied (0..15) */
    uint8_t rm;       /* ModRM.rm, REX.B applied (register operands) */
    bool mem;         /* The ModRM operand is memory. */
    bool rip_rel;     /* ... addressed relative to the next instruction. */
    uint64_t ea;      /* Linear address of the memory operand. */
    uint8_t op_bytes; /* Operand size: 1, 2, 4 or 8. */
    uint8_t imm_bytes;
    uint64_t imm; /* Immediate, sign-extended to 64 bits. */
};

/*
 * Instruction bytes come from here: copy @len bytes at guest linear address
 * @la into @buf; return the number of bytes NOT copied (0 on success).
 */
typedef unsigned int (*pv_fetch_fn)(void *ctx, uint64_t la, void *buf,
                                    unsigned int len);

/*
 * Decode the instruction at regs->rip (64-bit mode) for the subset the
 * emulators handle.  @fs_base/@gs_base are the segment bases in effect.
 * Never reads beyond PV_INSN_MAX_LEN bytes from RIP nor beyond the page of
 * the last byte needed.  Returns PV_EMUL_DONE with *insn filled,
 * PV_EMUL_EXCEPTION (#PF for unreadable bytes, #GP(0) for an instruction
 * longer than 15 bytes) or PV_EMUL_UNHANDLED for anything outside the
 * subset.
 */
int pv_insn_decode(struct pv_insn *insn, const struct cpu_user_regs *regs,
                   uint64_t fs_base, uint64_t gs_base, pv_fetch_fn fetch,
                   void *ctx, struct pv_emul_event *ev);

/* ---- CPUID policy (cpuid_policy.c, cpuid_query.c) ---- */

struct pv_cpuid_leaf {
    uint32_t leaf, subleaf;
    uint32_t a, b, c, d;
};

enum pv_cpu_vendor {
    PV_VENDOR_UNKNOWN,
    PV_VENDOR_INTEL,
    PV_VENDOR_AMD,
    PV_VENDOR_HYGON,
};

/* What the hypervisor knows about the host when it builds a policy. */
struct pv_cpuid_host {
    const struct pv_cpuid_leaf *raw; /* The host's CPUID, any order. */
    unsigned int nr_raw;
    /* Hypervisor leaf 3 (time) and leaf 5 (machine address width). */
    uint32_t tsc_mode, tsc_khz, cpu_khz, incarnation;
    bool tsc_is_safe;
    uint8_t maddr_bits;
    /*
     * AMD/Hygon: LFENCE is dispatch serialising (DE_CFG bit 1 set or made
     * set by the hypervisor).  Families 0xf and 0x11 always are.
     */
    bool lfence_dispatch;
};

#define PV_CPUID_NR_BASIC  0xe  /* Leaves 0x0..0xd. */
#define PV_CPUID_NR_CACHE  6    /* Leaf 0x4 subleaves. */
#define PV_CPUID_NR_FEAT   3    /* Leaf 0x7 subleaves. */
#define PV_CPUID_NR_XSTATE 63   /* Leaf 0xd subleaves. */
#define PV_CPUID_NR_EXTD   0x22 /* Leaves 0x80000000..0x80000021. */

struct pv_cpuid_regs {
    uint32_t a, b, c, d;
};

/* A domain's CPUID view, built once by pv_cpuid_policy_init(). */
struct pv_cpuid_policy {
    uint8_t vendor; /* enum pv_cpu_vendor */
    struct pv_cpuid_regs basic[PV_CPUID_NR_BASIC];
    struct pv_cpuid_regs cache[PV_CPUID_NR_CACHE];
    struct pv_cpuid_regs feat[PV_CPUID_NR_FEAT];
    struct pv_cpuid_regs xstate[PV_CPUID_NR_XSTATE];
    struct pv_cpuid_regs extd[PV_CPUID_NR_EXTD];
    /* Host facts the dynamic adjustments need. */
    struct pv_cpuid_regs host_leaf5;
    uint32_t host_1c, host_1d; /* Host leaf 1 features (after vendor fix). */
    uint32_t host_xstate_size[PV_CPUID_NR_XSTATE];   /* Leaf 0xd.i EAX */
    uint32_t host_xstate_offset[PV_CPUID_NR_XSTATE]; /* Leaf 0xd.i EBX */
    uint32_t host_xstate_align; /* Components needing 64-byte alignment. */
    uint64_t xcr0_max;          /* XCR0 bits the guest may set. */
    uint32_t tsc_mode, tsc_khz, cpu_khz, incarnation;
    bool tsc_is_safe;
    uint8_t maddr_bits;
};

/* The circumstances of one CPUID request. */
struct pv_cpuid_ctx {
    bool kernel_mode;     /* Guest kernel (not user) mode. */
    bool forced;          /* Through the #UD emulation prefix (not #GP). */
    bool hardware_domain; /* The domain drives the hardware (dom0). */
    bool host_osxsave;    /* The hypervisor runs with CR4.OSXSAVE. */
    uint64_t guest_cr4;   /* The guest's CR4 view. */
    uint64_t xcr0;        /* The guest's current XCR0. */
};

/* Build the default PV policy from the host's raw CPUID (0 or -EINVAL). */
int pv_cpuid_policy_init(struct pv_cpuid_policy *p,
                         const struct pv_cpuid_host *host);

/* The guest's CPUID result for @leaf/@subleaf. */
void pv_cpuid_query(const struct pv_cpuid_policy *p, uint32_t leaf,
                    uint32_t subleaf, const struct pv_cpuid_ctx *c,
                    struct pv_cpuid_regs *out);

/* Xenith reports itself through leaf 0x40000001 as this Xen version. */
#define PV_CPUID_XEN_MAJOR 4
#define PV_CPUID_XEN_MINOR 17

/* ---- Privileged operations (#GP) and forced emulation (#UD) ---- */

enum pv_seg_base {
    PV_SEG_BASE_FS,
    PV_SEG_BASE_GS_KERNEL, /* MSR_GS_BASE: the base in effect now. */
    PV_SEG_BASE_GS_USER,   /* MSR_SHADOW_GS_BASE */
};

/* A read-only snapshot of the faulting vCPU, filled in by the caller. */
struct pv_emul_state {
    bool kernel_mode;           /* Guest kernel mode (vs guest user). */
    bool architectural_iopl;    /* VMASST_TYPE_architectural_iopl */
    uint8_t iopl;               /* Virtual IOPL 0..3 (PHYSDEVOP_set_iopl) */
    bool hardware_domain;       /* dom0 */
    bool cache_flush_permitted; /* WBINVD is carried out, else ignored. */
    bool gp_handler_set;        /* The guest has a #GP trap handler. */
    bool msr_relaxed;           /* Xen's msr_relaxed domain option. */
    uint16_t vcpu_id;
    uint64_t fs_base, gs_base; /* Bases in effect. */
    uint64_t gs_base_user;     /* The shadow (user) GS base. */
    uint64_t host_cr0;         /* Real CR0; TS comes from cr0_ts. */
    bool cr0_ts;               /* Virtual CR0.TS (fpu_taskswitch). */
    uint64_t cr2;              /* Virtual CR2. */
    uint64_t cr3_mfn;          /* Frame of the guest's kernel L4. */
    uint64_t cr4;              /* The guest's CR4 view. */
    uint64_t host_cr4;         /* Real CR4 (for the visible bits). */
    uint64_t xcr0;             /* The guest's XCR0. */
    uint32_t tsc_aux;
    uint64_t host_efer;
    uint64_t pat;             /* The PAT layout the hypervisor uses. */
    uint64_t iobmp;           /* Guest I/O bitmap (linear address) */
    unsigned int iobmp_limit; /* ... and its size in ports (0 = none). */
    const struct pv_cpuid_policy *cpuid;
};

struct pv_emul_ops {
    /*
     * Guest linear memory through the guest kernel's page tables.  Return
     * the number of bytes NOT copied (0 on success).
     */
    unsigned int (*read_guest)(void *ctx, uint64_t la, void *buf,
                               unsigned int len);
    unsigned int (*write_guest)(void *ctx, uint64_t la, const void *buf,
                                unsigned int len);
    /* Host MSR access that cannot fault: 0, or -EFAULT if it would. */
    int (*host_rdmsr)(void *ctx, uint32_t msr, uint64_t *val);
    int (*host_wrmsr)(void *ctx, uint32_t msr, uint64_t val);
    uint64_t (*rdtsc)(void *ctx);
    /* State changes (the emulator has checked the value). */
    void (*set_seg_base)(void *ctx, enum pv_seg_base which, uint64_t base);
    void (*fpu_taskswitch)(void *ctx, bool set);
    void (*set_cr2)(void *ctx, uint64_t val);
    /* Switch the kernel root table (new_guest_cr3): 0 or -errno. */
    int (*set_cr3)(void *ctx, uint64_t mfn);
    void (*set_cr4)(void *ctx, uint64_t guest_view);
    /* Load a checked XCR0: 0 or -errno (then #GP). */
    int (*set_xcr0)(void *ctx, uint64_t xcr0);
    void (*set_tsc_aux)(void *ctx, uint32_t val);
    /* MSR 0x40000000: fill guest frame @gmfn with hypercall stubs. */
    int (*write_hypercall_page)(void *ctx, uint64_t gmfn);
    void (*wbinvd)(void *ctx);
    /* Ports the administrator granted (ioports_permit_access). */
    bool (*ioports_permitted)(void *ctx, unsigned int first, unsigned int last);
    /* Real port access (only for permitted ports). */
    uint32_t (*io_in)(void *ctx, unsigned int port, unsigned int bytes);
    void (*io_out)(void *ctx, unsigned int port, unsigned int bytes,
                   uint32_t val);
    /*
     * Optional: ports the hypervisor emulates for a guest without access
     * (Xen: PIT 0x42/0x43/0x61, RTC 0x70/0x71, PCI 0xcf8/0xcfc).  Returns
     * the number of bytes it handled at @port (0 = not an emulated port).
     */
    unsigned int (*io_virt)(void *ctx, unsigned int port, unsigned int bytes,
                            bool write, uint32_t *val);
};

/*
 * #GP from a PV guest: emulate the privileged instruction at regs->rip.
 * PV_EMUL_DONE: done (RIP advanced, or left for a REP string to resume).
 * PV_EMUL_EXCEPTION: deliver *ev instead.  PV_EMUL_UNHANDLED: deliver the
 * original #GP.
 */
int pv_emul_priv_op(struct cpu_user_regs *regs, const struct pv_emul_state *st,
                    const struct pv_emul_ops *ops, void *ctx,
                    struct pv_emul_event *ev);

/*
 * #UD from a PV guest: the forced-emulation prefix
 * "ud2; .ascii \"xen\"; cpuid" (0f 0b 78 65 6e 0f a2).  Emulates the CPUID
 * and advances RIP by 7.  Unreadable bytes give PV_EMUL_EXCEPTION (#PF);
 * anything else PV_EMUL_UNHANDLED.
 */
int pv_emul_invalid_op(struct cpu_user_regs *regs,
                       const struct pv_emul_state *st,
                       const struct pv_emul_ops *ops, void *ctx,
                       struct pv_emul_event *ev);

/* CR4 as the guest sees it after it asks for @cr4 (Xen's fixup rule). */
uint64_t pv_emul_fixup_cr4(const struct pv_cpuid_policy *p, uint64_t host_cr4,
                           uint64_t cr4);

/* ---- Writable page tables (ptwr.c) ---- */

/* update_pte() result when the entry no longer holds *old. */
#define PV_PTWR_CHANGED 1

struct pv_ptwr_ops {
    /* Guest linear memory, as pv_emul_ops.read_guest. */
    unsigned int (*read_guest)(void *ctx, uint64_t la, void *buf,
                               unsigned int len);
    /*
     * Replace the entry at byte @offset (8-byte aligned) of L1 frame
     * @l1_mfn with @new after checking it (pv_mmu_normal_update()).  With
     * @cmpxchg, only if the entry still holds *old; otherwise store the
     * current value in *old and return PV_PTWR_CHANGED.  Returns 0, or a
     * negative errno if the new entry is refused.
     */
    int (*update_pte)(void *ctx, uint64_t l1_mfn, unsigned int offset,
                      uint64_t *old, uint64_t new, bool cmpxchg);
};

/*
 * A guest kernel store faulted (#PF, present + write) at @cr2, whose
 * mapping is read-only and maps @l1_mfn, an L1 page table of the faulting
 * domain (the caller checked both).  Emulate the store if it is one of
 * MOV, XCHG, CMPXCHG, OR/AND/XOR or BTS/BTR/BTC on the entry (1, 2, 4 or
 * 8 bytes, naturally aligned, in @cr2's page).  Returns PV_EMUL_DONE (RIP
 * advanced, or unchanged when a locked update lost a race and the guest
 * should simply retry), PV_EMUL_EXCEPTION (#PF reading guest memory) or
 * PV_EMUL_UNHANDLED (deliver the original #PF).
 */
int pv_emul_ptwr(struct cpu_user_regs *regs, uint64_t fs_base, uint64_t gs_base,
                 uint64_t cr2, uint64_t l1_mfn, const struct pv_ptwr_ops *ops,
                 void *ctx, struct pv_emul_event *ev);

#endif /* XENITH_PV_EMUL_H */
