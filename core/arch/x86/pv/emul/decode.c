/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A decoder for the few x86-64 instructions a PV guest kernel needs
 * emulated (Intel SDM vol. 2 chapter 2, AMD APM vol. 3 chapter 1): legacy
 * prefixes, REX, ModRM/SIB/displacement (RIP-relative included) and
 * immediates, for the opcodes listed in the tables below.  Anything else is
 * reported as PV_EMUL_UNHANDLED so the caller bounces the original fault.
 *
 * Instruction bytes are fetched lazily through the caller's callback, at
 * most to the end of the page holding the next byte needed and never more
 * than 15 bytes from RIP, so a short instruction at the end of a mapped
 * page decodes even if the next page is absent.
 */
#include <xenith/lib.h>
#include "emul_private.h"

/* Operand attributes of an opcode. */
#define D_OK    0x01 /* Part of the subset. */
#define D_MODRM 0x02 /* A ModRM byte follows. */
#define D_BYTE  0x04 /* 8-bit operands. */
#define D_IMM8  0x08 /* 8-bit immediate (sign-extended). */
#define D_IMMZ  0x10 /* 16/32-bit immediate by operand size. */
#define D_NOEA  0x20 /* ModRM.mod is ignored: always registers. */

#define M  (D_OK | D_MODRM)
#define MB (D_OK | D_MODRM | D_BYTE)

static const uint8_t onebyte[256] = {
    [0x08] = MB,
    [0x09] = M, /* OR r/m, r */
    [0x20] = MB,
    [0x21] = M, /* AND r/m, r */
    [0x30] = MB,
    [0x31] = M,             /* XOR r/m, r */
    [0x6c] = D_OK | D_BYTE, /* INSB */
    [0x6d] = D_OK,          /* INSW/INSD */
    [0x6e] = D_OK | D_BYTE, /* OUTSB */
    [0x6f] = D_OK,          /* OUTSW/OUTSD */
    [0x80] = MB | D_IMM8,   /* group 1 r/m8, imm8 */
    [0x81] = M | D_IMMZ,    /* group 1 r/m, imm */
    [0x83] = M | D_IMM8,    /* group 1 r/m, imm8 */
    [0x86] = MB,
    [0x87] = M, /* XCHG r/m, r */
    [0x88] = MB,
    [0x89] = M,           /* MOV r/m, r */
    [0xc6] = MB | D_IMM8, /* MOV r/m8, imm8 */
    [0xc7] = M | D_IMMZ,  /* MOV r/m, imm32 */
    [0xe4] = D_OK | D_BYTE | D_IMM8,
    [0xe5] = D_OK | D_IMM8, /* IN imm8 */
    [0xe6] = D_OK | D_BYTE | D_IMM8,
    [0xe7] = D_OK | D_IMM8, /* OUT imm8 */
    [0xec] = D_OK | D_BYTE,
    [0xed] = D_OK, /* IN DX */
    [0xee] = D_OK | D_BYTE,
    [0xef] = D_OK, /* OUT DX */
    [0xf4] = D_OK, /* HLT */
    [0xfa] = D_OK,
    [0xfb] = D_OK, /* CLI, STI */
};

static const uint8_t twobyte[256] = {
    [0x01] = M,                               /* group 7 */
    [0x06] = D_OK,                            /* CLTS */
    [0x08] = D_OK,       [0x09] = D_OK,       /* INVD, WBINVD */
    [0x0b] = D_OK,                            /* UD2 */
    [0x20] = M | D_NOEA, [0x22] = M | D_NOEA, /* MOV from/to CRn */
    [0x30] = D_OK,       [0x31] = D_OK,
    [0x32] = D_OK, /* WRMSR RDTSC RDMSR */
    [0xa2] = D_OK, /* CPUID */
    [0xab] = M,          [0xb3] = M,
    [0xbb] = M,                      /* BTS, BTR, BTC r/m, r */
    [0xb0] = MB,         [0xb1] = M, /* CMPXCHG */
    [0xba] = M | D_IMM8,             /* group 8 r/m, imm8 */
};

#undef M
#undef MB

struct fetcher {
    uint64_t rip;
    unsigned int have; /* Bytes of insn->bytes[] already fetched. */
    pv_fetch_fn fetch;
    void *ctx;
    struct pv_insn *insn;
    struct pv_emul_event *ev;
};

