/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dom0 construction at the end of boot: the first boot module is the
 * kernel (ELF or bzImage), the second, if any, the initial ramdisk.
 * Frames come from the heap and are given to dom0 (owner, PGC_allocated,
 * one allocation reference); the PV builder writes the image; the PV MMU
 * then validates and pins the boot page tables (which types every table
 * and every writable page through their entries); shared_info is a
 * hypervisor page shared with dom0; vCPU 0 is made runnable in guest
 * kernel mode with the builder's registers.
 *
 * Any failure here is fatal: without dom0 the machine has nothing to run.
 */
#include <public/features.h>
#include <xenith/bootinfo.h>
#include <xenith/console.h>
#include <xenith/dom0.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/loader.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/asm/pv/build.h>
#include <xenith/asm/pv/domain.h>
#include <xenith/smp.h>
#include <xenith/time.h>

extern const char *dom0_cmdline_extra;

/* Features the hypervisor offers a PV kernel (checked against the
 * kernel's required ones, as Xen's dom0 builder does). */
#define PV_HV_FEATURES                                                        \
    ((1U << XENFEAT_writable_page_tables) |                                   \
     (1U << XENFEAT_writable_descriptor_tables) |                             \
     (1U << XENFEAT_pae_pgdir_above_4gb) |                                    \
     (1U << XENFEAT_mmu_pt_update_preserve_ad) |                              \
     (1U << XENFEAT_highmem_assist) | (1U << XENFEAT_gnttab_map_avail_bits) | \
     (1U << XENFEAT_dom0))

/* Largest decompressed kernel accepted. */
#define DOM0_KERNEL_MAX (256UL << 20)

struct dom0_mem {
    uint64_t *p2m; /* pfn -> mfn */
    uint64_t nr;
};

static void *dec_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return xmalloc_bytes(size);
}

static void dec_free(void *ctx, void *p)
{
    (void)ctx;
    xfree(p);
}

static const struct decompress_alloc dom0_dec_alloc = { dec_alloc, dec_free,
                                                        NULL };

static void *mem_map(void *ctx, uint64_t mfn)
{
    (void)ctx;
    return __va(mfn << PAGE_SHIFT);
}

static void mem_unmap(void *ctx, void *va)
{
    (void)ctx;
    (void)va;
}

static uint64_t mem_pfn_to_mfn(void *ctx, uint64_t pfn)
{
    struct dom0_mem *m = ctx;

    return pfn < m->nr ? m->p2m[pfn] : PV_BUILD_INVALID_MFN;
}

static void mem_set_m2p(void *ctx, uint64_t mfn, uint64_t pfn)
{
    (void)ctx;
    set_gpfn_from_mfn(mfn, pfn);
}

static void mem_init_l4(void *ctx, uint64_t *l4, uint64_t l4_mfn)
{
    (void)ctx;
    pv_mm_arch_init_xen_l4_slots(l4, l4_mfn);
}

void pv_assign_page(struct domain *d, struct page_info *pg)
{
    pg->u.type_info = 0;
    __atomic_store_n(&pg->owner, d->domain_id, __ATOMIC_RELEASE);
    __atomic_store_n(&pg->count_info, PGC_state_inuse | PGC_allocated | 1,
                     __ATOMIC_RELEASE);
    pv_page_list_add(d, pg);
}

/* Dom0's size in pages: dom0_mem, else all free memory but 1/16 (at
 * least 128 MiB kept), within min:/max:. */
static uint64_t dom0_nr_pages(void)
{
    uint64_t avail = heap_free_pages(), keep, nr;

    keep = avail / 16;
    if (keep < (128UL << 20) >> PAGE_SHIFT)
        keep = (128UL << 20) >> PAGE_SHIFT;
    if (dom0_opts.mem && dom0_opts.mem_all_but)
        keep = dom0_opts.mem >> PAGE_SHIFT;
    nr = avail > keep ? avail - keep : avail / 2;
    if (dom0_opts.mem && !dom0_opts.mem_all_but)
        nr = dom0_opts.mem >> PAGE_SHIFT;
    if (dom0_opts.mem_min && nr < dom0_opts.mem_min >> PAGE_SHIFT)
        nr = dom0_opts.mem_min >> PAGE_SHIFT;
    if (dom0_opts.mem_max && nr > dom0_opts.mem_max >> PAGE_SHIFT)
        nr = dom0_opts.mem_max >> PAGE_SHIFT;
    if (nr + 4096 > avail)
        panic("dom0_mem: %llu MiB asked, %llu MiB free",
              (unsigned long long)(nr >> 8), (unsigned long long)(avail >> 8));
    return nr;
}

