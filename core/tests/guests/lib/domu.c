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

long guest_domctl(struct xen_domctl *d)
{
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return HC(__HYPERVISOR_domctl, d, 0, 0, 0, 0);
}

/* Map frame mfn of domain dom at `window`, writable. */
static void map_foreign(domid_t dom, uint64_t mfn)
{
    long rc =
        HC(__HYPERVISOR_update_va_mapping_otherdomain, (uint64_t)window,
           (mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D, UVMF_INVLPG, dom, 0);
    if (rc)
        guest_fail("foreign mapping of d%u frame %lx returned %ld", dom, mfn,
                   rc);
}

static long create(domid_t *dom)
{
    struct xen_domctl d;
    long rc;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_createdomain;
    d.domain = 0; /* pick a free id */
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_evtchn_port = 1023;
    d.u.createdomain.max_grant_frames = 1;
    d.u.createdomain.max_maptrack_frames = 0;
    d.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
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
    d.u.max_mem.max_memkb = 1024;
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
    long rc = create(&dom);

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

long domu_destroy(domid_t dom)
{
    struct xen_domctl d;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_pausedomain;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0, "pause domU");
    d.cmd = XEN_DOMCTL_destroydomain;
    return guest_domctl(&d);
}
