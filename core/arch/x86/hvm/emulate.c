/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest accesses to guest-physical addresses the p2m does not map.  With
 * no device model and no emulated device there (a PVH guest), Xen 4.17
 * completes such an access as one to an empty bus: a read gives all ones,
 * a write is dropped, and the guest goes on.  This does the same for the
 * instructions compilers use for plain loads and stores:
 *
 *   88/89/8A/8B  MOV r/m, r and r, r/m          A0-A3  MOV with moffs
 *   C6/C7 /0     MOV r/m, imm                   0F B6/B7/BE/BF  MOVZX/MOVSX
 *
 * with operand-size, segment and REX prefixes, in 32-bit protected mode
 * and 64-bit mode (the address itself is the one the CPU reported).
 * Anything else (string instructions, read-modify-write, 16-bit
 * addressing, an instruction fetch there) is not emulated: the domain is
 * crashed with the instruction's bytes in the log.  The full instruction
 * emulator (devices, MMIO to a device model) replaces this later.
 */
#include <xenith/domain.h>
#include <xenith/lib.h>
#include <xenith/asm/hvm/hvm.h>

#define REG_RSP 4

struct insn {
    uint8_t bytes[15];
    unsigned int len, n; /* bytes decoded / fetched */
    bool wide64, opsize16, rex, rex_w, rex_r;
    unsigned int addr_bytes;
};

static int next_byte(struct insn *in)
{
    return in->len < in->n ? in->bytes[in->len++] : -1;
}

/* Skip a ModRM memory operand (32/64-bit addressing); its reg field, or
 * -1 for a register operand or a truncated instruction. */
static int modrm(struct insn *in)
{
    int m = next_byte(in), mod, rm, disp = 0;

    if (m < 0)
        return -1;
    mod = m >> 6;
    rm = m & 7;
    if (mod == 3)
        return -1;
    if (rm == 4) {
        int sib = next_byte(in);

        if (sib < 0)
            return -1;
        if (mod == 0 && (sib & 7) == 5)
            disp = 4;
    } else if (mod == 0 && rm == 5) {
        disp = 4; /* disp32, RIP-relative in 64-bit mode */
    }
    if (mod == 1)
        disp = 1;
    else if (mod == 2)
        disp = 4;
    in->len += (unsigned int)disp;
    if (in->len > in->n)
        return -1;
    return ((m >> 3) & 7) | (in->rex_r ? 8 : 0);
}

static uint64_t reg_get(struct vcpu *v, unsigned int r)
{
    const struct hvm_gprs *g = &v->hvm.gprs;
    const uint64_t *hi = &g->r8;

    switch (r) {
    case 0:
        return hvm_funcs->get_rax(v);
    case 1:
        return g->rcx;
    case 2:
        return g->rdx;
    case 3:
        return g->rbx;
    case 5:
        return g->rbp;
    case 6:
        return g->rsi;
    case 7:
        return g->rdi;
    default:
        return r >= 8 ? hi[r - 8] : 0;
    }
}

static void reg_set(struct vcpu *v, unsigned int r, uint64_t val)
{
    struct hvm_gprs *g = &v->hvm.gprs;
    uint64_t *hi = &g->r8;

    switch (r) {
    case 0:
        hvm_funcs->set_rax(v, val);
        break;
    case 1:
        g->rcx = val;
        break;
    case 2:
        g->rdx = val;
        break;
    case 3:
        g->rbx = val;
        break;
    case 5:
        g->rbp = val;
        break;
    case 6:
        g->rsi = val;
        break;
    case 7:
        g->rdi = val;
        break;
    default:
        if (r >= 8)
            hi[r - 8] = val;
        break;
    }
}

/* Write `bytes` bytes of all ones into register r (8-bit: legacy high
 * byte registers without REX; 32-bit results zero-extend). */
static bool load_ones(struct vcpu *v, struct insn *in, unsigned int r,
                      unsigned int bytes)
{
    uint64_t old;

    if (bytes == 1 && !in->rex && r >= 4 && r < 8) {
        r -= 4; /* AH, CH, DH, BH */
        reg_set(v, r, reg_get(v, r) | 0xff00);
        return true;
    }
    if (r == REG_RSP)
        return false;
    old = reg_get(v, r);
    switch (bytes) {
    case 1:
        reg_set(v, r, old | 0xff);
        break;
    case 2:
        reg_set(v, r, old | 0xffff);
        break;
    case 4:
        reg_set(v, r, 0xffffffffUL);
        break;
    default:
        reg_set(v, r, ~0UL);
        break;
    }
    return true;
}

