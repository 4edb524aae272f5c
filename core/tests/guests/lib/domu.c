/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tiny PV domU built by dom0 through domctl, the way a toolstack does:
 * createdomain, max_vcpus, max_mem, populate_physmap, page tables and
 * code written through foreign mappings, setvcpucontext, unpause.  The
 * domU's only vCPU spins on `jmp .` at VA 0x400000, so it is always
 * runnable: a CPU competitor for scheduler tests.
 */
#include "guest.h"
#include "public/domctl.h"

#define DOMU_PAGES   6
#define DOMU_CODE_VA 0x400000UL

static uint8_t window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
xen_pfn_t domu_frames[DOMU_PAGES];
uint32_t domu_grant_opts = XEN_DOMCTL_GRANT_version(1);

long guest_domctl(struct xen_domctl *d)
{
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_domctl, d, 0, 0, 0, 0);
}

long domu_map(void *va, domid_t dom, uint64_t mfn, uint64_t flags)
{
    return HC(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)va,
              (mfn << 12) | flags, UVMF_INVLPG, dom, 0);
}

xen_pfn_t domu_grant_frame(domid_t dom)
{
    struct gnttab_setup_table st = { .dom = dom, .nr_frames = 1 };
    xen_pfn_t frame = 0;

    set_xen_guest_handle(st.frame_list, &frame);
    CHECK_RC(hc_grant_table_op(GNTTABOP_setup_table, &st, 1), 0, "setup_table");
    CHECK(st.status == GNTST_okay && frame, "setup_table d%u: status %d", dom,
          st.status);
    return frame;
}

void domu_set_paused(domid_t dom, bool pause)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.cmd = pause ? XEN_DOMCTL_pausedomain : XEN_DOMCTL_unpausedomain;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0,
             pause ? "pausedomain of a domU" : "unpausedomain of a domU");
}

xen_pfn_t domu_image_frame(const xen_pfn_t *frames, const void *va)
{
    return frames[((uint64_t)va - (uint64_t)_image_start) >> 12];
}

/* Map frame mfn of domain dom at `window`, writable. */
static void map_foreign(domid_t dom, uint64_t mfn)
{
    long rc = domu_map(window, dom, mfn, PTE_P | PTE_RW | PTE_A | PTE_D);

    if (rc)
        guest_fail("foreign mapping of d%u frame %lx returned %ld", dom, mfn,
                   rc);
}

long domu_create(domid_t *dom, uint32_t max_memkb, uint32_t maptrack_frames)
{
    struct xen_domctl d;
    long rc;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_createdomain;
    d.domain = 0; /* pick a free id */
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_evtchn_port = 1023;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.max_maptrack_frames = maptrack_frames;
    d.u.createdomain.grant_opts = domu_grant_opts;
    rc = guest_domctl(&d);
    if (rc)
        return rc;
    *dom = d.domain;
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_max_vcpus;
    d.domain = *dom;
    d.u.max_vcpus.max = 1;
    CHECK_RC(guest_domctl(&d), 0, "domU max_vcpus");
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_max_mem;
    d.domain = *dom;
    d.u.max_mem.max_memkb = max_memkb;
    CHECK_RC(guest_domctl(&d), 0, "domU max_mem");
    return 0;
}

/* Fill the domU's frames: L4, L3, L2, L1, code, stack. */
static void write_image(domid_t dom, const xen_pfn_t *f)
{
    uint64_t *t = (uint64_t *)window;
    const uint64_t tf = PTE_P | PTE_RW | PTE_US | PTE_A;

    for (int i = 0; i < DOMU_PAGES; i++) {
        map_foreign(dom, f[i]);
        gmemset(window, 0, PAGE_SIZE);
        switch (i) {
        case 0: /* L4[0] -> L3 */
        case 1: /* L3[0] -> L2 */
            t[0] = (f[i + 1] << 12) | tf;
            break;
        case 2: /* L2 slot of the code VA -> L1 */
            t[(DOMU_CODE_VA >> 21) & 511] = (f[3] << 12) | tf;
            break;
        case 3: /* L1: code read-only, then the stack */
            t[0] = (f[4] << 12) | PTE_P | PTE_US | PTE_A;
            t[1] = (f[5] << 12) | tf | PTE_D;
            break;
        case 4:
            window[0] = 0xeb; /* jmp . */
            window[1] = 0xfe;
            break;
        }
    }
    set_page_rw(window); /* drop the last foreign mapping */
}

long domu_start_spinner(domid_t *out)
{
    static vcpu_guest_context_t ctxt;
    xen_pfn_t f[DOMU_PAGES];
    struct xen_memory_reservation r;
    struct xen_domctl d;
    domid_t dom;
    long rc = domu_create(&dom, 1024, 0);

    if (rc)
        return rc;
    for (int i = 0; i < DOMU_PAGES; i++)
        f[i] = (xen_pfn_t)i;
    gmemset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, f);
    r.nr_extents = DOMU_PAGES;
    r.domid = dom;
    CHECK_RC(hc_memory_op(XENMEM_populate_physmap, &r), DOMU_PAGES,
             "populate domU memory");
    write_image(dom, f);
    gmemcpy(domu_frames, f, sizeof(f));

    gmemset(&ctxt, 0, sizeof(ctxt));
    ctxt.flags = VGCF_in_kernel | VGCF_online;
    ctxt.user_regs.rip = DOMU_CODE_VA;
    ctxt.user_regs.rsp = DOMU_CODE_VA + 2 * PAGE_SIZE;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = 0x200;
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(f[0]);
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_setvcpucontext;
    d.domain = dom;
    d.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, &ctxt);
    CHECK_RC(guest_domctl(&d), 0, "domU setvcpucontext");
    *out = dom;
    return 0;
}

