/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest LDTs (MMUEXT_SET_LDT).  The LDT's frames are found through the
 * guest kernel's page tables, typed as descriptor pages (validated, so
 * never writable by the guest while in use) and, while the vCPU runs,
 * mapped at page 15 of the pCPU's GDT window with an LDT descriptor in
 * the hypervisor's GDT slot 0xe050.  One page (512 entries) is supported;
 * larger LDTs are refused with -EINVAL.
 */
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/smp.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>

#define LDT_WINDOW_PAGE 15
#define LDT_MAX_ENTS    512

/* The frame mapped at guest VA va (kernel tables), or 0. */
static unsigned long guest_va_to_mfn(struct vcpu *v, unsigned long va)
{
    unsigned long l1 = pv_guest_l1_frame(&v->pv.mm, va);
    uint64_t pte;

    if (!l1)
        return 0;
    pte = ((volatile uint64_t *)__va(l1 << PAGE_SHIFT))[(va >> 12) & 511];
    return (pte & PTE_PRESENT) ? PTE_MFN(pte) : 0;
}

static void ldt_release(struct vcpu *v)
{
    if (v->pv.ldt_mfn)
        pv_put_page_and_type(pv_mm_arch_page(v->pv.ldt_mfn));
    v->pv.ldt_mfn = 0;
    v->pv.ldt_ents = 0;
}

int pv_set_ldt(struct vcpu *v, unsigned long va, unsigned int ents)
{
    unsigned long mfn = 0;

    if (ents > LDT_MAX_ENTS || (va & (PAGE_SIZE - 1)) ||
        (ents && !guest_range_ok(va, ents * 8)))
        return -EINVAL;
    if (ents) {
        mfn = guest_va_to_mfn(v, va);
        if (mfn)
            pv_flush_before_retype(mfn, PGT_seg_desc_page);
        if (!mfn ||
            pv_get_page_and_type(mfn, v->domain->domain_id, PGT_seg_desc_page))
            return -EINVAL;
    }
    ldt_release(v);
    v->pv.ldt_mfn = mfn;
    v->pv.ldt_ents = ents;
    pv_ldt_load(v);
    return 0;
}

void pv_ldt_destroy(struct vcpu *v)
{
    ldt_release(v);
}

/* Map v's LDT on this pCPU and load it (or load none). */
void pv_ldt_load(struct vcpu *v)
{
    unsigned long win = GDT_VIRT_START + (unsigned long)smp_processor_id() *
                                             GDT_WINDOW_PAGES * PAGE_SIZE;
    uint64_t *gdt = (uint64_t *)(win + FIRST_RESERVED_GDT_BYTE);
    unsigned long base = win + LDT_WINDOW_PAGE * PAGE_SIZE;
    uint64_t limit;

    if (!v->pv.ldt_ents) {
        __asm__ volatile("lldt %w0" : : "r"(0));
        return;
    }
    map_pages(base, (paddr_t)v->pv.ldt_mfn << PAGE_SHIFT, 1,
              PAGE_HYPERVISOR_RW);
    invlpg(base);
    limit = v->pv.ldt_ents * 8 - 1;
    gdt[GDT_LDT] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                   (0x82ULL << 40) | (((base >> 24) & 0xff) << 56);
    gdt[GDT_LDT + 1] = base >> 32;
    __asm__ volatile("lldt %w0" : : "r"(GDT_LDT * 8 + FIRST_RESERVED_GDT_BYTE));
}
