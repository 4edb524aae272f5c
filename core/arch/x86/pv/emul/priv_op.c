/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Privileged instructions of a PV guest kernel (running in ring 3), which
 * reach the hypervisor as #GP: the dispatcher and the simple cases.  The
 * set follows Xen 4.17's pv/emul-priv-op.c: I/O instructions, CLI/STI (with
 * I/O privilege: ignored), CLTS, WBINVD, MOV to/from CR0/2/3/4, RDMSR,
 * WRMSR, RDTSC, RDTSCP, CPUID and XSETBV.  HLT, INVD and MOV DR are not
 * emulated (Xen 4.17 does not either): the guest receives its #GP.
 */
#include <xenith/lib.h>
#include "emul_private.h"

#define CR4_TSD     (1ULL << 2)
#define CR4_OSXSAVE (1ULL << 18)

/* XCR0 components (Intel SDM vol. 1 13.3). */
#define XCR0_FP     (1ULL << 0)
#define XCR0_SSE    (1ULL << 1)
#define XCR0_YMM    (1ULL << 2)
#define XCR0_BND    (3ULL << 3)
#define XCR0_AVX512 (7ULL << 5)
#define XCR0_PKRU   (1ULL << 9)

/*
 * Xen's valid_xcr0(): combinations hardware accepts.  PKRU is refused as
 * well, as Xen refuses it to PV guests (protection keys do not work with
 * a kernel that runs in ring 3).
 */
static bool xcr0_valid(uint64_t xcr0)
{
    if (xcr0 & XCR0_PKRU)
        return false;
    if (!(xcr0 & XCR0_FP))
        return false;
    if ((xcr0 & XCR0_YMM) && !(xcr0 & XCR0_SSE))
        return false;
    if (xcr0 & XCR0_AVX512) {
        if (!(xcr0 & XCR0_YMM) || (~xcr0 & XCR0_AVX512))
            return false;
    }
    if ((xcr0 & XCR0_BND) && (xcr0 & XCR0_BND) != XCR0_BND)
        return false;
    return true;
}

/*
 * XSETBV (Intel SDM vol. 2 "XSETBV"): #UD without CR4.OSXSAVE or with a
 * 66/F2/F3 prefix, #GP(0) from user mode, for ECX != 0, or for an XCR0 the
 * policy or hardware does not allow.
 */
static int emul_xsetbv(struct cpu_user_regs *regs, const struct pv_insn *insn,
                       const struct pv_emul_state *st,
                       const struct pv_emul_ops *ops, void *ctx,
                       struct pv_emul_event *ev)
{
    uint64_t val = ((regs->rdx & 0xffffffffULL) << 32) | (uint32_t)regs->rax;

    if (insn->opsize || insn->rep || insn->repne || !(st->cr4 & CR4_OSXSAVE))
        return pv_emul_raise(ev, PV_EMUL_VEC_UD, false, 0);
    if (!st->kernel_mode || (uint32_t)regs->rcx != 0 ||
        (val & ~st->cpuid->xcr0_max) || !xcr0_valid(val) || !ops->set_xcr0 ||
        ops->set_xcr0(ctx, val))
        return pv_emul_raise(ev, PV_EMUL_VEC_GP, true, 0);
    return pv_emul_retire(regs, insn->rip + insn->len, ev);
}

/* RDTSC and RDTSCP: from user mode only while the guest's CR4.TSD is 0. */
static int emul_rdtsc(struct cpu_user_regs *regs, const struct pv_insn *insn,
                      const struct pv_emul_state *st,
                      const struct pv_emul_ops *ops, bool rdtscp,
                      struct pv_emul_event *ev, void *ctx)
{
    uint64_t tsc;

    if (!st->kernel_mode && (st->cr4 & CR4_TSD))
        return PV_EMUL_UNHANDLED;
    if (rdtscp && !(st->cpuid->extd[1].d & (1u << 27)))
        return pv_emul_raise(ev, PV_EMUL_VEC_UD, false, 0);
    tsc = ops->rdtsc(ctx);
    regs->rax = (uint32_t)tsc;
    regs->rdx = tsc >> 32;
    if (rdtscp)
        regs->rcx = st->tsc_aux;
    return pv_emul_retire(regs, insn->rip + insn->len, ev);
}

