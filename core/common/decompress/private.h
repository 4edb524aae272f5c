/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the decompressor files only.
 */
#ifndef XENITH_DECOMPRESS_PRIVATE_H
#define XENITH_DECOMPRESS_PRIVATE_H

#include <xenith/decompress.h>

static inline uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static inline uint64_t get_le64(const uint8_t *p)
{
    return (uint64_t)get_le32(p) | ((uint64_t)get_le32(p + 4) << 32);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Allocate @size bytes of zeroed state through the caller's allocator. */
static inline void *dc_zalloc(const struct decompress_alloc *a, size_t size)
{
    void *p;

    if (!a || !a->alloc)
        return NULL;
    p = a->alloc(a->ctx, size);
    if (p)
        __builtin_memset(p, 0, size);
    return p;
}

static inline void dc_free(const struct decompress_alloc *a, void *p)
{
    if (p && a && a->free)
        a->free(a->ctx, p);
}

/* SHA-256 of @len bytes into @digest (32 bytes); @work is scratch state. */
struct sha256_ctx {
    uint32_t h[8];
    uint64_t total;
    uint8_t buf[64];
    unsigned int fill;
};
void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t digest[32]);

#endif /* XENITH_DECOMPRESS_PRIVATE_H */
