/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * traps, part 2: user mode and the failsafe callback (see traps.c).
 *
 * A user address space (a pinned copy of the kernel L4 installed with
 * new_user_baseptr) is entered with the iret hypercall: a user `syscall`
 * reaches the syscall callback on the stack_switch stack and returns to
 * user mode, `int $0x80` reaches a DPL-3 gate, a user #PF carries the U
 * bit.  Then %fs is loaded from an LDT that is removed again, and a
 * context switch against a spinning domU (both pinned to CPU 0) makes
 * the hypervisor's segment reload fail into the failsafe callback.
 */
#include <stdbool.h>

#include "guest.h"
#include "public/domctl.h"

void traps_user_mode(void);
void traps_failsafe(void);
void traps_syscall_variants(void);

static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t kernel_stack[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t user_l4[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile uint64_t sys_calls, sys_cs, int80_seen, user_rbx;
static volatile uint64_t variant_cs, variant_rip;

/* user_call(rip, rsp): run user code until a handler calls user_return. */
uint64_t user_call(uint64_t rip, uint64_t rsp);
uint64_t user_call32(uint64_t rip, uint64_t rsp);
void user_return(uint64_t val) __attribute__((noreturn));
extern char user_prog1[], user_prog2[], user_prog3[], user_prog4[],
    entry_syscall[], entry_failsafe[];

__asm__(".pushsection .text\n"
        "user_call:\n\t"
        "push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n\t"
        "mov %rsp, user_saved_rsp(%rip)\n\t"
        "pushq $0xe02b\n\t" /* ss */
        "push %rsi\n\t"     /* rsp */
        "pushq $0x202\n\t"  /* rflags: IF */
        "pushq $0xe033\n\t" /* cs: RPL 3 = user mode */
        "push %rdi\n\t"     /* rip */
        "pushq $0\n\t"      /* flags */
        "jmp hypercall_page + 23 * 32\n"
        "user_return:\n\t"
        "mov user_saved_rsp(%rip), %rsp\n\t"
        "mov %rdi, %rax\n\t"
        "pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n\t"
        "ret\n"
        /* Program 1: syscall 42, int $0x80, then syscall 99 to leave. */
        "user_prog1:\n\t"
        "mov $42, %eax\n\t"
        "syscall\n\t"
        "mov %rax, %rbx\n\t"
        "mov $7, %eax\n\t"
        "int $0x80\n\t"
        "add %rax, %rbx\n\t"
        "mov $99, %eax\n\t"
        "syscall\n\t"
        "ud2\n"
        /* user_call32(rip, rsp): the same into compatibility mode. */
        "user_call32:\n\t"
        "push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n\t"
        "mov %rsp, user_saved_rsp(%rip)\n\t"
        "pushq $0xe02b\n\t" /* ss */
        "push %rsi\n\t"     /* rsp */
        "pushq $0x202\n\t"  /* rflags: IF */
        "pushq $0xe023\n\t" /* cs: 32-bit, RPL 3 */
        "push %rdi\n\t"     /* rip */
        "pushq $0\n\t"      /* flags */
        "jmp hypercall_page + 23 * 32\n"
        /* Program 3: sysenter with rax 0x55. */
        "user_prog3:\n\t"
        "mov $0x55, %eax\n\t"
        "sysenter\n\t"
        "ud2\n"
        /* Program 4: syscall with rax 0x64. */
        "user_prog4:\n\t"
        "mov $0x64, %eax\n\t"
        "syscall\n\t"
        "ud2\n"
        /* Program 2: a user-mode read of an unmapped address. */
        "user_prog2:\n\t"
        "movabs 0x20000000000, %rax\n\t"
        "ud2\n"
        ".popsection\n");
uint64_t user_saved_rsp;

static void on_syscall(struct guest_frame *f)
{
    sys_calls++;
    sys_cs = f->cs;
    if (f->rax == 42) {
        f->rax = 1000;
        return; /* back to user mode through iret */
    }
    if (f->rax == 99) {
        user_rbx = f->rbx;
        user_return(f->cs);
    }
    if (f->rax == 0x55 || f->rax == 0x33) { /* sysenter / compat syscall */
        variant_cs = f->cs;
        variant_rip = f->rip;
        user_return(f->rax);
    }
    guest_fail("unexpected user syscall %lu", f->rax);
}

static void on_int80(struct guest_frame *f)
{
    int80_seen = f->rax;
    CHECK((f->cs & 3) == 3, "int 0x80 frame cs %lx not user", f->cs);
    f->rax = 234;
}

static void on_user_pf(struct guest_frame *f)
{
    CHECK((f->cs & 3) == 3, "user #PF frame cs %lx", f->cs);
    user_return(f->error);
}

void traps_user_mode(void)
{
    const uint64_t *kl4 = (const uint64_t *)start_info->pt_base;
    uint64_t *ul4 = (uint64_t *)user_l4;
    struct callback_register cb = { .type = CALLBACKTYPE_syscall,
                                    .address = (uint64_t)entry_syscall };
    uint64_t r;

    /* The user address space: the guest part of the kernel L4. */
    for (int i = 0; i < 512; i++)
        ul4[i] = (i >= 256 && i < 272) ? 0 : kl4[i];
    set_page_ro(user_l4);
    mmuext_op_t op = { .cmd = MMUEXT_PIN_L4_TABLE };
    op.arg1.mfn = virt_to_mfn(user_l4);
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "pin user L4");
    op.cmd = MMUEXT_NEW_USER_BASEPTR;
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "new_user_baseptr");
    CHECK_RC(hc_stack_switch(FLAT_KERNEL_SS,
                             (uint64_t)(kernel_stack + sizeof(kernel_stack))),
             0, "stack_switch");
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "register syscall callback");
    guest_set_trap_handler(GUEST_VEC_SYSCALL, on_syscall);
    guest_set_trap_handler(0x80, on_int80);

    r = user_call((uint64_t)user_prog1,
                  (uint64_t)(user_stack + sizeof(user_stack)));
    CHECK(sys_calls == 2, "%lu syscalls reached the callback", sys_calls);
    CHECK((r & 3) == 3, "syscall frame cs %lx not user", r);
    CHECK(int80_seen == 7, "int $0x80 saw rax %lu", int80_seen);
    CHECK(user_rbx == 1234, "user computed %lu, expected 1000 + 234", user_rbx);
    guest_ok("user mode via iret: syscall callback (cs %lx), return to user, "
             "int $0x80",
             r);

    guest_set_trap_handler(14, on_user_pf);
    r = user_call((uint64_t)user_prog2,
                  (uint64_t)(user_stack + sizeof(user_stack)));
    CHECK(r == 4, "user #PF error code %lx, expected 4 (U, read, !P)", r);
    CHECK(shared->vcpu_info[0].arch.cr2 == 0x20000000000UL, "user cr2 %lx",
          shared->vcpu_info[0].arch.cr2);
    guest_ok("user #PF has the U bit and cr2");
}

