/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SYSCALL entry from ring 3 (Intel SDM vol. 3, 5.8.8; AMD APM vol. 2,
 * 6.1.1).  SYSCALL does not switch stacks, so each CPU's LSTAR points at
 * its own small stub, mapped executable at STUBS_VIRT_START + cpu pages,
 * which has this CPU's addresses built in: it saves the guest %rax in
 * cpu_info, switches to the guest frame at the top of the CPU's stack,
 * pushes the interrupt-style part of the frame and jumps to
 * syscall_enter (entry.S).  STAR gives SYSCALL the hypervisor's 0xe008 /
 * 0xe010 and SYSRET the ring-3 0xe033 / 0xe02b; SFMASK clears IF, TF, DF,
 * AC and NT on entry.  CSTAR (SYSCALL from compatibility mode) has its own
 * stub recording the 32-bit code selector, and SYSENTER (Intel) one
 * recording a null one; pv_syscall() tells the three apart.
 */
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/panic.h>
#include <xenith/smp.h>
#include <xenith/asm/current.h>
#include <xenith/asm/desc.h>
#include <xenith/asm/guest_entry.h>
#include <xenith/asm/page.h>
#include <xenith/asm/processor.h>
#include <xenith/asm/pv/domain.h>

#define MSR_STAR         0xc0000081
#define MSR_LSTAR        0xc0000082
#define MSR_CSTAR        0xc0000083
#define MSR_SFMASK       0xc0000084
#define MSR_SYSENTER_CS  0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

/* Stubs in each CPU's page: LSTAR at 0, CSTAR, SYSENTER. */
#define CSTAR_STUB_OFF       64
#define SYSENTER_STUB_OFF    128
#define SYSENTER_FLAGS_SAVED 1 /* offset just past the pushfq */

#define GUEST_CS64 0xe033
#define GUEST_SS   0xe02b
#define RING3_CS32 0xe023

_Static_assert(STUBS_VIRT_START >=
                   STACKS_VIRT_START + (unsigned long)NR_CPUS * STACK_SIZE,
               "stubs overlap the stacks");
_Static_assert(STUBS_VIRT_START + (unsigned long)NR_CPUS * PAGE_SIZE <=
                   XEN_VIRT_START,
               "stubs overlap the image");

/* The frame offsets entry.S's SYSRETQ path uses. */
_Static_assert(offsetof(struct cpu_user_regs, r11) == 48, "UREGS_R11");
_Static_assert(offsetof(struct cpu_user_regs, rcx) == 88, "UREGS_RCX");
_Static_assert(offsetof(struct cpu_user_regs, rip) == 128, "UREGS_RIP");
_Static_assert(offsetof(struct cpu_user_regs, cs) == 136, "UREGS_CS");
_Static_assert(offsetof(struct cpu_user_regs, rflags) == 144, "UREGS_RFLAGS");
_Static_assert(offsetof(struct cpu_user_regs, rsp) == 152, "UREGS_RSP");
_Static_assert(offsetof(struct cpu_user_regs, ss) == 160, "UREGS_SS");

void (*syscall_handler)(struct cpu_user_regs *regs);
extern char syscall_enter[];

void do_syscall(struct cpu_user_regs *regs);

void do_syscall(struct cpu_user_regs *regs)
{
    /* Every PV hypercall comes this way: a direct call where possible
     * (an indirect one costs a lookup under QEMU's TCG). */
    if (likely(syscall_handler == pv_syscall)) {
        pv_syscall(regs);
        return;
    }
    if (!syscall_handler)
        panic("SYSCALL from %04x:%016lx with no handler", regs->cs,
              (unsigned long)regs->rip);
    syscall_handler(regs);
}

static uint8_t *emit(uint8_t *p, const void *bytes, size_t n)
{
    memcpy(p, bytes, n);
    return p + n;
}

static uint8_t *emit64(uint8_t *p, uint64_t v)
{
    return emit(p, &v, 8);
}

static uint8_t *emit32(uint8_t *p, uint32_t v)
{
    return emit(p, &v, 4);
}

/* Write the SYSCALL stub for the CPU whose cpu_info is ci; cs is the
 * code selector the frame records (64-bit or compatibility mode). */
