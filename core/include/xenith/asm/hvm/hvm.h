/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hardware-assisted guests: what common HVM code (arch/x86/hvm) asks of
 * the CPU vendor's layer (hvm_funcs: SVM today, in arch/x86/hvm/svm; VMX
 * would fill the same table), and what the rest of the hypervisor asks of
 * HVM.  Nothing outside arch/x86/hvm/<vendor>/ knows a VMCB or VMCS.
 */
#ifndef XENITH_ASM_HVM_HVM_H
#define XENITH_ASM_HVM_HVM_H

#include <public/arch-x86/hvm/save.h>
#include <xenith/types.h>

struct domain;
struct vcpu;
struct xen_domctl;
struct xen_domctl_createdomain;
struct xen_memory_reservation;

/* Segment state in the packed attribute form of the HVM save records. */
struct hvm_seg {
    uint16_t sel;
    uint16_t attr; /* type 0-3, S 4, DPL 5-6, P 7, AVL 8, L 9, DB 10, G 11 */
    uint32_t limit;
    uint64_t base;
};

#define HVM_SEG_CS 1

/* The vendor's operations (Xen's hvm_function_table is the model). */
struct hvm_function_table {
    const char *name;
    /* Per-vCPU state: allocate / free (0 or -ENOMEM). */
    int (*vcpu_initialise)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);
    /* The architectural state in save-record form. */
    void (*save_cpu_ctxt)(struct vcpu *v, struct hvm_hw_cpu *c);
    int (*load_cpu_ctxt)(struct vcpu *v, const struct hvm_hw_cpu *c);
    /* Run v on this CPU until it is descheduled (never returns). */
    void (*run)(struct vcpu *v) __attribute__((noreturn));
    /* The p2m's top table changed (new root mfn). */
    void (*p2m_root_changed)(struct vcpu *v, unsigned long root_mfn);
    /* Current privilege level and whether the guest runs in 64-bit mode. */
    unsigned int (*get_cpl)(struct vcpu *v);
    bool (*long_mode)(struct vcpu *v);
    /* Guest CR0 / CR3 / CR4 / EFER for page walks. */
    uint64_t (*get_cr)(struct vcpu *v, unsigned int cr);
    uint64_t (*get_efer)(struct vcpu *v);
    /* RAX lives in the vendor's block on SVM. */
    uint64_t (*get_rax)(struct vcpu *v);
    void (*set_rax)(struct vcpu *v, uint64_t val);
    /* RIP and segments (HVM_SEG_*), for instruction emulation. */
    uint64_t (*get_rip)(struct vcpu *v);
    void (*set_rip)(struct vcpu *v, uint64_t rip);
    void (*get_seg)(struct vcpu *v, unsigned int seg, struct hvm_seg *s);
    /* Deliver exception vector at the next entry (error_code < 0: none). */
    void (*inject_exception)(struct vcpu *v, unsigned int vector,
                             int error_code);
};

/* The vendor's table, set at boot if this CPU can run HVM guests. */
extern bool hvm_enabled;
extern const struct hvm_function_table *hvm_funcs;

/* Boot: detect SVM (with nested paging) on the boot CPU; then enable it
 * on each CPU as it comes up (every CPU must have it, or HVM is off). */
void hvm_detect(void);
void hvm_cpu_up(unsigned int cpu);
/* The vendor layers' own hooks for that. */
const struct hvm_function_table *svm_detect(void);
int svm_cpu_up(unsigned int cpu);

/* createdomain with XEN_DOMCTL_CDF_hvm (arch/x86/hvm/domain.c). */
int hvm_domu_create(const struct xen_domctl_createdomain *c, domid_t *domid);
/* Teardown of the HVM part (after the vCPUs stopped, before the frames
 * are released). */
void hvm_domain_destroy(struct domain *d);
/* Crash d from an exit handler (the host stays up). */
void hvm_domain_crash(struct domain *d);

/* Context switch (arch/x86/context_switch.c). */
void hvm_ctxt_save(struct vcpu *prev);
void hvm_ctxt_load_and_enter(struct vcpu *next) __attribute__((noreturn));

/* domctl handlers (get/sethvmcontext: arch_domctl_hvmcontext). */
long hvm_domctl_shadow_op(struct domain *d, struct xen_domctl *op);

/* Exit handling shared by the vendors (arch/x86/hvm/exits.c).  The
 * vendor has moved RIP past the instruction; hvm_hypercall returns true
 * if the VMMCALL must be issued again (a continuation). */
bool hvm_hypercall(struct vcpu *v);
void hvm_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
               uint32_t regs[4]);
void hvm_hlt(struct vcpu *v, bool interrupts_on);
/* A vCPU with a loaded context comes online (hvm.c). */
void hvm_vcpu_bring_up(struct vcpu *v);
void hvm_triple_fault(struct vcpu *v);
/* Event upcalls (arch/x86/hvm/irq.c).  hvm_vcpu_kick: v's upcall became
 * pending (or it must look again): raise its vector and wake it.
 * hvm_upcall_vector: the vector v should take now, or -1 (*edge: from the
 * per-vCPU vector, consumed by hvm_upcall_injected once delivered). */
void hvm_vcpu_kick(struct vcpu *v);
int hvm_upcall_vector(struct vcpu *v, bool *edge);
void hvm_upcall_injected(struct vcpu *v, bool edge);
long hvm_set_evtchn_upcall_vector(unsigned long arg);
int hvm_set_callback_irq(struct domain *d, uint64_t value);
/* An access to gpa, which the p2m does not map, by the instruction at
 * the guest's RIP: completed as to an empty bus (reads all ones, writes
 * dropped) and RIP moved past it, or the domain crashed (false). */
bool hvm_emulate_unbacked(struct vcpu *v, uint64_t gpa, bool write);

/* p2m (arch/x86/hvm/p2m.c). */
int p2m_init(struct domain *d);
void p2m_teardown(struct domain *d);
/* mfn of gfn if it is RAM of d, else INVALID_MFN_P2M. */
#define INVALID_MFN_P2M (~0UL)
unsigned long p2m_lookup(struct domain *d, unsigned long gfn);
/* XENMEM_populate_physmap / decrease_reservation / increase for a
 * translated d: extents done. */
long p2m_reservation(struct domain *d, unsigned int cmd,
                     const struct xen_memory_reservation *r, uint64_t list);
int p2m_set_pool(struct domain *d, unsigned long pages);
/* XENMEM_add_to_physmap: map the hypervisor frame mfn (shared_info, a
 * grant frame) at gfn, replacing whatever was there (a RAM frame there
 * goes back to the heap) and the frame's previous place *old_gfn (~0UL:
 * none; read and set to gfn under p2m_lock).  0, -EINVAL or -ENOMEM. */
int p2m_map_xen_frame(struct domain *d, unsigned long gfn, unsigned long mfn,
                      unsigned long *old_gfn);

/* Copies for the current HVM vCPU: linear addresses through its page
 * tables (when paging is on) and the p2m.  Bytes not copied. */
size_t hvm_copy_from_guest(void *dst, uint64_t va, size_t n);
size_t hvm_copy_to_guest(uint64_t va, const void *src, size_t n);
/* The same for vCPU v (to_guest: buf -> guest, else guest -> buf). */
size_t hvm_copy_vcpu(struct vcpu *v, uint64_t va, void *buf, size_t n,
                     bool to_guest);

#endif /* XENITH_ASM_HVM_HVM_H */
