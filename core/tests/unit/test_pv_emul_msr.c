/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests for RDMSR/WRMSR emulation (arch/x86/pv/emul/priv_msr.c): the
 * values Xen 4.17 presents to a PV dom0, the writes it accepts, ignores or
 * refuses with #GP, and its two fall-backs (msr_relaxed, reads before the
 * guest has a #GP handler).
 */
#include "test_pv_emul.h"

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
    st.hardware_domain = true;
    st.gp_handler_set = true;
    st.cpuid = &pol;
    st.fs_base = 0x1111000;
    st.gs_base = 0xffff888000002000ULL;
    st.gs_base_user = 0x7fff0000;
    st.pat = 0x0007040600070406ULL;
    st.host_efer = 0xd01 | (1ULL << 12) | (1ULL << 21); /* + SVME, AIBRSE */
    st.tsc_aux = 9;
    memset(&regs, 0, sizeof(regs));
    return 0;
}

/* rdmsr (0f 32): the result, or ~0 after #GP. */
static uint64_t rd(uint32_t msr)
{
    static const uint8_t code[] = { 0x0f, 0x32 };
    int rc;

    regs.rax = regs.rdx = 0xaaaaaaaa55555555ULL;
    regs.rcx = 0xffffffff00000000ULL | msr; /* Upper RCX is ignored. */
    fake_code(&regs, code, sizeof(code));
    rc = pv_emul_priv_op(&regs, &st, &fake_ops, &env, &ev);
    if (rc == PV_EMUL_EXCEPTION) {
        assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
        assert_int_equal(ev.error_code, 0);
        assert_int_equal(regs.rip, CODE_VA);
        return ~0ULL;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(regs.rip, CODE_VA + 2);
    assert_int_equal(regs.rax >> 32, 0);
    assert_int_equal(regs.rdx >> 32, 0);
    return regs.rax | (regs.rdx << 32);
}

/* wrmsr (0f 30): 0, or -1 after #GP. */
static int wr(uint32_t msr, uint64_t val)
{
    static const uint8_t code[] = { 0x0f, 0x30 };
    int rc;

    regs.rcx = msr;
    regs.rax = 0xdead000000000000ULL | (uint32_t)val; /* Upper ignored */
    regs.rdx = 0xbeef000000000000ULL | (val >> 32);
    fake_code(&regs, code, sizeof(code));
    rc = pv_emul_priv_op(&regs, &st, &fake_ops, &env, &ev);
    if (rc == PV_EMUL_EXCEPTION) {
        assert_int_equal(ev.vector, PV_EMUL_VEC_GP);
        return -1;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(regs.rip, CODE_VA + 2);
    return 0;
}

static void test_reads(void **state)
{
    env.tsc = 0x123456789aULL;
    assert_int_equal(rd(0x10), 0x123456789aULL); /* TSC */
    assert_int_equal(rd(0x1b), 0xfee00900ULL);   /* BSP */
    st.vcpu_id = 1;
    assert_int_equal(rd(0x1b), 0xfee00800ULL);
    assert_int_equal(rd(0xc0000100), 0x1111000);             /* FS */
    assert_int_equal(rd(0xc0000101), 0xffff888000002000ULL); /* GS */
    assert_int_equal(rd(0xc0000102), 0x7fff0000);            /* shadow */
    assert_int_equal(rd(0xc0000080), 0xd01);                 /* EFER: no SVME */
    assert_int_equal(rd(0x277), 0x0007040600070406ULL);      /* PAT */
    assert_int_equal(rd(0x345), 0);         /* PERF_CAPABILITIES */
    assert_int_equal(rd(0xce), 0);          /* PLATFORM_INFO */
    assert_int_equal(rd(0x3a), 1);          /* FEATURE_CONTROL */
    assert_int_equal(rd(0x179), 0x1000c02); /* MCG_CAP (Intel) */
    assert_int_equal(rd(0x17a), 0);         /* MCG_STATUS */
    assert_int_equal(rd(0x400), ~0ULL);     /* MC0_CTL */
    assert_int_equal(rd(0x401), 0);         /* MC0_STATUS */
    assert_int_equal(rd(0x40000000), 0);    /* hypercall page */
    assert_int_equal(rd(0xc0000103), 9);    /* TSC_AUX */
    assert_int_equal(rd(0xc1), 0);          /* PERFCTR0: no vPMU */
    assert_int_equal(rd(0x140), 0);         /* MISC_FEATURES */
    /* Refused: hidden, write-only, x2APIC, unknown. */
    assert_int_equal(rd(0x48), ~0ULL);  /* SPEC_CTRL */
    assert_int_equal(rd(0x49), ~0ULL);  /* PRED_CMD */
    assert_int_equal(rd(0x10a), ~0ULL); /* ARCH_CAPS */
    assert_int_equal(rd(0x802), ~0ULL); /* x2APIC ID */
    assert_int_equal(rd(0x40000001), ~0ULL);
    assert_int_equal(rd(0x12345), ~0ULL);
    assert_int_equal(rd(0xc0010015), ~0ULL); /* AMD HWCR on Intel */
}

static void test_misc_enable(void **state)
{
    /* Host: fast strings, TCC, perfmon, EIST, MONITOR, limit CPUID. */
    fake_host_msr(0x1a0, 0x450089);
    /* Perfmon and MONITOR hidden; BTS/PEBS unavailable, xTPR off. */
    assert_int_equal(rd(0x1a0), 0xc11809);
    assert_int_equal(wr(0x1a0, 0xc11809), 0);
    assert_int_equal(wr(0x1a0, 0), 0); /* A change is ignored. */
    env.nr_msrs = 0;
    assert_int_equal(rd(0x1a0), ~0ULL); /* The host has none. */
    assert_int_equal(wr(0x1a0, 0), -1);
}

static void test_amd(void **state)
{
    fake_policy(&pol, true);
    assert_int_equal(rd(0x179), 2);      /* MCG_CAP: 2 banks */
    assert_int_equal(rd(0xc0010015), 0); /* HWCR */
    assert_int_equal(rd(0xc0011029), 2); /* DE_CFG: LFENCE */
    assert_int_equal(rd(0xc0010064), 0); /* P-state 0 */
    assert_int_equal(rd(0xc001001f), 0); /* NB_CFG */
    assert_int_equal(rd(0xc0010000), 0); /* K7 PMU */
    assert_int_equal(rd(0x3a), ~0ULL);   /* FEATURE_CONTROL */
    assert_int_equal(rd(0xc1), ~0ULL);   /* Intel PMU */
    /* SYSCFG: the hardware domain sees the memory-type bits. */
    fake_host_msr(0xc0010010, 0x7ffffffULL);
    assert_int_equal(rd(0xc0010010), 0x740000);
    st.hardware_domain = false;
    assert_int_equal(rd(0xc0010010), ~0ULL);
    assert_int_equal(wr(0xc0010015, 0x1234), 0); /* Dropped */
    assert_int_equal(wr(0xc0010062, 1), 0);
}

static void test_writes(void **state)
{
    assert_int_equal(wr(0xc0000100, 0x7f0000001000ULL), 0);
    assert_int_equal(env.seg_which, PV_SEG_BASE_FS);
    assert_int_equal(env.seg_val, 0x7f0000001000ULL);
    assert_int_equal(wr(0xc0000101, 0xffff888000001000ULL), 0);
    assert_int_equal(env.seg_which, PV_SEG_BASE_GS_KERNEL);
    assert_int_equal(wr(0xc0000102, 0), 0);
    assert_int_equal(env.seg_which, PV_SEG_BASE_GS_USER);
    assert_int_equal(wr(0xc0000101, 0x0000800000000000ULL), -1);
    assert_int_equal(env.seg_calls, 3);

    assert_int_equal(wr(0xc0000080, 0xd01), 0); /* EFER: same value */
    assert_int_equal(wr(0xc0000080, 0x501), -1);
    assert_int_equal(wr(0x277, 0x0007040600070406ULL), -1); /* PAT */
    assert_int_equal(wr(0x1b, 0xfee00900), -1);             /* APIC_BASE */
    assert_int_equal(wr(0x10, 0), -1);                      /* TSC */

    assert_int_equal(wr(0x40000000, 0x1234000), 0);
    assert_int_equal(env.hcall_gmfn, 0x1234);
    assert_int_equal(wr(0x40000000, 0x1234001), -1); /* Page index 1 */
    env.hcall_rc = -EINVAL;
    assert_int_equal(wr(0x40000000, 0x1234000), -1);
    assert_int_equal(env.hcall_calls, 2);

    assert_int_equal(wr(0x49, 1), 0); /* IBPB (host has IBRSB) */
    assert_int_equal(env.wrmsr_calls, 1);
    assert_int_equal(env.wrmsr_msr, 0x49);
    assert_int_equal(wr(0x49, 2), -1);
    assert_int_equal(wr(0x48, 1), -1); /* SPEC_CTRL not virtualised */

    assert_int_equal(wr(0x401, 0), 0); /* MC0_STATUS cleared */
    assert_int_equal(wr(0x401, 1), -1);
    assert_int_equal(wr(0x400, 0), 0);  /* MC0_CTL: ignored */
    assert_int_equal(wr(0x179, 0), -1); /* MCG_CAP */
    assert_int_equal(wr(0x140, 0), 0);  /* No CPUID faulting */
    assert_int_equal(wr(0x140, 1), -1);
    assert_int_equal(wr(0x8b, 0), 0); /* Intel: write 0, read rev */
    assert_int_equal(wr(0x8b, 1), -1);
    assert_int_equal(wr(0x79, 0x1000), -1); /* No microcode from PV */
    assert_int_equal(wr(0xc1, 5), 0);       /* PMU: dropped */
    assert_int_equal(wr(0x199, 5), 0);      /* PERF_CTL: dropped */

    assert_int_equal(wr(0xc0000103, 5), 0);
    assert_int_equal(env.aux_val, 5);
    assert_int_equal(wr(0xc0000103, 1ULL << 32), -1);
    assert_int_equal(wr(0x12345, 0), -1);
}

static void test_fallbacks(void **state)
{
    fake_host_msr(0x12345, 77);
    fake_host_msr(0x40000010, 1);
    /* Before a #GP handler exists, MSRs the host has read as 0. */
    st.gp_handler_set = false;
    assert_int_equal(rd(0x12345), 0);
    assert_int_equal(rd(0x54321), ~0ULL);    /* The host has not. */
    assert_int_equal(rd(0x40000010), ~0ULL); /* Hypervisor range */
    assert_int_equal(wr(0x12345, 1), -1);    /* Writes still fault. */
    st.gp_handler_set = true;
    assert_int_equal(rd(0x12345), ~0ULL);
    /* msr_relaxed: reads as 0, writes ignored, if the host has it. */
    st.msr_relaxed = true;
    assert_int_equal(rd(0x12345), 0);
    assert_int_equal(wr(0x12345, 1), 0);
    assert_int_equal(rd(0x54321), ~0ULL);
    assert_int_equal(wr(0x54321, 1), -1);
}

static void test_prefixed_and_user(void **state)
{
    static const uint8_t rex_rdmsr[] = { 0x48, 0x0f, 0x32 };

    regs.rcx = 0x277;
    fake_code(&regs, rex_rdmsr, sizeof(rex_rdmsr));
    assert_int_equal(pv_emul_priv_op(&regs, &st, &fake_ops, &env, &ev), 0);
    assert_int_equal(regs.rip, CODE_VA + 3);
    assert_int_equal(regs.rax, 0x00070406);
    st.kernel_mode = false;
    regs.rip = CODE_VA;
    assert_int_equal(pv_emul_priv_op(&regs, &st, &fake_ops, &env, &ev),
                     PV_EMUL_UNHANDLED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_reads, setup),
        cmocka_unit_test_setup(test_misc_enable, setup),
        cmocka_unit_test_setup(test_amd, setup),
        cmocka_unit_test_setup(test_writes, setup),
        cmocka_unit_test_setup(test_fallbacks, setup),
        cmocka_unit_test_setup(test_prefixed_and_user, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
