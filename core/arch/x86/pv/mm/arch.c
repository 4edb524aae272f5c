/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's side of the PV memory-management hooks: frames come
 * from the frame table, are reached through the direct map, and the
 * hypervisor's L4 slots are copied from the idle page table.
 *
 * I/O rights: until domains carry their own I/O-memory ranges, the
 * policy is Xen's default one: the hardware domain (domain 0) may map
 * every frame that is not RAM, other domains none.
 */
#ifndef XENITH_HOST_TEST

#include <xenith/asm/page.h>
#include <xenith/asm/pv/domain.h>
#include <xenith/asm/pv/logdirty.h>
#include <xenith/asm/pv/mm.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/domain.h>
#include <xenith/errno.h>

struct page_info *pv_mm_arch_page(unsigned long mfn)
{
    struct page_info *pg;

    if (mfn >= max_page)
        return NULL;
    pg = pfn_to_page(mfn);
    /* Holes and reserved ranges are never RAM a guest can own. */
    if ((__atomic_load_n(&pg->count_info, __ATOMIC_ACQUIRE) & PGC_state_mask) ==
        PGC_state_offline)
        return NULL;
    return pg;
}

unsigned long pv_mm_arch_page_to_mfn(const struct page_info *pg)
{
    return page_to_pfn(pg);
}

void *pv_mm_arch_map(unsigned long mfn)
{
    return __va(mfn << PAGE_SHIFT);
}

void pv_mm_arch_unmap(void *va)
{
    (void)va; /* The direct map covers all RAM. */
}

bool pv_mm_arch_iomem_permitted(domid_t domid, unsigned long mfn)
{
    return domid == 0 && pv_mm_arch_page(mfn) == NULL;
}

int pv_mm_arch_foreign_frame(domid_t domid, unsigned long *frame)
{
    struct domain *d;
    int rc = 0;

    if (domid >= DOMID_FIRST_RESERVED || !(d = get_domain_by_id_any(domid)))
        return 0;
    if (d->is_hvm) {
        unsigned long mfn = p2m_lookup(d, *frame);

        if (mfn == INVALID_MFN_P2M)
            rc = -EINVAL;
        else
            *frame = mfn;
    }
    put_domain(d);
    return rc;
}

bool pv_mm_arch_has_io_caps(domid_t domid)
{
    return domid == 0;
}

void pv_mm_arch_release_page(struct page_info *pg)
{
    pv_domain_frame_released(pg);
}

void pv_mm_arch_type_taken(struct page_info *pg)
{
    pv_logdirty_type_taken(pg);
}

void pv_mm_arch_init_xen_l4_slots(uint64_t *l4, unsigned long l4mfn)
{
    unsigned int i;

    (void)l4mfn;
    for (i = PV_L4_FIRST_XEN_SLOT; i <= PV_L4_LAST_XEN_SLOT; i++)
        l4[i] = idle_pg_table[i];
}

#endif /* XENITH_HOST_TEST */
