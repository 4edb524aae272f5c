/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for privileged-instruction emulation (#GP) and the forced
 * CPUID prefix (#UD): control registers, CLTS, WBINVD, RDTSC(P), CPUID,
 * XSETBV, CLI/STI, and what stays unemulated.  Bytes are GNU as output
 * checked with objdump -d.
 */
#include "test_pv_emul.h"

#define HOST_CR0 0x8005003bULL /* PG WP NE ET TS MP PE */
#define HOST_CR4 0x003506f0ULL /* incl. PAE MCE OSFXSR OSXMMEXCPT OSXSAVE */
#define EF_TF    0x100ULL
#define EF_RF    0x10000ULL

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
    st.cpuid = &pol;
    st.host_cr0 = HOST_CR0;
    st.host_cr4 = HOST_CR4;
    st.cr4 = pv_emul_fixup_cr4(&pol, HOST_CR4, 0);
    st.cr2 = 0xdeadbeef000ULL;
    st.cr3_mfn = 0x12345;
    memset(&regs, 0, sizeof(regs));
    regs.rflags = 0x202;
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

static void test_read_cr(void **state)
{
    assert_int_equal(RUN(0x0f, 0x20, 0xc0), 0); /* mov %cr0,%rax */
    assert_int_equal(regs.rax, HOST_CR0 & ~8ULL);
    assert_int_equal(regs.rip, CODE_VA + 3);
    st.cr0_ts = true;
    assert_int_equal(RUN(0x0f, 0x20, 0xc0), 0);
    assert_int_equal(regs.rax, HOST_CR0);
    assert_int_equal(RUN(0x0f, 0x20, 0xd0), 0); /* mov %cr2,%rax */
    assert_int_equal(regs.rax, 0xdeadbeef000ULL);
    assert_int_equal(RUN(0x41, 0x0f, 0x20, 0xd9), 0); /* mov %cr3,%r9 */
    assert_int_equal(regs.r9, 0x12345000ULL);
    assert_int_equal(regs.rip, CODE_VA + 4);
    assert_int_equal(RUN(0x0f, 0x20, 0xe0), 0); /* mov %cr4,%rax */
    /* The PV view: only the hypervisor's visible bits by default. */
    assert_int_equal(regs.rax, 0x660);
    assert_int_equal(RUN(0x44, 0x0f, 0x20, 0xc0), PV_EMUL_UNHANDLED); /* cr8 */
    st.kernel_mode = false;
    assert_int_equal(RUN(0x0f, 0x20, 0xc0), PV_EMUL_UNHANDLED);
}

static void test_write_cr(void **state)
{
    regs.rax = HOST_CR0;                        /* TS set */
    assert_int_equal(RUN(0x0f, 0x22, 0xc0), 0); /* mov %rax,%cr0 */
    assert_int_equal(env.fpu_calls, 1);
    assert_true(env.fpu_ts);
    regs.rax = HOST_CR0 & ~8ULL;
    assert_int_equal(RUN(0x0f, 0x22, 0xc0), 0);
    assert_false(env.fpu_ts);
    regs.rax = HOST_CR0 & ~0x10000ULL; /* Clearing WP is refused. */
    assert_int_equal(RUN(0x0f, 0x22, 0xc0), PV_EMUL_UNHANDLED);
    assert_int_equal(env.fpu_calls, 2);
    assert_int_equal(regs.rip, CODE_VA);

    regs.r10 = 0x1234;
    assert_int_equal(RUN(0x41, 0x0f, 0x22, 0xd2), 0); /* mov %r10,%cr2 */
    assert_int_equal(env.cr2_val, 0x1234);

    regs.rbx = 0x5555000ULL | 0x18;             /* PWT/PCD bits are ignored. */
    assert_int_equal(RUN(0x0f, 0x22, 0xdb), 0); /* mov %rbx,%cr3 */
    assert_int_equal(env.cr3_val, 0x5555);
    env.cr3_rc = -EINVAL;
    assert_int_equal(RUN(0x0f, 0x22, 0xdb), PV_EMUL_UNHANDLED);
    env.cr3_rc = -EAGAIN; /* Preempted: the guest re-executes. */
    assert_int_equal(RUN(0x0f, 0x22, 0xdb), PV_EMUL_DONE);
    assert_int_equal(regs.rip, CODE_VA);

    regs.rbx = ~0ULL;
    assert_int_equal(RUN(0x0f, 0x22, 0xe3), 0); /* mov %rbx,%cr4 */
    /* TSD DE FSGSBASE OSXSAVE (all in the policy) + PAE MCE OSFXSR... */
    assert_int_equal(env.cr4_val, 0x4000cULL | 0x10000ULL | 0x660);
    /* MOV CR ignores the ModRM mod field: 0f 22 07 = mov %rdi,%cr0. */
    regs.rdi = HOST_CR0;
    assert_int_equal(RUN(0x0f, 0x22, 0x07), 0);
    assert_true(env.fpu_ts);
    st.kernel_mode = false;
    assert_int_equal(RUN(0x0f, 0x22, 0xc0), PV_EMUL_UNHANDLED);
}

static void test_fixup_cr4(void **state)
{
    struct pv_cpuid_policy amd_qemu;
    struct pv_cpuid_leaf raw[] = {
        { 0, 0, 1, 0x68747541, 0x444d4163, 0x69746e65 },
        { 1, 0, 0x00060fb1, 0, 0x00002001, 0x078bfbed }, /* no TSC */
    };
    struct pv_cpuid_host h = { .raw = raw, .nr_raw = 2 };

    assert_int_equal(pv_emul_fixup_cr4(&pol, 0, ~0ULL), 0x5000cULL);
    assert_int_equal(pv_emul_fixup_cr4(&pol, ~0ULL, 0), 0x660);
    assert_int_equal(pv_cpuid_policy_init(&amd_qemu, &h), 0);
    /* No TSC, XSAVE or FSGSBASE in the policy: only DE remains. */
    assert_int_equal(pv_emul_fixup_cr4(&amd_qemu, 0, ~0ULL), 0x8);
}

static void test_simple_ops(void **state)
{
    assert_int_equal(RUN(0x0f, 0x06), 0); /* clts */
    assert_int_equal(env.fpu_calls, 1);
    assert_false(env.fpu_ts);
    assert_int_equal(regs.rip, CODE_VA + 2);
    assert_int_equal(RUN(0xf0, 0x0f, 0x06), PV_EMUL_EXCEPTION); /* lock */
    assert_int_equal(ev.vector, PV_EMUL_VEC_UD);

    assert_int_equal(RUN(0x0f, 0x09), 0); /* wbinvd, ignored */
    assert_int_equal(env.wbinvd_calls, 0);
    st.cache_flush_permitted = true;
    assert_int_equal(RUN(0x0f, 0x09), 0);
    assert_int_equal(env.wbinvd_calls, 1);

    /* Not emulated by Xen 4.17 either: the guest gets its #GP. */
    assert_int_equal(RUN(0x0f, 0x08), PV_EMUL_UNHANDLED);       /* invd */
    assert_int_equal(RUN(0xf4), PV_EMUL_UNHANDLED);             /* hlt */
    assert_int_equal(RUN(0x0f, 0x21, 0xf8), PV_EMUL_UNHANDLED); /* dr7 */
    assert_int_equal(RUN(0x48, 0x89, 0x07), PV_EMUL_UNHANDLED); /* mov */
    assert_int_equal(RUN(0x0f, 0x0b), PV_EMUL_UNHANDLED);       /* ud2 */
    /* A #GP from a lockable memory instruction is the guest's own. */
    assert_int_equal(RUN(0xf0, 0x48, 0x0f, 0xb1, 0x17), PV_EMUL_UNHANDLED);
    /* 32-bit code (FLAT_RING3_CS32) is not decoded as 64-bit code. */
    regs.cs = 0xe023;
    assert_int_equal(RUN(0x0f, 0x06), PV_EMUL_UNHANDLED);
    regs.cs = 0xe033;
    assert_int_equal(regs.rip, CODE_VA);

    st.kernel_mode = false;
    assert_int_equal(RUN(0x0f, 0x06), PV_EMUL_UNHANDLED);
    assert_int_equal(RUN(0x0f, 0x09), PV_EMUL_UNHANDLED);
}

static void test_cli_sti(void **state)
{
    assert_int_equal(RUN(0xfa), PV_EMUL_UNHANDLED); /* vIOPL 0 */
    st.iopl = 1;
    assert_int_equal(RUN(0xfa), 0);
    assert_int_equal(regs.rip, CODE_VA + 1);
    assert_int_equal(regs.rflags, 0x202); /* Ignored: IF unchanged. */
    assert_int_equal(RUN(0xfb), 0);
    assert_int_equal(RUN(0xf0, 0xfa), PV_EMUL_EXCEPTION); /* lock cli */
    assert_int_equal(ev.vector, PV_EMUL_VEC_UD);
    st.kernel_mode = false;
    assert_int_equal(RUN(0xfb), PV_EMUL_UNHANDLED); /* User: CPL 3 > 1 */
}

static void test_rdtsc(void **state)
{
    env.tsc = 0x1122334455667788ULL;
    regs.rax = regs.rdx = ~0ULL;
    assert_int_equal(RUN(0x0f, 0x31), 0);
    assert_int_equal(regs.rax, 0x55667788);
    assert_int_equal(regs.rdx, 0x11223344);
    st.tsc_aux = 3;
    assert_int_equal(RUN(0x0f, 0x01, 0xf9), 0); /* rdtscp */
    assert_int_equal(regs.rcx, 3);
    assert_int_equal(regs.rip, CODE_VA + 3);
    /* User mode: only while CR4.TSD is clear. */
    st.kernel_mode = false;
    assert_int_equal(RUN(0x0f, 0x31), 0);
    st.cr4 |= 4;
    assert_int_equal(RUN(0x0f, 0x31), PV_EMUL_UNHANDLED);
    assert_int_equal(RUN(0x0f, 0x01, 0xf9), PV_EMUL_UNHANDLED);
}

static void test_rdtscp_absent(void **state)
{
    struct pv_cpuid_leaf raw[] = {
        { 0, 0, 1, 0x68747541, 0x444d4163, 0x69746e65 },
        { 1, 0, 0x00060fb1, 0, 0x00002001, 0x078bfbfd },
    };
    struct pv_cpuid_host h = { .raw = raw, .nr_raw = 2 };

    assert_int_equal(pv_cpuid_policy_init(&pol, &h), 0);
    assert_int_equal(RUN(0x0f, 0x01, 0xf9), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_UD);
    assert_false(ev.has_error_code);
}

static void test_cpuid_gp(void **state)
{
    regs.rax = 0x40000000;
    assert_int_equal(RUN(0x0f, 0xa2), 0);
    assert_int_equal(regs.rbx, 0x566e6558);
    assert_int_equal(regs.rax, 0x40000005);
    assert_int_equal(regs.rip, CODE_VA + 2);
    /* Native CPUID never shows the leaked OSXSAVE. */
    regs.rax = 1;
    assert_int_equal(RUN(0x0f, 0xa2), 0);
    assert_false(regs.rcx & (1u << 27));
    /* Also from user mode (CPUID faulting). */
    st.kernel_mode = false;
    regs.rax = 0x40000001;
    assert_int_equal(RUN(0x0f, 0xa2), 0);
    assert_int_equal(regs.rax, 0x40011);
}

static void test_forced_cpuid(void **state)
{
    static const uint8_t fc[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };
    uint8_t bad[sizeof(fc)];
    uint64_t page = 0xffffffff83000000ULL;

    fake_code(&regs, fc, sizeof(fc));
    regs.rax = 1;
    regs.rcx = 0;
    regs.rflags |= EF_TF | EF_RF;
    assert_int_equal(pv_emul_invalid_op(&regs, &st, &fake_ops, &env, &ev), 0);
    assert_int_equal(regs.rip, CODE_VA + 7);
    assert_true(regs.rcx & (1u << 27)); /* Leaked OSXSAVE (kernel, #UD) */
    assert_true(regs.rcx & (1u << 31));
    assert_false(regs.rflags & EF_RF);
    assert_true(ev.pending); /* Single step: #DB after the instruction. */
    assert_int_equal(ev.vector, PV_EMUL_VEC_DB);

    memcpy(bad, fc, sizeof(bad));
    bad[4] = 'N';
    fake_code(&regs, bad, sizeof(bad));
    assert_int_equal(pv_emul_invalid_op(&regs, &st, &fake_ops, &env, &ev),
                     PV_EMUL_UNHANDLED);
    memcpy(bad, fc, sizeof(bad));
    bad[6] = 0x31; /* ud2; "xen"; rdtsc */
    fake_code(&regs, bad, sizeof(bad));
    assert_int_equal(pv_emul_invalid_op(&regs, &st, &fake_ops, &env, &ev),
                     PV_EMUL_UNHANDLED);
    assert_int_equal(regs.rip, CODE_VA);

    /* The CPUID bytes on an absent page: #PF at that page. */
    fake_map(page, true);
    fake_map(page + 0x1000, false);
    fake_put(page + 0xffb, fc, 5);
    regs.rip = page + 0xffb;
    assert_int_equal(pv_emul_invalid_op(&regs, &st, &fake_ops, &env, &ev),
                     PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_PF);
    assert_int_equal(ev.cr2, page + 0x1000);
    regs.rip = page + 0xffe; /* The signature itself crosses. */
    assert_int_equal(pv_emul_invalid_op(&regs, &st, &fake_ops, &env, &ev),
                     PV_EMUL_EXCEPTION);
    assert_int_equal(ev.cr2, page + 0x1000);
}

static void test_xsetbv(void **state)
{
    st.cr4 |= 1ULL << 18; /* OSXSAVE */
    regs.rax = 7;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), 0);
    assert_int_equal(env.xcr0_val, 7);
    assert_int_equal(regs.rip, CODE_VA + 3);
    regs.rax = 6; /* x87 missing */
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
    regs.rax = 5; /* AVX without SSE */
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    regs.rax = 0xe7; /* AVX-512 state: not in this policy */
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    regs.rax = 3;
    regs.rdx = 1; /* Bit 32 */
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    regs.rdx = 0xffffffff00000000ULL; /* Upper RDX is ignored. */
    regs.rcx = 1;                     /* XCR1 */
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    regs.rcx = 0;
    env.xcr0_rc = -EINVAL;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    env.xcr0_rc = 0;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), 0);
    assert_int_equal(env.xcr0_val, 3);
    assert_int_equal(RUN(0x66, 0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_UD);
    st.kernel_mode = false;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
    st.kernel_mode = true;
    st.cr4 &= ~(1ULL << 18);
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_UD);
    assert_int_equal(env.xcr0_calls, 3);
}

