/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the PV page-type system on a simulated machine: frames
 * with a frame table, owned by two guests, plus device memory above RAM.
 * Every check can fail: counts are compared with exact expectations, and
 * each refused request must leave every count as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include <xenith/asm/pv/mm.h>

#define NFRAMES 64
#define DOM0    0
#define DOMU    1
#define XEN_SLOT                                                 \
    0x4000000000000067UL /* What the fake hypervisor slots hold. \
                          */

static struct page_info pages[NFRAMES];
static uint64_t mem[NFRAMES][PT_ENTRIES] __attribute__((aligned(4096)));

struct page_info *pv_mm_arch_page(unsigned long mfn)
{
    return mfn < NFRAMES ? &pages[mfn] : NULL;
}

unsigned long pv_mm_arch_page_to_mfn(const struct page_info *pg)
{
    return (unsigned long)(pg - pages);
}

void *pv_mm_arch_map(unsigned long mfn)
{
    assert_true(mfn < NFRAMES);
    return mem[mfn];
}

void pv_mm_arch_unmap(void *va)
{
    (void)va;
}

bool pv_mm_arch_iomem_permitted(domid_t domid, unsigned long mfn)
{
    return domid == DOM0 && mfn >= NFRAMES;
}

int pv_mm_arch_foreign_frame(domid_t domid, unsigned long *frame)
{
    (void)domid;
    (void)frame;
    return 0; /* no translated domains here */
}

bool pv_mm_arch_has_io_caps(domid_t domid)
{
    return domid == DOM0;
}

void pv_mm_arch_init_xen_l4_slots(uint64_t *l4, unsigned long l4mfn)
{
    for (unsigned int i = PV_L4_FIRST_XEN_SLOT; i <= PV_L4_LAST_XEN_SLOT; i++)
        l4[i] = XEN_SLOT;
}

/* Frames handed back by pv_put_page() after the owner released them. */
static unsigned long released[NFRAMES];

/* Log-dirty tracking is the hypervisor's; the MM core only calls it. */
void pv_mm_arch_type_taken(struct page_info *pg)
{
    (void)pg;
}

void pv_mm_arch_release_page(struct page_info *pg)
{
    assert_int_equal(pg->count_info & (PGC_count_mask | PGC_allocated), 0);
    released[pg - pages]++;
}

/* Frames 0..31 belong to DOMU, 32..63 to DOM0; one allocation ref each. */
static int setup(void **state)
{
    memset(mem, 0, sizeof(mem));
    memset(released, 0, sizeof(released));
    for (unsigned int i = 0; i < NFRAMES; i++) {
        pages[i].count_info = PGC_state_inuse | PGC_allocated | 1;
        pages[i].u.type_info = 0;
        pages[i].owner = i < 32 ? DOMU : DOM0;
    }
    return 0;
}

static unsigned long gcount(unsigned long mfn)
{
    return pages[mfn].count_info & PGC_count_mask;
}

static unsigned long tcount(unsigned long mfn)
{
    return pages[mfn].u.type_info & PGT_count_mask;
}

static unsigned long ttype(unsigned long mfn)
{
    return pages[mfn].u.type_info & PGT_type_mask;
}

static uint64_t pte(unsigned long mfn, uint64_t flags)
{
    return ((uint64_t)mfn << PAGE_SHIFT) | flags;
}

/* All frames back to their unreferenced state. */
static void assert_all_released(void)
{
    for (unsigned long m = 0; m < NFRAMES; m++) {
        assert_int_equal(gcount(m), 1);
        assert_int_equal(tcount(m), 0);
    }
}

/* DOMU: L4 1 -> L3 2 -> L2 3 -> L1 4 -> data 5 (RW) and data 6 (RO). */
static void build_tree(void)
{
    mem[1][0] = pte(2, PTE_PRESENT | PTE_RW);
    mem[2][0] = pte(3, PTE_PRESENT | PTE_RW);
    mem[3][0] = pte(4, PTE_PRESENT | PTE_RW);
    mem[4][0] = pte(5, PTE_PRESENT | PTE_RW);
    mem[4][1] = pte(6, PTE_PRESENT);
}

