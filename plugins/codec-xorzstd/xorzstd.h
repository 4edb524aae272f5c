/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The xorzstd page codec: each page XORed with its last copy in the
 * stream's cache (a page not there: with zeros), the result zero-run
 * encoded, and the batch's zero-run output compressed with zstd.
 *
 * A page's zero-run form, over its 512 64-bit words:
 *
 *   0x00                  unchanged (XOR all zero)
 *   0x01, pairs           pairs (u8 zero words, u8 literal words, the
 *                         literal words' XOR) covering the 512 words,
 *                         each pair covering at least one
 *   0x02, 4096 bytes      the whole XOR (when pairs would be longer)
 *
 * A batch: u8 0 and the pages' zero-run forms, or u8 1, u32 their length
 * and one zstd frame of them (when that is shorter).
 */
#ifndef CODEC_XORZSTD_H
#define CODEC_XORZSTD_H

#include <stddef.h>
#include <stdint.h>
#include <zstd.h>

#include "page_cache.h"

#define XZ_DEFAULT_MIB   64
#define XZ_MAX_PAGES     (1u << 20) /* 4 GiB of cache */
#define XZ_DEFAULT_LEVEL (-1)
#define XZ_PAGE_MAX      (PC_PAGE_SIZE + 1) /* a page's zero-run form */
#define XZ_HEAD          5                  /* method, u32 length */
#define XZ_BATCH_MAX     512                /* pages per batch */

enum { XZ_UNCHANGED = 0, XZ_PAIRS = 1, XZ_WHOLE = 2 };
enum { XZ_BATCH_PLAIN = 0, XZ_BATCH_ZSTD = 1 };

struct xz {
    struct page_cache cache;
    int level;
    ZSTD_CCtx *cctx;
    ZSTD_DCtx *dctx;
    uint8_t *stage; /* a batch's zero-run forms (grown as needed) */
    size_t stage_cap;
};

/* 0, or -1 when memory is short.  level: zstd's (negative: faster). */
int xz_open(struct xz *x, uint32_t cache_pages, int level, int decode);
void xz_close(struct xz *x);

/* The most bytes xz_encode writes for n pages. */
size_t xz_bound(unsigned n);

/* n pages of pfns into out (out_size >= xz_bound(n)): 0 and *out_len,
 * or -1 (no room, memory short, a pfn of ~0). */
int xz_encode(struct xz *x, unsigned n, const uint64_t *pfns,
              const uint8_t *pages, uint8_t *out, size_t out_size,
              size_t *out_len);

/* in[0, in_len) into n pages (n * 4096 bytes): 0, or -1 when it is not
 * a batch of n pages of this stream (nothing is written outside pages). */
int xz_decode(struct xz *x, unsigned n, const uint64_t *pfns, const uint8_t *in,
              size_t in_len, uint8_t *pages);

/* One page's zero-run form (xorzstd.c; for tests): the bytes written to out
 * (XZ_PAGE_MAX room); old becomes page. */
size_t xz_page_encode(uint8_t *old, const uint8_t *page, uint8_t *out);
/* Applies the zero-run form at in[0, len) to base: 0 and *used, or -1. */
int xz_page_decode(uint8_t *base, const uint8_t *in, size_t len, size_t *used);

#endif
