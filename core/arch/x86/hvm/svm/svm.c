/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AMD SVM (AMD APM vol. 2, chapter 15) with nested paging: the vendor
 * layer behind hvm_funcs.
 *
 * Boot: SVM and NPT must be present on the boot CPU and not disabled by
 * the firmware (VM_CR.SVMDIS); every CPU then sets EFER.SVME and its own
 * host save area (VM_HSAVE_PA) as it comes up.
 *
 * A vCPU has one VMCB.  Event upcalls go in by EVENTINJ as external
 * interrupts before an entry when the guest can take one; when it cannot
 * (RFLAGS.IF clear, an interrupt shadow) a virtual interrupt request with
 * the VINTR intercept opens the window.  V_INTR_MASKING keeps physical
 * interrupts exiting whatever the guest's IF.  An event whose delivery an
 * exit cut short (EXITINTINFO) is injected again.
 * Intercepted: physical interrupts, NMI, SMI and
 * INIT (so the host keeps the CPU), CPUID, HLT, VMMCALL (hypercalls),
 * shutdown (a triple fault), nested page faults (an access outside the
 * p2m: hvm/emulate.c), the SVM instructions and MONITOR/MWAIT (#UD into
 * the guest: no nested SVM), task switches, every I/O port and MSR (the
 * permission maps are all ones), INVD, WBINVD, INVLPGA, XSETBV, MONITOR,
 * MWAIT, RDTSCP is not, and every SVM instruction.  An exit without a
 * handler crashes the domain with a "d<N>v<M> unhandled SVM exit" line;
 * the host never stops.
 *
 * ASIDs: every vCPU runs with ASID 1 and the whole TLB is flushed on
 * each VMRUN (TLB_CONTROL 1).  That is correct for any number of vCPUs
 * and CPUs, only slow; per-CPU ASID generations come with the first
 * guest that needs speed.
 *
 * The run loop (svm_run) is entered from the context switch on an empty
 * stack: softirqs first (the scheduler may switch away there and never
 * come back to this frame), then VMRUN with the guest's GPRs, then the
 * exit's handler.  VMLOAD/VMSAVE move the guest's FS, GS, TR, LDTR,
 * KERNEL_GS_BASE and SYSCALL/SYSENTER MSRs; the host's own are saved to
 * and restored from a per-CPU block around every VMRUN.
 */
#include <public/arch-x86/hvm/save.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/percpu.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/asm/current.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/processor.h>

#include "vmcb.h"

#define EFER_LMA (1UL << 10)

struct svm_vcpu {
    struct vmcb *vmcb;
    paddr_t vmcb_pa;
};

/* Assembly (entry.S): VMLOAD, VMRUN, VMSAVE with the guest's GPRs. */
void svm_vmrun(paddr_t vmcb_pa, struct hvm_gprs *gprs, paddr_t host_pa);

_Static_assert(__builtin_offsetof(struct hvm_gprs, rsi) == 0x18 &&
                   __builtin_offsetof(struct hvm_gprs, rbp) == 0x28 &&
                   __builtin_offsetof(struct hvm_gprs, r8) == 0x30 &&
                   __builtin_offsetof(struct hvm_gprs, r15) == 0x68,
               "hvm_gprs layout (svm/entry.S)");

static bool has_nrips;
static paddr_t iopm_pa, msrpm_pa;
static DEFINE_PER_CPU(void *, svm_hsave);
static DEFINE_PER_CPU(void *, svm_host_vmcb);

static struct vmcb *vmcb_of(struct vcpu *v)
{
    return ((struct svm_vcpu *)v->hvm.vendor)->vmcb;
}

const struct hvm_function_table *svm_detect(void);

int svm_cpu_up(unsigned int cpu)
{
    struct cpuid_regs r;
    void *hsave, *host;

    cpuid(0x80000001, &r);
    if (!(r.c & (1U << 2)) || (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS))
        return -ENODEV;
    hsave = per_cpu(svm_hsave, cpu);
    host = per_cpu(svm_host_vmcb, cpu);
    if (!hsave && !(hsave = alloc_zeroed_page()))
        return -ENOMEM;
    if (!host && !(host = alloc_zeroed_page())) {
        free_xenheap_page(hsave);
        return -ENOMEM;
    }
    per_cpu(svm_hsave, cpu) = hsave;
    per_cpu(svm_host_vmcb, cpu) = host;
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, __pa(hsave));
    return 0;
}

