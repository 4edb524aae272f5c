/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry.  One stub per vector pushes a zero error
 * code where the CPU pushes none, records the vector, saves the general
 * registers as struct cpu_user_regs and calls do_trap() (vectors 0-31) or
 * do_irq() (32-255).
 */
#include <xenith/config.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

        .text
        .align 16
        .globl entry_stubs
entry_stubs:
        .set vec, 0
        .rept 256
        .align 16
        .if HAS_ERRCODE(vec)
        movl    $vec, 4(%rsp)
        .else
        pushq   $0
        movl    $vec, 4(%rsp)
        .endif
        jmp     common_entry
        .set vec, vec + 1
        .endr

common_entry:
        cld
        pushq   %rdi
        pushq   %rsi
        pushq   %rdx
        pushq   %rcx
        pushq   %rax
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        mov     %rsp, %rdi
        /*
         * %rbp is left alone so the C handler's frame chains to the
         * interrupted code's frames (for stack traces).  The CPU aligned
         * the frame to 16 bytes; 21 quadwords later, realign for the call.
         */
        sub     $8, %rsp
        cmpl    $32, 15*8+4(%rdi)
        jae     1f
        call    do_trap
        jmp     2f
1:      call    do_irq
2:      /* Back to a guest: softirqs and event delivery first. */
        testb   $3, (15*8+16)+8(%rsp)   /* frame's cs: ring 3? */
        jz      3f
        lea     8(%rsp), %rdi
        call    exit_to_guest_check
3:      add     $8, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx
        popq    %rdx
        popq    %rsi
        popq    %rdi
        add     $8, %rsp
1:      iretq
        .pushsection .ex_table, "a"     /* a fault here: iret_guest_fault */
        .balign 4
        .long   1b - .
        .long   iret_guest_fault - .
        .popsection

/*
 * SYSCALL from ring 3.  The per-CPU stub (arch/x86/syscall.c) has saved
 * the guest's %rax in cpu_info, switched to the frame at the top of this
 * CPU's stack and pushed ss, rsp, rflags (from %r11), cs and rip (from
 * %rcx), as an interrupt from ring 3 would have.
 */
#include <xenith/asm/current.h>

/* Offsets in struct cpu_user_regs (checked in arch/x86/syscall.c). */
#define UREGS_R11    48
#define UREGS_RCX    88
#define UREGS_RIP    128
#define UREGS_CS     136
#define UREGS_RFLAGS 144
#define UREGS_RSP    152
#define UREGS_SS     160

        .globl syscall_enter
syscall_enter:
        pushq   $0
        movl    $0x100, 4(%rsp)         /* entry_vector: SYSCALL */
        mov     %rsp, %rax
        or      $(STACK_SIZE - 1), %rax
        mov     (CPUINFO_SYSCALL_RAX + 1 - CPUINFO_SIZE)(%rax), %rax
        pushq   %rdi
        pushq   %rsi
        pushq   %rdx
        pushq   %rcx
        pushq   %rax
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        mov     %rsp, %rdi
        sub     $8, %rsp                /* frame base is 8 mod 16 */
        call    do_syscall
        lea     8(%rsp), %rdi
        call    exit_to_guest_check
        add     $8, %rsp

/*
 * Back by SYSRETQ when it gives the guest exactly the state IRETQ would
 * (it is much cheaper): a 64-bit ring-3 cs and ss as STAR's SYSRET
 * selectors, rcx = rip and r11 = rflags (as SYSCALL left them, so a
 * bounce frame or a changed context goes by IRETQ), a canonical rip (a
 * non-canonical one would fault in ring 0 on Intel) and neither RF nor
 * VM, which SYSRETQ clears.  Interrupts are off until SYSRETQ; NMI, #MC
 * and #DB use IST stacks, so none runs on the guest's %rsp in between.
 */
        cmpw    $0xe033, UREGS_CS(%rsp)         /* GUEST_CS64 */
        jne     restore_all_guest
        cmpw    $0xe02b, UREGS_SS(%rsp)         /* GUEST_SS */
        jne     restore_all_guest
        mov     UREGS_RIP(%rsp), %rcx
        cmp     UREGS_RCX(%rsp), %rcx
        jne     restore_all_guest
        mov     UREGS_RFLAGS(%rsp), %r11
        cmp     UREGS_R11(%rsp), %r11
        jne     restore_all_guest
        test    $0x30000, %r11                  /* RF | VM */
        jnz     restore_all_guest
        mov     %rcx, %rax
        shl     $16, %rax
        sar     $16, %rax
        cmp     %rcx, %rax
        jne     restore_all_guest
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11                            /* = rflags */
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx                            /* = rip */
        popq    %rdx
        popq    %rsi
        popq    %rdi
        mov     (8 + UREGS_RSP - UREGS_RIP)(%rsp), %rsp
        sysretq

/*
 * Return to the context described by the frame at %rsp (a struct
 * cpu_user_regs up to ss) with iretq.
 */
        .globl restore_all_guest
restore_all_guest:
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx
        popq    %rdx
        popq    %rsi
        popq    %rdi
        add     $8, %rsp
1:      iretq
        .pushsection .ex_table, "a"     /* a fault here: iret_guest_fault */
        .balign 4
        .long   1b - .
        .long   iret_guest_fault - .
        .popsection

/*
 * An iretq back to a guest faulted (#GP/#NP/#SS: a selector in the
 * guest's frame cannot be loaded).  The fault's own frame was consumed
 * by the fixup; the guest frame is still in cpu_info.  Never returns.
 */
iret_guest_fault:
        and     $-16, %rsp
        call    pv_iret_failed
        ud2

/* void enter_guest_frame(struct cpu_user_regs *frame): never returns. */
        .globl enter_guest_frame
enter_guest_frame:
        mov     %rdi, %rsp
        jmp     restore_all_guest

/* void reset_stack_and_jump(void (*fn)(void)): continue at fn with this
 * CPU's stack empty (everything below cpu_info free).  Never returns. */
        .globl reset_stack_and_jump
reset_stack_and_jump:
        mov     %rsp, %rax
        or      $(STACK_SIZE - 1), %rax
        lea     (1 - CPUINFO_SIZE)(%rax), %rsp
        xor     %ebp, %ebp
        call    *%rdi
        ud2
