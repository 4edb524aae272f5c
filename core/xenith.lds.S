/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Link map of the hypervisor image.  Virtual addresses start at
 * XEN_VIRT_START + XEN_LOAD_PHYS; load (physical) addresses at
 * XEN_LOAD_PHYS.  Each permission class starts on a page boundary so the
 * page tables can map text RX, rodata R and data/bss RW+NX.
 */
#include <xenith/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start32)

PHDRS
{
    image PT_LOAD;
}

SECTIONS
{
    . = XEN_VIRT_START + XEN_LOAD_PHYS;
    _start = .;

    .text : AT(ADDR(.text) - XEN_VIRT_START) {
        _stext = .;
        *(.text.head)
        *(.text .text.*)
        . = ALIGN(4096);
        _etext = .;
    } :image

    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START) {
        _srodata = .;
        *(EXCLUDE_FILE(*symtab*.o) .rodata .rodata.*)
        . = ALIGN(8);
        __param_start = .;
        KEEP(*(.data.param))
        __param_end = .;
        . = ALIGN(8);
        __subop_start = .;
        KEEP(*(.data.subop))
        __subop_end = .;
        . = ALIGN(8);
        __initcall_start = .;
        KEEP(*(.initcall))
        __initcall_end = .;
        . = ALIGN(4);
        __start_ex_table = .;
        KEEP(*(.ex_table))
        __stop_ex_table = .;
        /* The linker's build id note (XENVER_build_id). */
        . = ALIGN(4);
        __note_gnu_build_id_start = .;
        KEEP(*(.note.gnu.build-id))
        __note_gnu_build_id_end = .;
        /* Last, so its size (which differs between the two link passes)
         * moves nothing else in .rodata. */
        . = ALIGN(8);
        *(.rodata.symtab)
        . = ALIGN(4096);
        _erodata = .;
    } :image

    .data : AT(ADDR(.data) - XEN_VIRT_START) {
        _sdata = .;
        *(.data.page_aligned)
        . = ALIGN(4096);
        __per_cpu_start = .;
        *(.percpu.data)
        . = ALIGN(64);
        __per_cpu_end = .;
        *(.data .data.*)
        *(.got .got.plt)
        . = ALIGN(4096);
        _edata = .;
    } :image

    .bss : AT(ADDR(.bss) - XEN_VIRT_START) {
        __bss_start = .;
        *(.bss.stack_aligned)
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    } :image
    _end = .;

    /* Physical addresses used by the 32-bit entry code (head.S). */
    boot_magic_pa = boot_magic - XEN_VIRT_START;
    xen_phys_delta_pa = xen_phys_delta - XEN_VIRT_START;
    boot_l2_xen_pa = boot_l2_xen - XEN_VIRT_START;
    boot_info_pa_pa = boot_info_pa - XEN_VIRT_START;
    __bss_start_pa = __bss_start - XEN_VIRT_START;
    __bss_end_pa = __bss_end - XEN_VIRT_START;
    boot_stack_pa = boot_stack - XEN_VIRT_START;
    boot_l4_pa = boot_l4 - XEN_VIRT_START;
    boot_l3_ident_pa = boot_l3_ident - XEN_VIRT_START;
    boot_l3_xen_pa = boot_l3_xen - XEN_VIRT_START;
    boot_l2_ident_pa = boot_l2_ident - XEN_VIRT_START;
    boot_gdt_pa = boot_gdt - XEN_VIRT_START;
    boot_gdt_desc32_pa = boot_gdt_desc32 - XEN_VIRT_START;
    start64_low_pa = start64_low - XEN_VIRT_START;
    no_lm_msg_pa = no_lm_msg - XEN_VIRT_START;

    /DISCARD/ : {
        *(.note .note.*)
        *(.comment)
        *(.eh_frame)
        *(.rela.*)
        *(.interp)
        *(.dynamic .dynsym .dynstr .hash .gnu.hash)
    }
}
