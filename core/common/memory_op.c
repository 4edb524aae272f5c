/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memory_op (#12) for PV domains: queries (maximum_ram_page, current and
 * maximum reservation, maximum_gpfn, machphys_mapping, machphys_mfn_list, the
 * host E820 for the control domain) and the reservation changes a balloon
 * driver makes (decrease_reservation, populate_physmap,
 * increase_reservation, exchange).
 *
 * Xen 4.17's conventions: reservation calls return the number of extents
 * done, counted from the start extent in cmd's high bits (a missing or
 * forbidden domain, an unreadable argument, a bad list or a frame that is
 * not the domain's simply stop the count); the other common commands
 * refuse a start extent (-EINVAL), and the x86 ones are unknown with one;
 * another domain than the caller's is -EPERM unless the caller is the
 * control domain; a PV dom0's own memory_map is -ENOSYS; unknown
 * commands -ENOSYS; a bad argument pointer -EFAULT.  For a PV guest the
 * extent lists carry machine frame numbers out, and populate records the
 * new frame's M2P entry as the pfn the guest passed in.
 *
 * A frame is given back only when nothing maps or types it any more (its
 * only reference is the allocation's); otherwise that extent fails.
 */
#include <public/memory.h>
#include <xenith/arch_domctl.h>
#include <xenith/buddy.h>
#include <xenith/bootinfo.h>
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/grant.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/mm.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>
#include <xenith/subop.h>
#include <xenith/asm/page.h>

#define MAX_ORDER_PV 9

/* The tables' context: the guest address of the argument, for the
 * commands that write part of it back whatever the result, and the start
 * extent (cmd >> MEMOP_EXTENT_SHIFT) for the SUBOP_CONT ones. */
struct memop_call {
    uint64_t arg;
    unsigned long start;
};

/*
 * The domain a command names, with a reference, as Xen 4.17 finds it
 * (by any id, then its XSM_TARGET check): DOMID_SELF or the caller's own
 * id is the caller; another domain -ESRCH if there is none (or it is
 * dying), -EPERM unless the caller is the control domain.
 */
static long memop_target(domid_t domid, struct domain **dp)
{
    struct domain *cur = current->domain, *d;

    if (domid == DOMID_SELF || domid == cur->domain_id) {
        get_domain(cur);
        *dp = cur;
        return 0;
    }
    if (!(d = get_domain_by_id(domid)))
        return -ESRCH;
    if (!cur->is_privileged) {
        put_domain(d);
        return -EPERM;
    }
    *dp = d;
    return 0;
}

/*
 * Allocate 2^order frames for d below 2^bits bytes (0: anywhere), within
 * its max_pages (checked when they are assigned, under d->lock).  As in
 * Xen 4.17, the frames come from d's node affinity (round robin over its
 * nodes, then any node), or from the node mem_flags name (XENMEMF_node;
 * only that node with XENMEMF_exact_node_request).  XENMEMF_vnode names
 * a virtual node, which only a guest with a vNUMA layout has: none here,
 * so it places nothing.
 */
static struct page_info *alloc_for(struct domain *d, unsigned int order,
                                   uint32_t mem_flags)
{
    struct page_info *pg;
    unsigned long n = 1UL << order;
    unsigned int bits = XENMEMF_get_address_bits(mem_flags);
    unsigned int node = XENMEMF_get_node(mem_flags);
    bool exact = mem_flags & XENMEMF_exact_node_request;

    if (mem_flags & XENMEMF_vnode) {
        node = BUDDY_ANY_NODE;
        exact = false;
    }
    if (n > READ_ONCE(d->max_pages))
        return NULL; /* cannot fit: do not take frames from the heap */
    pg = heap_alloc_domain_pages(order, domain_node_affinity(d), node, exact,
                                 &d->last_alloc_node);
    if (!pg)
        return NULL;
    if (bits && bits < 64 &&
        ((page_to_pfn(pg) + n) << PAGE_SHIFT) > (1UL << bits)) {
        free_heap_pages(pg, order);
        return NULL;
    }
    /* Heap pages come scrubbed (common/page_alloc.c). */
    if (!pv_assign_pages(d, pg, n, true)) {
        free_heap_pages(pg, order);
        return NULL;
    }
    return pg;
}

/* Free frames d gave up (pv_steal_page): no M2P entry, no stale
 * translation on any CPU before they return to the heap. */
static void forget_frames(unsigned long mfn, unsigned long n)
{
    for (unsigned long j = 0; j < n; j++)
        set_gpfn_from_mfn(mfn + j, INVALID_M2P_ENTRY);
}

/* Only after a TLB flush that followed forget_frames(). */
static void free_frames(unsigned long mfn, unsigned long n)
{
    for (unsigned long j = 0; j < n; j++)
        free_heap_pages(pfn_to_page(mfn + j), 0);
}

static void free_stolen(unsigned long mfn, unsigned long n)
{
    forget_frames(mfn, n);
    flush_tlb_mask(&cpu_online_map);
    free_frames(mfn, n);
}

/* Return frames mfn..mfn+n-1 taken with pv_steal_page to d (a dying d
 * gets none: they are freed). */
static void give_back(struct domain *d, unsigned long mfn, unsigned long n)
{
    for (unsigned long j = 0; j < n; j++)
        if (!pv_assign_pages(d, pfn_to_page(mfn + j), 1, false))
            free_stolen(mfn + j, 1);
}

/* Take back frame mfn from d if only the allocation holds it. */
static bool remove_page(struct domain *d, unsigned long mfn)
{
    struct page_info *pg = pv_mm_arch_page(mfn);

    if (!pg || !pv_steal_page(d, pg))
        return false;
    free_stolen(mfn, 1);
    return true;
}

/*
 * decrease / populate / increase: the extents done, counted from the
 * start extent (a continuation starts there; Xen 4.17 makes them, and a
 * guest may too).  As Xen 4.17, a request that cannot be encoded as a
 * continuation (more than UINT_MAX >> MEMOP_EXTENT_SHIFT extents) or
 * whose start is past its end does nothing.
 */
static long op_reservation(void *ctx, unsigned long cmd, void *arg)
{
    const struct xen_memory_reservation *rp = arg, r = *rp;
    unsigned long i = ((const struct memop_call *)ctx)->start;
    struct domain *d;
    uint64_t list;

    if (r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) ||
        i >= r.nr_extents || r.extent_order > MAX_ORDER_PV)
        return (long)i;
    if (memop_target(r.domid, &d))
        return (long)i;
    memcpy(&list, &r.extent_start, sizeof(list));
    if (arch_domain_translated(d)) {
        /* Guest frame numbers through the domain's p2m, from the start
         * extent on. */
        struct xen_memory_reservation rest = r;
        long done;

        rest.nr_extents -= i;
        done = arch_translated_reservation(d, (unsigned int)cmd, &rest,
                                           list + i * sizeof(xen_pfn_t));
        put_domain(d);
        return (long)i + done;
    }
    for (list += i * sizeof(xen_pfn_t); i < r.nr_extents;
         i++, list += sizeof(xen_pfn_t)) {
        xen_pfn_t f;
        struct page_info *pg;
        unsigned long n = 1UL << r.extent_order, mfn;

        if (cmd != XENMEM_increase_reservation &&
            copy_from_guest(&f, list, sizeof(f)))
            break;
        if (cmd == XENMEM_decrease_reservation) {
            unsigned long j;

            for (j = 0; j < n && remove_page(d, f + j); j++)
                ;
            if (j < n)
                break;
            continue;
        }
        pg = alloc_for(d, r.extent_order, r.mem_flags);
        if (!pg)
            break;
        mfn = page_to_pfn(pg);
        for (unsigned long j = 0; j < n; j++)
            set_gpfn_from_mfn(mfn + j, cmd == XENMEM_populate_physmap
                                           ? f + j
                                           : INVALID_M2P_ENTRY);
        f = mfn;
        if (copy_to_guest(list, &f, sizeof(f)))
            break;
    }
    put_domain(d);
    return (long)i;
}

