/*
 * The privileged instructions a PV kernel issues natively and that the
 * hypervisor emulates from #GP, reduced to what the boot path needs until
 * the full emulator (pv/emul) is wired in: rdmsr/wrmsr of the segment
 * base MSRs (Linux's very first instruction is a wrmsr of GS_BASE), reads
 * of EFER and PAT, and clts (clears the virtual CR0.TS).  Only guest
 * kernel mode may use them; everything else is a #GP for the guest.
 */
#include <xenith/domain.h>
#include <xenith/asm/current.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/asm/processor.h>

#define MSR_PV_STAR  0xc0000081
#define MSR_PV_LSTAR 0xc0000082

static bool read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_FS_BASE:
        *val = rdmsr(MSR_FS_BASE);
        return true;
    case MSR_GS_BASE:
        *val = rdmsr(MSR_GS_BASE);
        return true;
    case MSR_SHADOW_GS_BASE:
        *val = v->pv.gs_base_user;
        return true;
    case MSR_EFER:
        *val = EFER_SCE | EFER_LME | 0x400 /* LMA */ | EFER_NXE;
        return true;
    case MSR_PAT:
        *val = rdmsr(MSR_PAT);
        return true;
    default:
        return false;
    }
}

static bool canonical(uint64_t va)
{
    return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

static bool write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_FS_BASE:
        if (!canonical(val))
            return false;
        wrmsr(MSR_FS_BASE, val);
        v->pv.fs_base = val;
        return true;
    case MSR_GS_BASE:
        if (!canonical(val))
            return false;
        wrmsr(MSR_GS_BASE, val);
        v->pv.gs_base_kernel = val;
        return true;
    case MSR_SHADOW_GS_BASE:
        if (!canonical(val))
            return false;
        v->pv.gs_base_user = val;
        return true;
    default:
        return false;
    }
}

bool pv_emulate_priv_min(struct cpu_user_regs *r)
{
    struct vcpu *v = current;
    uint8_t insn[2];
    uint64_t val;

    if (!v->pv.kernel_mode || copy_from_guest(insn, r->rip, 2) ||
        insn[0] != 0x0f)
        return false;
    switch (insn[1]) {
    case 0x32: /* rdmsr */
        if (!read_msr(v, (uint32_t)r->rcx, &val))
            return false;
        r->rax = (uint32_t)val;
        r->rdx = val >> 32;
        break;
    case 0x30: /* wrmsr */
        if (!write_msr(v, (uint32_t)r->rcx,
                       ((uint64_t)(uint32_t)r->rdx << 32) | (uint32_t)r->rax))
            return false;
        break;
    case 0x06: /* clts */
        v->pv.fpu_ts = false;
        __asm__ volatile("clts");
        break;
    default:
        return false;
    }
    r->rip += 2;
    return true;
}
