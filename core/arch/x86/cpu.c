/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU features: NX, SMEP, SMAP, XSAVE (CPUID leaves 1, 7, 0xd and
 * 0x80000001; Intel SDM vol. 2A "CPUID").  "smep=0" / "smap=0" turn the
 * protections off.  Every CPU gets the boot CPU's settings.
 */
#include <xenith/lib.h>
#include <xenith/param.h>
#include <xenith/asm/cpu.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>

/* XCR0 components the hypervisor enables: x87, SSE, AVX, AVX-512. */
#define XCR0_WANTED 0xe7ULL
#define XCR0_YMM    (1ULL << 2)
#define XCR0_AVX512 (7ULL << 5)

struct cpu_features boot_cpu;
static bool opt_smep = true, opt_smap = true;
boolean_param("smep", opt_smep);
boolean_param("smap", opt_smap);

static void read_brand(void)
{
    struct cpuid_regs r;
    uint32_t *b = (uint32_t *)boot_cpu.brand;

    cpuid(0x80000000, &r);
    if (r.a < 0x80000004)
        return;
    for (uint32_t leaf = 0; leaf < 3; leaf++) {
        cpuid(0x80000002 + leaf, &r);
        b[leaf * 4 + 0] = r.a;
        b[leaf * 4 + 1] = r.b;
        b[leaf * 4 + 2] = r.c;
        b[leaf * 4 + 3] = r.d;
    }
    boot_cpu.brand[48] = '\0';
}

void cpu_detect_boot(void)
{
    struct cpuid_regs r;
    uint32_t max;

    cpuid(0, &r);
    max = r.a;
    memcpy(boot_cpu.vendor, &r.b, 4);
    memcpy(boot_cpu.vendor + 4, &r.d, 4);
    memcpy(boot_cpu.vendor + 8, &r.c, 4);
    cpuid(1, &r);
    boot_cpu.xsave = r.c & (1u << 26);
    boot_cpu.x2apic = r.c & (1u << 21);
    boot_cpu.pge = r.d & (1u << 13);
    if (max >= 7) {
        cpuid_count(7, 0, &r);
        boot_cpu.smep = opt_smep && (r.b & (1u << 7));
        boot_cpu.smap = opt_smap && (r.b & (1u << 20));
    }
    if (boot_cpu.xsave && max < 0xd)
        boot_cpu.xsave = false;
    if (boot_cpu.xsave) {
        cpuid_count(0xd, 0, &r);
        boot_cpu.xcr0 = ((((uint64_t)r.d << 32) | r.a) & XCR0_WANTED) | 3;
        /* AVX-512 only with AVX, all three components, within the area. */
        if ((boot_cpu.xcr0 & XCR0_AVX512) != XCR0_AVX512 ||
            !(boot_cpu.xcr0 & XCR0_YMM))
            boot_cpu.xcr0 &= ~XCR0_AVX512;
        for (unsigned int i = 2; i < 8; i++) {
            if (!(boot_cpu.xcr0 & (1ULL << i)))
                continue;
            cpuid_count(0xd, i, &r);
            if (r.a + r.b > XSAVE_AREA_MAX)
                boot_cpu.xcr0 &=
                    i == 2 ? ~(XCR0_YMM | XCR0_AVX512) : ~XCR0_AVX512;
        }
        cpuid_count(0xd, 1, &r);
        boot_cpu.xsaveopt = r.a & 1;
    }
    cpuid(0x80000000, &r);
    if (r.a >= 0x80000007) {
        cpuid(0x80000007, &r);
        boot_cpu.invariant_tsc = r.d & (1u << 8);
    }
    boot_cpu.nx = rdmsr(MSR_EFER) & EFER_NXE; /* head.S set it if present */
    pte_nx_mask = boot_cpu.nx ? _PAGE_NX : 0;
    read_brand();
}

void cpu_setup_features(unsigned int cpu)
{
    unsigned long cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

    if (boot_cpu.pge)
        cr4 |= X86_CR4_PGE;
    if (boot_cpu.smep)
        cr4 |= X86_CR4_SMEP;
    if (boot_cpu.smap)
        cr4 |= X86_CR4_SMAP;
    if (boot_cpu.xsave)
        cr4 |= X86_CR4_OSXSAVE;
    write_cr0((read_cr0() | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP) &
              ~X86_CR0_EM);
    write_cr4(cr4);
    if (boot_cpu.xsave)
        xsetbv(0, boot_cpu.xcr0);
    if (cpu == 0) {
        struct cpuid_regs r;

        /* CPUID 0xd.0 EBX: XSAVE area size for the XCR0 now in force. */
        boot_cpu.xstate_size = 512; /* FXSAVE */
        if (boot_cpu.xsave) {
            cpuid_count(0xd, 0, &r);
            boot_cpu.xstate_size = r.b;
        }
    }
    if (cpu == 0)
        printk("CPU0: %s %s; NX %s, SMEP %s, SMAP %s, XSAVE %s "
               "(XCR0 %#llx, %u-byte FPU state)\n",
               boot_cpu.vendor, boot_cpu.brand, boot_cpu.nx ? "on" : "off",
               boot_cpu.smep ? "on" : "off", boot_cpu.smap ? "on" : "off",
               boot_cpu.xsave ? "on" : "off", (unsigned long long)boot_cpu.xcr0,
               boot_cpu.xstate_size);
}
