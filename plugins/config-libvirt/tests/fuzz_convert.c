/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: config-libvirt's probe and converter on any bytes
 * (mutations of the definitions in tests/data).  A conversion either
 * gives text that is xl.cfg syntax (libxlutil reads it; the domain
 * translation runs on it too) or one error line; nothing may crash or
 * leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "libxlutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *cfg = NULL, *msgs = NULL;
    int rc;

    (void)lv_probe((const char *)data, size);
    rc = lv_convert("fuzz.xml", (const char *)data, size, &cfg, &msgs);
    if (rc == 0) {
        static FILE *devnull;
        XLU_Config *x;

        if (!cfg)
            abort();
        if (!devnull)
            devnull = fopen("/dev/null", "w");
        x = xlu_cfg_init(devnull, "fuzz.cfg");
        if (x) {
            libxl_domain_config d;
            XLU_DomainDefaults df;

            if (xlu_cfg_readdata(x, cfg, (int)strlen(cfg)))
                abort(); /* not xl.cfg syntax */
            xlu_domain_defaults_init(&df);
            df.host_cpus = 8;
            xlu_domain_config_from_cfg(x, &df, &d, NULL);
            libxl_domain_config_dispose(&d);
            xlu_cfg_destroy(x);
        }
    }
    if (rc == -1 && (cfg || !msgs || strchr(msgs, '\n')))
        abort();
    free(cfg);
    free(msgs);
    return 0;
}
