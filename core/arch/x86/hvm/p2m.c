/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m of a translated (HVM) domain: guest frame -> machine frame,
 * kept directly as the nested page tables the CPU walks (4 levels, the
 * host's long-mode format).  A leaf entry is present, writable and user
 * (nested paging treats every guest access as a user access), and
 * carries its p2m type in available bits 52-54: RAM (the domain's own
 * frames) or a hypervisor frame the guest asked for with
 * XENMEM_add_to_physmap (shared_info), which is never the domain's to give
 * back, copy through or map elsewhere (p2m_lookup reports RAM only).  MMIO,
 * grant and ioreq types come with the devices.
 * Leaves are 4 KiB for now (superpages later).
 *
 * Table pages are the hypervisor's, limited by the domain's paging pool
 * (shadow_op SET_ALLOCATION; 1 MiB at creation, as Xen sets it) and
 * allocated as they are needed.  The guest's RAM frames are the domain's
 * own (assigned, counted in tot_pages, listed, and freed at destruction
 * by the x86 domain code); the p2m only maps them.
 *
 * Changes: p2m_lock serialises them.  Removing a mapping is followed by
 * a TLB flush of every CPU before the frame is freed: the IPI makes any
 * CPU in guest mode exit, and every VMRUN flushes the guest's TLB.
 */
#include <public/memory.h>
#include <xenith/buddy.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/pv/mm.h>

#define NPT_P              0x1UL
#define NPT_RW             0x2UL
#define NPT_US             0x4UL
#define NPT_A              0x20UL
#define NPT_D              0x40UL
#define NPT_ADDR           0x000ffffffffff000UL
#define NPT_TYPE(t)        ((uint64_t)(t) << 52)
#define NPT_TYPE_OF(e)     (((e) >> 52) & 7)
#define P2M_RAM_RW         1
#define P2M_XEN_FRAME      2 /* a hypervisor frame (add_to_physmap) */
#define P2M_MAX_GFN        ((1UL << 36) - 1) /* 48-bit guest-physical space */
#define MAX_ORDER_HVM      9
#define POOL_DEFAULT_PAGES 256

static uint64_t *table_of(uint64_t e)
{
    return __va(e & NPT_ADDR);
}

int p2m_init(struct domain *d)
{
    void *root = alloc_zeroed_page();

    if (!root)
        return -ENOMEM;
    d->hvm.p2m_root = __pa(root) >> PAGE_SHIFT;
    d->hvm.p2m_table_pages = 1;
    d->hvm.pool_pages = POOL_DEFAULT_PAGES;
    d->hvm.shinfo_gfn = ~0UL;
    return 0;
}

static void free_tables(uint64_t *t, unsigned int level)
{
    for (unsigned int i = 0; level > 1 && i < 512; i++)
        if (t[i] & NPT_P)
            free_tables(table_of(t[i]), level - 1);
    free_xenheap_page(t);
}

void p2m_teardown(struct domain *d)
{
    spin_lock(&d->hvm.p2m_lock);
    if (d->hvm.p2m_root)
        free_tables(__va(d->hvm.p2m_root << PAGE_SHIFT), 4);
    d->hvm.p2m_root = 0;
    d->hvm.p2m_table_pages = 0;
    spin_unlock(&d->hvm.p2m_lock);
}

int p2m_set_pool(struct domain *d, unsigned long pages)
{
    /* Tables in use stay; the pool only limits new ones. */
    spin_lock(&d->hvm.p2m_lock);
    d->hvm.pool_pages = pages;
    spin_unlock(&d->hvm.p2m_lock);
    return 0;
}

/* The leaf entry of gfn (p2m_lock held); NULL if a table is missing and
 * alloc is false or the pool is exhausted. */
static uint64_t *leaf_entry(struct domain *d, unsigned long gfn, bool alloc)
{
    uint64_t *t = __va(d->hvm.p2m_root << PAGE_SHIFT);

    for (unsigned int level = 4; level > 1; level--) {
        uint64_t *e = &t[(gfn >> (9 * (level - 1))) & 511];

        if (!(*e & NPT_P)) {
            void *n;

            if (!alloc || d->hvm.p2m_table_pages >= d->hvm.pool_pages ||
                !(n = alloc_zeroed_page()))
                return NULL;
            d->hvm.p2m_table_pages++;
            *e = __pa(n) | NPT_P | NPT_RW | NPT_US | NPT_A;
        }
        t = table_of(*e);
    }
    return &t[gfn & 511];
}

unsigned long p2m_lookup(struct domain *d, unsigned long gfn)
{
    unsigned long mfn = INVALID_MFN_P2M;
    uint64_t *e;

    if (gfn > P2M_MAX_GFN)
        return mfn;
    spin_lock(&d->hvm.p2m_lock);
    if (d->hvm.p2m_root && (e = leaf_entry(d, gfn, false)) && (*e & NPT_P) &&
        NPT_TYPE_OF(*e) == P2M_RAM_RW)
        mfn = (*e & NPT_ADDR) >> PAGE_SHIFT;
    spin_unlock(&d->hvm.p2m_lock);
    return mfn;
}

/* Map gfn to mfn as RAM; false if gfn is taken or no table can be had. */
static bool p2m_add(struct domain *d, unsigned long gfn, unsigned long mfn)
{
    uint64_t *e;
    bool ok = false;

    spin_lock(&d->hvm.p2m_lock);
    if (d->hvm.p2m_root && (e = leaf_entry(d, gfn, true)) && !(*e & NPT_P)) {
        *e = ((uint64_t)mfn << PAGE_SHIFT) | NPT_P | NPT_RW | NPT_US | NPT_A |
             NPT_D | NPT_TYPE(P2M_RAM_RW);
        if (gfn > d->hvm.max_gfn)
            d->hvm.max_gfn = gfn;
        ok = true;
    }
    spin_unlock(&d->hvm.p2m_lock);
    return ok;
}

static void p2m_remove(struct domain *d, unsigned long gfn)
{
    uint64_t *e;

    spin_lock(&d->hvm.p2m_lock);
    if (d->hvm.p2m_root && (e = leaf_entry(d, gfn, false)))
        *e = 0;
    spin_unlock(&d->hvm.p2m_lock);
}

/* One new RAM frame at gfn: false (nothing changed) if it cannot be. */
static bool populate_one(struct domain *d, unsigned long gfn,
                         uint32_t mem_flags)
{
    unsigned int node = XENMEMF_get_node(mem_flags);
    bool exact = mem_flags & XENMEMF_exact_node_request;
    struct page_info *pg;
    unsigned long mfn;

    if (gfn > P2M_MAX_GFN || p2m_lookup(d, gfn) != INVALID_MFN_P2M)
        return false;
    if (mem_flags & XENMEMF_vnode) {
        node = BUDDY_ANY_NODE;
        exact = false;
    }
    pg = heap_alloc_domain_pages(0, domain_node_affinity(d), node, exact,
                                 &d->last_alloc_node);
    if (!pg)
        return false;
    if (!pv_assign_pages(d, pg, 1, true)) {
        free_heap_pages(pg, 0);
        return false;
    }
    mfn = page_to_pfn(pg);
    set_gpfn_from_mfn(mfn, gfn);
    if (p2m_add(d, gfn, mfn))
        return true;
    /* Taken meanwhile, or no table: give the frame back. */
    if (pv_steal_page(d, pg)) {
        set_gpfn_from_mfn(mfn, INVALID_M2P_ENTRY);
        free_heap_pages(pg, 0);
    }
    return false;
}

/* Give up the RAM frame at gfn if nothing but the allocation holds it. */
static bool decrease_one(struct domain *d, unsigned long gfn)
{
    unsigned long mfn = p2m_lookup(d, gfn);
    struct page_info *pg;

    if (mfn == INVALID_MFN_P2M)
        return false;
    pg = pfn_to_page(mfn);
    if (!pv_steal_page(d, pg))
        return false; /* mapped or typed elsewhere */
    p2m_remove(d, gfn);
    flush_tlb_mask(&cpu_online_map);
    set_gpfn_from_mfn(mfn, INVALID_M2P_ENTRY);
    free_heap_pages(pg, 0);
    return true;
}

long p2m_reservation(struct domain *d, unsigned int cmd,
                     const struct xen_memory_reservation *r, uint64_t list)
{
    unsigned long i;

    /* increase_reservation gives frames without a place in the p2m: a
     * translated domain has no use for it (not done). */
    if (cmd == XENMEM_increase_reservation || r->extent_order > MAX_ORDER_HVM)
        return 0;
    for (i = 0; i < r->nr_extents; i++, list += sizeof(xen_pfn_t)) {
        unsigned long n = 1UL << r->extent_order, j;
        xen_pfn_t gfn;

        if (copy_from_guest(&gfn, list, sizeof(gfn)))
            break;
        for (j = 0; j < n; j++)
            if (!(cmd == XENMEM_populate_physmap
                      ? populate_one(d, gfn + j, r->mem_flags)
                      : decrease_one(d, gfn + j)))
                break;
        if (j < n)
            break;
    }
    return (long)i;
}

int p2m_map_xen_frame(struct domain *d, unsigned long gfn, unsigned long mfn,
                      unsigned long *old_gfn)
{
    uint64_t *e;
    unsigned long ram;

    if (gfn > P2M_MAX_GFN)
        return -EINVAL;
    /* A RAM frame at gfn goes back as decrease_reservation gives it; one
     * the domain cannot give (mapped elsewhere) stays the domain's
     * until it is destroyed, only no longer in its p2m (Xen drops it). */
    ram = p2m_lookup(d, gfn);
    if (ram != INVALID_MFN_P2M && !decrease_one(d, gfn))
        p2m_remove(d, gfn);
    spin_lock(&d->hvm.p2m_lock);
    if (!d->hvm.p2m_root || !(e = leaf_entry(d, gfn, true))) {
        spin_unlock(&d->hvm.p2m_lock);
        return -ENOMEM;
    }
    if (*old_gfn != ~0UL && *old_gfn != gfn) {
        uint64_t *o = leaf_entry(d, *old_gfn, false);

        if (o && (*o & NPT_P) && NPT_TYPE_OF(*o) == P2M_XEN_FRAME &&
            ((*o & NPT_ADDR) >> PAGE_SHIFT) == mfn)
            *o = 0;
    }
    *e = ((uint64_t)mfn << PAGE_SHIFT) | NPT_P | NPT_RW | NPT_US | NPT_A |
         NPT_D | NPT_TYPE(P2M_XEN_FRAME);
    if (gfn > d->hvm.max_gfn)
        d->hvm.max_gfn = gfn;
    *old_gfn = gfn;
    spin_unlock(&d->hvm.p2m_lock);
    /* Nothing may keep the old translations (every VMRUN flushes the
     * guest's TLB; this makes CPUs in guest mode exit). */
    flush_tlb_mask(&cpu_online_map);
    return 0;
}
