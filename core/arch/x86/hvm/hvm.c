/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hardware-assisted (HVM) domains, the vendor-neutral part: detection,
 * creation and teardown, the context switch, the HVM domctls
 * (gethvmcontext / sethvmcontext, the paging pool of shadow_op) and
 * hvm_op's parameters.  The vendor (SVM) is reached only through
 * hvm_funcs.
 *
 * An HVM domain is an x86 domain like a PV one as far as ownership goes:
 * its RAM frames are assigned, listed and freed by the same code, its
 * event channels, grant table and shared_info exist as for PV.  What
 * differs: the guest sees guest frame numbers mapped by the p2m (nested
 * page tables), runs under VMRUN, and enters the hypervisor by VM exits.
 *
 * What Xen 4.17 has and Xenith's HVM does not yet (refused, not faked):
 * emulated devices (a createdomain asking for more than the LAPIC-only
 * PVH set is -EOPNOTSUPP, and the LAPIC itself is not emulated: the
 * guest's APIC accesses read as an empty bus), shadow paging (HVM
 * without CDF_hap: -EOPNOTSUPP), nested virtualisation (-EOPNOTSUPP), event
 * delivery through an emulated interrupt controller (irq.c delivers the
 * upcall vectors directly), records other than HEADER and CPU in the
 * context stream, more than what the PVH payload
 * needs of the hypercall table (common/hypercall.c lists what an HVM guest may
 * call).
 */
#include <public/domctl.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/hvm/save.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <xenith/arch_domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/hvm_hypercalls.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/asm/current.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>

#define HVM_MAX_VCPUS 128 /* Xen 4.17's limit for an HVM guest */

bool hvm_enabled;
const struct hvm_function_table *hvm_funcs;
static const struct hvm_function_table *detected;

void hvm_detect(void)
{
    detected = svm_detect();
}

void hvm_cpu_up(unsigned int cpu)
{
    int rc;

    if (!detected)
        return;
    rc = svm_cpu_up(cpu);
    if (rc) {
        /* One CPU without it means no HVM anywhere (a vCPU may run on
         * every CPU). */
        printk(XENLOG_WARNING "HVM: CPU%u cannot enable %s (%d): HVM off\n",
               cpu, detected->name, rc);
        detected = NULL;
        hvm_funcs = NULL;
        hvm_enabled = false;
        return;
    }
    if (cpu == 0) {
        hvm_funcs = detected;
        hvm_enabled = true;
    }
}

/* ---- Domains ---- */

static bool emulation_flags_ok(uint32_t f)
{
    /* Xen 4.17 accepts for a domU: the LAPIC alone (PVH) or everything
     * but vPCI (HVM with a device model).  Xenith has no device
     * emulation yet, so only the PVH set. */
    return f == XEN_X86_EMU_LAPIC;
}

