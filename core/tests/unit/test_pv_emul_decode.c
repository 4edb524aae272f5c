/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for the PV instruction decoder (arch/x86/pv/emul/decode.c).
 * Instruction bytes are GNU as output, checked with objdump -d; the
 * comment beside each is the AT&T form they were assembled from.
 */
#include "test_pv_emul.h"

#define FS_BASE 0x7000000ULL
#define GS_BASE 0x9000000ULL

struct dcase {
    const char *name;
    uint8_t bytes[16];
    uint8_t n;
    int rc;
    uint8_t len;
    bool twobyte;
    uint8_t opcode;
    bool mem;
    uint64_t ea; /* Checked when mem; ~0 = relative to RIP (see below). */
    uint8_t op_bytes;
    uint64_t imm;
    uint8_t reg, rm;
};

#define RIPREL(d) (CODE_VA + (d))

static const struct dcase cases[] = {
    { "mov %rax,(%rdi)",
      { 0x48, 0x89, 0x07 },
      3,
      0,
      3,
      0,
      0x89,
      1,
      0x1000,
      8,
      0,
      0,
      7 },
    { "mov %eax,0x8(%rdi)",
      { 0x89, 0x47, 0x08 },
      3,
      0,
      3,
      0,
      0x89,
      1,
      0x1008,
      4,
      0,
      0,
      7 },
    { "mov %ax,0x6(%rdi)",
      { 0x66, 0x89, 0x47, 0x06 },
      4,
      0,
      4,
      0,
      0x89,
      1,
      0x1006,
      2,
      0,
      0,
      7 },
    { "mov %al,(%rdi)",
      { 0x88, 0x07 },
      2,
      0,
      2,
      0,
      0x88,
      1,
      0x1000,
      1,
      0,
      0,
      7 },
    { "mov %sil,0x1(%rdi)",
      { 0x40, 0x88, 0x77, 0x01 },
      4,
      0,
      4,
      0,
      0x88,
      1,
      0x1001,
      1,
      0,
      6,
      7 },
    { "mov %r8,0x7f(%rdi,%rcx,8)",
      { 0x4c, 0x89, 0x44, 0xcf, 0x7f },
      5,
      0,
      5,
      0,
      0x89,
      1,
      0x1000 + 3 * 8 + 0x7f,
      8,
      0,
      8,
      4 },
    { "mov %r8,-0x80(%rsp)",
      { 0x4c, 0x89, 0x44, 0x24, 0x80 },
      5,
      0,
      5,
      0,
      0x89,
      1,
      0x2000 - 0x80,
      8,
      0,
      8,
      4 },
    { "mov %rdx,0x12345678(%r12)",
      { 0x49, 0x89, 0x94, 0x24, 0x78, 0x56, 0x34, 0x12 },
      8,
      0,
      8,
      0,
      0x89,
      1,
      0x100000 + 0x12345678,
      8,
      0,
      2,
      12 },
    { "mov %rdx,0x100(%rip)",
      { 0x48, 0x89, 0x15, 0x00, 0x01, 0x00, 0x00 },
      7,
      0,
      7,
      0,
      0x89,
      1,
      RIPREL(7 + 0x100),
      8,
      0,
      2,
      5 },
    { "mov %rdx,-8(%rip)",
      { 0x48, 0x89, 0x15, 0xf8, 0xff, 0xff, 0xff },
      7,
      0,
      7,
      0,
      0x89,
      1,
      RIPREL(7 - 8),
      8,
      0,
      2,
      5 },
    { "mov %rdx,%fs:0x10",
      { 0x64, 0x48, 0x89, 0x14, 0x25, 0x10, 0x00, 0x00, 0x00 },
      9,
      0,
      9,
      0,
      0x89,
      1,
      FS_BASE + 0x10,
      8,
      0,
      2,
      4 },
    { "mov %rdx,%gs:(%rax)",
      { 0x65, 0x48, 0x89, 0x10 },
      4,
      0,
      4,
      0,
      0x89,
      1,
      GS_BASE + 0xabcd00004000ULL,
      8,
      0,
      2,
      0 },
    { "mov %rdx,0x0(%r13)",
      { 0x49, 0x89, 0x55, 0x00 },
      4,
      0,
      4,
      0,
      0x89,
      1,
      0x5000,
      8,
      0,
      2,
      13 },
    { "mov %rdx,0x0(%rbp,%r11,4)",
      { 0x4a, 0x89, 0x54, 0x9d, 0x00 },
      5,
      0,
      5,
      0,
      0x89,
      1,
      0x3000 + 2 * 4,
      8,
      0,
      2,
      4 },
    { "mov %rdx,0x0(,%rcx,8)",
      { 0x48, 0x89, 0x14, 0xcd, 0x00, 0x00, 0x00, 0x00 },
      8,
      0,
      8,
      0,
      0x89,
      1,
      3 * 8,
      8,
      0,
      2,
      4 },
    { "mov %rdx,(%eax)",
      { 0x67, 0x48, 0x89, 0x10 },
      4,
      0,
      4,
      0,
      0x89,
      1,
      0x4000,
      8,
      0,
      2,
      0 },
    { "movq $0x1234,0x10(%rdi)",
      { 0x48, 0xc7, 0x47, 0x10, 0x34, 0x12, 0x00, 0x00 },
      8,
      0,
      8,
      0,
      0xc7,
      1,
      0x1010,
      8,
      0x1234,
      0,
      7 },
    { "movq $-1,0x10(%rdi)",
      { 0x48, 0xc7, 0x47, 0x10, 0xff, 0xff, 0xff, 0xff },
      8,
      0,
      8,
      0,
      0xc7,
      1,
      0x1010,
      8,
      ~0ULL,
      0,
      7 },
    { "movl $0x80000001,0x10(%rdi)",
      { 0xc7, 0x47, 0x10, 0x01, 0x00, 0x00, 0x80 },
      7,
      0,
      7,
      0,
      0xc7,
      1,
      0x1010,
      4,
      0xffffffff80000001ULL,
      0,
      7 },
    { "movw $0x1234,(%rdi)",
      { 0x66, 0xc7, 0x07, 0x34, 0x12 },
      5,
      0,
      5,
      0,
      0xc7,
      1,
      0x1000,
      2,
      0x1234,
      0,
      7 },
    { "movb $0x5a,(%rdi)",
      { 0xc6, 0x07, 0x5a },
      3,
      0,
      3,
      0,
      0xc6,
      1,
      0x1000,
      1,
      0x5a,
      0,
      7 },
    { "lock cmpxchg %rdx,(%rdi)",
      { 0xf0, 0x48, 0x0f, 0xb1, 0x17 },
      5,
      0,
      5,
      1,
      0xb1,
      1,
      0x1000,
      8,
      0,
      2,
      7 },
    { "lock btrq $0x1,(%rdi)",
      { 0xf0, 0x48, 0x0f, 0xba, 0x37, 0x01 },
      6,
      0,
      6,
      1,
      0xba,
      1,
      0x1000,
      8,
      1,
      6,
      7 },
    { "lock andb $0xfd,(%rdi)",
      { 0xf0, 0x80, 0x27, 0xfd },
      4,
      0,
      4,
      0,
      0x80,
      1,
      0x1000,
      1,
      ~2ULL,
      4,
      7 },
    { "orl $0x12345678,(%rdi)",
      { 0x81, 0x0f, 0x78, 0x56, 0x34, 0x12 },
      6,
      0,
      6,
      0,
      0x81,
      1,
      0x1000,
      4,
      0x12345678,
      1,
      7 },
    { "mov %cr0,%rax",
      { 0x0f, 0x20, 0xc0 },
      3,
      0,
      3,
      1,
      0x20,
      0,
      0,
      8,
      0,
      0,
      0 },
    { "mov %cr3,%r9",
      { 0x41, 0x0f, 0x20, 0xd9 },
      4,
      0,
      4,
      1,
      0x20,
      0,
      0,
      8,
      0,
      3,
      9 },
    { "mov %cr8,%rax",
      { 0x44, 0x0f, 0x20, 0xc0 },
      4,
      0,
      4,
      1,
      0x20,
      0,
      0,
      8,
      0,
      8,
      0 },
    /* MOV CR ignores ModRM.mod: 0f 22 07 is "mov %rdi,%cr0". */
    { "mov %rdi,%cr0 (mod 0)",
      { 0x0f, 0x22, 0x07 },
      3,
      0,
      3,
      1,
      0x22,
      0,
      0,
      8,
      0,
      0,
      7 },
    { "rep insw", { 0x66, 0xf3, 0x6d }, 3, 0, 3, 0, 0x6d, 0, 0, 2, 0, 0, 0 },
    { "rep outsl %fs:(%rsi)",
      { 0x64, 0xf3, 0x6f },
      3,
      0,
      3,
      0,
      0x6f,
      0,
      0,
      4,
      0,
      0,
      0 },
    { "in $0x71,%al", { 0xe4, 0x71 }, 2, 0, 2, 0, 0xe4, 0, 0, 1, 0x71, 0, 0 },
    { "rex.W in $0x60,%eax",
      { 0x48, 0xe5, 0x60 },
      3,
      0,
      3,
      0,
      0xe5,
      0,
      0,
      4,
      0x60,
      0,
      0 },
    { "xsetbv", { 0x0f, 0x01, 0xd1 }, 3, 0, 3, 1, 0x01, 0, 0, 4, 0, 2, 1 },
    { "rdtscp", { 0x0f, 0x01, 0xf9 }, 3, 0, 3, 1, 0x01, 0, 0, 4, 0, 7, 1 },
    { "rex.W rdmsr", { 0x48, 0x0f, 0x32 }, 3, 0, 3, 1, 0x32, 0, 0, 8, 0, 0, 0 },
    /* A REX prefix followed by a legacy prefix is ignored. */
    { "rex.W data16 mov",
      { 0x48, 0x66, 0x89, 0x07 },
      4,
      0,
      4,
      0,
      0x89,
      1,
      0x1000,
      2,
      0,
      0,
      7 },
    { "data16 rex.W mov",
      { 0x66, 0x48, 0x89, 0x07 },
      4,
      0,
      4,
      0,
      0x89,
      1,
      0x1000,
      8,
      0,
      0,
      7 },
    /* The last segment override counts. */
    { "fs gs mov",
      { 0x64, 0x65, 0x89, 0x07 },
      4,
      0,
      4,
      0,
      0x89,
      1,
      GS_BASE + 0x1000,
      4,
      0,
      0,
      7 },
    /* Outside the subset. */
    { .name = "nop", .bytes = { 0x90 }, .n = 1, .rc = PV_EMUL_UNHANDLED },
    { .name = "mov (%rdi),%rax",
      .bytes = { 0x48, 0x8b, 0x07 },
      .n = 3,
      .rc = PV_EMUL_UNHANDLED },
    { .name = "add %rax,(%rdi)",
      .bytes = { 0x48, 0x01, 0x07 },
      .n = 3,
      .rc = PV_EMUL_UNHANDLED },
    { .name = "syscall",
      .bytes = { 0x0f, 0x05 },
      .n = 2,
      .rc = PV_EMUL_UNHANDLED },
    { .name = "mov %dr7,%rax",
      .bytes = { 0x0f, 0x21, 0xf8 },
      .n = 3,
      .rc = PV_EMUL_UNHANDLED },
    { .name = "vzeroupper",
      .bytes = { 0xc5, 0xf8, 0x77 },
      .n = 3,
      .rc = PV_EMUL_UNHANDLED },
    { .name = "push (%rdi)",
      .bytes = { 0xff, 0x37 },
      .n = 2,
      .rc = PV_EMUL_UNHANDLED },
};

