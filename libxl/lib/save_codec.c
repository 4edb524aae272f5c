/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Page codecs in the save stream (see save_codec.h).  The writer turns
 * each PAGE_DATA batch into CODEC_PAGES records of at most
 * LIBXL_PLUGIN_PAGE_CODEC_BATCH_MAX entries; the reader turns them back
 * into PAGE_DATA's entries and data.  The codec's own state (its cache)
 * lives as long as the stream.
 */
#include <inttypes.h>
#include <unistd.h>

#include "plugin_private.h"
#include "save_codec.h"

#define BATCH LIBXL_PLUGIN_PAGE_CODEC_BATCH_MAX

struct libxl__save_codec {
    libxl__plugin *pl;
    const libxl_plugin_page_codec_ops *ops;
    void *st;
    bool decode;
    uint32_t domid;
    uint8_t params[LIBXL_PLUGIN_PAGE_CODEC_PARAMS_MAX];
    size_t params_len;
    uint64_t head[BATCH + 1]; /* count, then the entries */
    uint64_t pfns[BATCH];
    uint8_t *buf; /* encoded output, or decoded pages */
    size_t buf_size;
    uint64_t pages, bytes; /* encoded: pages in, bytes out */
};

static bool carries_data(uint64_t ent)
{
    unsigned t = (unsigned)(ent >> XS_TYPE_SHIFT);
    return t != 0xd && t != 0xe && t != 0xf; /* BROKEN, XALLOC, XTAB */
}

/* remus.conf's codec=, or NULL. */
static const char *default_codec(libxl__gc *gc)
{
    const char *path =
        GCSPRINTF("%s/%s", libxl__plugin_conf_dir(), LIBXL_REMUS_CONF);
    libxl__plugin_conf_item *it;
    const char *codec = NULL;
    char *why;
    int n;

    if (access(path, F_OK))
        return NULL;
    if (libxl__plugin_conf_read(gc, path, &it, &n, &why)) {
        LOG(WARNING, "%s; no page codec by default", why);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        if (!strcmp(it[i].key, "codec"))
            codec = it[i].value;
        else
            LOG(WARNING, "%s:%d: unknown key \"%s\" (codec is known)", path,
                it[i].line, it[i].key);
    }
    return codec;
}

static struct libxl__save_codec *codec_new(libxl__plugin *pl, bool decode)
{
    struct libxl__save_codec *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->pl = pl;
    c->ops = pl->desc->page_codec;
    c->decode = decode;
    c->buf_size = decode ? (size_t)BATCH * 4096 : c->ops->bound(BATCH);
    c->buf = malloc(c->buf_size);
    if (!c->buf) {
        free(c);
        return NULL;
    }
    return c;
}

/* One line: which codec is missing; what: the stream, when reading. */
static void missing(libxl__gc *gc, const char *what, const char *name)
{
    if (what)
        LOG(ERROR,
            "%s: written with page codec \"%s\", which is not installed "
            "(no enabled plugin in %s provides it)",
            what, name, libxl__plugin_conf_dir());
    else
        LOG(ERROR,
            "page codec \"%s\" is not installed (no enabled plugin in %s "
            "provides it)",
            name, libxl__plugin_conf_dir());
}

/* The plugin of the codec a save uses (*pl NULL: none); 0 or an error. */
static int codec_of(libxl__gc *gc, const char *name, bool live,
                    libxl__plugin **pl)
{
    int rc;

    *pl = NULL;
    if (!name && live)
        name = default_codec(gc);
    if (!name || !*name || !strcmp(name, "none"))
        return 0;
    if ((rc = libxl__plugin_find_page_codec(gc, name, pl)))
        return rc;
    if (!*pl) {
        missing(gc, NULL, name);
        return ERROR_INVAL;
    }
    return 0;
}

