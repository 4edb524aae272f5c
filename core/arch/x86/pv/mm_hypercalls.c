/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV MMU hypercalls: mmu_update (#1), update_va_mapping (#14),
 * mmuext_op (#26), set_gdt (#2) and update_descriptor (#10).  Arguments
 * are copied in and checked here; the page-type and validation rules are
 * the PV MM core's (xenith/asm/pv/mm.h).  Batches stop at the first failure
 * and report how many requests were done through the optional pdone.
 *
 * TLB flushes: the PV ABI leaves flushing after mmu_update to the guest
 * (mmuext_op, flush flags).  What the hypervisor must guarantee itself is
 * that no CPU still holds a writable translation of a frame when that
 * frame (or a frame below it) becomes a page table or descriptor page:
 * pv_flush_before_retype() flushes every CPU before any operation that
 * may retype a frame that is not already validated with that type.
 * Freed frames are flushed for in memory_op and domain teardown.
 */
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/m2p.h>
#include <xenith/pv_hypercalls.h>
#include <xenith/smp.h>
#include <xenith/softirq.h>
#include <xenith/subop.h>
#include <xenith/asm/processor.h>

void pv_flush_before_retype(unsigned long mfn, unsigned long type)
{
    struct page_info *pg = pv_mm_arch_page(mfn);
    unsigned long x;

    if (!pg)
        return;
    x = __atomic_load_n(&pg->u.type_info, __ATOMIC_ACQUIRE);
    if ((x & PGT_type_mask) == type && (x & PGT_validated) &&
        (x & PGT_count_mask))
        return; /* already that type: nothing below it changes */
    flush_tlb_mask(&cpu_online_map);
}

/* A normal update of an L2-L4 entry may validate the frame it links. */
static void flush_before_link(unsigned long table_mfn, uint64_t val)
{
    struct page_info *pg = pv_mm_arch_page(table_mfn);
    unsigned long t;

    if (!pg || !(val & PTE_PRESENT))
        return;
    t = __atomic_load_n(&pg->u.type_info, __ATOMIC_ACQUIRE) & PGT_type_mask;
    if (t >= PGT_l2_page_table && t <= PGT_l4_page_table)
        /* The linked frame takes the type one level down. */
        pv_flush_before_retype(PTE_MFN(val), t - (1UL << PGT_type_shift));
}

/* The domain whose pages a request maps: self or, for a privileged
 * caller, foreigndom (with a reference in *held). */
static int foreign_owner(struct domain *cur, unsigned long foreigndom,
                         domid_t *owner, struct domain **held)
{
    struct domain *d;

    *held = NULL;
    if ((domid_t)foreigndom == DOMID_SELF ||
        (domid_t)foreigndom == cur->domain_id) {
        *owner = cur->domain_id;
        return 0;
    }
    if (!cur->is_privileged)
        return -EPERM;
    if ((domid_t)foreigndom == DOMID_IO) {
        *owner = PV_DOMID_IO;
        return 0;
    }
    if ((domid_t)foreigndom == DOMID_XEN) {
        *owner = PV_DOMID_XEN;
        return 0;
    }
    d = get_domain_by_id((domid_t)foreigndom);
    if (!d)
        return -ESRCH;
    *owner = d->domain_id;
    *held = d;
    return 0;
}

static int machphys_update(unsigned long mfn, uint64_t pfn, domid_t owner)
{
    struct page_info *pg = pv_get_page_from_mfn(mfn, owner);

    if (!pg)
        return -EINVAL;
    set_gpfn_from_mfn(mfn, pfn);
    pv_put_page(pg);
    return 0;
}

/*
 * Long batches are preempted when other work is pending: the call is
 * re-issued for the remaining requests with bit 31 of the count set
 * (Xen's MMU_UPDATE_PREEMPTED convention), and *pdone then accumulates.
 */
#define BATCH_PREEMPTED 0x80000000UL

static void report_done(unsigned long pdone, unsigned int done)
{
    if (pdone)
        copy_to_guest(pdone, &done, sizeof(done));
}

/* Requests done by earlier rounds of a preempted batch. */
static unsigned int done_before(unsigned long *count, unsigned long pdone)
{
    unsigned int prev = 0;

    if (!(*count & BATCH_PREEMPTED))
        return 0;
    *count &= ~BATCH_PREEMPTED;
    if (pdone)
        copy_from_guest(&prev, pdone, sizeof(prev));
    return prev;
}

/* Stop here for pending work? (never inside a multicall) */
static bool batch_preempt(unsigned int i)
{
    return i && !hypercall_in_multicall() &&
           softirq_pending(smp_processor_id());
}

long do_mmu_update(unsigned long ureqs, unsigned long count,
                   unsigned long pdone, unsigned long foreigndom,
                   unsigned long a5)
{
    struct domain *cur = current->domain, *held;
    domid_t pg_owner;
    mmu_update_t req;
    unsigned int i;
    int rc;

    unsigned int prev = done_before(&count, pdone);

    if ((rc = foreign_owner(cur, foreigndom, &pg_owner, &held)))
        return rc;
    for (i = 0; i < count; i++, ureqs += sizeof(req)) {
        unsigned long mfn;

        if (batch_preempt(i)) {
            report_done(pdone, prev + i);
            if (held)
                put_domain(held);
            hypercall_set_arg(1, ureqs);
            hypercall_set_arg(2, (count - i) | BATCH_PREEMPTED);
            return HYPERCALL_RESTART;
        }

        if (copy_from_guest(&req, ureqs, sizeof(req))) {
            rc = -EFAULT;
            break;
        }
        mfn = req.ptr >> PAGE_SHIFT;
        switch (req.ptr & 7) { /* the low 3 bits: the command */
        case MMU_NORMAL_PT_UPDATE:
        case MMU_PT_UPDATE_NO_TRANSLATE: /* PV frames are never translated */
        case MMU_PT_UPDATE_PRESERVE_AD:
            rc = pv_filter_update(mfn, &req.val);
            if (rc)
                break;
            flush_before_link(mfn, req.val);
            rc = pv_mmu_normal_update(
                mfn, (unsigned int)(req.ptr & (PAGE_SIZE - 8)), req.val,
                cur->domain_id, pg_owner,
                (req.ptr & 7) == MMU_PT_UPDATE_PRESERVE_AD);
            break;
        case MMU_MACHPHYS_UPDATE:
            rc = machphys_update(mfn, req.val, pg_owner);
            break;
        default:
            rc = -ENOSYS;
            break;
        }
        if (rc)
            break;
    }
    report_done(pdone, prev + i);
    if (held)
        put_domain(held);
    return rc;
}

/* Flush after an update: flags & 3 = none / TLB / INVLPG; scope: local,
 * or every CPU for UVMF_ALL and a vCPU mask. */
static void uvm_flush(unsigned long va, unsigned long flags)
{
    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_TLB_FLUSH:
        if (flags & ~UVMF_FLUSHTYPE_MASK)
            flush_tlb_mask(&cpu_online_map);
        else
            flush_tlb_local();
        break;
    case UVMF_INVLPG:
        if (flags & ~UVMF_FLUSHTYPE_MASK)
            flush_tlb_mask(&cpu_online_map);
        else
            invlpg(va);
        break;
    default:
        break;
    }
}

long do_update_va_mapping(unsigned long va, unsigned long val,
                          unsigned long flags, unsigned long a4,
                          unsigned long a5)
{
    struct vcpu *v = current;
    int rc;

    if (!guest_range_ok(va, 1))
        return -EINVAL;
    if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_FLUSHTYPE_MASK)
        return -EINVAL;
    rc = pv_filter_l1_entry(&val);
    if (rc)
        return rc;
    rc = pv_update_va_mapping(&v->pv.mm, va, val, v->domain->domain_id);
    if (rc)
        return rc;
    uvm_flush(va, flags);
    return 0;
}