/*
 * Allocate nr frames for d, 2 MiB blocks first.  They are not cleared:
 * the builder zeroes every frame of the layout it does not fill (kernel
 * extent, start info, page tables, stack), and, as with Xen 4.17 (which
 * populates dom0 without scrubbing), the rest reaches dom0 as it was.
 * Clearing all of dom0's memory took seconds under an emulator.
 */
static void alloc_dom0_frames(struct domain *d, struct dom0_mem *m)
{
    uint64_t pfn = 0;

    m->p2m = xmalloc_bytes(m->nr * sizeof(uint64_t));
    if (!m->p2m)
        panic("dom0: no memory for its p2m (%llu pages)",
              (unsigned long long)m->nr);
    while (pfn < m->nr) {
        unsigned int order = 9;
        struct page_info *pg;

        while (order && (1UL << order) > m->nr - pfn)
            order--;
        while (!(pg = alloc_heap_pages_unscrubbed(order)) && order)
            order--;
        if (!pg)
            panic("dom0: out of memory after %llu pages",
                  (unsigned long long)pfn);
        if (!pv_assign_pages(d, pg, 1UL << order, false))
            panic("dom0: cannot assign its frames");
        for (unsigned long i = 0; i < (1UL << order); i++)
            m->p2m[pfn++] = page_to_pfn(&pg[i]);
    }
    d->max_pages = m->nr;
}

/* The shared_info page: a hypervisor page the domain may map writable. */
int pv_make_shared_info(struct domain *d)
{
    struct shared_info *si = alloc_zeroed_page();
    struct page_info *pg;

    if (!si)
        return -ENOMEM;
    pg = virt_to_page(si);
    pg->owner = d->domain_id;
    pg->u.type_info = PGT_writable_page | PGT_validated | 1;
    __atomic_store_n(&pg->count_info,
                     PGC_state_inuse | PGC_xen_heap | PGC_allocated | 1,
                     __ATOMIC_RELEASE);
    for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        si->vcpu_info[i].evtchn_upcall_mask = 1;
    d->pv.shared_info = si;
    d->pv.shared_info_mfn = page_to_pfn(pg);
    /* The wall clock from the start, as Xen's new domains have it (a
     * resumed guest adds the time between two domains' clocks as its
     * time asleep). */
    pv_set_time_offset(d, 0);
    return 0;
}

static unsigned int dom0_vcpus(void)
{
    unsigned int n =
        dom0_opts.max_vcpus ? dom0_opts.max_vcpus : num_online_cpus();

    if (n < dom0_opts.min_vcpus)
        n = dom0_opts.min_vcpus;
    if (n > PV_MAX_VCPUS)
        n = PV_MAX_VCPUS;
    return n ? n : 1;
}

/* Open the kernel module and describe it for the builder. */
static void open_kernel(struct kernel_image *ki, struct pv_build_segment *segs,
                        struct pv_build_kernel *k)
{
    const struct boot_module *mod = &boot_info.modules[0];
    int rc;

    rc = kernel_image_open(ki, __va(mod->start), mod->size, &dom0_dec_alloc,
                           DOM0_KERNEL_MAX);
    if (rc)
        panic("dom0: kernel module not usable (%d)", rc);
    if ((rc = kernel_image_check_xen_pv(ki)) ||
        (rc = pv_build_kernel_from_image(ki, segs, PV_BUILD_MAX_SEGS, k)))
        panic("dom0: not a PV kernel (%d)", rc);
}

/* Dom0's command line: the module's, minus its first word (the image
 * name), then what followed " -- " on the hypervisor's. */
static const char *dom0_cmdline(char *buf, size_t size)
{
    const char *s = boot_info.modules[0].cmdline;
    const char *sp = strchr(s, ' ');

    s = sp ? sp + 1 : "";
    snprintf(buf, size, "%s%s%s", s,
             dom0_cmdline_extra && *s && *dom0_cmdline_extra ? " " : "",
             dom0_cmdline_extra ? dom0_cmdline_extra : "");
    return buf;
}

