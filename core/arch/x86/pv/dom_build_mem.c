/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV domain builder: access to the domain's frames through the caller's
 * struct pv_build_mem, and the p2m / M2P tables.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/asm/pv/build.h>

#include "dom_build_private.h"

int pv_build_mfn(const struct pv_build_layout *l, const struct pv_build_mem *m,
                 uint64_t pfn, uint64_t *mfn)
{
    if (pfn >= l->nr_pages)
        return -EFAULT;
    *mfn = m->pfn_to_mfn(m->ctx, pfn);
    return *mfn == PV_BUILD_INVALID_MFN ? -EFAULT : 0;
}

/*
 * Copy len bytes from src (NULL: zeros) into consecutive pfns starting at
 * byte off of pfn.
 */
int pv_build_write(const struct pv_build_layout *l,
                   const struct pv_build_mem *m, uint64_t pfn, uint64_t off,
                   const void *src, uint64_t len)
{
    const uint8_t *s = src;
    uint64_t mfn, chunk;
    uint8_t *p;
    int rc;

    pfn += off >> PV_PAGE_SHIFT;
    off &= PV_PAGE_SIZE - 1;
    while (len) {
        chunk = MIN(len, PV_PAGE_SIZE - off);
        if ((rc = pv_build_mfn(l, m, pfn, &mfn)))
            return rc;
        if (!(p = m->map(m->ctx, mfn)))
            return -EFAULT;
        if (s) {
            memcpy(p + off, s, chunk);
            s += chunk;
        } else {
            memset(p + off, 0, chunk);
        }
        m->unmap(m->ctx, p);
        len -= chunk;
        pfn++;
        off = 0;
    }
    return 0;
}

int pv_build_set_entry(const struct pv_build_mem *m, uint64_t table_mfn,
                       unsigned int index, uint64_t val)
{
    uint64_t *t = m->map(m->ctx, table_mfn);

    if (!t)
        return -EFAULT;
    t[index] = val;
    m->unmap(m->ctx, t);
    return 0;
}

/*
 * Fill one page of the p2m array: entries for pfns first.. first+511, the
 * ones at or past nr_pages set to ~0 (Linux's INVALID_P2M_ENTRY), and the
 * M2P entry of every valid pfn.
 */
static int fill_p2m_page(const struct pv_build_layout *l,
                         const struct pv_build_mem *m, uint64_t page_pfn,
                         uint64_t first)
{
    uint64_t mfn, i, *p;
    int rc = pv_build_mfn(l, m, page_pfn, &mfn);

    if (rc)
        return rc;
    if (!(p = m->map(m->ctx, mfn)))
        return -EFAULT;
    for (i = 0; i < PV_ENTRIES && !rc; i++) {
        p[i] = ~(uint64_t)0;
        if (first + i < l->nr_pages &&
            !(rc = pv_build_mfn(l, m, first + i, &mfn))) {
            p[i] = mfn;
            m->set_m2p(m->ctx, mfn, first + i);
        }
    }
    m->unmap(m->ctx, p);
    return rc;
}

/* What fill_p2m_group() needs. */
struct p2m_ctx {
    const struct pv_build_layout *l;
    const struct pv_build_mem *m;
};

/* Fill the p2m pages a separate-p2m group maps. */
static int fill_p2m_group(void *ctx, const struct pv_pt_group *g)
{
    const struct p2m_ctx *c = ctx;
    uint64_t first = (g->va - c->l->vphysmap_start) / sizeof(uint64_t), i;
    int rc = 0;

    for (i = 0; i < g->nr_data && !rc; i++)
        rc = fill_p2m_page(c->l, c->m, g->data_pfn + i, first + i * PV_ENTRIES);
    return rc;
}

int pv_build_p2m(const struct pv_build_layout *l, const struct pv_build_mem *m)
{
    uint64_t pages = (l->nr_pages + PV_ENTRIES - 1) / PV_ENTRIES, i;
    struct p2m_ctx c = { l, m };
    int rc = 0;

    if (l->p2m_separate)
        return pv_build_walk_p2m(l, fill_p2m_group, &c);
    for (i = 0; i < pages && !rc; i++)
        rc = fill_p2m_page(l, m, l->p2m_pfn + i, i * PV_ENTRIES);
    return rc;
}
