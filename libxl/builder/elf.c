/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * A PV kernel's ELF image: its loadable segments and the Xen notes
 * (public/elfnote.h) that say where it wants to live.  Only 64-bit x86
 * images are taken.  The address rules follow Xen's: VIRT_BASE defaults
 * to 0, PADDR_OFFSET to 0 with notes, the entry to e_entry, and the
 * kernel's virtual range is its physical range moved by
 * VIRT_BASE - PADDR_OFFSET.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "public/elfnote.h"
#include "public/features.h"
#include "pvbuild_private.h"

static const char *const pvb_feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_dom0] = "dom0",
};
#define PVB_NR_FEATURES (sizeof(pvb_feature_names) / sizeof(char *))

/* "a|!b|c": names the kernel supports, '!' those it requires. */
static int pvb_parse_features(struct pvb_kernel *k, const char *s, char *err,
                              size_t errlen)
{
    while (*s) {
        size_t n = strcspn(s, "|");
        int req = *s == '!';
        unsigned i;

        for (i = 0; i < PVB_NR_FEATURES; i++) {
            const char *name = pvb_feature_names[i];
            if (name && strlen(name) == n - req &&
                !strncmp(s + req, name, n - req))
                break;
        }
        if (i < PVB_NR_FEATURES) {
            k->f_supported |= 1U << i;
            if (req)
                k->f_required |= 1U << i;
        } else if (req) {
            snprintf(err, errlen, "kernel requires unknown Xen feature '%.*s'",
                     (int)(n - 1), s + 1);
            return -EINVAL;
        }
        s += n + (s[n] == '|');
    }
    return 0;
}

static uint64_t pvb_note_num(const uint8_t *d, uint32_t sz)
{
    uint64_t v = 0;

    if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
        return 0;
    while (sz--)
        v = v << 8 | d[sz];
    return v;
}

static void pvb_note_str(char *dst, size_t dlen, const uint8_t *d, uint32_t sz)
{
    size_t n = strnlen((const char *)d, sz);

    if (n >= dlen)
        n = dlen - 1;
    memcpy(dst, d, n);
    dst[n] = 0;
}

static int pvb_note(struct pvb_kernel *k, uint32_t type, const uint8_t *d,
                    uint32_t sz, char *err, size_t errlen)
{
    char s[256];

    switch (type) {
    case XEN_ELFNOTE_ENTRY:
        k->entry = pvb_note_num(d, sz);
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        k->hypercall = pvb_note_num(d, sz);
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        k->virt_base = pvb_note_num(d, sz);
        break;
    case XEN_ELFNOTE_PADDR_OFFSET:
        k->paddr_offset = pvb_note_num(d, sz);
        break;
    case XEN_ELFNOTE_INIT_P2M:
        k->p2m_base = pvb_note_num(d, sz);
        break;
    case XEN_ELFNOTE_MOD_START_PFN:
        k->unmapped_initrd = !!pvb_note_num(d, sz);
        break;
    case XEN_ELFNOTE_GUEST_OS:
        pvb_note_str(k->guest_os, sizeof(k->guest_os), d, sz);
        break;
    case XEN_ELFNOTE_LOADER:
        pvb_note_str(k->loader, sizeof(k->loader), d, sz);
        break;
    case XEN_ELFNOTE_XEN_VERSION:
        pvb_note_str(k->xen_ver, sizeof(k->xen_ver), d, sz);
        break;
    case XEN_ELFNOTE_FEATURES:
        pvb_note_str(s, sizeof(s), d, sz);
        return pvb_parse_features(k, s, err, errlen);
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        if (sz >= 4)
            k->f_supported |= (uint32_t)pvb_note_num(d, 4);
        break;
    }
    return 0;
}

