/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV domain builder, step 2: write the image a layout describes into the
 * domain's frames and produce vCPU 0's start state.
 *
 * Everything is checked before the first frame is written (the layout
 * against the kernel, the inputs, a frame behind every pfn); after that
 * the only possible failure is the caller's map() refusing a frame.
 */
#include <public/features.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/asm/pv/build.h>

#include "dom_build_private.h"

/* Slot of the iret hypercall: it does not return, so its stub differs. */
#define PV_HYPERCALL_IRET 23

/* Check the inputs of pv_build_image() before anything is written. */
static int check_input(const struct pv_build_layout *l,
                       const struct pv_build_kernel *k,
                       const struct pv_build_input *in,
                       const struct pv_build_mem *m)
{
    uint64_t pstart = ~(uint64_t)0, pfn, mfn;
    unsigned int i;

    if (!l || !k || !in || !m || !m->map || !m->unmap || !m->pfn_to_mfn ||
        !m->set_m2p || !k->segs || !k->nr_segs ||
        k->nr_segs > PV_BUILD_MAX_SEGS || l->nr_pages == 0 ||
        l->pages_used > l->nr_pages || l->nr_mapped > l->nr_pages)
        return -EINVAL;
    for (i = 0; i < k->nr_segs; i++)
        pstart = MIN(pstart, k->segs[i].paddr);
    for (i = 0; i < k->nr_segs; i++) {
        uint64_t at = k->segs[i].paddr - pstart;
        uint64_t size = l->vkern_end - l->vkern_start;

        /* A kernel other than the one this layout was made for. */
        if (at > size || k->segs[i].memsz > size - at ||
            k->segs[i].filesz > k->segs[i].memsz)
            return -EINVAL;
    }
    if (!l->is_dom0 && (!in->store_evtchn || !in->cons_evtchn)) {
        printk(XENLOG_ERR "pv_build: a domU needs xenstore and console "
                          "event channels\n");
        return -EINVAL;
    }
    for (pfn = 0; pfn < l->nr_pages; pfn++)
        if (pv_build_mfn(l, m, pfn, &mfn)) {
            printk(XENLOG_ERR "pv_build: pfn %#llx has no frame\n",
                   (unsigned long long)pfn);
            return -EFAULT;
        }
    return 0;
}

/* Write the byte range [va, va + len) of the initial mapping. */
static int write_va(const struct pv_build_layout *l,
                    const struct pv_build_mem *m, uint64_t va, const void *src,
                    uint64_t len)
{
    return pv_build_write(l, m, 0, va - l->v_start, src, len);
}

/* Zero the kernel's extent, then copy each segment's file bytes; the bss
 * (memsz past filesz) and any gaps stay zero. */
static int load_kernel(const struct pv_build_layout *l,
                       const struct pv_build_kernel *k,
                       const struct pv_build_mem *m)
{
    uint64_t pstart = ~(uint64_t)0;
    unsigned int i;
    int rc;

    if ((rc = write_va(l, m, l->vkern_start, NULL,
                       l->vkern_end - l->vkern_start)))
        return rc;
    for (i = 0; i < k->nr_segs; i++)
        pstart = MIN(pstart, k->segs[i].paddr);
    for (i = 0; i < k->nr_segs; i++) {
        const struct pv_build_segment *s = &k->segs[i];

        if (s->filesz &&
            (rc = write_va(l, m, l->vkern_start + (s->paddr - pstart), s->data,
                           s->filesz)))
            return rc;
    }
    return 0;
}

/*
 * Fill the hypercall page: int3 everywhere, then 128 32-byte stubs that
 * enter the hypervisor with syscall (push %rcx; push %r11; mov $N, %eax;
 * syscall; pop %r11; pop %rcx; ret).  Slot 23 (iret) is jumped to, not
 * called, and never returns: push %rcx; push %r11; push %rax; mov $23,
 * %eax; syscall.
 */