/* Segment state in the save records' packed attribute form, which is
 * the VMCB's own. */
static void seg_to_vmcb(struct vmcb_seg *s, uint32_t sel, uint64_t base,
                        uint32_t limit, uint32_t attr)
{
    s->sel = (uint16_t)sel;
    s->base = base;
    s->limit = limit;
    s->attr = (uint16_t)(attr & 0xfff);
}

static void reset_state(struct vmcb *vm)
{
    /* The architectural state after INIT (real mode at f000:fff0). */
    seg_to_vmcb(&vm->cs, 0xf000, 0xffff0000, 0xffff, 0x9b);
    seg_to_vmcb(&vm->ds, 0, 0, 0xffff, 0x93);
    vm->es = vm->ss = vm->fs = vm->gs = vm->ds;
    seg_to_vmcb(&vm->gdtr, 0, 0, 0xffff, 0);
    vm->idtr = vm->gdtr;
    seg_to_vmcb(&vm->ldtr, 0, 0, 0xffff, 0x82);
    seg_to_vmcb(&vm->tr, 0, 0, 0xffff, 0x8b);
    vm->cr0 = 0x60000010; /* CD | NW | ET */
    vm->cr3 = vm->cr4 = vm->cr2 = 0;
    vm->efer = EFER_SVME; /* VMRUN requires SVME in the guest's EFER */
    vm->rflags = 0x2;
    vm->rip = 0xfff0;
    vm->rsp = vm->rax = 0;
    vm->dr6 = 0xffff0ff0;
    vm->dr7 = 0x400;
    vm->cpl = 0;
    vm->g_pat = 0x0007040600070406ULL;
}

static int svm_vcpu_initialise(struct vcpu *v)
{
    struct svm_vcpu *s = xzalloc(struct svm_vcpu);
    struct vmcb *vm;

    if (!s)
        return -ENOMEM;
    if (!(vm = alloc_zeroed_page())) {
        xfree(s);
        return -ENOMEM;
    }
    s->vmcb = vm;
    s->vmcb_pa = __pa(vm);
    vm->misc1 = SVM_MISC1_INTR | SVM_MISC1_NMI | SVM_MISC1_SMI |
                SVM_MISC1_INIT | SVM_MISC1_CPUID | SVM_MISC1_INVD |
                SVM_MISC1_HLT | SVM_MISC1_INVLPGA | SVM_MISC1_IOIO_PROT |
                SVM_MISC1_MSR_PROT | SVM_MISC1_TASK_SWITCH | SVM_MISC1_SHUTDOWN;
    vm->misc2 = SVM_MISC2_VMRUN | SVM_MISC2_VMMCALL | SVM_MISC2_VMLOAD |
                SVM_MISC2_VMSAVE | SVM_MISC2_STGI | SVM_MISC2_CLGI |
                SVM_MISC2_SKINIT | SVM_MISC2_ICEBP | SVM_MISC2_WBINVD |
                SVM_MISC2_MONITOR | SVM_MISC2_MWAIT | SVM_MISC2_MWAIT_C |
                SVM_MISC2_XSETBV;
    vm->iopm_base_pa = iopm_pa;
    vm->msrpm_base_pa = msrpm_pa;
    vm->asid = 1;
    vm->vintr = VINTR_V_INTR_MASKING;
    vm->np_ctrl = 1;
    vm->n_cr3 = v->domain->hvm.p2m_root << PAGE_SHIFT;
    reset_state(vm);
    v->hvm.vendor = s;
    return 0;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    struct svm_vcpu *s = v->hvm.vendor;

    if (!s)
        return;
    free_xenheap_page(s->vmcb);
    xfree(s);
    v->hvm.vendor = NULL;
}

static void svm_p2m_root_changed(struct vcpu *v, unsigned long root_mfn)
{
    vmcb_of(v)->n_cr3 = root_mfn << PAGE_SHIFT;
}

