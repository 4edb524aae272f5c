/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * codec-xorzstd: the page codec "xorzstd" (xorzstd.h) as a libxl plugin
 * (libxl_plugin.h, page codec hook).  Keys: cache_mib, the cache of pages
 * sent (default 64); level, zstd's level (default -1; negative levels are
 * faster and compress less).
 */
#include <stdbool.h>

#include "codec_conf.h"
#include "libxl.h"
#include "xorzstd.h"

struct conf {
    uint32_t cache_pages;
    int level;
};

static int z_init(libxl_plugin_ctx *pc)
{
    struct conf *cf = calloc(1, sizeof(*cf));
    long mib, level;
    int rc;

    if (!cf)
        return ERROR_NOMEM;
    rc = codec_conf_int(pc, "cache_mib", XZ_DEFAULT_MIB, 1, XZ_MAX_PAGES / 256,
                        &mib);
    if (!rc)
        rc = codec_conf_int(pc, "level", XZ_DEFAULT_LEVEL, -7, 9, &level);
    if (rc) {
        free(cf);
        return rc;
    }
    cf->cache_pages = (uint32_t)mib * 256;
    cf->level = (int)level;
    pc->state = cf;
    return 0;
}

static void z_fini(libxl_plugin_ctx *pc)
{
    free(pc->state);
    pc->state = NULL;
}

static size_t z_bound(unsigned n)
{
    return xz_bound(n);
}

static int z_open(libxl_plugin_ctx *pc, bool decode, uint8_t *params,
                  size_t *params_len, void **stream)
{
    const struct conf *cf = pc->state;
    uint32_t pages = cf ? cf->cache_pages : XZ_DEFAULT_MIB * 256;
    struct xz *x;

    if (decode) {
        if (codec_params_get(params, *params_len, XZ_MAX_PAGES, &pages))
            return ERROR_INVAL;
    } else {
        codec_params_put(params, params_len, pages);
    }
    if (!(x = malloc(sizeof(*x))))
        return ERROR_NOMEM;
    if (xz_open(x, pages, cf ? cf->level : XZ_DEFAULT_LEVEL, decode)) {
        free(x);
        return ERROR_NOMEM;
    }
    *stream = x;
    return 0;
}

static void z_close(libxl_plugin_ctx *pc, void *stream)
{
    xz_close(stream);
    free(stream);
}

static int z_encode(libxl_plugin_ctx *pc, void *stream, unsigned n,
                    const uint64_t *pfns, const void *pages, void *out,
                    size_t out_size, size_t *out_len)
{
    if (out_size < xz_bound(n))
        return ERROR_BUFFERFULL;
    return xz_encode(stream, n, pfns, pages, out, out_size, out_len)
               ? ERROR_INVAL
               : 0;
}

static int z_decode(libxl_plugin_ctx *pc, void *stream, unsigned n,
                    const uint64_t *pfns, const void *in, size_t in_len,
                    void *pages)
{
    return xz_decode(stream, n, pfns, in, in_len, pages) ? ERROR_INVAL : 0;
}

static const libxl_plugin_page_codec_ops xorzstd_ops = {
    .version = LIBXL_PLUGIN_PAGE_CODEC_VERSION,
    .name = "xorzstd",
    .bound = z_bound,
    .open = z_open,
    .close = z_close,
    .encode = z_encode,
    .decode = z_decode,
};

static const char *const xorzstd_keys[] = { "cache_mib", "level", NULL };

LIBXL_PLUGIN_DEFINE = {
    .abi_version = LIBXL_PLUGIN_ABI_VERSION,
    .name = "codec-xorzstd",
    .description = "page codec: XOR with the cached copy, zero runs, zstd",
    .keys = xorzstd_keys,
    .init = z_init,
    .fini = z_fini,
    .page_codec = &xorzstd_ops,
};
