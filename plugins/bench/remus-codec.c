/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * remus-codec: the page codecs over the same recorded checkpoint
 * sequences (plugins/common/workload.h: idle, a kernel build, a memory
 * writing loop, a database's random updates; a 64 MiB guest).  Per
 * workload and codec: the pages checkpointed, the bytes per dirty page
 * the codec sends, and encode and decode speed in MB/s of pages (best of
 * three runs; each run starts with empty caches, as a new stream does).
 * Every decoded page is checked against the page sent.
 *
 *   remus-codec [checkpoints]      (default 24)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workload.h"
#include "xen42.h"
#include "xorzstd.h"

#define GUEST_PAGES 16384
#define BATCH       512

struct seq {
    uint32_t n;       /* pages */
    uint32_t nb;      /* batches */
    uint64_t *pfns;   /* n */
    uint8_t *pages;   /* n * 4096 */
    uint32_t *bfirst; /* per batch: its first page; bfirst[nb] = n */
};

enum { C_NONE, C_XEN42, C_XZ32, C_XZ64, C_COUNT };
static const char *const cname[C_COUNT] = { "none", "xen42", "xorzstd",
                                            "xorzstd" };
static const unsigned cmib[C_COUNT] = { 0, 32, 32, 64 };
static int level = XZ_DEFAULT_LEVEL;

static double now(void)
{
    struct timespec t;
    /* CPU time: the codecs run on one CPU; other load does not count */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void record(struct seq *s, enum wl_kind k, unsigned checkpoints)
{
    struct wl w;
    uint32_t cap = 4096, max = GUEST_PAGES;

    if (wl_init(&w, k, GUEST_PAGES, 1234 + k)) {
        fprintf(stderr, "remus-codec: out of memory\n");
        exit(1);
    }
    memset(s, 0, sizeof(*s));
    s->pfns = malloc(cap * 8);
    s->pages = malloc((size_t)cap * WL_PAGE);
    s->bfirst = malloc(sizeof(uint32_t));
    for (unsigned c = 0; c < checkpoints; c++) {
        uint32_t got;
        wl_step(&w);
        if (s->n + max > cap) {
            cap = s->n + max;
            s->pfns = realloc(s->pfns, (size_t)cap * 8);
            s->pages = realloc(s->pages, (size_t)cap * WL_PAGE);
        }
        if (!s->pfns || !s->pages) {
            fprintf(stderr, "remus-codec: out of memory\n");
            exit(1);
        }
        got =
            wl_take(&w, s->pfns + s->n, s->pages + (size_t)s->n * WL_PAGE, max);
        /* the checkpoint's batches */
        for (uint32_t i = 0; i < got; i += BATCH) {
            s->bfirst = realloc(s->bfirst, (s->nb + 2) * sizeof(uint32_t));
            s->bfirst[s->nb++] = s->n + i;
        }
        s->n += got;
    }
    s->bfirst[s->nb] = s->n;
    wl_free(&w);
}

struct result {
    uint64_t bytes;
    double enc_s, dec_s;
};

/* One run of codec c over s: bytes, times; exits on a wrong page. */
static void run(int c, const struct seq *s, uint8_t *enc, size_t *enc_len,
                uint8_t *back, struct result *r)
{
    struct page_cache x42e, x42d;
    struct xz xe, xd;
    uint32_t pages = cmib[c] * 256;
    uint64_t bytes = 0;
    size_t off = 0;
    double t0;

    if (c == C_XEN42 && (pc_init(&x42e, pages) || pc_init(&x42d, pages)))
        exit(1);
    if (c >= C_XZ32 &&
        (xz_open(&xe, pages, level, 0) || xz_open(&xd, pages, level, 1)))
        exit(1);
    t0 = now();
    for (uint32_t b = 0; b < s->nb; b++) {
        uint32_t f = s->bfirst[b], n = s->bfirst[b + 1] - f;
        const uint8_t *in = s->pages + (size_t)f * WL_PAGE;
        size_t len = 0;

        switch (c) {
        case C_NONE:
            memcpy(enc + off, in, (size_t)n * WL_PAGE);
            len = (size_t)n * WL_PAGE;
            break;
        case C_XEN42:
            for (uint32_t i = 0; i < n; i++)
                len += x42_encode(&x42e, s->pfns[f + i],
                                  in + (size_t)i * WL_PAGE, enc + off + len);
            break;
        default:
            if (xz_encode(&xe, n, s->pfns + f, in, enc + off, xz_bound(n),
                          &len))
                exit(1);
            break;
        }
        enc_len[b] = len;
        off += len;
        bytes += len;
    }
    r->enc_s = now() - t0;
    r->bytes = bytes;
    off = 0;
    t0 = now();
    for (uint32_t b = 0; b < s->nb; b++) {
        uint32_t f = s->bfirst[b], n = s->bfirst[b + 1] - f;
        uint8_t *out = back + (size_t)f * WL_PAGE;
        int bad = 0;

        switch (c) {
        case C_NONE:
            memcpy(out, enc + off, enc_len[b]);
            break;
        case C_XEN42: {
            size_t pos = 0, used;
            for (uint32_t i = 0; i < n && !bad; i++) {
                bad = x42_decode(&x42d, s->pfns[f + i], enc + off + pos,
                                 enc_len[b] - pos, &used,
                                 out + (size_t)i * WL_PAGE);
                pos += used;
            }
            break;
        }
        default:
            bad = xz_decode(&xd, n, s->pfns + f, enc + off, enc_len[b], out);
            break;
        }
        if (bad) {
            fprintf(stderr, "remus-codec: %s refused its own batch %u\n",
                    cname[c], b);
            exit(1);
        }
        off += enc_len[b];
    }
    r->dec_s = now() - t0;
    if (memcmp(back, s->pages, (size_t)s->n * WL_PAGE)) {
        fprintf(stderr, "remus-codec: %s decoded other pages\n", cname[c]);
        exit(1);
    }
    if (c == C_XEN42) {
        pc_free(&x42e);
        pc_free(&x42d);
    }
    if (c >= C_XZ32) {
        xz_close(&xe);
        xz_close(&xd);
    }
}

int main(int argc, char **argv)
{
    unsigned checkpoints = argc > 1 ? (unsigned)atoi(argv[1]) : 24;
    uint64_t tot_pages = 0, tot_bytes[C_COUNT] = { 0 };
    double tot_enc[C_COUNT] = { 0 }, tot_dec[C_COUNT] = { 0 };

    if (!checkpoints)
        checkpoints = 24;
    if (argc > 2)
        level = atoi(argv[2]);
    printf("remus-codec: %u checkpoints of each workload, a %u MiB guest; "
           "bytes a dirty page sent, MB/s of pages (best of 3)\n",
           checkpoints, GUEST_PAGES / 256);
    printf("%-13s %-8s %5s %7s %10s %9s %9s %9s\n", "workload", "codec",
           "cache", "pages", "bytes/page", "vs xen42", "enc MB/s", "dec MB/s");
    for (int k = 0; k < WL_COUNT; k++) {
        struct seq s;
        uint8_t *enc, *back;
        size_t *enc_len;
        struct result best[C_COUNT];

        record(&s, (enum wl_kind)k, checkpoints);
        enc = malloc((size_t)s.n * (WL_PAGE + 16) + xz_bound(BATCH));
        back = malloc((size_t)s.n * WL_PAGE);
        enc_len = malloc(s.nb * sizeof(*enc_len));
        if (!enc || !back || !enc_len)
            return 1;
        for (int c = 0; c < C_COUNT; c++) {
            for (int rep = 0; rep < 3; rep++) {
                struct result r;
                run(c, &s, enc, enc_len, back, &r);
                if (!rep || r.enc_s < best[c].enc_s)
                    best[c].enc_s = r.enc_s;
                if (!rep || r.dec_s < best[c].dec_s)
                    best[c].dec_s = r.dec_s;
                best[c].bytes = r.bytes;
            }
        }
        for (int c = 0; c < C_COUNT; c++) {
            double mb = (double)s.n * WL_PAGE / 1e6;
            char cache[16] = "-";
            if (cmib[c])
                snprintf(cache, sizeof(cache), "%uM", cmib[c]);
            printf("%-13s %-8s %5s %7u %10.1f %8.2fx %9.0f %9.0f\n",
                   wl_names[k], cname[c], cache, s.n,
                   (double)best[c].bytes / s.n,
                   (double)best[C_XEN42].bytes / (double)best[c].bytes,
                   mb / best[c].enc_s, mb / best[c].dec_s);
            tot_bytes[c] += best[c].bytes;
            tot_enc[c] += best[c].enc_s;
            tot_dec[c] += best[c].dec_s;
        }
        tot_pages += s.n;
        free(enc);
        free(back);
        free(enc_len);
        free(s.pfns);
        free(s.pages);
        free(s.bfirst);
    }
    for (int c = 0; c < C_COUNT; c++) {
        double mb = (double)tot_pages * WL_PAGE / 1e6;
        char cache[16] = "-";
        if (cmib[c])
            snprintf(cache, sizeof(cache), "%uM", cmib[c]);
        printf("%-13s %-8s %5s %7llu %10.1f %8.2fx %9.0f %9.0f\n", "all",
               cname[c], cache, (unsigned long long)tot_pages,
               (double)tot_bytes[c] / tot_pages,
               (double)tot_bytes[C_XEN42] / (double)tot_bytes[c],
               mb / tot_enc[c], mb / tot_dec[c]);
    }
    return 0;
}
