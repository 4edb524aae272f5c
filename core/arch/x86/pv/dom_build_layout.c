/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV domain builder, step 1: the layout of the initial memory image.
 *
 * A pure computation following Xen 4.17's dom0 builder: the kernel image
 * at its linked address, then (unless MOD_START_PFN) the initrd, the p2m
 * array (unless INIT_P2M places it elsewhere), start_info, the xenstore and
 * console pages of a domU, the page tables, one page of boot stack, and a
 * pad of at least 512 KiB up to a 4 MiB boundary.  The page-table count and
 * the mapping's size depend on each other; like Xen we try counts from 2 up
 * until the tables needed to map everything, themselves included, fit.
 */
#include <public/features.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/asm/pv/build.h>

#include "dom_build_private.h"

/* Report a rejection: one line naming the cause, then the error code. */
#define reject(err, ...)                             \
    ({                                               \
        printk(XENLOG_ERR "pv_build: " __VA_ARGS__); \
        (err);                                       \
    })

/* Round x up to a multiple of the power of two a; false on overflow. */
static bool round_up_ok(uint64_t x, uint64_t a, uint64_t *r)
{
    uint64_t t;

    if (__builtin_add_overflow(x, a - 1, &t))
        return false;
    *r = t & ~(a - 1);
    return true;
}

/* Smallest order with (4 KiB << order) >= bytes (Xen's
 * get_order_from_bytes). */
static unsigned int order_from_bytes(uint64_t bytes)
{
    unsigned int order = 0;

    while (order < 52 && (PV_PAGE_SIZE << order) < bytes)
        order++;
    return order;
}

/* Check the kernel description and derive its virtual extent. */
static int check_kernel(const struct pv_build_params *p,
                        struct pv_build_layout *l)
{
    const struct pv_build_kernel *k = p->kernel;
    uint64_t pstart = ~(uint64_t)0, pend = 0, base, off, end;
    unsigned int i;

    if (!k || !k->segs || k->nr_segs == 0 || k->nr_segs > PV_BUILD_MAX_SEGS)
        return reject(-EINVAL, "kernel has no (or too many) PT_LOAD "
                               "segments\n");
    for (i = 0; i < k->nr_segs; i++) {
        const struct pv_build_segment *s = &k->segs[i];

        if (s->filesz > s->memsz || (s->filesz && !s->data))
            return reject(-EINVAL,
                          "segment %u: file size exceeds memory "
                          "size\n",
                          i);
        if (__builtin_add_overflow(s->paddr, s->memsz, &end))
            return reject(-EINVAL, "segment %u: address overflows\n", i);
        pstart = MIN(pstart, s->paddr);
        pend = MAX(pend, end);
    }
    if (k->paddr_offset != PV_BUILD_UNSET && k->virt_base == PV_BUILD_UNSET)
        return reject(-EINVAL, "PADDR_OFFSET set but VIRT_BASE unset\n");
    base = k->virt_base == PV_BUILD_UNSET ? 0 : k->virt_base;
    off = k->paddr_offset == PV_BUILD_UNSET ? 0 : k->paddr_offset;

    /* Xen's virt_offset arithmetic is modulo 2^64; so is ours, but the
     * result must not wrap inside the image. */
    l->vkern_start = pstart + (base - off);
    l->vkern_end = pend + (base - off);
    if (l->vkern_end < l->vkern_start || pend - pstart >= PV_GIB)
        return reject(-EINVAL, "kernel image wraps or exceeds 1 GiB\n");
    if (base > l->vkern_start)
        return reject(-EINVAL, "kernel starts below VIRT_BASE\n");
    if (k->entry == PV_BUILD_UNSET || k->entry < l->vkern_start ||
        k->entry >= l->vkern_end)
        return reject(-EINVAL, "entry point %#llx outside the image\n",
                      (unsigned long long)k->entry);
    l->v_start = base;
    l->entry = k->entry;
    l->pae = k->pae;
    return 0;
}