/* Walks the notes in [off, off + len); returns how many were Xen's. */
static int pvb_notes(struct pvb_kernel *k, uint64_t off, uint64_t len,
                     char *err, size_t errlen)
{
    const uint8_t *p = k->elf + off, *end = p + len;
    int count = 0, rc;

    if (off > k->elf_len || len > k->elf_len - off)
        return 0;
    while (end - p >= 12) {
        uint32_t namesz, descsz, type;
        const uint8_t *name, *desc;

        memcpy(&namesz, p, 4);
        memcpy(&descsz, p + 4, 4);
        memcpy(&type, p + 8, 4);
        name = p + 12;
        desc = name + ((namesz + 3) & ~3u);
        if (namesz > (size_t)(end - name) || desc > end ||
            descsz > (size_t)(end - desc))
            break;
        if (namesz == 4 && !memcmp(name, "Xen", 4)) {
            count++;
            rc = pvb_note(k, type, desc, descsz, err, errlen);
            if (rc < 0)
                return rc;
        }
        p = desc + ((descsz + 3) & ~3u);
    }
    return count;
}

static const Elf64_Phdr *pvb_phdr(const struct pvb_kernel *k, unsigned i)
{
    const Elf64_Ehdr *eh = (const void *)k->elf;

    return (const void *)(k->elf + eh->e_phoff + (uint64_t)i * eh->e_phentsize);
}

static int pvb_loadable(const Elf64_Phdr *ph)
{
    return ph->p_type == PT_LOAD && (ph->p_flags & (PF_R | PF_W | PF_X));
}

static int pvb_elf_headers(struct pvb_kernel *k, char *err, size_t errlen)
{
    const Elf64_Ehdr *eh = (const void *)k->elf;
    unsigned i;

    if (k->elf_len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
        snprintf(err, errlen, "not an ELF or bzImage file");
        return -ENOEXEC;
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_X86_64) {
        snprintf(err, errlen,
                 "not a 64-bit x86 ELF kernel (only x86-64 PV guests are "
                 "built)");
        return -ENOEXEC;
    }
    if (eh->e_phentsize < sizeof(Elf64_Phdr) || eh->e_phoff > k->elf_len ||
        (uint64_t)eh->e_phnum * eh->e_phentsize > k->elf_len - eh->e_phoff) {
        snprintf(err, errlen, "ELF program headers lie beyond the file's end");
        return -ENOEXEC;
    }
    k->pstart = PVB_UNSET;
    k->pend = 0;
    for (i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = pvb_phdr(k, i);
        if (!pvb_loadable(ph))
            continue;
        if (ph->p_offset > k->elf_len ||
            ph->p_filesz > k->elf_len - ph->p_offset ||
            ph->p_filesz > ph->p_memsz) {
            snprintf(err, errlen, "ELF segment %u lies beyond the file's end",
                     i);
            return -ENOEXEC;
        }
        if (ph->p_paddr < k->pstart)
            k->pstart = ph->p_paddr;
        if (ph->p_paddr + ph->p_memsz > k->pend)
            k->pend = ph->p_paddr + ph->p_memsz;
    }
    if (k->pstart == PVB_UNSET) {
        snprintf(err, errlen, "ELF file has no loadable segment");
        return -ENOEXEC;
    }
    return 0;
}

static int pvb_find_notes(struct pvb_kernel *k, char *err, size_t errlen)
{
    const Elf64_Ehdr *eh = (const void *)k->elf;
    int n = 0, rc;
    unsigned i;

    for (i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = pvb_phdr(k, i);
        if (ph->p_type != PT_NOTE || !ph->p_offset)
            continue;
        rc = pvb_notes(k, ph->p_offset, ph->p_filesz, err, errlen);
        if (rc < 0)
            return rc;
        n += rc;
    }
    /* No note segment: the SHT_NOTE sections. */
    if (!n && eh->e_shoff && eh->e_shentsize >= sizeof(Elf64_Shdr) &&
        eh->e_shoff < k->elf_len &&
        (uint64_t)eh->e_shnum * eh->e_shentsize <= k->elf_len - eh->e_shoff) {
        for (i = 1; i < eh->e_shnum; i++) {
            const Elf64_Shdr *sh =
                (const void *)(k->elf + eh->e_shoff +
                               (uint64_t)i * eh->e_shentsize);
            if (sh->sh_type != SHT_NOTE)
                continue;
            rc = pvb_notes(k, sh->sh_offset, sh->sh_size, err, errlen);
            if (rc < 0)
                return rc;
            n += rc;
        }
    }
    return n;
}

