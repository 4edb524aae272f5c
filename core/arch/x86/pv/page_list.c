/*
 * The list of frames a PV domain owns (for teardown), threaded through
 * page_info.list as frame numbers.  Locking: d->lock.
 */
#include <xenith/domain.h>
#include <xenith/mm.h>

void pv_page_list_add(struct domain *d, struct page_info *pg)
{
    uint32_t pfn = (uint32_t)page_to_pfn(pg);

    spin_lock(&d->lock);
    pg->list.prev = PAGE_LIST_NULL;
    pg->list.next = d->pv.page_head;
    if (d->pv.page_head != PAGE_LIST_NULL)
        pfn_to_page(d->pv.page_head)->list.prev = pfn;
    d->pv.page_head = pfn;
    d->pv.tot_pages++;
    spin_unlock(&d->lock);
}

void pv_page_list_del(struct domain *d, struct page_info *pg)
{
    spin_lock(&d->lock);
    if (pg->list.prev != PAGE_LIST_NULL)
        pfn_to_page(pg->list.prev)->list.next = pg->list.next;
    else
        d->pv.page_head = pg->list.next;
    if (pg->list.next != PAGE_LIST_NULL)
        pfn_to_page(pg->list.next)->list.prev = pg->list.prev;
    pg->list.next = pg->list.prev = PAGE_LIST_NULL;
    d->pv.tot_pages--;
    spin_unlock(&d->lock);
}
