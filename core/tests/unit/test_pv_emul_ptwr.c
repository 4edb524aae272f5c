/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for writable page-table emulation (arch/x86/pv/emul/ptwr.c):
 * every accepted store form on an L1 entry, CMPXCHG success, failure and
 * lost races, locked read-modify-write retries, and the stores that are
 * refused (misaligned, another page, loads, unsupported operations, an
 * entry the hypervisor rejects).  Bytes are GNU as output checked with
 * objdump -d.
 */
#include "test_pv_emul.h"

#define L1_VA  0xffff880000200000ULL
#define L1_MFN 0x777ULL
#define E(i)   (L1_VA + 8 * (i))
#define EF_CF  0x1ULL
#define EF_ZF  0x40ULL
#define EF_SF  0x80ULL

static struct cpu_user_regs regs;
static struct pv_emul_event ev;
static uint64_t fs_base;

static int setup(void **state)
{
    struct fake_page *pg;
    unsigned int i;

    fake_reset();
    pg = fake_map(L1_VA, true);
    env.l1 = (uint64_t *)pg->data;
    env.l1_mfn = L1_MFN;
    for (i = 0; i < 512; i++)
        env.l1[i] = ((uint64_t)(0x100 + i) << 12) | 0x65;
    memset(&regs, 0, sizeof(regs));
    regs.rflags = 0x202;
    regs.rdi = E(5);
    fs_base = 0;
    return 0;
}

static int ptwr_at(uint64_t cr2, const void *code, size_t n)
{
    fake_code(&regs, code, n);
    return pv_emul_ptwr(&regs, fs_base, 0, cr2, L1_MFN, &fake_ptwr_ops, &env,
                        &ev);
}

#define PTWR(cr2, ...)                               \
    ({                                               \
        static const uint8_t c_[] = { __VA_ARGS__ }; \
        ptwr_at(cr2, c_, sizeof(c_));                \
    })

static void test_mov_forms(void **state)
{
    uint64_t e5 = env.l1[5], e6 = env.l1[6];

    regs.rax = 0xabc067;
    assert_int_equal(PTWR(E(5), 0x48, 0x89, 0x07), 0); /* mov %rax,(%rdi) */
    assert_int_equal(env.l1[5], 0xabc067);
    assert_int_equal(env.pte_offset, 40);
    assert_int_equal(env.pte_old, e5);
    assert_false(env.pte_cmpxchg);
    assert_int_equal(regs.rip, CODE_VA + 3);

    regs.rax = 0xffffffff11223344ULL;
    assert_int_equal(PTWR(E(6), 0x89, 0x47, 0x08), 0); /* mov %eax,8(%rdi) */
    assert_int_equal(env.l1[6], (e6 & ~0xffffffffULL) | 0x11223344);
    assert_int_equal(env.pte_offset, 48);

    regs.rax = 0x80000000;
    assert_int_equal(PTWR(E(5) + 4, 0x89, 0x47, 0x04), 0); /* high half */
    assert_int_equal(env.l1[5], 0x80000000ULL << 32 | 0xabc067);
    assert_int_equal(env.pte_offset, 40);

    regs.rax = 0x1234;
    assert_int_equal(PTWR(E(5), 0x66, 0x89, 0x47, 0x06), 0); /* %ax,6() */
    assert_int_equal(env.l1[5], 0x1234ULL << 48 | 0xabc067);

    regs.rax = 0x9900;
    assert_int_equal(PTWR(E(5), 0x88, 0x67, 0x01), 0); /* mov %ah,1(%rdi) */
    assert_int_equal(env.l1[5], 0x1234ULL << 48 | 0xab9967);

    assert_int_equal(PTWR(E(7), 0x48, 0xc7, 0x47, 0x10, 0xff, 0xff, 0xff, 0xff),
                     0); /* movq $-1,0x10(%rdi) */
    assert_int_equal(env.l1[7], ~0ULL);
    assert_int_equal(env.pte_calls, 6);
}

static void test_segments_and_riprel(void **state)
{
    static const uint8_t riprel[] = { 0x48, 0x89, 0x15, 0x21, 0, 0, 0 };
    uint64_t code = L1_VA - 0x10;

    regs.rdx = 0x5067;
    fs_base = L1_VA;
    /* mov %rdx,%fs:0x10 */
    assert_int_equal(PTWR(E(2), 0x64, 0x48, 0x89, 0x14, 0x25, 0x10, 0, 0, 0),
                     0);
    assert_int_equal(env.l1[2], 0x5067);
    /* mov %rdx,0x21(%rip) from 16 bytes before the table: entry 3. */
    fake_map(code, true);
    fake_put(code, riprel, sizeof(riprel));
    regs.rip = code;
    assert_int_equal(
        pv_emul_ptwr(&regs, 0, 0, E(3), L1_MFN, &fake_ptwr_ops, &env, &ev), 0);
    assert_int_equal(env.l1[3], 0x5067);
    assert_int_equal(regs.rip, code + 7);
}