static void write_stub(uint8_t *p, struct cpu_info *ci, uint32_t cs)
{
    p = emit(p, "\x48\xa3", 2); /* movabs %rax, &ci->syscall_rax */
    p = emit64(p, (uint64_t)&ci->syscall_rax);
    p = emit(p, "\x48\x89\xe0", 3); /* mov %rsp, %rax */
    p = emit(p, "\x48\xbc", 2);     /* movabs $frame_top, %rsp */
    p = emit64(p, guest_frame_top(ci));
    p = emit(p, "\x68", 1); /* push $GUEST_SS */
    p = emit32(p, GUEST_SS);
    p = emit(p, "\x50", 1);     /* push %rax (guest rsp) */
    p = emit(p, "\x41\x53", 2); /* push %r11 (rflags) */
    p = emit(p, "\x68", 1);     /* push $cs */
    p = emit32(p, cs);
    p = emit(p, "\x51", 1);     /* push %rcx (rip) */
    p = emit(p, "\x48\xb8", 2); /* movabs $syscall_enter, %rax */
    p = emit64(p, (uint64_t)syscall_enter);
    emit(p, "\xff\xe0", 2); /* jmp *%rax */
}

/*
 * The SYSENTER stub: SYSENTER_ESP points 16 bytes below the guest frame's
 * top, so the first instruction saves the guest's RFLAGS in the frame
 * (with TF, which then raises #DB right after it: the #DB handler clears
 * TF at SYSENTER_FLAGS_SAVED).  Then every flag is reset (DF, AC and NT
 * as the guest left them would be unsafe here), the frame is completed as
 * Xen's (ss FLAT_USER_SS, rsp 0, cs 3, rip 0: SYSENTER keeps neither) and
 * it continues as a SYSCALL does; the cs of 3 tells them apart.
 */
static void write_sysenter_stub(uint8_t *p, struct cpu_info *ci)
{
    p = emit(p, "\x9c", 1);                 /* pushfq */
    p = emit(p, "\x6a\x02\x9d", 3);         /* push $2; popfq */
    p = emit(p, "\x48\xc7\x44\x24\x10", 5); /* movq $GUEST_SS, 16(%rsp) */
    p = emit32(p, GUEST_SS);
    p = emit(p, "\x48\xc7\x44\x24\x08", 5); /* movq $0, 8(%rsp) */
    p = emit32(p, 0);
    p = emit(p, "\x6a\x03\x6a\x00", 4); /* push $3 (cs); push $0 (rip) */
    p = emit(p, "\x48\xa3", 2);         /* movabs %rax, &ci->syscall_rax */
    p = emit64(p, (uint64_t)&ci->syscall_rax);
    p = emit(p, "\x48\xb8", 2); /* movabs $syscall_enter, %rax */
    p = emit64(p, (uint64_t)syscall_enter);
    emit(p, "\xff\xe0", 2); /* jmp *%rax */
}

bool sysenter_tf_point(unsigned long rip)
{
    return rip == STUBS_VIRT_START +
                      (unsigned long)smp_processor_id() * PAGE_SIZE +
                      SYSENTER_STUB_OFF + SYSENTER_FLAGS_SAVED;
}

/* SYSENTER in 64-bit mode exists on Intel (and compatibles), not AMD: as
 * Xen, only a CPU that has it and is not AMD's gets the MSRs. */
static bool use_sysenter(void)
{
    struct cpuid_regs r;

    cpuid(0, &r);
    if (r.b == 0x68747541 /* "Auth"enticAMD */ ||
        r.b == 0x6f677948 /* "Hygo"nGenuine */)
        return false;
    cpuid(1, &r);
    return r.d & (1u << 11); /* SEP */
}

void syscall_init_cpu(unsigned int cpu)
{
    unsigned long va = STUBS_VIRT_START + (unsigned long)cpu * PAGE_SIZE;
    uint8_t *page = alloc_zeroed_page();

    if (!page)
        panic("CPU%u: no memory for the SYSCALL stub", cpu);
    write_stub(page, get_cpu_info(), GUEST_CS64);
    write_stub(page + CSTAR_STUB_OFF, get_cpu_info(), RING3_CS32);
    write_sysenter_stub(page + SYSENTER_STUB_OFF, get_cpu_info());
    if (map_pages(va, __pa(page), 1, PAGE_HYPERVISOR_RX))
        panic("CPU%u: cannot map the SYSCALL stub", cpu);
    wrmsr(MSR_STAR,
          ((uint64_t)RING3_CS32 << 48) | ((uint64_t)__HYPERVISOR_CS64 << 32));
    wrmsr(MSR_LSTAR, va);
    wrmsr(MSR_CSTAR, va + CSTAR_STUB_OFF);
    if (use_sysenter()) {
        wrmsr(MSR_SYSENTER_CS, __HYPERVISOR_CS64);
        wrmsr(MSR_SYSENTER_ESP, guest_frame_top(get_cpu_info()) - 16);
        wrmsr(MSR_SYSENTER_EIP, va + SYSENTER_STUB_OFF);
    }
    wrmsr(MSR_SFMASK, X86_EFLAGS_IF | 0x100 /* TF */ | 0x400 /* DF */ |
                          X86_EFLAGS_AC | 0x4000 /* NT */);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
