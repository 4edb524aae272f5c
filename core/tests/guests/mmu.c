/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu: the PV MMU interface and its refusals.
 *
 * Good paths: pin/unpin of L1-L4 tables, a private L4-L3-L2-L1 chain
 * hooked into the running L4 by mmu_update and read through, PTE updates
 * with TLB flush/invlpg, MMU_PT_UPDATE_PRESERVE_AD, update_va_mapping,
 * multicall, new_baseptr (switch to a copy of the L4 and back),
 * new_user_baseptr, writable page tables (emulated L1 stores).  The
 * hostile requests are in mmu-hostile.c.
 */
#include "guest.h"
#include "mmu.h"

const char guest_name[] = "mmu";

uint8_t pages[NPAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

uint64_t mfn_of(void *p)
{
    return virt_to_mfn(p);
}

long mmuext1(unsigned int cmd, uint64_t arg1)
{
    mmuext_op_t op = { .cmd = cmd };

    op.arg1.mfn = arg1;
    return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long pt_write(uint64_t maddr, uint64_t val, unsigned int cmd)
{
    mmu_update_t u = { .ptr = maddr | cmd, .val = val };

    return hc_mmu_update(&u, 1, NULL, DOMID_SELF);
}

uint64_t l4_maddr(unsigned int slot)
{
    return (mfn_of((void *)start_info->pt_base) << 12) + slot * 8;
}

static void test_pin_each_level(void)
{
    static const unsigned int pin[4] = { MMUEXT_PIN_L1_TABLE,
                                         MMUEXT_PIN_L2_TABLE,
                                         MMUEXT_PIN_L3_TABLE,
                                         MMUEXT_PIN_L4_TABLE };

    for (int l = 0; l < 4; l++) {
        void *p = pages[l];
        gmemset(p, 0, PAGE_SIZE);
        set_page_ro(p);
        CHECK_RC(mmuext1(pin[l], mfn_of(p)), 0, "pin empty table");
        CHECK_RC(mmuext1(pin[l], mfn_of(p)), -XEN_EINVAL, "pin twice");
        CHECK_RC(mmuext1(MMUEXT_UNPIN_TABLE, mfn_of(p)), 0, "unpin");
        set_page_rw(p);
    }
    guest_ok("empty L1..L4 pin, double pin refused, unpin");
}

/*
 * pages[0..3] become L1, L2, L3 tables and a data page reachable at
 * L4 slot 2 (VA 0x10000000000); pages[4] is a second data page.
 */
#define HOOK_SLOT 2
#define HOOK_VA   (2UL << 39)

static void test_chain(void)
{
    uint64_t *l1 = (uint64_t *)pages[0], *l2 = (uint64_t *)pages[1];
    uint64_t *l3 = (uint64_t *)pages[2];
    volatile uint64_t *via = (volatile uint64_t *)HOOK_VA;
    uint64_t flags = PTE_P | PTE_RW | PTE_US | PTE_A;

    gmemset(pages, 0, 5 * PAGE_SIZE);
    ((uint64_t *)pages[3])[0] = 0x1111;
    ((uint64_t *)pages[4])[0] = 0x2222;
    l1[0] = (mfn_of(pages[3]) << 12) | flags | PTE_D;
    l2[0] = (mfn_of(l1) << 12) | flags;
    l3[0] = (mfn_of(l2) << 12) | flags;
    for (int i = 0; i < 3; i++)
        set_page_ro(pages[i]);
    CHECK_RC(mmuext1(MMUEXT_PIN_L3_TABLE, mfn_of(l3)), 0, "pin L3 chain");
    CHECK_RC(pt_write(l4_maddr(HOOK_SLOT), (mfn_of(l3) << 12) | flags,
                      MMU_NORMAL_PT_UPDATE),
             0, "hook L4 slot");
    CHECK(via[0] == 0x1111, "read through new chain gave %lx", via[0]);
    via[1] = 0xabcd;
    CHECK(((volatile uint64_t *)pages[3])[1] == 0xabcd,
          "write through chain lost");

    /* Retarget the L1 entry, then flush and see the other page. */
    CHECK_RC(pt_write((mfn_of(l1) << 12), (mfn_of(pages[4]) << 12) | flags,
                      MMU_NORMAL_PT_UPDATE),
             0, "update L1 entry");
    {
        mmuext_op_t inv = { .cmd = MMUEXT_INVLPG_LOCAL };
        inv.arg1.linear_addr = HOOK_VA;
        CHECK_RC(hc_mmuext_op(&inv, 1, NULL, DOMID_SELF), 0, "invlpg");
    }
    CHECK(via[0] == 0x2222, "after L1 update + invlpg read %lx", via[0]);
    CHECK(!(l1[0] & PTE_D), "new L1 entry dirty before any write");
    via[2] = 1;
    CHECK(l1[0] & PTE_D, "write did not set D in the L1 entry");
    /* PRESERVE_AD keeps A/D that the CPU set. */
    CHECK_RC(pt_write((mfn_of(l1) << 12),
                      (mfn_of(pages[4]) << 12) | PTE_P | PTE_RW | PTE_US,
                      MMU_PT_UPDATE_PRESERVE_AD),
             0, "PRESERVE_AD update");
    CHECK((l1[0] & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "PRESERVE_AD lost A/D: %lx", l1[0]);
    CHECK_RC(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0), 0, "TLB_FLUSH_LOCAL");
    CHECK_RC(mmuext1(MMUEXT_TLB_FLUSH_ALL, 0), 0, "TLB_FLUSH_ALL");
    {
        uint64_t mask = 1;
        mmuext_op_t op = { .cmd = MMUEXT_TLB_FLUSH_MULTI };
        set_xen_guest_handle(op.arg2.vcpumask, &mask);
        CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "FLUSH_MULTI");
        op.cmd = MMUEXT_INVLPG_ALL;
        op.arg1.linear_addr = HOOK_VA;
        CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "INVLPG_ALL");
    }
    guest_ok("L4->L3->L2->L1 chain via mmu_update, retarget + invlpg, A/D");
}