static void test_xchg(void **state)
{
    uint64_t e5 = env.l1[5];

    regs.rax = 0;
    assert_int_equal(PTWR(E(5), 0x48, 0x87, 0x07), 0); /* xchg */
    assert_int_equal(env.l1[5], 0);
    assert_int_equal(regs.rax, e5);
    assert_true(env.pte_cmpxchg);
    /* Lost race: nothing changes, the guest re-executes. */
    env.race = true;
    env.race_val = 0x4242067;
    regs.rax = 0x1;
    assert_int_equal(PTWR(E(5), 0x48, 0x87, 0x07), 0);
    assert_int_equal(regs.rip, CODE_VA);
    assert_int_equal(regs.rax, 0x1);
    assert_int_equal(env.l1[5], 0x4242067);
}

static void test_cmpxchg(void **state)
{
    uint64_t e5 = env.l1[5];

    /* lock cmpxchg %rdx,(%rdi): success. */
    regs.rax = e5;
    regs.rdx = 0x777067;
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x0f, 0xb1, 0x17), 0);
    assert_int_equal(env.l1[5], 0x777067);
    assert_true(regs.rflags & EF_ZF);
    assert_int_equal(regs.rax, e5);
    assert_true(env.pte_cmpxchg);
    assert_int_equal(env.pte_calls, 1);
    /* Failure: ZF clear, RAX = memory, no update. */
    regs.rax = 0x1;
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x0f, 0xb1, 0x17), 0);
    assert_false(regs.rflags & EF_ZF);
    assert_true(regs.rflags & EF_CF); /* 1 < 0x777067 */
    assert_int_equal(regs.rax, 0x777067);
    assert_int_equal(env.pte_calls, 1);
    assert_int_equal(regs.rip, CODE_VA + 5);
    /* The entry changes between read and update: a failed CMPXCHG. */
    regs.rax = 0x777067;
    env.race = true;
    env.race_val = 0x888067;
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x0f, 0xb1, 0x17), 0);
    assert_false(regs.rflags & EF_ZF);
    assert_int_equal(regs.rax, 0x888067);
    assert_int_equal(env.l1[5], 0x888067);
    assert_int_equal(regs.rip, CODE_VA + 5);
    /* cmpxchg %edx,4(%rdi): the high half, without LOCK. */
    regs.rax = 0xffffffff00000000ULL; /* EAX = 0 = high half */
    regs.rdx = 0x8000;
    assert_int_equal(PTWR(E(5), 0x0f, 0xb1, 0x57, 0x04), 0);
    assert_int_equal(env.l1[5], 0x8000ULL << 32 | 0x888067);
    assert_true(regs.rflags & EF_ZF);
    assert_int_equal(regs.rax, 0xffffffff00000000ULL); /* Unchanged */
}

static void test_rmw(void **state)
{
    uint64_t e5 = 0x105065;

    env.l1[5] = 0x105025; /* Accessed bit clear. */
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x83, 0x0f, 0x40), 0); /* or */
    assert_int_equal(env.l1[5], e5);
    assert_true(env.pte_cmpxchg);
    assert_false(regs.rflags & (EF_ZF | EF_SF | EF_CF));
    env.l1[5] |= 2;
    assert_int_equal(PTWR(E(5), 0xf0, 0x80, 0x27, 0xfd), 0); /* andb */
    assert_int_equal(env.l1[5], e5);
    /* lock btrq $1 / lock btsq $6 */
    env.l1[5] |= 2;
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x0f, 0xba, 0x37, 0x01), 0);
    assert_true(regs.rflags & EF_CF);
    assert_int_equal(env.l1[5] & 2, 0);
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x0f, 0xba, 0x37, 0x01), 0);
    assert_false(regs.rflags & EF_CF);
    env.l1[5] = 0x1025;
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x0f, 0xba, 0x2f, 0x06), 0);
    assert_int_equal(env.l1[5], 0x1065);
    /* lock btr %rcx,(%rdi) with bit 65: entry 6, bit 1. */
    env.l1[6] = 0x2067;
    regs.rcx = 65;
    assert_int_equal(PTWR(E(6), 0xf0, 0x48, 0x0f, 0xb3, 0x0f), 0);
    assert_int_equal(env.l1[6], 0x2065);
    assert_int_equal(env.pte_offset, 48);
    /* btc %rcx,(%rdi) with bit -1: entry 4, bit 63 (NX), no LOCK. */
    regs.rcx = ~0ULL;
    env.l1[4] = 0x3065;
    assert_int_equal(PTWR(E(4), 0x48, 0x0f, 0xbb, 0x0f), 0);
    assert_int_equal(env.l1[4], 0x8000000000003065ULL);
    assert_false(env.pte_cmpxchg);
    assert_false(regs.rflags & EF_CF);
    /* or %rax,(%rdi), xor %eax,(%rdi) */
    regs.rax = 0x8000000000000000ULL;
    env.l1[5] = 0x5065;
    assert_int_equal(PTWR(E(5), 0x48, 0x09, 0x07), 0);
    assert_int_equal(env.l1[5], 0x8000000000005065ULL);
    assert_true(regs.rflags & EF_SF);
    regs.rax = 0x5065;
    assert_int_equal(PTWR(E(5), 0x31, 0x07), 0);
    assert_int_equal(env.l1[5], 0x8000000000000000ULL);
    assert_true(regs.rflags & EF_ZF);
    /* A locked RMW that loses a race is retried, not applied. */
    env.race = true;
    env.race_val = 0x6065;
    assert_int_equal(PTWR(E(5), 0xf0, 0x48, 0x83, 0x0f, 0x40), 0);
    assert_int_equal(regs.rip, CODE_VA);
    assert_int_equal(env.l1[5], 0x6065);
}

