/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the PV instruction emulators (not part of the
 * interface in xenith/asm/pv/emul.h).
 */
#ifndef XENITH_PV_EMUL_PRIVATE_H
#define XENITH_PV_EMUL_PRIVATE_H

#include <xenith/asm/pv/emul.h>

/* RFLAGS bits (Intel SDM vol. 1 3.4.3). */
#define EF_CF         0x00000001UL
#define EF_PF         0x00000004UL
#define EF_AF         0x00000010UL
#define EF_ZF         0x00000040UL
#define EF_SF         0x00000080UL
#define EF_TF         0x00000100UL
#define EF_OF         0x00000800UL
#define EF_DF         0x00000400UL
#define EF_RF         0x00010000UL
#define EF_ARITH_MASK (EF_CF | EF_PF | EF_AF | EF_ZF | EF_SF | EF_OF)

#define EMUL_PAGE_SIZE 4096UL

/* General-purpose register @n (0 = RAX .. 15 = R15) of @regs. */
uint64_t *pv_gpr(struct cpu_user_regs *regs, unsigned int n);

/*
 * Read/write register operand @n of @bytes.  Byte registers 4..7 without a
 * REX prefix are AH, CH, DH, BH.  A 4-byte write zero-extends to 64 bits;
 * 1- and 2-byte writes keep the other bits (Intel SDM vol. 1 3.4.1.1).
 */
uint64_t pv_reg_get(struct cpu_user_regs *regs, unsigned int n,
                    unsigned int bytes, bool rex);
void pv_reg_set(struct cpu_user_regs *regs, unsigned int n, unsigned int bytes,
                bool rex, uint64_t val);

/* @val truncated to @bytes (1, 2, 4 or 8). */
static inline uint64_t pv_trunc(uint64_t val, unsigned int bytes)
{
    return bytes >= 8 ? val : val & ((1ULL << (bytes * 8)) - 1);
}

/* Is @la a canonical 48-bit address? */
static inline bool pv_canonical(uint64_t la)
{
    return (uint64_t)((int64_t)(la << 16) >> 16) == la;
}

/* Record an exception for the caller to inject; returns the result code. */
int pv_emul_raise(struct pv_emul_event *ev, uint8_t vector, bool has_ec,
                  uint32_t ec);
int pv_emul_raise_pf(struct pv_emul_event *ev, uint32_t ec, uint64_t addr);

/*
 * Retire an emulated instruction: RIP = @next_rip, RF cleared, and a
 * single-step #DB recorded if TF was set.  Returns PV_EMUL_DONE.
 */
int pv_emul_retire(struct cpu_user_regs *regs, uint64_t next_rip,
                   struct pv_emul_event *ev);

/* Arithmetic flags after @a - @b computed on @bytes (CMP semantics). */
uint64_t pv_flags_sub(uint64_t a, uint64_t b, unsigned int bytes);
/* Flags after a logical operation with result @r (CF = OF = 0). */
uint64_t pv_flags_logic(uint64_t r, unsigned int bytes);

/* CPUID as a guest sees it in the circumstances of @regs and @st. */
void pv_emul_cpuid(struct cpu_user_regs *regs, const struct pv_emul_state *st,
                   bool forced);

/* Privileged-operation pieces (priv_msr.c, priv_io.c, priv_cr.c). */
int pv_emul_rdmsr(struct cpu_user_regs *regs, uint64_t next_rip,
                  const struct pv_emul_state *st, const struct pv_emul_ops *ops,
                  void *ctx, struct pv_emul_event *ev);
int pv_emul_wrmsr(struct cpu_user_regs *regs, uint64_t next_rip,
                  const struct pv_emul_state *st, const struct pv_emul_ops *ops,
                  void *ctx, struct pv_emul_event *ev);
int pv_emul_io(struct cpu_user_regs *regs, const struct pv_insn *insn,
               const struct pv_emul_state *st, const struct pv_emul_ops *ops,
               void *ctx, struct pv_emul_event *ev);
bool pv_emul_iopl_ok(const struct pv_emul_state *st);
int pv_emul_mov_cr(struct cpu_user_regs *regs, const struct pv_insn *insn,
                   const struct pv_emul_state *st,
                   const struct pv_emul_ops *ops, void *ctx,
                   struct pv_emul_event *ev);

#endif /* XENITH_PV_EMUL_PRIVATE_H */