/* Check what the kernel requires from the hypervisor and vice versa. */
static int check_features(const struct pv_build_params *p)
{
    const struct pv_build_kernel *k = p->kernel;
    uint32_t missing = k->f_required & ~p->hv_features;

    if (missing)
        return reject(-EINVAL,
                      "kernel requires features %#x the "
                      "hypervisor lacks\n",
                      missing);
    if (p->is_dom0 && k->has_supported &&
        !(k->f_supported & (1u << XENFEAT_dom0)))
        return reject(-EINVAL, "kernel does not support dom0 operation\n");
    if (p->nr_pages == 0 || p->nr_pages > PV_BUILD_MAX_PAGES)
        return reject(-EINVAL, "nr_pages %llu out of range\n",
                      (unsigned long long)p->nr_pages);
    if (p->initrd_len > PV_BUILD_MAX_PAGES * PV_PAGE_SIZE)
        return reject(-EINVAL, "initrd too large\n");
    return 0;
}

/*
 * Place everything from the kernel's end up to the page tables, in Xen's
 * order.  Addresses stay below 2^64 because the kernel ends inside the
 * address space and every addition is checked.
 */
static int place_below_tables(const struct pv_build_params *p,
                              struct pv_build_layout *l)
{
    const struct pv_build_kernel *k = p->kernel;
    uint64_t kend, p2m_bytes = p->nr_pages * sizeof(uint64_t), x;

    l->initrd_mapped = p->initrd_len && !k->mod_start_pfn;
    l->p2m_separate = k->p2m_base != PV_BUILD_UNSET;
    if (!round_up_ok(l->vkern_end, PV_PAGE_SIZE, &kend))
        return reject(-EINVAL, "kernel ends at the top of memory\n");
    if (k->mod_start_pfn || !p->initrd_len) {
        l->vphysmap_start = kend;
    } else {
        l->vinitrd_start = kend;
        if (__builtin_add_overflow(kend, p->initrd_len, &l->vinitrd_end) ||
            !round_up_ok(l->vinitrd_end, PV_PAGE_SIZE, &l->vphysmap_start))
            return reject(-ENOMEM, "initrd does not fit\n");
    }
    l->vphysmap_end = l->vphysmap_start;
    if (!l->p2m_separate &&
        __builtin_add_overflow(l->vphysmap_start, p2m_bytes, &l->vphysmap_end))
        return reject(-ENOMEM, "p2m does not fit\n");
    if (!round_up_ok(l->vphysmap_end, PV_PAGE_SIZE, &l->vstartinfo_start) ||
        __builtin_add_overflow(l->vstartinfo_start,
                               (uint64_t)sizeof(struct start_info), &x))
        return reject(-ENOMEM, "start_info does not fit\n");
    l->vstartinfo_end = x;
    if (p->is_dom0) {
        l->vpt_start = l->vstartinfo_start + PV_PAGE_SIZE;
        l->vstartinfo_end += sizeof(struct dom0_vga_console_info);
    } else {
        l->vxenstore_start = l->vstartinfo_start + PV_PAGE_SIZE;
        l->vxenstore_end = l->vxenstore_start + PV_PAGE_SIZE;
        l->vconsole_start = l->vxenstore_end;
        l->vconsole_end = l->vconsole_start + PV_PAGE_SIZE;
        l->vpt_start = l->vconsole_end;
    }
    if (l->vpt_start < l->vstartinfo_start)
        return reject(-ENOMEM, "start_info does not fit\n");
    return 0;
}

/* Number of 2^shift-sized blocks that [lo, hi) touches (hi > lo). */
uint64_t pv_build_nr_blocks(uint64_t lo, uint64_t hi, unsigned int shift)
{
    return ((hi - 1) >> shift) - (lo >> shift) + 1;
}

/*
 * Solve for the page-table count: tables, stack and pad must end inside
 * the 1 GiB region (one L2) that starts the mapping, which bounds the
 * search at 515 frames.
 */
