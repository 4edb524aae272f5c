/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state of a 64-bit PV domain and of its vCPUs, embedded in struct
 * domain and struct vcpu (xenith/domain.h), and the entry points of the PV
 * layer (core/arch/x86/pv/).
 *
 * Privilege model: a PV guest's kernel and its user programs both run in
 * ring 3.  pv_vcpu.kernel_mode says which of the two is current; each has
 * its own top-level page table (mm.guest_table / mm.guest_table_user) and
 * its own GS base, switched on every mode change (toggle_guest_mode).
 *
 * Locking: a vCPU's pv_vcpu fields are changed only by the vCPU itself
 * (its own hypercalls and traps, on the pCPU it runs on) or while it is
 * not running (vCPU start-up, VCPUOP_initialise of an offline vCPU).
 * Exceptions: the timers (their own per-CPU timer lock), and
 * state_live, an atomic handshake between the pCPU that saves a vCPU's
 * registers and the one that loads them next.  pv_domain fields marked
 * (C) are constant after domain construction; (L) under d->lock.
 */
#ifndef XENITH_PV_DOMAIN_H
#define XENITH_PV_DOMAIN_H

#include <public/vcpu.h>
#include <public/xen.h>
#include <xenith/compiler.h>
#include <xenith/asm/pv/mm.h>
#include <xenith/timer.h>
#include <xenith/types.h>
#include <xenith/asm/cpu.h>

struct domain;
struct vcpu;
struct pv_cpuid_policy;
struct page_info;
struct xen_domctl;

/* SCHEDOP_watchdog timers per domain (ids 1 and 2). */

/* Callbacks a PV kernel registers (set_callbacks / callback_op). */
struct pv_callbacks {
    uint64_t event;    /* event upcall */
    uint64_t failsafe; /* bad segment reload on the way back */
    uint64_t syscall;  /* `syscall` from guest user mode */
    bool syscall_mask; /* CALLBACKF_mask_events for the syscall callback */
    bool failsafe_mask;
    bool event_set; /* an event callback was registered */
};

/*
 * What Xen keeps for a 64-bit PV vCPU besides vcpu_guest_context (domctl
 * get/set_ext_vcpucontext): the 32-bit syscall and sysenter callbacks
 * (callback_op registers the addresses too) and the virtual
 * machine-check state.
 */
/* The most vCPUs of a PV domain, dom0 included (Xen 4.17: 8192). */
#define PV_MAX_VCPUS 512

#define PV_MCG_BANKS      2ULL
#define PV_MCG_INTEL_CAPS ((1ULL << 24) | (1ULL << 11) | (1ULL << 10))
#define PV_MCG_LMCE_P     (1ULL << 27)

struct pv_ext_ctxt {
    uint64_t syscall32_eip, sysenter_eip;
    uint16_t syscall32_cs, sysenter_cs;
    bool syscall32_mask, sysenter_mask; /* deliver with events masked */
    uint64_t mcg_cap;                   /* MCG_CAP (banks in bits 0-7) */
    uint64_t mci_ctl2[2];               /* MCi_CTL2 of the two banks */
    uint64_t mcg_ext_ctl;
};

struct pv_vcpu {
    /* Registers while the vCPU is not on a pCPU (the live copy otherwise
     * sits in the pCPU's cpu_info frame). */
    struct cpu_user_regs regs;
    bool state_live;  /* registers live on a pCPU (atomic) */
    bool kernel_mode; /* guest kernel (true) or guest user context */
    bool initialised; /* has a context (builder or VCPUOP_initialise) */
    bool fpu_ts;      /* virtual CR0.TS: next FPU use raises #NM */
    bool fpu_ready;   /* fpu_buf holds a state (set at first load) */
    bool xsaveopt_ok; /* the last XRSTOR of fpu_buf was a full one */
    bool nmi_pending; /* VCPUOP_send_nmi (atomic) */
    bool nmi_masked;  /* in the NMI callback until its iret */
    uint64_t fs_base, gs_base_kernel, gs_base_user;
    uint16_t sel_ds, sel_es, sel_fs, sel_gs;
    uint64_t kernel_ss, kernel_sp; /* stack_switch */
    trap_info_t trap_ctxt[256];    /* virtual IDT (address 0: none) */
    struct pv_callbacks cb;
    struct pv_ext_ctxt ext;
    uint64_t guest_cr4;          /* CR4 as the guest set it (0: default) */
    uint64_t debugreg[8];        /* DR0-7 (loaded while DR7 enables any) */
    uint8_t iopl;                /* virtual IOPL (physdev set_iopl) */
    uint64_t iobmp;              /* guest I/O bitmap VA (set_iobitmap) */
    unsigned int iobmp_ports;    /* ... ports it covers (0: none) */
    unsigned long vcpu_info_mfn; /* registered copy's frame (0: slot) */
    struct pv_mm_vcpu mm;        /* page-table roots and GDT */
    unsigned long ldt_mfn;       /* LDT frame (descriptor-page type) */
    unsigned int ldt_ents;       /* LDT entries, 0: none */
    /* Timers: 10 ms periodic by default, and the single-shot timer. */
    struct timer periodic_timer, time_timer;
    bool time_refresh; /* time_timer fired: refresh on the way back */
    s_time_t periodic_period;
    uint64_t runstate_va;  /* registered runstate area (0: none) */
    uint64_t time_area_va; /* registered vcpu_time_info copy (0: none) */
    /*
     * FPU, SSE and XSAVE state (pv/fpu.c), saved and loaded on every
     * switch.  xcr0 is the guest's XCR0 (x87|SSE until it sets one);
     * xcr0_accum every component it has had enabled, the set that is
     * saved and restored.  The image is fpu_buf rounded up to 64 bytes.
     */
    uint64_t xcr0, xcr0_accum;
    uint8_t fpu_buf[XSAVE_AREA_MAX + 63];
};

