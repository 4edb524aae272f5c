/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for port I/O emulation (arch/x86/pv/emul/priv_io.c): the
 * guest's permission (virtual IOPL, its own I/O bitmap), the
 * administrator's (direct hardware access), the byte-wise fall-back where
 * reads give all ones and writes are dropped, and INS/OUTS with REP.
 */
#include "test_pv_emul.h"

#define BMP_VA  0xffffffff84000000ULL
#define DATA_VA 0xffff888000100000ULL

static struct pv_cpuid_policy pol;
static struct pv_emul_state st;
static struct cpu_user_regs regs;
static struct pv_emul_event ev;

static int setup(void **state)
{
    fake_reset();
    fake_policy(&pol, false);
    memset(&st, 0, sizeof(st));
    st.kernel_mode = true;
    st.iopl = 1; /* What Linux's dom0 asks for. */
    st.cpuid = &pol;
    memset(&regs, 0, sizeof(regs));
    regs.rflags = 0x202;
    env.port_val[0x60] = 0x1c;
    env.port_val[0x61] = 0x00;
    env.port_val[0x2f8] = 0x41;
    return 0;
}

static int run(const void *code, size_t n)
{
    fake_code(&regs, code, n);
    return pv_emul_priv_op(&regs, &st, &fake_ops, &env, &ev);
}

#define RUN(...)                                     \
    ({                                               \
        static const uint8_t c_[] = { __VA_ARGS__ }; \
        run(c_, sizeof(c_));                         \
    })

static void test_iopl(void **state)
{
    fake_permit(0x60, 0x60);
    regs.rax = 0x1234567812345678ULL;
    assert_int_equal(RUN(0xe4, 0x60), 0); /* in $0x60,%al */
    assert_int_equal(regs.rax, 0x123456781234561cULL);
    assert_int_equal(regs.rip, CODE_VA + 2);
    /* Kernel without IOPL, user with IOPL 1 (CPL 3): the guest's #GP. */
    st.iopl = 0;
    assert_int_equal(RUN(0xe4, 0x60), PV_EMUL_UNHANDLED);
    st.iopl = 1;
    st.kernel_mode = false;
    assert_int_equal(RUN(0xe4, 0x60), PV_EMUL_UNHANDLED);
    st.iopl = 3;
    assert_int_equal(RUN(0xe4, 0x60), 0);
    /* architectural_iopl: the kernel runs at "CPL 0". */
    st.kernel_mode = true;
    st.iopl = 0;
    st.architectural_iopl = true;
    assert_int_equal(RUN(0xe4, 0x60), 0);
    assert_int_equal(env.nr_in, 3);
}

static void test_bitmap(void **state)
{
    struct fake_page *bmp = fake_map(BMP_VA, true);

    memset(bmp->data, 0xff, sizeof(bmp->data));
    bmp->data[0x60 / 8] = (uint8_t)~1; /* Port 0x60 allowed. */
    bmp->data[0x3f8 / 8] = 0;          /* Ports 0x3f8-0x3ff allowed. */
    st.iopl = 0;
    st.iobmp = BMP_VA;
    st.iobmp_limit = 0x400;
    fake_permit(0x60, 0x64);
    assert_int_equal(RUN(0xe4, 0x60), 0);
    assert_int_equal(RUN(0xe4, 0x64), PV_EMUL_UNHANDLED);
    regs.rdx = 0x3fe;
    assert_int_equal(RUN(0x66, 0xed), 0); /* in (%dx),%ax: 0x3fe-0x3ff */
    regs.rdx = 0x3ff;
    assert_int_equal(RUN(0x66, 0xed), PV_EMUL_UNHANDLED); /* 0x400 denied */
    regs.rdx = 0x3fc;
    st.iobmp_limit = 0x3fd; /* Past the limit. */
    assert_int_equal(RUN(0x66, 0xed), PV_EMUL_UNHANDLED);
    /* An unreadable bitmap denies everything. */
    st.iobmp_limit = 0x400;
    bmp->present = false;
    assert_int_equal(RUN(0xe4, 0x60), PV_EMUL_UNHANDLED);
}

