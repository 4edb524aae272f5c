/*
 * SYSCALL entry from ring 3 (Intel SDM vol. 3, 5.8.8; AMD APM vol. 2,
 * 6.1.1).  SYSCALL does not switch stacks, so each CPU's LSTAR points at
 * its own small stub, mapped executable at STUBS_VIRT_START + cpu pages,
 * which has this CPU's addresses built in: it saves the guest %rax in
 * cpu_info, switches to the guest frame at the top of the CPU's stack,
 * pushes the interrupt-style part of the frame and jumps to
 * syscall_enter (entry.S).  STAR gives SYSCALL the hypervisor's 0xe008 /
 * 0xe010 and SYSRET the ring-3 0xe033 / 0xe02b; SFMASK clears IF, TF, DF,
 * AC and NT on entry.
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

#define MSR_STAR   0xc0000081
#define MSR_LSTAR  0xc0000082
#define MSR_CSTAR  0xc0000083
#define MSR_SFMASK 0xc0000084

#define GUEST_CS64 0xe033
#define GUEST_SS   0xe02b
#define RING3_CS32 0xe023

_Static_assert(STUBS_VIRT_START >=
                   STACKS_VIRT_START + (unsigned long)NR_CPUS * STACK_SIZE,
               "stubs overlap the stacks");
_Static_assert(STUBS_VIRT_START + (unsigned long)NR_CPUS * PAGE_SIZE <=
                   XEN_VIRT_START,
               "stubs overlap the image");

void (*syscall_handler)(struct cpu_user_regs *regs);
extern char syscall_enter[];

void do_syscall(struct cpu_user_regs *regs);

void do_syscall(struct cpu_user_regs *regs)
{
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

/* Write the stub for the CPU whose cpu_info is ci. */
static void write_stub(uint8_t *p, struct cpu_info *ci)
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
    p = emit(p, "\x68", 1);     /* push $GUEST_CS64 */
    p = emit32(p, GUEST_CS64);
    p = emit(p, "\x51", 1);     /* push %rcx (rip) */
    p = emit(p, "\x48\xb8", 2); /* movabs $syscall_enter, %rax */
    p = emit64(p, (uint64_t)syscall_enter);
    emit(p, "\xff\xe0", 2); /* jmp *%rax */
}

void syscall_init_cpu(unsigned int cpu)
{
    unsigned long va = STUBS_VIRT_START + (unsigned long)cpu * PAGE_SIZE;
    uint8_t *page = alloc_zeroed_page();

    if (!page)
        panic("CPU%u: no memory for the SYSCALL stub", cpu);
    write_stub(page, get_cpu_info());
    if (map_pages(va, __pa(page), 1, PAGE_HYPERVISOR_RX))
        panic("CPU%u: cannot map the SYSCALL stub", cpu);
    wrmsr(MSR_STAR,
          ((uint64_t)RING3_CS32 << 48) | ((uint64_t)__HYPERVISOR_CS64 << 32));
    wrmsr(MSR_LSTAR, va);
    wrmsr(MSR_CSTAR, va); /* no 32-bit guests yet: treated alike */
    wrmsr(MSR_SFMASK, X86_EFLAGS_IF | 0x100 /* TF */ | 0x400 /* DF */ |
                          X86_EFLAGS_AC | 0x4000 /* NT */);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}
