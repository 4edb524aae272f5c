/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the grant-table code (common/grant) needs from the PV memory
 * model: shared table frames, frame references and writable types, and
 * host mappings installed through the PV MMU.
 *
 * A host mapping is an ordinary level-1 entry of the mapping domain
 * naming the granting domain as the page owner, so it holds the same
 * references any mapping holds and stays balanced whatever the guest
 * later does with the entry; the grant's own pin references are taken
 * separately by the grant code.
 */
#include <public/grant_table.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/asm/current.h>
#include <xenith/grant.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/smp.h>
#include <xenith/asm/processor.h>

static struct gnttab_dom *hk_domain_gnttab(struct domain *d)
{
    return &d->gnttab;
}

static void *hk_alloc_frame(struct domain *d, xen_pfn_t *frame)
{
    void *va = alloc_zeroed_page();
    struct page_info *pg;

    if (!va)
        return NULL;
    pg = virt_to_page(va);
    pg->owner = d->domain_id;
    pg->u.type_info = PGT_writable_page | PGT_validated | 1;
    __atomic_store_n(&pg->count_info,
                     PGC_state_inuse | PGC_xen_heap | PGC_allocated | 1,
                     __ATOMIC_RELEASE);
    *frame = page_to_pfn(pg);
    return va;
}

static void hk_free_frame(struct domain *d, void *va, xen_pfn_t frame)
{
    struct page_info *pg = pfn_to_page(frame);

    (void)d;
    pg->owner = DOMID_INVALID_OWNER;
    pg->u.type_info = 0;
    pg->count_info = PGC_state_inuse | PGC_xen_heap;
    free_xenheap_page(va);
}

/* Free a table frame unless the guest still holds a reference (maps it):
 * dropping the allocation reference atomically stops new mappings. */