static void test_pin_validates_whole_tree(void **state)
{
    build_tree();
    assert_int_equal(pv_get_page_and_type(1, DOMU, PGT_l4_page_table), 0);
    assert_int_equal(ttype(1), PGT_l4_page_table);
    assert_true(pages[1].u.type_info & PGT_validated);
    assert_int_equal(ttype(2), PGT_l3_page_table);
    assert_int_equal(ttype(3), PGT_l2_page_table);
    assert_int_equal(ttype(4), PGT_l1_page_table);
    assert_int_equal(tcount(2), 1);
    assert_int_equal(tcount(3), 1);
    assert_int_equal(tcount(4), 1);
    assert_int_equal(ttype(5), PGT_writable_page);
    assert_int_equal(tcount(5), 1);
    assert_int_equal(tcount(6), 0);
    assert_int_equal(gcount(5), 2);
    assert_int_equal(gcount(6), 2);
    /* Hypervisor slots filled, guest entries made user-accessible. */
    assert_int_equal(mem[1][256], XEN_SLOT);
    assert_int_equal(mem[1][271], XEN_SLOT);
    assert_true(mem[1][0] & PTE_USER);
    assert_true(mem[4][0] & PTE_USER);
    assert_true(mem[4][0] & PTE_GUEST_KERNEL);

    pv_put_page_and_type(&pages[1]);
    assert_all_released();
}

static void test_page_table_cannot_be_mapped_writable(void **state)
{
    build_tree();
    assert_int_equal(pv_get_page_and_type(1, DOMU, PGT_l4_page_table), 0);
    /* Map the L2 (frame 3) writable through the L1: refused. */
    assert_int_equal(pv_mmu_normal_update(4, 8 * 7,
                                          pte(3, PTE_PRESENT | PTE_RW), DOMU,
                                          DOMU, false),
                     -EBUSY);
    assert_int_equal(mem[4][7], 0);
    /* Read-only is fine. */
    assert_int_equal(
        pv_mmu_normal_update(4, 8 * 7, pte(3, PTE_PRESENT), DOMU, DOMU, false),
        0);
    assert_int_equal(gcount(3), 3);
    assert_int_equal(pv_mmu_normal_update(4, 8 * 7, 0, DOMU, DOMU, false), 0);
    pv_put_page_and_type(&pages[1]);
    assert_all_released();
}

static void test_writable_frame_cannot_become_table(void **state)
{
    build_tree();
    assert_int_equal(pv_get_page_and_type(1, DOMU, PGT_l4_page_table), 0);
    /* Frame 5 is mapped writable: it cannot be pinned as an L1. */
    assert_int_equal(pv_get_page_and_type(5, DOMU, PGT_l1_page_table), -EINVAL);
    assert_int_equal(gcount(5), 2);
    pv_put_page_and_type(&pages[1]);
    assert_int_equal(pv_get_page_and_type(5, DOMU, PGT_l1_page_table), 0);
    pv_put_page_and_type(&pages[5]);
    assert_all_released();
}

static void test_foreign_frame_refused(void **state)
{
    mem[4][0] = pte(40, PTE_PRESENT); /* Frame 40 is DOM0's. */
    assert_int_equal(pv_get_page_and_type(4, DOMU, PGT_l1_page_table), -EBUSY);
    assert_int_equal(gcount(40), 1);
    assert_int_equal(tcount(4), 0);
    assert_int_equal(gcount(4), 1);
}