/* Give back the first `pages` frames of the input extents in[]. */
static void give_back_extents(struct domain *d, const xen_pfn_t *in,
                              unsigned int order, unsigned long pages)
{
    for (unsigned long k = 0; pages; k++) {
        unsigned long n = pages < (1UL << order) ? pages : 1UL << order;

        give_back(d, in[k], n);
        pages -= n;
    }
}

/*
 * Replace one chunk: nin input extents by nout output extents of the same
 * total size (Linux asks 2^order single frames for one contiguous extent,
 * and the reverse).  The input frames are taken from the domain first
 * (each must be referenced by its allocation only), so the new extents
 * fit in the room they leave; both lists are read once; on any failure
 * the frames are given back and nothing has changed, except when only
 * writing the new frame numbers back failed (-EFAULT after the exchange).
 */
static int exchange_chunk(struct domain *d, const struct xen_memory_exchange *e,
                          unsigned long nin, unsigned long nout,
                          uint64_t in_list, uint64_t out_list)
{
    unsigned int io = e->in.extent_order, oo = e->out.extent_order;
    xen_pfn_t *in = xmalloc_bytes(nin * sizeof(*in));
    xen_pfn_t *gpfn = xmalloc_bytes(nout * sizeof(*gpfn));
    unsigned long *mfn = xmalloc_bytes(nout * sizeof(*mfn));
    unsigned long k, j, taken = 0;
    int rc = -ENOMEM;

    if (!in || !gpfn || !mfn)
        goto out;
    rc = -EFAULT;
    if (copy_from_guest(in, in_list, nin * sizeof(*in)) ||
        copy_from_guest(gpfn, out_list, nout * sizeof(*gpfn)))
        goto out;
    rc = -EINVAL;
    for (k = 0; k < nin; k++)
        for (j = 0; j < (1UL << io); j++, taken++) {
            struct page_info *p = pv_mm_arch_page(in[k] + j);

            if (!p || !pv_steal_page(d, p))
                goto undo;
        }
    rc = -ENOMEM;
    for (k = 0; k < nout; k++) {
        struct page_info *pg = alloc_for(d, oo, e->out.mem_flags);

        if (!pg) {
            while (k--)
                for (j = 0; j < (1UL << oo); j++)
                    remove_page(d, mfn[k] + j);
            goto undo;
        }
        mfn[k] = page_to_pfn(pg);
    }
    /* As free_stolen(), with one flush for the whole chunk. */
    for (k = 0; k < nin; k++)
        forget_frames(in[k], 1UL << io);
    flush_tlb_mask(&cpu_online_map);
    for (k = 0; k < nin; k++)
        free_frames(in[k], 1UL << io);
    /* Exchanged now; if the guest's list cannot take a new frame
     * number, the chunk is not counted in nr_exchanged (as Xen 4.17). */
    rc = 0;
    for (k = 0; k < nout; k++) {
        xen_pfn_t m = mfn[k];

        for (j = 0; j < (1UL << oo); j++)
            set_gpfn_from_mfn(mfn[k] + j, gpfn[k] + j);
        if (copy_to_guest(out_list + k * sizeof(m), &m, sizeof(m)))
            rc = -EFAULT;
    }
    goto out;
undo:
    give_back_extents(d, in, io, taken);
out:
    xfree(in);
    xfree(gpfn);
    xfree(mfn);
    return rc;
}