static void init_regs(struct cpu_user_regs *regs)
{
    memset(regs, 0, sizeof(*regs));
    regs->rdi = 0x1000;
    regs->rcx = 3;
    regs->rsp = 0x2000;
    regs->rbp = 0x3000;
    regs->r11 = 2;
    regs->r12 = 0x100000;
    regs->r13 = 0x5000;
    regs->rax = 0xabcd00004000ULL;
}

static void test_decode_table(void **state)
{
    struct cpu_user_regs regs;
    struct pv_emul_event ev;
    struct pv_insn insn;
    unsigned int i;
    int rc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct dcase *c = &cases[i];

        fake_reset();
        init_regs(&regs);
        fake_code(&regs, c->bytes, c->n);
        rc = pv_insn_decode(&insn, &regs, FS_BASE, GS_BASE, f_read, &env, &ev);
        printf("%-30s rc %d len %u\n", c->name, rc, insn.len);
        assert_int_equal(rc, c->rc);
        if (rc)
            continue;
        assert_int_equal(insn.len, c->len);
        assert_int_equal(insn.twobyte, c->twobyte);
        assert_int_equal(insn.opcode, c->opcode);
        assert_int_equal(insn.mem, c->mem);
        if (c->mem)
            assert_int_equal(insn.ea, c->ea);
        assert_int_equal(insn.op_bytes, c->op_bytes);
        assert_int_equal(insn.imm, c->imm);
        assert_int_equal(insn.reg, c->reg);
        assert_int_equal(insn.rm, c->rm);
        assert_false(ev.pending);
    }
}