static unsigned int op_bytes(const struct insn *in)
{
    return in->rex_w ? 8 : in->opsize16 ? 2 : 4;
}

/* Decode and carry out; false if the instruction is not one of ours. */
static bool emulate(struct vcpu *v, struct insn *in, bool write)
{
    int op, r;

    for (;;) {
        op = next_byte(in);
        if (op == 0x66)
            in->opsize16 = true;
        else if (op == 0x2e || op == 0x36 || op == 0x3e || op == 0x26 ||
                 op == 0x64 || op == 0x65)
            continue;
        else
            break;
    }
    if (in->wide64 && op >= 0x40 && op <= 0x4f) {
        in->rex = true;
        in->rex_w = op & 8;
        in->rex_r = op & 4;
        op = next_byte(in);
    }
    switch (op) {
    case 0x88: /* stores: the write goes nowhere */
    case 0x89:
        return write && modrm(in) >= 0;
    case 0xc6:
    case 0xc7:
        if (!write || modrm(in) < 0)
            return false;
        in->len += op == 0xc6 ? 1 : in->opsize16 ? 2 : 4;
        return in->len <= in->n;
    case 0xa2:
    case 0xa3:
        in->len += in->addr_bytes;
        return write && in->len <= in->n;
    case 0x8a:
    case 0x8b:
        if (write || (r = modrm(in)) < 0)
            return false;
        return load_ones(v, in, (unsigned int)r, op == 0x8a ? 1 : op_bytes(in));
    case 0xa0:
    case 0xa1:
        in->len += in->addr_bytes;
        if (write || in->len > in->n)
            return false;
        return load_ones(v, in, 0, op == 0xa0 ? 1 : op_bytes(in));
    case 0x0f:
        op = next_byte(in);
        if (write || (op != 0xb6 && op != 0xb7 && op != 0xbe && op != 0xbf) ||
            (r = modrm(in)) < 0)
            return false;
        if (op == 0xb6 || op == 0xb7) { /* zero-extended ones */
            unsigned int dst = op_bytes(in);
            uint64_t val = op == 0xb6 ? 0xff : 0xffff;

            if (r == REG_RSP)
                return false;
            if (dst == 2)
                reg_set(v, (unsigned int)r,
                        (reg_get(v, (unsigned int)r) & ~0xffffUL) | val);
            else
                reg_set(v, (unsigned int)r, val);
            return true;
        }
        return load_ones(v, in, (unsigned int)r, op_bytes(in));
    default:
        return false;
    }
}

bool hvm_emulate_unbacked(struct vcpu *v, uint64_t gpa, bool write)
{
    struct insn in;
    struct hvm_seg cs;
    uint64_t rip = hvm_funcs->get_rip(v), base;

    memset(&in, 0, sizeof(in));
    hvm_funcs->get_seg(v, HVM_SEG_CS, &cs);
    in.wide64 = hvm_funcs->long_mode(v);
    if (!in.wide64 && !((hvm_funcs->get_cr(v, 0) & 1) && (cs.attr & 0x400)))
        goto fail; /* real mode or 16-bit code */
    in.addr_bytes = in.wide64 ? 8 : 4;
    base = in.wide64 ? 0 : cs.base;
    /* As many bytes as can be fetched, up to 15. */
    while (in.n < sizeof(in.bytes) &&
           hvm_copy_from_guest(
               &in.bytes[in.n],
               (base + rip + in.n) & (in.wide64 ? ~0UL : 0xffffffffUL), 1) == 0)
        in.n++;
    if (!emulate(v, &in, write))
        goto fail;
    hvm_funcs->set_rip(v, rip + in.len);
    return true;
fail:
    printk(XENLOG_ERR "d%uv%u: %s of gpa %#lx outside the p2m at rip %#lx "
                      "(bytes %02x %02x %02x %02x %02x %02x): not emulated\n",
           v->domain->domain_id, v->vcpu_id, write ? "write" : "read",
           (unsigned long)gpa, (unsigned long)rip, in.bytes[0], in.bytes[1],
           in.bytes[2], in.bytes[3], in.bytes[4], in.bytes[5]);
    hvm_domain_crash(v->domain);
    return false;
}