static int write_hypercall_page(const struct pv_build_layout *l,
                                const struct pv_build_mem *m)
{
    uint64_t mfn, pfn = (l->hypercall_page - l->v_start) >> PV_PAGE_SHIFT;
    uint8_t *page, *p;
    unsigned int i;
    int rc;

    if ((rc = pv_build_mfn(l, m, pfn, &mfn)))
        return rc;
    if (!(page = m->map(m->ctx, mfn)))
        return -EFAULT;
    memset(page, 0xcc, PV_PAGE_SIZE);
    for (i = 0; i < XEN_HYPERCALL_PAGE_SLOTS; i++) {
        p = page + i * XEN_HYPERCALL_STUB_SIZE;
        *p++ = 0x51;              /* push %rcx */
        *p++ = 0x41, *p++ = 0x53; /* push %r11 */
        if (i == PV_HYPERCALL_IRET)
            *p++ = 0x50; /* push %rax */
        *p++ = 0xb8;     /* mov $i, %eax */
        *p++ = i & 0xff, *p++ = 0, *p++ = 0, *p++ = 0;
        *p++ = 0x0f, *p++ = 0x05; /* syscall */
        if (i == PV_HYPERCALL_IRET)
            continue;
        *p++ = 0x41, *p++ = 0x5b; /* pop %r11 */
        *p++ = 0x59;              /* pop %rcx */
        *p++ = 0xc3;              /* ret */
    }
    m->unmap(m->ctx, page);
    return 0;
}

/* Fill the start_info page (already zeroed). */
static void fill_start_info(const struct pv_build_layout *l,
                            const struct pv_build_input *in,
                            struct pv_build_result *res, struct start_info *si)
{
    strlcpy(si->magic,
            l->is_dom0 && l->pae ? "xen-3.0-x86_64p" : "xen-3.0-x86_64",
            sizeof(si->magic));
    si->nr_pages = l->nr_pages;
    si->shared_info = in->shared_info_maddr;
    if (l->is_dom0)
        si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN |
                    ((in->pm_bits << 8) & SIF_PM_MASK);
    if (l->initrd_len && !l->initrd_mapped)
        si->flags |= SIF_MOD_START_PFN;
    if (!l->is_dom0) {
        si->store_mfn = res->store_mfn;
        si->store_evtchn = in->store_evtchn;
        si->console.domU.mfn = res->cons_mfn;
        si->console.domU.evtchn = in->cons_evtchn;
    } else if (in->vga) {
        memcpy(si + 1, in->vga, sizeof(*in->vga));
        si->console.dom0.info_off = sizeof(struct start_info);
        si->console.dom0.info_size = sizeof(struct dom0_vga_console_info);
    }
    si->pt_base = l->vpt_start;
    si->nr_pt_frames = l->nr_pt_pages;
    si->mfn_list = l->vphysmap_start;
    if (l->initrd_len) {
        si->mod_start = l->initrd_mapped ? l->vinitrd_start : l->initrd_pfn;
        si->mod_len = l->initrd_len;
    }
    if (in->cmdline)
        strlcpy((char *)si->cmd_line, in->cmdline, sizeof(si->cmd_line));
    si->first_p2m_pfn = l->first_p2m_pfn;
    si->nr_p2m_frames = l->nr_p2m_frames;
}

/* Zero the start_info page (and a domU's xenstore and console pages),
 * then fill start_info. */
static int write_start_info(const struct pv_build_layout *l,
                            const struct pv_build_input *in,
                            const struct pv_build_mem *m,
                            struct pv_build_result *res)
{
    uint64_t pfn = (l->vstartinfo_start - l->v_start) >> PV_PAGE_SHIFT;
    struct start_info *si;
    int rc;

    if ((rc = write_va(l, m, l->vstartinfo_start, NULL,
                       l->vpt_start - l->vstartinfo_start)) ||
        (rc = pv_build_mfn(l, m, pfn, &res->start_info_mfn)))
        return rc;
    if (!l->is_dom0 &&
        ((rc = pv_build_mfn(l, m, l->store_pfn, &res->store_mfn)) ||
         (rc = pv_build_mfn(l, m, l->console_pfn, &res->cons_mfn))))
        return rc;
    if (!(si = m->map(m->ctx, res->start_info_mfn)))
        return -EFAULT;
    fill_start_info(l, in, res, si);
    m->unmap(m->ctx, si);
    return 0;
}

