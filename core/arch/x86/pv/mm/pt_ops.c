/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table-level operations of mmuext_op and update_va_mapping: pinning,
 * the vCPU's root tables, and locating the L1 entry that maps a guest
 * virtual address.
 *
 * A pinned table keeps its type (and so its validation) while no root
 * or entry refers to it; Linux pins every table it builds.  A root table
 * in use by a vCPU holds its own L4 reference, so a guest cannot unpin
 * the table it runs on out from under itself.
 */
#include <xenith/errno.h>
#include <xenith/asm/pv/mm.h>

/* Canonical lower half, and the upper half above the hypervisor slots. */
static bool is_guest_va(unsigned long va)
{
    unsigned int slot = (va >> 39) & 511;

    if ((long)va >= 0)
        return (va >> 47) == 0;
    return (va >> 47) == 0x1ffff && pv_is_guest_l4_slot(slot);
}

int pv_pin_table(unsigned long mfn, unsigned int level, domid_t domid)
{
    struct page_info *pg;
    int rc;

    if (level < 1 || level > 4)
        return -EINVAL;
    rc = pv_get_page_and_type(mfn, domid, PGT_pt_level(level));
    if (rc != 0)
        return rc;
    pg = pv_mm_arch_page(mfn);
    if (__atomic_fetch_or(&pg->u.type_info, PGT_pinned, __ATOMIC_ACQ_REL) &
        PGT_pinned) {
        pv_put_page_and_type(pg); /* Already pinned: undo ours. */
        return -EINVAL;
    }
    return 0;
}

int pv_unpin_table(unsigned long mfn, domid_t domid)
{
    struct page_info *pg = pv_get_page_from_mfn(mfn, domid);

    if (pg == NULL)
        return -EINVAL;
    if (!(__atomic_fetch_and(&pg->u.type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
          PGT_pinned)) {
        pv_put_page(pg);
        return -EINVAL;
    }
    /* The pin's references, then the one taken just now. */
    pv_put_page_and_type(pg);
    pv_put_page(pg);
    return 0;
}

/* Replace one root slot: take the new root first, then drop the old. */
static int set_root(unsigned long *slot, unsigned long mfn, domid_t domid)
{
    unsigned long old = *slot;
    int rc;

    if (old == mfn)
        return 0;
    if (mfn != 0) {
        rc = pv_get_page_and_type(mfn, domid, PGT_l4_page_table);
        if (rc != 0)
            return rc;
    }
    *slot = mfn;
    if (old != 0)
        pv_put_page_and_type(pv_mm_arch_page(old));
    return 0;
}

int pv_new_baseptr(struct pv_mm_vcpu *v, unsigned long mfn)
{
    /* A vCPU always has a kernel root once it has run. */
    if (mfn == 0)
        return -EINVAL;
    return set_root(&v->guest_table, mfn, v->domid);
}

int pv_new_user_baseptr(struct pv_mm_vcpu *v, unsigned long mfn)
{
    return set_root(&v->guest_table_user, mfn, v->domid);
}

void pv_release_baseptrs(struct pv_mm_vcpu *v)
{
    set_root(&v->guest_table, 0, v->domid);
    set_root(&v->guest_table_user, 0, v->domid);
}

/* The next-level frame of a present, non-large entry; 0 otherwise. */
static unsigned long next_table(unsigned long mfn, unsigned int index)
{
    uint64_t *t = pv_mm_arch_map(mfn);
    uint64_t e = __atomic_load_n(&t[index], __ATOMIC_ACQUIRE);

    pv_mm_arch_unmap(t);
    if (!(e & PTE_PRESENT) || (e & PTE_PSE))
        return 0;
    return PTE_MFN(e);
}

unsigned long pv_guest_l1_frame(const struct pv_mm_vcpu *v, unsigned long va)
{
    unsigned long mfn = v->guest_table;

    if (mfn == 0 || !is_guest_va(va))
        return 0;
    mfn = next_table(mfn, (va >> 39) & 511);
    if (mfn != 0)
        mfn = next_table(mfn, (va >> 30) & 511);
    if (mfn != 0)
        mfn = next_table(mfn, (va >> 21) & 511);
    return mfn;
}

int pv_update_va_mapping(const struct pv_mm_vcpu *v, unsigned long va,
                         uint64_t val, domid_t pg_owner)
{
    unsigned long l1 = pv_guest_l1_frame(v, va);

    if (l1 == 0)
        return -EINVAL;
    return pv_mod_l1_entry(l1, (va >> 12) & 511, val, v->domid, pg_owner);
}