int hvm_domu_create(const struct xen_domctl_createdomain *c, domid_t *domid)
{
    struct xen_domctl_createdomain pv = *c;
    struct domain *d;
    int rc;

    /* Xen 4.17's order: what the configuration cannot be (-EINVAL), then
     * the emulators (-EOPNOTSUPP), then what Xenith does not do yet. */
    if (!hvm_enabled)
        return -EINVAL; /* as Xen on a CPU without SVM/VMX */
    if (!c->max_vcpus || c->max_vcpus > HVM_MAX_VCPUS)
        return -EINVAL;
    if ((c->flags & XEN_DOMCTL_CDF_nested_virt) &&
        !(c->flags & XEN_DOMCTL_CDF_hap))
        return -EINVAL;
    if (c->arch.emulation_flags != XEN_X86_EMU_LAPIC &&
        c->arch.emulation_flags != (XEN_X86_EMU_ALL & ~XEN_X86_EMU_VPCI)) {
        printk(XENLOG_ERR "HVM domain refused: emulation flags %#x\n",
               c->arch.emulation_flags);
        return -EOPNOTSUPP;
    }
    if (!emulation_flags_ok(c->arch.emulation_flags)) {
        printk(XENLOG_ERR "HVM domain refused: emulated devices (%#x) are "
                          "not implemented\n",
               c->arch.emulation_flags);
        return -EOPNOTSUPP;
    }
    if (!(c->flags & XEN_DOMCTL_CDF_hap)) {
        printk(XENLOG_ERR "HVM domain refused: shadow paging is not "
                          "implemented (CDF_hap needed)\n");
        return -EOPNOTSUPP;
    }
    if (c->flags & XEN_DOMCTL_CDF_nested_virt) {
        printk(XENLOG_ERR "HVM domain refused: nested virtualisation is "
                          "not implemented\n");
        return -EOPNOTSUPP;
    }
    pv.flags &= ~(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap);
    pv.arch.emulation_flags = 0;
    if ((rc = pv_domu_create(&pv, domid)))
        return rc;
    d = get_domain_by_id(*domid);
    if (!d)
        return -ESRCH;
    d->is_hvm = true;
    d->hvm.emulation_flags = c->arch.emulation_flags;
    d->hvm.params[HVM_PARAM_TRIPLE_FAULT_REASON] = SHUTDOWN_reboot;
    spin_lock_init(&d->hvm.p2m_lock);
    rc = p2m_init(d);
    for (unsigned int i = 0; !rc && i < d->max_vcpus; i++)
        if (d->vcpu[i])
            rc = hvm_funcs->vcpu_initialise(d->vcpu[i]);
    if (rc) {
        while (pv_domu_destroy(d) == -ERESTART)
            ; /* nothing to preempt for: a domain without memory */
        put_domain(d);
        return rc;
    }
    put_domain(d);
    printk("Domain %u is HVM (%s, nested paging)\n", *domid, hvm_funcs->name);
    return 0;
}

void hvm_domain_destroy(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            hvm_funcs->vcpu_destroy(d->vcpu[i]);
    p2m_teardown(d);
    xfree(d->hvm.gnt_gfn);
    d->hvm.gnt_gfn = NULL;
    xfree(d->hvm.e820);
    d->hvm.e820 = NULL;
}

/* XENMEM_set_memory_map: replaces d's E820 (0 entries: none, as Xen,
 * whose memory_map then says -ENOSYS).  A PV domain's is not kept
 * (-EOPNOTSUPP; Xen keeps it for a PV guest too). */
long arch_set_memory_map(struct domain *d, uint32_t nr, uint64_t buf)
{
    size_t size = (size_t)nr * sizeof(struct xen_e820_entry);
    void *e = NULL, *old;

    if (!d->is_hvm) {
        printk(XENLOG_WARNING "d%u: set_memory_map of a PV domain is not "
                              "implemented\n",
               d->domain_id);
        return -EOPNOTSUPP;
    }
    if (nr) {
        if (!(e = xmalloc_bytes(size)))
            return -ENOMEM;
        if (copy_from_guest(e, buf, size)) {
            xfree(e);
            return -EFAULT;
        }
    }
    spin_lock(&d->lock);
    old = d->hvm.e820;
    d->hvm.e820 = e;
    d->hvm.nr_e820 = nr;
    spin_unlock(&d->lock);
    xfree(old);
    return 0;
}

void hvm_domain_crash(struct domain *d)
{
    printk(XENLOG_ERR "Domain %u (HVM) crashed\n", d->domain_id);
    pv_domain_shutdown(d, SHUTDOWN_crash);
}

/* ---- Context switch ---- */

void hvm_ctxt_save(struct vcpu *prev)
{
    pv_fpu_save(prev);
    pv_runstate_switch(prev, !prev->up             ? RUNSTATE_offline
                             : prev->sched.blocked ? RUNSTATE_blocked
                                                   : RUNSTATE_runnable);
    __atomic_store_n(&prev->pv.state_live, false, __ATOMIC_RELEASE);
}

static void __attribute__((noreturn)) hvm_resume(void)
{
    hvm_funcs->run(current);
}

