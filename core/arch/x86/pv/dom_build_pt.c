/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV domain builder: the page tables of the initial mapping and of a
 * separate (INIT_P2M) p2m mapping.
 *
 * Frame order follows Xen 4.17 because Linux depends on it: for dom0 the
 * tables come as [L4] [L1] [L2] [L3] [L1] [L1] ..., and Linux's
 * xen_setup_kernel_pagetable() gives back the pages it can trim from the
 * ends of that run.  Every frame of the run is mapped read-only in the
 * initial mapping; all other pages are mapped read-write, without NX.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/asm/pv/build.h>

#include "dom_build_private.h"

int pv_build_walk_init(const struct pv_build_layout *l, pv_pt_group_fn fn,
                       void *ctx)
{
    uint64_t pfn = l->pt_pfn + 1, va = l->v_start & ~((1ULL << 21) - 1);
    bool first = true;
    struct pv_pt_group g;
    int rc;

    for (; va < l->v_end; va += 1ULL << PV_L2_SHIFT, first = false) {
        g.va = va;
        g.l1_pfn = pfn++;
        g.l2_pfn = g.l3_pfn = PV_BUILD_UNSET;
        if (first || !(va & ((1ULL << PV_L3_SHIFT) - 1)))
            g.l2_pfn = pfn++;
        if (first || !(va & ((1ULL << PV_L4_SHIFT) - 1)))
            g.l3_pfn = pfn++;
        g.data_pfn = PV_BUILD_UNSET;
        g.nr_data = 0;
        if ((rc = fn(ctx, &g)))
            return rc;
    }
    return 0;
}

int pv_build_walk_p2m(const struct pv_build_layout *l, pv_pt_group_fn fn,
                      void *ctx)
{
    uint64_t pfn = l->first_p2m_pfn, va = l->vphysmap_start, end, blk_end;
    bool first = true;
    struct pv_pt_group g;
    int rc;

    if (!l->p2m_separate)
        return 0;
    end = (l->vphysmap_end + PV_PAGE_SIZE - 1) & ~(PV_PAGE_SIZE - 1);
    for (; va < end; va = blk_end, first = false) {
        blk_end = (va | ((1ULL << PV_L2_SHIFT) - 1)) + 1;
        if (blk_end > end || blk_end == 0)
            blk_end = end;
        g.va = va;
        g.l3_pfn = g.l2_pfn = PV_BUILD_UNSET;
        if (first || !(va & ((1ULL << PV_L4_SHIFT) - 1)))
            g.l3_pfn = pfn++;
        if (first || !(va & ((1ULL << PV_L3_SHIFT) - 1)))
            g.l2_pfn = pfn++;
        g.l1_pfn = pfn++;
        g.data_pfn = pfn;
        g.nr_data = (blk_end - va) >> PV_PAGE_SHIFT;
        pfn += g.nr_data;
        if ((rc = fn(ctx, &g)))
            return rc;
    }
    return 0;
}

/* Adapter state for pv_build_for_each_pt_frame(). */
struct enum_ctx {
    pv_build_pt_fn fn;
    void *ctx;
    bool mapped;
};

/* Report one group's tables in ascending pfn order. */
static int enum_group(void *ctx, const struct pv_pt_group *g)
{
    const struct enum_ctx *e = ctx;
    uint64_t pfn[3] = { g->l1_pfn, g->l2_pfn, g->l3_pfn };
    unsigned int level[3] = { 1, 2, 3 }, i, j;

    /* Initial mapping: L1, L2, L3; p2m: L3, L2, L1.  Sort the (at most
     * three) entries by pfn so both come out in fill order. */
    for (i = 0; i < 3; i++)
        for (j = i + 1; j < 3; j++)
            if (pfn[j] < pfn[i]) {
                uint64_t tp = pfn[i];
                unsigned int tl = level[i];

                pfn[i] = pfn[j], level[i] = level[j];
                pfn[j] = tp, level[j] = tl;
            }
    for (i = 0; i < 3; i++)
        if (pfn[i] != PV_BUILD_UNSET)
            e->fn(e->ctx, pfn[i], level[i], e->mapped);
    return 0;
}

void pv_build_for_each_pt_frame(const struct pv_build_layout *l,
                                pv_build_pt_fn fn, void *ctx)
{
    struct enum_ctx e = { fn, ctx, true };

    fn(ctx, l->pt_pfn, 4, true);
    pv_build_walk_init(l, enum_group, &e);
    e.mapped = false;
    pv_build_walk_p2m(l, enum_group, &e);
}