struct pv_domain {
    struct shared_info *shared_info; /* (C) */
    unsigned long shared_info_mfn;   /* (C) */
    uint32_t page_head;              /* (L) first owned frame (list) */
    int64_t time_offset;             /* settimeoffset (seconds; wc_lock) */
    uint8_t *ioport_allowed;         /* 65536-bit map (NULL: none) */
    struct {
        unsigned long first, last; /* denied I/O frames (inclusive) */
    } iomem_denied[8];
    unsigned int nr_iomem_denied;  /* (L) */
    uint32_t pci_cf8;              /* PCI address latch (emulated) */
    uint8_t cmos_idx;              /* RTC/CMOS index latch (emulated) */
    uint32_t tsc_mode;             /* (L) settscinfo: TSC_MODE_* */
    uint32_t tsc_incarnation;      /* (L) settscinfo's (reported + 1) */
    struct pv_cpuid_policy *cpuid; /* set_cpu_policy (NULL: default) */
    unsigned long frames_held;     /* dying: frames others still hold */
    struct domain *next_dying;     /* list of such domains (pv/domu.c) */
    uint8_t destroy_stage;         /* how far destroydomain got (domu.c) */
    uint32_t unpin_next;           /* destroy: next frame to unpin from */
};

/* ---- Construction (pv/dom0.c) ---- */

/* Build dom0 from the boot modules and start vCPU 0; panics on failure
 * (nothing can run without dom0). */
void pv_construct_dom0(void);

/* Give a heap frame to domain d (owner, PGC_allocated, count 1). */
void pv_assign_page(struct domain *d, struct page_info *pg);
/* The owned-frame list (pv/page_list.c); both take d->lock. */
void pv_page_list_add(struct domain *d, struct page_info *pg);
void pv_page_list_del(struct domain *d, struct page_info *pg);
/* The last reference to a frame a dying domain released went: free it,
 * and finish the domain's destruction after its last one (pv/domu.c). */
void pv_domain_frame_released(struct page_info *pg);
/*
 * Give n frames pg[0..n-1] (fresh from the heap, zeroed) to d, all or
 * none: refused (false) if d is dying or, with check_max, if its
 * tot_pages would pass max_pages.  Check and assignment are one step
 * under d->lock, so concurrent callers cannot both use the last room.
 */
bool pv_assign_pages(struct domain *d, struct page_info *pg, unsigned long n,
                     bool check_max);
/*
 * Take frame pg back from d if only its allocation references it (no
 * mapping, no type): off d's list, no owner, tot_pages one less.  The
 * frame is not freed (the caller frees it or gives it back with
 * pv_assign_pages).  False, with nothing changed, otherwise.
 */
bool pv_steal_page(struct domain *d, struct page_info *pg);
/* A shared_info page for d (pv/dom0.c); 0 or -ENOMEM. */
int pv_make_shared_info(struct domain *d);

/* ---- DomUs built by the toolstack (pv/domu.c) ---- */
struct xen_domctl_createdomain;
/* createdomain: *domid in (0 or reserved: pick one), out. */
int pv_domu_create(const struct xen_domctl_createdomain *c, domid_t *domid);
/* destroydomain: tear d down (it must not be the caller's domain). */
int pv_domu_destroy(struct domain *d);
/* Controller pause / unpause (pause waits until no vCPU runs). */
int pv_domain_pause(struct domain *d);
int pv_domain_unpause(struct domain *d);
/* Load a vcpu_guest_context into v (VCPUOP_initialise, setvcpucontext). */
struct vcpu_guest_context;
long pv_vcpu_load_context(struct vcpu *v, const struct vcpu_guest_context *c);
/* Bring v online (VCPUOP_up, VGCF_online). */
void pv_vcpu_bring_up(struct vcpu *v);

