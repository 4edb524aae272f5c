/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot (v1 and v2) information parsing.  Runs with the early page
 * tables, where the low 4 GiB are reachable through the direct map.
 * Facts: Multiboot Specification 0.6.96 and Multiboot2 Specification 2.0.
 */
#include <xenith/bootinfo.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/mm.h>

#define MB1_BOOT_MAGIC 0x2BADB002
#define MB2_BOOT_MAGIC 0x36d76289

#define MB1_INFO_MEMORY  (1u << 0)
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS    (1u << 3)
#define MB1_INFO_MMAP    (1u << 6)
#define MB1_INFO_LOADER  (1u << 9)

struct boot_info boot_info;

struct mb1_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, loader_name;
};

struct mb1_module {
    uint32_t start, end, cmdline, pad;
};

struct __packed mb1_mmap {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;
};

static void copy_str(char *dst, size_t n, paddr_t pa)
{
    if (pa)
        strlcpy(dst, __va(pa), n);
    else
        dst[0] = '\0';
}

static void add_module(paddr_t start, paddr_t end, paddr_t cmdline)
{
    struct boot_module *m;

    if (boot_info.nr_modules == MAX_BOOT_MODULES) {
        boot_info.modules_dropped++;
        return;
    }
    m = &boot_info.modules[boot_info.nr_modules++];
    m->start = start;
    m->size = end > start ? end - start : 0;
    copy_str(m->cmdline, sizeof(m->cmdline), cmdline);
}

/*
 * A multiboot1 loader other than GRUB 2 (QEMU's -kernel, GRUB legacy)
 * puts the image's name first on the command line; drop it, as Xen does,
 * so that XENVER_commandline and the log show the options only.
 */
static void strip_image_name(char *line, const char *loader)
{
    const char *p = line;

    for (const char *l = loader; *l; l++)
        if (!strncmp(l, "GRUB 2", 6))
            return;
    while (*p == ' ')
        p++;
    while (*p && *p != ' ')
        p++;
    while (*p == ' ')
        p++;
    memmove(line, p, strlen(p) + 1);
}

static int parse_mb1(paddr_t pa)
{
    const struct mb1_info *mi = __va(pa);

    boot_info.protocol = "multiboot";
    boot_info.info_start = pa;
    boot_info.info_end = pa + sizeof(*mi);
    if (mi->flags & MB1_INFO_CMDLINE)
        copy_str(boot_info.cmdline, sizeof(boot_info.cmdline), mi->cmdline);
    if (mi->flags & MB1_INFO_LOADER)
        copy_str(boot_info.loader, sizeof(boot_info.loader), mi->loader_name);
    if (mi->flags & MB1_INFO_CMDLINE)
        strip_image_name(boot_info.cmdline, boot_info.loader);
    if (mi->flags & MB1_INFO_MODS) {
        const struct mb1_module *mod = __va((paddr_t)mi->mods_addr);

        for (uint32_t i = 0; i < mi->mods_count; i++)
            add_module(mod[i].start, mod[i].end, mod[i].cmdline);
    }
    if (mi->flags & MB1_INFO_MMAP) {
        uint32_t off = 0;

        while (off + sizeof(struct mb1_mmap) <= mi->mmap_length + 4) {
            const struct mb1_mmap *e = __va((paddr_t)mi->mmap_addr + off);

            if (e820_add(&boot_info.e820, e->addr, e->len, e->type))
                break;
            off += e->size + 4;
        }
    } else if (mi->flags & MB1_INFO_MEMORY) {
        e820_add(&boot_info.e820, 0, (uint64_t)mi->mem_lower << 10, E820_RAM);
        e820_add(&boot_info.e820, 0x100000, (uint64_t)mi->mem_upper << 10,
                 E820_RAM);
    }
    return boot_info.e820.nr_map ? 0 : -ENODATA;
}

/* Multiboot2 tags (type, size) followed by a type-specific body. */
struct mb2_tag {
    uint32_t type, size;
};

static void mb2_mmap(const struct mb2_tag *t)
{
    const uint32_t *hdr = (const uint32_t *)(t + 1);
    uint32_t esize = hdr[0];
    const uint8_t *p = (const uint8_t *)(hdr + 2);
    const uint8_t *end = (const uint8_t *)t + t->size;

    if (esize < 24)
        return;
    for (; p + 24 <= end; p += esize) {
        const uint64_t *q = (const uint64_t *)p;

        if (e820_add(&boot_info.e820, q[0], q[1], *(const uint32_t *)(p + 16)))
            break;
    }
}

static void mb2_tag(const struct mb2_tag *t, paddr_t tag_pa)
{
    const uint32_t *body = (const uint32_t *)(t + 1);
    size_t len = t->size - sizeof(*t);

    switch (t->type) {
    case 1: /* command line */
        copy_str(boot_info.cmdline, sizeof(boot_info.cmdline), tag_pa + 8);
        break;
    case 2: /* boot loader name */
        copy_str(boot_info.loader, sizeof(boot_info.loader), tag_pa + 8);
        break;
    case 3: /* module: start, end, string */
        add_module(body[0], body[1], tag_pa + 16);
        break;
    case 6:
        mb2_mmap(t);
        break;
    case 8: /* framebuffer: type byte at offset 29 of the tag */
        if (((const uint8_t *)t)[29] == 2)
            boot_info.vga_text = true;
        break;
    case 7:  /* EFI 32-bit system table */
    case 12: /* EFI 64-bit system table */
        boot_info.efi = true;
        break;
    case 14: /* ACPI 1.0 RSDP copy */
    case 15: /* ACPI 2.0 RSDP copy */
        if (!boot_info.have_rsdp_copy || t->type == 15) {
            memcpy(boot_info.rsdp_copy, body,
                   MIN(len, sizeof(boot_info.rsdp_copy)));
            boot_info.have_rsdp_copy = true;
        }
        break;
    }
}

static int parse_mb2(paddr_t pa)
{
    uint32_t total = *(const uint32_t *)__va(pa);
    paddr_t off = 8;

    boot_info.protocol = "multiboot2";
    boot_info.info_start = pa;
    boot_info.info_end = pa + total;
    if (total < 16)
        return -EINVAL;
    while (off + sizeof(struct mb2_tag) <= total) {
        const struct mb2_tag *t = __va(pa + off);

        if (t->type == 0 || t->size < sizeof(*t))
            break;
        mb2_tag(t, pa + off);
        off += ROUNDUP((paddr_t)t->size, 8);
    }
    return boot_info.e820.nr_map ? 0 : -ENODATA;
}

int multiboot_parse(uint32_t magic, paddr_t info)
{
    if (magic == MB1_BOOT_MAGIC)
        return parse_mb1(info);
    if (magic == MB2_BOOT_MAGIC)
        return parse_mb2(info);
    return -EINVAL;
}
