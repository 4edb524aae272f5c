/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Control registers as a PV guest kernel sees them (Xen 4.17 semantics):
 *   CR0  the real CR0 with the virtual TS; a write may change TS only
 *        (through fpu_taskswitch), other changes are refused (#GP).
 *   CR2  a virtual register the guest may read and write.
 *   CR3  the machine address of the guest's kernel L4 table; a write
 *        switches tables as MMUEXT_NEW_BASEPTR does.
 *   CR4  the guest's own choice of TSD/DE/FSGSBASE/OSXSAVE (those the
 *        policy allows) plus the hypervisor's PAE/MCE/OSFXSR/OSXMMEXCPT.
 * Also the forced-emulation CPUID prefix raised as #UD.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include "emul_private.h"

#define CR0_TS (1ULL << 3)

#define CR4_TSD        (1ULL << 2)
#define CR4_DE         (1ULL << 3)
#define CR4_PAE        (1ULL << 5)
#define CR4_MCE        (1ULL << 6)
#define CR4_OSFXSR     (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define CR4_FSGSBASE   (1ULL << 16)
#define CR4_OSXSAVE    (1ULL << 18)

#define PV_CR4_GUEST_MASK   (CR4_TSD | CR4_DE | CR4_FSGSBASE | CR4_OSXSAVE)
#define PV_CR4_VISIBLE_MASK (CR4_PAE | CR4_MCE | CR4_OSFXSR | CR4_OSXMMEXCPT)

uint64_t pv_emul_fixup_cr4(const struct pv_cpuid_policy *p, uint64_t host_cr4,
                           uint64_t cr4)
{
    if (!(p->basic[1].d & (1u << 4)))
        cr4 &= ~CR4_TSD;
    if (!(p->basic[1].d & (1u << 2)))
        cr4 &= ~CR4_DE;
    if (!(p->feat[0].b & (1u << 0)))
        cr4 &= ~CR4_FSGSBASE;
    if (!(p->basic[1].c & (1u << 26)))
        cr4 &= ~CR4_OSXSAVE;
    return (cr4 & PV_CR4_GUEST_MASK) | (host_cr4 & PV_CR4_VISIBLE_MASK);
}

static int read_cr(unsigned int cr, const struct pv_emul_state *st,
                   uint64_t *val)
{
    switch (cr) {
    case 0:
        *val = (st->host_cr0 & ~CR0_TS) | (st->cr0_ts ? CR0_TS : 0);
        return 0;
    case 2:
        *val = st->cr2;
        return 0;
    case 3:
        *val = st->cr3_mfn << 12;
        return 0;
    case 4:
        *val = st->cr4;
        return 0;
    }
    return -EINVAL;
}

/* 0 done, -EAGAIN retry the instruction, other -errno refused (#GP). */
static int write_cr(unsigned int cr, uint64_t val,
                    const struct pv_emul_state *st,
                    const struct pv_emul_ops *ops, void *ctx)
{
    switch (cr) {
    case 0:
        if ((val ^ st->host_cr0) & ~CR0_TS)
            return -EPERM;
        ops->fpu_taskswitch(ctx, (val & CR0_TS) != 0);
        return 0;
    case 2:
        ops->set_cr2(ctx, val);
        return 0;
    case 3:
        return ops->set_cr3(ctx, val >> 12);
    case 4:
        ops->set_cr4(ctx, pv_emul_fixup_cr4(st->cpuid, st->host_cr4, val));
        return 0;
    }
    return -EINVAL;
}

/*
 * MOV from/to CRn (0f 20 / 0f 22): the ModRM mod bits are ignored and the
 * operand is always a 64-bit register (Intel SDM vol. 2 "MOV - Move
 * to/from Control Registers").
 */
int pv_emul_mov_cr(struct cpu_user_regs *regs, const struct pv_insn *insn,
                   const struct pv_emul_state *st,
                   const struct pv_emul_ops *ops, void *ctx,
                   struct pv_emul_event *ev)
{
    uint64_t val;
    int rc;

    if (insn->opcode == 0x20) {
        if (read_cr(insn->reg, st, &val))
            return PV_EMUL_UNHANDLED;
        *pv_gpr(regs, insn->rm) = val;
    } else {
        rc = write_cr(insn->reg, *pv_gpr(regs, insn->rm), st, ops, ctx);
        if (rc == -EAGAIN)
            return PV_EMUL_DONE; /* RIP unchanged: the guest retries. */
        if (rc)
            return PV_EMUL_UNHANDLED;
    }
    return pv_emul_retire(regs, insn->rip + insn->len, ev);
}

int pv_emul_invalid_op(struct cpu_user_regs *regs,
                       const struct pv_emul_state *st,
                       const struct pv_emul_ops *ops, void *ctx,
                       struct pv_emul_event *ev)
{
    static const uint8_t sig[5] = { 0x0f, 0x0b, 'x', 'e', 'n' };
    static const uint8_t cpuid[2] = { 0x0f, 0xa2 };
    uint8_t buf[5];
    unsigned int left;

    memset(ev, 0, sizeof(*ev));
    left = ops->read_guest(ctx, regs->rip, buf, sizeof(sig));
    if (left)
        return pv_emul_raise_pf(ev, 0, regs->rip + sizeof(sig) - left);
    if (memcmp(buf, sig, sizeof(sig)))
        return PV_EMUL_UNHANDLED;
    left = ops->read_guest(ctx, regs->rip + sizeof(sig), buf, sizeof(cpuid));
    if (left)
        return pv_emul_raise_pf(ev, 0,
                                regs->rip + sizeof(sig) + sizeof(cpuid) - left);
    if (memcmp(buf, cpuid, sizeof(cpuid)))
        return PV_EMUL_UNHANDLED;
    pv_emul_cpuid(regs, st, true);
    return pv_emul_retire(regs, regs->rip + sizeof(sig) + sizeof(cpuid), ev);
}