/*
 * XENMEM_exchange: in.nr_extents extents of 2^in.extent_order frames for
 * out.nr_extents of 2^out.extent_order, the same number of frames, in
 * chunks of the larger order.  nr_exchanged counts input extents done
 * (a restart continues from it).
 */
static long op_exchange(void *ctx, unsigned long cmd, void *arg)
{
    const struct memop_call *call = ctx;
    struct xen_memory_exchange e = *(struct xen_memory_exchange *)arg;
    uint64_t in_list, out_list;
    unsigned int io, oo, top;
    unsigned long nin, nout;
    struct domain *d;
    long rc = 0;

    io = e.in.extent_order;
    oo = e.out.extent_order;
    if (io > MAX_ORDER_PV || oo > MAX_ORDER_PV || e.in.domid != e.out.domid ||
        ((uint64_t)e.in.nr_extents << io) != ((uint64_t)e.out.nr_extents << oo))
        return -EINVAL;
    top = io > oo ? io : oo;
    nin = 1UL << (top - io);
    nout = 1UL << (top - oo);
    if ((e.in.nr_extents & (nin - 1)) || (e.nr_exchanged & (nin - 1)))
        return -EINVAL;
    if ((rc = memop_target(e.in.domid, &d)))
        return rc;
    memcpy(&in_list, &e.in.extent_start, sizeof(in_list));
    memcpy(&out_list, &e.out.extent_start, sizeof(out_list));
    in_list += e.nr_exchanged * sizeof(xen_pfn_t);
    out_list += (e.nr_exchanged / nin) * nout * sizeof(xen_pfn_t);
    while (e.nr_exchanged < e.in.nr_extents) {
        rc = exchange_chunk(d, &e, nin, nout, in_list, out_list);
        if (rc)
            break;
        e.nr_exchanged += nin;
        in_list += nin * sizeof(xen_pfn_t);
        out_list += nout * sizeof(xen_pfn_t);
    }
    put_domain(d);
    if (copy_to_guest(call->arg +
                          offsetof(struct xen_memory_exchange, nr_exchanged),
                      &e.nr_exchanged, sizeof(e.nr_exchanged)))
        return -EFAULT;
    return rc;
}

