/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry point and trap/callback entry stubs of the test guests.
 *
 * The domain builder enters _start in 64-bit kernel mode with RSI holding
 * the start_info VA.  Every bounce from the hypervisor (exception, event
 * upcall, failsafe, syscall) lands in a stub here that rebuilds one
 * struct guest_frame (see guest.h) and calls guest_trap(); the stub then
 * returns through the iret hypercall, which reloads the (possibly edited)
 * frame.
 */
#define GUEST_ASM
#include "guest.h"

    .section .text.head, "ax"
    .code64
    .globl _start
_start:
    cld
    lea boot_stack_top(%rip), %rsp
    mov %rsi, %rdi
    call guest_start
1:  ud2
    jmp 1b

    .text

/*
 * Bounce frame at entry: rcx, r11, [error code], rip, cs, rflags, rsp, ss.
 * Pop rcx/r11 back into place, push a zero error code if the CPU gave
 * none, push the vector, then every general register.
 */
.macro SAVE_ALL
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro RESTORE_ALL
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
.endm

.macro ENTRY_STUB name, vector, has_err
    .globl \name
\name:
    pop %rcx
    pop %r11
    .if \has_err == 0
    push $0
    .endif
    push $\vector
    jmp common_entry
.endm

common_entry:
    SAVE_ALL
    mov %rsp, %rdi
    mov %rsp, %rbx
    and $-16, %rsp
    call guest_trap
    mov %rbx, %rsp
    RESTORE_ALL
    add $16, %rsp           /* vector and error code */
    /* A handler may ask for a syscall-style return (keep RCX/R11 junk). */
    push $0
    jmp hypercall_page + __HYPERVISOR_iret * 32

ENTRY_STUB entry_de, 0, 0
ENTRY_STUB entry_db, 1, 0
ENTRY_STUB entry_nmi, 2, 0
ENTRY_STUB entry_bp, 3, 0
ENTRY_STUB entry_of, 4, 0
ENTRY_STUB entry_br, 5, 0
ENTRY_STUB entry_ud, 6, 0
ENTRY_STUB entry_nm, 7, 0
ENTRY_STUB entry_ts, 10, 1
ENTRY_STUB entry_np, 11, 1
ENTRY_STUB entry_ss, 12, 1
ENTRY_STUB entry_gp, 13, 1
ENTRY_STUB entry_pf, 14, 1
ENTRY_STUB entry_mf, 16, 0
ENTRY_STUB entry_ac, 17, 1
ENTRY_STUB entry_xm, 19, 0
ENTRY_STUB entry_int80, 0x80, 0
ENTRY_STUB entry_event, GUEST_VEC_EVENT, 0
ENTRY_STUB entry_syscall, GUEST_VEC_SYSCALL, 0

/*
 * Failsafe frame: rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss.
 * The four selectors are copied to failsafe_sel[] (memory to memory, no
 * register touched) and dropped.
 */
    .globl entry_failsafe
entry_failsafe:
    pop %rcx
    pop %r11
    pushq 0(%rsp)
    popq failsafe_sel + 0(%rip)
    pushq 8(%rsp)
    popq failsafe_sel + 8(%rip)
    pushq 16(%rsp)
    popq failsafe_sel + 16(%rip)
    pushq 24(%rsp)
    popq failsafe_sel + 24(%rip)
    add $32, %rsp
    push $0
    push $GUEST_VEC_FAILSAFE
    jmp common_entry

    .data
    .balign 8
    .globl failsafe_sel
failsafe_sel:
    .quad 0, 0, 0, 0

/* vCPU 0's stack; its first word (zero) is the vCPU id, see guest.h. */
    .bss
    .balign GUEST_STACK_SIZE
boot_stack:
    .skip GUEST_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:
