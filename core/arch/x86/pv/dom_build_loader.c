/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PV domain builder: describe a kernel opened by the kernel loader
 * (xenith/loader.h) as the builder's struct pv_build_kernel.
 */
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/loader.h>
#include <xenith/asm/pv/build.h>

/* Xen takes PAE_MODE "yes" or anything containing "bimodal" as PAE. */
static bool note_says_pae(const struct elf_note_str *s)
{
    static const char bimodal[] = "bimodal";
    uint32_t i, n = sizeof(bimodal) - 1;

    if (elf_note_str_eq(s, "yes"))
        return true;
    for (i = 0; s->str && i + n <= s->len; i++)
        if (!memcmp(s->str + i, bimodal, n))
            return true;
    return false;
}

int pv_build_kernel_from_image(const struct kernel_image *ki,
                               struct pv_build_segment *segs,
                               unsigned int max_segs, struct pv_build_kernel *k)
{
    const struct xen_elfnotes *n = &ki->notes;
    struct kernel_segment s;
    unsigned int i;

    memset(k, 0, sizeof(*k));
    for (i = 0; kernel_image_segment(ki, i, &s) == 0; i++) {
        if (i == max_segs)
            return -E2BIG;
        /* The loader's paddr already has PADDR_OFFSET taken off. */
        segs[i].paddr = s.paddr;
        segs[i].filesz = s.filesz;
        segs[i].memsz = s.memsz;
        segs[i].data = s.data;
    }
    k->segs = segs;
    k->nr_segs = i;
    k->virt_base = xen_elfnote_has(n, XEN_ELFNOTE_VIRT_BASE) ? n->virt_base : 0;
    k->paddr_offset = 0;
    k->entry = ki->virt_entry;
    k->hypercall_page = ki->hypercall_page;
    k->p2m_base = ki->init_p2m;
    k->mod_start_pfn =
        xen_elfnote_has(n, XEN_ELFNOTE_MOD_START_PFN) && n->mod_start_pfn;
    k->pae =
        xen_elfnote_has(n, XEN_ELFNOTE_PAE_MODE) && note_says_pae(&n->pae_mode);
    k->has_supported = xen_elfnote_has(n, XEN_ELFNOTE_SUPPORTED_FEATURES);
    k->f_supported = n->feat_supported;
    k->f_required = n->feat_required;
    return i ? 0 : -EINVAL;
}