/*
 * Byte @i of the instruction: PV_EMUL_DONE with *b set, or an exception
 * (#GP beyond 15 bytes, #PF at the first byte that cannot be read).
 */
static int get_byte(struct fetcher *f, unsigned int i, uint8_t *b)
{
    if (i >= PV_INSN_MAX_LEN)
        return pv_emul_raise(f->ev, PV_EMUL_VEC_GP, true, 0);
    while (i >= f->have) {
        uint64_t la = f->rip + f->have;
        unsigned int chunk = PV_INSN_MAX_LEN - f->have;
        unsigned int to_page = EMUL_PAGE_SIZE - (la & (EMUL_PAGE_SIZE - 1));
        unsigned int left;

        if (chunk > to_page)
            chunk = to_page;
        left = f->fetch(f->ctx, la, &f->insn->bytes[f->have], chunk);
        if (left > chunk)
            left = chunk;
        f->have += chunk - left;
        if (left && i >= f->have)
            return pv_emul_raise_pf(f->ev, 0, f->rip + f->have);
    }
    *b = f->insn->bytes[i];
    return PV_EMUL_DONE;
}

/* Little-endian immediate or displacement of @n bytes, sign-extended. */
static int get_signed(struct fetcher *f, unsigned int *pos, unsigned int n,
                      int64_t *out)
{
    uint64_t v = 0;
    unsigned int i;
    uint8_t b;
    int rc;

    for (i = 0; i < n; i++) {
        rc = get_byte(f, *pos + i, &b);
        if (rc)
            return rc;
        v |= (uint64_t)b << (8 * i);
    }
    *pos += n;
    if (n < 8 && (v & (1ULL << (8 * n - 1))))
        v |= ~0ULL << (8 * n);
    *out = (int64_t)v;
    return PV_EMUL_DONE;
}

/* Prefixes and REX: leaves *pos at the opcode byte. */
static int decode_prefixes(struct fetcher *f, unsigned int *pos)
{
    struct pv_insn *insn = f->insn;
    uint8_t b;
    int rc;

    insn->seg = PV_SEG_NONE;
    for (;;) {
        rc = get_byte(f, *pos, &b);
        if (rc)
            return rc;
        if ((b & 0xf0) == 0x40) {
            insn->rex = b; /* Only counts if the opcode follows. */
            (*pos)++;
            continue;
        }
        switch (b) {
        case 0x66:
            insn->opsize = true;
            break;
        case 0x67:
            insn->adsize = true;
            break;
        case 0xf0:
            insn->lock = true;
            break;
        case 0xf2:
            insn->repne = true;
            insn->rep = false;
            break;
        case 0xf3:
            insn->rep = true;
            insn->repne = false;
            break;
        case 0x26:
            insn->seg = PV_SEG_ES;
            break;
        case 0x2e:
            insn->seg = PV_SEG_CS;
            break;
        case 0x36:
            insn->seg = PV_SEG_SS;
            break;
        case 0x3e:
            insn->seg = PV_SEG_DS;
            break;
        case 0x64:
            insn->seg = PV_SEG_FS;
            break;
        case 0x65:
            insn->seg = PV_SEG_GS;
            break;
        default:
            return PV_EMUL_DONE;
        }
        insn->rex = 0; /* A REX before a legacy prefix is ignored. */
        (*pos)++;
    }
}

/* Value of address register @n for the current address size. */
static uint64_t addr_reg(const struct cpu_user_regs *regs, bool adsize,
                         unsigned int n)
{
    uint64_t v = *pv_gpr((struct cpu_user_regs *)regs, n);

    return adsize ? (uint32_t)v : v;
}