/* Machine address behind a hypervisor VA (idle page tables), or 0. */
static paddr_t hv_va_to_pa(unsigned long va)
{
    pgentry_t e = idle_pg_table[l4_index(va)];

    if (!(e & _PAGE_PRESENT))
        return 0;
    e = ((pgentry_t *)__va(e & PADDR_MASK))[l3_index(va)];
    if (!(e & _PAGE_PRESENT))
        return 0;
    e = ((pgentry_t *)__va(e & PADDR_MASK))[l2_index(va)];
    if (!(e & _PAGE_PRESENT))
        return 0;
    if (e & _PAGE_PSE)
        return (e & PADDR_MASK & ~(L2_PAGE_SIZE - 1)) +
               (va & (L2_PAGE_SIZE - 1));
    e = ((pgentry_t *)__va(e & PADDR_MASK))[l1_index(va)];
    return (e & _PAGE_PRESENT) ? (e & PADDR_MASK) : 0;
}

/* machphys_mfn_list: the first frame of every 2 MiB of the M2P. */
static long op_m2p_frames(void *ctx, unsigned long cmd, void *arg)
{
    struct xen_machphys_mfn_list *ml = arg;
    unsigned long bytes = max_page * sizeof(unsigned long);
    uint64_t list;
    uint32_t i = 0;

    memcpy(&list, &ml->extent_start, sizeof(list));
    for (unsigned long off = 0; off < bytes && i < ml->max_extents;
         off += L2_PAGE_SIZE, i++) {
        xen_pfn_t mfn = hv_va_to_pa(RDWR_MPT_VIRT_START + off) >> PAGE_SHIFT;

        if (copy_to_guest(list + i * sizeof(mfn), &mfn, sizeof(mfn)))
            return -EFAULT;
    }
    ml->nr_extents = i;
    return 0;
}

/* The host E820 (control domain only). */
static long op_machine_map(void *ctx, unsigned long cmd, void *arg)
{
    struct xen_memory_map *m = arg;
    struct xen_e820_entry e;
    uint64_t buf;
    uint32_t n = 0;

    memcpy(&buf, &m->buffer, sizeof(buf));
    for (; n < boot_info.e820.nr_map && n < m->nr_entries; n++) {
        e.addr = boot_info.e820.map[n].addr;
        e.size = boot_info.e820.map[n].size;
        e.type = boot_info.e820.map[n].type;
        if (copy_to_guest(buf + n * sizeof(e), &e, sizeof(e)))
            return -EFAULT;
    }
    m->nr_entries = n;
    return 0;
}

/* The E820 a domain's toolstack gives it (Xen 4.17: more than 1024
 * entries -EINVAL before the domain is looked up). */
static long op_set_memory_map(void *ctx, unsigned long cmd, void *arg)
{
    const struct xen_foreign_memory_map *f = arg;
    struct domain *d;
    uint64_t buf;
    long rc;

    if (f->map.nr_entries > 1024)
        return -EINVAL;
    if ((rc = memop_target(f->domid, &d)))
        return rc;
    memcpy(&buf, &f->map.buffer, sizeof(buf));
    rc = arch_set_memory_map(d, f->map.nr_entries, buf);
    put_domain(d);
    return rc;
}

static long gnttab_status_to_errno(int16_t st)
{
    switch (st) {
    case GNTST_okay:
        return 0;
    case GNTST_bad_domain:
        return -ESRCH;
    case GNTST_permission_denied:
        return -EPERM;
    case GNTST_bad_virt_addr:
        return -EFAULT;
    default:
        return -EINVAL;
    }
}

/*
 * acquire_resource: the frames of a domain's shared grant table (id 0),
 * for a PV caller as machine frames it then maps.  Frames from 0 grow
 * the table as setup_table does; a later window must already exist.
 * nr_frames 0 with no list asks for the size.  The status frames of a
 * version 2 table (id 1) come from common/grant.  Other resources:
 * -EOPNOTSUPP.
 */