static bool hk_release_frame(struct domain *d, void *va, xen_pfn_t frame)
{
    struct page_info *pg = pfn_to_page(frame);
    unsigned long x = PGC_state_inuse | PGC_xen_heap | PGC_allocated | 1;

    if (!__atomic_compare_exchange_n(&pg->count_info, &x,
                                     PGC_state_inuse | PGC_xen_heap, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return false;
    hk_free_frame(d, va, frame);
    return true;
}

static int hk_get_frame(struct domain *d, xen_pfn_t gfn, xen_pfn_t *mfn)
{
    if (!pv_get_page_from_mfn(gfn, d->domain_id))
        return GNTST_bad_page;
    *mfn = gfn;
    return GNTST_okay;
}

static void hk_put_frame(xen_pfn_t mfn)
{
    struct page_info *pg = pv_mm_arch_page(mfn);

    if (pg)
        pv_put_page(pg);
}

static bool hk_get_writable(xen_pfn_t mfn)
{
    struct page_info *pg = pv_mm_arch_page(mfn);

    return pg && pv_get_page_type(pg, PGT_writable_page) == 0;
}

static void hk_put_writable(xen_pfn_t mfn)
{
    struct page_info *pg = pv_mm_arch_page(mfn);

    if (pg)
        pv_put_page_type(pg);
}

static void *hk_map_frame(xen_pfn_t mfn)
{
    return __va(mfn << PAGE_SHIFT);
}

static void hk_unmap_frame(void *va)
{
    (void)va;
}

/* The L1 frame and slot addr names: a VA in ld's (current) page tables,
 * or with GNTMAP_contains_pte the machine address of the entry. */
static bool host_slot(uint64_t addr, uint32_t flags, unsigned long *l1,
                      unsigned int *slot)
{
    if (flags & GNTMAP_contains_pte) {
        if (addr & 7)
            return false;
        *l1 = addr >> PAGE_SHIFT;
        *slot = (unsigned int)((addr & (PAGE_SIZE - 1)) / 8);
        return true;
    }
    *l1 = pv_guest_l1_frame(&current->pv.mm, addr);
    *slot = (unsigned int)((addr >> PAGE_SHIFT) & 511);
    return *l1 != 0;
}

static int hk_create_host_mapping(struct domain *ld, uint64_t addr,
                                  xen_pfn_t mfn, uint32_t flags)
{
    struct page_info *pg = pv_mm_arch_page(mfn);
    uint64_t pte = (mfn << PAGE_SHIFT) | PTE_PRESENT | PTE_USER | PTE_ACCESSED;
    unsigned long l1;
    unsigned int slot;

    if (!pg || !host_slot(addr, flags, &l1, &slot))
        return GNTST_general_error;
    if (!(flags & GNTMAP_readonly))
        pte |= PTE_RW | PTE_DIRTY;
    if (pv_mod_l1_entry(l1, slot, pte, ld->domain_id,
                        (domid_t)__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE)))
        return GNTST_general_error;
    return GNTST_okay;
}

static int hk_destroy_host_mapping(struct domain *ld, uint64_t addr,
                                   xen_pfn_t mfn, uint32_t flags)
{
    unsigned long l1;
    unsigned int slot;
    uint64_t cur;

    if (!host_slot(addr, flags, &l1, &slot) || !pv_mm_arch_page(l1))
        return GNTST_general_error;
    cur = ((volatile uint64_t *)__va(l1 << PAGE_SHIFT))[slot];
    if (!(cur & PTE_PRESENT) || PTE_MFN(cur) != mfn)
        return GNTST_general_error;
    if (pv_mod_l1_entry(l1, slot, 0, ld->domain_id, ld->domain_id))
        return GNTST_general_error;
    return GNTST_okay;
}

/*
 * unmap_and_replace: move what ld maps at new_addr to the grant's slot at
 * addr (its references with it) and clear new_addr's entry, as Xen's
 * steal-and-transplant.  Once stolen, a failure drops the moved entry.
 */
static int hk_replace_host_mapping(struct domain *ld, uint64_t addr,
                                   xen_pfn_t mfn, uint64_t new_addr,
                                   uint32_t flags)
{
    unsigned long l1, nl1;
    unsigned int slot;
    uint64_t moved;

    if (!new_addr)
        return hk_destroy_host_mapping(ld, addr, mfn, flags);
    if (flags & GNTMAP_contains_pte)
        return GNTST_general_error; /* not in this addressing mode */
    nl1 = pv_guest_l1_frame(&current->pv.mm, new_addr);
    if (!nl1 || pv_l1_steal(nl1, (unsigned int)((new_addr >> PAGE_SHIFT) & 511),
                            ld->domain_id, &moved))
        return GNTST_general_error;
    if (!host_slot(addr, flags, &l1, &slot) ||
        pv_l1_transplant(l1, slot, ld->domain_id, mfn,
                         !(flags & GNTMAP_readonly), moved)) {
        pv_put_page_from_entry(1, moved, 0);
        return GNTST_general_error;
    }
    return GNTST_okay;
}

static int hk_get_frame_owner(xen_pfn_t mfn, domid_t *owner)
{
    struct page_info *pg = pv_mm_arch_page(mfn);
    domid_t o;

    if (!pg)
        return -EINVAL;
    o = (domid_t)__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE);
    if (!pv_get_page(pg, o))
        return -EPERM;
    *owner = o;
    return 0;
}

/* CLFLUSH is architectural on x86-64; 64 bytes is the smallest line. */
static void hk_flush_cache(void *va, unsigned int len)
{
    uintptr_t p = (uintptr_t)va & ~(uintptr_t)63, end = (uintptr_t)va + len;

    __asm__ volatile("mfence" ::: "memory");
    for (; p < end; p += 64)
        __asm__ volatile("clflush (%0)" ::"r"(p) : "memory");
    __asm__ volatile("mfence" ::: "memory");
}

static void hk_flush_tlb(struct domain *ld)
{
    (void)ld;
    flush_tlb_mask(&cpu_online_map);
}

static const struct gnttab_hooks pv_gnttab_hooks = {
    .domain_gnttab = hk_domain_gnttab,
    .domain_get_any = get_domain_by_id_any,
    .alloc_frame = hk_alloc_frame,
    .free_frame = hk_free_frame,
    .release_frame = hk_release_frame,
    .get_frame = hk_get_frame,
    .put_frame = hk_put_frame,
    .get_writable = hk_get_writable,
    .put_writable = hk_put_writable,
    .map_frame = hk_map_frame,
    .unmap_frame = hk_unmap_frame,
    .create_host_mapping = hk_create_host_mapping,
    .destroy_host_mapping = hk_destroy_host_mapping,
    .replace_host_mapping = hk_replace_host_mapping,
    .get_frame_owner = hk_get_frame_owner,
    .flush_cache = hk_flush_cache,
    .flush_tlb = hk_flush_tlb,
};

void pv_gnttab_hooks_init(void)
{
    if (gnttab_hooks)
        return;
    if (gnttab_set_hooks(&pv_gnttab_hooks))
        panic("grant table hooks refused");
}
