/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O from a PV guest (IN, OUT, INS, OUTS; Intel SDM vol. 1 18.2),
 * as Xen 4.17 allows it (pv/emul-priv-op.c):
 *
 * 1. The guest's own permission: its virtual IOPL against the privilege
 *    it runs at (kernel 1, or 0 with VMASST_TYPE_architectural_iopl; user
 *    3), else the I/O bitmap it registered with PHYSDEVOP_set_iobitmap
 *    (bytes that cannot be read count as "denied").  Without it the guest
 *    gets its #GP.
 * 2. The administrator's permission (ioports_permitted): the access goes
 *    to the hardware.  Port 0xcf8 as a dword and the RTC ports 0x70/0x71
 *    never go straight through.
 * 3. Otherwise byte by byte: ports the hypervisor emulates (io_virt),
 *    single permitted ports, and for the rest reads give all ones and
 *    writes are dropped.
 */
#include <xenith/lib.h>
#include "emul_private.h"

/* String instructions done per emulation before the guest resumes. */
#define REP_BATCH 1024

bool pv_emul_iopl_ok(const struct pv_emul_state *st)
{
    unsigned int cpl = !st->kernel_mode ? 3 : st->architectural_iopl ? 0 : 1;

    return cpl <= st->iopl;
}

static bool guest_io_okay(unsigned int port, unsigned int bytes,
                          const struct pv_emul_state *st,
                          const struct pv_emul_ops *ops, void *ctx)
{
    uint8_t b[2];
    unsigned int left, mask;

    if (pv_emul_iopl_ok(st))
        return true;
    if (port + bytes > st->iobmp_limit)
        return false;
    left = ops->read_guest(ctx, st->iobmp + (port >> 3), b, 2);
    if (left >= 2)
        b[0] = 0xff;
    if (left >= 1)
        b[1] = 0xff;
    mask = b[0] | (b[1] << 8);
    return (mask & (((1u << bytes) - 1) << (port & 7))) == 0;
}

static bool admin_io_okay(unsigned int port, unsigned int bytes,
                          const struct pv_emul_ops *ops, void *ctx)
{
    if (port == 0xcf8 && bytes == 4)
        return false;
    if (port <= 0x71 && port + bytes > 0x70)
        return false;
    if (port + bytes > 0x10000)
        return false; /* Past the last port: byte-wise, floating high. */
    return ops->ioports_permitted(ctx, port, port + bytes - 1);
}

/* One piece of a split access: bytes handled at @port (at least 1). */
static unsigned int io_piece(unsigned int port, unsigned int bytes, bool write,
                             uint32_t *val, const struct pv_emul_ops *ops,
                             void *ctx)
{
    unsigned int size = 0;

    if (port > 0xffff) {
        *val = ~0u;
        return 1;
    }
    if (ops->io_virt)
        size = ops->io_virt(ctx, port, bytes, write, val);
    if (size)
        return size > bytes ? bytes : size;
    if (!ops->ioports_permitted(ctx, port, port)) {
        *val = ~0u; /* Reads float high; writes are dropped. */
        return 1;
    }
    size =
        bytes > 1 && !(port & 1) && ops->ioports_permitted(ctx, port, port + 1)
            ? 2
            : 1;
    if (write)
        ops->io_out(ctx, port, size, *val & ((1u << (size * 8)) - 1));
    else
        *val = ops->io_in(ctx, port, size);
    return size;
}

static uint32_t guest_io_read(unsigned int port, unsigned int bytes,
                              const struct pv_emul_ops *ops, void *ctx)
{
    uint32_t data = 0, sub;
    unsigned int shift = 0, size;

    if (admin_io_okay(port, bytes, ops, ctx))
        return ops->io_in(ctx, port, bytes);
    while (bytes) {
        sub = ~0u;
        size = io_piece(port, bytes, false, &sub, ops, ctx);
        if (size >= 4)
            return sub;
        data |= (sub & ((1u << (size * 8)) - 1)) << shift;
        shift += size * 8;
        port += size;
        bytes -= size;
    }
    return data;
}

