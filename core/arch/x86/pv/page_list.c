/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The list of frames a PV domain owns (for teardown), threaded through
 * page_info.list as frame numbers, and the accounting that goes with it
 * (tot_pages against max_pages).  Locking: d->lock protects the list,
 * tot_pages, max_pages and is_dying together, so a limit check and the
 * assignment it allows are one step.
 */
#include <xenith/domain.h>
#include <xenith/mm.h>
#include <xenith/asm/pv/logdirty.h>
#include <xenith/asm/pv/mm.h>

static struct page_info *frame(uint32_t mfn)
{
    return pv_mm_arch_page(mfn);
}

/* d->lock held. */
static void list_add_locked(struct domain *d, struct page_info *pg)
{
    uint32_t mfn = (uint32_t)pv_mm_arch_page_to_mfn(pg);

    pg->list.prev = PAGE_LIST_NULL;
    pg->list.next = d->pv.page_head;
    if (d->pv.page_head != PAGE_LIST_NULL)
        frame(d->pv.page_head)->list.prev = mfn;
    d->pv.page_head = mfn;
    d->tot_pages++;
}

void pv_page_list_add(struct domain *d, struct page_info *pg)
{
    spin_lock(&d->lock);
    list_add_locked(d, pg);
    spin_unlock(&d->lock);
}

void pv_page_list_del(struct domain *d, struct page_info *pg)
{
    spin_lock(&d->lock);
    if (pg->list.prev != PAGE_LIST_NULL)
        frame(pg->list.prev)->list.next = pg->list.next;
    else
        d->pv.page_head = pg->list.next;
    if (pg->list.next != PAGE_LIST_NULL)
        frame(pg->list.next)->list.prev = pg->list.prev;
    pg->list.next = pg->list.prev = PAGE_LIST_NULL;
    d->tot_pages--;
    spin_unlock(&d->lock);
}

bool pv_assign_pages(struct domain *d, struct page_info *pg, unsigned long n,
                     bool check_max)
{
    spin_lock(&d->lock);
    if (d->is_dying ||
        (check_max && (n > d->max_pages || d->tot_pages > d->max_pages - n))) {
        spin_unlock(&d->lock);
        return false;
    }
    for (unsigned long i = 0; i < n; i++) {
        pg[i].u.type_info = 0;
        __atomic_store_n(&pg[i].owner, d->domain_id, __ATOMIC_RELEASE);
        __atomic_store_n(&pg[i].count_info, PGC_state_inuse | PGC_allocated | 1,
                         __ATOMIC_RELEASE);
        list_add_locked(d, &pg[i]);
    }
    spin_unlock(&d->lock);
    pv_logdirty_frames_added(d, pg, n);
    return true;
}

bool pv_steal_page(struct domain *d, struct page_info *pg)
{
    unsigned long want = PGC_state_inuse | PGC_allocated | 1;

    if (__atomic_load_n(&pg->owner, __ATOMIC_ACQUIRE) != d->domain_id ||
        (pg->count_info & PGC_xen_heap) || (pg->u.type_info & PGT_count_mask))
        return false;
    /* Only the allocation's reference: nobody can take another one once
     * it is gone (references are only taken on top of an existing one). */
    if (!__atomic_compare_exchange_n(&pg->count_info, &want, PGC_state_inuse,
                                     false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return false;
    pv_page_list_del(d, pg);
    pg->owner = DOMID_INVALID_OWNER;
    pg->u.type_info = 0;
    return true;
}
