/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page types: the rule that keeps a PV guest's page tables safe.
 *
 * A frame holds one type at a time with a count of type references.  The
 * type may change only when the count is 0.  Taking the first reference
 * of a page-table type validates every entry of the frame (which takes the
 * references those entries need); dropping the last one devalidates it.
 *
 * While a frame is being validated or devalidated its type_info reads
 * "type, count 1, not validated"; a CPU wanting the same type waits until
 * that changes, then tries again.  No lock is held across validation, so
 * validation may recurse into lower levels (an L4 validates its L3s,
 * which validate their L2s...).  Levels strictly decrease along such a
 * chain, and same-level (linear) references are only accepted to frames
 * already validated, so the recursion ends and never waits on itself.
 */
#include <xenith/errno.h>
#include <xenith/asm/pv/mm.h>

static inline unsigned long type_load(struct page_info *pg)
{
    return __atomic_load_n(&pg->u.type_info, __ATOMIC_ACQUIRE);
}

static inline bool type_cas(struct page_info *pg, unsigned long *x,
                            unsigned long nx)
{
    return __atomic_compare_exchange_n(&pg->u.type_info, x, nx, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The page-table level of a type, or 0 for the other types. */
static unsigned int type_level(unsigned long type)
{
    unsigned long t = type & PGT_type_mask;

    if (t >= PGT_l1_page_table && t <= PGT_l4_page_table)
        return (unsigned int)(t >> PGT_type_shift);
    return 0;
}

/* Check a frame's contents for a type it is about to take. */
static int validate_for_type(struct page_info *pg, unsigned long type)
{
    unsigned int level = type_level(type);

    if (level != 0)
        return pv_validate_table(pg, level);
    if ((type & PGT_type_mask) == PGT_writable_page)
        return 0;
    if ((type & PGT_type_mask) == PGT_seg_desc_page)
        return pv_validate_desc_page(pg);
    return -EINVAL;
}

/*
 * Take a type reference of @type on a frame the caller holds a general
 * reference to.  Returns 0, or -EINVAL when the frame has another type in
 * use, its contents are not valid for @type, or the count would overflow.
 */
int pv_get_page_type(struct page_info *pg, unsigned long type)
{
    unsigned long x = type_load(pg), nx;
    int rc;

    for (;;) {
        nx = x + 1;
        if ((nx & PGT_count_mask) == 0)
            return -EINVAL;
        if ((x & PGT_count_mask) == 0) {
            /* 0 -> 1: the type may change; a new type needs validating. */
            if ((x & PGT_type_mask) != type)
                nx = (nx & ~(PGT_type_mask | PGT_validated)) | type;
        } else if ((x & PGT_type_mask) != type) {
            return -EINVAL;
        } else if (!(x & PGT_validated)) {
            /* Another CPU is (de)validating it: wait, then retry. */
            unsigned long y;

            while ((y = type_load(pg)) == x)
                __builtin_ia32_pause();
            x = y;
            continue;
        }
        if (type_cas(pg, &x, nx))
            break;
    }
    if (!(x & PGT_count_mask))
        pv_mm_arch_type_taken(pg);
    if (nx & PGT_validated)
        return 0;

    /* We took the first reference: check the contents. */
    rc = validate_for_type(pg, type);
    if (rc != 0) {
        /* Back to an unreferenced, unvalidated frame of that type. */
        __atomic_fetch_sub(&pg->u.type_info, 1, __ATOMIC_ACQ_REL);
        return rc;
    }
    __atomic_fetch_or(&pg->u.type_info, PGT_validated, __ATOMIC_ACQ_REL);
    return 0;
}

/* Drop a type reference; the last one of a page table devalidates it. */
void pv_put_page_type(struct page_info *pg)
{
    unsigned long x = type_load(pg), nx;
    unsigned int level;

    for (;;) {
        level = type_level(x);
        if ((x & PGT_count_mask) == 1 && level != 0 && (x & PGT_validated)) {
            /* Hold the frame in the "being validated" state meanwhile. */
            nx = x & ~PGT_validated;
            if (!type_cas(pg, &x, nx))
                continue;
            pv_devalidate_table(pg, level);
            __atomic_fetch_sub(&pg->u.type_info, 1, __ATOMIC_ACQ_REL);
            return;
        }
        nx = x - 1;
        if (type_cas(pg, &x, nx))
            return;
    }
}

int pv_get_page_and_type(unsigned long mfn, domid_t domid, unsigned long type)
{
    struct page_info *pg = pv_get_page_from_mfn(mfn, domid);
    int rc;

    if (pg == NULL)
        return -EINVAL;
    rc = pv_get_page_type(pg, type);
    if (rc != 0)
        pv_put_page(pg);
    return rc;
}

void pv_put_page_and_type(struct page_info *pg)
{
    pv_put_page_type(pg);
    pv_put_page(pg);
}

/*
 * Lock a validated page-table frame against concurrent entry updates.
 * The lock holds a type reference so the frame keeps its type meanwhile.
 * Returns false if the frame is not a validated frame in use.
 */
bool pv_page_lock(struct page_info *pg)
{
    unsigned long x = type_load(pg), nx;

    do {
        while (x & PGT_locked) {
            __builtin_ia32_pause();
            x = type_load(pg);
        }
        if ((x & PGT_count_mask) == 0 || !(x & PGT_validated) ||
            ((x + 1) & PGT_count_mask) == 0)
            return false;
        nx = (x + 1) | PGT_locked;
    } while (!type_cas(pg, &x, nx));
    return true;
}

void pv_page_unlock(struct page_info *pg)
{
    __atomic_fetch_and(&pg->u.type_info, ~PGT_locked, __ATOMIC_ACQ_REL);
    pv_put_page_type(pg);
}