/* acquire_resource's status id: 32 frames at a time. */
static long acquire_status(uint64_t arg, struct xen_mem_acquire_resource *r,
                           uint64_t list, struct domain *d)
{
    xen_pfn_t f[32];
    long rc = 0;

    if (!list) {
        if (r->nr_frames)
            return -EINVAL;
        r->nr_frames = gnttab_status_max_frames(&d->gnttab);
        return copy_to_guest(arg, r, sizeof(*r));
    }
    if (!r->nr_frames)
        return -EINVAL;
    for (uint32_t i = 0; !rc && i < r->nr_frames; i += 32) {
        uint32_t n = r->nr_frames - i < 32 ? r->nr_frames - i : 32;

        rc = gnttab_acquire_status(&d->gnttab, r->frame + i, n, f);
        if (!rc && copy_to_guest(list + i * sizeof(xen_pfn_t), f,
                                 n * sizeof(xen_pfn_t)))
            rc = -EFAULT;
    }
    return rc;
}

static long op_acquire_resource(void *ctx, unsigned long cmd, void *argp)
{
    const struct memop_call *call = ctx;
    uint64_t arg = call->arg;
    struct xen_mem_acquire_resource r =
        *(struct xen_mem_acquire_resource *)argp;
    struct domain *cur = current->domain, *d;
    uint64_t list;
    long rc = 0;

    memcpy(&list, &r.frame_list, sizeof(list));
    if (r.type != XENMEM_resource_grant_table)
        return -EOPNOTSUPP;
    if (r.id != XENMEM_resource_grant_table_id_shared &&
        r.id != XENMEM_resource_grant_table_id_status)
        return -EINVAL;
    if ((rc = memop_target(r.domid, &d)))
        return rc;
    if (call->start) {
        /* A continuation: the frames from the start extent on. */
        if (!list || call->start >= r.nr_frames) {
            put_domain(d);
            return -EINVAL;
        }
        r.frame += call->start;
        r.nr_frames -= (uint32_t)call->start;
        list += call->start * sizeof(xen_pfn_t);
    }
    if (r.id == XENMEM_resource_grant_table_id_status) {
        rc = acquire_status(arg, &r, list, d);
        put_domain(d);
        return rc;
    }
    if (!r.nr_frames && !list) {
        r.nr_frames = d->gnttab.max_frames;
        put_domain(d);
        return copy_to_guest(arg, &r, sizeof(r));
    }
    if (r.frame == 0) {
        gnttab_setup_table_t st = { .dom = d->domain_id,
                                    .nr_frames = r.nr_frames };

        memcpy(&st.frame_list, &list, sizeof(list));
        gnttab_setup_table(cur, &st);
        rc = gnttab_status_to_errno(st.status);
    } else {
        spin_lock(&d->gnttab.lock);
        if (r.frame + r.nr_frames > d->gnttab.nr_frames ||
            r.frame + r.nr_frames < r.frame)
            rc = -EINVAL;
        for (uint32_t i = 0; !rc && i < r.nr_frames; i++)
            if (copy_to_guest(list + i * sizeof(xen_pfn_t),
                              &d->gnttab.frames[r.frame + i],
                              sizeof(xen_pfn_t)))
                rc = -EFAULT;
        spin_unlock(&d->gnttab.lock);
    }
    put_domain(d);
    return rc;
}

/* current_reservation, maximum_reservation, maximum_gpfn. */
static long op_domain_pages(void *ctx, unsigned long cmd, void *arg)
{
    struct domain *d;
    long rc;

    if ((rc = memop_target(*(domid_t *)arg, &d)))
        return rc;
    if (cmd == XENMEM_maximum_gpfn)
        rc = (long)arch_domain_max_gpfn(d);
    else
        rc = (long)(cmd == XENMEM_current_reservation ? d->tot_pages
                                                      : d->max_pages);
    put_domain(d);
    return rc;
}

/*
 * get_vnumainfo: Xenith gives no domain a virtual NUMA topology, so every
 * existing domain the caller may ask about has none: -EOPNOTSUPP, as Xen
 * 4.17 answers for a domain without one (a toolstack's save relies on
 * it: a domain with vNUMA cannot be saved).
 */
static long op_vnuma_info(void *ctx, unsigned long cmd, void *arg)
{
    const struct xen_vnuma_topology_info *t = arg;
    struct domain *d;
    long rc;

    if (t->pad)
        return -EINVAL;
    if ((rc = memop_target(t->domid, &d)))
        return rc;
    put_domain(d);
    return -EOPNOTSUPP;
}

static long op_maximum_ram_page(void *ctx, unsigned long cmd, void *arg)
{
    return (long)max_page;
}

