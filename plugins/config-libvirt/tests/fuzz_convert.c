/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: config-libvirt's probe and converter on any bytes
 * (mutations of the definitions in tests/data).  A conversion either
 * gives xl.cfg text or one error line; nothing may crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *cfg = NULL, *msgs = NULL;
    int rc;

    (void)lv_probe((const char *)data, size);
    rc = lv_convert("fuzz.xml", (const char *)data, size, &cfg, &msgs);
    if (rc == 0 && !cfg)
        abort();
    if (rc == -1 && (cfg || !msgs || strchr(msgs, '\n')))
        abort();
    free(cfg);
    free(msgs);
    return 0;
}