static int place_tables(struct pv_build_layout *l)
{
    uint64_t n, need, stack_end, v_end;
    uint64_t region_end = (l->v_start & ~(PV_GIB - 1)) + PV_GIB;

    for (n = 2;; n++) {
        if (__builtin_add_overflow(l->vpt_start, (n + 1) * PV_PAGE_SIZE,
                                   &stack_end) ||
            !round_up_ok(stack_end, PV_4MIB, &v_end))
            return reject(-EINVAL, "image reaches the end of the address "
                                   "space\n");
        if (v_end - stack_end < PV_PAD_MIN &&
            __builtin_add_overflow(v_end, PV_4MIB, &v_end))
            return reject(-EINVAL, "image reaches the end of the address "
                                   "space\n");
        if (v_end == 0 || (region_end != 0 && v_end > region_end))
            return reject(-ENOMEM,
                          "initial mapping %#llx-%#llx does not "
                          "fit in one 1 GiB L2\n",
                          (unsigned long long)l->v_start,
                          (unsigned long long)v_end);
        need = 1 + pv_build_nr_blocks(l->v_start, v_end, PV_L4_SHIFT) +
               pv_build_nr_blocks(l->v_start, v_end, PV_L3_SHIFT) +
               pv_build_nr_blocks(l->v_start, v_end, PV_L2_SHIFT);
        if (need <= n)
            break;
    }
    l->nr_pt_pages = n;
    l->vpt_end = l->vpt_start + n * PV_PAGE_SIZE;
    l->vstack_start = l->vpt_end;
    l->vstack_end = stack_end;
    l->v_end = v_end;
    l->nr_mapped = (v_end - l->v_start) >> PV_PAGE_SHIFT;
    l->pt_pfn = (l->vpt_start - l->v_start) >> PV_PAGE_SHIFT;
    return 0;
}

/* True if va is a canonical 48-bit address. */
static bool canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/* [lo, hi) overlaps the hypervisor's L4 slots 256-271. */
static bool hits_hypervisor(uint64_t lo, uint64_t hi)
{
    return lo < HYPERVISOR_VIRT_END && hi > HYPERVISOR_VIRT_START;
}

/* Where the mapping may live, and the hypercall page inside the kernel. */
static int check_placement(const struct pv_build_params *p,
                           struct pv_build_layout *l)
{
    uint64_t hc = p->kernel->hypercall_page;

    if (!canonical(l->v_start))
        return reject(-EINVAL, "VIRT_BASE %#llx is not canonical\n",
                      (unsigned long long)l->v_start);
    if (hits_hypervisor(l->v_start, l->v_end))
        return reject(-EINVAL,
                      "image %#llx-%#llx overlaps the "
                      "hypervisor area\n",
                      (unsigned long long)l->v_start,
                      (unsigned long long)l->v_end);
    l->hypercall_page = hc;
    if (hc != PV_BUILD_UNSET &&
        ((hc & (PV_PAGE_SIZE - 1)) || hc < l->vkern_start ||
         hc > l->vkern_end || l->vkern_end - hc < PV_PAGE_SIZE))
        return reject(-EINVAL,
                      "HYPERCALL_PAGE %#llx is not a page of the "
                      "kernel image\n",
                      (unsigned long long)hc);
    return 0;
}

