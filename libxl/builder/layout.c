/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The guest's initial virtual layout, in Xen 4.17's order: from VIRT_BASE
 * the kernel (at its own address), the ramdisk if the kernel wants it
 * mapped, the p2m list unless the kernel asks for it elsewhere
 * (INIT_P2M), start_info, the xenstore and console pages, the boot page
 * tables, the boot stack; everything up to the page tables' 4 MiB-aligned
 * end is mapped.  Past it come the unmapped ramdisk (MOD_START_PFN
 * kernels) and the p2m list at INIT_P2M with its own page tables.
 * Virtual address = VIRT_BASE + pfn * 4 KiB inside the initial mapping.
 */
#include <errno.h>
#include <string.h>

#include "pvbuild_private.h"

#define PVB_4M_MASK ((1ULL << 22) - 1)

static int pvb_take(struct pvb *b, const char *name, uint64_t pages)
{
    if (pages > b->total_pages || b->pfn_alloc_end > b->total_pages ||
        pages > b->total_pages - b->pfn_alloc_end)
        return pvb_error(b, -ENOMEM,
                         "%s does not fit in the domain's %llu MiB "
                         "(%llu pages wanted, %llu used): give it more "
                         "memory",
                         name, (unsigned long long)(b->total_pages >> 8),
                         (unsigned long long)pages,
                         (unsigned long long)b->pfn_alloc_end);
    b->pfn_alloc_end += pages;
    b->virt_alloc_end += pages * PVB_PAGE_SIZE;
    return 0;
}

static int pvb_pad(struct pvb *b, uint64_t boundary)
{
    if (boundary & (PVB_PAGE_SIZE - 1))
        return pvb_error(b, -EINVAL, "kernel start %#llx is not page aligned",
                         (unsigned long long)boundary);
    if (boundary < b->virt_alloc_end)
        return pvb_error(b, -EINVAL,
                         "kernel start %#llx lies below the layout's end "
                         "%#llx",
                         (unsigned long long)boundary,
                         (unsigned long long)b->virt_alloc_end);
    return pvb_take(b, "padding",
                    (boundary - b->virt_alloc_end) / PVB_PAGE_SIZE);
}

static int pvb_segment(struct pvb *b, struct pvb_seg *s, const char *name,
                       uint64_t start, uint64_t size)
{
    int rc;

    if (start && (rc = pvb_pad(b, start)) < 0)
        return rc;
    s->pages = (size + PVB_PAGE_SIZE - 1) / PVB_PAGE_SIZE;
    s->pfn = b->pfn_alloc_end;
    s->vstart = b->virt_alloc_end;
    s->vend = s->vstart + size;
    return pvb_take(b, name, s->pages);
}

static int pvb_page(struct pvb *b, const char *name, uint64_t *pfn)
{
    *pfn = b->pfn_alloc_end;
    return pvb_take(b, name, 1);
}

static int pvb_load_kernel(struct pvb *b)
{
    struct pvb_seg *s = &b->kernel_seg;
    uint8_t *p;
    int rc;

    rc = pvb_segment(b, s, "kernel", b->k.kstart, b->k.kend - b->k.kstart);
    if (rc < 0)
        return rc;
    p = pvb_map(b, s->pfn, s->pages);
    if (!p)
        return -EIO;
    memset(p, 0, s->pages * PVB_PAGE_SIZE);
    rc = pvb_elf_load(&b->k, p, s->pages * PVB_PAGE_SIZE);
    pvb_unmap(p, s->pages);
    if (rc < 0)
        return pvb_error(b, rc, "kernel %s: a segment lies outside its image",
                         b->cfg->kernel);
    return 0;
}

/* The ramdisk: gunzipped when it is gzip (as Xen's tools do), else as
 * it is; handed over raw if gunzip fails. */
static int pvb_load_ramdisk(struct pvb *b)
{
    size_t unzip = pvb_gzip_size(b->ramdisk, b->ramdisk_len);
    size_t len = unzip > b->ramdisk_len ? unzip : b->ramdisk_len;
    struct pvb_seg *s = &b->ramdisk_seg;
    uint8_t *p;
    int rc;

    rc = pvb_segment(b, s, "ramdisk", 0, len);
    if (rc < 0)
        return rc;
    p = pvb_map(b, s->pfn, s->pages);
    if (!p)
        return -EIO;
    memset(p, 0, s->pages * PVB_PAGE_SIZE);
    if (!unzip || pvb_gunzip(b->ramdisk, b->ramdisk_len, p, unzip) < 0) {
        memset(p, 0, len);
        memcpy(p, b->ramdisk, b->ramdisk_len);
    }
    pvb_unmap(p, s->pages);
    return 0;
}

