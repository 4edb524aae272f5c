/* SPDX-License-Identifier: LGPL-2.1-only */
/* The save stream's framing (lib/stream.h, docs/save-format.md). */
#include "stream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define XS_WBUF (1024 * 1024)
#define XS_RBUF (256 * 1024)

static const char *const rec_names[] = {
    [XS_REC_END] = "END",
    [XS_REC_DOMAIN_CONFIG] = "DOMAIN_CONFIG",
    [XS_REC_PV_INFO] = "PV_INFO",
    [XS_REC_P2M_FRAMES] = "P2M_FRAMES",
    [XS_REC_PAGE_DATA] = "PAGE_DATA",
    [XS_REC_VCPU_BASIC] = "VCPU_BASIC",
    [XS_REC_VCPU_EXTENDED] = "VCPU_EXTENDED",
    [XS_REC_VCPU_XSAVE] = "VCPU_XSAVE",
    [XS_REC_SHARED_INFO] = "SHARED_INFO",
    [XS_REC_TSC_INFO] = "TSC_INFO",
    [XS_REC_XENSTORE] = "XENSTORE",
    [XS_REC_CHECKPOINT] = "CHECKPOINT",
    [XS_REC_CODEC] = "CODEC",
    [XS_REC_CODEC_PAGES] = "CODEC_PAGES",
    [XS_REC_VCPU_MSRS] = "VCPU_MSRS",
    [XS_REC_CPUID_POLICY] = "CPUID_POLICY",
    [XS_REC_MSR_POLICY] = "MSR_POLICY",
};

const char *libxl__stream_rec_name(uint32_t type)
{
    return type <= XS_REC_MAX ? rec_names[type] : "unknown";
}

