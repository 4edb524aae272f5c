/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writable page tables: a PV guest kernel writes an entry of one of its
 * own L1 page tables through a read-only mapping, the write faults, and
 * the hypervisor performs it after checking the new entry (Xen 4.17's
 * pv/ro-page-fault.c).  Accepted: stores of 1, 2, 4 or 8 bytes, naturally
 * aligned, inside the page of the fault, by
 *   MOV r/m, r  (88, 89)       MOV r/m, imm  (c6 /0, c7 /0)
 *   XCHG r/m, r (86, 87)       CMPXCHG r/m, r (0f b0, 0f b1), LOCK or not
 *   OR/AND/XOR r/m, r or imm  (08 09 20 21 30 31, 80/81/83 /1 /4 /6)
 *   BTS/BTR/BTC r/m, r or imm (0f ab b3 bb, 0f ba /5 /6 /7)
 * A narrower store is merged into the 8-byte entry.  Locked
 * read-modify-write forms (and XCHG, CMPXCHG) go through a compare-and-
 * exchange of the entry; CMPXCHG reports its outcome in ZF and RAX.
 */
#include <xenith/lib.h>
#include "emul_private.h"

#define PFEC_INSN_FETCH (1u << 4)

enum ptwr_op {
    OP_MOV,
    OP_XCHG,
    OP_CMPXCHG,
    OP_OR,
    OP_AND,
    OP_XOR,
    OP_BTS,
    OP_BTR,
    OP_BTC,
    OP_NONE
};

struct ptwr_insn {
    enum ptwr_op op;
    uint64_t src; /* Source operand (register or immediate). */
    uint64_t la;  /* Address written. */
    unsigned int bytes;
    unsigned int bit; /* BT*: bit number within the operand. */
};

static enum ptwr_op group1_op(uint8_t reg)
{
    switch (reg & 7) {
    case 1:
        return OP_OR;
    case 4:
        return OP_AND;
    case 6:
        return OP_XOR;
    }
    return OP_NONE;
}

/* Classify the instruction and gather its source operand. */
static enum ptwr_op classify(const struct pv_insn *in, uint64_t *src,
                             struct cpu_user_regs *regs)
{
    bool rex = in->rex != 0;

    *src = pv_reg_get(regs, in->reg, in->op_bytes, rex);
    if (in->twobyte) {
        switch (in->opcode) {
        case 0xb0:
        case 0xb1:
            return OP_CMPXCHG;
        case 0xab:
            return OP_BTS;
        case 0xb3:
            return OP_BTR;
        case 0xbb:
            return OP_BTC;
        case 0xba:
            *src = in->imm;
            return (in->reg & 7) == 5   ? OP_BTS
                   : (in->reg & 7) == 6 ? OP_BTR
                   : (in->reg & 7) == 7 ? OP_BTC
                                        : OP_NONE;
        }
        return OP_NONE;
    }
    switch (in->opcode) {
    case 0x88:
    case 0x89:
        return OP_MOV;
    case 0x86:
    case 0x87:
        return OP_XCHG;
    case 0x08:
    case 0x09:
        return OP_OR;
    case 0x20:
    case 0x21:
        return OP_AND;
    case 0x30:
    case 0x31:
        return OP_XOR;
    case 0xc6:
    case 0xc7:
        *src = in->imm;
        return (in->reg & 7) == 0 ? OP_MOV : OP_NONE;
    case 0x80:
    case 0x81:
    case 0x83:
        *src = in->imm;
        return group1_op(in->reg);
    }
    return OP_NONE;
}

/* Operation, address and size; false if it is not an accepted store. */
static bool ptwr_decode(const struct pv_insn *in, struct cpu_user_regs *regs,
                        struct ptwr_insn *p)
{
    unsigned int bits = in->op_bytes * 8;

    memset(p, 0, sizeof(*p));
    if (!in->mem)
        return false;
    p->op = classify(in, &p->src, regs);
    p->la = in->ea;
    p->bytes = in->op_bytes;
    if (p->op >= OP_BTS && p->op <= OP_BTC) {
        if (in->opcode == 0xba) {
            p->bit = (unsigned int)(p->src & (bits - 1));
        } else {
            /* A register bit offset may select another operand in memory
             * (Intel SDM vol. 2 "BT"): signed, in units of the size. */
            int64_t off = (int64_t)(p->src << (64 - bits)) >> (64 - bits);

            p->la += (uint64_t)((off >> (bits == 64   ? 6
                                         : bits == 32 ? 5
                                                      : 4)) *
                                (int64_t)p->bytes);
            p->bit = (unsigned int)(off & (bits - 1));
        }
    }
    return p->op != OP_NONE;
}

/* New operand value; sets *flags (arith bits) for the flag-setting ops. */
static uint64_t compute(const struct ptwr_insn *p, uint64_t cur,
                        uint64_t *flags)
{
    uint64_t r = cur, m = 1ULL << p->bit;

    switch (p->op) {
    case OP_MOV:
    case OP_XCHG:
    case OP_CMPXCHG:
        r = p->src;
        break;
    case OP_OR:
        r = cur | p->src;
        break;
    case OP_AND:
        r = cur & p->src;
        break;
    case OP_XOR:
        r = cur ^ p->src;
        break;
    case OP_BTS:
        r = cur | m;
        break;
    case OP_BTR:
        r = cur & ~m;
        break;
    case OP_BTC:
        r = cur ^ m;
        break;
    default:
        break;
    }
    r = pv_trunc(r, p->bytes);
    if (p->op == OP_OR || p->op == OP_AND || p->op == OP_XOR)
        *flags = pv_flags_logic(r, p->bytes);
    return r;
}