/*
 * XSETBV's validity rules (Xen's valid_xcr0() and handle_xsetbv()) against
 * a policy allowing every component a PV guest could have: x87, SSE, YMM,
 * the MPX pair, the three AVX-512 components and PKRU.
 */
static void test_xsetbv_rules(void **state)
{
    static const struct {
        uint64_t xcr0;
        bool ok;
    } cases[] = {
        { 0x1, true },                 /* x87 alone */
        { 0x3, true },                 /* x87 SSE */
        { 0x7, true },                 /* x87 SSE YMM */
        { 0xe7, true },                /* ... and all of AVX-512 */
        { 0x1f, true },                /* x87 SSE YMM BNDREGS BNDCSR */
        { 0xff, true },                /* everything but PKRU */
        { 0x0, false },                /* x87 must be set */
        { 0x2, false },                /* SSE without x87 */
        { 0x6, false },                /* SSE YMM without x87 */
        { 0x5, false },                /* YMM needs SSE */
        { 0x27, false },               /* opmask alone */
        { 0x47, false },               /* ZMM_Hi256 alone */
        { 0x87, false },               /* Hi16_ZMM alone */
        { 0x67, false },               /* two of the three */
        { 0xc7, false },               /* two of the three */
        { 0xe3, false },               /* AVX-512 without YMM */
        { 0xe1, false },               /* ... and without SSE */
        { 0xf, false },                /* BNDREGS without BNDCSR */
        { 0x17, false },               /* BNDCSR without BNDREGS */
        { 0x207, false },              /* PKRU: never for a PV guest */
        { 0x107, false },              /* bit 8 (PT, an XSS component) */
        { 0x407, false },              /* bit 10 and up: not allowed */
        { 0x60007, false },            /* AMX tile state */
        { 0x4000000000000007, false }, /* LWP */
        { 0x8000000000000007, false }, /* bit 63 (reserved) */
        { 0x100000007, false },        /* bit 32 */
    };
    struct pv_cpuid_policy wide = pol;
    int calls = env.xcr0_calls;

    wide.xcr0_max = 0x2ff;
    st.cpuid = &wide;
    st.cr4 |= 1ULL << 18; /* OSXSAVE */
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        regs.rax = (uint32_t)cases[i].xcr0;
        regs.rdx = cases[i].xcr0 >> 32;
        regs.rcx = 0;
        memset(&ev, 0, sizeof(ev));
        if (cases[i].ok) {
            assert_int_equal(RUN(0x0f, 0x01, 0xd1), 0);
            assert_int_equal(env.xcr0_val, cases[i].xcr0);
            assert_int_equal(env.xcr0_calls, ++calls);
        } else {
            assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
            assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
            assert_true(ev.has_error_code);
            assert_int_equal(ev.error_code, 0);
            assert_int_equal(env.xcr0_calls, calls); /* never loaded */
        }
    }
    /* Beyond the domain's allowed mask: AVX-512 when it offers AVX only. */
    wide.xcr0_max = 0x7;
    regs.rax = 0xe7;
    regs.rdx = 0;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
    regs.rax = 0x7;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), 0);
    /* Without XSAVE in the policy nothing but #GP... */
    wide.xcr0_max = 0;
    regs.rax = 0x1;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
    /* ... and the hypervisor's refusal is #GP as well. */
    wide.xcr0_max = 0x7;
    env.xcr0_rc = -EINVAL;
    assert_int_equal(RUN(0x0f, 0x01, 0xd1), PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
    env.xcr0_rc = 0;
}

