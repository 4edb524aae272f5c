/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A simulated PV vCPU for the emulator unit tests: guest memory made of
 * individually mapped pages, host MSRs, I/O ports, page-table updates,
 * and a record of every hook the emulators call.  Include once, from the
 * test program's .c file.
 */
#ifndef TEST_PV_EMUL_H
#define TEST_PV_EMUL_H

#include "test_core_shim.h"
#include <stdlib.h>
#include <xenith/errno.h>
#include <xenith/asm/pv/emul.h>

#define FAKE_PAGES 8
#define FAKE_MSRS  16

struct fake_page {
    uint64_t va;
    bool present;
    uint8_t data[4096] __attribute__((aligned(8)));
};

struct fake_env {
    struct fake_page pages[FAKE_PAGES];
    unsigned int nr_pages;
    /* Hooks called and their arguments. */
    int seg_calls, fpu_calls, cr2_calls, cr3_calls, cr4_calls, xcr0_calls;
    int aux_calls, hcall_calls, wbinvd_calls, wrmsr_calls;
    enum pv_seg_base seg_which;
    uint64_t seg_val, cr2_val, cr3_val, cr4_val, xcr0_val, hcall_gmfn;
    uint64_t wrmsr_val;
    uint32_t wrmsr_msr, aux_val;
    bool fpu_ts;
    int cr3_rc, xcr0_rc, hcall_rc;
    uint64_t tsc;
    struct {
        uint32_t msr;
        uint64_t val;
    } msrs[FAKE_MSRS];
    unsigned int nr_msrs;
    /* Ports: the administrator's grant, device values, accesses. */
    uint8_t permitted[65536 / 8];
    uint8_t port_val[65536];
    unsigned int nr_in, nr_out;
    unsigned int out_port[64], out_bytes[64];
    uint32_t out_val[64];
    bool virt_pit; /* io_virt emulates port 0x61 */
    /* Page-table updates. */
    uint64_t l1_mfn;
    uint64_t *l1; /* The L1 page's entries (inside a fake page). */
    int pte_calls, pte_rc;
    unsigned int pte_offset;
    uint64_t pte_old, pte_new;
    bool pte_cmpxchg;
    bool race; /* Change the entry just before the update. */
    uint64_t race_val;
};

static struct fake_env env;

static inline struct fake_page *fake_map(uint64_t va, bool present)
{
    struct fake_page *p = &env.pages[env.nr_pages++];

    assert_true(env.nr_pages <= FAKE_PAGES);
    p->va = va & ~0xfffULL;
    p->present = present;
    return p;
}

static inline uint8_t *fake_byte(uint64_t va)
{
    unsigned int i;

    for (i = 0; i < env.nr_pages; i++)
        if (env.pages[i].present && env.pages[i].va == (va & ~0xfffULL))
            return &env.pages[i].data[va & 0xfff];
    return NULL;
}

/* Place @n bytes at @va (the page must be mapped). */
static inline void fake_put(uint64_t va, const void *src, size_t n)
{
    const uint8_t *s = src;
    size_t i;

    for (i = 0; i < n; i++) {
        uint8_t *b = fake_byte(va + i);

        assert_non_null(b);
        *b = s[i];
    }
}

static inline unsigned int f_read(void *ctx, uint64_t la, void *buf,
                                  unsigned int len)
{
    unsigned int i;

    assert_ptr_equal(ctx, &env);
    for (i = 0; i < len; i++) {
        uint8_t *b = fake_byte(la + i);

        if (!b)
            return len - i;
        ((uint8_t *)buf)[i] = *b;
    }
    return 0;
}

static inline unsigned int f_write(void *ctx, uint64_t la, const void *buf,
                                   unsigned int len)
{
    unsigned int i;

    for (i = 0; i < len; i++) {
        uint8_t *b = fake_byte(la + i);

        if (!b)
            return len - i;
        *b = ((const uint8_t *)buf)[i];
    }
    return 0;
}

static inline int f_host_rdmsr(void *ctx, uint32_t msr, uint64_t *val)
{
    unsigned int i;

    for (i = 0; i < env.nr_msrs; i++) {
        if (env.msrs[i].msr == msr) {
            *val = env.msrs[i].val;
            return 0;
        }
    }
    return -EFAULT;
}

static inline void fake_host_msr(uint32_t msr, uint64_t val)
{
    assert_true(env.nr_msrs < FAKE_MSRS);
    env.msrs[env.nr_msrs].msr = msr;
    env.msrs[env.nr_msrs++].val = val;
}

static inline int f_host_wrmsr(void *ctx, uint32_t msr, uint64_t val)
{
    env.wrmsr_calls++;
    env.wrmsr_msr = msr;
    env.wrmsr_val = val;
    return 0;
}

static inline uint64_t f_rdtsc(void *ctx)
{
    return env.tsc;
}

static inline void f_seg(void *ctx, enum pv_seg_base which, uint64_t base)
{
    env.seg_calls++;
    env.seg_which = which;
    env.seg_val = base;
}

static inline void f_fpu(void *ctx, bool set)
{
    env.fpu_calls++;
    env.fpu_ts = set;
}

static inline void f_cr2(void *ctx, uint64_t v)
{
    env.cr2_calls++;
    env.cr2_val = v;
}

static inline int f_cr3(void *ctx, uint64_t mfn)
{
    env.cr3_calls++;
    env.cr3_val = mfn;
    return env.cr3_rc;
}

static inline void f_cr4(void *ctx, uint64_t v)
{
    env.cr4_calls++;
    env.cr4_val = v;
}

static inline int f_xcr0(void *ctx, uint64_t v)
{
    env.xcr0_calls++;
    env.xcr0_val = v;
    return env.xcr0_rc;
}