/* One-byte opcodes: I/O and CLI/STI. */
static int emul_onebyte(struct cpu_user_regs *regs, const struct pv_insn *insn,
                        const struct pv_emul_state *st,
                        const struct pv_emul_ops *ops, void *ctx,
                        struct pv_emul_event *ev)
{
    uint8_t op = insn->opcode;

    if ((op & 0xfc) == 0x6c || (op & 0xf4) == 0xe4)
        return pv_emul_io(regs, insn, st, ops, ctx, ev);
    if (op == 0xfa || op == 0xfb) {
        /* With I/O privilege Xen ignores them; the event mask stays. */
        if (!pv_emul_iopl_ok(st))
            return PV_EMUL_UNHANDLED;
        if (insn->lock)
            return pv_emul_raise(ev, PV_EMUL_VEC_UD, false, 0);
        return pv_emul_retire(regs, insn->rip + insn->len, ev);
    }
    return PV_EMUL_UNHANDLED;
}

/* Two-byte opcodes that need guest kernel mode. */
static int emul_kernel_only(struct cpu_user_regs *regs,
                            const struct pv_insn *insn,
                            const struct pv_emul_state *st,
                            const struct pv_emul_ops *ops, void *ctx,
                            struct pv_emul_event *ev)
{
    uint64_t next = insn->rip + insn->len;

    if (!st->kernel_mode)
        return PV_EMUL_UNHANDLED;
    switch (insn->opcode) {
    case 0x06: /* CLTS */
        ops->fpu_taskswitch(ctx, false);
        return pv_emul_retire(regs, next, ev);
    case 0x09: /* WBINVD: ignored unless the domain may flush caches. */
        if (st->cache_flush_permitted && ops->wbinvd)
            ops->wbinvd(ctx);
        return pv_emul_retire(regs, next, ev);
    case 0x20:
    case 0x22:
        return pv_emul_mov_cr(regs, insn, st, ops, ctx, ev);
    case 0x30:
        return pv_emul_wrmsr(regs, next, st, ops, ctx, ev);
    case 0x32:
        return pv_emul_rdmsr(regs, next, st, ops, ctx, ev);
    }
    return PV_EMUL_UNHANDLED;
}

/* Two-byte opcodes emulated here (none of them takes LOCK). */
static bool priv_twobyte(uint8_t op)
{
    switch (op) {
    case 0x01:
    case 0x06:
    case 0x09:
    case 0x20:
    case 0x22:
    case 0x30:
    case 0x31:
    case 0x32:
    case 0xa2:
        return true;
    }
    return false;
}

int pv_emul_priv_op(struct cpu_user_regs *regs, const struct pv_emul_state *st,
                    const struct pv_emul_ops *ops, void *ctx,
                    struct pv_emul_event *ev)
{
    struct pv_insn insn;
    int rc;

    memset(ev, 0, sizeof(*ev));
    if ((regs->cs & ~3) == (FLAT_RING3_CS32 & ~3))
        return PV_EMUL_UNHANDLED; /* 32-bit code is not decoded here. */
    rc = pv_insn_decode(&insn, regs, st->fs_base, st->gs_base, ops->read_guest,
                        ctx, ev);
    if (rc)
        return rc;
    if (!insn.twobyte)
        return emul_onebyte(regs, &insn, st, ops, ctx, ev);
    if (!priv_twobyte(insn.opcode))
        return PV_EMUL_UNHANDLED;
    if (insn.lock)
        return pv_emul_raise(ev, PV_EMUL_VEC_UD, false, 0);
    switch (insn.opcode) {
    case 0x31:
        return emul_rdtsc(regs, &insn, st, ops, false, ev, ctx);
    case 0xa2:
        pv_emul_cpuid(regs, st, false);
        return pv_emul_retire(regs, insn.rip + insn.len, ev);
    case 0x01:
        if (insn.modrm == 0xd1)
            return emul_xsetbv(regs, &insn, st, ops, ctx, ev);
        if (insn.modrm == 0xf9)
            return emul_rdtsc(regs, &insn, st, ops, true, ev, ctx);
        return PV_EMUL_UNHANDLED;
    }
    return emul_kernel_only(regs, &insn, st, ops, ctx, ev);
}