/* update_va_mapping_otherdomain: the new entry maps a frame of domid
 * (privileged callers only). */
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
                                      unsigned long flags, unsigned long domid,
                                      unsigned long a5)
{
    struct vcpu *v = current;
    struct domain *held;
    domid_t owner;
    int rc;

    if (!guest_range_ok(va, 1) ||
        (flags & UVMF_FLUSHTYPE_MASK) == UVMF_FLUSHTYPE_MASK)
        return -EINVAL;
    if ((rc = foreign_owner(v->domain, domid, &owner, &held)))
        return rc;
    rc = pv_filter_l1_entry(&val);
    if (!rc)
        rc = pv_update_va_mapping(&v->pv.mm, va, val, owner);
    if (held)
        put_domain(held);
    if (!rc)
        uvm_flush(va, flags);
    return rc;
}

/*
 * MMUEXT_CLEAR_PAGE / MMUEXT_COPY_PAGE on frames of the page owner: the
 * destination must be a RAM frame it owns that can be typed writable,
 * the source one it owns; anything else is Xen's -EINVAL.
 */
/* What an mmuext_op command works on: the calling vCPU and the domain
 * whose frames the batch names (foreigndom). */
struct mmuext_ctx {
    struct vcpu *v;
    domid_t owner;
};

static long clear_or_copy_page(void *ctx, unsigned long cmd, void *arg)
{
    const mmuext_op_t *op = arg;
    domid_t owner = ((struct mmuext_ctx *)ctx)->owner;
    struct page_info *src = NULL, *dst;

    if (cmd == MMUEXT_COPY_PAGE &&
        !(src = pv_get_page_from_mfn(op->arg2.src_mfn, owner)))
        return -EINVAL;
    dst = pv_get_page_from_mfn(op->arg1.mfn, owner);
    if (!dst || pv_get_page_type(dst, PGT_writable_page)) {
        if (dst)
            pv_put_page(dst);
        if (src)
            pv_put_page(src);
        return -EINVAL;
    }
    if (src)
        memcpy(page_to_virt(dst), page_to_virt(src), PAGE_SIZE);
    else
        memset(page_to_virt(dst), 0, PAGE_SIZE);
    pv_put_page_type(dst);
    pv_put_page(dst);
    if (src)
        pv_put_page(src);
    return 0;
}

