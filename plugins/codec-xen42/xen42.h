/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Xen 4.2's checkpoint compression (its Remus page delta), as the
 * baseline codec.  Per page, against the stream's cache of the pages it
 * sent (8,192 pages by default, least recently used replaced):
 *
 *   0x00                 the page is unchanged (1 byte)
 *   0x80, 4096 bytes     the page was not in the cache (4,097 bytes)
 *   runs                 otherwise: runs of 32-bit words covering the
 *                        page, each a marker byte: bit 7 set, a run of
 *                        bits 0-6 (1-127) unchanged words; clear, that
 *                        many changed words follow (their new values)
 *
 * A page that changed throughout takes 4,105 bytes (9 markers), as in
 * Xen 4.2, which does not fall back to the full page for it.
 */
#ifndef CODEC_XEN42_H
#define CODEC_XEN42_H

#include <stddef.h>
#include <stdint.h>

#include "page_cache.h"

#define X42_DEFAULT_PAGES 8192
#define X42_MAX_PAGES     (1u << 20) /* 4 GiB of cache */
#define X42_PAGE_MAX      4105       /* the most bytes of one page */
#define X42_UNCHANGED     0x00
#define X42_FULL          0x80
#define X42_SKIP          0x80
#define X42_LEN_MASK      0x7f

/* One page (4096 bytes) of pfn into out (X42_PAGE_MAX bytes room); the
 * bytes written.  The cache takes the page. */
size_t x42_encode(struct page_cache *c, uint64_t pfn, const uint8_t *page,
                  uint8_t *out);

/*
 * The page of pfn encoded at in[0, len) into page (4096 bytes): 0 and
 * *used the bytes it took, or -1 when in is not a page of this stream
 * (cut short, a run crossing the page's end, a zero-length run, a delta
 * against a page the cache does not hold).
 */
int x42_decode(struct page_cache *c, uint64_t pfn, const uint8_t *in,
               size_t len, size_t *used, uint8_t *page);

#endif