int libxl_page_codec_check(libxl_ctx *ctx, const char *codec, int flags)
{
    libxl__plugin *pl;
    int rc;
    GC_INIT(ctx);

    rc = codec_of(gc, codec, flags & LIBXL_SUSPEND_LIVE, &pl);
    GC_FREE;
    return rc;
}

int libxl__save_codec_open_write(libxl__gc *gc, uint32_t domid,
                                 const char *name, bool live,
                                 struct libxl__save_codec **out)
{
    struct libxl__save_codec *c;
    libxl__plugin *pl;
    int rc;

    *out = NULL;
    if ((rc = codec_of(gc, name, live, &pl)) || !pl)
        return rc;
    name = pl->desc->page_codec->name;
    if (!(c = codec_new(pl, false)))
        return ERROR_NOMEM;
    c->domid = domid;
    c->params_len = 0;
    rc = c->ops->open(&pl->pc, false, c->params, &c->params_len, &c->st);
    if (rc || c->params_len > sizeof(c->params)) {
        LOGD(ERROR, domid, "plugin %s: page codec %s: open failed: %s",
             pl->name, name, libxl_error_to_string(rc ? rc : ERROR_FAIL));
        if (!rc)
            c->ops->close(&pl->pc, c->st);
        free(c->buf);
        free(c);
        return rc ? rc : ERROR_FAIL;
    }
    LOGD(DEBUG, domid, "pages go with page codec %s (plugin %s)", name,
         pl->name);
    *out = c;
    return 0;
}

int libxl__save_codec_write_head(struct libxl__save_codec *c,
                                 struct libxl__stream *s)
{
    struct xs_codec h = { .params_len = (uint32_t)c->params_len };

    strncpy(h.name, c->ops->name, sizeof(h.name) - 1);
    return libxl__stream_write_record(s, XS_REC_CODEC, &h, sizeof(h), c->params,
                                      c->params_len);
}

int libxl__save_codec_write_pages(libxl__gc *gc, struct libxl__save_codec *c,
                                  struct libxl__stream *s, const uint64_t *ent,
                                  unsigned n, const uint8_t *data, unsigned nd)
{
    unsigned done = 0, k = 0;

    while (done < n) {
        unsigned m = n - done < BATCH ? n - done : BATCH, d = 0;
        uint32_t count[2] = { m, 0 };
        size_t len = 0;
        int rc;

        for (unsigned i = 0; i < m; i++) {
            c->head[1 + i] = ent[done + i];
            if (carries_data(ent[done + i]))
                c->pfns[d++] = ent[done + i] & XS_PFN_MASK;
        }
        memcpy(c->head, count, 8);
        if (k + d > nd)
            return ERROR_INVAL; /* internal: the batch's count is off */
        rc = d ? c->ops->encode(&c->pl->pc, c->st, d, c->pfns,
                                data + (size_t)k * 4096, c->buf, c->buf_size,
                                &len)
               : 0;
        if (rc || len > c->buf_size) {
            LOGD(ERROR, c->domid, "plugin %s: page codec %s: encode failed: %s",
                 c->pl->name, c->ops->name,
                 libxl_error_to_string(rc ? rc : ERROR_FAIL));
            return rc ? rc : ERROR_FAIL;
        }
        if (libxl__stream_write_record(s, XS_REC_CODEC_PAGES, c->head,
                                       ((size_t)m + 1) * 8, c->buf, len)) {
            LOGD(ERROR, c->domid, "%s", s->err);
            return ERROR_FAIL;
        }
        c->pages += d;
        c->bytes += len;
        k += d;
        done += m;
    }
    return 0;
}

