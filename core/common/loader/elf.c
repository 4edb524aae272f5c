/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 image validation, program headers and segment loading.  See
 * xenith/elf.h; the image is untrusted, so every offset and size is
 * checked with arithmetic that cannot wrap.
 */
#include <xenith/elf.h>

/* True if [off, off + len) lies inside an object of @size bytes. */
static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

/* True if addr + len does not wrap around the 64-bit address space. */
static bool no_wrap(uint64_t addr, uint64_t len)
{
    return len <= UINT64_MAX - addr;
}

/* Validate the fields of the ELF header itself. */
static int elf_check_ehdr(const struct elf64_ehdr *eh, size_t size)
{
    const uint8_t *id = eh->e_ident;

    if (id[0] != ELF_MAG0 || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        return -ENOEXEC;
    if (id[4] != ELFCLASS64 || id[5] != ELFDATA2LSB ||
        eh->e_machine != EM_X86_64)
        return -ENOEXEC;
    if (id[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return -EINVAL;
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return -ENOEXEC;
    if (eh->e_ehsize < sizeof(struct elf64_ehdr))
        return -EINVAL;
    if (eh->e_phnum == 0 || eh->e_phnum == ELF_PN_XNUM)
        return -EINVAL;
    if (eh->e_phentsize != sizeof(struct elf64_phdr))
        return -EINVAL;
    if (!range_ok(eh->e_phoff,
                  (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr), size))
        return -EINVAL;
    return 0;
}

/* Validate one program header of a type the loader uses. */
static int elf_check_phdr(const struct elf64_phdr *ph, size_t size)
{
    if (ph->p_type != PT_LOAD && ph->p_type != PT_NOTE)
        return 0;
    if (!range_ok(ph->p_offset, ph->p_filesz, size))
        return -EINVAL;
    if (ph->p_type == PT_NOTE)
        return 0;
    if (ph->p_filesz > ph->p_memsz)
        return -EINVAL;
    if (!no_wrap(ph->p_vaddr, ph->p_memsz) ||
        !no_wrap(ph->p_paddr, ph->p_memsz))
        return -EINVAL;
    return 0;
}

/* Validate @data as an x86-64 ELF64 executable; see xenith/elf.h. */
int elf_init(struct elf_image *img, const void *data, size_t size)
{
    int rc;

    if (!data || size < sizeof(struct elf64_ehdr))
        return -ENOEXEC;
    __builtin_memcpy(&img->ehdr, data, sizeof(img->ehdr));
    img->data = data;
    img->size = size;
    rc = elf_check_ehdr(&img->ehdr, size);
    if (rc)
        return rc;
    for (unsigned int i = 0; i < img->ehdr.e_phnum; i++) {
        struct elf64_phdr ph;

        elf_phdr(img, i, &ph);
        rc = elf_check_phdr(&ph, size);
        if (rc)
            return rc;
    }
    return 0;
}

/* Copy program header @idx out of the image. */
int elf_phdr(const struct elf_image *img, unsigned int idx,
             struct elf64_phdr *ph)
{
    if (idx >= img->ehdr.e_phnum)
        return -EINVAL;
    __builtin_memcpy(ph,
                     img->data + img->ehdr.e_phoff +
                         (size_t)idx * sizeof(struct elf64_phdr),
                     sizeof(*ph));
    return 0;
}

/* Physical extent of the PT_LOAD segments; see xenith/elf.h. */
int elf_load_bounds(const struct elf_image *img, uint64_t *start, uint64_t *end)
{
    uint64_t lo = UINT64_MAX, hi = 0;

    for (unsigned int i = 0; i < img->ehdr.e_phnum; i++) {
        struct elf64_phdr ph;

        elf_phdr(img, i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_paddr < lo)
            lo = ph.p_paddr;
        if (ph.p_paddr + ph.p_memsz > hi)
            hi = ph.p_paddr + ph.p_memsz;
    }
    if (hi == 0)
        return -EINVAL;
    *start = lo;
    *end = hi;
    return 0;
}

/* Copy the PT_LOAD segments into @dst; see xenith/elf.h. */
int elf_load(const struct elf_image *img, void *dst, size_t dst_size,
             uint64_t dst_paddr)
{
    uint8_t *d = dst;

    /* Check every segment first, so a failure writes nothing. */
    for (unsigned int i = 0; i < img->ehdr.e_phnum; i++) {
        struct elf64_phdr ph;

        elf_phdr(img, i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_paddr < dst_paddr ||
            !range_ok(ph.p_paddr - dst_paddr, ph.p_memsz, dst_size))
            return -ENOSPC;
    }
    for (unsigned int i = 0; i < img->ehdr.e_phnum; i++) {
        struct elf64_phdr ph;
        uint8_t *seg;

        elf_phdr(img, i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        seg = d + (ph.p_paddr - dst_paddr);
        __builtin_memcpy(seg, img->data + ph.p_offset, ph.p_filesz);
        __builtin_memset(seg + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
    }
    return 0;
}