void hvm_ctxt_load_and_enter(struct vcpu *next)
{
    while (__atomic_load_n(&next->pv.state_live, __ATOMIC_ACQUIRE))
        cpu_relax();
    __atomic_store_n(&next->pv.state_live, true, __ATOMIC_RELEASE);
    /* The hypervisor's own tables while the guest runs on its p2m. */
    write_cr3(__pa(idle_pg_table));
    pv_fpu_load(next);
    pv_runstate_switch(next, RUNSTATE_running);
    pv_update_vcpu_time(next); /* as Xen at every switch in */
    reset_stack_and_jump(hvm_resume);
}

/* ---- domctl ---- */

static uint64_t handle(const void *h)
{
    uint64_t p;

    memcpy(&p, h, sizeof(p));
    return p;
}

/* The stream gethvmcontext gives: HEADER, one CPU record per vCPU, END. */
static uint32_t context_size(const struct domain *d)
{
    uint32_t n = 0;

    for (unsigned int i = 0; i < d->max_vcpus; i++)
        n += d->vcpu[i] ? 1 : 0;
    return (uint32_t)(2 * sizeof(struct hvm_save_descriptor) +
                      sizeof(struct hvm_save_header) +
                      n * (sizeof(struct hvm_save_descriptor) +
                           sizeof(struct hvm_hw_cpu)));
}

static void pause_vcpus(struct domain *d, bool pause)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        if (pause) {
            sched_unit_pause_nosync(&v->sched);
            while (READ_ONCE(v->is_running) ||
                   __atomic_load_n(&v->pv.state_live, __ATOMIC_ACQUIRE))
                cpu_relax();
        } else {
            sched_unit_unpause(&v->sched);
        }
    }
}

static long get_context(struct domain *d, struct xen_domctl_hvmcontext *hc)
{
    uint32_t size = context_size(d), off = 0;
    uint64_t buf = handle(&hc->buffer);
    uint8_t *out;
    struct hvm_save_descriptor *desc;
    struct hvm_save_header *hdr;
    struct cpuid_regs r;
    long rc = 0;

    if (!buf) {
        hc->size = size;
        return 0;
    }
    if (hc->size < size)
        return -ENOSPC;
    if (!(out = xzalloc_bytes(size)))
        return -ENOMEM;
    desc = (struct hvm_save_descriptor *)out;
    desc->typecode = HVM_SAVE_CODE_HEADER;
    desc->length = sizeof(*hdr);
    hdr = (struct hvm_save_header *)(desc + 1);
    hdr->magic = HVM_FILE_MAGIC;
    hdr->version = HVM_FILE_VERSION;
    cpuid(1, &r);
    hdr->cpuid = r.a;
    off = sizeof(*desc) + sizeof(*hdr);
    if (d != current->domain)
        pause_vcpus(d, true);
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (!d->vcpu[i])
            continue;
        desc = (struct hvm_save_descriptor *)(out + off);
        desc->typecode = HVM_SAVE_CODE_CPU;
        desc->instance = (uint16_t)i;
        desc->length = sizeof(struct hvm_hw_cpu);
        hvm_funcs->save_cpu_ctxt(d->vcpu[i], (struct hvm_hw_cpu *)(desc + 1));
        off += sizeof(*desc) + sizeof(struct hvm_hw_cpu);
    }
    if (d != current->domain)
        pause_vcpus(d, false);
    desc = (struct hvm_save_descriptor *)(out + off);
    desc->typecode = HVM_SAVE_CODE_END;
    off += sizeof(*desc);
    if (copy_to_guest(buf, out, off))
        rc = -EFAULT;
    hc->size = off;
    xfree(out);
    return rc;
}

/* Bring a vCPU with a loaded context online (its offline pause goes). */
void hvm_vcpu_bring_up(struct vcpu *v)
{
    if (v->up)
        return;
    v->up = true;
    sched_unit_wake(&v->sched);
    sched_unit_unpause(&v->sched);
}