/* vCPU 0 at the entry point: flat ring-3 kernel selectors, RSP at the top
 * of the boot stack, RSI = start_info, events enabled (RFLAGS.IF; bit 1 is
 * the architecturally fixed one), every other register 0. */
static void set_regs(const struct pv_build_layout *l,
                     struct pv_build_result *res)
{
    struct cpu_user_regs *r = &res->regs;

    memset(r, 0, sizeof(*r));
    r->rip = l->entry;
    r->rsp = l->vstack_end;
    r->rsi = l->vstartinfo_start;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->ds = r->es = r->fs = r->gs = FLAT_KERNEL_DS;
    r->rflags = 0x202;
    res->cr3 = res->l4_mfn << PV_PAGE_SHIFT;
}

int pv_build_image(const struct pv_build_layout *l,
                   const struct pv_build_kernel *k,
                   const struct pv_build_input *in,
                   const struct pv_build_mem *m, struct pv_build_result *res)
{
    uint64_t stack_pfn;
    int rc;

    if (!res)
        return -EINVAL;
    if ((rc = check_input(l, k, in, m)))
        return rc;
    memset(res, 0, sizeof(*res));
    if (in->cmdline &&
        strnlen(in->cmdline, MAX_GUEST_CMDLINE) == MAX_GUEST_CMDLINE)
        printk(XENLOG_WARNING "pv_build: command line cut to %u bytes\n",
               MAX_GUEST_CMDLINE - 1);
    stack_pfn = (l->vstack_start - l->v_start) >> PV_PAGE_SHIFT;
    if ((rc = pv_build_mfn(l, m, l->pt_pfn, &res->l4_mfn)) ||
        (rc = load_kernel(l, k, m)))
        return rc;
    if (l->initrd_len && in->initrd &&
        (rc =
             pv_build_write(l, m, l->initrd_pfn, 0, in->initrd, l->initrd_len)))
        return rc;
    if ((rc = pv_build_tables(l, m, res->l4_mfn)) ||
        (rc = pv_build_p2m(l, m)) ||
        (rc = pv_build_write(l, m, stack_pfn, 0, NULL, PV_PAGE_SIZE)) ||
        (rc = write_start_info(l, in, m, res)))
        return rc;
    if (l->hypercall_page != PV_BUILD_UNSET &&
        (rc = write_hypercall_page(l, m)))
        return rc;
    set_regs(l, res);
    return 0;
}

void pv_build_print_layout(const struct pv_build_layout *l)
{
#define PV_RANGE(name, a, b)                                       \
    printk(" " name "%016llx->%016llx\n", (unsigned long long)(a), \
           (unsigned long long)(b))
    printk("VIRTUAL MEMORY ARRANGEMENT:\n");
    PV_RANGE("Loaded kernel: ", l->vkern_start, l->vkern_end);
    if (l->vinitrd_end > l->vinitrd_start)
        PV_RANGE("Init. ramdisk: ", l->vinitrd_start, l->vinitrd_end);
    PV_RANGE("Phys-Mach map: ", l->vphysmap_start, l->vphysmap_end);
    PV_RANGE("Start info:    ", l->vstartinfo_start, l->vstartinfo_end);
    if (!l->is_dom0) {
        PV_RANGE("Xenstore ring: ", l->vxenstore_start, l->vxenstore_end);
        PV_RANGE("Console ring:  ", l->vconsole_start, l->vconsole_end);
    }
    PV_RANGE("Page tables:   ", l->vpt_start, l->vpt_end);
    PV_RANGE("Boot stack:    ", l->vstack_start, l->vstack_end);
    PV_RANGE("TOTAL:         ", l->v_start, l->v_end);
    printk(" ENTRY ADDRESS: %016llx\n", (unsigned long long)l->entry);
#undef PV_RANGE
}
