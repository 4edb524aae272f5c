/*
 * domctl sub-ops a toolstack's PV domain builder issues besides the core
 * ones (common/domctl.c):
 *   setnodeaffinity / getnodeaffinity  the domain's node map (recorded)
 *   settscinfo / gettscinfo            TSC mode and incarnation (PV guests
 *                                      read the native TSC: modes needing
 *                                      emulation -EOPNOTSUPP)
 *   set_address_size / get_address_size  64 (32-bit PV is not supported:
 *                                      -EINVAL)
 *   setdomainhandle                    the UUID getdomaininfo reports
 *   hypercall_init                     write the hypercall page into a
 *                                      writable frame of the domain
 *                                      (-EINVAL not its frame, -EPERM a
 *                                      page table or descriptor page)
 *   set_virq_handler                   route a global VIRQ to the domain
 *   getpageframeinfo3                  page-table type of each frame
 *   set/get_ext_vcpucontext            32-bit callbacks and vMCE state
 *   get/set_cpu_policy                 pv/cpu_policy.c
 * Unknown commands -ENOSYS.
 */
#include <public/domctl.h>
#include <xenith/cpupool.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/numa.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/sched_mask.h>
#include <xenith/time.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/current.h>

long domctl_misc_op(struct domain *d, struct xen_domctl *op);

#define HYPERCALL_STUB_SIZE 32

/* Xen's TSC modes (settscinfo). */
#define TSC_MODE_DEFAULT        0
#define TSC_MODE_ALWAYS_EMULATE 1
#define TSC_MODE_NEVER_EMULATE  2
#define HYPERCALL_IRET          23

static uint64_t handle(const void *h)
{
    uint64_t p;

    memcpy(&p, h, sizeof(p));
    return p;
}

/* 128 stubs of 32 bytes: push %rcx; push %r11; mov $nr, %eax; syscall;
 * pop %r11; pop %rcx; ret (iret: push %rax too, and never returns). */
static long hypercall_init(struct domain *d, uint64_t mfn)
{
    struct page_info *pg = pv_get_page_from_mfn(mfn, d->domain_id);
    uint8_t *page, *p;

    if (!pg)
        return -EINVAL;
    /* Only a frame that may be written (not a page table or descriptor
     * page): Xen's -EPERM otherwise. */
    if (pv_get_page_type(pg, PGT_writable_page)) {
        pv_put_page(pg);
        return -EPERM;
    }
    page = __va(mfn << PAGE_SHIFT);
    memset(page, 0xcc, PAGE_SIZE);
    for (unsigned int i = 0; i < PAGE_SIZE / HYPERCALL_STUB_SIZE; i++) {
        p = page + i * HYPERCALL_STUB_SIZE;
        *p++ = 0x51;
        *p++ = 0x41, *p++ = 0x53;
        if (i == HYPERCALL_IRET)
            *p++ = 0x50;
        *p++ = 0xb8;
        *p++ = (uint8_t)i, *p++ = 0, *p++ = 0, *p++ = 0;
        *p++ = 0x0f, *p++ = 0x05;
        if (i == HYPERCALL_IRET)
            continue;
        *p++ = 0x41, *p++ = 0x5b;
        *p++ = 0x59;
        *p++ = 0xc3;
    }
    pv_put_page_type(pg);
    pv_put_page(pg);
    return 0;
}

/* XEN_DOMCTL_PFINFO_* of one frame of d. */
static uint32_t frame_info(struct domain *d, uint64_t mfn)
{
    struct page_info *pg = pv_mm_arch_page(mfn);
    unsigned long t;
    uint32_t info;

    if (!pg || pg->owner != d->domain_id || !(pg->count_info & PGC_allocated))
        return XEN_DOMCTL_PFINFO_XTAB;
    t = __atomic_load_n(&pg->u.type_info, __ATOMIC_ACQUIRE);
    switch (t & PGT_type_mask) {
    case PGT_l1_page_table:
        info = XEN_DOMCTL_PFINFO_L1TAB;
        break;
    case PGT_l2_page_table:
        info = XEN_DOMCTL_PFINFO_L2TAB;
        break;
    case PGT_l3_page_table:
        info = XEN_DOMCTL_PFINFO_L3TAB;
        break;
    case PGT_l4_page_table:
        info = XEN_DOMCTL_PFINFO_L4TAB;
        break;
    default:
        return XEN_DOMCTL_PFINFO_NOTAB;
    }
    if (!(t & PGT_count_mask))
        return XEN_DOMCTL_PFINFO_NOTAB;
    return info | ((t & PGT_pinned) ? XEN_DOMCTL_PFINFO_LPINTAB : 0);
}

static long pageframeinfo3(struct domain *d,
                           struct xen_domctl_getpageframeinfo3 *pf)
{
    uint64_t list = handle(&pf->array);