static void test_failed_validation_rolls_back(void **state)
{
    mem[4][0] = pte(5, PTE_PRESENT | PTE_RW);
    mem[4][1] = pte(6, PTE_PRESENT);
    mem[4][2] = pte(41, PTE_PRESENT); /* Not ours. */
    assert_int_equal(pv_get_page_and_type(4, DOMU, PGT_l1_page_table), -EBUSY);
    assert_all_released();
    assert_int_equal(ttype(5), PGT_writable_page); /* Type kept, count 0. */
}

static void test_bad_flags(void **state)
{
    build_tree();
    assert_int_equal(pv_get_page_and_type(1, DOMU, PGT_l4_page_table), 0);
    /* Superpage in an L2. */
    assert_int_equal(pv_mmu_normal_update(3, 8, pte(7, PTE_PRESENT | PTE_PSE),
                                          DOMU, DOMU, false),
                     -EINVAL);
    /* Cache attributes at L1 without I/O rights. */
    assert_int_equal(pv_mmu_normal_update(4, 16, pte(7, PTE_PRESENT | PTE_PCD),
                                          DOMU, DOMU, false),
                     -EINVAL);
    /* The grant-mapping bit never comes from a guest. */
    assert_int_equal(pv_mmu_normal_update(4, 16,
                                          pte(7, PTE_PRESENT | PTE_GNTTAB),
                                          DOMU, DOMU, false),
                     -EINVAL);
    /* GLOBAL only at level 1. */
    assert_int_equal(pv_mmu_normal_update(3, 8,
                                          pte(8, PTE_PRESENT | PTE_GLOBAL),
                                          DOMU, DOMU, false),
                     -EINVAL);
    assert_int_equal(pv_mmu_normal_update(4, 16,
                                          pte(7, PTE_PRESENT | PTE_GLOBAL),
                                          DOMU, DOMU, false),
                     0);
    /* Hypervisor slots of an L4 are not the guest's. */
    assert_int_equal(pv_mmu_normal_update(1, 8 * 256, pte(2, PTE_PRESENT), DOMU,
                                          DOMU, false),
                     -EINVAL);
    assert_int_equal(mem[1][256], XEN_SLOT);
    /* Misaligned entry. */
    assert_int_equal(pv_mmu_normal_update(4, 3, 0, DOMU, DOMU, false), -EINVAL);
    assert_int_equal(pv_mmu_normal_update(4, 16, 0, DOMU, DOMU, false), 0);
    pv_put_page_and_type(&pages[1]);
    assert_all_released();
}

static void test_self_map_and_loops(void **state)
{
    build_tree();
    assert_int_equal(pv_get_page_and_type(1, DOMU, PGT_l4_page_table), 0);
    /* A read-only self map of the L4 is allowed, and holds nothing. */
    assert_int_equal(pv_mmu_normal_update(1, 8 * 300, pte(1, PTE_PRESENT), DOMU,
                                          DOMU, false),
                     0);
    assert_int_equal(tcount(1), 1);
    /* Writable self map: refused. */
    assert_int_equal(pv_mmu_normal_update(1, 8 * 301,
                                          pte(1, PTE_PRESENT | PTE_RW), DOMU,
                                          DOMU, false),
                     -EINVAL);
    /* An L3 entry pointing back at the L4: a type conflict, refused. */
    assert_int_equal(
        pv_mmu_normal_update(2, 8, pte(1, PTE_PRESENT), DOMU, DOMU, false),
        -EINVAL);
    /* An L2 entry pointing at the L3 above it: refused. */
    assert_int_equal(
        pv_mmu_normal_update(3, 8, pte(2, PTE_PRESENT), DOMU, DOMU, false),
        -EINVAL);
    /* Another L4 in an L4 slot (non-self linear): refused. */
    mem[9][0] = 0;
    assert_int_equal(pv_get_page_and_type(9, DOMU, PGT_l4_page_table), 0);
    assert_int_equal(pv_mmu_normal_update(1, 8 * 302, pte(9, PTE_PRESENT), DOMU,
                                          DOMU, false),
                     -EINVAL);
    pv_put_page_and_type(&pages[9]);
    pv_put_page_and_type(&pages[1]);
    assert_all_released();
}

