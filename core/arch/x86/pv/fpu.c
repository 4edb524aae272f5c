/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PV vCPU's FPU, SSE and extended (XSAVE) state.
 *
 * The state is switched eagerly, as Xen does: every switch-out saves it
 * into the vCPU's image and every switch-in restores it, with XSAVEOPT
 * (or XSAVE) and XRSTOR where the CPU has XSAVE, FXSAVE/FXRSTOR
 * otherwise.  The hardware XCR0 is the running guest's own, so XGETBV
 * (unprivileged) answers the guest's value and the guest's XSAVE family
 * instructions see its components.
 *
 * Two XCR0 values per vCPU: xcr0, what the guest set with XSETBV (x87|SSE
 * until then), and xcr0_accum, every component it has had enabled plus
 * x87|SSE.  Saving and restoring run with XCR0 = xcr0_accum, so a
 * component the guest has switched off keeps its contents and XMM state
 * is kept even under XCR0 = x87 alone.  A component that XSETBV enables
 * for the first time holds whatever the last vCPU on this CPU left there,
 * so it is put into its initial state at once (XRSTOR of the vCPU's image,
 * whose header says the component was never saved).
 *
 * XSAVEOPT may leave out components unchanged since the last XRSTOR of the
 * same image; it is used only when that XRSTOR restored every component
 * (not after the partial one of XSETBV).
 */
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/asm/pv/emul.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/processor.h>

#define XCR0_FP_SSE 3ULL

/* Legacy area fields (Intel SDM vol. 1 10.5.1) and the XSAVE header. */
#define FXSAVE_FCW    0
#define FXSAVE_MXCSR  24
#define XSAVE_HDR     512
#define FCW_DEFAULT   0x037f
#define MXCSR_DEFAULT 0x1f80

static uint8_t *fpu_image(struct vcpu *v)
{
    return (uint8_t *)(((unsigned long)v->pv.fpu_buf + 63) & ~63UL);
}

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;

    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static void set_xcr0(uint64_t val)
{
    if (xgetbv0() != val)
        xsetbv(0, val);
}

static void xsave_all(uint8_t *img, bool opt)
{
    if (opt)
        __asm__ volatile("xsaveopt64 %0"
                         : "+m"(*(uint8_t(*)[XSAVE_AREA_MAX])img)
                         : "a"(~0u), "d"(~0u));
    else
        __asm__ volatile("xsave64 %0"
                         : "+m"(*(uint8_t(*)[XSAVE_AREA_MAX])img)
                         : "a"(~0u), "d"(~0u));
}

static void xrstor_mask(const uint8_t *img, uint64_t mask)
{
    __asm__ volatile("xrstor64 %0"
                     :
                     : "m"(*(const uint8_t(*)[XSAVE_AREA_MAX])img),
                       "a"((uint32_t)mask), "d"((uint32_t)(mask >> 32)));
}

uint64_t pv_xcr0_allowed(const struct domain *d)
{
    const struct pv_cpuid_policy *p =
        d->pv.cpuid ? d->pv.cpuid : pv_default_policy();

    if (!boot_cpu.xsave || !p)
        return 0;
    return (p->xcr0_max & boot_cpu.xcr0) | XCR0_FP_SSE;
}

uint64_t pv_fpu_xcr0(const struct vcpu *v)
{
    if (!boot_cpu.xsave)
        return 0;
    return v->pv.xcr0 ? v->pv.xcr0 : XCR0_FP_SSE;
}

/* First load: the architectural initial state (FCW 0x37f, MXCSR 0x1f80,
 * everything else zero; an XSAVE header saying no component is saved). */
static void fpu_init(struct vcpu *v)
{
    uint8_t *img = fpu_image(v);
    uint16_t fcw = FCW_DEFAULT;
    uint32_t mxcsr = MXCSR_DEFAULT;

    memset(v->pv.fpu_buf, 0, sizeof(v->pv.fpu_buf));
    memcpy(img + FXSAVE_FCW, &fcw, sizeof(fcw));
    memcpy(img + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
    v->pv.xcr0 = v->pv.xcr0_accum = boot_cpu.xsave ? XCR0_FP_SSE : 0;
    v->pv.xsaveopt_ok = false;
    v->pv.fpu_ready = true;
}

/* MXCSR bits the CPU accepts (FXSAVE's MXCSR_MASK; 0 there means 0xffbf). */
static uint32_t mxcsr_mask(void)
{
    static uint32_t mask;
    uint8_t buf[512 + 16];
    uint8_t *img = (uint8_t *)(((unsigned long)buf + 15) & ~15UL);
    unsigned long cr0;

    if (!mask) {
        cr0 = read_cr0();
        __asm__ volatile("clts");
        __asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[512])img));
        if (cr0 & X86_CR0_TS)
            write_cr0(cr0);
        memcpy(&mask, img + 28, sizeof(mask));
        if (!mask)
            mask = 0xffbf;
    }
    return mask;
}

