/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen ELF notes (public/elfnote.h): found in the image's PT_NOTE segments,
 * each note named "Xen".  A note is a 12-byte header (name size, descriptor
 * size, type), the name and the descriptor, each padded to the segment's
 * alignment (4, or 8 for segments aligned so).
 */
#include <xenith/elf.h>

/* XENFEAT_* names as they appear in the FEATURES note. */
static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist] = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs] = "hvm_pirqs",
    [XENFEAT_dom0] = "dom0",
    [XENFEAT_grant_map_identity] = "grant_map_identity",
    [XENFEAT_memory_op_vnode_supported] = "memory_op_vnode_supported",
    [XENFEAT_ARM_SMCCC_supported] = "ARM_SMCCC_supported",
    [XENFEAT_linux_rsdp_unrestricted] = "linux_rsdp_unrestricted",
    [XENFEAT_not_direct_mapped] = "not_direct_mapped",
    [XENFEAT_direct_mapped] = "direct_mapped",
};

#define NR_FEATURES (sizeof(feature_names) / sizeof(feature_names[0]))

/* Map a feature name of @len bytes to its number, or -1. */
int xen_feature_by_name(const char *name, size_t len)
{
    for (unsigned int i = 0; i < NR_FEATURES; i++) {
        const char *f = feature_names[i];
        size_t k = 0;

        if (!f)
            continue;
        while (k < len && f[k] && f[k] == name[k])
            k++;
        if (k == len && f[k] == 0)
            return (int)i;
    }
    return -1;
}

bool elf_note_str_eq(const struct elf_note_str *s, const char *cstr)
{
    uint32_t i;

    if (!s->str)
        return false;
    for (i = 0; i < s->len; i++)
        if (cstr[i] != s->str[i])
            return false;
    return cstr[i] == 0;
}

/*
 * Parse the FEATURES string: names separated by '|', a leading '!' marks
 * a required feature.  Unknown optional names are ignored (newer kernels
 * know more features); an unknown required one is an error.
 */
static int parse_features(const struct elf_note_str *s, struct xen_elfnotes *n)
{
    uint32_t i = 0;

    while (i < s->len) {
        uint32_t start = i;
        bool required = false;
        int nr;

        while (i < s->len && s->str[i] != '|')
            i++;
        if (start < i && s->str[start] == '!') {
            required = true;
            start++;
        }
        nr = xen_feature_by_name(s->str + start, i - start);
        if (nr >= 0) {
            n->feat_supported |= 1u << nr;
            if (required)
                n->feat_required |= 1u << nr;
        } else if (required) {
            return -EINVAL;
        }
        i++; /* skip the '|' */
    }
    return 0;
}

/* A numeric note: 1, 2, 4 or 8 bytes, little-endian. */
static int note_num(const uint8_t *desc, uint32_t size, uint64_t *val)
{
    uint64_t v = 0;

    if (size != 1 && size != 2 && size != 4 && size != 8)
        return -EINVAL;
    for (uint32_t i = 0; i < size; i++)
        v |= (uint64_t)desc[i] << (8 * i);
    *val = v;
    return 0;
}

static void note_str(const uint8_t *desc, uint32_t size, struct elf_note_str *s)
{
    uint32_t len = 0;

    while (len < size && desc[len])
        len++;
    s->str = (const char *)desc;
    s->len = len;
}

/* Where each numeric note type is stored. */
static uint64_t *num_field(struct xen_elfnotes *n, uint32_t type)
{
    switch (type) {
    case XEN_ELFNOTE_ENTRY:
        return &n->entry;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        return &n->hypercall_page;
    case XEN_ELFNOTE_VIRT_BASE:
        return &n->virt_base;
    case XEN_ELFNOTE_PADDR_OFFSET:
        return &n->paddr_offset;
    case XEN_ELFNOTE_HV_START_LOW:
        return &n->hv_start_low;
    case XEN_ELFNOTE_SUSPEND_CANCEL:
        return &n->suspend_cancel;
    case XEN_ELFNOTE_INIT_P2M:
        return &n->init_p2m;
    case XEN_ELFNOTE_MOD_START_PFN:
        return &n->mod_start_pfn;
    case XEN_ELFNOTE_PHYS32_ENTRY:
        return &n->phys32_entry;
    default:
        return NULL;
    }
}