/* PV state of a new domain: event channels, every vCPU's PV part. */
int pv_domain_init_common(struct domain *d, unsigned int max_evtchn_port);
/* Runstate accounting on a switch (RUNSTATE_*). */
void pv_runstate_switch(struct vcpu *v, int state);
/* Hardware CR4 for v (FSGSBASE as its guest CR4 has it; pv/context.c). */
void pv_load_cr4(const struct vcpu *v);
/* ---- FPU and XSAVE state (pv/fpu.c) ---- */
/* Save the running vCPU's state (switch-out) / load it (switch-in). */
void pv_fpu_save(struct vcpu *v);
void pv_fpu_load(struct vcpu *v);
/*
 * A new context for the offline vCPU v (VCPUOP_initialise and the like):
 * the given FXSAVE image (512 bytes) as its x87/SSE state, or the initial
 * state for NULL; other XSAVE components start in their initial state.
 */
void pv_fpu_set_context(struct vcpu *v, const void *fxsave);
/* The FXSAVE image (512 bytes) of the not-running vCPU v. */
void pv_fpu_get_context(struct vcpu *v, void *fxsave);
/* Bytes of a standard-format XSAVE image holding the components of mask. */
uint32_t pv_fpu_xstate_size(uint64_t mask);
/* v's XSAVE image (v not running), size from pv_fpu_xstate_size. */
void pv_fpu_get_xstate(struct vcpu *v, void *img, uint32_t size);
/* Load XCR0, XCR0_ACCUM and an XSAVE image into v (v not running):
 * 0, -EINVAL for values no XSETBV could have made, -EOPNOTSUPP for a
 * compacted image. */
int pv_fpu_set_xstate(struct vcpu *v, uint64_t xcr0, uint64_t accum,
                      const void *img, uint32_t size);
/* XCR0 components a vCPU of d may enable (0 without XSAVE). */
uint64_t pv_xcr0_allowed(const struct domain *d);
/* XSETBV of the running vCPU (value checked by the emulator): 0, or
 * -EINVAL for a component the domain or the hypervisor does not allow. */
int pv_fpu_set_xcr0(struct vcpu *v, uint64_t xcr0);
/* The guest's XCR0 as CPUID leaf 0xd sizes it (x87|SSE by default). */
uint64_t pv_fpu_xcr0(const struct vcpu *v);

/* Map v's GDT frames into this pCPU's GDT window. */
void pv_gdt_load(struct vcpu *v);
/* Hardware debug registers (pv/debugreg.c): load v's at switch-in and
 * disarm them at switch-out when a breakpoint is enabled; a #DB taken in
 * the guest (guest true: merge DR6 for it) or in the hypervisor. */
void pv_debugreg_switch_in(struct vcpu *v);
/* set_debugreg on v (0 or Xen's error); defaults, then a context's
 * registers (dr: NULL for none; refused values are dropped, as Xen). */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value);
void pv_debugreg_init(struct vcpu *v, const unsigned long *dr);
void pv_debugreg_switch_out(struct vcpu *v);
void pv_debugreg_trap(struct vcpu *v, bool guest);
/* Deliver a pending, unmasked event upcall (on return to the guest). */
void pv_deliver_events(struct vcpu *v);
/* Deliver a pending NMI to the NMI callback unless one is in progress
 * (on return to the guest, before events); dropped without a callback. */
void pv_deliver_nmi(struct vcpu *v);

/* Register the event-channel and grant-table hooks (once, at the first
 * domain). */
void pv_evtchn_hooks_init(void);
void pv_gnttab_hooks_init(void);

/* Guest LDT (pv/ldt.c): set (0 or -EINVAL), load on this pCPU, drop. */
int pv_set_ldt(struct vcpu *v, unsigned long va, unsigned int ents);
void pv_ldt_load(struct vcpu *v);
void pv_ldt_destroy(struct vcpu *v);

/* ---- vCPU state (pv/vcpu.c) ---- */