static void test_update_replaces_references(void **state)
{
    build_tree();
    assert_int_equal(pv_get_page_and_type(1, DOMU, PGT_l4_page_table), 0);
    /* Point L1 slot 0 (was frame 5 RW) at frame 7 RW. */
    assert_int_equal(pv_mmu_normal_update(4, 0, pte(7, PTE_PRESENT | PTE_RW),
                                          DOMU, DOMU, false),
                     0);
    assert_int_equal(tcount(5), 0);
    assert_int_equal(gcount(5), 1);
    assert_int_equal(tcount(7), 1);
    assert_int_equal(gcount(7), 2);
    /* Accessed/dirty only: the fast path keeps the references. */
    assert_int_equal(pv_mmu_normal_update(4, 0,
                                          pte(7, PTE_PRESENT | PTE_RW |
                                                     PTE_ACCESSED | PTE_DIRTY),
                                          DOMU, DOMU, false),
                     0);
    assert_int_equal(tcount(7), 1);
    assert_int_equal(gcount(7), 2);
    /* Dropping write access drops the writable type reference. */
    assert_int_equal(
        pv_mmu_normal_update(4, 0, pte(7, PTE_PRESENT), DOMU, DOMU, false), 0);
    assert_int_equal(tcount(7), 0);
    assert_int_equal(gcount(7), 2);
    /* Replace the whole L2 subtree: the old L1 loses its type. */
    mem[10][0] = pte(11, PTE_PRESENT);
    assert_int_equal(pv_mmu_normal_update(3, 0, pte(10, PTE_PRESENT | PTE_RW),
                                          DOMU, DOMU, false),
                     0);
    assert_int_equal(tcount(4), 0);
    assert_int_equal(gcount(7), 1);
    assert_int_equal(ttype(10), PGT_l1_page_table);
    pv_put_page_and_type(&pages[1]);
    assert_all_released();
}

static void test_device_memory(void **state)
{
    /* DOM0 may map a frame above RAM; write-back becomes uncached. */
    mem[33][0] = 0;
    assert_int_equal(pv_get_page_and_type(33, DOM0, PGT_l1_page_table), 0);
    assert_int_equal(pv_mmu_normal_update(33, 0,
                                          pte(1000, PTE_PRESENT | PTE_RW), DOM0,
                                          DOM0, false),
                     0);
    assert_int_equal(mem[33][0] & (PTE_PCD | PTE_PWT), PTE_PCD | PTE_PWT);
    pv_put_page_and_type(&pages[33]);
    /* A guest without I/O rights may not. */
    mem[12][0] = 0;
    assert_int_equal(pv_get_page_and_type(12, DOMU, PGT_l1_page_table), 0);
    assert_int_equal(
        pv_mmu_normal_update(12, 0, pte(1000, PTE_PRESENT), DOMU, DOMU, false),
        -EPERM);
    pv_put_page_and_type(&pages[12]);
    assert_all_released();
}

static void test_plain_frame_update_and_foreign_table(void **state)
{
    /* A frame with no type in use takes an ordinary store. */
    assert_int_equal(pv_mmu_normal_update(13, 8, 0x1234, DOMU, DOMU, false), 0);
    assert_int_equal(mem[13][1], 0x1234);
    /* Another domain's frame cannot be updated at all. */
    assert_int_equal(pv_mmu_normal_update(40, 8, 0x1234, DOMU, DOMU, false),
                     -EINVAL);
    assert_int_equal(mem[40][1], 0);
    /* DOM0 may put DOMU frames in its own L1 (foreign mapping)... */
    mem[34][0] = 0;
    assert_int_equal(pv_get_page_and_type(34, DOM0, PGT_l1_page_table), 0);
    assert_int_equal(pv_mmu_normal_update(34, 0, pte(14, PTE_PRESENT | PTE_RW),
                                          DOM0, DOMU, false),
                     0);
    assert_int_equal(tcount(14), 1);
    /* ...but the page owner must really own the frame. */
    assert_int_equal(
        pv_mmu_normal_update(34, 8, pte(35, PTE_PRESENT), DOM0, DOMU, false),
        -EBUSY);
    pv_put_page_and_type(&pages[34]);
    assert_all_released();
}