static void test_fetch_fault(void **state)
{
    regs.rip = 0x4000; /* Unmapped */
    assert_int_equal(pv_emul_priv_op(&regs, &st, &fake_ops, &env, &ev),
                     PV_EMUL_EXCEPTION);
    assert_int_equal(ev.vector, PV_EMUL_VEC_PF);
    assert_int_equal(ev.cr2, 0x4000);
}

/*
 * Random instruction bytes and registers through all three entry points:
 * no crash or sanitizer report, only the documented results, and RIP only
 * ever moves forward by at most 15 bytes.
 */
static void test_fuzz_entry_points(void **state)
{
    static const uint8_t seeds[] = { 0x0f, 0x66, 0x67, 0xf0, 0xf3, 0x48,
                                     0x89, 0x87, 0xb1, 0xba, 0x20, 0x22,
                                     0x30, 0x32, 0x01, 0xe4, 0x6c, 0x6f };
    uint8_t code[24];
    uint64_t l1[512];
    unsigned int iter, i, done = 0;
    int rc;

    fake_map(CODE_VA, true);
    fake_map(0x200000, true); /* Plays the L1 table and the I/O bitmap. */
    env.l1 = l1;
    env.l1_mfn = 1;
    fake_permit(0, 0xffff);
    st.iobmp = 0x200000;
    st.iobmp_limit = 0x8000;
    st.cr4 |= 1ULL << 18;
    srandom(77);
    for (iter = 0; iter < 100000; iter++) {
        for (i = 0; i < sizeof(code); i++)
            code[i] = random() & 1 ? (uint8_t)random() : seeds[random() % 18];
        fake_put(CODE_VA, code, sizeof(code));
        memset(&regs, 0, sizeof(regs));
        regs.rip = CODE_VA;
        regs.rax = ((uint64_t)random() << 32) | random();
        regs.rcx =
            random() % 4 ? (uint64_t)(random() % 16) : (uint64_t)random() << 16;
        regs.rdx = random();
        regs.rsi = 0x200000 + (random() & 0xfff);
        regs.rdi = random() % 2 ? (uint64_t)(0x200000 + (random() & 0xfff))
                                : (uint64_t)random();
        regs.rflags = 0x202 | (random() & 0x500);
        st.kernel_mode = random() & 1;
        st.iopl = random() & 3;
        switch (iter % 3) {
        case 0:
            rc = pv_emul_priv_op(&regs, &st, &fake_ops, &env, &ev);
            break;
        case 1:
            rc = pv_emul_invalid_op(&regs, &st, &fake_ops, &env, &ev);
            break;
        default:
            rc = pv_emul_ptwr(&regs, 0, 0, regs.rdi, 1, &fake_ptwr_ops, &env,
                              &ev);
            break;
        }
        assert_true(rc == PV_EMUL_DONE || rc == PV_EMUL_EXCEPTION ||
                    rc == PV_EMUL_UNHANDLED);
        assert_true(regs.rip >= CODE_VA && regs.rip <= CODE_VA + 15);
        if (rc != PV_EMUL_DONE)
            assert_int_equal(regs.rip, CODE_VA);
        if (rc == PV_EMUL_EXCEPTION)
            assert_true(ev.pending);
        if (rc == PV_EMUL_DONE && regs.rip != CODE_VA)
            done++;
    }
    printf("fuzz: %u of %u emulated\n", done, iter);
    assert_true(done > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_read_cr, setup),
        cmocka_unit_test_setup(test_write_cr, setup),
        cmocka_unit_test_setup(test_fixup_cr4, setup),
        cmocka_unit_test_setup(test_simple_ops, setup),
        cmocka_unit_test_setup(test_cli_sti, setup),
        cmocka_unit_test_setup(test_rdtsc, setup),
        cmocka_unit_test_setup(test_rdtscp_absent, setup),
        cmocka_unit_test_setup(test_cpuid_gp, setup),
        cmocka_unit_test_setup(test_forced_cpuid, setup),
        cmocka_unit_test_setup(test_xsetbv, setup),
        cmocka_unit_test_setup(test_xsetbv_rules, setup),
        cmocka_unit_test_setup(test_fetch_fault, setup),
        cmocka_unit_test_setup(test_fuzz_entry_points, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
