/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * void svm_vmrun(paddr_t vmcb_pa, struct hvm_gprs *gprs, paddr_t host_pa)
 *
 * Called with interrupts off.  Saves the host's VMLOAD state to host_pa,
 * loads the guest's GPRs (RAX, RSP, RIP and RFLAGS are in the VMCB),
 * clears GIF and sets IF (interrupts stay held until the guest runs, where
 * they exit), then VMLOAD, VMRUN, VMSAVE.  After the exit the guest's
 * GPRs are stored, the host's state is loaded back, and the function
 * returns with IF clear and GIF set: a pending interrupt is taken at the
 * caller's next local_irq_enable().
 */
#define G_RBX 0x00
#define G_RCX 0x08
#define G_RDX 0x10
#define G_RSI 0x18
#define G_RDI 0x20
#define G_RBP 0x28
#define G_R8  0x30
#define G_R9  0x38
#define G_R10 0x40
#define G_R11 0x48
#define G_R12 0x50
#define G_R13 0x58
#define G_R14 0x60
#define G_R15 0x68

        .text
        .globl svm_vmrun
svm_vmrun:
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        pushq   %rsi                    /* 8(%rsp) after the next push */
        pushq   %rdx                    /* host_pa */
        mov     %rdx, %rax
        vmsave
        mov     %rdi, %rax              /* the guest's VMCB from here on */
        mov     G_RBX(%rsi), %rbx
        mov     G_RCX(%rsi), %rcx
        mov     G_RDX(%rsi), %rdx
        mov     G_RDI(%rsi), %rdi
        mov     G_RBP(%rsi), %rbp
        mov     G_R8(%rsi), %r8
        mov     G_R9(%rsi), %r9
        mov     G_R10(%rsi), %r10
        mov     G_R11(%rsi), %r11
        mov     G_R12(%rsi), %r12
        mov     G_R13(%rsi), %r13
        mov     G_R14(%rsi), %r14
        mov     G_R15(%rsi), %r15
        mov     G_RSI(%rsi), %rsi
        clgi
        sti
        vmload
        vmrun
        vmsave
        pushq   %rsi                    /* the guest's */
        mov     16(%rsp), %rsi          /* gprs */
        mov     %rbx, G_RBX(%rsi)
        mov     %rcx, G_RCX(%rsi)
        mov     %rdx, G_RDX(%rsi)
        mov     %rdi, G_RDI(%rsi)
        mov     %rbp, G_RBP(%rsi)
        mov     %r8, G_R8(%rsi)
        mov     %r9, G_R9(%rsi)
        mov     %r10, G_R10(%rsi)
        mov     %r11, G_R11(%rsi)
        mov     %r12, G_R12(%rsi)
        mov     %r13, G_R13(%rsi)
        mov     %r14, G_R14(%rsi)
        mov     %r15, G_R15(%rsi)
        popq    %rax
        mov     %rax, G_RSI(%rsi)
        popq    %rax                    /* host_pa */
        vmload
        cli
        stgi
        add     $8, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
