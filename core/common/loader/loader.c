/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel image loader: container detection, decompression, ELF and Xen
 * note validation, virtual layout.  See xenith/loader.h.
 */
#include <xenith/loader.h>
#include <xenith/bzimage.h>

static bool is_elf(const uint8_t *p, size_t size)
{
    return size >= 4 && p[0] == ELF_MAG0 && p[1] == 'E' && p[2] == 'L' &&
           p[3] == 'F';
}

/* Decompress @in into a new buffer owned by @ki. */
static int kernel_decompress(struct kernel_image *ki, const uint8_t *in,
                             size_t len, const struct decompress_alloc *a,
                             size_t max_out, const uint8_t **out,
                             size_t *out_len)
{
    struct decompress_result res;
    uint64_t hint;
    int rc;

    ki->format = decompress_sniff(in, len);
    if (ki->format == DECOMP_UNKNOWN)
        return -ENOEXEC;
    rc = decompress_size_hint(in, len, &hint);
    if (rc)
        return rc;
    if (hint == 0)
        return -EINVAL;
    if (hint > max_out)
        return -E2BIG;
    ki->owned = a && a->alloc ? a->alloc(a->ctx, (size_t)hint) : NULL;
    if (!ki->owned)
        return -ENOMEM;
    rc = decompress_any(in, len, ki->owned, (size_t)hint, a, &res, NULL);
    if (rc)
        return rc;
    if (res.out_len != hint)
        return -EINVAL;
    *out = ki->owned;
    *out_len = res.out_len;
    return 0;
}

/* Find the ELF inside whatever container @img is. */
static int kernel_unwrap(struct kernel_image *ki, const uint8_t *img,
                         size_t size, const struct decompress_alloc *a,
                         size_t max_out, const uint8_t **elf, size_t *len)
{
    struct bzimage_info bi;
    int rc;

    if (is_elf(img, size)) {
        ki->container = KERNEL_ELF;
        *elf = img;
        *len = size;
        return 0;
    }
    if (bzimage_probe(img, size)) {
        rc = bzimage_parse(img, size, &bi);
        if (rc)
            return rc;
        ki->container = KERNEL_BZIMAGE;
        return kernel_decompress(ki, bi.payload, bi.payload_len, a, max_out,
                                 elf, len);
    }
    ki->container = KERNEL_COMPRESSED;
    return kernel_decompress(ki, img, size, a, max_out, elf, len);
}

/* Compute and check the virtual layout from the notes and segments. */
static int kernel_layout(struct kernel_image *ki)
{
    const struct xen_elfnotes *n = &ki->notes;
    int rc = elf_load_bounds(&ki->elf, &ki->pstart, &ki->pend);

    if (rc)
        return rc;
    ki->virt_offset = n->virt_base - n->paddr_offset;
    ki->virt_kstart = ki->pstart + ki->virt_offset;
    ki->virt_kend = ki->pend + ki->virt_offset;
    if (ki->virt_kend < ki->virt_kstart)
        return -EINVAL; /* the image would wrap around */
    ki->virt_entry =
        xen_elfnote_has(n, XEN_ELFNOTE_ENTRY) ? n->entry : ki->elf.ehdr.e_entry;
    /* The same bounds as Xen's libelf (an entry at kend is tolerated). */
    if (ki->virt_entry < ki->virt_kstart || ki->virt_entry > ki->virt_kend ||
        n->virt_base > ki->virt_kstart)
        return -EINVAL;
    ki->hypercall_page = KERNEL_ADDR_UNSET;
    if (xen_elfnote_has(n, XEN_ELFNOTE_HYPERCALL_PAGE)) {
        ki->hypercall_page = n->hypercall_page;
        if (n->hypercall_page < ki->virt_kstart ||
            n->hypercall_page >= ki->virt_kend)
            return -EINVAL;
    }
    ki->init_p2m = KERNEL_ADDR_UNSET;
    if (xen_elfnote_has(n, XEN_ELFNOTE_INIT_P2M)) {
        ki->init_p2m = n->init_p2m;
        if (n->init_p2m >= ki->virt_kstart && n->init_p2m < ki->virt_kend)
            return -EINVAL;
    }
    return 0;
}

/* Open a kernel image; see xenith/loader.h. */
int kernel_image_open(struct kernel_image *ki, const void *img, size_t size,
                      const struct decompress_alloc *a, size_t max_out)
{
    const uint8_t *elf = NULL;
    size_t len = 0;
    int rc;

    __builtin_memset(ki, 0, sizeof(*ki));
    if (!img)
        return -EINVAL;
    rc = kernel_unwrap(ki, img, size, a, max_out, &elf, &len);
    if (!rc)
        rc = elf_init(&ki->elf, elf, len);
    if (!rc) {
        rc = elf_xen_notes(&ki->elf, &ki->notes);
        if (rc == -ENOENT)
            rc = -ENOEXEC; /* an ELF, but not a Xen PV kernel */
    }
    if (!rc)
        rc = kernel_layout(ki);
    if (rc)
        kernel_image_close(ki, a);
    return rc;
}

/* True if string note @s begins with @prefix. */
static bool note_prefix(const struct elf_note_str *s, const char *prefix)
{
    uint32_t i;

    for (i = 0; prefix[i]; i++)
        if (!s->str || i >= s->len || s->str[i] != prefix[i])
            return false;
    return true;
}

/* Xen's PV note conditions; see xenith/loader.h. */
int kernel_image_check_xen_pv(const struct kernel_image *ki)
{
    const struct xen_elfnotes *n = &ki->notes;

    if (!note_prefix(&n->loader, "generic") &&
        !note_prefix(&n->guest_os, "linux"))
        return -EINVAL;
    if (!note_prefix(&n->xen_version, "xen-3.0"))
        return -EINVAL;
    return 0;
}

void kernel_image_close(struct kernel_image *ki,
                        const struct decompress_alloc *a)
{
    if (ki->owned && a && a->free)
        a->free(a->ctx, ki->owned);
    ki->owned = NULL;
}

int kernel_image_segment(const struct kernel_image *ki, unsigned int n,
                         struct kernel_segment *seg)
{
    for (unsigned int i = 0; i < ki->elf.ehdr.e_phnum; i++) {
        struct elf64_phdr ph;

        elf_phdr(&ki->elf, i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0 || n--)
            continue;
        seg->paddr = ph.p_paddr - ki->notes.paddr_offset;
        seg->vaddr = ph.p_paddr + ki->virt_offset;
        seg->filesz = ph.p_filesz;
        seg->memsz = ph.p_memsz;
        seg->data = ki->elf.data + ph.p_offset;
        return 0;
    }
    return -ENOENT;
}

int kernel_image_load(const struct kernel_image *ki, void *dst, size_t dst_size)
{
    return elf_load(&ki->elf, dst, dst_size, ki->pstart);
}