/* Type the boot page tables (pin the L4) and start vCPU 0. */
static void start_vcpu0(struct domain *d, const struct pv_build_result *res)
{
    struct vcpu *v = d->vcpu[0];
    int rc;

    rc = pv_pin_table(res->l4_mfn, 4, d->domain_id);
    if (rc)
        panic("dom0: boot page tables rejected by the PV MMU (%d)", rc);
    rc = pv_new_baseptr(&v->pv.mm, res->l4_mfn);
    if (rc)
        panic("dom0: cannot install its L4 (%d)", rc);
    v->pv.regs = res->regs;
    v->pv.kernel_mode = true;
    v->pv.initialised = true;
    v->up = true;
    pv_vcpu_timers_start(v);
    sched_unit_wake(&v->sched);
}

void pv_construct_dom0(void)
{
    static struct pv_build_segment segs[PV_BUILD_MAX_SEGS];
    static char cmdline[1024];
    struct kernel_image ki;
    struct pv_build_kernel k;
    struct pv_build_params p = { 0 };
    struct pv_build_layout l;
    struct pv_build_input in = { 0 };
    struct pv_build_result res;
    struct dom0_mem m;
    struct pv_build_mem mem = { &m,          mem_map,
                                mem_unmap,   mem_pfn_to_mfn,
                                mem_set_m2p, mem_init_l4 };
    struct domain *d;
    unsigned int nv = dom0_vcpus();
    s_time_t t[6];
    int rc;

    if (!boot_info.nr_modules) {
        printk("No dom0 kernel given: nothing to run\n");
        return;
    }
    t[0] = NOW();
    open_kernel(&ki, segs, &k);
    t[1] = NOW();
    p.kernel = &k;
    p.nr_pages = m.nr = dom0_nr_pages();
    p.initrd_len = boot_info.nr_modules > 1 ? boot_info.modules[1].size : 0;
    p.is_dom0 = true;
    p.hv_features = PV_HV_FEATURES;
    if ((rc = pv_build_layout(&p, &l)))
        panic("dom0: no layout for this kernel (%d)", rc);
    if ((rc = domain_create(0, nv, true, &d)))
        panic("dom0: domain_create failed (%d)", rc);
    for (unsigned int i = 0; i < nv; i++)
        if ((rc = vcpu_create(d, i, i % num_online_cpus())))
            panic("dom0: vcpu_create %u failed (%d)", i, rc);
    printk("Dom0: %llu MiB, %u vCPUs\n", (unsigned long long)(m.nr >> 8), nv);
    d->pv.page_head = PAGE_LIST_NULL;
    t[2] = NOW();
    alloc_dom0_frames(d, &m);
    t[3] = NOW();
    if (pv_make_shared_info(d))
        panic("dom0: no memory for shared_info");
    if ((rc = pv_domain_init_common(d, EVTCHN_MAX_PORTS - 1)))
        panic("dom0: domain state (%d)", rc);
    in.initrd = p.initrd_len ? __va(boot_info.modules[1].start) : NULL;
    in.cmdline = dom0_cmdline(cmdline, sizeof(cmdline));
    in.shared_info_maddr = (uint64_t)d->pv.shared_info_mfn << PAGE_SHIFT;
    in.pm_bits = 3; /* XEN_PROCESSOR_PM_CX | XEN_PROCESSOR_PM_PX */
    pv_build_print_layout(&l);
    if ((rc = pv_build_image(&l, &k, &in, &mem, &res)))
        panic("dom0: building the image failed (%d)", rc);
    t[4] = NOW();
    kernel_image_close(&ki, &dom0_dec_alloc);
    xfree(m.p2m);
    start_vcpu0(d, &res);
    t[5] = NOW();
    printk(
        XENLOG_INFO "Dom0 build: decompress %lld ms, setup %lld ms, "
                    "memory %lld ms, image %lld ms, page tables %lld ms, "
                    "total %lld ms\n",
        (long long)(t[1] - t[0]) / 1000000, (long long)(t[2] - t[1]) / 1000000,
        (long long)(t[3] - t[2]) / 1000000, (long long)(t[4] - t[3]) / 1000000,
        (long long)(t[5] - t[4]) / 1000000, (long long)(t[5] - t[0]) / 1000000);
    printk("Dom0 started: entry %#llx, start_info %#llx\n",
           (unsigned long long)res.regs.rip, (unsigned long long)res.regs.rsi);
    console_set_input_to_xen(false); /* serial input now goes to dom0 */
}