static void test_pin_unpin(void **state)
{
    build_tree();
    assert_int_equal(pv_pin_table(1, 4, DOMU), 0);
    assert_true(pages[1].u.type_info & PGT_pinned);
    assert_int_equal(pv_pin_table(1, 4, DOMU), -EINVAL); /* Twice. */
    assert_int_equal(tcount(1), 1);
    assert_int_equal(gcount(1), 2);
    assert_int_equal(pv_pin_table(2, 4, DOMU), -EINVAL);  /* L3 as an L4. */
    assert_int_equal(pv_pin_table(40, 1, DOMU), -EINVAL); /* Not ours. */
    assert_int_equal(pv_pin_table(1, 5, DOMU), -EINVAL);  /* No level 5. */
    assert_int_equal(pv_unpin_table(1, DOMU), 0);
    assert_int_equal(pv_unpin_table(1, DOMU), -EINVAL); /* Not pinned. */
    assert_int_equal(pv_unpin_table(40, DOMU), -EINVAL);
    assert_all_released();
}

static void test_baseptrs(void **state)
{
    struct pv_mm_vcpu v = { .domid = DOMU };

    build_tree();
    assert_int_equal(pv_new_baseptr(&v, 1), 0);
    assert_int_equal(v.guest_table, 1);
    assert_int_equal(tcount(1), 1);
    assert_int_equal(pv_new_baseptr(&v, 1), 0); /* Same root again. */
    assert_int_equal(tcount(1), 1);
    assert_int_equal(pv_new_baseptr(&v, 0), -EINVAL);
    /* A root that fails validation leaves the old one in place. */
    mem[15][0] = pte(42, PTE_PRESENT); /* L3 slot -> a DOM0 frame. */
    assert_int_equal(pv_new_baseptr(&v, 15), -EINVAL);
    assert_int_equal(v.guest_table, 1);
    /* A user root, then none. */
    mem[16][0] = 0;
    assert_int_equal(pv_new_user_baseptr(&v, 16), 0);
    assert_int_equal(ttype(16), PGT_l4_page_table);
    assert_int_equal(pv_new_user_baseptr(&v, 0), 0);
    assert_int_equal(tcount(16), 0);
    /* Moving to a new kernel root releases the old tree. */
    mem[17][0] = 0;
    assert_int_equal(pv_new_baseptr(&v, 17), 0);
    assert_int_equal(tcount(4), 0);
    pv_release_baseptrs(&v);
    assert_int_equal(v.guest_table, 0);
    assert_all_released();
}

