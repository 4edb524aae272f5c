/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Register, flag and event helpers shared by the PV emulators.
 */
#include <xenith/lib.h>
#include "emul_private.h"

uint64_t *pv_gpr(struct cpu_user_regs *regs, unsigned int n)
{
    switch (n & 15) {
    case 0:
        return &regs->rax;
    case 1:
        return &regs->rcx;
    case 2:
        return &regs->rdx;
    case 3:
        return &regs->rbx;
    case 4:
        return &regs->rsp;
    case 5:
        return &regs->rbp;
    case 6:
        return &regs->rsi;
    case 7:
        return &regs->rdi;
    case 8:
        return &regs->r8;
    case 9:
        return &regs->r9;
    case 10:
        return &regs->r10;
    case 11:
        return &regs->r11;
    case 12:
        return &regs->r12;
    case 13:
        return &regs->r13;
    case 14:
        return &regs->r14;
    default:
        return &regs->r15;
    }
}

uint64_t pv_reg_get(struct cpu_user_regs *regs, unsigned int n,
                    unsigned int bytes, bool rex)
{
    if (bytes == 1 && !rex && n >= 4 && n < 8)
        return (*pv_gpr(regs, n - 4) >> 8) & 0xff; /* AH, CH, DH, BH */
    return pv_trunc(*pv_gpr(regs, n), bytes);
}

void pv_reg_set(struct cpu_user_regs *regs, unsigned int n, unsigned int bytes,
                bool rex, uint64_t val)
{
    uint64_t *r;

    if (bytes == 1 && !rex && n >= 4 && n < 8) {
        r = pv_gpr(regs, n - 4);
        *r = (*r & ~0xff00ULL) | ((val & 0xff) << 8);
        return;
    }
    r = pv_gpr(regs, n);
    switch (bytes) {
    case 1:
        *r = (*r & ~0xffULL) | (val & 0xff);
        break;
    case 2:
        *r = (*r & ~0xffffULL) | (val & 0xffff);
        break;
    case 4:
        *r = (uint32_t)val;
        break;
    default:
        *r = val;
        break;
    }
}

int pv_emul_raise(struct pv_emul_event *ev, uint8_t vector, bool has_ec,
                  uint32_t ec)
{
    memset(ev, 0, sizeof(*ev));
    ev->pending = true;
    ev->vector = vector;
    ev->has_error_code = has_ec;
    ev->error_code = has_ec ? ec : 0;
    return PV_EMUL_EXCEPTION;
}

/* An access that cannot be done at addr: #PF, or #GP(0) when addr is not
 * canonical (as the CPU, and Xen's emulator, raise for it). */
int pv_emul_raise_pf(struct pv_emul_event *ev, uint32_t ec, uint64_t addr)
{
    if ((uint64_t)(((int64_t)addr >> 47) + 1) > 1)
        return pv_emul_raise(ev, PV_EMUL_VEC_GP, true, 0);
    pv_emul_raise(ev, PV_EMUL_VEC_PF, true, ec);
    ev->cr2 = addr;
    return PV_EMUL_EXCEPTION;
}

int pv_emul_retire(struct cpu_user_regs *regs, uint64_t next_rip,
                   struct pv_emul_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    regs->rip = next_rip;
    regs->rflags &= ~EF_RF;
    if (regs->rflags & EF_TF) {
        ev->pending = true;
        ev->vector = PV_EMUL_VEC_DB;
    }
    return PV_EMUL_DONE;
}

/* PF, ZF and SF of result @r on @bytes. */
static uint64_t flags_szp(uint64_t r, unsigned int bytes)
{
    uint64_t f = 0;
    uint8_t low = (uint8_t)r;

    r = pv_trunc(r, bytes);
    if (!r)
        f |= EF_ZF;
    if (r >> (bytes * 8 - 1))
        f |= EF_SF;
    low ^= low >> 4;
    low ^= low >> 2;
    low ^= low >> 1;
    if (!(low & 1))
        f |= EF_PF; /* Even number of set bits in the low byte. */
    return f;
}

uint64_t pv_flags_sub(uint64_t a, uint64_t b, unsigned int bytes)
{
    unsigned int sign = bytes * 8 - 1;
    uint64_t r, f;

    a = pv_trunc(a, bytes);
    b = pv_trunc(b, bytes);
    r = pv_trunc(a - b, bytes);
    f = flags_szp(r, bytes);
    if (a < b)
        f |= EF_CF;
    if ((a ^ b ^ r) & 0x10)
        f |= EF_AF;
    if ((((a ^ b) & (a ^ r)) >> sign) & 1)
        f |= EF_OF;
    return f;
}

uint64_t pv_flags_logic(uint64_t r, unsigned int bytes)
{
    return flags_szp(r, bytes);
}
