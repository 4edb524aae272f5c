/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-256 (FIPS 180-4), used to verify .xz blocks with the SHA-256 check.
 *
 * The round constants and initial hash values are the fractional parts of
 * the cube roots of the first 64 primes and the square roots of the first 8
 * primes.  They are computed once, with exact integer roots, rather than
 * written out; two CPUs racing on the first use write identical values.
 */
#include "private.h"

static uint32_t sha_k[64];
static uint32_t sha_h0[8];
static volatile bool sha_ready;

/* Largest r with r^n <= v (n = 2 or 3), by binary search. */
static uint64_t int_root(unsigned __int128 v, unsigned int n)
{
    uint64_t lo = 0, hi = 1ull << (n == 2 ? 63 : 42);

    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;
        unsigned __int128 p = (unsigned __int128)mid * mid;

        if (n == 3)
            p *= mid;
        if (p <= v)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static void sha256_tables(void)
{
    unsigned int found = 0;

    for (uint32_t p = 2; found < 64; p++) {
        bool prime = true;

        for (uint32_t d = 2; d * d <= p; d++)
            if (p % d == 0)
                prime = false;
        if (!prime)
            continue;
        sha_k[found] = (uint32_t)int_root((unsigned __int128)p << 96, 3);
        if (found < 8)
            sha_h0[found] = (uint32_t)int_root((unsigned __int128)p << 64, 2);
        found++;
    }
    sha_ready = true;
}

static uint32_t ror(uint32_t x, unsigned int n)
{
    return (x >> n) | (x << (32 - n));
}

/* Process one 64-byte block. */
static void sha256_block(uint32_t h[8], const uint8_t *blk)
{
    uint32_t w[64], v[8];

    for (unsigned int i = 0; i < 16; i++)
        w[i] = (uint32_t)blk[4 * i] << 24 | (uint32_t)blk[4 * i + 1] << 16 |
               (uint32_t)blk[4 * i + 2] << 8 | blk[4 * i + 3];
    for (unsigned int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    for (unsigned int i = 0; i < 8; i++)
        v[i] = h[i];
    for (unsigned int i = 0; i < 64; i++) {
        uint32_t e = v[4], a = v[0];
        uint32_t t1 = v[7] + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
                      ((e & v[5]) ^ (~e & v[6])) + sha_k[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
                      ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));

        for (unsigned int j = 7; j > 0; j--)
            v[j] = v[j - 1];
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (unsigned int i = 0; i < 8; i++)
        h[i] += v[i];
}

void sha256_init(struct sha256_ctx *c)
{
    if (!sha_ready)
        sha256_tables();
    for (unsigned int i = 0; i < 8; i++)
        c->h[i] = sha_h0[i];
    c->total = 0;
    c->fill = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
    const uint8_t *p = data;

    c->total += len;
    while (len) {
        size_t n = 64 - c->fill;

        if (c->fill == 0 && len >= 64) {
            sha256_block(c->h, p);
            p += 64;
            len -= 64;
            continue;
        }
        if (n > len)
            n = len;
        __builtin_memcpy(c->buf + c->fill, p, n);
        c->fill += (unsigned int)n;
        p += n;
        len -= n;
        if (c->fill == 64) {
            sha256_block(c->h, c->buf);
            c->fill = 0;
        }
    }
}

void sha256_final(struct sha256_ctx *c, uint8_t digest[32])
{
    uint64_t bits = c->total * 8;
    uint8_t pad[72];
    size_t n = (c->fill < 56 ? 56 : 120) - c->fill;

    __builtin_memset(pad, 0, sizeof(pad));
    pad[0] = 0x80;
    for (unsigned int i = 0; i < 8; i++)
        pad[n + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(c, pad, n + 8);
    for (unsigned int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(c->h[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
        digest[4 * i + 3] = (uint8_t)c->h[i];
    }
}
