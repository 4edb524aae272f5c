/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copies between the hypervisor and the current HVM vCPU's memory (what
 * copy_to_guest / copy_from_guest do when the caller is an HVM guest).
 * A guest address is linear: with the guest's paging off it is the
 * guest-physical address; with it on, the guest's own tables are walked
 * (2-level 32-bit with 4 MiB pages, PAE and 4-level long mode, with
 * large pages), every table and the final frame found through the p2m.
 * A write needs a writable path when CR0.WP is set (the guest kernel's
 * own rules).  Each frame is held by a reference while it is copied, so
 * the guest giving it up meanwhile cannot free it under the copy.
 */
#include <xenith/domain.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#ifndef XENITH_HOST_TEST
#include <xenith/asm/current.h>
#endif
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/pv/mm.h>

#define PG_P     0x1UL
#define PG_RW    0x2UL
#define PG_PS    0x80UL
#define CR0_PG   0x80000000UL
#define CR0_WP   0x10000UL
#define CR4_PSE  0x10UL
#define CR4_PAE  0x20UL
#define EFER_LMA (1UL << 10)
#define BAD      (~0UL)

/* Read one guest-physical 8- or 4-byte table entry. */
static bool read_gpa(struct domain *d, uint64_t gpa, void *out, size_t n)
{
    unsigned long mfn = p2m_lookup(d, gpa >> PAGE_SHIFT);
    struct page_info *pg;
    char *p;

    if (mfn == INVALID_MFN_P2M || !(pg = pv_mm_arch_page(mfn)) ||
        !pv_get_page(pg, d->domain_id))
        return false;
    p = pv_mm_arch_map(mfn);
    memcpy(out, p + (gpa & 0xfff), n);
    pv_mm_arch_unmap(p);
    pv_put_page(pg);
    return true;
}

/* Guest-physical address of linear va, or BAD. */
static uint64_t linear_to_gpa(struct vcpu *v, uint64_t va, bool write)
{
    struct domain *d = v->domain;
    uint64_t cr0 = hvm_funcs->get_cr(v, 0), cr3 = hvm_funcs->get_cr(v, 3);
    uint64_t cr4 = hvm_funcs->get_cr(v, 4), efer = hvm_funcs->get_efer(v);
    bool wp = write && (cr0 & CR0_WP);

    if (!(cr0 & CR0_PG))
        return va & 0xffffffffUL;
    if (!(cr4 & CR4_PAE)) { /* 2-level, 32-bit entries */
        uint32_t e;

        va &= 0xffffffffUL;
        if (!read_gpa(d, (cr3 & 0xfffff000UL) + ((va >> 22) << 2), &e, 4) ||
            !(e & PG_P) || (wp && !(e & PG_RW)))
            return BAD;
        if ((e & PG_PS) && (cr4 & CR4_PSE))
            return ((uint64_t)(e & 0xffc00000UL) |
                    ((uint64_t)((e >> 13) & 0xff) << 32)) +
                   (va & 0x3fffff);
        if (!read_gpa(d, (e & 0xfffff000UL) + (((va >> 12) & 1023) << 2), &e,
                      4) ||
            !(e & PG_P) || (wp && !(e & PG_RW)))
            return BAD;
        return (e & 0xfffff000UL) + (va & 0xfff);
    }
    {
        unsigned int levels = (efer & EFER_LMA) ? 4 : 3;
        uint64_t table =
            levels == 4 ? cr3 & 0x000ffffffffff000UL : cr3 & 0xffffffe0UL;
        uint64_t e = 0;

        if (levels == 3)
            va &= 0xffffffffUL;
        for (unsigned int l = levels; l >= 1; l--) {
            unsigned int shift = 12 + 9 * (l - 1);
            unsigned int idx =
                (unsigned int)((va >> shift) &
                               (l == 3 && levels == 3 ? 3 : 511));

            if (!read_gpa(d, table + idx * 8, &e, 8) || !(e & PG_P))
                return BAD;
            /* PAE PDPTEs carry no RW bit. */
            if (wp && !(levels == 3 && l == 3) && !(e & PG_RW))
                return BAD;
            if (l <= 3 && l > 1 && (e & PG_PS) && !(levels == 3 && l == 3))
                return (e & 0x000fffffffffe000UL & ~((1UL << shift) - 1)) +
                       (va & ((1UL << shift) - 1));
            table = e & 0x000ffffffffff000UL;
        }
        return table + (va & 0xfff);
    }
}

/* Copy n bytes between buf and v's memory at va; bytes not copied. */
size_t hvm_copy_vcpu(struct vcpu *v, uint64_t va, void *buf, size_t n,
                     bool to_guest)
{
    struct domain *d = v->domain;

    while (n) {
        size_t chunk = PAGE_SIZE - (va & 0xfff);
        uint64_t gpa = linear_to_gpa(v, va, to_guest);
        unsigned long mfn;
        struct page_info *pg;
        char *p;

        if (chunk > n)
            chunk = n;
        if (gpa == BAD ||
            (mfn = p2m_lookup(d, gpa >> PAGE_SHIFT)) == INVALID_MFN_P2M)
            return n;
        if (!(pg = pv_mm_arch_page(mfn)) || !pv_get_page(pg, d->domain_id))
            return n;
        p = pv_mm_arch_map(mfn);
        if (to_guest)
            memcpy(p + (gpa & 0xfff), buf, chunk);
        else
            memcpy(buf, p + (gpa & 0xfff), chunk);
        pv_mm_arch_unmap(p);
        pv_put_page(pg);
        buf = (char *)buf + chunk;
        va += chunk;
        n -= chunk;
    }
    return 0;
}

#ifndef XENITH_HOST_TEST
size_t hvm_copy_from_guest(void *dst, uint64_t va, size_t n)
{
    return hvm_copy_vcpu(current, va, dst, n, false);
}

size_t hvm_copy_to_guest(uint64_t va, const void *src, size_t n)
{
    return hvm_copy_vcpu(current, va, (void *)src, n, true);
}
#endif
