/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86-64 PV domain builder: lays out and writes a PV kernel's initial
 * memory image (kernel, initrd, p2m, start_info, page tables, boot stack)
 * and produces the vCPU's start state.
 *
 * The builder follows Xen 4.17's dom0 builder (pv/dom0_build.c) for every
 * number a guest can see; docs/pv-build.md describes the rules.  It works in
 * two steps, validate-then-act:
 *
 *   1. pv_build_layout() is a pure function: from the kernel's parsed ELF
 *      notes and PT_LOAD segments, nr_pages, the initrd size and the domain
 *      kind it computes every virtual address and every guest frame number
 *      (pfn) of the image, or rejects the request.
 *   2. pv_build_image() writes the image into the domain's frames through
 *      the small memory interface below (struct pv_build_mem), so the
 *      hypervisor can pass its direct map and unit tests an array of frames.
 *
 * Between the two steps the caller assigns a machine frame (mfn) to every
 * pfn below nr_pages; pv_build_for_each_pt_frame() tells it which frames
 * become page tables.  Return convention everywhere: 0 or a negative Xen
 * errno; every rejection also prints one XENLOG_ERR line naming the cause.
 */
#ifndef XENITH_PV_BUILD_H
#define XENITH_PV_BUILD_H

#include <public/xen.h>
#include <xenith/types.h>

/* "No such address" for optional virtual addresses (Xen's UNSET_ADDR). */
#define PV_BUILD_UNSET (~(uint64_t)0)

/* Returned by pfn_to_mfn() for a pfn the caller cannot back. */
#define PV_BUILD_INVALID_MFN (~(uint64_t)0)

/* Limits that keep every computation inside 64 bits. */
#define PV_BUILD_MAX_SEGS  64
#define PV_BUILD_MAX_PAGES ((uint64_t)1 << 35) /* 128 TiB of guest RAM. */

/* One PT_LOAD program header of the kernel's ELF image. */
struct pv_build_segment {
    uint64_t paddr;   /* p_paddr: placement relative to the image. */
    uint64_t filesz;  /* Bytes present in the file. */
    uint64_t memsz;   /* Bytes in memory; the rest past filesz is zeroed. */
    const void *data; /* The filesz bytes (may be NULL when filesz is 0). */
};

/*
 * What the builder needs from the kernel's ELF image and its Xen notes.
 * Addresses a note did not give are PV_BUILD_UNSET.
 */
struct pv_build_kernel {
    uint64_t virt_base;      /* VIRT_BASE note (unset: 0). */
    uint64_t paddr_offset;   /* PADDR_OFFSET note (unset: 0). */
    uint64_t entry;          /* ENTRY note, else the ELF e_entry. */
    uint64_t hypercall_page; /* HYPERCALL_PAGE note, or unset. */
    uint64_t p2m_base;       /* INIT_P2M note, or unset. */
    bool mod_start_pfn;      /* MOD_START_PFN note: initrd stays unmapped. */
    bool pae;                /* PAE_MODE note present ("yes"/"bimodal"). */
    bool has_supported;      /* SUPPORTED_FEATURES note present. */
    uint32_t f_supported;    /* XENFEAT_* bits the kernel supports. */
    uint32_t f_required;     /* XENFEAT_* bits FEATURES marks with '!'. */
    const struct pv_build_segment *segs;
    unsigned int nr_segs;
};

/*
 * Describe a kernel opened with kernel_image_open() (xenith/loader.h):
 * fills segs (room for max_segs) and *k, which points into segs and into
 * the image.  Returns 0, -E2BIG (more segments than max_segs) or -EINVAL
 * (no loadable segment).
 */
struct kernel_image;
int pv_build_kernel_from_image(const struct kernel_image *ki,
                               struct pv_build_segment *segs,
                               unsigned int max_segs,
                               struct pv_build_kernel *k);

/* What the caller asks for. */
struct pv_build_params {
    const struct pv_build_kernel *kernel;
    uint64_t nr_pages;    /* Pages of RAM the domain gets (its p2m size). */
    uint64_t initrd_len;  /* Bytes of the initial ramdisk (0: none). */
    bool is_dom0;         /* dom0: privileged flags and the VGA info block;
                             domU: a xenstore page and a console page. */
    uint32_t hv_features; /* XENFEAT_* bits the hypervisor provides. */
};

/*
 * The computed image.  Virtual ranges are [start, end); all starts are
 * page-aligned, v_start and v_end are 4 MiB aligned.  The initial mapping
 * maps pfn N at v_start + N * 4 KiB for every N below nr_mapped.  Fields of
 * absent parts (initrd, xenstore, console) are 0.
 */
struct pv_build_layout {
    uint64_t v_start, v_end;
    uint64_t vkern_start, vkern_end;
    uint64_t vinitrd_start, vinitrd_end;       /* Mapped initrd only. */
    uint64_t vphysmap_start, vphysmap_end;     /* The p2m array. */
    uint64_t vstartinfo_start, vstartinfo_end; /* Includes dom0 VGA info. */
    uint64_t vxenstore_start, vxenstore_end;   /* domU only. */
    uint64_t vconsole_start, vconsole_end;     /* domU only. */
    uint64_t vpt_start, vpt_end;
    uint64_t vstack_start, vstack_end;
    uint64_t entry;
    uint64_t hypercall_page; /* PV_BUILD_UNSET when the kernel has none. */