static void test_no_admin_access(void **state)
{
    /* Nothing granted: reads float high, writes vanish. */
    regs.rax = 0;
    assert_int_equal(RUN(0xe5, 0x80), 0); /* in $0x80,%eax */
    assert_int_equal(regs.rax, 0xffffffffULL);
    regs.rdx = 0x80;
    assert_int_equal(RUN(0x66, 0xed), 0);
    assert_int_equal(regs.rax, 0xffffffffULL);
    assert_int_equal(RUN(0xe6, 0x80), 0); /* out %al,$0x80 */
    assert_int_equal(RUN(0xef), 0);       /* out %eax,(%dx) */
    assert_int_equal(env.nr_in + env.nr_out, 0);
    assert_int_equal(regs.rip, CODE_VA + 1);
}

static void test_admin_access(void **state)
{
    fake_permit(0x3f8, 0x3ff);
    regs.rdx = 0x3f8;
    regs.rax = 0xffffffff87654321ULL;
    assert_int_equal(RUN(0xef), 0); /* out %eax,(%dx) */
    assert_int_equal(env.nr_out, 1);
    assert_int_equal(env.out_port[0], 0x3f8);
    assert_int_equal(env.out_bytes[0], 4);
    assert_int_equal(env.out_val[0], 0x87654321);
    assert_int_equal(RUN(0x66, 0xef), 0); /* out %ax,(%dx) */
    assert_int_equal(env.out_bytes[1], 2);
    assert_int_equal(env.out_val[1], 0x4321);
    env.port_val[0x3f9] = 0x77;
    regs.rax = ~0ULL;
    assert_int_equal(RUN(0xed), 0); /* in (%dx),%eax: zero-extends */
    assert_int_equal(regs.rax, 0x00007700ULL);
}

static void test_partial_access(void **state)
{
    /* Only 0x2f8 granted: a word read is split, the rest floats high. */
    fake_permit(0x2f8, 0x2f8);
    regs.rdx = 0x2f8;
    regs.rax = 0;
    assert_int_equal(RUN(0x66, 0xed), 0);
    assert_int_equal(regs.rax, 0xff41);
    assert_int_equal(env.nr_in, 1);
    regs.rax = 0xabcd;
    assert_int_equal(RUN(0x66, 0xef), 0);
    assert_int_equal(env.nr_out, 1);
    assert_int_equal(env.out_port[0], 0x2f8);
    assert_int_equal(env.out_bytes[0], 1);
    assert_int_equal(env.out_val[0], 0xcd);
    /* 0xcf8 as a dword and the RTC never go straight through. */
    fake_permit(0xcf8, 0xcff);
    fake_permit(0x70, 0x71);
    regs.rdx = 0xcf8;
    assert_int_equal(RUN(0xed), 0);
    assert_int_equal(env.nr_in, 3); /* Two word reads, not one dword. */
    assert_int_equal(RUN(0xe4, 0x71), 0);
    assert_int_equal(env.nr_in, 4); /* Byte-wise, as a permitted port. */
    /* A dword at the last port: the bytes past 0xffff float high. */
    fake_permit(0xffff, 0xffff);
    env.port_val[0xffff] = 0x12;
    regs.rdx = 0xffff;
    assert_int_equal(RUN(0xed), 0);
    assert_int_equal(regs.rax, 0xffffff12ULL);
    assert_int_equal(env.nr_in, 5);
    /* A port the hypervisor emulates. */
    env.virt_pit = true;
    assert_int_equal(RUN(0xe4, 0x61), 0);
    assert_int_equal(regs.rax & 0xff, 0x20);
    assert_int_equal(env.nr_in, 5);
}

