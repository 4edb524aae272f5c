/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 (x86-64) image parsing for the domain builder: header validation,
 * program headers, loading PT_LOAD segments and reading the Xen ELF notes.
 *
 * The image is untrusted guest input.  elf_init() validates the ELF header
 * and every program header the other functions use, with overflow-safe
 * arithmetic; the other functions rely on that and check what is left.
 * Structures are copied out of the image with memcpy, so the image needs
 * no particular alignment.
 *
 * Return convention: 0 or a negative Xen errno (-EINVAL malformed image,
 * -ENOEXEC not an x86-64 ELF image, -ENOSPC destination too small).
 */
#ifndef XENITH_ELF_H
#define XENITH_ELF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <xenith/errno.h>
#include <public/elfnote.h>
#include <public/features.h>

#define ELF_MAG0    0x7f
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC     2
#define ET_DYN      3
#define EM_X86_64   62
#define PT_LOAD     1
#define PT_NOTE     4
#define ELF_PN_XNUM 0xffff

struct elf64_ehdr {
    uint8_t e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header size");

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 phdr size");

/* A validated image. */
struct elf_image {
    const uint8_t *data;
    size_t size;
    struct elf64_ehdr ehdr;
};

/* Validate @data as an x86-64 ELF64 executable and fill @img. */
int elf_init(struct elf_image *img, const void *data, size_t size);

/* Copy program header @idx (< ehdr.e_phnum) into @ph. */
int elf_phdr(const struct elf_image *img, unsigned int idx,
             struct elf64_phdr *ph);

/*
 * Lowest and highest (exclusive) physical address of the PT_LOAD segments
 * with a non-zero memory size.  -EINVAL if there is none.
 */
int elf_load_bounds(const struct elf_image *img, uint64_t *start,
                    uint64_t *end);

/*
 * Copy every PT_LOAD segment to @dst, where dst[0] corresponds to physical
 * address @dst_paddr, and zero each segment's tail beyond its file size.
 * Every segment must lie inside [dst_paddr, dst_paddr + dst_size).
 */
int elf_load(const struct elf_image *img, void *dst, size_t dst_size,
             uint64_t dst_paddr);

/* A string note: points into the image, not necessarily NUL-terminated. */
struct elf_note_str {
    const char *str;
    uint32_t len; /* up to the first NUL or the end of the note */
};

/* Everything the Xen notes of a kernel say. */
struct xen_elfnotes {
    uint32_t present; /* bit N set: a note of type N was seen */
    uint64_t entry;
    uint64_t hypercall_page;
    uint64_t virt_base;
    uint64_t paddr_offset;
    uint64_t hv_start_low;
    uint64_t init_p2m;
    uint64_t mod_start_pfn;
    uint64_t suspend_cancel;
    uint64_t phys32_entry;
    uint64_t l1_mfn_mask, l1_mfn_value; /* first pair of L1_MFN_VALID */
    uint32_t feat_supported; /* bit XENFEAT_n: supported (or required) */
    uint32_t feat_required;  /* bit XENFEAT_n: required ('!' prefix) */
    struct elf_note_str guest_os;
    struct elf_note_str guest_version;
    struct elf_note_str xen_version;
    struct elf_note_str loader;
    struct elf_note_str pae_mode;
    struct elf_note_str bsd_symtab;
    struct elf_note_str features;
};

static inline bool xen_elfnote_has(const struct xen_elfnotes *n,
                                   unsigned int type)
{
    return type < 32 && (n->present & (1u << type));
}

/*
 * Parse the "Xen" notes of every PT_NOTE segment into @notes.  Returns
 * -ENOENT if the image has no Xen note at all, -EINVAL for a malformed
 * note, a numeric note of a bad size, or an unknown required feature.
 */
int elf_xen_notes(const struct elf_image *img, struct xen_elfnotes *notes);

/* Compare a string note with a C string. */
bool elf_note_str_eq(const struct elf_note_str *s, const char *cstr);

/* Map a feature name (without "XENFEAT_") to its number, or -1. */
int xen_feature_by_name(const char *name, size_t len);

#endif /* XENITH_ELF_H */
