/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 PV domctl commands of the domain lifecycle and of a toolstack's PV
 * builder:
 *   createdomain / destroydomain / pausedomain / unpausedomain (pv/domu.c)
 *   settimeoffset                      the guest's wallclock offset
 *   hypercall_init                     write the hypercall page into a
 *                                      writable frame of the domain
 *                                      (-EINVAL not its frame, -EPERM a
 *                                      page table or descriptor page)
 *   getpageframeinfo3                  page-table type of each frame
 *   set_address_size / get_address_size  64 (32-bit PV is not supported:
 *                                      -EINVAL)
 *   settscinfo / gettscinfo            TSC mode and incarnation (PV guests
 *                                      read the native TSC: modes needing
 *                                      emulation -EOPNOTSUPP)
 *   get/set_cpu_policy                 pv/cpu_policy.c
 */
#include <public/domctl.h>
#include <xenith/arch_domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/asm/current.h>
#include <xenith/time.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/hvm/hvm.h>

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

long arch_domctl_createdomain(struct domain *d, struct xen_domctl *op)
{
    domid_t id = op->domain;
    int rc = (op->u.createdomain.flags & XEN_DOMCTL_CDF_hvm)
                 ? hvm_domu_create(&op->u.createdomain, &id)
                 : pv_domu_create(&op->u.createdomain, &id);

    op->domain = id;
    return rc;
}

/* Destruction in stages: re-issued while it has more to do, or carried
 * on here inside a multicall. */
long arch_domctl_destroydomain(struct domain *d, struct xen_domctl *op)
{
    long rc;

    while ((rc = pv_domu_destroy(d)) == -ERESTART)
        if (!hypercall_in_multicall())
            return HYPERCALL_RESTART;
    return rc;
}

long arch_domctl_pausedomain(struct domain *d, struct xen_domctl *op)
{
    return pv_domain_pause(d);
}

long arch_domctl_unpausedomain(struct domain *d, struct xen_domctl *op)
{
    return pv_domain_unpause(d);
}

long arch_domctl_settimeoffset(struct domain *d, struct xen_domctl *op)
{
    pv_set_time_offset(d, op->u.settimeoffset.time_offset_seconds);
    return 0;
}

unsigned long arch_domain_shared_info_frame(const struct domain *d)
{
    return d->pv.shared_info_mfn;
}

/* As Xen 4.17 for PV: the guest's own max_pfn in shared_info, less one
 * (0 before the guest writes it). */
unsigned long arch_domain_max_gpfn(const struct domain *d)
{
    if (d->is_hvm)
        return d->hvm.max_gfn; /* the highest gfn its p2m has mapped */
    uint64_t max =
        d->pv.shared_info ? READ_ONCE(d->pv.shared_info->arch.max_pfn) : 0;

    return (unsigned long)(max ? max : 1) - 1;
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

long arch_domctl_hypercall_init(struct domain *d, struct xen_domctl *op)
{
    return hypercall_init(d, op->u.hypercall_init.gmfn);
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
        f = frame_info(d, f); /* the type alone replaces the frame (4.17) */
        if (copy_to_guest(list, &f, sizeof(f)))
            return -EFAULT;
    }
    return 0;
}

long arch_domctl_getpageframeinfo3(struct domain *d, struct xen_domctl *op)
{
    return pageframeinfo3(d, &op->u.getpageframeinfo3);
}

long arch_domctl_address_size(struct domain *d, struct xen_domctl *op)
{
    if (op->cmd == XEN_DOMCTL_set_address_size)
        return op->u.address_size.size == 64 ? 0 : -EINVAL;
    op->u.address_size.size = 64;
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

long arch_domctl_tscinfo(struct domain *d, struct xen_domctl *op)
{
    return tsc_info(d, &op->u.tsc_info, op->cmd == XEN_DOMCTL_settscinfo);
}

long arch_domctl_cpu_policy(struct domain *d, struct xen_domctl *op)
{
    return pv_domctl_cpu_policy(d, op);
}
