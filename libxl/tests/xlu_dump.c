/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlu-dump CFG [KEY=VALUE...]: what `xl create -n` prints for CFG, from
 * libxlutil alone (Xen's default xl.conf), for the comparison with
 * Debian's xl (tests/system/cases/xl-cfg-diff.test).  Messages on stderr;
 * exit status 1 when the configuration is refused.
 * xlu-dump --keys: the xl.cfg keys libxlutil knows, one a line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlutil.h"

int main(int argc, char **argv)
{
    libxl_domain_config d;
    int bl, rc;
    char *j;

    if (argc == 2 && !strcmp(argv[1], "--keys")) {
        const char *k;
        for (int i = 0; (k = xlu_known_key(i)); i++)
            puts(k);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: xlu-dump CFG [KEY=VALUE...]\n");
        return 2;
    }
    rc = xlu_parse_domain_config(argv[1], (const char *const *)argv + 2,
                                 argc - 2, NULL, stderr, &d, &bl);
    if (!rc) {
        j = libxl_domain_config_to_json(NULL, &d);
        if (j)
            fputs(j, stdout);
        else
            rc = 1;
        free(j);
    }
    libxl_domain_config_dispose(&d);
    return rc ? 1 : 0;
}
