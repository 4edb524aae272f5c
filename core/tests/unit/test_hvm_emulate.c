/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the emulation of accesses outside an HVM guest's p2m
 * (arch/x86/hvm/emulate.c): instruction lengths for every form it takes,
 * the register results of loads (all ones at the operand's size, legacy
 * high-byte registers, zero and sign extension), and refusals (which
 * crash the domain and leave RIP alone).
 */
#include "test_core_shim.h"
#include <xenith/domain.h>
#include <xenith/asm/hvm/hvm.h>

static struct domain dom;
static struct vcpu vcpu;
static uint8_t code[32];
static uint64_t rip, rax;
static bool is64, crashed;
static struct hvm_seg cs;

size_t hvm_copy_from_guest(void *dst, uint64_t va, size_t n)
{
    if (va + n > sizeof(code))
        return n;
    memcpy(dst, code + va, n);
    return 0;
}

void hvm_domain_crash(struct domain *d)
{
    (void)d;
    crashed = true;
}

static uint64_t get_rax(struct vcpu *v)
{
    return rax;
}
static void set_rax(struct vcpu *v, uint64_t val)
{
    rax = val;
}
static uint64_t get_rip(struct vcpu *v)
{
    return rip;
}
static void set_rip(struct vcpu *v, uint64_t val)
{
    rip = val;
}
static void get_seg(struct vcpu *v, unsigned int seg, struct hvm_seg *s)
{
    *s = cs;
}
static bool long_mode(struct vcpu *v)
{
    return is64;
}
static uint64_t get_cr(struct vcpu *v, unsigned int cr)
{
    return cr == 0 ? 1 : 0; /* protected mode, paging off */
}

static const struct hvm_function_table funcs = {
    .get_rax = get_rax,
    .set_rax = set_rax,
    .get_rip = get_rip,
    .set_rip = set_rip,
    .get_seg = get_seg,
    .long_mode = long_mode,
    .get_cr = get_cr,
};
const struct hvm_function_table *hvm_funcs = &funcs;

/* Run bytes at RIP 0 in 32-bit (or 64-bit) mode; the length taken, or -1
 * if the domain was crashed. */
static int run(bool wide, bool write, const uint8_t *b, size_t n)
{
    memset(code, 0x90, sizeof(code));
    memcpy(code, b, n);
    rip = 0;
    is64 = wide;
    crashed = false;
    cs.attr = wide ? 0xa9b : 0xc9b;
    cs.base = 0;
    vcpu.domain = &dom;
    if (!hvm_emulate_unbacked(&vcpu, 0x100000, write)) {
        assert_true(crashed);
        assert_int_equal(rip, 0);
        return -1;
    }
    assert_false(crashed);
    return (int)rip;
}

#define RUN(wide, write, ...)                          \
    run(wide, write, (const uint8_t[]){ __VA_ARGS__ }, \
        sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void test_lengths(void **state)
{
    (void)state;
    /* mov 0x100000, %eax (A1 moffs32) */
    assert_int_equal(RUN(false, false, 0xa1, 0, 0, 0x10, 0), 5);
    /* movl $imm32, disp32 (C7 05) */
    assert_int_equal(RUN(false, true, 0xc7, 0x05, 0, 0, 0x10, 0, 1, 2, 3, 4),
                     10);
    /* movb $imm8, disp32 (C6 05) */
    assert_int_equal(RUN(false, true, 0xc6, 0x05, 4, 0, 0x10, 0, 0x5a), 7);
    /* movw $imm16, (%eax) with 66 */
    assert_int_equal(RUN(false, true, 0x66, 0xc7, 0x00, 1, 2), 5);
    /* mov %ecx, 8(%ebx,%esi,4) (89 4C B3 08) */
    assert_int_equal(RUN(false, true, 0x89, 0x4c, 0xb3, 0x08), 4);
    /* mov 0x12345678(%eax), %edx (8B 90 disp32) */
    assert_int_equal(RUN(false, false, 0x8b, 0x90, 1, 2, 3, 4), 6);
    /* SIB with no base: mov 0x100000(,%eax,1), %eax (8B 04 05 disp32) */
    assert_int_equal(RUN(false, false, 0x8b, 0x04, 0x05, 0, 0, 0x10, 0), 7);
    /* 64-bit: mov %rax, (%rdi) with REX.W; a segment prefix */
    assert_int_equal(RUN(true, true, 0x48, 0x89, 0x07), 3);
    assert_int_equal(RUN(true, false, 0x65, 0x8b, 0x07), 3);
    /* 64-bit moffs is 8 bytes */
    assert_int_equal(RUN(true, false, 0xa1, 0, 0, 0x10, 0, 0, 0, 0, 0), 9);
    /* movzbl (%eax), %ecx (0F B6 08) */
    assert_int_equal(RUN(false, false, 0x0f, 0xb6, 0x08), 3);
}

static void test_loads(void **state)
{
    (void)state;
    vcpu.hvm.gprs.rcx = 0x1122334455667788UL;
    RUN(true, false, 0x8a, 0x28); /* mov (%rax), %ch */
    assert_int_equal(vcpu.hvm.gprs.rcx, 0x112233445566ff88UL);
    RUN(true, false, 0x40, 0x8a, 0x28); /* with REX: %bpl */
    assert_int_equal(vcpu.hvm.gprs.rbp & 0xff, 0xff);
    vcpu.hvm.gprs.rdx = 0x1122334455667788UL;
    RUN(true, false, 0x66, 0x8b, 0x10); /* mov (%rax), %dx */
    assert_int_equal(vcpu.hvm.gprs.rdx, 0x112233445566ffffUL);
    RUN(true, false, 0x8b, 0x10); /* 32-bit: zero-extended */
    assert_int_equal(vcpu.hvm.gprs.rdx, 0xffffffffUL);
    RUN(true, false, 0x4c, 0x8b, 0x00); /* mov (%rax), %r8 */
    assert_int_equal(vcpu.hvm.gprs.r8, ~0UL);
    rax = 5;
    RUN(false, false, 0xa1, 0, 0, 0x10, 0);
    assert_int_equal(rax, 0xffffffffUL);
    RUN(true, false, 0x0f, 0xb6, 0x18); /* movzbl: 0xff */
    assert_int_equal(vcpu.hvm.gprs.rbx, 0xff);
    RUN(true, false, 0x48, 0x0f, 0xbe, 0x18); /* movsbq: -1 */
    assert_int_equal(vcpu.hvm.gprs.rbx, ~0UL);
}

static void test_refusals(void **state)
{
    (void)state;
    assert_int_equal(RUN(false, false, 0xf3, 0xa5), -1); /* rep movsl */
    assert_int_equal(RUN(false, false, 0x01, 0x00), -1); /* add: RMW */
    assert_int_equal(RUN(false, true, 0x8b, 0x00), -1);  /* load, yet a write */
    assert_int_equal(RUN(false, false, 0x89, 0x00), -1); /* store, yet a read */
    assert_int_equal(RUN(false, false, 0x8b, 0xc0), -1); /* register operand */
    assert_int_equal(RUN(false, false, 0x8b, 0x20), -1); /* into %esp */
    assert_int_equal(RUN(false, false, 0x67, 0x8b, 0x00), -1); /* addr16 */
    /* truncated: the fetch stops at the end of guest memory */
    memset(code, 0, sizeof(code));
    rip = 0;
    cs.attr = 0x9b; /* 16-bit code */
    is64 = false;
    crashed = false;
    assert_false(hvm_emulate_unbacked(&vcpu, 0x100000, false));
    assert_true(crashed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_loads),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
