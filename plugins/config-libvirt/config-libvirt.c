/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * config-libvirt: an importer plugin (plugin ABI 3) that reads a libvirt
 * domain definition (XML) and gives xl the equivalent xl.cfg text, for
 * `xl create dom.xml` and `xl config-convert --from libvirt`.  See
 * convert.h and config-libvirt.7.
 */
#include <stdlib.h>

#include <libxml/parser.h>

#include "convert.h"
#include "libxl.h"

static int lv_init(libxl_plugin_ctx *pc)
{
    LIBXML_TEST_VERSION;
    return 0;
}

static int lv_probe_hook(libxl_plugin_ctx *pc, const void *data, size_t len)
{
    return lv_probe(data, len);
}

static int lv_convert_hook(libxl_plugin_ctx *pc, const char *source,
                           const void *data, size_t len, char **cfg,
                           char **messages)
{
    int rc = lv_convert(source, data, len, cfg, messages);

    return rc == 0 ? 0 : rc == -1 ? ERROR_INVAL : ERROR_NOMEM;
}

static const libxl_plugin_import_ops lv_import = {
    .format = "libvirt",
    .description = "libvirt domain XML",
    .probe = lv_probe_hook,
    .convert = lv_convert_hook,
};

LIBXL_PLUGIN_DEFINE = {
    .abi_version = LIBXL_PLUGIN_ABI_VERSION,
    .name = "config-libvirt",
    .description = "reads libvirt domain XML for xl create and xl "
                   "config-convert",
    .init = lv_init,
    .import = &lv_import,
};