static void unhook_chain(void)
{
    CHECK_RC(pt_write(l4_maddr(HOOK_SLOT), 0, MMU_NORMAL_PT_UPDATE), 0,
             "unhook L4 slot");
    CHECK_RC(mmuext1(MMUEXT_UNPIN_TABLE, mfn_of(pages[2])), 0, "unpin chain");
    for (int i = 0; i < 3; i++)
        set_page_rw(pages[i]);
    guest_ok("chain unhooked, unpinned, pages writable again");
}

static volatile uint64_t pf_count, pf_err, pf_resume;

static void on_pf(struct guest_frame *f)
{
    pf_count++;
    pf_err = f->error;
    f->rip = pf_resume;
}

/* A plain store of val to *p; a #PF skips it. Returns #PFs taken. */
static uint64_t store(volatile uint64_t *p, uint64_t val)
{
    uint64_t before = pf_count;

    __asm__ volatile("lea 1f(%%rip), %%rax\n\t"
                     "mov %%rax, pf_resume(%%rip)\n\t"
                     "mov %1, (%0)\n\t"
                     "1:"
                     :
                     : "r"(p), "r"(val)
                     : "rax", "memory");
    return pf_count - before;
}

/*
 * Writable page tables: with VMASST_TYPE_writable_pagetables a plain
 * store into a (read-only mapped) L1 table is emulated and validated; a
 * store that would map the table itself writable is refused with a #PF.
 * Uses the hooked chain: its L1 is pages[0].
 */
static void test_writable_pagetables(void)
{
    volatile uint64_t *l1 = (volatile uint64_t *)pages[0];
    volatile uint64_t *va5 = (volatile uint64_t *)(HOOK_VA + 5 * PAGE_SIZE);
    uint64_t good = (mfn_of(pages[3]) << 12) | PTE_P | PTE_RW | PTE_US | PTE_A;

    guest_set_trap_handler(14, on_pf);
    CHECK_RC(HC(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                VMASST_TYPE_writable_pagetables, 0, 0, 0),
             0, "enable writable_pagetables");
    CHECK(store(&l1[5], good) == 0, "emulated L1 store faulted (err %lx)",
          pf_err);
    /* Xen 4.17 may add the global bit (0x100) to user-accessible PTEs. */
    CHECK((l1[5] & ~(0x100UL | PTE_D)) == good,
          "L1 entry after emulated store: %lx, stored %lx", l1[5], good);
    CHECK(va5[0] == 0x1111, "new mapping through emulated store reads %lx",
          va5[0]);
    CHECK(store(&l1[6], (mfn_of(pages[0]) << 12) | PTE_P | PTE_RW) == 1,
          "store mapping the L1 writable was not refused");
    CHECK(pf_err == 3, "refused store #PF error %lx, expected 3", pf_err);
    CHECK(l1[6] == 0, "refused store changed the entry to %lx", l1[6]);
    CHECK(store(&l1[5], 0) == 0, "emulated clearing store faulted");
    guest_set_trap_handler(14, NULL);
    guest_ok("writable page tables: L1 stores emulated, bad one #PF (err 3)");
}

