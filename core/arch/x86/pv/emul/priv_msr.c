/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RDMSR and WRMSR from a PV guest kernel: one table saying, per MSR range
 * and host vendor, what a read returns and what a write does, following
 * what Xen 4.17 presents to a PV domain (pv/emul-priv-op.c read_msr() /
 * write_msr() and msr.c guest_rdmsr() / guest_wrmsr(), with vPMU off and
 * no vMCE error injected).
 *
 * An MSR the table does not know, or a handler's refusal, gives #GP as on
 * Xen, with Xen's two exceptions: the msr_relaxed domain option (reads as
 * 0 and ignored writes for MSRs the host has), and reads before the guest
 * installed a #GP handler (0 for MSRs the host has, outside the
 * hypervisor range 0x4000xxxx), which early Linux boot code relies on.
 */
#include <xenith/lib.h>
#include "emul_private.h"

enum { MSR_OK, MSR_GP, MSR_DEFAULT };

#define V_INTEL (1u << PV_VENDOR_INTEL)
#define V_AMD   ((1u << PV_VENDOR_AMD) | (1u << PV_VENDOR_HYGON))
#define V_ANY   0xffu

struct msr_env {
    const struct pv_emul_state *st;
    const struct pv_emul_ops *ops;
    void *ctx;
};

typedef int (*msr_rd_fn)(const struct msr_env *e, uint32_t msr, uint64_t *val);
typedef int (*msr_wr_fn)(const struct msr_env *e, uint32_t msr, uint64_t val);

/* ---- Readers ---- */

static int rd_gp(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    return MSR_GP;
}

static int rd_zero(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = 0;
    return MSR_OK;
}

static int rd_host(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    return e->ops->host_rdmsr(e->ctx, msr, val) ? MSR_GP : MSR_OK;
}

static int rd_tsc(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = e->ops->rdtsc(e->ctx);
    return MSR_OK;
}

/* Enabled, at the default address, BSP flag on vCPU 0 (SDM 10.4.4). */
static int rd_apic_base(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = 0xfee00000ULL | (1ULL << 11) | (e->st->vcpu_id ? 0 : 1ULL << 8);
    return MSR_OK;
}

static int rd_feature_control(const struct msr_env *e, uint32_t msr,
                              uint64_t *val)
{
    *val = 1; /* Locked, no VMX, no LMCE. */
    return MSR_OK;
}

static int rd_patchlevel(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    return rd_host(e, msr, val);
}

static int rd_mcg_cap(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    /* Two banks; on Intel also SER_P, TES_P and CMCI_P (Xen's vMCE). */
    *val = 2;
    if (e->st->cpuid->vendor == PV_VENDOR_INTEL)
        *val |= (1ULL << 24) | (1ULL << 11) | (1ULL << 10);
    return MSR_OK;
}

static int rd_mc_bank(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = (msr & 3) == 0 ? ~0ULL : 0; /* MCi_CTL all ones, no errors. */
    return MSR_OK;
}

/* MISC_ENABLE: no perfmon, MONITOR; BTS/PEBS unavailable, xTPR off. */
static uint64_t guest_misc_enable(uint64_t host)
{
    host &= ~((1ULL << 7) | (1ULL << 18));
    return host | (1ULL << 11) | (1ULL << 12) | (1ULL << 23);
}

static int rd_misc_enable(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    uint64_t host;

    if (e->ops->host_rdmsr(e->ctx, msr, &host))
        return MSR_GP;
    *val = guest_misc_enable(host);
    return MSR_OK;
}

static int rd_pat(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = e->st->pat;
    return MSR_OK;
}

/* EFER: known bits (SCE LME LMA NXE FFXSE) of the host's, never SVME. */
static uint64_t guest_efer(const struct pv_emul_state *st)
{
    return st->host_efer & ((1ULL << 0) | (1ULL << 8) | (1ULL << 10) |
                            (1ULL << 11) | (1ULL << 14));
}

static int rd_efer(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = guest_efer(e->st);
    return MSR_OK;
}