static void guest_io_write(unsigned int port, unsigned int bytes, uint32_t data,
                           const struct pv_emul_ops *ops, void *ctx)
{
    unsigned int size;
    uint32_t piece;

    if (admin_io_okay(port, bytes, ops, ctx)) {
        ops->io_out(ctx, port, bytes, data);
        return;
    }
    while (bytes) {
        piece = data;
        size = io_piece(port, bytes, true, &piece, ops, ctx);
        if (size >= 4)
            return;
        port += size;
        bytes -= size;
        data >>= size * 8;
    }
}

/* INS/OUTS, with or without REP: ES:rDI (INS) or seg:rSI (OUTS). */
static int emul_string(struct cpu_user_regs *regs, const struct pv_insn *insn,
                       unsigned int port, const struct pv_emul_state *st,
                       const struct pv_emul_ops *ops, void *ctx,
                       struct pv_emul_event *ev)
{
    bool ins = !(insn->opcode & 2), a32 = insn->adsize;
    unsigned int bytes = insn->op_bytes, idx = ins ? 7 : 6, i, left;
    unsigned int abytes = a32 ? 4 : 8;
    bool rep = insn->rep || insn->repne; /* F2 repeats INS/OUTS too. */
    uint64_t count = rep ? pv_reg_get(regs, 1, abytes, true) : 1;
    uint64_t base = 0, off, la;
    uint32_t data;

    if (!ins && insn->seg == PV_SEG_FS)
        base = st->fs_base;
    else if (!ins && insn->seg == PV_SEG_GS)
        base = st->gs_base;
    for (i = 0; count && i < REP_BATCH; i++) {
        off = pv_reg_get(regs, idx, abytes, true);
        la = base + off;
        if (!pv_canonical(la))
            return pv_emul_raise(ev, PV_EMUL_VEC_GP, true, 0);
        data = 0;
        if (ins) {
            data = guest_io_read(port, bytes, ops, ctx);
            left = ops->write_guest(ctx, la, &data, bytes);
        } else {
            left = ops->read_guest(ctx, la, &data, bytes);
            if (!left)
                guest_io_write(port, bytes, data, ops, ctx);
        }
        if (left)
            return pv_emul_raise_pf(ev, ins ? PV_EMUL_PFEC_WRITE : 0,
                                    la + bytes - (left > bytes ? bytes : left));
        off += (regs->rflags & EF_DF) ? -(uint64_t)bytes : bytes;
        pv_reg_set(regs, idx, abytes, true, off);
        count--;
        if (rep)
            pv_reg_set(regs, 1, abytes, true, count);
    }
    if (count)
        return PV_EMUL_DONE; /* RIP unchanged: the guest carries on. */
    return pv_emul_retire(regs, insn->rip + insn->len, ev);
}

int pv_emul_io(struct cpu_user_regs *regs, const struct pv_insn *insn,
               const struct pv_emul_state *st, const struct pv_emul_ops *ops,
               void *ctx, struct pv_emul_event *ev)
{
    unsigned int bytes = insn->op_bytes, port;
    bool string = (insn->opcode & 0xfc) == 0x6c;
    bool in = !(insn->opcode & 2); /* INS/IN have bit 1 clear. */

    if (insn->lock)
        return pv_emul_raise(ev, PV_EMUL_VEC_UD, false, 0);
    port = (insn->opcode & 0xf8) == 0xe0 ? (unsigned int)(insn->imm & 0xff)
                                         : (unsigned int)(regs->rdx & 0xffff);
    if (!guest_io_okay(port, bytes, st, ops, ctx))
        return PV_EMUL_UNHANDLED;
    if (string)
        return emul_string(regs, insn, port, st, ops, ctx, ev);
    if (in)
        pv_reg_set(regs, 0, bytes, true, guest_io_read(port, bytes, ops, ctx));
    else
        guest_io_write(port, bytes, (uint32_t)pv_trunc(regs->rax, bytes), ops,
                       ctx);
    return pv_emul_retire(regs, insn->rip + insn->len, ev);
}