static int read_head(libxl__gc *gc, struct libxl__save_codec **out,
                     const char *what, const uint8_t *body, uint32_t len)
{
    struct libxl__save_codec *c;
    struct xs_codec h;
    libxl__plugin *pl;
    size_t plen;
    int rc;

    if (*out) {
        LOG(ERROR, "%s: corrupted: a second CODEC record", what);
        return ERROR_INVAL;
    }
    if (len < sizeof(h))
        goto bad;
    memcpy(&h, body, sizeof(h));
    if (h._pad || h.params_len > LIBXL_PLUGIN_PAGE_CODEC_PARAMS_MAX ||
        len != sizeof(h) + h.params_len || !h.name[0] ||
        memchr(h.name, 0, sizeof(h.name)) == NULL)
        goto bad;
    for (const char *p = h.name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            goto bad;
    if ((rc = libxl__plugin_find_page_codec(gc, h.name, &pl)))
        return rc;
    if (!pl) {
        missing(gc, what, h.name);
        return ERROR_INVAL;
    }
    if (!(c = codec_new(pl, true)))
        return ERROR_NOMEM;
    memcpy(c->params, body + sizeof(h), h.params_len);
    plen = h.params_len;
    rc = c->ops->open(&pl->pc, true, c->params, &plen, &c->st);
    if (rc) {
        LOG(ERROR, "%s: page codec %s (plugin %s) refuses its parameters: %s",
            what, h.name, pl->name, libxl_error_to_string(rc));
        free(c->buf);
        free(c);
        return ERROR_INVAL;
    }
    *out = c;
    return 0;
bad:
    LOG(ERROR, "%s: corrupted: a CODEC record of %u bytes that names no codec",
        what, len);
    return ERROR_INVAL;
}

int libxl__save_codec_read(libxl__gc *gc, struct libxl__save_codec **cp,
                           const char *what, uint32_t type, const uint8_t *body,
                           uint32_t len, libxl__save_codec_pages_fn *pages,
                           void *arg)
{
    struct libxl__save_codec *c = *cp;
    uint32_t n, zero;
    unsigned d = 0;
    int rc;

    if (type == XS_REC_CODEC)
        return read_head(gc, cp, what, body, len);
    if (!c) {
        LOG(ERROR,
            "%s: corrupted: a CODEC_PAGES record before the CODEC "
            "record",
            what);
        return ERROR_INVAL;
    }
    if (len < 8)
        goto bad;
    memcpy(&n, body, 4);
    memcpy(&zero, body + 4, 4);
    if (!n || n > BATCH || zero || (uint64_t)n * 8 + 8 > len)
        goto bad;
    memcpy(c->head, body + 8, (size_t)n * 8);
    for (unsigned i = 0; i < n; i++)
        if (carries_data(c->head[i]))
            c->pfns[d++] = c->head[i] & XS_PFN_MASK;
    if (d) {
        rc = c->ops->decode(&c->pl->pc, c->st, d, c->pfns,
                            body + 8 + (size_t)n * 8, len - 8 - (size_t)n * 8,
                            c->buf);
        if (rc) {
            LOG(ERROR,
                "%s: corrupted: page codec %s refuses a batch of %u pages "
                "(pfn %#" PRIx64 " first)",
                what, c->ops->name, d, c->pfns[0]);
            return ERROR_INVAL;
        }
    } else if (len != 8 + (size_t)n * 8) {
        goto bad;
    }
    return pages(arg, n, c->head, c->buf, (size_t)d * 4096);
bad:
    LOG(ERROR, "%s: corrupted: CODEC_PAGES record of %u bytes", what, len);
    return ERROR_INVAL;
}

void libxl__save_codec_close(struct libxl__save_codec *c)
{
    if (!c)
        return;
    if (!c->decode && c->pages)
        libxl__log(c->pl->ctx, LIBXL_LOG_DETAIL, -1, __FILE__, __LINE__,
                   __func__, c->domid,
                   "page codec %s: %" PRIu64 " pages in %" PRIu64
                   " bytes (%.0f a page)",
                   c->ops->name, c->pages, c->bytes,
                   (double)c->bytes / (double)c->pages);
    c->ops->close(&c->pl->pc, c->st);
    free(c->buf);
    free(c);
}