/* Grant ref in dom's table: its frame mfn, to dom0 (through setup_table
 * for dom and a foreign mapping of its first table frame). */
void domu_grant_to_dom0(domid_t dom, grant_ref_t ref, uint64_t mfn,
                        bool readonly)
{
    grant_entry_v1_t *gt = (grant_entry_v1_t *)window;

    CHECK_RC(domu_map(window, dom, domu_grant_frame(dom),
                      PTE_P | PTE_RW | PTE_A | PTE_D),
             0, "map the domU's grant table frame");
    gt[ref].domid = 0;
    gt[ref].frame = (uint32_t)mfn;
    barrier();
    gt[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
    set_page_rw(window);
}

long domu_destroy(domid_t dom)
{
    struct xen_domctl d;

    domu_set_paused(dom, true);
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_destroydomain;
    d.domain = dom;
    return guest_domctl(&d);
}

/*
 * A paused 1-vCPU PV domU running a copy of this very image at the same
 * virtual addresses: frames 0..n-1 hold the image as it is now (so the
 * caller's globals are the domU's initial data), followed by the L4, L3,
 * L2 and L1 tables.  The hypercall page is written by
 * XEN_DOMCTL_hypercall_init; no start_info, shared_info, trap table or
 * event callback exists, so the entry may only make hypercalls and touch
 * its own image.  frames[] receives every frame (image pfn -> mfn first).
 */
long domu_start_image(void (*entry)(void), void *stack_top, domid_t *out,
                      xen_pfn_t *frames, unsigned int max_frames)
{
    static vcpu_guest_context_t ctxt;
    const uint64_t tf = PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D;
    unsigned int n = (unsigned int)((_image_end - _image_start) / PAGE_SIZE);
    unsigned int nl1 = (n + 511) / 512, total = n + 3 + nl1;
    uint64_t *t = (uint64_t *)window;
    struct xen_memory_reservation r;
    struct xen_domctl d;
    domid_t dom;
    long rc;

    if (total > max_frames)
        return -XEN_ENOMEM;
    rc = domu_create(&dom, (total + 16) * 4, 1);
    if (rc)
        return rc;
    for (unsigned int i = 0; i < total; i++)
        frames[i] = i;
    gmemset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, frames);
    r.nr_extents = total;
    r.domid = dom;
    CHECK_RC(hc_memory_op(XENMEM_populate_physmap, &r), total,
             "populate the image domU");
    for (unsigned int i = 0; i < n; i++) {
        map_foreign(dom, frames[i]);
        gmemcpy(window, _image_start + i * PAGE_SIZE, PAGE_SIZE);
    }
    for (unsigned int i = n; i < total; i++) {
        map_foreign(dom, frames[i]);
        gmemset(window, 0, PAGE_SIZE);
        if (i == n) /* L4: the slot of GUEST_VIRT_BASE */
            t[(GUEST_VIRT_BASE >> 39) & 511] = (frames[n + 1] << 12) | tf;
        else if (i == n + 1) /* L3 */
            t[(GUEST_VIRT_BASE >> 30) & 511] = (frames[n + 2] << 12) | tf;
        else if (i == n + 2) { /* L2: one entry per L1 */
            for (unsigned int j = 0; j < nl1; j++)
                t[((GUEST_VIRT_BASE >> 21) & 511) + j] =
                    (frames[n + 3 + j] << 12) | tf;
        } else { /* L1 number i - n - 3 */
            unsigned int first = (i - n - 3) * 512;
            for (unsigned int k = 0; k < 512 && first + k < n; k++)
                t[k] = (frames[first + k] << 12) | tf;
        }
    }
    set_page_rw(window);

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_hypercall_init;
    d.domain = dom;
    d.u.hypercall_init.gmfn = frames[(hypercall_page - _image_start) >> 12];
    CHECK_RC(guest_domctl(&d), 0, "hypercall_init of the image domU");

    gmemset(&ctxt, 0, sizeof(ctxt));
    ctxt.flags = VGCF_in_kernel | VGCF_online;
    ctxt.user_regs.rip = (uint64_t)entry;
    ctxt.user_regs.rsp = (uint64_t)stack_top - 8;
    ctxt.user_regs.cs = FLAT_KERNEL_CS;
    ctxt.user_regs.ss = FLAT_KERNEL_SS;
    ctxt.user_regs.rflags = 0x200;
    ctxt.kernel_ss = FLAT_KERNEL_SS;
    ctxt.kernel_sp = ctxt.user_regs.rsp;
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(frames[n]);
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_setvcpucontext;
    d.domain = dom;
    d.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, &ctxt);
    CHECK_RC(guest_domctl(&d), 0, "image domU setvcpucontext");
    *out = dom;
    return 0;
}
