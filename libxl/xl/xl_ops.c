/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the domain-operation and information commands. */
#include <ctype.h>
#include <string.h>

#include "xl_ops.h"

long xl_find_domain(const char *p)
{
    uint32_t domid;
    int rc = libxl_domain_qualifier_to_domid(ctx, p, &domid);

    if (rc) {
        fprintf(stderr, "%s is an invalid domain identifier (rc=%d)\n", p, rc);
        return -1;
    }
    return domid;
}

uint32_t xl_domain_or_exit(const char *p)
{
    long d = xl_find_domain(p);

    if (d < 0)
        exit(EXIT_FAILURE);
    return (uint32_t)d;
}

static void range_out(FILE *f, bool *first, int a, int b)
{
    fprintf(f, "%s%d", *first ? "" : ",", a);
    if (b > a)
        fprintf(f, "-%d", b);
    *first = false;
}

void xl_print_bitmap(const uint8_t *map, int nr_bits, FILE *f)
{
    bool first = true;
    int start = -1, set = 0;

    for (int i = 0; i < nr_bits; i++)
        set += (map[i / 8] >> (i % 8)) & 1;
    if (!set) {
        fputs("none", f);
        return;
    }
    if (set == nr_bits) {
        fputs("all", f);
        return;
    }
    for (int i = 0; i <= nr_bits; i++) {
        bool on = i < nr_bits && ((map[i / 8] >> (i % 8)) & 1);

        if (on && start < 0)
            start = i;
        if (!on && start >= 0) {
            range_out(f, &first, start, i - 1);
            start = -1;
        }
    }
}

int64_t xl_parse_mem_size_kb(const char *s)
{
    char *end;
    int64_t kb;

    kb = strtoll(s, &end, 10);
    if (end == s || strlen(end) > 1 || kb < 0)
        return -1;
    switch (tolower((unsigned char)*end)) {
    case 't':
        return kb << 30;
    case 'g':
        return kb << 20;
    case '\0':
    case 'm':
        return kb << 10;
    case 'k':
        return kb;
    case 'b':
        return kb >> 10;
    default:
        return -1;
    }
}