static int fail(struct libxl__stream *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fail(struct libxl__stream *s, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (s->err[0])
        return -1;
    n = snprintf(s->err, sizeof(s->err), "%s: ", s->what);
    if (n < 0 || (size_t)n >= sizeof(s->err))
        return -1;
    va_start(ap, fmt);
    vsnprintf(s->err + n, sizeof(s->err) - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

void libxl__stream_init(struct libxl__stream *s, int fd, const char *what)
{
    memset(s, 0, sizeof(*s));
    s->fd = fd;
    s->what = what;
    s->crc = (uint32_t)crc32(0L, Z_NULL, 0);
}

void libxl__stream_dispose(struct libxl__stream *s)
{
    free(s->buf);
    free(s->body);
    s->buf = s->body = NULL;
}

static uint32_t crc_of(uint32_t crc, const void *p, size_t len)
{
    const uint8_t *b = p;

    while (len) { /* zlib takes lengths as uInt */
        uInt n = len > (1u << 30) ? (1u << 30) : (uInt)len;
        crc = (uint32_t)crc32(crc, b, n);
        b += n;
        len -= n;
    }
    return crc;
}

/* ---- writing -------------------------------------------------------- */

int libxl__stream_flush(struct libxl__stream *s)
{
    size_t done = 0;

    while (done < s->len) {
        ssize_t n = write(s->fd, s->buf + done, s->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(s, "write failed after %llu bytes: %s",
                        (unsigned long long)s->off,
                        n < 0 ? strerror(errno) : "no progress");
        done += (size_t)n;
    }
    s->len = 0;
    return 0;
}

static int put(struct libxl__stream *s, const void *p, size_t len)
{
    const uint8_t *b = p;

    if (!s->buf) {
        if (!(s->buf = malloc(XS_WBUF)))
            return fail(s, "out of memory");
        s->cap = XS_WBUF;
    }
    s->crc = crc_of(s->crc, p, len);
    s->off += len;
    while (len) {
        size_t n = s->cap - s->len < len ? s->cap - s->len : len;
        memcpy(s->buf + s->len, b, n);
        s->len += n;
        b += n;
        len -= n;
        if (s->len == s->cap && libxl__stream_flush(s))
            return -1;
    }
    return 0;
}

int libxl__stream_write_header(struct libxl__stream *s, uint32_t flags)
{
    struct xs_header h = { .version = XS_VERSION,
                           .arch = XS_ARCH_X86_64,
                           .page_shift = XS_PAGE_SHIFT,
                           .flags = flags };

    memcpy(h.magic, XS_MAGIC, sizeof(h.magic));
    return put(s, &h, sizeof(h));
}

int libxl__stream_write_record(struct libxl__stream *s, uint32_t type,
                               const void *a, size_t alen, const void *b,
                               size_t blen)
{
    static const uint8_t zero[8];
    struct xs_rec_head r = { .type = type };
    size_t len = alen + blen;
    uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);

    if (len > XS_RECORD_MAX)
        return fail(s, "internal: %s record of %zu bytes is too large",
                    libxl__stream_rec_name(type), len);
    crc = crc_of(crc, a, alen);
    crc = crc_of(crc, b, blen);
    r.length = (uint32_t)len;
    r.crc = crc;
    if (put(s, &r, sizeof(r)) || (alen && put(s, a, alen)) ||
        (blen && put(s, b, blen)) || put(s, zero, (8 - len % 8) % 8))
        return -1;
    return 0;
}

int libxl__stream_write_end(struct libxl__stream *s)
{
    struct xs_end e = { .crc = s->crc, .length = s->off };

    if (libxl__stream_write_record(s, XS_REC_END, &e, sizeof(e), NULL, 0))
        return -1;
    return libxl__stream_flush(s);
}

/* ---- reading -------------------------------------------------------- */

/* Exactly len bytes; 1 when the stream ended first (nothing consumed
 * beyond what was there). */
static int get(struct libxl__stream *s, void *p, size_t len)
{
    uint8_t *b = p;

    if (!s->buf) {
        if (!(s->buf = malloc(XS_RBUF)))
            return fail(s, "out of memory");
        s->cap = XS_RBUF;
    }
    while (len) {
        size_t n;
        if (s->pos == s->len) {
            ssize_t r;
            if (s->eof)
                return 1;
            r = read(s->fd, s->buf, s->cap);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return fail(s, "read failed after %llu bytes: %s",
                            (unsigned long long)s->off, strerror(errno));
            if (r == 0) {
                s->eof = 1;
                return 1;
            }
            s->pos = 0;
            s->len = (size_t)r;
        }
        n = s->len - s->pos < len ? s->len - s->pos : len;
        memcpy(b, s->buf + s->pos, n);
        s->crc = crc_of(s->crc, b, n);
        s->off += n;
        s->pos += n;
        b += n;
        len -= n;
    }
    return 0;
}

int libxl__stream_read_header(struct libxl__stream *s, struct xs_header *h)
{
    int rc = get(s, h, sizeof(*h));

    if (rc < 0)
        return rc;
    if (rc > 0) {
        if (s->off == 0)
            return fail(s, "empty, not a saved domain");
        if (memcmp(h, XS_MAGIC, s->off < 8 ? s->off : 8))
            goto foreign;
        return fail(s, "truncated: %llu bytes, shorter than the header",
                    (unsigned long long)s->off);
    }
    if (memcmp(h->magic, XS_MAGIC, sizeof(h->magic)))
        goto foreign;
    if (h->version < XS_VERSION_1 || h->version > XS_VERSION)
        return fail(s, "format version %u; this xl reads versions %u-%u",
                    h->version, XS_VERSION_1, XS_VERSION);
    s->version = h->version;
    if (h->arch != XS_ARCH_X86_64 || h->page_shift != XS_PAGE_SHIFT)
        return fail(s,
                    "saved on architecture %u with %u-bit pages; this host "
                    "restores x86-64 PV guests with 4 KiB pages",
                    h->arch, h->page_shift);
    return 0;
foreign:
    if (!memcmp(h, "Xen saved domain", s->off < 16 ? s->off : 16))
        return fail(s, "a save file of Xen's xl, not of this xl's format "
                       "(restore it with Xen's xl)");
    if (!memcmp(h, "LibxlFmt", s->off < 8 ? s->off : 8))
        return fail(s, "a libxl migration stream of Xen, not of this xl's "
                       "format");
    return fail(s, "not a saved domain (no %s header)", XS_MAGIC);
}

int libxl__stream_read_record(struct libxl__stream *s, uint32_t *type,
                              const uint8_t **body, uint32_t *len)
{
    struct xs_rec_head r;
    uint32_t crc_before = s->crc;
    uint64_t off_before = s->off;
    size_t padded;
    int rc;

    if ((rc = get(s, &r, sizeof(r))) < 0)
        return rc;
    if (rc > 0)
        return fail(s,
                    "truncated: the stream ends after %llu bytes, before "
                    "its END record",
                    (unsigned long long)off_before);
    if (r.type > (s->version < XS_VERSION ? XS_REC_MAX_V1 : XS_REC_MAX) ||
        r.length > XS_RECORD_MAX || r._pad)
        return fail(s,
                    "corrupted: bad record (type %#x, %u bytes) at offset "
                    "%llu",
                    r.type, r.length, (unsigned long long)off_before);
    padded = ((size_t)r.length + 7) & ~(size_t)7;
    if (padded > s->body_cap) {
        uint8_t *nb = realloc(s->body, padded);
        if (!nb)
            return fail(s, "out of memory");
        s->body = nb;
        s->body_cap = padded;
    }
    if ((rc = get(s, s->body, padded)) < 0)
        return rc;
    if (rc > 0)
        return fail(s,
                    "truncated: the stream ends after %llu bytes, inside a "
                    "%s record",
                    (unsigned long long)s->off, libxl__stream_rec_name(r.type));
    for (size_t i = r.length; i < padded; i++)
        if (s->body[i])
            return fail(s, "corrupted: non-zero padding after the %s record",
                        libxl__stream_rec_name(r.type));
    if (crc_of((uint32_t)crc32(0L, Z_NULL, 0), s->body, r.length) != r.crc)
        return fail(s,
                    "corrupted: checksum mismatch in the %s record at offset "
                    "%llu",
                    libxl__stream_rec_name(r.type),
                    (unsigned long long)off_before);
    if (r.type == XS_REC_END) {
        struct xs_end e;
        if (r.length != sizeof(e))
            return fail(s, "corrupted: END record of %u bytes", r.length);
        memcpy(&e, s->body, sizeof(e));
        if (e.length != off_before || e.crc != crc_before)
            return fail(s, "corrupted: the stream's checksum does not match");
    }
    *type = r.type;
    *body = s->body;
    *len = r.length;
    return 0;
}