static int rd_seg_base(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = msr == 0xc0000100   ? e->st->fs_base
           : msr == 0xc0000101 ? e->st->gs_base
                               : e->st->gs_base_user;
    return MSR_OK;
}

static bool has_tsc_aux(const struct pv_emul_state *st)
{
    return (st->cpuid->extd[1].d & (1u << 27)) ||
           (st->cpuid->feat[0].c & (1u << 22)); /* RDTSCP or RDPID */
}

static int rd_tsc_aux(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    if (!has_tsc_aux(e->st))
        return MSR_GP;
    *val = e->st->tsc_aux;
    return MSR_OK;
}

/* AMD system-configuration MSRs: the hardware domain sees the host's. */
static int rd_amd_syscfg(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    if (!e->st->hardware_domain)
        return MSR_DEFAULT;
    if (e->ops->host_rdmsr(e->ctx, msr, val))
        return MSR_GP;
    if (msr == 0xc0010010) /* SYSCFG: only the memory-type bits. */
        *val &= (1ULL << 22) | (1ULL << 21) | (1ULL << 20) | (1ULL << 18);
    return MSR_OK;
}

static int rd_de_cfg(const struct msr_env *e, uint32_t msr, uint64_t *val)
{
    *val = 1ULL << 1; /* LFENCE is dispatch serialising. */
    return MSR_OK;
}

/* ---- Writers ---- */

static int wr_gp(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    return MSR_GP;
}

static int wr_drop(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    return MSR_OK;
}

static int wr_zero_only(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    return val ? MSR_GP : MSR_OK;
}

static int wr_patchlevel(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    /* Intel documents writing 0 before reading the revision. */
    return e->st->cpuid->vendor == PV_VENDOR_INTEL && !val ? MSR_OK : MSR_GP;
}

static int wr_pred_cmd(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    if (!(e->st->cpuid->extd[8].b & (1u << 12)) || (val & ~1ULL))
        return MSR_GP;
    if (val && e->ops->host_wrmsr)
        e->ops->host_wrmsr(e->ctx, msr, val);
    return MSR_OK;
}

static int wr_mc_bank(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    /* MCi_CTL writes are ignored; STATUS/ADDR/MISC may only be cleared. */
    return (msr & 3) == 0 || !val ? MSR_OK : MSR_GP;
}

static int wr_misc_enable(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    uint64_t host;

    /* Changing it is ignored (Xen logs it); the MSR must exist. */
    return e->ops->host_rdmsr(e->ctx, msr, &host) ? MSR_GP : MSR_OK;
}

static int wr_efer(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    /* Linux writes back what it read; any change is refused. */
    return val == guest_efer(e->st) ? MSR_OK : MSR_GP;
}

static int wr_seg_base(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    if (!pv_canonical(val))
        return MSR_GP;
    e->ops->set_seg_base(e->ctx,
                         msr == 0xc0000100   ? PV_SEG_BASE_FS
                         : msr == 0xc0000101 ? PV_SEG_BASE_GS_KERNEL
                                             : PV_SEG_BASE_GS_USER,
                         val);
    return MSR_OK;
}

static int wr_tsc_aux(const struct msr_env *e, uint32_t msr, uint64_t val)
{
    if (!has_tsc_aux(e->st) || val != (uint32_t)val || !e->ops->set_tsc_aux)
        return MSR_GP;
    e->ops->set_tsc_aux(e->ctx, (uint32_t)val);
    return MSR_OK;
}

/* MSR 0x40000000: "gmfn << 12 | page index"; only page 0 exists. */
static int wr_hypercall_page(const struct msr_env *e, uint32_t msr,
                             uint64_t val)
{
    if ((val & 0xfff) || !e->ops->write_hypercall_page ||
        e->ops->write_hypercall_page(e->ctx, val >> 12))
        return MSR_GP;
    return MSR_OK;
}

/* ---- The table ---- */

struct msr_rule {
    uint32_t first, last;
    uint8_t vendors;
    msr_rd_fn rd; /* NULL: #GP (after the default rules) */
    msr_wr_fn wr;
};