/* Place a p2m given by INIT_P2M: its own L4 slots, 4 KiB mappings. */
static int place_p2m(const struct pv_build_params *p, struct pv_build_layout *l)
{
    uint64_t base = p->kernel->p2m_base, end;

    l->vphysmap_start = base;
    l->vphysmap_end = base + p->nr_pages * sizeof(uint64_t);
    if (base & (PV_PAGE_SIZE - 1))
        return reject(-EINVAL, "INIT_P2M %#llx is not page-aligned\n",
                      (unsigned long long)base);
    if (base >= l->vkern_start && base < l->vkern_end)
        return reject(-EINVAL, "INIT_P2M lies inside the kernel\n");
    if (l->vphysmap_end < base ||
        !round_up_ok(l->vphysmap_end, PV_PAGE_SIZE, &end) || !canonical(base) ||
        !canonical(end - 1) || (base >> 63) != ((end - 1) >> 63) ||
        hits_hypervisor(base, end))
        return reject(-EINVAL,
                      "p2m at %#llx is outside the guest's "
                      "address space\n",
                      (unsigned long long)base);
    if ((l->v_start >> PV_L4_SHIFT) >= (base >> PV_L4_SHIFT) &&
        (l->v_start >> PV_L4_SHIFT) <= ((end - 1) >> PV_L4_SHIFT))
        return reject(-EINVAL, "p2m shares an L4 slot with the initial "
                               "mapping\n");
    l->nr_p2m_frames = ((end - base) >> PV_PAGE_SHIFT) +
                       pv_build_nr_blocks(base, end, PV_L2_SHIFT) +
                       pv_build_nr_blocks(base, end, PV_L3_SHIFT) +
                       pv_build_nr_blocks(base, end, PV_L4_SHIFT);
    return 0;
}

/* Assign pfns the way Xen's allocation order does. */
static int place_frames(const struct pv_build_params *p,
                        struct pv_build_layout *l)
{
    uint64_t count = l->v_end - l->v_start;

    l->initrd_len = p->initrd_len;
    l->initrd_pages = (p->initrd_len + PV_PAGE_SIZE - 1) >> PV_PAGE_SHIFT;
    if (l->initrd_mapped)
        count -= l->initrd_pages << PV_PAGE_SHIFT;
    l->alloc_pages = (uint64_t)1 << order_from_bytes(count);
    if (l->alloc_pages + l->initrd_pages > p->nr_pages)
        return reject(-ENOMEM,
                      "%llu pages are too few for the kernel "
                      "image (need %llu)\n",
                      (unsigned long long)p->nr_pages,
                      (unsigned long long)(l->alloc_pages + l->initrd_pages));
    l->initrd_pfn = PV_BUILD_UNSET;
    if (p->initrd_len)
        l->initrd_pfn = l->initrd_mapped
                            ? (l->vinitrd_start - l->v_start) >> PV_PAGE_SHIFT
                            : l->alloc_pages;
    l->first_p2m_pfn = l->alloc_pages + l->initrd_pages;
    l->p2m_pfn = l->p2m_separate
                     ? PV_BUILD_UNSET
                     : (l->vphysmap_start - l->v_start) >> PV_PAGE_SHIFT;
    l->pages_used = l->first_p2m_pfn + l->nr_p2m_frames;
    if (l->pages_used > p->nr_pages)
        return reject(-ENOMEM,
                      "%llu pages are too few for the image and "
                      "its p2m (need %llu)\n",
                      (unsigned long long)p->nr_pages,
                      (unsigned long long)l->pages_used);
    l->store_pfn = l->console_pfn = PV_BUILD_UNSET;
    if (!p->is_dom0) {
        l->store_pfn = (l->vxenstore_start - l->v_start) >> PV_PAGE_SHIFT;
        l->console_pfn = (l->vconsole_start - l->v_start) >> PV_PAGE_SHIFT;
    }
    return 0;
}

int pv_build_layout(const struct pv_build_params *p, struct pv_build_layout *l)
{
    int rc;

    memset(l, 0, sizeof(*l));
    if (!p)
        return reject(-EINVAL, "no parameters\n");
    if ((rc = check_kernel(p, l)) || (rc = check_features(p)) ||
        (rc = place_below_tables(p, l)) || (rc = place_tables(l)) ||
        (rc = check_placement(p, l)))
        return rc;
    if (l->p2m_separate && (rc = place_p2m(p, l)))
        return rc;
    l->nr_pages = p->nr_pages;
    l->is_dom0 = p->is_dom0;
    return place_frames(p, l);
}
