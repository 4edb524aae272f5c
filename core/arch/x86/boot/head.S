/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry from a multiboot (v1 or v2) boot loader.  The loader leaves us in
 * 32-bit protected mode with paging off, EAX = loader magic and EBX = the
 * physical address of its information structure.  This code builds early
 * page tables (identity and direct map of the low 4 GiB, plus the image at
 * XEN_VIRT_START), enters long mode and calls __start_xenith(magic, info).
 */
#include <xenith/config.h>
#include <xenith/asm/processor.h>

/*
 * Physical address of a symbol, for the 32-bit code that runs before
 * paging.  Each NAME_pa symbol is defined in xenith.lds.S (an assembler
 * cannot subtract a 64-bit constant in 32-bit code).
 */
#define sym_phys(s) s##_pa

#define MB1_MAGIC 0x1BADB002
#define MB1_FLAGS 0x00000003 /* page-align modules, want memory info */
#define MB2_MAGIC 0xe85250d6
#define MB2_BOOT_MAGIC 0x36d76289

#define BOOT_CS64 __HYPERVISOR_CS64
#define BOOT_DS   __HYPERVISOR_DS

        .section .text.head, "ax", @progbits
        .code32

        .align 4
mb1_header:
        .long MB1_MAGIC
        .long MB1_FLAGS
        .long 0xe4524ffb                 /* -(magic + flags) */

        .align 8
mb2_start:
        .long MB2_MAGIC
        .long 0                         /* architecture: i386 */
        .long 56                        /* header length */
        .long 0x17adaef2                /* -(magic + arch + length) */
        /* Module alignment tag: page-align modules. */
        .short 6, 0
        .long 8
        /*
         * Relocatable tag: the loader may put the image at any 2 MiB
         * boundary from 2 MiB to 3 GiB (lowest preferred); head.S finds
         * where from the "load base address" information tag.
         */
        .short 10, 0
        .long 24
        .long XEN_LOAD_PHYS             /* min_addr */
        .long 0xc0000000                /* max_addr */
        .long 0x200000                  /* align */
        .long 1                         /* preference: lowest */
        /* End tag. */
        .short 0, 0
        .long 8
mb2_end:

/*
 * Register use until long mode: %esi = how far the image was moved from
 * its link-time physical address (0 unless a multiboot2 loader relocated
 * it; always a multiple of 2 MiB); %ebp = CPUID 0x80000001 EDX.
 */
#define P(s) sym_phys(s)(%esi)

        .globl start32
start32:
        cld
        cli
        xor     %esi, %esi
        cmp     $MB2_BOOT_MAGIC, %eax
        jne     2f
        /* Walk the multiboot2 tags for type 21 (image load base). */
        lea     8(%ebx), %ecx
1:      mov     (%ecx), %edx
        test    %edx, %edx
        jz      2f
        cmp     $21, %edx
        je      3f
        mov     4(%ecx), %edx
        cmp     $8, %edx
        jb      2f                          /* malformed: stop looking */
        add     $7, %edx
        and     $~7, %edx
        add     %edx, %ecx
        jmp     1b
3:      mov     8(%ecx), %esi
        sub     $XEN_LOAD_PHYS, %esi
2:
        /* Remember the loader's magic, info pointer and our offset. */
        mov     %eax, P(boot_magic)
        mov     %ebx, P(boot_info_pa)
        mov     %esi, P(xen_phys_delta)

        /* Long mode is required: CPUID 0x80000001 EDX bit 29. */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      no_long_mode
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     no_long_mode
        mov     %edx, %ebp                  /* keep for the NX check */

        /* Clear .bss (it holds the boot stack and page tables). */
        lea     P(__bss_start), %edi
        mov     $sym_phys(__bss_end), %ecx
        sub     $sym_phys(__bss_start), %ecx
        xor     %eax, %eax
        rep stosb

        lea     (sym_phys(boot_stack) + STACK_SIZE - CPUINFO_SIZE)(%esi), %esp

        /* L2: 2048 entries of 2 MiB pages covering 0-4 GiB. */
        lea     P(boot_l2_ident), %edi
        mov     $0x83, %eax                 /* present, writable, 2 MiB */
        xor     %edx, %edx
        mov     $2048, %ecx
1:      mov     %eax, (%edi)
        mov     %edx, 4(%edi)
        add     $0x200000, %eax
        adc     $0, %edx
        add     $8, %edi
        loop    1b

        /* L2 for the image: XEN_VIRT_START + x -> x + offset. */
        lea     P(boot_l2_xen), %edi
        lea     0x83(%esi), %eax
        mov     $512, %ecx
