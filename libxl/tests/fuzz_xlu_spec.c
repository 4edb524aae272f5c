/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the spec parsers.  The first byte picks disk, vif,
 * pci, rdm or cpu list; the rest is the spec (NUL-terminated copy).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    static const XLU_Pos pos = { "fuzz.cfg", 1, 1 };
    XLU_Config *cfg;
    char *spec;

    if (size < 1 || size > 4096)
        return 0;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    spec = malloc(size);
    if (!spec)
        return 0;
    memcpy(spec, data + 1, size - 1);
    spec[size - 1] = '\0';
    cfg = xlu_cfg_init(devnull, "fuzz.cfg");
    if (!cfg) {
        free(spec);
        return 0;
    }
    switch (data[0] % 5) {
    case 0: {
        libxl_device_disk d;
        const char *s = spec;
        libxl_device_disk_init(&d);
        xlu_disk_parse_at(cfg, &pos, 1, &s, &d);
        libxl_device_disk_dispose(&d);
        break;
    }
    case 1: {
        libxl_device_nic n;
        libxl_device_nic_init(&n);
        xlu_nic_parse(cfg, &pos, spec, &n);
        libxl_device_nic_dispose(&n);
        break;
    }
    case 2: {
        libxl_device_pci p;
        libxl_device_pci_init(&p);
        xlu_pci_parse_spec_string(cfg, &p, spec);
        libxl_device_pci_dispose(&p);
        break;
    }
    case 3: {
        libxl_rdm_reserve r;
        libxl_rdm_reserve_init(&r);
        xlu_rdm_parse(cfg, &r, spec);
        break;
    }
    default: {
        libxl_bitmap m;
        libxl_bitmap_init(&m);
        if (!libxl_bitmap_alloc(NULL, &m, 8)) {
            char *s;
            xlu_cpurange_parse(cfg, &pos, spec, &m, NULL, 0);
            s = libxl_bitmap_to_range_list(&m);
            free(s);
        }
        libxl_bitmap_dispose(&m);
        break;
    }
    }
    xlu_cfg_destroy(cfg);
    free(spec);
    return 0;
}