static int pvb_check_notes(struct pvb_kernel *k, char *err, size_t errlen)
{
    if (strncmp(k->loader, "generic", 7) && strncmp(k->guest_os, "linux", 5)) {
        snprintf(err, errlen,
                 "kernel is built for neither the generic loader nor Linux "
                 "(LOADER '%s', GUEST_OS '%s')",
                 k->loader, k->guest_os);
        return -ENOEXEC;
    }
    if (strncmp(k->xen_ver, "xen-3.0", 7)) {
        snprintf(err, errlen,
                 "kernel is not built for the Xen 3.0 interface "
                 "(XEN_VERSION '%s')",
                 k->xen_ver);
        return -ENOEXEC;
    }
    if (k->f_required & (1U << XENFEAT_auto_translated_physmap)) {
        snprintf(err, errlen,
                 "kernel requires auto-translated PV, which is not supported");
        return -EOPNOTSUPP;
    }
    return 0;
}

static int pvb_addresses(struct pvb_kernel *k, char *err, size_t errlen)
{
    const Elf64_Ehdr *eh = (const void *)k->elf;
    uint64_t off;

    if (k->paddr_offset != PVB_UNSET && k->virt_base == PVB_UNSET) {
        snprintf(err, errlen, "ELF note PADDR_OFFSET set without VIRT_BASE");
        return -ENOEXEC;
    }
    if (k->virt_base == PVB_UNSET)
        k->virt_base = 0;
    if (k->paddr_offset == PVB_UNSET)
        k->paddr_offset = 0;
    off = k->virt_base - k->paddr_offset;
    k->kstart = k->pstart + off;
    k->kend = k->pend + off;
    if (k->entry == PVB_UNSET)
        k->entry = eh->e_entry;
    if (k->kstart > k->kend || k->entry < k->kstart || k->entry > k->kend ||
        k->virt_base > k->kstart) {
        snprintf(err, errlen,
                 "kernel's entry %#llx or start %#llx lies outside its "
                 "image (virt_base %#llx, end %#llx)",
                 (unsigned long long)k->entry, (unsigned long long)k->kstart,
                 (unsigned long long)k->virt_base, (unsigned long long)k->kend);
        return -ENOEXEC;
    }
    if (k->p2m_base != PVB_UNSET && k->p2m_base >= k->kstart &&
        k->p2m_base < k->kend) {
        snprintf(err, errlen, "kernel's INIT_P2M %#llx lies inside its image",
                 (unsigned long long)k->p2m_base);
        return -ENOEXEC;
    }
    return 0;
}

int pvb_elf_parse(struct pvb_kernel *k, char *err, size_t errlen)
{
    int rc;

    k->virt_base = k->paddr_offset = k->entry = PVB_UNSET;
    k->hypercall = k->p2m_base = PVB_UNSET;
    k->unmapped_initrd = 0;
    k->f_supported = k->f_required = 0;
    k->guest_os[0] = k->loader[0] = k->xen_ver[0] = 0;
    rc = pvb_elf_headers(k, err, errlen);
    if (rc < 0)
        return rc;
    rc = pvb_find_notes(k, err, errlen);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        snprintf(err, errlen, "not a Xen PV kernel: no Xen ELF notes");
        return -ENOEXEC;
    }
    rc = pvb_check_notes(k, err, errlen);
    return rc < 0 ? rc : pvb_addresses(k, err, errlen);
}

int pvb_elf_load(const struct pvb_kernel *k, uint8_t *dest, size_t len)
{
    const Elf64_Ehdr *eh = (const void *)k->elf;
    unsigned i;

    for (i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = pvb_phdr(k, i);
        uint64_t at;
        if (!pvb_loadable(ph))
            continue;
        at = ph->p_paddr - k->pstart;
        if (at > len || ph->p_memsz > len - at)
            return -EINVAL;
        memcpy(dest + at, k->elf + ph->p_offset, ph->p_filesz);
        memset(dest + at + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
    }
    return 0;
}