static void svm_save_cpu_ctxt(struct vcpu *v, struct hvm_hw_cpu *c)
{
    const struct vmcb *vm = vmcb_of(v);
    const struct hvm_gprs *g = &v->hvm.gprs;

    memset(c, 0, sizeof(*c));
    c->rax = vm->rax;
    c->rbx = g->rbx;
    c->rcx = g->rcx;
    c->rdx = g->rdx;
    c->rbp = g->rbp;
    c->rsi = g->rsi;
    c->rdi = g->rdi;
    c->rsp = vm->rsp;
    c->r8 = g->r8;
    c->r9 = g->r9;
    c->r10 = g->r10;
    c->r11 = g->r11;
    c->r12 = g->r12;
    c->r13 = g->r13;
    c->r14 = g->r14;
    c->r15 = g->r15;
    c->rip = vm->rip;
    c->rflags = vm->rflags;
    c->cr0 = vm->cr0;
    c->cr2 = vm->cr2;
    c->cr3 = vm->cr3;
    c->cr4 = vm->cr4;
    c->dr6 = vm->dr6;
    c->dr7 = vm->dr7;
#define SEG_OUT(n)              \
    c->n##_sel = vm->n.sel;     \
    c->n##_limit = vm->n.limit; \
    c->n##_base = vm->n.base;   \
    c->n##_arbytes = vm->n.attr
    SEG_OUT(cs);
    SEG_OUT(ds);
    SEG_OUT(es);
    SEG_OUT(fs);
    SEG_OUT(gs);
    SEG_OUT(ss);
    SEG_OUT(tr);
    SEG_OUT(ldtr);
#undef SEG_OUT
    c->idtr_limit = vm->idtr.limit;
    c->idtr_base = vm->idtr.base;
    c->gdtr_limit = vm->gdtr.limit;
    c->gdtr_base = vm->gdtr.base;
    c->sysenter_cs = vm->sysenter_cs;
    c->sysenter_esp = vm->sysenter_esp;
    c->sysenter_eip = vm->sysenter_eip;
    c->shadow_gs = vm->kerngsbase;
    c->msr_lstar = vm->lstar;
    c->msr_star = vm->star;
    c->msr_cstar = vm->cstar;
    c->msr_syscall_mask = vm->sfmask;
    c->msr_efer = vm->efer & ~EFER_SVME;
}

