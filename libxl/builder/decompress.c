/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Decompressing kernel payloads and ramdisks: gzip through zlib, xz and
 * lzma through liblzma, zstd through libzstd.  The format is told by its
 * magic bytes, as Xen's tools do; trailing bytes after the compressed
 * stream (Linux appends the uncompressed size) are ignored.
 */
#include <errno.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "pvbuild_private.h"

/* An output buffer that grows by doubling up to PVB_DECOMPRESS_MAX. */
struct pvb_out {
    uint8_t *p;
    size_t len, cap;
};

static int pvb_out_grow(struct pvb_out *o)
{
    size_t cap = o->cap ? o->cap * 2 : 1 << 20;
    uint8_t *p;

    if (o->cap >= PVB_DECOMPRESS_MAX)
        return -EFBIG;
    if (cap > PVB_DECOMPRESS_MAX)
        cap = PVB_DECOMPRESS_MAX;
    p = realloc(o->p, cap);
    if (!p)
        return -ENOMEM;
    o->p = p;
    o->cap = cap;
    return 0;
}

static int pvb_inflate(const uint8_t *in, size_t len, struct pvb_out *o)
{
    z_stream z;
    int rc, ret = 0;

    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return -ENOMEM;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    for (;;) {
        if (o->len == o->cap && (ret = pvb_out_grow(o)) < 0)
            break;
        z.next_out = o->p + o->len;
        z.avail_out = (uInt)(o->cap - o->len);
        rc = inflate(&z, Z_NO_FLUSH);
        o->len = o->cap - z.avail_out;
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            ret = -EINVAL;
            break;
        }
        if (rc == Z_BUF_ERROR && z.avail_out) {
            ret = -EINVAL; /* truncated input */
            break;
        }
    }
    inflateEnd(&z);
    return ret;
}

static int pvb_unxz(const uint8_t *in, size_t len, struct pvb_out *o, int xz)
{
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_ret rc;
    int ret = 0;

    rc = xz ? lzma_stream_decoder(&s, UINT64_MAX, 0)
            : lzma_alone_decoder(&s, UINT64_MAX);
    if (rc != LZMA_OK)
        return -ENOMEM;
    s.next_in = in;
    s.avail_in = len;
    for (;;) {
        if (o->len == o->cap && (ret = pvb_out_grow(o)) < 0)
            break;
        s.next_out = o->p + o->len;
        s.avail_out = o->cap - o->len;
        rc = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
        o->len = o->cap - s.avail_out;
        if (rc == LZMA_STREAM_END)
            break;
        if (rc != LZMA_OK) {
            ret = rc == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
            break;
        }
    }
    lzma_end(&s);
    return ret;
}

static int pvb_unzstd(const uint8_t *in, size_t len, struct pvb_out *o)
{
    ZSTD_DStream *z = ZSTD_createDStream();
    ZSTD_inBuffer ib = { in, len, 0 };
    size_t rc;
    int ret = 0;

    if (!z)
        return -ENOMEM;
    ZSTD_initDStream(z);
    for (;;) {
        ZSTD_outBuffer ob;
        if (o->len == o->cap && (ret = pvb_out_grow(o)) < 0)
            break;
        ob.dst = o->p;
        ob.size = o->cap;
        ob.pos = o->len;
        rc = ZSTD_decompressStream(z, &ob, &ib);
        o->len = ob.pos;
        if (ZSTD_isError(rc)) {
            ret = -EINVAL;
            break;
        }
        if (rc == 0)
            break; /* frame complete */
        if (ib.pos == ib.size && ob.pos < ob.size) {
            ret = -EINVAL; /* truncated input */
            break;
        }
    }
    ZSTD_freeDStream(z);
    return ret;
}

int pvb_decompress(const uint8_t *in, size_t len, uint8_t **out,
                   size_t *out_len, char *err, size_t errlen)
{
    struct pvb_out o = { NULL, 0, 0 };
    const char *what;
    int rc;

    if (len >= 2 && in[0] == 0x1f && in[1] == 0x8b) {
        what = "gzip";
        rc = pvb_inflate(in, len, &o);
    } else if (len >= 6 && !memcmp(in, "\3757zXZ\0", 6)) {
        what = "xz";
        rc = pvb_unxz(in, len, &o, 1);
    } else if (len >= 4 && !memcmp(in, "\x28\xb5\x2f\xfd", 4)) {
        what = "zstd";
        rc = pvb_unzstd(in, len, &o);
    } else if (len >= 2 && in[0] == 0x5d && in[1] == 0) {
        what = "lzma";
        rc = pvb_unxz(in, len, &o, 0);
    } else {
        return 1;
    }
    if (rc < 0) {
        free(o.p);
        snprintf(err, errlen, "%s data is %s", what,
                 rc == -EFBIG    ? "larger than 1 GiB uncompressed"
                 : rc == -ENOMEM ? "too large to decompress (out of memory)"
                                 : "corrupt or truncated");
        return rc;
    }
    *out = o.p;
    *out_len = o.len;
    return 0;
}

size_t pvb_gzip_size(const uint8_t *in, size_t len)
{
    size_t n;

    if (len < 6 || in[0] != 0x1f || in[1] != 0x8b)
        return 0;
    n = (size_t)in[len - 4] | (size_t)in[len - 3] << 8 |
        (size_t)in[len - 2] << 16 | (size_t)in[len - 1] << 24;
    if (n > PVB_DECOMPRESS_MAX)
        return 0; /* an insane size: handed over as it is */
    return n + 16;
}

int pvb_gunzip(const uint8_t *in, size_t len, uint8_t *out, size_t out_len)
{
    z_stream z;
    int rc;

    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return -ENOMEM;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)out_len;
    rc = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -EINVAL;
}
