/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest descriptor tables (GDT and LDT frames) of 64-bit PV guests.
 *
 * A frame used as part of a GDT or LDT takes the descriptor-page type,
 * so it can never be mapped writable meanwhile, and every descriptor in
 * it is checked first: code and data segments are harmless in long mode
 * once their privilege level is that of the guest kernel (ring 3);
 * system descriptors other than call gates are refused; a call gate must
 * target a guest code selector and is made to fault, so the hypervisor
 * can emulate it (Intel SDM vol. 3 5.8.3; AMD APM vol. 2 4.8.3).
 */
#include <xenith/errno.h>
#include <xenith/asm/pv/mm.h>

/* High dword of a descriptor. */
#define SEG_TYPE (0xfu << 8)
#define SEG_S    (1u << 12)
#define SEG_DPL  (3u << 13)
#define SEG_P    (1u << 15)

#define SEG_TYPE_CALL_GATE (0xcu << 8)
#define GUEST_KERNEL_RPL   3

/* May a call gate lead to this code selector? */
static bool gate_selector_ok(unsigned int sel)
{
    return (sel >> 3) < PV_FIRST_RESERVED_GDT || sel == FLAT_KERNEL_CS64 ||
           (sel & 4); /* An LDT selector. */
}

bool pv_check_descriptor(uint64_t *desc)
{
    uint32_t a = (uint32_t)*desc, b = (uint32_t)(*desc >> 32);
    unsigned int dpl, cs;

    /* A descriptor that is not present always faults: harmless. */
    if (!(b & SEG_P))
        return true;
    dpl = (b >> 13) & 3;
    if (dpl < GUEST_KERNEL_RPL)
        dpl = GUEST_KERNEL_RPL;
    b = (b & ~SEG_DPL) | (dpl << 13);

    if (!(b & SEG_S)) {
        /* Type 0 is the upper half of a 16-byte call gate. */
        if ((b & SEG_TYPE) == 0)
            return true;
        if ((b & SEG_TYPE) != SEG_TYPE_CALL_GATE)
            return false;
        cs = a >> 16;
        if (!gate_selector_ok(cs))
            return false;
        /* DPL 0: every use faults; the guest's DPL travels in the RPL. */
        b &= ~SEG_DPL;
        cs = (cs & ~3u) | dpl;
        a = (a & 0xffffu) | (cs << 16);
        if (b & 0xff) /* Reserved bits. */
            return false;
    }
    *desc = ((uint64_t)b << 32) | a;
    return true;
}

int pv_validate_desc_page(struct page_info *pg)
{
    uint64_t *d = pv_mm_arch_map(pv_mm_arch_page_to_mfn(pg));
    unsigned int i;

    for (i = 0; i < 512; i++)
        if (!pv_check_descriptor(&d[i]))
            break;
    pv_mm_arch_unmap(d);
    return i == 512 ? 0 : -EINVAL;
}

int pv_update_descriptor(uint64_t ma, uint64_t desc, domid_t domid)
{
    struct page_info *pg;
    unsigned long type;
    uint64_t *d;
    int rc;

    /* A misaligned write would corrupt two descriptors. */
    if ((ma & 7) || !pv_check_descriptor(&desc))
        return -EINVAL;
    pg = pv_get_page_from_mfn(ma >> PAGE_SHIFT, domid);
    if (pg == NULL)
        return -EINVAL;
    type = __atomic_load_n(&pg->u.type_info, __ATOMIC_ACQUIRE) & PGT_type_mask;
    rc = pv_get_page_type(pg, type == PGT_seg_desc_page ? PGT_seg_desc_page
                                                        : PGT_writable_page);
    if (rc == 0) {
        d = pv_mm_arch_map(ma >> PAGE_SHIFT);
        __atomic_store_n(&d[(ma & (PAGE_SIZE - 1)) / 8], desc,
                         __ATOMIC_RELEASE);
        pv_mm_arch_unmap(d);
        pv_put_page_type(pg);
    }
    pv_put_page(pg);
    return rc;
}

void pv_destroy_gdt(struct pv_mm_vcpu *v)
{
    unsigned int i;

    for (i = 0; i < PV_GDT_FRAMES; i++) {
        if (v->gdt_frames[i] != 0)
            pv_put_page_and_type(pv_mm_arch_page(v->gdt_frames[i]));
        v->gdt_frames[i] = 0;
    }
    v->gdt_entries = 0;
}

int pv_set_gdt(struct pv_mm_vcpu *v, const unsigned long frames[],
               unsigned int entries)
{
    unsigned int i, nr = (entries + 511) / 512;

    if (entries > PV_FIRST_RESERVED_GDT)
        return -EINVAL;
    for (i = 0; i < nr; i++)
        if (pv_get_page_and_type(frames[i], v->domid, PGT_seg_desc_page))
            goto fail;
    pv_destroy_gdt(v);
    for (i = 0; i < nr; i++)
        v->gdt_frames[i] = frames[i];
    v->gdt_entries = entries;
    return 0;

fail:
    while (i-- > 0)
        pv_put_page_and_type(pv_mm_arch_page(frames[i]));
    return -EINVAL;
}
