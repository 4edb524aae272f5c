/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Internals of the PV domain builder.  The build runs in the order of Xen
 * 4.17's libxenguest, so a guest sees the same layout under either
 * hypervisor:
 *
 *   kernel.c      read the kernel file, unwrap a bzImage, decompress
 *   elf.c         ELF headers and Xen notes, loading the segments
 *   bzimage.c     the bzImage setup header
 *   decompress.c  gzip (zlib), xz and lzma (liblzma), zstd (libzstd)
 *   physmap.c     populating the domain's memory, mapping its frames
 *   layout.c      the virtual layout: segments, p2m, magic pages, stack
 *   pagetables.c  counting and writing the 4-level boot page tables
 *   startinfo.c   start_info, shared_info, hypercall page, vCPU 0
 *   grant.c       grant entries for the console and store backends
 *   pvbuild.c     the whole build in order
 *
 * Errors: functions return 0 or a negative errno and write one line into
 * b->err saying what is wrong (pvb_error()).
 */
#ifndef PVBUILD_PRIVATE_H
#define PVBUILD_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "public/xen.h"
#include "pvbuild.h"

#define PVB_PAGE_SHIFT 12
#define PVB_PAGE_SIZE  4096UL
#define PVB_UNSET      (~0ULL)
/* The most a kernel or module may decompress to (as Xen's tools). */
#define PVB_DECOMPRESS_MAX (1024UL * 1024 * 1024)

/* What the kernel's ELF headers and Xen notes say. */
struct pvb_kernel {
    const uint8_t *elf; /* the ELF image (inside blob) */
    size_t elf_len;
    uint8_t *blob; /* owned: the file or its decompressed payload */
    uint64_t virt_base, paddr_offset, entry, hypercall, p2m_base;
    uint64_t pstart, pend; /* lowest and highest loaded paddr */
    uint64_t kstart, kend; /* their virtual addresses */
    int unmapped_initrd;   /* XEN_ELFNOTE_MOD_START_PFN */
    uint32_t f_supported, f_required;
    char guest_os[32], loader[32], xen_ver[32];
};

struct pvb_seg {
    uint64_t vstart, vend;
    uint64_t pfn, pages;
};

/* One contiguous virtual range and the page tables that map it. */
struct pvb_map_lvl {
    uint64_t from, to; /* VA range the tables of this level cover */
    uint64_t pfn;      /* first table of this level */
    unsigned tables;
};
struct pvb_mapping {
    struct pvb_map_lvl area; /* from/to: the range; pfn: its first frame;
                              * tables: all tables of this mapping */
    struct pvb_map_lvl lvl[4];
};

struct pvb {
    struct xctl *xc;
    const struct pvbuild_config *cfg;
    char *err;
    size_t errlen;

    struct pvb_kernel k;
    uint8_t *ramdisk;
    size_t ramdisk_len;

    /* memory */
    uint64_t total_pages; /* == p2m_size */
    xen_pfn_t *p2m;       /* pfn -> mfn */
    uint64_t shared_info_mfn;

    /* layout */
    uint64_t pfn_alloc_end, virt_alloc_end, virt_pgtab_end;
    struct pvb_seg kernel_seg, ramdisk_seg, p2m_seg, pgtables_seg;
    uint64_t start_info_pfn, xenstore_pfn, console_pfn, bootstack_pfn;
    uint64_t initrd_start, initrd_len;
    uint32_t si_flags;
    unsigned n_mappings;
    struct pvb_mapping maps[2];
};

int pvb_error(struct pvb *b, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* decompress.c: *out is malloc'ed.  1: not a format known here. */
int pvb_decompress(const uint8_t *in, size_t len, uint8_t **out,
                   size_t *out_len, char *err, size_t errlen);
/* The uncompressed size a gzip file claims plus slack, 0 if not gzip. */
size_t pvb_gzip_size(const uint8_t *in, size_t len);
int pvb_gunzip(const uint8_t *in, size_t len, uint8_t *out, size_t out_len);

/* bzimage.c: 0 and the payload's place, 1 if not a bzImage, -errno. */
int pvb_bzimage_payload(const uint8_t *img, size_t len, size_t *off,
                        size_t *plen, char *err, size_t errlen);

/* elf.c */
int pvb_elf_parse(struct pvb_kernel *k, char *err, size_t errlen);
int pvb_elf_load(const struct pvb_kernel *k, uint8_t *dest, size_t len);

/* kernel.c: reads and parses a kernel file (ELF or bzImage). */
int pvb_kernel_open(struct pvb_kernel *k, const char *path, char *err,
                    size_t errlen);
void pvb_kernel_free(struct pvb_kernel *k);
int pvb_read_file(const char *path, uint8_t **buf, size_t *len, char *err,
                  size_t errlen);

/* physmap.c */
int pvb_populate(struct pvb *b);
void *pvb_map(struct pvb *b, uint64_t pfn, uint64_t n);
void pvb_unmap(void *p, uint64_t n);
int pvb_clear_page(struct pvb *b, uint64_t pfn);
int pvb_write_p2m(struct pvb *b);

/* layout.c */
int pvb_layout(struct pvb *b);

/* pagetables.c */
int pvb_count_pgtables(struct pvb *b, uint64_t from, uint64_t to, uint64_t pfn);
int pvb_write_pgtables(struct pvb *b);

/* startinfo.c */
int pvb_start_info(struct pvb *b);
int pvb_shared_info(struct pvb *b);
int pvb_hypercall_page(struct pvb *b);
int pvb_pin(struct pvb *b);
int pvb_vcpu0(struct pvb *b);

/* grant.c */
int pvb_seed_grants(struct pvb *b);

#endif