void pv_fpu_set_context(struct vcpu *v, const void *fxsave)
{
    uint8_t *img = fpu_image(v);
    uint64_t xstate_bv = 3; /* x87 and SSE come from the image */
    uint64_t xcr0 = v->pv.xcr0, accum = v->pv.xcr0_accum;
    bool had_state = v->pv.fpu_ready;
    uint32_t mxcsr;

    /* XCR0 stays as the guest set it; every component starts afresh. */
    fpu_init(v);
    if (had_state) {
        v->pv.xcr0 = xcr0;
        v->pv.xcr0_accum = accum;
    }
    if (!fxsave)
        return;
    memcpy(img, fxsave, 512);
    memcpy(&mxcsr, img + FXSAVE_MXCSR, sizeof(mxcsr));
    mxcsr &= mxcsr_mask();
    memcpy(img + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
    if (boot_cpu.xsave)
        memcpy(img + XSAVE_HDR, &xstate_bv, sizeof(xstate_bv));
}

void pv_fpu_save(struct vcpu *v)
{
    uint8_t *img = fpu_image(v);

    __asm__ volatile("clts");
    if (boot_cpu.xsave) {
        set_xcr0(v->pv.xcr0_accum);
        xsave_all(img, boot_cpu.xsaveopt && v->pv.xsaveopt_ok);
    } else {
        __asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[512])img));
    }
}

void pv_fpu_load(struct vcpu *v)
{
    uint8_t *img;

    if (!v->pv.fpu_ready)
        fpu_init(v);
    img = fpu_image(v);
    __asm__ volatile("clts");
    if (boot_cpu.xsave) {
        set_xcr0(v->pv.xcr0_accum);
        xrstor_mask(img, ~0ULL);
        v->pv.xsaveopt_ok = true;
        set_xcr0(v->pv.xcr0);
    } else {
        __asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[512])img));
    }
    if (v->pv.fpu_ts)
        write_cr0(read_cr0() | X86_CR0_TS);
}

int pv_fpu_set_xcr0(struct vcpu *v, uint64_t xcr0)
{
    uint64_t fresh = xcr0 & ~v->pv.xcr0_accum;
    uint8_t *img = fpu_image(v);
    unsigned long cr0;

    if (!boot_cpu.xsave || !v->pv.fpu_ready ||
        (xcr0 & ~pv_xcr0_allowed(v->domain)))
        return -EINVAL;
    if (!fresh) {
        set_xcr0(xcr0);
        v->pv.xcr0 = xcr0;
        return 0;
    }
    /*
     * New components: the image never held them (their XSTATE_BV bits are
     * clear), so restoring just them from it puts them into their initial
     * state.  XRSTOR takes MXCSR from the image along with AVX state, so
     * the live MXCSR is stored there first.
     */
    *(uint64_t *)(img + XSAVE_HDR) &= ~fresh;
    v->pv.xcr0_accum |= fresh;
    v->pv.xcr0 = xcr0;
    set_xcr0(v->pv.xcr0_accum);
    cr0 = read_cr0();
    __asm__ volatile("clts");
    __asm__ volatile("stmxcsr %0" : "=m"(*(uint32_t *)(img + FXSAVE_MXCSR)));
    xrstor_mask(img, fresh);
    v->pv.xsaveopt_ok = false;
    if (cr0 & X86_CR0_TS)
        write_cr0(cr0);
    set_xcr0(xcr0);
    return 0;
}

void pv_fpu_get_context(struct vcpu *v, void *fxsave)
{
    if (!v->pv.fpu_ready)
        fpu_init(v);
    memcpy(fxsave, fpu_image(v), 512);
}

uint32_t pv_fpu_xstate_size(uint64_t mask)
{
    uint32_t size = XSAVE_HDR + 64; /* legacy area and XSAVE header */

    for (unsigned int i = 2; i < 63; i++) {
        struct cpuid_regs r;

        if (!(mask & (1ULL << i)))
            continue;
        cpuid_count(0xd, i, &r);
        if (r.a + r.b > size)
            size = r.a + r.b;
    }
    return size > XSAVE_AREA_MAX ? XSAVE_AREA_MAX : size;
}

void pv_fpu_get_xstate(struct vcpu *v, void *img, uint32_t size)
{
    if (!v->pv.fpu_ready)
        fpu_init(v);
    memcpy(img, fpu_image(v), size > XSAVE_AREA_MAX ? XSAVE_AREA_MAX : size);
}

int pv_fpu_set_xstate(struct vcpu *v, uint64_t xcr0, uint64_t accum,
                      const void *img, uint32_t size)
{
    uint64_t allowed = pv_xcr0_allowed(v->domain), bv, xcomp;
    uint8_t *dst = fpu_image(v);
    uint32_t mxcsr;

    if (!boot_cpu.xsave || size < XSAVE_HDR + 64 || size > XSAVE_AREA_MAX ||
        (xcr0 & ~accum) || (accum & ~allowed) || !(xcr0 & 1) ||
        (accum & XCR0_FP_SSE) != XCR0_FP_SSE)
        return -EINVAL;
    memcpy(&bv, (const uint8_t *)img + XSAVE_HDR, 8);
    memcpy(&xcomp, (const uint8_t *)img + XSAVE_HDR + 8, 8);
    if (xcomp & (1ULL << 63))
        return -EOPNOTSUPP; /* compacted format */
    if (bv & ~accum)
        return -EINVAL;
    fpu_init(v);
    memcpy(dst, img, size);
    memcpy(&mxcsr, dst + FXSAVE_MXCSR, sizeof(mxcsr));
    mxcsr &= mxcsr_mask();
    memcpy(dst + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
    /* The reserved part of the header must be zero for XRSTOR. */
    memset(dst + XSAVE_HDR + 8, 0, 56);
    v->pv.xcr0 = xcr0;
    v->pv.xcr0_accum = accum;
    return 0;
}
