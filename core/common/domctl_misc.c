/*
 * domctl sub-ops a toolstack's PV domain builder issues besides the core
 * ones (common/domctl.c):
 *   setnodeaffinity / getnodeaffinity  one NUMA node: the map is node 0
 *   settscinfo / gettscinfo            the TSC mode is recorded (PV guests
 *                                      always read the native TSC)
 *   set_address_size / get_address_size  64 (32-bit PV is not supported:
 *                                      -EINVAL)
 *   setdomainhandle                    the UUID getdomaininfo reports
 *   hypercall_init                     write the hypercall page into a
 *                                      writable frame of the domain
 *                                      (-EINVAL not its frame, -EPERM a
 *                                      page table or descriptor page)
 *   set_virq_handler                   route a global VIRQ to the domain
 *   getpageframeinfo3                  page-table type of each frame
 *   set/get_ext_vcpucontext            no 32-bit callbacks: size only
 *   get/set_cpu_policy                 pv/cpu_policy.c
 * Unknown commands -ENOSYS.
 */
#include <public/domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/event.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/time.h>

long domctl_misc_op(struct domain *d, struct xen_domctl *op);

#define HYPERCALL_STUB_SIZE 32
#define HYPERCALL_IRET      23

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

static long node_affinity(struct xen_domctl_nodeaffinity *na, bool set)
{
    uint64_t map = handle(&na->nodemap.bitmap);
    unsigned int bytes = (na->nodemap.nr_bits + 7) / 8;
    uint8_t b = 1;

    if (set || !map || !bytes)
        return 0; /* one node: every non-empty map means node 0 */
    if (copy_to_guest(map, &b, 1))
        return -EFAULT;
    for (unsigned int i = 1; i < bytes && i < 64; i++) {
        uint8_t z = 0;

        if (copy_to_guest(map + i, &z, 1))
            return -EFAULT;
    }
    return 0;
}

long domctl_misc_op(struct domain *d, struct xen_domctl *op)
{
    switch (op->cmd) {
    case XEN_DOMCTL_setnodeaffinity:
    case XEN_DOMCTL_getnodeaffinity:
        return node_affinity(&op->u.nodeaffinity,
                             op->cmd == XEN_DOMCTL_setnodeaffinity);
    case XEN_DOMCTL_settscinfo:
        d->pv.tsc_mode = op->u.tsc_info.tsc_mode;
        return 0;
    case XEN_DOMCTL_gettscinfo:
        memset(&op->u.tsc_info, 0, sizeof(op->u.tsc_info));
        op->u.tsc_info.tsc_mode = d->pv.tsc_mode;
        op->u.tsc_info.gtsc_khz = (uint32_t)cpu_khz;
        op->u.tsc_info.elapsed_nsec = (uint64_t)NOW();
        return 0;
    case XEN_DOMCTL_set_address_size:
        return op->u.address_size.size == 64 ? 0 : -EINVAL;
    case XEN_DOMCTL_get_address_size:
        op->u.address_size.size = 64;
        return 0;
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->pv.handle, op->u.setdomainhandle.handle,
               sizeof(d->pv.handle));
        return 0;
    case XEN_DOMCTL_hypercall_init:
        return hypercall_init(d, op->u.hypercall_init.gmfn);
    case XEN_DOMCTL_set_virq_handler:
        return evtchn_set_global_virq_handler(d, op->u.set_virq_handler.virq);
    case XEN_DOMCTL_getpageframeinfo3:
        return pageframeinfo3(d, &op->u.getpageframeinfo3);
    case XEN_DOMCTL_get_ext_vcpucontext:
        if (op->u.ext_vcpucontext.vcpu >= d->max_vcpus)
            return -ESRCH;
        memset(&op->u.ext_vcpucontext.syscall32_callback_eip, 0,
               sizeof(op->u.ext_vcpucontext) -
                   offsetof(struct xen_domctl_ext_vcpucontext,
                            syscall32_callback_eip));
        op->u.ext_vcpucontext.size = sizeof(op->u.ext_vcpucontext);
        return 0;
    case XEN_DOMCTL_set_ext_vcpucontext:
        if (op->u.ext_vcpucontext.vcpu >= d->max_vcpus)
            return -ESRCH;
        return 0; /* nothing beyond the 64-bit context is kept */
    case XEN_DOMCTL_get_cpu_policy:
    case XEN_DOMCTL_set_cpu_policy:
        return pv_domctl_cpu_policy(d, op);
    default:
        return -ENOSYS;
    }
}