/* MMUEXT_PIN_Ln_TABLE: the level is the command's number plus one. */
static long ext_pin(void *ctx, unsigned long cmd, void *arg)
{
    unsigned long mfn = ((mmuext_op_t *)arg)->arg1.mfn;

    pv_flush_before_retype(mfn, PGT_pt_level(cmd + 1));
    return pv_pin_table(mfn, (unsigned int)cmd + 1,
                        ((struct mmuext_ctx *)ctx)->owner);
}

static long ext_unpin(void *ctx, unsigned long cmd, void *arg)
{
    return pv_unpin_table(((mmuext_op_t *)arg)->arg1.mfn,
                          ((struct mmuext_ctx *)ctx)->owner);
}

static long ext_new_baseptr(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ((struct mmuext_ctx *)ctx)->v;
    unsigned long mfn = ((mmuext_op_t *)arg)->arg1.mfn;
    long rc;

    pv_flush_before_retype(mfn, PGT_l4_page_table);
    rc = pv_new_baseptr(&v->pv.mm, mfn);
    if (!rc && v->pv.kernel_mode)
        pv_load_cr3(v);
    return rc;
}

static long ext_new_user_baseptr(void *ctx, unsigned long cmd, void *arg)
{
    struct vcpu *v = ((struct mmuext_ctx *)ctx)->v;
    unsigned long mfn = ((mmuext_op_t *)arg)->arg1.mfn;
    long rc;

    if (mfn)
        pv_flush_before_retype(mfn, PGT_l4_page_table);
    rc = pv_new_user_baseptr(&v->pv.mm, mfn);
    if (!rc && !v->pv.kernel_mode)
        pv_load_cr3(v);
    return rc;
}

static long ext_flush_local(void *ctx, unsigned long cmd, void *arg)
{
    flush_tlb_local();
    return 0;
}

static long ext_invlpg_local(void *ctx, unsigned long cmd, void *arg)
{
    uint64_t va = ((mmuext_op_t *)arg)->arg1.linear_addr;

    if (guest_range_ok(va, 1))
        invlpg(va);
    return 0;
}

/* The _MULTI, _ALL and global flushes: every CPU. */
static long ext_flush_all(void *ctx, unsigned long cmd, void *arg)
{
    flush_tlb_mask(&cpu_online_map);
    return 0;
}

static long ext_flush_cache(void *ctx, unsigned long cmd, void *arg)
{
    if (!((struct mmuext_ctx *)ctx)->v->domain->is_privileged)
        return -EINVAL; /* needs device access, as on Xen */
    __asm__ volatile("wbinvd" ::: "memory");
    return 0;
}