static uint8_t ldt[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile uint64_t failsafe_hits, failsafe_rip;

static void on_failsafe(struct guest_frame *f)
{
    failsafe_hits++;
    failsafe_rip = f->rip;
}

static long pin_cpu0(domid_t dom)
{
    struct xen_domctl d;
    uint8_t hard = 1;

    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_setvcpuaffinity;
    d.domain = dom;
    d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, &hard);
    d.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
    return guest_domctl(&d);
}

void traps_failsafe(void)
{
    struct xen_domctl d;
    mmuext_op_t op = { .cmd = MMUEXT_SET_LDT };
    uint16_t sel = 0x7, now;
    domid_t dom;

    guest_set_trap_handler(GUEST_VEC_FAILSAFE, on_failsafe);
    {
        struct callback_register fs = { .type = CALLBACKTYPE_failsafe };
        fs.address = (uint64_t)entry_failsafe;
        CHECK_RC(hc_callback_op(CALLBACKOP_register, &fs), 0,
                 "register failsafe callback");
    }
    /* LDT entry 0: flat 32-bit data segment, DPL 3. */
    ((uint64_t *)ldt)[0] = 0x00cff3000000ffffUL;
    set_page_ro(ldt);
    op.arg1.linear_addr = (uint64_t)ldt;
    op.arg2.nr_ents = 1;
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "set_ldt");
    __asm__ volatile("mov %0, %%fs" ::"r"(sel));
    op.arg1.linear_addr = 0;
    op.arg2.nr_ents = 0;
    CHECK_RC(hc_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "clear ldt");

    CHECK_RC(domu_start_spinner(&dom), 0, "build a domU");
    CHECK_RC(pin_cpu0(0), 0, "pin dom0 to cpu 0");
    CHECK_RC(pin_cpu0(dom), 0, "pin domU to cpu 0");
    gmemset(&d, 0, sizeof(d));
    d.cmd = XEN_DOMCTL_unpausedomain;
    d.domain = dom;
    CHECK_RC(guest_domctl(&d), 0, "unpause domU");
    for (int i = 0; i < 200 && !failsafe_hits; i++)
        hc_sched_op(SCHEDOP_yield, NULL);
    CHECK_RC(domu_destroy(dom), 0, "destroy domU");
    __asm__ volatile("mov %%fs, %0" : "=r"(now));
    set_page_rw(ldt);
    CHECK(failsafe_hits >= 1, "no failsafe callback after context switches");
    CHECK(failsafe_sel[2] == sel, "failsafe frame fs %lx, expected %x",
          failsafe_sel[2], sel);
    CHECK(now == 0, "fs %x after the failed reload, expected null", now);
    guest_ok("failsafe callback: fs %lx in the frame, rip %lx, fs now null",
             failsafe_sel[2], failsafe_rip);
}