static void test_ins_outs(void **state)
{
    struct fake_page *data = fake_map(DATA_VA, true);

    fake_permit(0x60, 0x61);
    env.port_val[0x60] = 0x5a;
    regs.rdx = 0x60;
    regs.rdi = DATA_VA + 0x10;
    assert_int_equal(RUN(0x6c), 0); /* insb */
    assert_int_equal(data->data[0x10], 0x5a);
    assert_int_equal(regs.rdi, DATA_VA + 0x11);
    regs.rflags |= 0x400; /* DF */
    assert_int_equal(RUN(0x6c), 0);
    assert_int_equal(regs.rdi, DATA_VA + 0x10);
    regs.rflags &= ~0x400ULL;

    regs.rcx = 3;
    regs.rdx = 0x60;
    assert_int_equal(RUN(0x66, 0xf3, 0x6d), 0); /* rep insw */
    assert_int_equal(regs.rcx, 0);
    assert_int_equal(regs.rdi, DATA_VA + 0x16);
    assert_int_equal(data->data[0x14], 0x5a);
    assert_int_equal(regs.rip, CODE_VA + 3);
    assert_int_equal(RUN(0x66, 0xf3, 0x6d), 0); /* count 0: nothing */
    assert_int_equal(env.nr_in, 5);

    /* rep outsl %fs:(%rsi),(%dx) */
    memcpy(&data->data[0x100], "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    st.fs_base = DATA_VA;
    regs.rsi = 0x100;
    regs.rcx = 2;
    assert_int_equal(RUN(0x64, 0xf3, 0x6f), 0);
    /* Only 0x60-0x61 granted: the low word of each dword goes out. */
    assert_int_equal(env.nr_out, 2);
    assert_int_equal(env.out_val[0], 0x0201);
    assert_int_equal(env.out_val[1], 0x0605);
    assert_int_equal(regs.rsi, 0x108);

    /* addr32 rep outsb: ESI, and the upper half is cleared. */
    fake_map(0x1000, true);
    fake_put(0x1000, "\x99", 1);
    regs.rsi = 0xffffffff00001000ULL;
    regs.rcx = 0xffffffff00000001ULL;
    assert_int_equal(RUN(0x67, 0xf3, 0x6e), 0);
    assert_int_equal(env.out_val[2], 0x99);
    assert_int_equal(regs.rsi, 0x1001);
    assert_int_equal(regs.rcx, 0);
}

static void test_string_faults(void **state)
{
    struct fake_page *data = fake_map(DATA_VA, true);

    fake_permit(0x60, 0x60);
    /* The third byte lands on an absent page: #PF, two done. */
    regs.rdi = DATA_VA + 0xffe;
    regs.rcx = 4;
    regs.rdx = 0x60;
    assert_int_equal(RUN(0xf3, 0x6c), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_PF);
    assert_int_equal(ev.error_code, PV_EMUL_PFEC_WRITE);
    assert_int_equal(ev.cr2, DATA_VA + 0x1000);
    assert_int_equal(regs.rcx, 2);
    assert_int_equal(regs.rdi, DATA_VA + 0x1000);
    assert_int_equal(regs.rip, CODE_VA);
    (void)data;
    /* Reading for OUTS: error code 0. */
    regs.rsi = 0x5000;
    regs.rcx = 1;
    assert_int_equal(RUN(0xf3, 0x6e), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.error_code, 0);
    assert_int_equal(ev.cr2, 0x5000);
    /* Non-canonical address: #GP(0). */
    regs.rsi = 0x0000800000000000ULL;
    assert_int_equal(RUN(0x6e), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
    /* A long REP stops after a batch and resumes at the same RIP. */
    regs.rdi = DATA_VA;
    regs.rcx = 5000;
    regs.rflags |= 0x400;
    regs.rdi = DATA_VA + 0xfff;
    fake_map(DATA_VA - 0x1000, true);
    assert_int_equal(RUN(0xf3, 0x6c), 0);
    assert_true(regs.rcx > 0 && regs.rcx < 5000);
    assert_int_equal(regs.rip, CODE_VA);
    assert_int_equal(RUN(0xf0, 0xe4, 0x60), PV_EMUL_EXCEPTION); /* lock */
    assert_int_equal(ev.vector, PV_EMUL_VEC_UD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_iopl, setup),
        cmocka_unit_test_setup(test_bitmap, setup),
        cmocka_unit_test_setup(test_no_admin_access, setup),
        cmocka_unit_test_setup(test_admin_access, setup),
        cmocka_unit_test_setup(test_partial_access, setup),
        cmocka_unit_test_setup(test_ins_outs, setup),
        cmocka_unit_test_setup(test_string_faults, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