static int svm_load_cpu_ctxt(struct vcpu *v, const struct hvm_hw_cpu *c)
{
    struct vmcb *vm = vmcb_of(v);
    struct hvm_gprs *g = &v->hvm.gprs;

    /* What VMRUN would refuse (VMEXIT_INVALID) or the guest could not
     * have reached, as Xen's checks of a CPU record. */
    if ((c->cr0 & X86_CR0_PG) && !(c->cr0 & X86_CR0_PE))
        return -EINVAL;
    if ((c->msr_efer & ~0xd01UL) || (c->cr4 & ~0x3f7fffUL) || (c->cr0 >> 32) ||
        (c->dr6 >> 32) || (c->dr7 >> 32))
        return -EINVAL;
    if ((c->msr_efer & (1UL << 8)) && (c->cr0 & X86_CR0_PG) &&
        !(c->cr4 & 0x20)) /* long mode paging needs PAE */
        return -EINVAL;
    vm->rax = c->rax;
    g->rbx = c->rbx;
    g->rcx = c->rcx;
    g->rdx = c->rdx;
    g->rbp = c->rbp;
    g->rsi = c->rsi;
    g->rdi = c->rdi;
    vm->rsp = c->rsp;
    g->r8 = c->r8;
    g->r9 = c->r9;
    g->r10 = c->r10;
    g->r11 = c->r11;
    g->r12 = c->r12;
    g->r13 = c->r13;
    g->r14 = c->r14;
    g->r15 = c->r15;
    vm->rip = c->rip;
    vm->rflags = (c->rflags & 0x3f7fd7UL) | 0x2;
    vm->cr0 = c->cr0 | 0x10; /* ET is fixed */
    vm->cr2 = c->cr2;
    vm->cr3 = c->cr3;
    vm->cr4 = c->cr4;
    vm->dr6 = c->dr6;
    vm->dr7 = c->dr7;
#define SEG_IN(n) \
    seg_to_vmcb(&vm->n, c->n##_sel, c->n##_base, c->n##_limit, c->n##_arbytes)
    SEG_IN(cs);
    SEG_IN(ds);
    SEG_IN(es);
    SEG_IN(fs);
    SEG_IN(gs);
    SEG_IN(ss);
    SEG_IN(tr);
    SEG_IN(ldtr);
#undef SEG_IN
    seg_to_vmcb(&vm->idtr, 0, c->idtr_base, c->idtr_limit, 0);
    seg_to_vmcb(&vm->gdtr, 0, c->gdtr_base, c->gdtr_limit, 0);
    /* CPL is the DPL of SS (as after a far transfer). */
    vm->cpl = (uint8_t)((c->ss_arbytes >> 5) & 3);
    vm->sysenter_cs = c->sysenter_cs;
    vm->sysenter_esp = c->sysenter_esp;
    vm->sysenter_eip = c->sysenter_eip;
    vm->kerngsbase = c->shadow_gs;
    vm->lstar = c->msr_lstar;
    vm->star = c->msr_star;
    vm->cstar = c->msr_cstar;
    vm->sfmask = c->msr_syscall_mask;
    vm->efer = c->msr_efer | EFER_SVME;
    if ((c->msr_efer & (1UL << 8)) && (c->cr0 & X86_CR0_PG))
        vm->efer |= EFER_LMA;
    else
        vm->efer &= ~EFER_LMA;
    vm->eventinj = 0;
    vm->int_state = 0;
    return 0;
}

static unsigned int svm_get_cpl(struct vcpu *v)
{
    return vmcb_of(v)->cpl;
}

static bool svm_long_mode(struct vcpu *v)
{
    const struct vmcb *vm = vmcb_of(v);

    return (vm->efer & EFER_LMA) && (vm->cs.attr & (1U << 9));
}

static uint64_t svm_get_cr(struct vcpu *v, unsigned int cr)
{
    const struct vmcb *vm = vmcb_of(v);

    switch (cr) {
    case 0:
        return vm->cr0;
    case 2:
        return vm->cr2;
    case 3:
        return vm->cr3;
    case 4:
        return vm->cr4;
    }
    return 0;
}

static uint64_t svm_get_efer(struct vcpu *v)
{
    return vmcb_of(v)->efer & ~EFER_SVME;
}

static uint64_t svm_get_rax(struct vcpu *v)
{
    return vmcb_of(v)->rax;
}

static void svm_set_rax(struct vcpu *v, uint64_t val)
{
    vmcb_of(v)->rax = val;
}

static uint64_t svm_get_rip(struct vcpu *v)
{
    return vmcb_of(v)->rip;
}

static void svm_set_rip(struct vcpu *v, uint64_t rip)
{
    struct vmcb *vm = vmcb_of(v);

    vm->rip = rip;
    vm->int_state &= ~1ULL;
}

static void svm_get_seg(struct vcpu *v, unsigned int seg, struct hvm_seg *s)
{
    const struct vmcb *vm = vmcb_of(v);
    const struct vmcb_seg *src = seg == HVM_SEG_CS ? &vm->cs : &vm->ds;

    s->sel = src->sel;
    s->attr = src->attr;
    s->limit = src->limit;
    s->base = src->base;
}

/* Move RIP past the instruction that exited (len bytes without NRIP). */
static void advance_rip(struct vmcb *vm, unsigned int len)
{
    vm->rip = has_nrips ? vm->nrip : vm->rip + len;
    vm->int_state &= ~1ULL; /* an STI/MOV SS shadow ends with it */
}

static void svm_inject_exception(struct vcpu *v, unsigned int vector,
                                 int error_code)
{
    uint64_t e = (vector & 0xff) | EVENTINJ_TYPE_EXC | EVENTINJ_VALID;

    if (error_code >= 0)
        e |= EVENTINJ_EV | ((uint64_t)(uint32_t)error_code << 32);
    vmcb_of(v)->eventinj = e;
}

/* The interrupt window: a VINTR exit once the guest can take one. */
static void window(struct vmcb *vm, bool open)
{
    if (open) {
        vm->vintr = (vm->vintr & ~(VINTR_V_PRIO_MASK | VINTR_V_VECTOR_MASK)) |
                    VINTR_V_IRQ | VINTR_V_IGN_TPR | VINTR_V_PRIO_MASK;
        vm->misc1 |= SVM_MISC1_VINTR;
    } else {
        vm->vintr &= ~(VINTR_V_IRQ | VINTR_V_IGN_TPR);
        vm->misc1 &= ~SVM_MISC1_VINTR;
    }
}

/* Before each entry: the event upcall (hvm_upcall_vector) goes in by
 * EVENTINJ as an external interrupt if the guest can take one now
 * (RFLAGS.IF set, no STI/MOV SS shadow, nothing else being injected),
 * else the window opens and the next VINTR exit tries again. */
static void intr_assist(struct vcpu *v, struct vmcb *vm)
{
    bool edge;
    int vec = hvm_upcall_vector(v, &edge);

    if (vec < 0) {
        window(vm, false);
        return;
    }
    if (!(vm->eventinj & EVENTINJ_VALID) && (vm->rflags & X86_EFLAGS_IF) &&
        !(vm->int_state & 1)) {
        vm->eventinj =
            (uint64_t)(vec & 0xff) | EVENTINJ_TYPE_INTR | EVENTINJ_VALID;
        hvm_upcall_injected(v, edge);
        window(vm, false);
        return;
    }
    window(vm, true);
}

static void unhandled(struct vcpu *v, struct vmcb *vm)
{
    printk(XENLOG_ERR "d%uv%u unhandled SVM exit %#lx (info1 %#lx info2 "
                      "%#lx, rip %#lx)\n",
           v->domain->domain_id, v->vcpu_id, (unsigned long)vm->exitcode,
           (unsigned long)vm->exitinfo1, (unsigned long)vm->exitinfo2,
           (unsigned long)vm->rip);
    hvm_domain_crash(v->domain);
}

static void handle_exit(struct vcpu *v, struct vmcb *vm)
{
    struct hvm_gprs *g = &v->hvm.gprs;
    uint32_t r[4];

    switch (vm->exitcode) {
    case SVM_EXIT_VINTR:
        window(vm, false); /* intr_assist injects before the next entry */
        break;
    case SVM_EXIT_INTR:
    case SVM_EXIT_NMI:
    case SVM_EXIT_SMI:
    case SVM_EXIT_INIT:
        /* The host takes it once GIF is set again. */
        break;
    case SVM_EXIT_CPUID:
        hvm_cpuid(v, (uint32_t)vm->rax, (uint32_t)g->rcx, r);
        vm->rax = r[0];
        g->rbx = r[1];
        g->rcx = r[2];
        g->rdx = r[3];
        advance_rip(vm, 2);
        break;
    case SVM_EXIT_VMMCALL: {
        uint64_t rip = vm->rip;

        advance_rip(vm, 3);
        if (hvm_hypercall(v))
            vm->rip = rip; /* restart: the same VMMCALL again */
        break;
    }
    case SVM_EXIT_HLT:
        advance_rip(vm, 1);
        hvm_hlt(v, vm->rflags & X86_EFLAGS_IF);
        break;
    case SVM_EXIT_SHUTDOWN:
        hvm_triple_fault(v);
        break;
    case SVM_EXIT_VMRUN:
    case SVM_EXIT_VMLOAD:
    case SVM_EXIT_VMSAVE:
    case SVM_EXIT_STGI:
    case SVM_EXIT_CLGI:
    case SVM_EXIT_SKINIT:
    case SVM_EXIT_MONITOR:
    case SVM_EXIT_MWAIT:
    case SVM_EXIT_MWAIT_C:
        /* No nested SVM, no MONITOR/MWAIT in the guest's CPUID: #UD, as
         * Xen 4.17 gives. */
        svm_inject_exception(v, 6, -1);
        break;
    case SVM_EXIT_NPF:
        /* Not present (bit 0 clear), not an instruction fetch (bit 4), not
         * during the walk of the guest's own tables (bit 33): an access
         * to a gfn the p2m does not map. */
        if (!(vm->exitinfo1 & ((1ULL << 0) | (1ULL << 4) | (1ULL << 33))) &&
            p2m_lookup(v->domain, vm->exitinfo2 >> PAGE_SHIFT) ==
                INVALID_MFN_P2M)
            hvm_emulate_unbacked(v, vm->exitinfo2, vm->exitinfo1 & 2);
        else
            unhandled(v, vm);
        break;
    default:
        unhandled(v, vm);
        break;
    }
}

static void __attribute__((noreturn)) svm_run(struct vcpu *v)
{
    struct svm_vcpu *s = v->hvm.vendor;
    unsigned int cpu = smp_processor_id();

    for (;;) {
        local_irq_disable();
        if (softirq_pending(cpu)) {
            local_irq_enable();
            do_softirq(); /* may switch away for good */
            continue;
        }
        intr_assist(v, s->vmcb);
        s->vmcb->tlb_control = TLB_CONTROL_FLUSH_ALL;
        s->vmcb->clean = 0;
        svm_vmrun(s->vmcb_pa, &v->hvm.gprs, __pa(this_cpu(svm_host_vmcb)));
        local_irq_enable();
        if (s->vmcb->exitcode == SVM_EXIT_INVALID) {
            printk(XENLOG_ERR "d%uv%u: VMRUN refused the VMCB state "
                              "(cr0 %#lx cr4 %#lx efer %#lx cs %#x/%#x)\n",
                   v->domain->domain_id, v->vcpu_id,
                   (unsigned long)s->vmcb->cr0, (unsigned long)s->vmcb->cr4,
                   (unsigned long)s->vmcb->efer, s->vmcb->cs.sel,
                   s->vmcb->cs.attr);
            hvm_domain_crash(v->domain);
            continue;
        }
        /* An event cut short by this exit is delivered again (a software
         * interrupt restarts from its instruction instead). */
        if ((s->vmcb->exitintinfo & EVENTINJ_VALID) &&
            (s->vmcb->exitintinfo & EVENTINJ_TYPE_MASK) != EVENTINJ_TYPE_SWINT)
            s->vmcb->eventinj =
                s->vmcb->exitintinfo & (0xffffffff00000fffULL | EVENTINJ_VALID);
        handle_exit(v, s->vmcb);
    }
}

static const struct hvm_function_table svm_funcs = {
    .name = "SVM",
    .vcpu_initialise = svm_vcpu_initialise,
    .vcpu_destroy = svm_vcpu_destroy,
    .save_cpu_ctxt = svm_save_cpu_ctxt,
    .load_cpu_ctxt = svm_load_cpu_ctxt,
    .run = svm_run,
    .p2m_root_changed = svm_p2m_root_changed,
    .get_cpl = svm_get_cpl,
    .long_mode = svm_long_mode,
    .get_cr = svm_get_cr,
    .get_efer = svm_get_efer,
    .get_rax = svm_get_rax,
    .set_rax = svm_set_rax,
    .get_rip = svm_get_rip,
    .set_rip = svm_set_rip,
    .get_seg = svm_get_seg,
    .inject_exception = svm_inject_exception,
};

const struct hvm_function_table *svm_detect(void)
{
    struct cpuid_regs r;
    void *iopm, *msrpm;

    cpuid(0x80000000, &r);
    if (r.a < 0x8000000a)
        return NULL;
    cpuid(0x80000001, &r);
    if (!(r.c & (1U << 2)))
        return NULL;
    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
        printk("HVM: SVM disabled by the firmware\n");
        return NULL;
    }
    cpuid(0x8000000a, &r);
    if (!(r.d & 1)) {
        printk("HVM: SVM without nested paging: no HVM guests\n");
        return NULL;
    }
    has_nrips = r.d & (1U << 3);
    /* Every port and MSR access exits: 12 KiB and 8 KiB of ones. */
    iopm = alloc_xenheap_pages(2);
    msrpm = alloc_xenheap_pages(1);
    if (!iopm || !msrpm)
        return NULL;
    memset(iopm, 0xff, 4 * PAGE_SIZE);
    memset(msrpm, 0xff, 2 * PAGE_SIZE);
    iopm_pa = __pa(iopm);
    msrpm_pa = __pa(msrpm);
    printk("HVM: SVM with nested paging, %u ASIDs%s\n", r.b,
           has_nrips ? ", next-RIP save" : "");
    return &svm_funcs;
}