static void test_va_mapping(void **state)
{
    struct pv_mm_vcpu v = { .domid = DOMU };

    build_tree();
    assert_int_equal(pv_new_baseptr(&v, 1), 0);
    assert_int_equal(pv_guest_l1_frame(&v, 0x0), 4);
    assert_int_equal(pv_guest_l1_frame(&v, 0x1fffff), 4);
    assert_int_equal(pv_guest_l1_frame(&v, 0x200000), 0);   /* No L2 slot 1. */
    assert_int_equal(pv_guest_l1_frame(&v, 0x40000000), 0); /* No L3 slot 1. */
    assert_int_equal(pv_guest_l1_frame(&v, 0xffff800000000000UL), 0);
    assert_int_equal(pv_guest_l1_frame(&v, 0x0000800000000000UL), 0);
    assert_int_equal(
        pv_update_va_mapping(&v, 0x2000, pte(7, PTE_PRESENT | PTE_RW), DOMU),
        0);
    assert_int_equal(PTE_MFN(mem[4][2]), 7);
    assert_int_equal(tcount(7), 1);
    /* A page table mapped writable through it: refused, nothing changes. */
    assert_int_equal(
        pv_update_va_mapping(&v, 0x3000, pte(2, PTE_PRESENT | PTE_RW), DOMU),
        -EBUSY);
    assert_int_equal(mem[4][3], 0);
    /* Addresses without an L1 table or in the hypervisor's range. */
    assert_int_equal(pv_update_va_mapping(&v, 0x40000000, 0, DOMU), -EINVAL);
    assert_int_equal(pv_update_va_mapping(&v, 0xffff830000000000UL, 0, DOMU),
                     -EINVAL);
    /* Unmapping drops the frame's references again. */
    assert_int_equal(pv_update_va_mapping(&v, 0x2000, 0, DOMU), 0);
    pv_release_baseptrs(&v);
    assert_all_released();
}

#define FLAT_CODE_DPL0 0x00af9a000000ffffUL /* 64-bit code, ring 0. */
#define FLAT_CODE_DPL3 0x00affa000000ffffUL
#define TSS_DESC       0x0000890000000067UL /* Present 64-bit TSS. */
/* Present 64-bit call gate (type 0xc) to selector @sel with DPL @dpl. */
#define CALL_GATE(sel, dpl) \
    (((uint64_t)(0x8c00u | ((dpl) << 13)) << 32) | ((uint64_t)(sel) << 16))

static void test_check_descriptor(void **state)
{
    uint64_t d;

    d = FLAT_CODE_DPL0;
    assert_true(pv_check_descriptor(&d));
    assert_int_equal(d, FLAT_CODE_DPL3);
    d = FLAT_CODE_DPL0 & ~(1UL << 47); /* Not present: left alone. */
    assert_true(pv_check_descriptor(&d));
    assert_int_equal(d, FLAT_CODE_DPL0 & ~(1UL << 47));
    d = TSS_DESC;
    assert_false(pv_check_descriptor(&d));
    d = 0x0000800000000000UL; /* Present, system type 0. */
    assert_true(pv_check_descriptor(&d));
    d = CALL_GATE(0xe033, 3);
    assert_true(pv_check_descriptor(&d));
    assert_int_equal((d >> 45) & 3, 0);           /* DPL forced to 0... */
    assert_int_equal((d >> 16) & 0xffff, 0xe033); /* ...kept in the RPL. */
    d = CALL_GATE(0xe008, 3); /* A reserved GDT entry, not the flat CS. */
    assert_false(pv_check_descriptor(&d));
    d = CALL_GATE(0x0010, 0) | (1UL << 32); /* Reserved bits set. */
    assert_false(pv_check_descriptor(&d));
}

