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
2:      add     $8, %rsp
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
        iretq