/*
 * SYSCALL without a callback, SYSCALL from compatibility mode and SYSENTER
 * (Xen 4.17): no (syscall32) callback is #UD at the instruction; the
 * syscall32 callback gets a frame with cs FLAT_RING3_CS32; SYSENTER goes
 * to the sysenter callback (frame cs 3, rip 0) where the CPU has it in
 * 64-bit mode (Intel), and is #GP(0) without a callback or where the
 * hypervisor does not set it up (AMD; real AMD hardware gives #UD).
 */
static uint8_t low_l3[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t low_l2[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t low_l1[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t low_code[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t low_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define LOW_VA 0x400000UL

static void on_variant_fault(struct guest_frame *f)
{
    variant_cs = f->cs;
    variant_rip = f->rip;
    user_return(f->vector << 8 | f->error);
}

static bool cpu_is_intel(void)
{
    uint32_t a = 0, b, c, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    return b == 0x756e6547; /* "Genu"ineIntel */
}

static void map_low(void)
{
    const uint64_t f = PTE_P | PTE_RW | PTE_US | PTE_A;
    uint64_t *l3 = (uint64_t *)low_l3, *l2 = (uint64_t *)low_l2,
             *l1 = (uint64_t *)low_l1;
    mmu_update_t u;

    l1[0] = (virt_to_mfn(low_code) << 12) | PTE_P | PTE_US | PTE_A;
    l1[1] = (virt_to_mfn(low_stack) << 12) | f | PTE_D;
    l2[(LOW_VA >> 21) & 511] = (virt_to_mfn(low_l1) << 12) | f;
    l3[0] = (virt_to_mfn(low_l2) << 12) | f;
    set_page_ro(low_l1);
    set_page_ro(low_l2);
    set_page_ro(low_l3);
    u.ptr = (virt_to_mfn(user_l4) << 12) | MMU_NORMAL_PT_UPDATE;
    u.val = (virt_to_mfn(low_l3) << 12) | f;
    CHECK_RC(hc_mmu_update(&u, 1, NULL, DOMID_SELF), 0,
             "map low user memory for compatibility mode");
}

void traps_syscall_variants(void)
{
    struct callback_register cb = { .type = CALLBACKTYPE_syscall };
    uint64_t r;

    guest_set_trap_handler(6, on_variant_fault);
    guest_set_trap_handler(13, on_variant_fault);
    /* No syscall32 or sysenter callback (an earlier test set them). */
    cb.type = CALLBACKTYPE_syscall32;
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "clear the syscall32 callback");
    cb.type = CALLBACKTYPE_sysenter;
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "clear the sysenter callback");
    cb.type = CALLBACKTYPE_syscall;

    /* 64-bit SYSCALL with the syscall callback cleared: #UD at it. */
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "clear the syscall callback");
    r = user_call((uint64_t)user_prog4,
                  (uint64_t)(user_stack + sizeof(user_stack)));
    CHECK(r == 6 << 8 && variant_rip == (uint64_t)user_prog4 + 5,
          "syscall without a callback: vector/error %lx at %lx (want #UD at "
          "%lx)",
          r, variant_rip, (uint64_t)user_prog4 + 5);
    cb.address = (uint64_t)entry_syscall;
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "register the syscall callback again");

    /* Compatibility mode: b8 33 00 00 00 (mov $0x33, %eax); 0f 05; 0f 0b. */
    gmemcpy(low_code, "\xb8\x33\x00\x00\x00\x0f\x05\x0f\x0b", 9);
    map_low();
    r = user_call32(LOW_VA, LOW_VA + 2 * PAGE_SIZE);
    CHECK(r == 6 << 8 && variant_rip == LOW_VA + 5 &&
              variant_cs == FLAT_RING3_CS32,
          "compat syscall without a syscall32 callback: %lx at %lx:%lx", r,
          variant_cs, variant_rip);
    cb.type = CALLBACKTYPE_syscall32;
    cb.address = (uint64_t)entry_syscall;
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "register the syscall32 callback");
    r = user_call32(LOW_VA, LOW_VA + 2 * PAGE_SIZE);
    CHECK(r == 0x33 && variant_cs == FLAT_RING3_CS32 &&
              variant_rip == LOW_VA + 7,
          "compat syscall: %lx, frame %lx:%lx (want syscall32 callback, cs "
          "e023, rip after it)",
          r, variant_cs, variant_rip);
    guest_ok("compatibility-mode syscall: #UD without, syscall32 callback "
             "with (frame %lx:%lx)",
             variant_cs, variant_rip);

    /* SYSENTER from 64-bit user mode. */
    r = user_call((uint64_t)user_prog3,
                  (uint64_t)(user_stack + sizeof(user_stack)));
    CHECK(r == (13 << 8) || r == (6 << 8),
          "sysenter without a callback: vector/error %lx (want #GP(0))", r);
    cb.type = CALLBACKTYPE_sysenter;
    CHECK_RC(hc_callback_op(CALLBACKOP_register, &cb), 0,
             "register the sysenter callback");
    r = user_call((uint64_t)user_prog3,
                  (uint64_t)(user_stack + sizeof(user_stack)));
    if (cpu_is_intel())
        CHECK(r == 0x55 && variant_cs == 3 && variant_rip == 0,
              "sysenter: %lx, frame %lx:%lx (want sysenter callback, cs 3, "
              "rip 0)",
              r, variant_cs, variant_rip);
    else
        CHECK(r == (13 << 8) || r == (6 << 8),
              "sysenter on a CPU without it in 64-bit mode: %lx", r);
    guest_ok("sysenter: %s", cpu_is_intel() ? "sysenter callback" : "fault");
    guest_set_trap_handler(6, NULL);
    guest_set_trap_handler(13, NULL);
}