static long ext_set_ldt(void *ctx, unsigned long cmd, void *arg)
{
    const mmuext_op_t *op = arg;

    return pv_set_ldt(((struct mmuext_ctx *)ctx)->v, op->arg1.linear_addr,
                      op->arg2.nr_ents);
}

/* Each batch item is one mmuext_op_t, copied in once by do_mmuext_op(). */
#define EXT(cmd, handler) SUBOP_NOARG(MMUEXT_##cmd, #cmd, handler, ANY, 0)

/* Every mmuext_op command Xenith implements; others -ENOSYS. */
static const struct subop mmuext_ops[] = {
    EXT(PIN_L1_TABLE, ext_pin),
    EXT(PIN_L2_TABLE, ext_pin),
    EXT(PIN_L3_TABLE, ext_pin),
    EXT(PIN_L4_TABLE, ext_pin),
    EXT(UNPIN_TABLE, ext_unpin),
    EXT(NEW_BASEPTR, ext_new_baseptr),
    EXT(TLB_FLUSH_LOCAL, ext_flush_local),
    EXT(INVLPG_LOCAL, ext_invlpg_local),
    EXT(TLB_FLUSH_MULTI, ext_flush_all),
    EXT(INVLPG_MULTI, ext_flush_all),
    EXT(TLB_FLUSH_ALL, ext_flush_all),
    EXT(INVLPG_ALL, ext_flush_all),
    EXT(FLUSH_CACHE, ext_flush_cache),
    EXT(SET_LDT, ext_set_ldt),
    EXT(NEW_USER_BASEPTR, ext_new_user_baseptr),
    EXT(CLEAR_PAGE, clear_or_copy_page),
    EXT(COPY_PAGE, clear_or_copy_page),
    EXT(FLUSH_CACHE_GLOBAL, ext_flush_cache),
};
static SUBOP_TABLE(mmuext_table, "mmuext_op", mmuext_ops);

long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
                  unsigned long foreigndom, unsigned long a5)
{
    struct vcpu *v = current;
    struct subop_caller_info who = { v->domain->is_privileged, true };
    struct mmuext_ctx ctx;
    struct domain *held;
    domid_t owner;
    mmuext_op_t op;
    unsigned int i;
    int rc;

    unsigned int prev = done_before(&count, pdone);

    if ((rc = foreign_owner(v->domain, foreigndom, &owner, &held)))
        return rc;
    ctx.v = v;
    ctx.owner = owner;
    for (i = 0; i < count; i++, uops += sizeof(op)) {
        if (batch_preempt(i)) {
            report_done(pdone, prev + i);
            if (held)
                put_domain(held);
            hypercall_set_arg(1, uops);
            hypercall_set_arg(2, (count - i) | BATCH_PREEMPTED);
            return HYPERCALL_RESTART;
        }
        if (copy_from_guest(&op, uops, sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        if ((rc = (int)subop_run(&mmuext_table, op.cmd, &op, &ctx, who)))
            break;
    }
    report_done(pdone, prev + i);
    if (held)
        put_domain(held);
    return rc;
}

/* set_gdt(frames, entries): at most 14 frames (entries below the
 * hypervisor's reserved ones). */
long do_set_gdt(unsigned long list, unsigned long entries, unsigned long a3,
                unsigned long a4, unsigned long a5)
{
    struct vcpu *v = current;
    unsigned long frames[PV_GDT_FRAMES];
    unsigned int nr;
    int rc;

    if (entries > PV_FIRST_RESERVED_GDT)
        return -EINVAL;
    nr = (unsigned int)((entries + 511) / 512);
    if (nr && copy_from_guest(frames, list, nr * sizeof(frames[0])))
        return -EFAULT;
    for (unsigned int i = 0; i < nr; i++)
        pv_flush_before_retype(frames[i], PGT_seg_desc_page);
    rc = pv_set_gdt(&v->pv.mm, frames, (unsigned int)entries);
    if (!rc)
        pv_gdt_load(v);
    return rc;
}

long do_update_descriptor(unsigned long ma, unsigned long desc,
                          unsigned long a3, unsigned long a4, unsigned long a5)
{
    return pv_update_descriptor(ma, desc, current->domain->domain_id);
}
