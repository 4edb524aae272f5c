/* SPDX-License-Identifier: GPL-2.0-only */
/* Synthetic PV kernels for the builder's host tests. */
#ifndef BUILDER_IMAGES_H
#define BUILDER_IMAGES_H

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "public/elfnote.h"

#define VBASE    0xffffffff80000000ULL
#define KSTART   0xffffffff81000000ULL
#define P2M_BASE 0x8000000000ULL

/* ---- a synthetic Xen PV ELF kernel ------------------------------------ */

struct img {
    uint8_t *p;
    size_t len;
};

static size_t put_note(uint8_t *p, uint32_t type, const void *desc,
                       uint32_t dlen)
{
    uint32_t h[3] = { 4, dlen, type };

    memcpy(p, h, 12);
    memcpy(p + 12, "Xen", 4);
    memcpy(p + 16, desc, dlen);
    return 16 + ((dlen + 3) & ~3u);
}

static size_t put_num(uint8_t *p, uint32_t type, uint64_t v)
{
    return put_note(p, type, &v, 8);
}

static size_t put_str(uint8_t *p, uint32_t type, const char *s)
{
    return put_note(p, type, s, (uint32_t)strlen(s) + 1);
}

/* An ELF with one 3-page loadable segment at paddr 16 MiB and notes as
 * Linux has them; flags pick deviations. */
enum { NO_NOTES = 1, NOT_LINUX = 2, ELF32 = 4, OLD_XEN = 8, AUTO_XLATE = 16 };

static struct img make_elf(int flags)
{
    struct img im;
    uint8_t notes[512];
    size_t nlen = 0, off_notes = 0x1000, off_load = 0x2000;
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;

    nlen += put_str(notes + nlen, XEN_ELFNOTE_GUEST_OS,
                    flags & NOT_LINUX ? "plan9" : "linux");
    nlen += put_str(notes + nlen, XEN_ELFNOTE_XEN_VERSION,
                    flags & OLD_XEN ? "xen-2.0" : "xen-3.0");
    nlen += put_num(notes + nlen, XEN_ELFNOTE_VIRT_BASE, VBASE);
    nlen += put_num(notes + nlen, XEN_ELFNOTE_PADDR_OFFSET, 0);
    nlen += put_num(notes + nlen, XEN_ELFNOTE_ENTRY, KSTART + 0x40);
    nlen += put_num(notes + nlen, XEN_ELFNOTE_HYPERCALL_PAGE, KSTART + 0x1000);
    nlen += put_num(notes + nlen, XEN_ELFNOTE_INIT_P2M, P2M_BASE);
    nlen += put_num(notes + nlen, XEN_ELFNOTE_MOD_START_PFN, 1);
    nlen += put_str(notes + nlen, XEN_ELFNOTE_FEATURES,
                    flags & AUTO_XLATE
                        ? "!auto_translated_physmap"
                        : "!writable_page_tables|pae_pgdir_above_4gb");
    nlen += put_str(notes + nlen, XEN_ELFNOTE_LOADER, "generic");

    im.len = off_load + 0x2000;
    im.p = calloc(1, im.len);
    assert_non_null(im.p);
    eh = (Elf64_Ehdr *)im.p;
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = flags & ELF32 ? ELFCLASS32 : ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = flags & ELF32 ? EM_386 : EM_X86_64;
    eh->e_entry = KSTART;
    eh->e_phoff = sizeof(*eh);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 2;
    ph = (Elf64_Phdr *)(im.p + eh->e_phoff);
    ph[0].p_type = PT_LOAD;
    ph[0].p_flags = PF_R | PF_X;
    ph[0].p_offset = off_load;
    ph[0].p_vaddr = KSTART;
    ph[0].p_paddr = KSTART - VBASE;
    ph[0].p_filesz = 0x2000;
    ph[0].p_memsz = 0x3000; /* one page of bss */
    ph[1].p_type = flags & NO_NOTES ? PT_NULL : PT_NOTE;
    ph[1].p_offset = off_notes;
    ph[1].p_filesz = nlen;
    memcpy(im.p + off_notes, notes, nlen);
    memset(im.p + off_load, 0xcc, 0x2000);
    return im;
}

static struct img gz(struct img in)
{
    struct img o;
    z_stream z;

    memset(&z, 0, sizeof(z));
    assert_int_equal(
        deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    o.len = deflateBound(&z, in.len) + 64;
    o.p = malloc(o.len);
    z.next_in = in.p;
    z.avail_in = (uInt)in.len;
    z.next_out = o.p;
    z.avail_out = (uInt)o.len;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    o.len = z.total_out;
    deflateEnd(&z);
    return o;
}

#endif