/* Where each string note type is stored. */
static struct elf_note_str *str_field(struct xen_elfnotes *n, uint32_t type)
{
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION:
        return &n->xen_version;
    case XEN_ELFNOTE_GUEST_OS:
        return &n->guest_os;
    case XEN_ELFNOTE_GUEST_VERSION:
        return &n->guest_version;
    case XEN_ELFNOTE_LOADER:
        return &n->loader;
    case XEN_ELFNOTE_PAE_MODE:
        return &n->pae_mode;
    case XEN_ELFNOTE_FEATURES:
        return &n->features;
    case XEN_ELFNOTE_BSD_SYMTAB:
        return &n->bsd_symtab;
    default:
        return NULL;
    }
}

/* Record one Xen note of @type with descriptor @desc of @size bytes. */
static int xen_note(struct xen_elfnotes *n, uint32_t type, const uint8_t *desc,
                    uint32_t size)
{
    uint64_t *num = num_field(n, type), v;
    struct elf_note_str *str = str_field(n, type);
    int rc = 0;

    if (num) {
        rc = note_num(desc, size, num);
    } else if (str) {
        note_str(desc, size, str);
        if (type == XEN_ELFNOTE_FEATURES)
            rc = parse_features(str, n);
    } else if (type == XEN_ELFNOTE_SUPPORTED_FEATURES) {
        if (size != 4)
            return -EINVAL;
        rc = note_num(desc, size, &v);
        n->feat_supported |= (uint32_t)v;
    } else if (type == XEN_ELFNOTE_L1_MFN_VALID) {
        if (size < 16 || size % 16)
            return -EINVAL;
        note_num(desc, 8, &n->l1_mfn_mask);
        note_num(desc + 8, 8, &n->l1_mfn_value);
    } else {
        return 0; /* INFO and unknown types carry nothing we use */
    }
    if (!rc && type < 32)
        n->present |= 1u << type;
    return rc;
}

/* Walk the notes of one PT_NOTE segment. */
static int note_segment(const uint8_t *p, uint64_t len, uint64_t align,
                        struct xen_elfnotes *n, bool *found)
{
    uint64_t off = 0, a = align == 8 ? 8 : 4;

    while (len - off >= 12) {
        uint32_t namesz, descsz, type;
        uint64_t name_off = off + 12, desc_off, end;
        int rc;

        __builtin_memcpy(&namesz, p + off, 4);
        __builtin_memcpy(&descsz, p + off + 4, 4);
        __builtin_memcpy(&type, p + off + 8, 4);
        desc_off = name_off + ((namesz + a - 1) & ~(a - 1));
        end = desc_off + ((descsz + a - 1) & ~(a - 1));
        if (desc_off > len || descsz > len - desc_off)
            return -EINVAL;
        if (namesz == 4 && p[name_off] == 'X' && p[name_off + 1] == 'e' &&
            p[name_off + 2] == 'n' && p[name_off + 3] == 0) {
            rc = xen_note(n, type, p + desc_off, descsz);
            if (rc)
                return rc;
            *found = true;
        }
        off = end < len ? end : len;
    }
    return 0;
}

/* Parse every Xen note of the image; see xenith/elf.h. */
int elf_xen_notes(const struct elf_image *img, struct xen_elfnotes *notes)
{
    bool found = false;

    __builtin_memset(notes, 0, sizeof(*notes));
    for (unsigned int i = 0; i < img->ehdr.e_phnum; i++) {
        struct elf64_phdr ph;
        int rc;

        elf_phdr(img, i, &ph);
        /* Like Xen, skip note segments some binutils left at offset 0. */
        if (ph.p_type != PT_NOTE || ph.p_offset == 0)
            continue;
        rc = note_segment(img->data + ph.p_offset, ph.p_filesz, ph.p_align,
                          notes, &found);
        if (rc)
            return rc;
    }
    return found ? 0 : -ENOENT;
}