/* Write back the operation's effects on registers and flags. */
static void effects(struct cpu_user_regs *regs, const struct pv_insn *in,
                    const struct ptwr_insn *p, uint64_t cur, uint64_t flags)
{
    switch (p->op) {
    case OP_XCHG:
        pv_reg_set(regs, in->reg, p->bytes, in->rex != 0, cur);
        return;
    case OP_OR:
    case OP_AND:
    case OP_XOR:
        regs->rflags = (regs->rflags & ~EF_ARITH_MASK) | flags;
        return;
    case OP_BTS:
    case OP_BTR:
    case OP_BTC:
        regs->rflags =
            (regs->rflags & ~EF_CF) | ((cur >> p->bit) & 1 ? EF_CF : 0);
        return;
    default:
        return;
    }
}

/* CMPXCHG whose comparison failed: ZF clear, accumulator = memory. */
static int cmpxchg_fail(struct cpu_user_regs *regs, const struct pv_insn *in,
                        const struct ptwr_insn *p, uint64_t acc, uint64_t cur,
                        struct pv_emul_event *ev)
{
    regs->rflags =
        (regs->rflags & ~EF_ARITH_MASK) | pv_flags_sub(acc, cur, p->bytes);
    pv_reg_set(regs, 0, p->bytes, true, cur);
    return pv_emul_retire(regs, in->rip + in->len, ev);
}

static int ptwr_update(struct cpu_user_regs *regs, const struct pv_insn *in,
                       const struct ptwr_insn *p, uint64_t l1_mfn,
                       const struct pv_ptwr_ops *ops, void *ctx,
                       struct pv_emul_event *ev)
{
    uint64_t full, nfull, cur, val, acc = 0, flags = 0;
    uint64_t mask = pv_trunc(~0ULL, p->bytes);
    unsigned int shift = (unsigned int)(p->la & 7) * 8, left;
    bool locked = in->lock || p->op == OP_XCHG || p->op == OP_CMPXCHG;
    int rc;

    left = ops->read_guest(ctx, p->la & ~7ULL, &full, 8);
    if (left)
        return pv_emul_raise_pf(ev, 0,
                                (p->la & ~7ULL) + 8 - (left > 8 ? 8 : left));
    cur = (full >> shift) & mask;
    if (p->op == OP_CMPXCHG) {
        acc = pv_reg_get(regs, 0, p->bytes, true);
        if (acc != cur)
            return cmpxchg_fail(regs, in, p, acc, cur, ev);
    }
    val = compute(p, cur, &flags);
    nfull = (full & ~(mask << shift)) | (val << shift);
    rc = ops->update_pte(ctx, l1_mfn, (unsigned int)(p->la & 0xff8), &full,
                         nfull, locked);
    if (rc < 0)
        return PV_EMUL_UNHANDLED;
    if (rc == PV_PTWR_CHANGED) {
        cur = (full >> shift) & mask;
        if (p->op == OP_CMPXCHG && cur != acc)
            return cmpxchg_fail(regs, in, p, acc, cur, ev);
        memset(ev, 0, sizeof(*ev));
        return PV_EMUL_DONE; /* Lost a race: the guest re-executes. */
    }
    if (p->op == OP_CMPXCHG)
        regs->rflags =
            (regs->rflags & ~EF_ARITH_MASK) | pv_flags_sub(acc, cur, p->bytes);
    effects(regs, in, p, cur, flags);
    return pv_emul_retire(regs, in->rip + in->len, ev);
}

int pv_emul_ptwr(struct cpu_user_regs *regs, uint64_t fs_base, uint64_t gs_base,
                 uint64_t cr2, uint64_t l1_mfn, const struct pv_ptwr_ops *ops,
                 void *ctx, struct pv_emul_event *ev)
{
    struct pv_insn in;
    struct ptwr_insn p;
    int rc;

    memset(ev, 0, sizeof(*ev));
    if ((regs->cs & ~3) == (FLAT_RING3_CS32 & ~3))
        return PV_EMUL_UNHANDLED; /* 32-bit code is not decoded here. */
    rc = pv_insn_decode(&in, regs, fs_base, gs_base, ops->read_guest, ctx, ev);
    if (rc == PV_EMUL_EXCEPTION && ev->vector != PV_EMUL_VEC_PF)
        return PV_EMUL_UNHANDLED; /* Only a #PF replaces the original. */
    if (rc == PV_EMUL_EXCEPTION)
        ev->error_code |= PFEC_INSN_FETCH;
    if (rc)
        return rc;
    if (!ptwr_decode(&in, regs, &p))
        return PV_EMUL_UNHANDLED;
    /* Only naturally aligned stores inside the faulting page. */
    if (!pv_canonical(p.la) || ((p.la ^ cr2) & ~(EMUL_PAGE_SIZE - 1)) ||
        (p.la & (p.bytes - 1)))
        return PV_EMUL_UNHANDLED;
    return ptwr_update(regs, &in, &p, l1_mfn, ops, ctx, ev);
}