static long set_context(struct domain *d, struct xen_domctl_hvmcontext *hc)
{
    uint64_t buf = handle(&hc->buffer);
    uint32_t size = hc->size, off;
    uint8_t *in;
    const struct hvm_save_descriptor *desc;
    const struct hvm_save_header *hdr;
    long rc = 0;

    if (d == current->domain)
        return -EPERM;
    if (size < sizeof(*desc) + sizeof(*hdr) || size > (1U << 20))
        return -EINVAL;
    if (!(in = xmalloc_bytes(size)))
        return -ENOMEM;
    if (copy_from_guest(in, buf, size)) {
        xfree(in);
        return -EFAULT;
    }
    desc = (const struct hvm_save_descriptor *)in;
    hdr = (const struct hvm_save_header *)(desc + 1);
    if (desc->typecode != HVM_SAVE_CODE_HEADER ||
        desc->length != sizeof(*hdr) || hdr->magic != HVM_FILE_MAGIC ||
        hdr->version != HVM_FILE_VERSION) {
        xfree(in);
        return -EINVAL;
    }
    pause_vcpus(d, true);
    for (off = sizeof(*desc) + sizeof(*hdr);;) {
        if (off + sizeof(*desc) > size) {
            rc = -EINVAL; /* no END record */
            break;
        }
        desc = (const struct hvm_save_descriptor *)(in + off);
        off += sizeof(*desc);
        if (desc->length > size - off) {
            rc = -EINVAL;
            break;
        }
        if (desc->typecode == HVM_SAVE_CODE_END)
            break;
        if (desc->typecode != HVM_SAVE_CODE_CPU) {
            /* Records Xenith does not carry yet. */
            printk(XENLOG_WARNING "d%u: sethvmcontext record type %u not "
                                  "supported\n",
                   d->domain_id, desc->typecode);
            rc = -EOPNOTSUPP;
            break;
        }
        if (desc->length != sizeof(struct hvm_hw_cpu) ||
            desc->instance >= d->max_vcpus || !d->vcpu[desc->instance]) {
            rc = -EINVAL;
            break;
        }
        {
            struct hvm_hw_cpu c;
            struct vcpu *v = d->vcpu[desc->instance];

            memcpy(&c, in + off, sizeof(c));
            if ((rc = hvm_funcs->load_cpu_ctxt(v, &c)))
                break;
            v->hvm.ctxt_loaded = true;
        }
        off += desc->length;
    }
    pause_vcpus(d, false);
    if (!rc)
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i] && d->vcpu[i]->hvm.ctxt_loaded)
                hvm_vcpu_bring_up(d->vcpu[i]);
    xfree(in);
    return rc;
}

long arch_domctl_hvmcontext(struct domain *d, struct xen_domctl *op)
{
    if (!d->is_hvm)
        return -EINVAL;
    if (op->cmd == XEN_DOMCTL_gethvmcontext)
        return get_context(d, &op->u.hvmcontext);
    return set_context(d, &op->u.hvmcontext);
}

long hvm_domctl_shadow_op(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_shadow_op *sc = &op->u.shadow_op;

    switch (sc->op) {
    case XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION:
        spin_lock(&d->hvm.p2m_lock);
        sc->mb = (uint32_t)((d->hvm.pool_pages + 255) >> 8);
        spin_unlock(&d->hvm.p2m_lock);
        return 0;
    case XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION:
        return p2m_set_pool(d, (unsigned long)sc->mb << 8);
    default:
        /* Log-dirty for HVM comes with save/migrate. */
        return -EOPNOTSUPP;
    }
}

uint32_t arch_physinfo_caps(void)
{
    return hvm_enabled ? XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap : 0;
}

uint32_t arch_domain_info_flags(const struct domain *d)
{
    return d->is_hvm ? XEN_DOMINF_hvm_guest | XEN_DOMINF_hap : 0;
}

bool arch_domain_translated(const struct domain *d)
{
    return d->is_hvm;
}

long arch_translated_reservation(struct domain *d, unsigned int cmd,
                                 const struct xen_memory_reservation *r,
                                 uint64_t list)
{
    return p2m_reservation(d, cmd, r, list);
}

/* ---- hvm_op ---- */

/* May the guest itself read parameter i (Xen 4.17's list)?  0, or the
 * error. */