static void test_va_mapping_and_multicall(void)
{
    uint64_t *s = (uint64_t *)scratch;
    multicall_entry_t mc[2];

    s[0] = 0x5151;
    ((uint64_t *)pages[5])[0] = 0x6262;
    CHECK_RC(map_page(scratch, mfn_of(pages[5]), PTE_P | PTE_RW | PTE_A), 0,
             "update_va_mapping to another frame");
    CHECK(s[0] == 0x6262, "remapped page reads %lx", s[0]);
    CHECK_RC(hc_update_va_mapping((uint64_t)scratch,
                                  (mfn_of(pages[5]) << 12) | PTE_P | PTE_A,
                                  UVMF_TLB_FLUSH | UVMF_ALL),
             0, "update_va_mapping read-only, flush all");
    gmemset(mc, 0, sizeof(mc));
    mc[0].op = __HYPERVISOR_update_va_mapping;
    mc[0].args[0] = (uint64_t)scratch;
    mc[0].args[1] = (mfn_of(scratch) << 12) | PTE_P | PTE_RW | PTE_A | PTE_D;
    mc[0].args[2] = UVMF_INVLPG;
    mc[1].op = __HYPERVISOR_xen_version;
    mc[1].args[0] = XENVER_version;
    CHECK_RC(HC(__HYPERVISOR_multicall, mc, 2, 0, 0, 0), 0, "multicall");
    CHECK(mc[0].result == 0, "multicall update_va_mapping gave %ld",
          (long)mc[0].result);
    CHECK(mc[1].result >= 0x40000, "multicall xen_version gave %lx",
          mc[1].result);
    CHECK(s[0] == 0x5151, "scratch page not restored: %lx", s[0]);
    guest_ok("update_va_mapping remap/restore and a 2-entry multicall");
}

static uint64_t read_cr3(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static void test_baseptr(void)
{
    uint64_t *copy = (uint64_t *)pages[6];
    const uint64_t *cur = (const uint64_t *)start_info->pt_base;
    uint64_t old = mfn_of((void *)cur);

    for (int i = 0; i < 512; i++)
        copy[i] = (i >= 256 && i < 272) ? 0 : cur[i];
    set_page_ro(copy);
    CHECK_RC(mmuext1(MMUEXT_PIN_L4_TABLE, mfn_of(copy)), 0, "pin L4 copy");
    CHECK(read_cr3() >> 12 == old, "cr3 %lx is not pt_base", read_cr3());
    CHECK_RC(mmuext1(MMUEXT_NEW_BASEPTR, mfn_of(copy)), 0, "new_baseptr");
    CHECK(read_cr3() >> 12 == mfn_of(copy), "cr3 %lx after switch", read_cr3());
    CHECK(((volatile uint64_t *)pages[5])[0] == 0x6262,
          "data unreadable after switch");
    CHECK_RC(mmuext1(MMUEXT_NEW_USER_BASEPTR, mfn_of(copy)), 0,
             "new_user_baseptr");
    CHECK_RC(mmuext1(MMUEXT_NEW_USER_BASEPTR, 0), 0, "new_user_baseptr 0");
    CHECK_RC(mmuext1(MMUEXT_NEW_BASEPTR, old), 0, "switch back");
    CHECK(read_cr3() >> 12 == old, "cr3 not restored");
    CHECK_RC(mmuext1(MMUEXT_UNPIN_TABLE, mfn_of(copy)), 0, "unpin copy");
    set_page_rw(copy);
    guest_ok("new_baseptr to a pinned L4 copy and back, user baseptr");
}

void test_main(void)
{
    guest_install_traps();
    test_pin_each_level();
    test_chain();
    test_writable_pagetables();
    unhook_chain();
    test_va_mapping_and_multicall();
    test_baseptr();
    test_hostile();
}