    uint64_t nr_pages;    /* As requested. */
    uint64_t nr_mapped;   /* (v_end - v_start) / 4 KiB. */
    uint64_t nr_pt_pages; /* Page-table frames of the initial mapping. */
    uint64_t pt_pfn;      /* First of them (the L4). */
    uint64_t alloc_pages; /* Xen's first allocation: 2^order pages. */
    uint64_t initrd_len;
    uint64_t initrd_pfn; /* First initrd pfn (PV_BUILD_UNSET: none). */
    uint64_t initrd_pages;
    bool initrd_mapped;
    bool p2m_separate;      /* The p2m lives at INIT_P2M. */
    uint64_t p2m_pfn;       /* First pfn of the p2m array (mapped case) */
    uint64_t first_p2m_pfn; /* start_info.first_p2m_pfn */
    uint64_t nr_p2m_frames; /* start_info.nr_p2m_frames (tables too). */
    uint64_t store_pfn, console_pfn; /* domU only (else PV_BUILD_UNSET). */
    uint64_t pages_used; /* Pfns the layout occupies; <= nr_pages. */
    bool is_dom0;
    bool pae;
};

/*
 * Compute the layout.  Pure: reads p, writes *l, touches nothing else.
 * Returns 0, -EINVAL (inconsistent kernel or request, overlap with the
 * hypervisor area, addresses out of range) or -ENOMEM (nr_pages too small,
 * or the initial mapping does not fit in the one L2 that Linux copies).
 */
int pv_build_layout(const struct pv_build_params *p, struct pv_build_layout *l);

/* Call fn for each page-table frame of the layout (level 1-4; the L4 is
 * the one to pin).  mapped: the frame is mapped read-only in the initial
 * mapping (the tables of a separate p2m are not mapped at all).  Frames
 * come in the order the builder fills them. */
typedef void (*pv_build_pt_fn)(void *ctx, uint64_t pfn, unsigned int level,
                               bool mapped);
void pv_build_for_each_pt_frame(const struct pv_build_layout *l,
                                pv_build_pt_fn fn, void *ctx);

/*
 * The domain's memory as the builder sees it.  The caller has given every
 * pfn below nr_pages a machine frame before pv_build_image() runs.
 *
 * map/unmap: a writable mapping of one machine frame (the hypervisor's
 *   direct map; a test's array).  map returns NULL on failure.
 * pfn_to_mfn: the frame backing pfn, PV_BUILD_INVALID_MFN if none.
 * set_m2p: record M2P[mfn] = pfn.
 * init_l4: fill the hypervisor's slots (256-271) of the new top-level table
 *   at l4 (mapped), whose own frame is l4_mfn; the builder leaves them 0.
 */
struct pv_build_mem {
    void *ctx;
    void *(*map)(void *ctx, uint64_t mfn);
    void (*unmap)(void *ctx, void *va);
    uint64_t (*pfn_to_mfn)(void *ctx, uint64_t pfn);
    void (*set_m2p)(void *ctx, uint64_t mfn, uint64_t pfn);
    void (*init_l4)(void *ctx, uint64_t *l4, uint64_t l4_mfn);
};

/* Contents the builder cannot derive itself. */
struct pv_build_input {
    const void *initrd;  /* initrd_len bytes to copy into the initrd's
                            frames; NULL: those frames already hold it (the
                            caller backed the initrd pfns with the module's
                            own frames, as Xen does). */
    const char *cmdline; /* NULL: empty.  Longer than 1023 bytes is cut. */
    uint64_t shared_info_maddr; /* Machine address of shared_info. */
    uint32_t pm_bits;           /* XEN_PROCESSOR_PM_* for SIF_PM_MASK. */
    const dom0_vga_console_info_t *vga; /* dom0 only; NULL: none. */
    uint32_t store_evtchn, cons_evtchn; /* domU only, both non-zero. */
};

/* What the hypervisor needs to start vCPU 0. */
struct pv_build_result {
    struct cpu_user_regs regs; /* RIP, RSP, RSI, selectors, RFLAGS. */
    uint64_t cr3;              /* Machine address of the L4. */
    uint64_t l4_mfn;           /* Pin this one as an L4 table. */
    uint64_t start_info_mfn;
    uint64_t store_mfn, cons_mfn; /* domU only (else 0). */
};

/*
 * Write the image described by l (from pv_build_layout) into the domain's
 * frames: kernel segments (bss zeroed), initrd, page tables, p2m and M2P,
 * start_info, hypercall page; fill *res.  Returns 0, -EINVAL (bad input or
 * layout) or -EFAULT (a pfn without a frame, a frame that cannot be
 * mapped); on error the frames may be partly written.
 */
int pv_build_image(const struct pv_build_layout *l,
                   const struct pv_build_kernel *k,
                   const struct pv_build_input *in,
                   const struct pv_build_mem *mem, struct pv_build_result *res);

/* Print the layout the way Xen's "VIRTUAL MEMORY ARRANGEMENT" does. */
void pv_build_print_layout(const struct pv_build_layout *l);

#endif /* XENITH_PV_BUILD_H */
