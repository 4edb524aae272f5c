/*
 * The boot processor's path from the boot loader to a running system.
 */
#include <xenith/bootinfo.h>
#include <xenith/console.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/param.h>
#include <xenith/asm/processor.h>

void __start_xenith(uint32_t magic, uint32_t info_pa);

void __start_xenith(uint32_t magic, uint32_t info_pa)
{
    int rc = multiboot_parse(magic, info_pa);

    cmdline_parse_all(boot_info.cmdline);
    vga_text_possible = true;
    console_init();
    printk("Xenith %s (%s)\n", XENITH_VERSION, boot_info.protocol);
    printk("Command line: %s\n", boot_info.cmdline);
    cmdline_report_problems();
    if (rc)
        printk("multiboot parse failed %d\n", rc);
    e820_print(&boot_info.e820, "BIOS-provided memory map:");
    e820_sanitise(&boot_info.e820);
    e820_print(&boot_info.e820, "Xenith-e820 RAM map:");
    cpu_halt_forever();
}
