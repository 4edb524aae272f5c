/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * codec-xen42: the page codec "xen42", Xen 4.2's checkpoint compression
 * (xen42.h), as a libxl plugin (libxl_plugin.h, page codec hook).  Keys:
 * cache_mib, the cache of pages sent (default 32 MiB: 8,192 pages, as
 * Xen 4.2).
 */
#include <stdbool.h>

#include "codec_conf.h"
#include "libxl.h"
#include "xen42.h"

struct conf {
    uint32_t cache_pages;
};

static int x_init(libxl_plugin_ctx *pc)
{
    struct conf *cf = calloc(1, sizeof(*cf));
    long mib;
    int rc;

    if (!cf)
        return ERROR_NOMEM;
    rc = codec_conf_int(pc, "cache_mib", X42_DEFAULT_PAGES / 256, 1,
                        X42_MAX_PAGES / 256, &mib);
    if (rc) {
        free(cf);
        return rc;
    }
    cf->cache_pages = (uint32_t)mib * 256;
    pc->state = cf;
    return 0;
}

static void x_fini(libxl_plugin_ctx *pc)
{
    free(pc->state);
    pc->state = NULL;
}

static size_t x_bound(unsigned n)
{
    return (size_t)n * X42_PAGE_MAX;
}

static int x_open(libxl_plugin_ctx *pc, bool decode, uint8_t *params,
                  size_t *params_len, void **stream)
{
    const struct conf *cf = pc->state;
    struct page_cache *c;
    uint32_t pages = cf ? cf->cache_pages : X42_DEFAULT_PAGES;

    if (decode) {
        if (codec_params_get(params, *params_len, X42_MAX_PAGES, &pages))
            return ERROR_INVAL;
    } else {
        codec_params_put(params, params_len, pages);
    }
    if (!(c = malloc(sizeof(*c))))
        return ERROR_NOMEM;
    if (pc_init(c, pages)) {
        free(c);
        return ERROR_NOMEM;
    }
    *stream = c;
    return 0;
}

static void x_close(libxl_plugin_ctx *pc, void *stream)
{
    pc_free(stream);
    free(stream);
}

static int x_encode(libxl_plugin_ctx *pc, void *stream, unsigned n,
                    const uint64_t *pfns, const void *pages, void *out,
                    size_t out_size, size_t *out_len)
{
    size_t o = 0;

    if (out_size < x_bound(n))
        return ERROR_BUFFERFULL;
    for (unsigned i = 0; i < n; i++) {
        if (pfns[i] == PC_FREE)
            return ERROR_INVAL;
        o += x42_encode(stream, pfns[i],
                        (const uint8_t *)pages + (size_t)i * PC_PAGE_SIZE,
                        (uint8_t *)out + o);
    }
    *out_len = o;
    return 0;
}

static int x_decode(libxl_plugin_ctx *pc, void *stream, unsigned n,
                    const uint64_t *pfns, const void *in, size_t in_len,
                    void *pages)
{
    size_t pos = 0, used;

    for (unsigned i = 0; i < n; i++) {
        if (x42_decode(stream, pfns[i], (const uint8_t *)in + pos, in_len - pos,
                       &used, (uint8_t *)pages + (size_t)i * PC_PAGE_SIZE))
            return ERROR_INVAL;
        pos += used;
    }
    return pos == in_len ? 0 : ERROR_INVAL;
}

static const libxl_plugin_page_codec_ops xen42_ops = {
    .version = LIBXL_PLUGIN_PAGE_CODEC_VERSION,
    .name = "xen42",
    .bound = x_bound,
    .open = x_open,
    .close = x_close,
    .encode = x_encode,
    .decode = x_decode,
};

static const char *const xen42_keys[] = { "cache_mib", NULL };

LIBXL_PLUGIN_DEFINE = {
    .abi_version = LIBXL_PLUGIN_ABI_VERSION,
    .name = "codec-xen42",
    .description = "Xen 4.2's Remus checkpoint compression (page delta)",
    .keys = xen42_keys,
    .init = x_init,
    .fini = x_fini,
    .page_codec = &xen42_ops,
};