    if (pf->num > 1024)
        return -E2BIG;
    for (uint64_t i = 0; i < pf->num; i++, list += sizeof(xen_pfn_t)) {
        xen_pfn_t f;

        if (copy_from_guest(&f, list, sizeof(f)))
            return -EFAULT;
        f = (f & ~((xen_pfn_t)0xf << 28)) | frame_info(d, f);
        if (copy_to_guest(list, &f, sizeof(f)))
            return -EFAULT;
    }
    return 0;
}

/* Nodes with CPUs or memory: 0..nr_nodes-1 (node 0 without an SRAT). */
static uint64_t online_nodes(void)
{
    unsigned int n = nr_nodes ? nr_nodes : 1;

    return n >= MAX_NUMNODES ? ~0ULL : (1ULL << n) - 1;
}

/* Automatic node affinity: the nodes of the CPUs of the domain's pool
 * (every vCPU may run on each of them). */
static uint64_t auto_nodes(struct domain *d)
{
    uint64_t nodes = 0;

    spin_lock(&cpupool_lock);
    if (d->sched.pool)
        for (unsigned int c = 0; c < sched_nr_cpu_ids; c++)
            if (sched_mask_test(d->sched.pool->cpu_valid, c))
                nodes |= 1ULL << (cpu_to_node ? cpu_to_node[c] : 0);
    spin_unlock(&cpupool_lock);
    return nodes ? nodes : 1;
}

/*
 * Xen's node maps are MAX_NUMNODES (64) bits wide.  Set: bits past the
 * caller's nr_bits are ignored; a map with no online node is -EINVAL; a
 * full map means "automatic".  Get: min(caller's, 8) bytes of the map,
 * the rest of the caller's bytes zero.  The affinity is recorded and
 * reported; Xenith places memory without it (no NUMA placement).
 */