static const struct msr_rule msr_rules[] = {
    { 0x00000010, 0x00000010, V_ANY, rd_tsc, NULL },       /* TSC */
    { 0x00000017, 0x00000017, V_INTEL, rd_host, wr_gp },   /* PLATFORM_ID */
    { 0x0000001b, 0x0000001b, V_ANY, rd_apic_base, NULL }, /* APIC_BASE */
    { 0x0000003a, 0x0000003a, V_INTEL, rd_feature_control, NULL },
    { 0x00000048, 0x00000048, V_ANY, rd_gp, wr_gp },       /* SPEC_CTRL */
    { 0x00000049, 0x00000049, V_ANY, rd_gp, wr_pred_cmd }, /* PRED_CMD */
    { 0x00000079, 0x00000079, V_ANY, rd_gp, wr_gp },       /* UCODE_WRITE */
    { 0x0000008b, 0x0000008b, V_INTEL | V_AMD, rd_patchlevel, wr_patchlevel },
    { 0x0000010a, 0x0000010b, V_ANY, rd_gp, wr_gp }, /* ARCH_CAPS, FLUSH */
    { 0x000000c1, 0x000000c8, V_INTEL, rd_zero, wr_drop }, /* PERFCTR */
    { 0x000000ce, 0x000000ce, V_ANY, rd_zero, wr_gp },     /* PLATFORM_INFO */
    { 0x000000e7, 0x000000e8, V_INTEL | V_AMD, NULL, wr_drop }, /* M/APERF */
    { 0x00000140, 0x00000140, V_ANY, rd_zero, wr_zero_only },   /* MISC_FEAT */
    { 0x00000179, 0x00000179, V_ANY, rd_mcg_cap, wr_gp },       /* MCG_CAP */
    { 0x0000017a, 0x0000017b, V_ANY, rd_zero, wr_drop },   /* MCG_STATUS/CTL */
    { 0x00000186, 0x00000189, V_INTEL, rd_zero, wr_drop }, /* EVNTSEL */
    { 0x00000198, 0x00000199, V_INTEL, rd_zero, wr_drop }, /* PERF_ST/CTL */
    { 0x0000019a, 0x0000019a, V_INTEL, NULL, wr_drop },    /* THERM_CTL */
    { 0x0000019c, 0x0000019c, V_INTEL, rd_zero, NULL },    /* THERM_ST */
    { 0x000001a0, 0x000001a0, V_ANY, rd_misc_enable, wr_misc_enable },
    { 0x000001b0, 0x000001b0, V_INTEL, NULL, wr_drop },    /* ENERGY_BIAS */
    { 0x00000277, 0x00000277, V_ANY, rd_pat, NULL },       /* PAT */
    { 0x00000280, 0x0000029f, V_INTEL, rd_zero, wr_drop }, /* MCi_CTL2 */
    { 0x00000309, 0x0000030b, V_INTEL, rd_zero, wr_drop }, /* FIXED_CTR */
    { 0x00000345, 0x00000345, V_ANY, rd_zero, NULL },      /* PERF_CAPS */
    { 0x0000038d, 0x00000390, V_INTEL, rd_zero, wr_drop }, /* GLOBAL_* */
    { 0x00000400, 0x0000047f, V_ANY, rd_mc_bank, wr_mc_bank },
    { 0x000004d0, 0x000004d0, V_ANY, rd_gp, wr_gp }, /* MCG_EXT_CTL */
    { 0x00000800, 0x000008ff, V_ANY, rd_gp, wr_gp }, /* x2APIC */
    { 0x40000000, 0x40000000, V_ANY, rd_zero, wr_hypercall_page },
    { 0x40000001, 0x400002ff, V_ANY, rd_gp, wr_gp },
    { 0xc0000080, 0xc0000080, V_ANY, rd_efer, wr_efer }, /* EFER */
    { 0xc0000100, 0xc0000102, V_ANY, rd_seg_base, wr_seg_base },
    { 0xc0000103, 0xc0000103, V_ANY, rd_tsc_aux, wr_tsc_aux },
    { 0xc0010000, 0xc0010007, V_AMD, rd_zero, wr_drop },    /* K7 PMU */
    { 0xc0010010, 0xc0010010, V_AMD, rd_amd_syscfg, NULL }, /* SYSCFG */
    { 0xc0010015, 0xc0010015, V_AMD, rd_zero, wr_drop },    /* HWCR */
    { 0xc0010016, 0xc0010019, V_AMD, rd_amd_syscfg, NULL }, /* IORRs */
    { 0xc001001a, 0xc001001a, V_AMD, rd_amd_syscfg, NULL }, /* TOP_MEM */
    { 0xc001001d, 0xc001001d, V_AMD, rd_amd_syscfg, NULL }, /* TOP_MEM2 */
    { 0xc001001f, 0xc001001f, V_AMD, rd_zero, wr_drop },    /* NB_CFG */
    { 0xc0010041, 0xc0010042, V_AMD, rd_zero, wr_drop },    /* FID_VID */
    { 0xc0010058, 0xc0010058, V_AMD, rd_zero, wr_drop },    /* MMIO_CONF */
    { 0xc0010061, 0xc001006b, V_AMD, rd_zero, wr_drop },    /* P-states */
    { 0xc0010112, 0xc0010113, V_AMD, rd_amd_syscfg, NULL }, /* TSEG */
    { 0xc0010200, 0xc001020b, V_AMD, rd_zero, wr_drop },    /* F15h PMU */
    { 0xc0011029, 0xc0011029, V_AMD, rd_de_cfg, NULL },     /* DE_CFG */
};

