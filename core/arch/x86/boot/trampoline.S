/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Application processor start-up code.  The boot CPU copies the bytes
 * between trampoline_start and trampoline_end to a page below 1 MiB,
 * patches the fields below marked "patched" and sends INIT-SIPI-SIPI with
 * that page's number as the vector.  The AP starts in real mode at offset
 * 0 of the page, passes through 32-bit protected mode into long mode and
 * jumps to ap_entry64 at its image address with the boot CPU's page table.
 */
#include <xenith/config.h>
#include <xenith/asm/processor.h>

#define T(x) ((x) - trampoline_start)

        .data
        .align 16
        .globl trampoline_start, trampoline_end
        .globl tramp_gdt_base, tramp_far32, tramp_far64, tramp_cr3, tramp_efer
        .code16
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        /* %esi = physical address of this page, used after real mode. */
        xor     %esi, %esi
        mov     %ax, %si
        shl     $4, %esi
        lgdtl   T(tramp_gdt_desc)
        mov     %cr0, %eax
        or      $X86_CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   *T(tramp_far32)

        .code32
tramp32:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     T(tramp_cr3)(%esi), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      T(tramp_efer)(%esi), %eax
        wrmsr
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE), %eax
        mov     %eax, %cr0
        ljmp    *T(tramp_far64)(%esi)

        .code64
tramp64:
        movabs  $ap_entry64, %rax
        jmp     *%rax

        .align 8
tramp_gdt:
        .quad   0
        .quad   0x00af9a000000ffff          /* 0x08: 64-bit code */
        .quad   0x00cf92000000ffff          /* 0x10: flat data */
        .quad   0x00cf9a000000ffff          /* 0x18: 32-bit code */
tramp_gdt_desc:
        .word   31
tramp_gdt_base:
        .long   0                           /* patched: page + T(tramp_gdt) */
tramp_far32:
        .long   0                           /* patched: page + T(tramp32) */
        .word   0x18
tramp_far64:
        .long   0                           /* patched: page + T(tramp64) */
        .word   0x08
tramp_cr3:
        .long   0                           /* patched: idle page table */
tramp_efer:
        .long   0                           /* patched: EFER bits to set */
trampoline_end:

        .globl tramp_off_gdt, tramp_off_32, tramp_off_64
        .section .rodata, "a", @progbits
        .align 4
tramp_off_gdt:
        .long   T(tramp_gdt)
tramp_off_32:
        .long   T(tramp32)
tramp_off_64:
        .long   T(tramp64)

        .text
        .globl ap_entry64
ap_entry64:
        lgdt    boot_gdt_desc64(%rip)
        mov     $__HYPERVISOR_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        mov     ap_boot_stack(%rip), %rsp
        /* Reload %cs with the boot GDT's code selector. */
        pushq   $__HYPERVISOR_CS64
        leaq    1f(%rip), %rax
        pushq   %rax
        lretq
1:      xor     %ebp, %ebp
        call    start_secondary
        ud2