static long node_affinity(struct domain *d, struct xen_domctl_nodeaffinity *na,
                          bool set)
{
    uint64_t map = handle(&na->nodemap.bitmap);
    unsigned int bytes = (na->nodemap.nr_bits + 7) / 8, n;
    uint8_t buf[8] = { 0 };
    uint64_t nodes = 0;

    n = bytes < sizeof(buf) ? bytes : sizeof(buf);
    if (set) {
        if (n && copy_from_guest(buf, map, n))
            return -EFAULT;
        if ((na->nodemap.nr_bits & 7) && n == bytes)
            buf[n - 1] &= (uint8_t) ~(0xffu << (na->nodemap.nr_bits & 7));
        for (unsigned int i = 0; i < sizeof(buf); i++)
            nodes |= (uint64_t)buf[i] << (8 * i);
        if (!(nodes & online_nodes()))
            return -EINVAL;
        spin_lock(&d->lock);
        d->pv.node_affinity_set = nodes != ~0ULL;
        d->pv.node_affinity = nodes;
        spin_unlock(&d->lock);
        return 0;
    }
    spin_lock(&d->lock);
    nodes = d->pv.node_affinity_set ? d->pv.node_affinity : 0;
    spin_unlock(&d->lock);
    if (!nodes)
        nodes = auto_nodes(d);
    for (unsigned int i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(nodes >> (8 * i));
    if (n && copy_to_guest(map, buf, n))
        return -EFAULT;
    for (unsigned int i = n; i < bytes; i++) {
        uint8_t z = 0;

        if (copy_to_guest(map + i, &z, 1))
            return -EFAULT;
    }
    return 0;
}

static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/*
 * The ext context of one vCPU (Xen 4.17): -ESRCH for a missing vCPU, the
 * calling vCPU (get) or the caller's own domain (set); set needs the
 * callbacks part (size), canonical callback addresses and MCG_CAP bits
 * the virtual machine check offers (else -EINVAL, nothing changed).
 */
static long ext_vcpucontext(struct domain *d,
                            struct xen_domctl_ext_vcpucontext *e, bool set)
{
    struct vcpu *v;
    uint64_t allowed = PV_MCG_BANKS;

    if (e->vcpu >= d->max_vcpus || !(v = d->vcpu[e->vcpu]))
        return -ESRCH;
    if (!set) {
        if (v == current)
            return -ESRCH;
        memset(&e->size, 0, sizeof(*e) - offsetof(typeof(*e), size));
        e->size = sizeof(*e);
        spin_lock(&d->lock);
        e->syscall32_callback_eip = v->pv.ext.syscall32_eip;
        e->syscall32_callback_cs = v->pv.ext.syscall32_cs;
        e->syscall32_disables_events = v->pv.ext.syscall32_mask;
        e->sysenter_callback_eip = v->pv.ext.sysenter_eip;
        e->sysenter_callback_cs = v->pv.ext.sysenter_cs;
        e->sysenter_disables_events = v->pv.ext.sysenter_mask;
        e->vmce.caps = v->pv.ext.mcg_cap;
        e->vmce.mci_ctl2_bank0 = v->pv.ext.mci_ctl2[0];
        e->vmce.mci_ctl2_bank1 = v->pv.ext.mci_ctl2[1];
        e->vmce.mcg_ext_ctl = v->pv.ext.mcg_ext_ctl;
        spin_unlock(&d->lock);
        return 0;
    }
    if (d == current->domain)
        return -ESRCH;
    if (e->size < offsetof(struct xen_domctl_ext_vcpucontext, vmce) ||
        !canonical(e->sysenter_callback_eip) ||
        !canonical(e->syscall32_callback_eip))
        return -EINVAL;
    if (!memcmp(boot_cpu.vendor, "GenuineIntel", 12))
        allowed |= PV_MCG_INTEL_CAPS | PV_MCG_LMCE_P;
    /* Bank count and MCG_CTL_P are the caller's choice. */
    if (e->vmce.caps & ~allowed & ~0xffULL & ~(1ULL << 8))
        return -EINVAL;
    spin_lock(&d->lock);
    v->pv.ext.syscall32_eip = e->syscall32_callback_eip;
    v->pv.ext.syscall32_cs = e->syscall32_callback_cs;
    v->pv.ext.syscall32_mask = e->syscall32_disables_events;
    v->pv.ext.sysenter_eip = e->sysenter_callback_eip;
    v->pv.ext.sysenter_cs = e->sysenter_callback_cs;
    v->pv.ext.sysenter_mask = e->sysenter_disables_events;
    v->pv.ext.mcg_cap = e->vmce.caps;
    v->pv.ext.mci_ctl2[0] = e->vmce.mci_ctl2_bank0;
    v->pv.ext.mci_ctl2[1] = e->vmce.mci_ctl2_bank1;
    v->pv.ext.mcg_ext_ctl = e->vmce.mcg_ext_ctl;
    spin_unlock(&d->lock);
    return 0;
}

/*
 * TSC modes (Xen 4.17): 0 default, 1 always emulate, 2 never emulate;
 * others -EINVAL; the caller's own domain -EINVAL.  A PV vCPU here always
 * reads the host's TSC: "never emulate" is what it gets, and "default"
 * too as long as the guest frequency is the host's.  Modes that need
 * RDTSC emulation (always, or default with another frequency) are
 * refused with -EOPNOTSUPP rather than recorded and not done.
 */
static long tsc_info(struct domain *d, struct xen_domctl_tsc_info *t, bool set)
{
    if (d == current->domain)
        return -EINVAL;
    if (set) {
        switch (t->tsc_mode) {
        case TSC_MODE_DEFAULT:
            if (t->gtsc_khz && t->gtsc_khz != (uint32_t)cpu_khz)
                return -EOPNOTSUPP;
            break;
        case TSC_MODE_NEVER_EMULATE:
            break;
        case TSC_MODE_ALWAYS_EMULATE:
            return -EOPNOTSUPP;
        default:
            return -EINVAL;
        }
        spin_lock(&d->lock);
        d->pv.tsc_mode = t->tsc_mode;
        d->pv.tsc_incarnation = t->incarnation;
        spin_unlock(&d->lock);
        return 0;
    }
    memset(t, 0, sizeof(*t));
    spin_lock(&d->lock);
    t->tsc_mode = d->pv.tsc_mode;
    t->incarnation = d->pv.tsc_incarnation + 1; /* creation counts */
    spin_unlock(&d->lock);
    if (t->tsc_mode == TSC_MODE_DEFAULT) {
        t->gtsc_khz = (uint32_t)cpu_khz;
        t->elapsed_nsec = (uint64_t)NOW();
    }
    return 0;
}

long domctl_misc_op(struct domain *d, struct xen_domctl *op)
{
    switch (op->cmd) {
    case XEN_DOMCTL_setnodeaffinity:
    case XEN_DOMCTL_getnodeaffinity:
        return node_affinity(d, &op->u.nodeaffinity,
                             op->cmd == XEN_DOMCTL_setnodeaffinity);
    case XEN_DOMCTL_settscinfo:
    case XEN_DOMCTL_gettscinfo:
        return tsc_info(d, &op->u.tsc_info, op->cmd == XEN_DOMCTL_settscinfo);
    case XEN_DOMCTL_set_address_size:
        return op->u.address_size.size == 64 ? 0 : -EINVAL;
    case XEN_DOMCTL_get_address_size:
        op->u.address_size.size = 64;
        return 0;
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
        return 0;
    case XEN_DOMCTL_hypercall_init:
        return hypercall_init(d, op->u.hypercall_init.gmfn);
    case XEN_DOMCTL_set_virq_handler:
        return evtchn_set_global_virq_handler(d, op->u.set_virq_handler.virq);
    case XEN_DOMCTL_getpageframeinfo3:
        return pageframeinfo3(d, &op->u.getpageframeinfo3);
    case XEN_DOMCTL_get_ext_vcpucontext:
    case XEN_DOMCTL_set_ext_vcpucontext:
        return ext_vcpucontext(d, &op->u.ext_vcpucontext,
                               op->cmd == XEN_DOMCTL_set_ext_vcpucontext);
    case XEN_DOMCTL_get_cpu_policy:
    case XEN_DOMCTL_set_cpu_policy:
        return pv_domctl_cpu_policy(d, op);
    default:
        return -ENOSYS;
    }
}