static long op_machphys_mapping(void *ctx, unsigned long cmd, void *arg)
{
    struct xen_machphys_mapping *mm = arg;

    mm->v_start = RO_MPT_VIRT_START;
    mm->v_end = RO_MPT_VIRT_START +
                ROUNDUP(max_page * sizeof(unsigned long), PAGE_SIZE);
    mm->max_mfn = max_page - 1;
    return 0;
}

#define MEMOP(cmd, type, handler, who, fl) \
    SUBOP(XENMEM_##cmd, #cmd, type, handler, who, fl)

/*
 * The commands common to every architecture in Xen 4.17, by cmd's low
 * bits; only the SUBOP_CONT ones take a start extent in its high bits
 * (the others -EINVAL).  Those naming a domain (the reservation calls,
 * exchange, the reservation queries, get_vnumainfo, acquire_resource)
 * find it with memop_target(); a reservation call that cannot reports
 * no extent done.
 */
static const struct subop memory_ops[] = {
    MEMOP(increase_reservation, struct xen_memory_reservation, op_reservation,
          ANY, SUBOP_IN | SUBOP_CONT),
    MEMOP(decrease_reservation, struct xen_memory_reservation, op_reservation,
          ANY, SUBOP_IN | SUBOP_CONT),
    SUBOP_NOARG(XENMEM_maximum_ram_page, "maximum_ram_page",
                op_maximum_ram_page, ANY, 0),
    MEMOP(current_reservation, domid_t, op_domain_pages, ANY, SUBOP_IN),
    MEMOP(maximum_reservation, domid_t, op_domain_pages, ANY, SUBOP_IN),
    MEMOP(populate_physmap, struct xen_memory_reservation, op_reservation, ANY,
          SUBOP_IN | SUBOP_CONT),
    MEMOP(exchange, struct xen_memory_exchange, op_exchange, ANY, SUBOP_IN),
    MEMOP(maximum_gpfn, domid_t, op_domain_pages, ANY, SUBOP_IN),
    MEMOP(get_vnumainfo, struct xen_vnuma_topology_info, op_vnuma_info, ANY,
          SUBOP_IN),
    MEMOP(acquire_resource, struct xen_mem_acquire_resource,
          op_acquire_resource, ANY, SUBOP_IN | SUBOP_CONT),
};
static SUBOP_TABLE(memory_table, "memory_op", memory_ops);

/*
 * The x86 commands, by the whole of cmd as Xen 4.17 looks them up (no
 * start extent: with one they are unknown).  The rest (memory_map: a PV
 * domain has no pseudo-physical map here; add_to_physmap and the other
 * translated-guest, paging and sharing commands) are -ENOSYS.
 */
static const struct subop arch_memory_ops[] = {
    MEMOP(machphys_mfn_list, struct xen_machphys_mfn_list, op_m2p_frames, ANY,
          SUBOP_IN | SUBOP_OUT),
    /* Xen 4.17 refuses others before reading the argument. */
    MEMOP(machine_memory_map, struct xen_memory_map, op_machine_map, CTRL,
          SUBOP_IN | SUBOP_OUT | SUBOP_CALLER_FIRST),
    MEMOP(machphys_mapping, struct xen_machphys_mapping, op_machphys_mapping,
          ANY, SUBOP_OUT),
    MEMOP(set_memory_map, struct xen_foreign_memory_map, op_set_memory_map, ANY,
          SUBOP_IN),
};
static SUBOP_TABLE(arch_memory_table, "memory_op (x86)", arch_memory_ops);

/*
 * cmd's low bits (MEMOP_CMD_MASK) name a common command, its high bits
 * are the start extent (continuation state); anything else is looked up
 * whole among the x86 commands.
 */
long do_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
                  unsigned long a4, unsigned long a5)
{
    unsigned long op = cmd & MEMOP_CMD_MASK;
    const struct subop *entry = subop_find(&memory_table, op);
    struct memop_call call = { arg, cmd >> MEMOP_EXTENT_SHIFT };
    struct subop_caller_info who = { current->domain->is_privileged, true };
    long rc;

    if (!entry)
        return subop_call(&arch_memory_table, cmd, arg, &call, who);
    if (call.start && !(entry->flags & SUBOP_CONT))
        return -EINVAL;
    rc = subop_call(&memory_table, op, arg, &call, who);
    /* A reservation call whose argument cannot be read has done no
     * extent past its start (Xen 4.17); only the copy-in fails so. */
    if (rc == -EFAULT && entry->fn == op_reservation)
        rc = (long)call.start;
    return rc;
}
