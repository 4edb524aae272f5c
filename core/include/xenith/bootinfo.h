/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot loader told us, copied out of the loader's structures
 * (which live in memory the allocators will reuse).
 */
#ifndef XENITH_BOOTINFO_H
#define XENITH_BOOTINFO_H

#include <xenith/e820.h>
#include <xenith/types.h>

#define MAX_BOOT_MODULES 16
#define BOOT_CMDLINE_MAX 1024

struct boot_module {
    paddr_t start;
    paddr_t size;
    char cmdline[256];
};

struct boot_info {
    const char *protocol; /* "multiboot" or "multiboot2" */
    char loader[64];      /* boot loader name, if given */
    char cmdline[BOOT_CMDLINE_MAX];
    struct e820map e820; /* as given (raw) */
    unsigned int nr_modules;
    unsigned int modules_dropped; /* beyond MAX_BOOT_MODULES */
    struct boot_module modules[MAX_BOOT_MODULES];
    paddr_t rsdp;          /* ACPI RSDP address, 0 = scan */
    uint8_t rsdp_copy[36]; /* RSDP copy from multiboot2 */
    bool have_rsdp_copy;
    bool efi;                     /* loaded by an EFI boot loader */
    bool vga_text;                /* EGA text framebuffer reported */
    paddr_t info_start, info_end; /* loader structure extent */
};

extern struct boot_info boot_info;

/* Fill boot_info from the loader's magic and info address; returns 0 or a
 * negative errno when the magic is unknown or the structure is bad. */
int multiboot_parse(uint32_t magic, paddr_t info);

#endif /* XENITH_BOOTINFO_H */
