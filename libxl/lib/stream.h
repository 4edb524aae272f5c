/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The save stream (docs/save-format.md): a 32-byte header, then records
 * (16-byte head: type, body length, CRC-32 of the body; the body padded
 * to 8 bytes), ending with an END record that carries the CRC-32 and
 * length of everything before it.  Written and read over a file
 * descriptor (a file, a pipe, ssh), buffered; nothing here knows what
 * the records mean.
 *
 * Errors: functions return 0 or -1 with one line in s->err naming the
 * stream ("save file /x: truncated ...").
 */
#ifndef LIBXL_STREAM_H
#define LIBXL_STREAM_H

#include <stddef.h>
#include <stdint.h>

#define XS_MAGIC         "XNTHSAVE"
#define XS_VERSION_1     1 /* the first records (END to CODEC_PAGES) */
#define XS_VERSION_CODEC 2 /* version 1 with CODEC_PAGES records */
#define XS_VERSION       3 /* written: with the MSR and policy records */
#define XS_ARCH_X86_64   1 /* x86-64 PV */
#define XS_PAGE_SHIFT    12

/* Header flags. */
#define XS_FLAG_LIVE         1u /* written by a live migration (several rounds) */
#define XS_FLAG_CODEC        2u /* pages in CODEC_PAGES records (versions 2, 3) */
#define XS_FLAG_CHECKPOINTED 4u /* Remus: CHECKPOINT records follow */

/* Record types. */
enum {
    XS_REC_END = 0,
    XS_REC_DOMAIN_CONFIG = 1, /* libxl_domain_config as JSON, NUL ended */
    XS_REC_PV_INFO = 2,       /* struct xs_pv_info */
    XS_REC_P2M_FRAMES = 3,    /* u64 first pfn, u64 last pfn, u64 frames[] */
    XS_REC_PAGE_DATA = 4,     /* u32 count, u32 0, u64 pfn|type[], pages */
    XS_REC_VCPU_BASIC = 5,    /* u32 vcpu, u32 0, vcpu_guest_context */
    XS_REC_VCPU_EXTENDED = 6, /* u32 vcpu, u32 0, ext_vcpucontext */
    XS_REC_VCPU_XSAVE = 7,    /* u32 vcpu, u32 0, u64 mask, XSAVE area */
    XS_REC_SHARED_INFO = 8,   /* the shared info page */
    XS_REC_TSC_INFO = 9,      /* xen_domctl_tsc_info */
    XS_REC_XENSTORE = 10,     /* struct xs_xenstore */
    XS_REC_CHECKPOINT = 11,   /* empty: a consistent state ends here */
    XS_REC_CODEC = 12,        /* struct xs_codec, the codec's parameters */
    XS_REC_CODEC_PAGES = 13,  /* u32 count, u32 0, u64 pfn|type[], encoded */
    /* Version 3 on. */
    XS_REC_VCPU_MSRS = 14,    /* u32 vcpu, u32 count, xen_domctl_vcpu_msr[] */
    XS_REC_CPUID_POLICY = 15, /* xen_cpuid_leaf_t[] */
    XS_REC_MSR_POLICY = 16,   /* xen_msr_entry_t[] */
    XS_REC_MAX = 16,
};
#define XS_REC_MAX_V1 XS_REC_CODEC_PAGES /* the last type of versions 1-2 */

/* PAGE_DATA entries: pfn in bits 0-51, XEN_DOMCTL_PFINFO type >> 28 in
 * bits 60-63. */
#define XS_PFN_MASK   ((1ULL << 52) - 1)
#define XS_TYPE_SHIFT 60
#define XS_PAGES_MAX  1024 /* entries per PAGE_DATA record */
#define XS_RECORD_MAX (XS_PAGES_MAX * 4096 + XS_PAGES_MAX * 8 + 16)

struct xs_header {
    char magic[8];
    uint32_t version;
    uint16_t arch;
    uint16_t page_shift;
    uint32_t flags;
    uint32_t _pad;
    uint64_t _reserved;
};
_Static_assert(sizeof(struct xs_header) == 32, "xs_header");

struct xs_rec_head {
    uint32_t type;
    uint32_t length; /* of the body, without padding */
    uint32_t crc;    /* CRC-32 of the body */
    uint32_t _pad;
};

struct xs_pv_info {
    uint32_t guest_width; /* bytes: 8 */
    uint32_t pt_levels;   /* 4 */
    uint64_t p2m_size;    /* pfns: max_pfn + 1 */
    uint32_t max_vcpu_id;
    uint32_t _pad;
    uint64_t nr_pages; /* pages the domain had */
};

struct xs_xenstore {
    uint32_t store_domid, console_domid; /* backends when saved */
    uint64_t store_pfn, console_pfn;     /* rings in the guest */
};

struct xs_codec {
    char name[32]; /* the page codec's, NUL-padded */
    uint32_t params_len;
    uint32_t _pad;
    /* then params_len bytes of the codec's parameters */
};

struct xs_end {
    uint32_t crc; /* CRC-32 of every byte before the END record */
    uint32_t _pad;
    uint64_t length; /* bytes before the END record */
};

struct libxl__stream {
    int fd;
    const char *what; /* "save file /x", "migration stream" */
    uint32_t crc;     /* running CRC-32 of everything so far */
    uint64_t off;     /* bytes so far */
    uint8_t *buf;     /* write: pending output; read: input window */
    size_t len, pos, cap;
    uint8_t *body; /* read: the current record's body */
    size_t body_cap;
    uint32_t version; /* read: the header's */
    int eof;
    char err[320];
};

void libxl__stream_init(struct libxl__stream *s, int fd, const char *what);
void libxl__stream_dispose(struct libxl__stream *s);
const char *libxl__stream_rec_name(uint32_t type);

/* Writing. */
int libxl__stream_write_header(struct libxl__stream *s, uint32_t flags);
/* One record whose body is a then b (either may be empty). */
int libxl__stream_write_record(struct libxl__stream *s, uint32_t type,
                               const void *a, size_t alen, const void *b,
                               size_t blen);
/* The END record, then everything flushed. */
int libxl__stream_write_end(struct libxl__stream *s);
int libxl__stream_flush(struct libxl__stream *s);

/* Reading: the header, checked (magic, version, arch, page size). */
int libxl__stream_read_header(struct libxl__stream *s, struct xs_header *h);
/*
 * The next record: *type, its body in *body (valid until the next call)
 * and *len.  The END record is checked here (the whole stream's CRC and
 * length) and returned as XS_REC_END.
 */
int libxl__stream_read_record(struct libxl__stream *s, uint32_t *type,
                              const uint8_t **body, uint32_t *len);

#endif
