/* SPDX-License-Identifier: LGPL-2.1-only */
/* The page codecs' .conf values and stream parameters (plugins/codec-*). */
#ifndef PLUGIN_CODEC_CONF_H
#define PLUGIN_CODEC_CONF_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

/*
 * The integer value of key in the plugin's .conf, or dflt when unset:
 * 0, or ERROR_INVAL (logged) when it is not an integer in [min, max].
 */
static inline int codec_conf_int(libxl_plugin_ctx *pc, const char *key,
                                 long dflt, long min, long max, long *out)
{
    const char *v = pc->get(pc, key);
    char *end;
    long n;

    if (!v) {
        *out = dflt;
        return 0;
    }
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < min || n > max) {
        pc->log(pc, LIBXL_LOG_ERROR,
                "%s: %s = %s: an integer %ld-%ld is "
                "wanted",
                pc->conf, key, v, min, max);
        return ERROR_INVAL;
    }
    *out = n;
    return 0;
}

/* The stream parameters both codecs carry: the cache's size in pages. */
static inline void codec_params_put(uint8_t *params, size_t *len,
                                    uint32_t pages)
{
    memcpy(params, &pages, 4);
    *len = 4;
}

/* 0, or -1 when params are not 4 bytes naming 1 to max pages. */
static inline int codec_params_get(const uint8_t *params, size_t len,
                                   uint32_t max, uint32_t *pages)
{
    if (len != 4)
        return -1;
    memcpy(pages, params, 4);
    return *pages && *pages <= max ? 0 : -1;
}

#endif