/* State while filling tables: the tables new groups link into. */
struct fill_ctx {
    const struct pv_build_layout *l;
    const struct pv_build_mem *m;
    uint64_t l4_mfn, l3_mfn, l2_mfn;
};

/* Zero a new table frame and link it at index of parent. */
static int new_table(struct fill_ctx *f, uint64_t pfn, uint64_t parent,
                     unsigned int index, uint64_t *mfn)
{
    int rc;

    if ((rc = pv_build_mfn(f->l, f->m, pfn, mfn)) ||
        (rc = pv_build_write(f->l, f->m, pfn, 0, NULL, PV_PAGE_SIZE)))
        return rc;
    return pv_build_set_entry(f->m, parent, index,
                              (*mfn << PV_PAGE_SHIFT) | PV_TABLE_PROT);
}

/* Link a group's new L3/L2 and its L1; return the L1's frame. */
static int link_group(struct fill_ctx *f, const struct pv_pt_group *g,
                      uint64_t *l1_mfn)
{
    int rc;

    if (g->l3_pfn != PV_BUILD_UNSET &&
        (rc = new_table(f, g->l3_pfn, f->l4_mfn, PV_PT_INDEX(g->va, 4),
                        &f->l3_mfn)))
        return rc;
    if (g->l2_pfn != PV_BUILD_UNSET &&
        (rc = new_table(f, g->l2_pfn, f->l3_mfn, PV_PT_INDEX(g->va, 3),
                        &f->l2_mfn)))
        return rc;
    return new_table(f, g->l1_pfn, f->l2_mfn, PV_PT_INDEX(g->va, 2), l1_mfn);
}

/* Fill one L1 of the initial mapping: pfn N at v_start + N pages; the
 * page-table frames read-only. */
static int fill_init_group(void *ctx, const struct pv_pt_group *g)
{
    struct fill_ctx *f = ctx;
    const struct pv_build_layout *l = f->l;
    uint64_t l1_mfn, va, lo = MAX(g->va, l->v_start);
    uint64_t hi = MIN(g->va + (1ULL << PV_L2_SHIFT), l->v_end), *l1;
    int rc = link_group(f, g, &l1_mfn);

    if (rc)
        return rc;
    if (!(l1 = f->m->map(f->m->ctx, l1_mfn)))
        return -EFAULT;
    for (va = lo; va < hi && !rc; va += PV_PAGE_SIZE) {
        uint64_t pfn = (va - l->v_start) >> PV_PAGE_SHIFT, mfn, prot;

        prot = PV_L1_PROT;
        if (pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_pages)
            prot &= ~PV_PTE_RW;
        if (!(rc = pv_build_mfn(l, f->m, pfn, &mfn)))
            l1[PV_PT_INDEX(va, 1)] = (mfn << PV_PAGE_SHIFT) | prot;
    }
    f->m->unmap(f->m->ctx, l1);
    return rc;
}

/* Fill one L1 of the separate p2m mapping with its data pages. */
static int fill_p2m_group(void *ctx, const struct pv_pt_group *g)
{
    struct fill_ctx *f = ctx;
    uint64_t l1_mfn, i, mfn, *l1;
    int rc = link_group(f, g, &l1_mfn);

    if (rc)
        return rc;
    if (!(l1 = f->m->map(f->m->ctx, l1_mfn)))
        return -EFAULT;
    for (i = 0; i < g->nr_data && !rc; i++)
        if (!(rc = pv_build_mfn(f->l, f->m, g->data_pfn + i, &mfn)))
            l1[PV_PT_INDEX(g->va + (i << PV_PAGE_SHIFT), 1)] =
                (mfn << PV_PAGE_SHIFT) | PV_L1_PROT;
    f->m->unmap(f->m->ctx, l1);
    return rc;
}

int pv_build_tables(const struct pv_build_layout *l,
                    const struct pv_build_mem *m, uint64_t l4_mfn)
{
    struct fill_ctx f = { l, m, l4_mfn, 0, 0 };
    uint64_t *l4;
    int rc;

    if ((rc = pv_build_write(l, m, l->pt_pfn, 0, NULL, PV_PAGE_SIZE)))
        return rc;
    if (!(l4 = m->map(m->ctx, l4_mfn)))
        return -EFAULT;
    if (m->init_l4)
        m->init_l4(m->ctx, l4, l4_mfn);
    m->unmap(m->ctx, l4);
    if ((rc = pv_build_walk_init(l, fill_init_group, &f)))
        return rc;
    return pv_build_walk_p2m(l, fill_p2m_group, &f);
}
