/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A hardware-assisted (HVM) domain's and vCPU's state, embedded in struct
 * domain and struct vcpu (xenith/domain.h).  The vendor's own state (the
 * SVM VMCB) hangs off `vendor`; the guest's RAM is owned, accounted and
 * freed as every x86 domain's frames are (the page list in struct
 * pv_domain), and mapped for the guest by the p2m (arch/x86/hvm/p2m.c).
 */
#ifndef XENITH_ASM_HVM_DOMAIN_H
#define XENITH_ASM_HVM_DOMAIN_H

#include <public/hvm/params.h>
#include <xenith/spinlock.h>
#include <xenith/types.h>

struct hvm_domain {
    uint32_t emulation_flags;       /* (C) XEN_X86_EMU_* at creation */
    uint64_t params[HVM_NR_PARAMS]; /* (L) HVMOP_set/get_param */
    /* p2m: nested page tables, gfn -> mfn with the p2m type in the
     * entries' available bits (p2m.c). */
    spinlock_t p2m_lock;
    unsigned long p2m_root;        /* (p2m_lock) mfn of the top table */
    unsigned long p2m_table_pages; /* (p2m_lock) tables in use */
    unsigned long pool_pages;      /* (p2m_lock) paging pool size */
    unsigned long max_gfn;         /* (p2m_lock) highest gfn mapped */
    /* Where add_to_physmap put shared_info (~0UL: nowhere). */
    unsigned long shinfo_gfn; /* (p2m_lock) */
    /* Where add_to_physmap put each grant frame (~0UL: nowhere); one per
     * frame the table may have, allocated at the first. */
    unsigned long *gnt_gfn; /* (p2m_lock) */
    /* HVM_PARAM_CALLBACK_IRQ of the vector type: every vCPU's upcall is
     * this vector while its evtchn_upcall_pending is set (level). */
    uint8_t callback_vector; /* (L) 0: none */
    /* XENMEM_set_memory_map: the E820 XENMEM_memory_map gives the guest
     * (20-byte entries as the ABI's; NULL: none set). */
    void *e820;       /* (L) */
    uint32_t nr_e820; /* (L) */
};

/* Guest registers the hardware does not keep in the VMCB (RAX, RSP,
 * RIP and RFLAGS live there). */
struct hvm_gprs {
    uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

struct hvm_vcpu {
    struct hvm_gprs gprs;
    void *vendor;     /* the vendor's per-vCPU block (SVM: VMCB) */
    bool ctxt_loaded; /* sethvmcontext gave it a CPU record */
    /* HVMOP_set_evtchn_upcall_vector: this vCPU's own upcall vector,
     * raised (edge) each time its evtchn_upcall_pending goes from 0 to
     * 1; upcall_raised holds it until the vendor injects it. */
    uint8_t upcall_vector; /* 0: none */
    bool upcall_raised;
};

#endif /* XENITH_ASM_HVM_DOMAIN_H */