/* Initialise the PV part of a new vCPU (timers, vcpu_info slot). */
void pv_vcpu_init(struct vcpu *v);
/* Refresh the time record in v's vcpu_info (version odd while writing). */
void pv_update_vcpu_time(struct vcpu *v);
/* Switch between guest kernel and guest user mode (CR3 and GS base). */
void pv_toggle_guest_mode(struct vcpu *v);
/* Load the root table of the current mode into CR3. */
void pv_load_cr3(struct vcpu *v);
/* Wake a blocked vCPU (events, timers). */
void pv_vcpu_kick(struct vcpu *v);
/* Wrapped in every vCPU's periodic and single-shot timer. */
void pv_vcpu_timers_start(struct vcpu *v);

/* Set the wall clock: secs.nsecs at system time system_time (settime64);
 * every domain's shared_info follows. */
void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time);
/* XEN_DOMCTL_settimeoffset: d's wall clock is the host's plus seconds
 * (its shared_info follows at once and on every later settime64). */
void pv_set_time_offset(struct domain *d, int64_t seconds);

/* ---- Context switch and return to guest (pv/context.c) ---- */

/* Save the live registers of the vCPU running here (prev). */
void pv_ctxt_save(struct vcpu *prev);
/* Load next's registers onto this pCPU and enter it (never returns). */
void pv_ctxt_load_and_enter(struct vcpu *next) __attribute__((noreturn));
/* Work before returning to a guest: softirqs, then pending events.
 * Called with the guest frame; may not return (context switch). */
void exit_to_guest_check(struct cpu_user_regs *regs);

/* ---- Traps (pv/traps.c) ---- */

/* An exception taken in ring 3 while a PV vCPU runs: emulate it or
 * bounce it to the guest.  Returns false if it is not the guest's. */
bool pv_handle_guest_trap(struct cpu_user_regs *regs);
/* Bounce vector to the guest's handler (its trap table); errcode < 0:
 * none.  Crashes the domain when it has no handler. */
void pv_inject_trap(struct vcpu *v, unsigned int vector, int64_t errcode);
/* Build a bounce frame for rip on the guest kernel stack. */
bool pv_create_bounce_frame(struct vcpu *v, uint64_t rip, int64_t errcode,
                            bool mask_events);
/* A selector could not be reloaded at switch-in: failsafe callback. */
void pv_failsafe_callback(struct vcpu *v);
/* Stop a misbehaving domain (prints why). */
void pv_domain_crash(struct domain *d, const char *why);
/* Selectors a guest frame may carry back to ring 3 (iret, contexts). */
bool pv_selectors_ok(uint64_t cs, uint64_t ss);
/* The guest's SYSCALL: hypercall from kernel mode, bounce from user. */
void pv_syscall(struct cpu_user_regs *regs);

/* ---- Instruction emulation (pv/emul_glue.c over pv/emul) ---- */
/* #GP with error code 0: a privileged instruction; false: not emulated. */
bool pv_emulate_priv_op(struct cpu_user_regs *regs);
/* Kernel write fault at cr2 on a read-only mapping of an own L1 table. */
bool pv_emulate_ptwr(struct cpu_user_regs *regs, uint64_t cr2);
/* #UD: the forced-emulation CPUID prefix, answered from the domain's
 * CPUID policy; false: not that prefix. */
bool pv_emulate_invalid_op(struct cpu_user_regs *regs);
/* The PV default CPUID policy (NULL if the host's could not be read). */
const struct pv_cpuid_policy *pv_default_policy(void);
/* CPUID policy sysctls (26, 29) and domctls (get/set_cpu_policy). */
long pv_domctl_cpu_policy(struct domain *d, struct xen_domctl *op);

/* Before mfn may take page-table or descriptor type `type`: unless it
 * already holds it validated, flush every CPU's TLB (no stale writable
 * translation may survive a retype).  pv/mm_hypercalls.c. */
void pv_flush_before_retype(unsigned long mfn, unsigned long type);

/* ---- Device pages kept by the hypervisor (pv/iomem_policy.c) ---- */
/* Check/adjust a level-1 entry (0 or -EPERM); for a table of any level. */
int pv_filter_l1_entry(uint64_t *entry);
int pv_filter_update(unsigned long table_mfn, uint64_t *val);
/* d lost access to I/O frame mfn (domctl iomem_permission). */
bool pv_iomem_denied(const struct domain *d, unsigned long mfn);

/* ---- Shutdown (pv/lifecycle.c) ---- */
void pv_domain_shutdown(struct domain *d, unsigned int reason);
/* A domain shut down (for suspend) runs again (XEN_DOMCTL_resumedomain). */
void pv_domain_resume(struct domain *d);
/* Hold v off its pCPU (returns once it is not running) / let it go. */
void pv_vcpu_pause_sync(struct vcpu *v);
void pv_vcpu_unpause(struct vcpu *v);

#endif /* XENITH_PV_DOMAIN_H */
