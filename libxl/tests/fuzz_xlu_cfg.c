/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: arbitrary bytes as an xl.cfg, through the grammar,
 * every accessor, the whole domain translation and its JSON.  No crash,
 * no leak, no sanitizer report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "libxlutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    XLU_Config *cfg;
    libxl_domain_config d;
    int bl;

    if (size > 65536)
        return 0;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    cfg = xlu_cfg_init(devnull, "fuzz.cfg");
    if (!cfg)
        return 0;
    if (!xlu_cfg_readdata(cfg, (const char *)data, (int)size)) {
        XLU_DomainDefaults df;

        xlu_domain_defaults_init(&df);
        df.vif_bridge = "xenbr0";
        df.host_cpus = 16;
        if (!xlu_domain_config_from_cfg(cfg, &df, &d, &bl)) {
            char *j = xlu_domain_config_json(&d, 1);
            libxl_domain_config dup;
            free(j);
            libxl_domain_config_copy(NULL, &dup, &d);
            libxl_domain_config_dispose(&dup);
        }
        libxl_domain_config_dispose(&d);
    }
    xlu_cfg_destroy(cfg);
    return 0;
}