static const struct msr_rule *msr_rule(const struct pv_emul_state *st,
                                       uint32_t msr)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(msr_rules); i++) {
        const struct msr_rule *r = &msr_rules[i];

        if (msr >= r->first && msr <= r->last &&
            (r->vendors & (1u << st->cpuid->vendor)))
            return r;
    }
    return NULL;
}

int pv_emul_rdmsr(struct cpu_user_regs *regs, uint64_t next_rip,
                  const struct pv_emul_state *st, const struct pv_emul_ops *ops,
                  void *ctx, struct pv_emul_event *ev)
{
    const struct msr_env e = { st, ops, ctx };
    uint32_t msr = (uint32_t)regs->rcx;
    const struct msr_rule *r = msr_rule(st, msr);
    uint64_t val = 0, host;
    int rc = r && r->rd ? r->rd(&e, msr, &val) : MSR_DEFAULT;

    if (rc == MSR_DEFAULT) {
        rc = MSR_GP;
        if (st->msr_relaxed && !ops->host_rdmsr(ctx, msr, &host)) {
            val = 0;
            rc = MSR_OK;
        }
    }
    /* Before the guest can handle #GP, an MSR the host has reads as 0. */
    if (rc != MSR_OK && !st->gp_handler_set && (msr >> 16) != 0x4000 &&
        !ops->host_rdmsr(ctx, msr, &host)) {
        val = 0;
        rc = MSR_OK;
    }
    if (rc != MSR_OK)
        return pv_emul_raise(ev, PV_EMUL_VEC_GP, true, 0);
    regs->rax = (uint32_t)val;
    regs->rdx = val >> 32;
    return pv_emul_retire(regs, next_rip, ev);
}

int pv_emul_wrmsr(struct cpu_user_regs *regs, uint64_t next_rip,
                  const struct pv_emul_state *st, const struct pv_emul_ops *ops,
                  void *ctx, struct pv_emul_event *ev)
{
    const struct msr_env e = { st, ops, ctx };
    uint32_t msr = (uint32_t)regs->rcx;
    uint64_t val = ((regs->rdx & 0xffffffffULL) << 32) | (uint32_t)regs->rax;
    const struct msr_rule *r = msr_rule(st, msr);
    uint64_t host;
    int rc = r && r->wr ? r->wr(&e, msr, val) : MSR_DEFAULT;

    if (rc == MSR_DEFAULT)
        rc = st->msr_relaxed && !ops->host_rdmsr(ctx, msr, &host) ? MSR_OK
                                                                  : MSR_GP;
    if (rc != MSR_OK)
        return pv_emul_raise(ev, PV_EMUL_VEC_GP, true, 0);
    return pv_emul_retire(regs, next_rip, ev);
}