/* ModRM, SIB and displacement; sets insn->ea (without segment base). */
static int decode_modrm(struct fetcher *f, unsigned int *pos,
                        const struct cpu_user_regs *regs, bool noea,
                        int64_t *disp_out)
{
    struct pv_insn *insn = f->insn;
    uint8_t rex = insn->rex, sib, rm;
    uint64_t ea = 0;
    int64_t disp = 0;
    int rc;

    rc = get_byte(f, (*pos)++, &insn->modrm);
    if (rc)
        return rc;
    insn->has_modrm = true;
    insn->mod = insn->modrm >> 6;
    insn->reg = ((insn->modrm >> 3) & 7) | ((rex & 4) << 1);
    rm = insn->modrm & 7;
    insn->rm = rm | ((rex & 1) << 3);
    if (insn->mod == 3 || noea)
        return PV_EMUL_DONE;

    insn->mem = true;
    if (rm == 4) {
        unsigned int base, index;

        rc = get_byte(f, (*pos)++, &sib);
        if (rc)
            return rc;
        base = (sib & 7) | ((rex & 1) << 3);
        index = ((sib >> 3) & 7) | ((rex & 2) << 2);
        if (index != 4)
            ea += addr_reg(regs, insn->adsize, index) << (sib >> 6);
        if ((sib & 7) == 5 && insn->mod == 0)
            rc = get_signed(f, pos, 4, &disp); /* No base register. */
        else
            ea += addr_reg(regs, insn->adsize, base);
    } else if (rm == 5 && insn->mod == 0) {
        insn->rip_rel = true;
        rc = get_signed(f, pos, 4, &disp);
    } else {
        ea += addr_reg(regs, insn->adsize, insn->rm);
    }
    if (rc)
        return rc;
    if (insn->mod == 1)
        rc = get_signed(f, pos, 1, &disp);
    else if (insn->mod == 2)
        rc = get_signed(f, pos, 4, &disp);
    insn->ea = ea;
    *disp_out = disp;
    return rc;
}

/* Operand size of the instruction (Intel SDM vol. 1 3.6.1). */
static uint8_t operand_bytes(const struct pv_insn *insn, uint8_t attr)
{
    if (attr & D_BYTE)
        return 1;
    if (attr & D_NOEA)
        return 8; /* MOV CRn always moves 64 bits in 64-bit mode. */
    /* IN/OUT/INS/OUTS have no 64-bit form. */
    if ((!insn->twobyte && (insn->opcode & 0xf4) == 0xe4) ||
        (!insn->twobyte && (insn->opcode & 0xfc) == 0x6c))
        return insn->opsize ? 2 : 4;
    if (insn->rex & 8)
        return 8;
    return insn->opsize ? 2 : 4;
}

/* Add the segment base and the address-size wrap to the memory operand. */
static void finish_ea(struct pv_insn *insn, int64_t disp, uint64_t fs_base,
                      uint64_t gs_base)
{
    uint64_t ea = insn->ea + (uint64_t)disp;

    if (insn->rip_rel)
        ea = insn->rip + insn->len + (uint64_t)disp;
    if (insn->adsize)
        ea = (uint32_t)ea;
    if (insn->seg == PV_SEG_FS)
        ea += fs_base;
    else if (insn->seg == PV_SEG_GS)
        ea += gs_base;
    insn->ea = ea;
}

int pv_insn_decode(struct pv_insn *insn, const struct cpu_user_regs *regs,
                   uint64_t fs_base, uint64_t gs_base, pv_fetch_fn fetch,
                   void *ctx, struct pv_emul_event *ev)
{
    struct fetcher f = {
        .rip = regs->rip,
        .fetch = fetch,
        .ctx = ctx,
        .insn = insn,
        .ev = ev,
    };
    unsigned int pos = 0;
    int64_t disp = 0, imm;
    uint8_t attr, b;
    int rc;

    memset(insn, 0, sizeof(*insn));
    memset(ev, 0, sizeof(*ev));
    insn->rip = regs->rip;
    rc = decode_prefixes(&f, &pos);
    if (!rc)
        rc = get_byte(&f, pos++, &b);
    if (rc)
        return rc;
    if (b == 0x0f) {
        insn->twobyte = true;
        rc = get_byte(&f, pos++, &b);
        if (rc)
            return rc;
    }
    insn->opcode = b;
    attr = insn->twobyte ? twobyte[b] : onebyte[b];
    if (!(attr & D_OK))
        return PV_EMUL_UNHANDLED;
    if (attr & D_MODRM) {
        rc = decode_modrm(&f, &pos, regs, attr & D_NOEA, &disp);
        if (rc)
            return rc;
    }
    insn->op_bytes = operand_bytes(insn, attr);
    if (attr & (D_IMM8 | D_IMMZ)) {
        insn->imm_bytes = (attr & D_IMM8) ? 1 : insn->op_bytes == 2 ? 2 : 4;
        rc = get_signed(&f, &pos, insn->imm_bytes, &imm);
        if (rc)
            return rc;
        insn->imm = (uint64_t)imm;
    }
    insn->len = (uint8_t)pos;
    if (insn->mem)
        finish_ea(insn, disp, fs_base, gs_base);
    return PV_EMUL_DONE;
}