static inline void f_aux(void *ctx, uint32_t v)
{
    env.aux_calls++;
    env.aux_val = v;
}

static inline int f_hcall(void *ctx, uint64_t gmfn)
{
    env.hcall_calls++;
    env.hcall_gmfn = gmfn;
    return env.hcall_rc;
}

static inline void f_wbinvd(void *ctx)
{
    env.wbinvd_calls++;
}

static inline bool f_permitted(void *ctx, unsigned int first, unsigned int last)
{
    unsigned int p;

    assert_true(first <= last && last < 65536);
    for (p = first; p <= last; p++)
        if (!(env.permitted[p / 8] & (1u << (p % 8))))
            return false;
    return true;
}

static inline void fake_permit(unsigned int first, unsigned int last)
{
    unsigned int p;

    for (p = first; p <= last; p++)
        env.permitted[p / 8] |= 1u << (p % 8);
}

static inline uint32_t f_in(void *ctx, unsigned int port, unsigned int bytes)
{
    uint32_t v = 0;
    unsigned int i;

    assert_true(f_permitted(ctx, port, port + bytes - 1));
    env.nr_in++;
    for (i = 0; i < bytes; i++)
        v |= (uint32_t)env.port_val[(port + i) & 0xffff] << (8 * i);
    return v;
}

static inline void f_out(void *ctx, unsigned int port, unsigned int bytes,
                         uint32_t val)
{
    assert_true(f_permitted(ctx, port, port + bytes - 1));
    /* The last 64 accesses are kept. */
    env.out_port[env.nr_out % 64] = port;
    env.out_bytes[env.nr_out % 64] = bytes;
    env.out_val[env.nr_out++ % 64] = val;
}

static inline unsigned int f_virt(void *ctx, unsigned int port,
                                  unsigned int bytes, bool write, uint32_t *val)
{
    if (!env.virt_pit || port != 0x61)
        return 0;
    if (!write)
        *val = 0x20;
    return 1;
}

static inline int f_update_pte(void *ctx, uint64_t mfn, unsigned int offset,
                               uint64_t *old, uint64_t new, bool cmpxchg)
{
    uint64_t *e;

    assert_int_equal(mfn, env.l1_mfn);
    assert_int_equal(offset & 7, 0);
    assert_true(offset < 4096);
    env.pte_calls++;
    env.pte_offset = offset;
    env.pte_old = *old;
    env.pte_new = new;
    env.pte_cmpxchg = cmpxchg;
    if (env.pte_rc)
        return env.pte_rc;
    e = &env.l1[offset / 8];
    if (env.race) {
        *e = env.race_val;
        env.race = false;
    }
    if (cmpxchg && *e != *old) {
        *old = *e;
        return PV_PTWR_CHANGED;
    }
    *e = new;
    return 0;
}

static const struct pv_emul_ops fake_ops __attribute__((unused)) = {
    .read_guest = f_read,
    .write_guest = f_write,
    .host_rdmsr = f_host_rdmsr,
    .host_wrmsr = f_host_wrmsr,
    .rdtsc = f_rdtsc,
    .set_seg_base = f_seg,
    .fpu_taskswitch = f_fpu,
    .set_cr2 = f_cr2,
    .set_cr3 = f_cr3,
    .set_cr4 = f_cr4,
    .set_xcr0 = f_xcr0,
    .set_tsc_aux = f_aux,
    .write_hypercall_page = f_hcall,
    .wbinvd = f_wbinvd,
    .ioports_permitted = f_permitted,
    .io_in = f_in,
    .io_out = f_out,
    .io_virt = f_virt,
};

static const struct pv_ptwr_ops fake_ptwr_ops __attribute__((unused)) = {
    .read_guest = f_read,
    .update_pte = f_update_pte,
};

/* Guest code lives in one page at CODE_VA. */
#define CODE_VA 0xffffffff81000000ULL

static inline void fake_reset(void)
{
    memset(&env, 0, sizeof(env));
}

/* Put @code at CODE_VA (mapping the page first) and point RIP at it. */
static inline void fake_code(struct cpu_user_regs *regs, const void *code,
                             size_t n)
{
    if (!fake_byte(CODE_VA))
        fake_map(CODE_VA, true);
    fake_put(CODE_VA, code, n);
    regs->rip = CODE_VA;
}

/*
 * A small host for the instruction tests: GenuineIntel (or AuthenticAMD)
 * with TSC, DE, XSAVE, AVX, FSGSBASE, RDTSCP and IBRSB.
 */
static inline void fake_policy(struct pv_cpuid_policy *p, bool amd)
{
    struct pv_cpuid_leaf raw[] = {
        { 0, 0, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69 },
        { 1, 0, 0x000506f4, 0x00000800, 0x1c002201, 0x078bfbfd },
        { 7, 0, 0, 0x00000001, 0, 0x04000000 },
        { 0xd, 0, 0x7, 0x340, 0x340, 0 },
        { 0xd, 1, 0x1, 0x340, 0, 0 },
        { 0xd, 2, 0x100, 0x240, 0, 0 },
        { 0x80000000, 0, 0x80000008, 0, 0, 0 },
        { 0x80000001, 0, 0, 0, 0x1, 0x28100800 },
    };
    struct pv_cpuid_host h = { .raw = raw, .nr_raw = 8 };

    if (amd) {
        raw[0].b = 0x68747541;
        raw[0].c = 0x444d4163;
        raw[0].d = 0x69746e65;
    }
    assert_int_equal(pv_cpuid_policy_init(p, &h), 0);
}

#endif /* TEST_PV_EMUL_H */