1:      mov     %eax, (%edi)
        add     $0x200000, %eax
        add     $8, %edi
        loop    1b

        /* L3 (identity and direct map): 4 entries to the 4 L2 pages. */
        lea     P(boot_l3_ident), %edi
        lea     (sym_phys(boot_l2_ident) + 3)(%esi), %eax
        mov     $4, %ecx
1:      mov     %eax, (%edi)
        add     $0x1000, %eax
        add     $8, %edi
        loop    1b

        /* L3 for the image. */
        lea     (sym_phys(boot_l2_xen) + 3)(%esi), %eax
        mov     %eax, (sym_phys(boot_l3_xen) + XEN_VIRT_L3_SLOT * 8)(%esi)

        /* L4: slot 0 identity, image slot, direct-map slot. */
        lea     (sym_phys(boot_l3_ident) + 3)(%esi), %eax
        mov     %eax, P(boot_l4)
        mov     %eax, (sym_phys(boot_l4) + DIRECTMAP_L4_SLOT * 8)(%esi)
        lea     (sym_phys(boot_l3_xen) + 3)(%esi), %eax
        mov     %eax, (sym_phys(boot_l4) + XEN_VIRT_L4_SLOT * 8)(%esi)

        /* Enable PAE, load CR3, set EFER.LME (and NXE if present). */
        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        lea     P(boot_l4), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $(EFER_LME | EFER_SCE), %eax
        bt      $20, %ebp
        jnc     1f
        or      $EFER_NXE, %eax
1:      wrmsr

        /* The boot GDT's base depends on where we are. */
        lea     (sym_phys(boot_gdt) - 0xe000)(%esi), %eax
        mov     %eax, (sym_phys(boot_gdt_desc32) + 2)(%esi)
        lgdt    P(boot_gdt_desc32)
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE | X86_CR0_NE), %eax
        mov     %eax, %cr0
        /* Far jump into 64-bit code at its current physical address. */
        lea     P(start64_low), %eax
        push    $BOOT_CS64
        push    %eax
        lret

no_long_mode:
        lea     P(no_lm_msg), %esi
1:      lodsb
        test    %al, %al
        jz      2f
        mov     %al, %bl
        mov     $0x3fd, %dx
3:      inb     %dx, %al
        test    $0x20, %al
        jz      3b
        mov     $0x3f8, %dx
        mov     %bl, %al
        outb    %al, %dx
        jmp     1b
2:      hlt
        jmp     2b

        .code64
        .globl start64_low
start64_low:
        /* Still running at the physical address: jump to the image VA. */
        movabs  $start64_high, %rax
        jmp     *%rax

        .text
start64_high:
        lgdt    boot_gdt_desc64(%rip)
        mov     $BOOT_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        lea     boot_stack(%rip), %rsp
        add     $(STACK_SIZE - CPUINFO_SIZE), %rsp
        xor     %ebp, %ebp
        mov     boot_magic(%rip), %edi
        mov     boot_info_pa(%rip), %esi
        call    __start_xenith
        ud2

        .section .rodata, "a", @progbits
        .globl no_lm_msg
no_lm_msg:
        .asciz  "Xenith: this CPU has no 64-bit long mode; cannot boot.\r\n"

        .data
        .align 16
        .globl boot_gdt, boot_gdt_desc32
/*
 * The boot GDT uses the hypervisor's selector numbers (0xe008 code, 0xe010
 * data): its base is set 0xe000 bytes below the table, as for the per-CPU
 * GDTs later, so the IDT gates work from the start.
 */
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff          /* 0xe008: 64-bit code */
        .quad   0x00cf92000000ffff          /* 0xe010: flat data */
boot_gdt_end:
boot_gdt_desc32:
        .word   0xe000 + boot_gdt_end - boot_gdt - 1
        .long   0                           /* set by start32 */
        .align 8
        .word   0, 0, 0
        .globl boot_gdt_desc64
boot_gdt_desc64:
        .word   0xe000 + boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt - 0xe000

        .globl boot_magic, boot_info_pa, xen_phys_delta
boot_magic:
        .long   0
boot_info_pa:
        .long   0
        .align 8
/* Physical offset of the image from its link-time load address. */
xen_phys_delta:
        .quad   0

        .section .bss.page_aligned, "aw", @nobits
        .align 4096
        .globl boot_l4, boot_l3_ident, boot_l2_ident
boot_l4:
        .skip   4096
boot_l3_ident:
        .skip   4096
        .globl boot_l3_xen
boot_l3_xen:
        .skip   4096
        .globl boot_l2_xen
boot_l2_xen:
        .skip   4096
boot_l2_ident:
        .skip   4096 * 4

        .section .bss.stack_aligned, "aw", @nobits
        .align  STACK_SIZE
        .globl boot_stack
boot_stack:
        .skip   STACK_SIZE
