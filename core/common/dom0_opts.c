/* SPDX-License-Identifier: GPL-2.0-only */
/* Parsing of dom0_mem= and dom0_max_vcpus= (see xenith/dom0.h). */
#include <xenith/config.h>
#include <xenith/dom0.h>
#include <xenith/errno.h>
#include <xenith/lib.h>
#include <xenith/param.h>

struct dom0_opts dom0_opts = { .min_vcpus = 1 };

/* One "[min:|max:][-]<size>" item of dom0_mem. */
static int parse_mem_item(const char **s, struct dom0_opts *o)
{
    uint64_t *dst = &o->mem;
    bool neg = false;
    uint64_t v;

    if (!strncmp(*s, "min:", 4)) {
        dst = &o->mem_min;
        *s += 4;
    } else if (!strncmp(*s, "max:", 4)) {
        dst = &o->mem_max;
        *s += 4;
    } else if (**s == '-') {
        neg = true;
        (*s)++;
    }
    if (!parse_size(s, &v) || !v)
        return -EINVAL;
    *dst = v;
    if (dst == &o->mem)
        o->mem_all_but = neg;
    return 0;
}

int dom0_parse_mem(const char *s, struct dom0_opts *o)
{
    struct dom0_opts tmp = *o;

    if (!s || !*s)
        return -EINVAL;
    for (;;) {
        if (parse_mem_item(&s, &tmp))
            return -EINVAL;
        if (!*s)
            break;
        if (*s++ != ',')
            return -EINVAL;
    }
    if (tmp.mem_min && tmp.mem_max && tmp.mem_min > tmp.mem_max)
        return -EINVAL;
    *o = tmp;
    return 0;
}

/* Forms: "N" (exactly N), "N-M", "N-" (at least N), "-M" (at most M). */
int dom0_parse_max_vcpus(const char *s, struct dom0_opts *o)
{
    uint64_t lo = 1, hi = 0;

    if (!s || !*s)
        return -EINVAL;
    if (*s != '-' && !parse_u64(&s, &lo))
        return -EINVAL;
    if (*s == '-') {
        s++;
        if (*s && !parse_u64(&s, &hi))
            return -EINVAL;
    } else {
        hi = lo;
    }
    if (*s || !lo || lo > MAX_CPUS_SUPPORTED || hi > MAX_CPUS_SUPPORTED ||
        (hi && hi < lo))
        return -EINVAL;
    o->min_vcpus = (unsigned int)lo;
    o->max_vcpus = (unsigned int)hi;
    return 0;
}

static int param_dom0_mem(const char *v)
{
    return dom0_parse_mem(v, &dom0_opts);
}
custom_param("dom0_mem", param_dom0_mem);

static int param_dom0_max_vcpus(const char *v)
{
    return dom0_parse_max_vcpus(v, &dom0_opts);
}
custom_param("dom0_max_vcpus", param_dom0_max_vcpus);