static void test_refused(void **state)
{
    uint64_t e5 = env.l1[5];

    regs.rax = 0x1067;
    /* Misaligned 8-, 4- and 2-byte stores. */
    assert_int_equal(PTWR(E(5), 0x48, 0x89, 0x47, 0x01), PV_EMUL_UNHANDLED);
    assert_int_equal(PTWR(E(5), 0x89, 0x47, 0x02), PV_EMUL_UNHANDLED);
    assert_int_equal(PTWR(E(5), 0x66, 0x89, 0x47, 0x01), PV_EMUL_UNHANDLED);
    /* A store into the next page (the fault was in this one). */
    regs.rdi = L1_VA + 0xff8;
    assert_int_equal(PTWR(L1_VA + 0xff8, 0x48, 0x89, 0x47, 0x08),
                     PV_EMUL_UNHANDLED);
    regs.rdi = E(5);
    /* Not stores the emulation takes. */
    assert_int_equal(PTWR(E(5), 0x48, 0x01, 0x07), PV_EMUL_UNHANDLED); /* add */
    assert_int_equal(PTWR(E(5), 0x48, 0x8b, 0x07), PV_EMUL_UNHANDLED); /* ld */
    assert_int_equal(PTWR(E(5), 0x48, 0x0f, 0xba, 0x27, 0x03),         /* btq */
                     PV_EMUL_UNHANDLED);
    assert_int_equal(PTWR(E(5), 0x48, 0x89, 0xc3), PV_EMUL_UNHANDLED); /* reg */
    assert_int_equal(PTWR(E(5), 0x48, 0xc7, 0x4f, 0x10, 0, 0, 0, 0),   /* /1 */
                     PV_EMUL_UNHANDLED);
    assert_int_equal(PTWR(E(5), 0x0f, 0x06), PV_EMUL_UNHANDLED); /* clts */
    assert_int_equal(env.pte_calls, 0);
    /* The hypervisor refuses the new entry: the guest gets its #PF. */
    env.pte_rc = -EINVAL;
    assert_int_equal(PTWR(E(5), 0x48, 0x87, 0x07), PV_EMUL_UNHANDLED);
    assert_int_equal(regs.rax, 0x1067);
    assert_int_equal(env.l1[5], e5);
    assert_int_equal(regs.rip, CODE_VA);
    /* Non-canonical address. */
    env.pte_rc = 0;
    regs.rdi = 0x0000800000000000ULL;
    assert_int_equal(PTWR(0x0000800000000000ULL, 0x48, 0x89, 0x07),
                     PV_EMUL_UNHANDLED);
}

static void test_hostile(void **state)
{
    uint8_t code[16];

    /* Unreadable instruction: #PF flagged as an instruction fetch. */
    regs.rip = 0x7000;
    assert_int_equal(
        pv_emul_ptwr(&regs, 0, 0, E(5), L1_MFN, &fake_ptwr_ops, &env, &ev),
        PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_PF);
    assert_int_equal(ev.error_code, 0x10);
    assert_int_equal(ev.cr2, 0x7000);
    /* Over 15 bytes: the original #PF goes to the guest. */
    memset(code, 0x66, sizeof(code));
    code[14] = 0x89;
    code[15] = 0x07;
    assert_int_equal(ptwr_at(E(5), code, sizeof(code)), PV_EMUL_UNHANDLED);
    /* The entry itself cannot be read: #PF (read) at it. */
    regs.rdi = 0xffff880000400010ULL;
    assert_int_equal(PTWR(0xffff880000400010ULL, 0x48, 0x89, 0x07),
                     PV_EMUL_EXCEPTION);
    assert_int_equal(ev.error_code, 0);
    assert_int_equal(ev.cr2, 0xffff880000400010ULL);
    assert_int_equal(env.pte_calls, 0);
    /* Single-step: #DB after the emulated store. */
    regs.rdi = E(5);
    regs.rflags |= 0x100;
    assert_int_equal(PTWR(E(5), 0x48, 0x89, 0x07), 0);
    assert_true(ev.pending);
    assert_int_equal(ev.vector, PV_EMUL_VEC_DB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_mov_forms, setup),
        cmocka_unit_test_setup(test_segments_and_riprel, setup),
        cmocka_unit_test_setup(test_xchg, setup),
        cmocka_unit_test_setup(test_cmpxchg, setup),
        cmocka_unit_test_setup(test_rmw, setup),
        cmocka_unit_test_setup(test_refused, setup),
        cmocka_unit_test_setup(test_hostile, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