static int guest_may_get(uint32_t i)
{
    switch (i) {
    case HVM_PARAM_CALLBACK_IRQ:
    case HVM_PARAM_VM86_TSS:
    case HVM_PARAM_VM86_TSS_SIZED:
    case HVM_PARAM_ACPI_IOPORTS_LOCATION:
    case HVM_PARAM_VM_GENERATION_ID_ADDR:
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_CONSOLE_EVTCHN:
    case HVM_PARAM_ALTP2M:
    case HVM_PARAM_X87_FIP_WIDTH:
        return 0;
    case HVM_PARAM_PAE_ENABLED:
    case HVM_PARAM_DM_DOMAIN:
    case HVM_PARAM_MEMORY_EVENT_CR0:
    case HVM_PARAM_MEMORY_EVENT_CR3:
    case HVM_PARAM_MEMORY_EVENT_CR4:
    case HVM_PARAM_MEMORY_EVENT_INT3:
    case HVM_PARAM_NESTEDHVM:
    case HVM_PARAM_MEMORY_EVENT_SINGLE_STEP:
    case HVM_PARAM_BUFIOREQ_EVTCHN:
    case HVM_PARAM_MEMORY_EVENT_MSR:
        return -EINVAL;
    default:
        return -EPERM;
    }
}

/* Parameters that are plain values Xenith stores (the toolstack's
 * pfns and ports, the triple-fault reason); the others need machinery
 * (callback IRQ, ioreq pages, viridian, ...) that does not exist yet. */
static bool stored_param(uint32_t i)
{
    switch (i) {
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_CONSOLE_EVTCHN:
    case HVM_PARAM_PAGING_RING_PFN:
    case HVM_PARAM_MONITOR_RING_PFN:
    case HVM_PARAM_SHARING_RING_PFN:
    case HVM_PARAM_VM_GENERATION_ID_ADDR:
    case HVM_PARAM_TRIPLE_FAULT_REASON:
        return true;
    default:
        return false;
    }
}

static long param_op(unsigned long op, unsigned long arg)
{
    struct xen_hvm_param p;
    struct domain *cur = current->domain, *d;
    long rc = 0;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.index >= HVM_NR_PARAMS)
        return -EINVAL;
    if (p.domid == DOMID_SELF || p.domid == cur->domain_id) {
        d = cur;
        get_domain(d);
    } else if (!(d = get_domain_by_id(p.domid))) {
        return -ESRCH;
    }
    if (!d->is_hvm) {
        rc = -EINVAL;
    } else if (d != cur && !cur->is_privileged) {
        rc = -EPERM;
    } else if (op == HVMOP_get_param) {
        if (d == cur)
            rc = guest_may_get(p.index);
        if (!rc) {
            spin_lock(&d->lock);
            p.value = d->hvm.params[p.index];
            spin_unlock(&d->lock);
            rc = copy_to_guest(arg, &p, sizeof(p));
        }
    } else if (p.index == HVM_PARAM_CALLBACK_IRQ) {
        /* The guest's own (or its toolstack's) event callback (irq.c). */
        spin_lock(&d->lock);
        rc = hvm_set_callback_irq(d, p.value);
        spin_unlock(&d->lock);
        for (unsigned int i = 0; !rc && i < d->max_vcpus; i++)
            if (d->vcpu[i])
                hvm_vcpu_kick(d->vcpu[i]);
    } else if (d == cur) {
        rc = -EPERM;
    } else if (!stored_param(p.index)) {
        rc = -EOPNOTSUPP;
    } else if (p.index == HVM_PARAM_TRIPLE_FAULT_REASON &&
               p.value > SHUTDOWN_MAX) {
        rc = -EINVAL;
    } else {
        spin_lock(&d->lock);
        d->hvm.params[p.index] = p.value;
        spin_unlock(&d->lock);
    }
    put_domain(d);
    return rc;
}

long do_hvm_op(unsigned long op, unsigned long arg, unsigned long a3,
               unsigned long a4, unsigned long a5)
{
    switch (op) {
    case HVMOP_set_param:
    case HVMOP_get_param:
        return param_op(op, arg);
    case HVMOP_set_evtchn_upcall_vector:
        return hvm_set_evtchn_upcall_vector(arg);
    default:
        return -ENOSYS;
    }
}