static void test_prefix_flags(void **state)
{
    static const uint8_t code[] = { 0xf0, 0x67, 0xf2, 0xf3, 0x2e, 0x89, 0x07 };
    struct cpu_user_regs regs;
    struct pv_emul_event ev;
    struct pv_insn insn;

    fake_reset();
    init_regs(&regs);
    fake_code(&regs, code, sizeof(code));
    assert_int_equal(pv_insn_decode(&insn, &regs, 0, 0, f_read, &env, &ev), 0);
    assert_true(insn.lock && insn.adsize && insn.rep);
    assert_false(insn.repne); /* The later of F2/F3 wins. */
    assert_int_equal(insn.seg, PV_SEG_CS);
    assert_int_equal(insn.ea, 0x1000);
    assert_int_equal(insn.len, 7);
}

/* 15 bytes decode; a 16th byte is #GP(0) (Intel SDM vol. 2 2.3.11). */
static void test_length_limit(void **state)
{
    uint8_t code[20];
    struct cpu_user_regs regs;
    struct pv_emul_event ev;
    struct pv_insn insn;

    memset(code, 0x66, sizeof(code));
    code[13] = 0x89;
    code[14] = 0x07;
    fake_reset();
    init_regs(&regs);
    fake_code(&regs, code, sizeof(code));
    assert_int_equal(pv_insn_decode(&insn, &regs, 0, 0, f_read, &env, &ev), 0);
    assert_int_equal(insn.len, 15);

    code[13] = 0x66;
    code[14] = 0x89;
    code[15] = 0x07;
    fake_code(&regs, code, sizeof(code));
    assert_int_equal(pv_insn_decode(&insn, &regs, 0, 0, f_read, &env, &ev),
                     PV_EMUL_EXCEPTION);
    assert_true(ev.pending);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
    assert_true(ev.has_error_code);
    assert_int_equal(ev.error_code, 0);

    memset(code, 0x66, sizeof(code)); /* Prefixes only. */
    fake_code(&regs, code, sizeof(code));
    assert_int_equal(pv_insn_decode(&insn, &regs, 0, 0, f_read, &env, &ev),
                     PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
}

/* Unreadable bytes: #PF at the first byte that is needed and missing. */
static void test_fetch_faults(void **state)
{
    static const uint8_t movq[] = { 0x48, 0x89, 0x07 };
    struct cpu_user_regs regs;
    struct pv_emul_event ev;
    struct pv_insn insn;
    uint64_t page = 0xffffffff82000000ULL;

    fake_reset();
    init_regs(&regs);
    fake_map(page, true);
    fake_map(page + 0x1000, false);
    /* "48 89 | 07": the ModRM byte is on the absent page. */
    fake_put(page + 0xffe, movq, 2);
    regs.rip = page + 0xffe;
    assert_int_equal(pv_insn_decode(&insn, &regs, 0, 0, f_read, &env, &ev),
                     PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_PF);
    assert_int_equal(ev.cr2, page + 0x1000);
    assert_int_equal(ev.error_code, 0);
    /* "89 07" ending the page decodes although the next page is absent. */
    fake_put(page + 0xffe, movq + 1, 2);
    assert_int_equal(pv_insn_decode(&insn, &regs, 0, 0, f_read, &env, &ev), 0);
    assert_int_equal(insn.len, 2);
    /* RIP itself unmapped. */
    regs.rip = 0x12340000;
    assert_int_equal(pv_insn_decode(&insn, &regs, 0, 0, f_read, &env, &ev),
                     PV_EMUL_EXCEPTION);
    assert_int_equal(ev.cr2, 0x12340000);
}

/*
 * Fuzz: random bytes of which only the first n are readable.  The decoder
 * must never ask for bytes beyond RIP + 15 or across a page, must never
 * use a byte it could not read, and must report the exact fault address.
 */
static uint8_t fz_bytes[PV_INSN_MAX_LEN];
static unsigned int fz_readable;
static uint64_t fz_rip;

static unsigned int fz_fetch(void *ctx, uint64_t la, void *buf,
                             unsigned int len)
{
    unsigned int off, i;

    assert_true(la >= fz_rip);
    assert_true(len >= 1);
    assert_true(la + len <= fz_rip + PV_INSN_MAX_LEN);
    assert_int_equal(la >> 12, (la + len - 1) >> 12);
    off = (unsigned int)(la - fz_rip);
    for (i = 0; i < len; i++) {
        if (off + i >= fz_readable)
            return len - i;
        ((uint8_t *)buf)[i] = fz_bytes[off + i];
    }
    return 0;
}

static void test_fuzz(void **state)
{
    static const uint8_t interesting[] = { 0x0f, 0x66, 0x67, 0xf0, 0xf3,
                                           0x64, 0x65, 0x48, 0x4c, 0x89,
                                           0xc7, 0x81, 0xba, 0x20, 0x22 };
    struct cpu_user_regs regs;
    struct pv_emul_event ev;
    struct pv_insn insn;
    unsigned int iter, i, done = 0;
    int rc;

    srandom(4242);
    for (iter = 0; iter < 300000; iter++) {
        for (i = 0; i < PV_INSN_MAX_LEN; i++)
            fz_bytes[i] =
                random() & 1 ? (uint8_t)random() : interesting[random() % 15];
        fz_readable = random() % (PV_INSN_MAX_LEN + 1);
        fz_rip = 0xffffffff80000000ULL + (random() & 0x1fff);
        memset(&regs, 0, sizeof(regs));
        regs.rip = fz_rip;
        regs.rax = ((uint64_t)random() << 32) | random();
        regs.rdi = ((uint64_t)random() << 32) | random();
        rc = pv_insn_decode(&insn, &regs, 0, 0, fz_fetch, NULL, &ev);
        if (rc == PV_EMUL_DONE) {
            assert_true(insn.len >= 1 && insn.len <= PV_INSN_MAX_LEN);
            assert_true(insn.len <= fz_readable);
            assert_memory_equal(insn.bytes, fz_bytes, insn.len);
            done++;
        } else if (rc == PV_EMUL_EXCEPTION) {
            if (ev.vector == PV_EMUL_VEC_PF) {
                assert_true(fz_readable < PV_INSN_MAX_LEN);
                assert_int_equal(ev.cr2, fz_rip + fz_readable);
            } else {
                assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
            }
        } else {
            assert_int_equal(rc, PV_EMUL_UNHANDLED);
        }
    }
    printf("fuzz: %u of %u decoded\n", done, iter);
    assert_true(done > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_table),
        cmocka_unit_test(test_prefix_flags),
        cmocka_unit_test(test_length_limit),
        cmocka_unit_test(test_fetch_faults),
        cmocka_unit_test(test_fuzz),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
