/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for copies to and from an HVM guest's memory
 * (arch/x86/hvm/guest_copy.c): paging off, 2-level paging with a 4 MiB
 * page, PAE with a 2 MiB page, 4-level with a 1 GiB page, write
 * protection under CR0.WP, missing entries and gfns outside the p2m.
 * The p2m here maps gfn g to frame g ^ 1, so a walk that skips it lands
 * in the wrong frame.
 */
#include "test_core_shim.h"
#include <xenith/domain.h>
#include <xenith/asm/hvm/hvm.h>
#include <xenith/asm/pv/mm.h>

#define NFRAMES 64
#define P       0x1u
#define RW      0x2u
#define PS      0x80u

static uint8_t mem[NFRAMES][4096] __attribute__((aligned(4096)));
static struct page_info pages[NFRAMES];
static struct domain dom;
static struct vcpu vcpu;
static uint64_t cr0, cr3, cr4, efer;
static int refs;

unsigned long p2m_lookup(struct domain *d, unsigned long gfn)
{
    return gfn < NFRAMES ? gfn ^ 1 : INVALID_MFN_P2M;
}
struct page_info *pv_mm_arch_page(unsigned long mfn)
{
    return mfn < NFRAMES ? &pages[mfn] : NULL;
}
void *pv_mm_arch_map(unsigned long mfn)
{
    return mem[mfn];
}
void pv_mm_arch_unmap(void *va)
{
    (void)va;
}
bool pv_get_page(struct page_info *pg, domid_t domid)
{
    refs++;
    return true;
}
void pv_put_page(struct page_info *pg)
{
    refs--;
}

static uint64_t get_cr(struct vcpu *v, unsigned int cr)
{
    return cr == 0 ? cr0 : cr == 3 ? cr3 : cr == 4 ? cr4 : 0;
}
static uint64_t get_efer(struct vcpu *v)
{
    return efer;
}
static const struct hvm_function_table funcs = {
    .get_cr = get_cr,
    .get_efer = get_efer,
};
const struct hvm_function_table *hvm_funcs = &funcs;

/* Guest-physical memory as the guest sees it. */
static uint8_t *gpa(uint64_t a)
{
    return &mem[(a >> 12) ^ 1][a & 0xfff];
}
static void set32(uint64_t a, uint32_t v)
{
    memcpy(gpa(a), &v, 4);
}
static void set64(uint64_t a, uint64_t v)
{
    memcpy(gpa(a), &v, 8);
}

static size_t put(uint64_t va, const char *s)
{
    return hvm_copy_vcpu(&vcpu, va, (void *)s, strlen(s), true);
}

static int setup(void **state)
{
    memset(mem, 0, sizeof(mem));
    cr0 = 0x11;
    cr3 = cr4 = efer = 0;
    vcpu.domain = &dom;
    refs = 0;
    return 0;
}

static void test_paging_off(void **state)
{
    char buf[16];

    assert_int_equal(put(0x3010, "hello"), 0);
    assert_memory_equal(gpa(0x3010), "hello", 5);
    /* across a page boundary, into two unrelated frames */
    assert_int_equal(put(0x1ffd, "abcdef"), 0);
    assert_memory_equal(gpa(0x1ffd), "abc", 3);
    assert_memory_equal(gpa(0x2000), "def", 3);
    assert_int_equal(hvm_copy_vcpu(&vcpu, 0x1ffd, buf, 6, false), 0);
    assert_memory_equal(buf, "abcdef", 6);
    /* outside the p2m: nothing of the tail is copied */
    assert_int_equal(put(NFRAMES * 4096UL - 2, "xyz"), 1);
    assert_int_equal(refs, 0);
}

static void test_two_level(void **state)
{
    cr0 = 0x80000011;
    cr4 = 0x10; /* PSE */
    cr3 = 10 << 12;
    set32(0xa000, (11 << 12) | P | RW);         /* PDE 0 -> PT */
    set32(0xa004, 0 | P | RW | PS);             /* PDE 1: 4 MiB at 0 */
    set32(0xb000 + 5 * 4, (20 << 12) | P | RW); /* va 0x5000 -> gfn 20 */
    assert_int_equal(put(0x5123, "pt"), 0);
    assert_memory_equal(gpa(0x14123), "pt", 2);
    assert_int_equal(put(0x407008, "big"), 0);
    assert_memory_equal(gpa(0x7008), "big", 3);
    assert_int_equal(put(0x6000, "x"), 1); /* PTE 6 not present */
    cr4 = 0; /* without PSE the PS bit is ignored: PDE 1 is a table at 0 */
    set32(0x0000 + 7 * 4, (21 << 12) | P | RW);
    assert_int_equal(put(0x407008, "tbl"), 0);
    assert_memory_equal(gpa(0x15008), "tbl", 3);
}

static void test_pae(void **state)
{
    cr0 = 0x80010011; /* PG | WP | ET | PE */
    cr4 = 0x20;
    cr3 = (12 << 12) | 0x20;               /* PDPT at offset 0x20 */
    set64(0xc020, (13 << 12) | P);         /* PDPTE 0 -> PD */
    set64(0xd000, (14 << 12) | P | RW);    /* PDE 0 -> PT */
    set64(0xd008, 0 | P | RW | PS);        /* PDE 1: 2 MiB at 0 */
    set64(0xe000 + 2 * 8, (21 << 12) | P); /* va 0x2000 read-only */
    char c;

    assert_int_equal(hvm_copy_vcpu(&vcpu, 0x2010, &c, 1, false), 0);
    assert_int_equal(put(0x2010, "ro"), 2); /* WP: refused */
    cr0 &= ~0x10000UL;
    assert_int_equal(put(0x2010, "ro"), 0); /* no WP: the kernel writes */
    assert_memory_equal(gpa(0x15010), "ro", 2);
    assert_int_equal(put(0x209000, "2m"), 0);
    assert_memory_equal(gpa(0x9000), "2m", 2);
}

static void test_long_mode(void **state)
{
    cr0 = 0x80010011;
    cr4 = 0x20;
    efer = 0x500; /* LME | LMA */
    cr3 = 15 << 12;
    set64(0xf000, (16 << 12) | P | RW);          /* PML4E 0 */
    set64(0x10000, (17 << 12) | P | RW);         /* PDPTE 0 */
    set64(0x10008, 0 | P | RW | PS);             /* PDPTE 1: 1 GiB */
    set64(0x11000, (18 << 12) | P | RW);         /* PDE 0 */
    set64(0x12000 + 3 * 8, (22 << 12) | P | RW); /* va 0x3000 */
    set64(0x12000 + 4 * 8, (23 << 12) | P);      /* va 0x4000 RO */
    assert_int_equal(put(0x3abc, "lm"), 0);
    assert_memory_equal(gpa(0x16abc), "lm", 2);
    assert_int_equal(put(0x4000, "ro"), 2);
    assert_int_equal(put(0x40005000, "1g"), 0);
    assert_memory_equal(gpa(0x5000), "1g", 2);
    /* a table outside the p2m and a non-canonical-ish high slot */
    set64(0x12000 + 5 * 8, (200UL << 12) | P | RW);
    assert_int_equal(put(0x5000, "no"), 2);
    assert_int_equal(put(0xffff800000000000UL, "no"), 2);
    assert_int_equal(refs, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_paging_off, setup),
        cmocka_unit_test_setup(test_two_level, setup),
        cmocka_unit_test_setup(test_pae, setup),
        cmocka_unit_test_setup(test_long_mode, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