static int pvb_alloc_pgtables(struct pvb *b)
{
    uint64_t extra = 1 + (512 * 1024) / PVB_PAGE_SIZE; /* stack, slack */
    uint64_t pages = extra, end;
    struct pvb_mapping *m = &b->maps[0];
    int rc;

    for (;;) {
        end = (b->virt_alloc_end + pages * PVB_PAGE_SIZE) | PVB_4M_MASK;
        rc = pvb_count_pgtables(b, b->k.virt_base, end, 0);
        if (rc < 0)
            return rc;
        pages = m->area.tables + extra;
        if (b->virt_alloc_end + pages * PVB_PAGE_SIZE <= end + 1)
            break;
    }
    m->area.pfn = 0;
    b->n_mappings = 1;
    b->virt_pgtab_end = end + 1;
    return pvb_segment(b, &b->pgtables_seg, "page tables", 0,
                       m->area.tables * PVB_PAGE_SIZE);
}

static int pvb_alloc_p2m_outside(struct pvb *b)
{
    uint64_t size =
        (b->total_pages * 8 + PVB_PAGE_SIZE - 1) & ~(PVB_PAGE_SIZE - 1);
    struct pvb_mapping *m = &b->maps[1];
    unsigned l;
    int rc;

    rc = pvb_count_pgtables(b, b->k.p2m_base, b->k.p2m_base + size - 1,
                            b->pfn_alloc_end);
    if (rc < 0)
        return rc;
    m->area.pfn = b->pfn_alloc_end;
    for (l = 0; l < 4; l++)
        m->lvl[l].pfn += size >> PVB_PAGE_SHIFT; /* tables after the list */
    b->n_mappings = 2;
    rc = pvb_segment(b, &b->p2m_seg, "p2m list", 0,
                     size + m->area.tables * PVB_PAGE_SIZE);
    b->p2m_seg.vstart = b->k.p2m_base;
    return rc;
}

int pvb_layout(struct pvb *b)
{
    uint64_t p2m_size =
        (b->total_pages * 8 + PVB_PAGE_SIZE - 1) & ~(PVB_PAGE_SIZE - 1);
    int rc;

    b->virt_alloc_end = b->k.virt_base;
    if ((rc = pvb_load_kernel(b)) < 0)
        return rc;
    if (b->ramdisk && !b->k.unmapped_initrd) {
        if ((rc = pvb_load_ramdisk(b)) < 0)
            return rc;
        b->initrd_start = b->ramdisk_seg.vstart;
        b->initrd_len = b->ramdisk_seg.vend - b->ramdisk_seg.vstart;
    }
    if (b->k.p2m_base >= b->k.virt_base ||
        (b->k.p2m_base & (PVB_PAGE_SIZE - 1)))
        b->k.p2m_base = PVB_UNSET;
    if (b->k.p2m_base == PVB_UNSET &&
        (rc = pvb_segment(b, &b->p2m_seg, "p2m list", 0, p2m_size)) < 0)
        return rc;
    if ((rc = pvb_page(b, "start info", &b->start_info_pfn)) < 0 ||
        (rc = pvb_page(b, "xenstore", &b->xenstore_pfn)) < 0 ||
        (rc = pvb_page(b, "console", &b->console_pfn)) < 0)
        return rc;
    if ((rc = pvb_clear_page(b, b->xenstore_pfn)) < 0 ||
        (rc = pvb_clear_page(b, b->console_pfn)) < 0)
        return rc;
    if ((rc = pvb_alloc_pgtables(b)) < 0 ||
        (rc = pvb_page(b, "boot stack", &b->bootstack_pfn)) < 0 ||
        (rc = pvb_pad(b, b->virt_pgtab_end)) < 0)
        return rc;
    if (b->ramdisk && b->k.unmapped_initrd) {
        if ((rc = pvb_load_ramdisk(b)) < 0)
            return rc;
        b->si_flags |= SIF_MOD_START_PFN;
        b->initrd_start = b->ramdisk_seg.pfn;
        b->initrd_len = b->ramdisk_seg.pages * PVB_PAGE_SIZE;
    }
    if (b->k.p2m_base != PVB_UNSET)
        return pvb_alloc_p2m_outside(b);
    return 0;
}