static void test_gdt(void **state)
{
    struct pv_mm_vcpu v = { .domid = DOMU };
    unsigned long frames[2] = { 20, 21 };

    mem[20][1] = FLAT_CODE_DPL0;
    mem[21][5] = TSS_DESC;
    assert_int_equal(pv_set_gdt(&v, frames, 1024), -EINVAL);
    assert_all_released();
    mem[21][5] = 0;
    assert_int_equal(pv_set_gdt(&v, frames, PV_FIRST_RESERVED_GDT + 1),
                     -EINVAL);
    assert_int_equal(pv_set_gdt(&v, frames, 1024), 0);
    assert_int_equal(ttype(20), PGT_seg_desc_page);
    assert_int_equal(mem[20][1], FLAT_CODE_DPL3);
    assert_int_equal(v.gdt_entries, 1024);
    /* A GDT frame cannot be mapped writable or made a page table. */
    mem[22][0] = pte(20, PTE_PRESENT | PTE_RW);
    assert_int_equal(pv_get_page_and_type(22, DOMU, PGT_l1_page_table), -EBUSY);
    assert_int_equal(pv_get_page_and_type(20, DOMU, PGT_l1_page_table),
                     -EINVAL);
    /* update_descriptor goes through the checks. */
    assert_int_equal(pv_update_descriptor(20 * 4096 + 16, FLAT_CODE_DPL0, DOMU),
                     0);
    assert_int_equal(mem[20][2], FLAT_CODE_DPL3);
    assert_int_equal(pv_update_descriptor(20 * 4096 + 16, TSS_DESC, DOMU),
                     -EINVAL);
    assert_int_equal(pv_update_descriptor(20 * 4096 + 12, 0, DOMU), -EINVAL);
    assert_int_equal(pv_update_descriptor(40 * 4096, 0, DOMU), -EINVAL);
    pv_destroy_gdt(&v);
    assert_all_released();
    /* On an ordinary frame it is a checked store; on a page table, no. */
    assert_int_equal(pv_update_descriptor(23 * 4096, FLAT_CODE_DPL0, DOMU), 0);
    assert_int_equal(mem[23][0], FLAT_CODE_DPL3);
    assert_int_equal(pv_pin_table(24, 1, DOMU), 0);
    assert_int_equal(pv_update_descriptor(24 * 4096, 0, DOMU), -EINVAL);
    assert_int_equal(pv_unpin_table(24, DOMU), 0);
    assert_all_released();
}

/*
 * A dying owner releases its allocations: an unused frame is its to free
 * at once; a frame DOM0 still maps goes back exactly when DOM0's last
 * mapping goes, and meanwhile nobody can take a new reference to it.
 */
static void test_release_allocation(void **state)
{
    /* DOM0's L1 (frame 40) maps DOMU's frame 5 writable. */
    assert_int_equal(pv_get_page_and_type(40, DOM0, PGT_l1_page_table), 0);
    assert_int_equal(pv_mmu_normal_update(40, 0, pte(5, PTE_PRESENT | PTE_RW),
                                          DOM0, DOMU, false),
                     0);
    assert_int_equal(gcount(5), 2);
    assert_true(pv_release_allocation(&pages[6])); /* unused: free now */
    assert_false(pv_release_allocation(&pages[5]));
    assert_false(pv_release_allocation(&pages[5])); /* only once */
    assert_int_equal(gcount(5), 1);
    assert_false(pv_get_page(&pages[5], DOMU));
    assert_int_equal(released[5], 0);
    assert_int_equal(pv_mmu_normal_update(40, 0, 0, DOM0, DOM0, false), 0);
    assert_int_equal(released[5], 1);
    assert_int_equal(released[6], 0);
    pv_put_page_and_type(&pages[40]);
    assert_int_equal(gcount(40), 1);
    assert_int_equal(released[40], 0); /* still allocated: not released */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pin_validates_whole_tree, setup),
        cmocka_unit_test_setup(test_page_table_cannot_be_mapped_writable,
                               setup),
        cmocka_unit_test_setup(test_writable_frame_cannot_become_table, setup),
        cmocka_unit_test_setup(test_foreign_frame_refused, setup),
        cmocka_unit_test_setup(test_failed_validation_rolls_back, setup),
        cmocka_unit_test_setup(test_bad_flags, setup),
        cmocka_unit_test_setup(test_self_map_and_loops, setup),
        cmocka_unit_test_setup(test_update_replaces_references, setup),
        cmocka_unit_test_setup(test_device_memory, setup),
        cmocka_unit_test_setup(test_plain_frame_update_and_foreign_table,
                               setup),
        cmocka_unit_test_setup(test_pin_unpin, setup),
        cmocka_unit_test_setup(test_baseptrs, setup),
        cmocka_unit_test_setup(test_va_mapping, setup),
        cmocka_unit_test(test_check_descriptor),
        cmocka_unit_test_setup(test_gdt, setup),
        cmocka_unit_test_setup(test_release_allocation, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
