/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel image loader for the domain builder: accepts a plain ELF kernel,
 * a Linux bzImage (gzip or xz payload) or a gzip/xz-compressed ELF,
 * decompresses it if needed, validates the ELF and parses its Xen notes,
 * and computes the virtual layout the way Xen's libelf does:
 *
 *   virt_offset = VIRT_BASE - PADDR_OFFSET   (both default to 0)
 *   virt_kstart = lowest PT_LOAD paddr + virt_offset
 *   virt_kend   = highest PT_LOAD paddr + memsz + virt_offset
 *   virt_entry  = ENTRY note, else e_entry; must lie in [kstart, kend]
 *
 * and, as libelf does, rejects VIRT_BASE above virt_kstart and an INIT_P2M
 * address inside the kernel.
 *
 * Return convention: 0 or a negative Xen errno: -ENOEXEC not a kernel
 * image we know (or an ELF without Xen notes), -EOPNOTSUPP a recognised
 * but unsupported compression or boot protocol, -EINVAL malformed,
 * -E2BIG decompressed size above the caller's limit, -ENOMEM allocation.
 */
#ifndef XENITH_LOADER_H
#define XENITH_LOADER_H

#include <xenith/decompress.h>
#include <xenith/elf.h>

enum kernel_container {
    KERNEL_ELF,        /* plain ELF */
    KERNEL_BZIMAGE,    /* Linux bzImage around a compressed ELF */
    KERNEL_COMPRESSED, /* gzip or xz file holding an ELF */
};

struct kernel_image {
    enum kernel_container container;
    enum decompress_format format; /* DECOMP_UNKNOWN when not compressed */
    void *owned;                   /* decompressed ELF, freed on close */
    struct elf_image elf;
    struct xen_elfnotes notes;
    uint64_t pstart, pend; /* PT_LOAD physical extent */
    uint64_t virt_offset;
    uint64_t virt_kstart, virt_kend;
    uint64_t virt_entry;
    uint64_t hypercall_page; /* ~0 when the note is absent */
    uint64_t init_p2m;       /* ~0 when the note is absent */
};

#define KERNEL_ADDR_UNSET (~(uint64_t)0)

/* One PT_LOAD segment, addresses as the kernel will see them. */
struct kernel_segment {
    uint64_t paddr; /* p_paddr - PADDR_OFFSET: pseudo-physical address */
    uint64_t vaddr; /* paddr + VIRT_BASE */
    uint64_t filesz;
    uint64_t memsz;
    const void *data; /* filesz bytes */
};

/*
 * Recognise, decompress (into memory from @a, at most @max_out bytes) and
 * validate the kernel @img of @size bytes.  @img must stay valid while
 * @ki is in use.  On failure nothing needs to be closed.
 */
int kernel_image_open(struct kernel_image *ki, const void *img, size_t size,
                      const struct decompress_alloc *a, size_t max_out);

/*
 * Xen's extra conditions for loading a PV kernel (libelf's note check):
 * LOADER "generic" or GUEST_OS "linux", and XEN_VERSION "xen-3.0" (each
 * compared on its prefix).  Returns 0 or -EINVAL.
 */
int kernel_image_check_xen_pv(const struct kernel_image *ki);

/* Release what kernel_image_open() allocated; safe to call twice. */
void kernel_image_close(struct kernel_image *ki,
                        const struct decompress_alloc *a);

/* The @n-th PT_LOAD segment with a non-zero size; -ENOENT past the last. */
int kernel_image_segment(const struct kernel_image *ki, unsigned int n,
                         struct kernel_segment *seg);

/*
 * Copy the segments to @dst, which represents virtual addresses
 * [virt_kstart, virt_kstart + dst_size), zeroing each segment's bss.
 */
int kernel_image_load(const struct kernel_image *ki, void *dst,
                      size_t dst_size);

#endif /* XENITH_LOADER_H */
