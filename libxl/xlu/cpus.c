/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cpu lists (cpus=, cpus_soft=, xl vcpu-pin): comma-separated items, each
 * "N", "N-M", "all", "node:N" / "nodes:N-M" (every cpu of those NUMA
 * nodes), any of them but "all" after '^' to remove instead of add.
 * Applied in order, as Xen 4.17's xl does.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

/* Largest cpu number accepted when the host's count is unknown. */
#define XLU_MAX_CPUS 4096

static int range(const char *s, unsigned long *a, unsigned long *b)
{
    char *ep;

    if (!(*s >= '0' && *s <= '9'))
        return EINVAL;
    *a = *b = strtoul(s, &ep, 10);
    if (*ep == '-') {
        const char *n = ep + 1;
        if (!(*n >= '0' && *n <= '9'))
            return EINVAL;
        *b = strtoul(n, &ep, 10);
        if (*b < *a)
            return EINVAL;
    }
    return *ep ? EINVAL : 0;
}

static int grow(libxl_bitmap *map, unsigned long bit)
{
    uint32_t need = (uint32_t)(bit / 8 + 1);
    uint8_t *m;

    if (need <= map->size)
        return 0;
    m = realloc(map->map, need);
    if (!m)
        return ENOMEM;
    memset(m + map->size, 0, need - map->size);
    map->map = m;
    map->size = need;
    return 0;
}

int xlu_cpurange_parse(XLU_Config *cfg, const XLU_Pos *pos, const char *spec,
                       libxl_bitmap *map, const libxl_bitmap *node_cpus,
                       int n_nodes)
{
    char *buf = strdup(spec), *save = NULL, *tok;
    int rc = 0;

    if (!buf)
        return ENOMEM;
    tok = strtok_r(buf, ",", &save);
    if (!tok) {
        xlu_cfg_error(cfg, pos, "invalid cpu list \"%s\": it is empty", spec);
        rc = EINVAL;
    }
    for (; tok && !rc; tok = strtok_r(NULL, ",", &save)) {
        bool neg = false, nodes = false;
        unsigned long a, b;
        char *t = tok;

        while (*t == ' ')
            t++;
        if (*t == '^') {
            neg = true;
            t++;
        }
        if (!strncmp(t, "nodes:", 6)) {
            nodes = true;
            t += 6;
        } else if (!strncmp(t, "node:", 5)) {
            nodes = true;
            t += 5;
        }
        if (!strcmp(t, "all")) {
            if (neg) {
                xlu_cfg_error(cfg, pos,
                              "invalid cpu list \"%s\": \"^\" and \"all\" "
                              "cannot be combined",
                              spec);
                rc = EINVAL;
            } else {
                libxl_bitmap_set_any(map);
            }
            continue;
        }
        if (range(t, &a, &b)) {
            xlu_cfg_error(cfg, pos,
                          "invalid cpu list \"%s\": '%s' is not a cpu, a "
                          "range N-M, all, or nodes:N",
                          spec, tok);
            rc = EINVAL;
            break;
        }
        if (nodes) {
            if (!node_cpus) {
                xlu_cfg_error(cfg, pos,
                              "invalid cpu list \"%s\": nodes: needs the "
                              "host's NUMA layout, which is not known here",
                              spec);
                rc = EINVAL;
                break;
            }
            if (b >= (unsigned long)n_nodes) {
                xlu_cfg_error(cfg, pos,
                              "invalid cpu list \"%s\": node %lu does not "
                              "exist (the host has %d)",
                              spec, b, n_nodes);
                rc = EINVAL;
                break;
            }
            for (unsigned long n = a; n <= b; n++) {
                int i;
                libxl_for_each_set_bit(i, node_cpus[n])
                {
                    if ((rc = grow(map, (unsigned long)i)))
                        break;
                    neg ? libxl_bitmap_reset(map, i) : libxl_bitmap_set(map, i);
                }
            }
            continue;
        }
        if (b >= XLU_MAX_CPUS) {
            xlu_cfg_error(cfg, pos,
                          "invalid cpu list \"%s\": cpu %lu is beyond the "
                          "largest supported (%d)",
                          spec, b, XLU_MAX_CPUS - 1);
            rc = EINVAL;
            break;
        }
        if ((rc = grow(map, b)))
            break;
        for (unsigned long i = a; i <= b; i++)
            neg ? libxl_bitmap_reset(map, (int)i)
                : libxl_bitmap_set(map, (int)i);
    }
    free(buf);
    return rc;
}
