/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The domain's memory: populated as 2 MiB extents in batches of 512 where
 * the hypervisor has them, the rest page by page in batches, each pfn's
 * machine frame recorded in the p2m; and this process's mappings of it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "public/domctl.h"
#include "pvbuild_private.h"
#include "xctl.h"

#define PVB_SUPER_SHIFT 9 /* 2 MiB = 512 pages */
#define PVB_SUPER_BATCH 512
#define PVB_PAGE_BATCH  (1024UL * 1024)

static long pvb_populate_super(struct pvb *b)
{
    uint64_t supers = b->total_pages >> PVB_SUPER_SHIFT, done = 0;
    xen_pfn_t ext[PVB_SUPER_BATCH];

    while (done < supers) {
        unsigned n = supers - done > PVB_SUPER_BATCH
                         ? PVB_SUPER_BATCH
                         : (unsigned)(supers - done);
        unsigned j, k;
        long rc;

        for (j = 0; j < n; j++)
            ext[j] = (done + j) << PVB_SUPER_SHIFT;
        rc = xctl_populate_physmap(b->xc, b->cfg->domid, n, PVB_SUPER_SHIFT, 0,
                                   ext);
        if (rc <= 0)
            break; /* no (more) superpages: the rest page by page */
        for (j = 0; j < (unsigned)rc; j++)
            for (k = 0; k < (1U << PVB_SUPER_SHIFT); k++)
                b->p2m[((done + j) << PVB_SUPER_SHIFT) + k] = ext[j] + k;
        done += (uint64_t)rc;
        if ((unsigned)rc < n)
            break;
    }
    return (long)(done << PVB_SUPER_SHIFT);
}

int pvb_populate(struct pvb *b)
{
    uint64_t pfn;

    b->p2m = malloc(b->total_pages * sizeof(*b->p2m));
    if (!b->p2m)
        return pvb_error(b, -ENOMEM, "no memory for a %llu-entry p2m",
                         (unsigned long long)b->total_pages);
    for (pfn = pvb_populate_super(b); pfn < b->total_pages;) {
        uint64_t n = b->total_pages - pfn, i;
        long rc;
        if (n > PVB_PAGE_BATCH)
            n = PVB_PAGE_BATCH;
        for (i = 0; i < n; i++)
            b->p2m[pfn + i] = pfn + i;
        rc = xctl_populate_physmap(b->xc, b->cfg->domid, n, 0, 0, &b->p2m[pfn]);
        if (rc < 0 || (uint64_t)rc != n)
            return pvb_error(
                b, rc < 0 ? (int)rc : -ENOMEM,
                "cannot populate %llu MiB of memory for "
                "domain %u (%llu pages missing): not enough "
                "free memory or above its maximum?",
                (unsigned long long)(b->total_pages >> 8), b->cfg->domid,
                (unsigned long long)(b->total_pages - pfn - (rc > 0 ? rc : 0)));
        pfn += n;
    }
    return 0;
}

void *pvb_map(struct pvb *b, uint64_t pfn, uint64_t n)
{
    xen_pfn_t *mfns;
    void *p;
    uint64_t i;

    if (!n || pfn + n > b->total_pages) {
        pvb_error(b, -EINVAL,
                  "internal: mapping pfns %#llx+%#llx beyond "
                  "the domain's %#llx pages",
                  (unsigned long long)pfn, (unsigned long long)n,
                  (unsigned long long)b->total_pages);
        return NULL;
    }
    mfns = malloc(n * sizeof(*mfns));
    if (!mfns) {
        pvb_error(b, -ENOMEM, "out of memory mapping %llu pages",
                  (unsigned long long)n);
        return NULL;
    }
    for (i = 0; i < n; i++)
        mfns[i] = b->p2m[pfn + i];
    p = xctl_map_foreign(b->xc, b->cfg->domid, PROT_READ | PROT_WRITE, mfns,
                         NULL, (unsigned)n);
    if (!p)
        pvb_error(b, -errno, "cannot map domain %u's pfns %#llx+%#llx: %s",
                  b->cfg->domid, (unsigned long long)pfn, (unsigned long long)n,
                  strerror(errno));
    free(mfns);
    return p;
}

void pvb_unmap(void *p, uint64_t n)
{
    if (p)
        xctl_unmap(p, (unsigned)n);
}

int pvb_clear_page(struct pvb *b, uint64_t pfn)
{
    void *p = pvb_map(b, pfn, 1);

    if (!p)
        return -EIO;
    memset(p, 0, PVB_PAGE_SIZE);
    pvb_unmap(p, 1);
    return 0;
}

/* The guest's own copy of the p2m (its mfn_list). */
int pvb_write_p2m(struct pvb *b)
{
    uint64_t pages = (b->total_pages * 8 + PVB_PAGE_SIZE - 1) / PVB_PAGE_SIZE;
    uint64_t *p = pvb_map(b, b->p2m_seg.pfn, pages);

    if (!p)
        return -EIO;
    memset(p, 0, pages * PVB_PAGE_SIZE);
    memcpy(p, b->p2m, b->total_pages * sizeof(*p));
    pvb_unmap(p, pages);
    return 0;
}
