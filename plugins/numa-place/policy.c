/* SPDX-License-Identifier: LGPL-2.1-only */
/* numa-place's policies (see policy.h). */
#include <stdbool.h>
#include <string.h>

#include "policy.h"

static bool fits(const struct np_topo *t, uint64_t set, uint64_t need_kb)
{
    uint64_t sum = 0;

    for (unsigned i = 0; i < t->nr_nodes; i++)
        if (set >> i & 1)
            sum += t->node[i].free_kb;
    return sum >= need_kb;
}

uint64_t np_packed(const struct np_topo *t, uint64_t need_kb)
{
    uint64_t set = 0;

    for (unsigned i = 0; i < t->nr_nodes; i++)
        if (t->node[i].free_kb >= need_kb)
            return 1ull << i;
    for (unsigned i = 0; i < t->nr_nodes; i++) {
        if (!t->node[i].free_kb)
            continue;
        set |= 1ull << i;
        if (fits(t, set, need_kb))
            return set;
    }
    return 0;
}

/* Is node a less loaded than b (vCPUs per CPU, then free memory, then
 * number)? */
static bool less_loaded(const struct np_topo *t, unsigned a, unsigned b)
{
    const struct np_node *x = &t->node[a], *y = &t->node[b];
    uint64_t lx = (uint64_t)x->nr_vcpus * y->nr_cpus,
             ly = (uint64_t)y->nr_vcpus * x->nr_cpus;

    if (lx != ly)
        return lx < ly;
    if (x->free_kb != y->free_kb)
        return x->free_kb > y->free_kb;
    return a < b;
}

uint64_t np_spread(const struct np_topo *t, uint64_t need_kb)
{
    uint64_t set = 0;
    int best = -1;

    for (unsigned i = 0; i < t->nr_nodes; i++)
        if (t->node[i].nr_cpus && t->node[i].free_kb >= need_kb &&
            (best < 0 || less_loaded(t, i, (unsigned)best)))
            best = (int)i;
    if (best >= 0)
        return 1ull << best;
    for (;;) {
        best = -1;
        for (unsigned i = 0; i < t->nr_nodes; i++)
            if (!(set >> i & 1) && t->node[i].nr_cpus && t->node[i].free_kb &&
                (best < 0 || less_loaded(t, i, (unsigned)best)))
                best = (int)i;
        if (best < 0)
            return 0;
        set |= 1ull << best;
        if (fits(t, set, need_kb))
            return set;
    }
}

static uint64_t distance_to(const struct np_topo *t, unsigned n, uint64_t set)
{
    uint64_t d = 0;

    for (unsigned i = 0; i < t->nr_nodes; i++)
        if (set >> i & 1)
            d += t->dist ? t->dist[n * t->nr_nodes + i] : (n == i ? 10 : 20);
    return d;
}

uint64_t np_bandwidth(const struct np_topo *t, uint64_t need_kb)
{
    uint64_t set = 0;
    int first = -1;

    for (unsigned i = 0; i < t->nr_nodes; i++)
        if (first < 0 || t->node[i].free_kb > t->node[first].free_kb)
            first = (int)i;
    if (first < 0 || !t->node[first].free_kb)
        return 0;
    set = 1ull << first;
    while (!fits(t, set, need_kb)) {
        int best = -1;
        uint64_t bd = 0;

        for (unsigned i = 0; i < t->nr_nodes; i++) {
            uint64_t d;

            if (set >> i & 1 || !t->node[i].free_kb)
                continue;
            d = distance_to(t, i, set);
            if (best < 0 || d < bd ||
                (d == bd && t->node[i].free_kb > t->node[best].free_kb)) {
                best = (int)i;
                bd = d;
            }
        }
        if (best < 0)
            return 0;
        set |= 1ull << best;
    }
    return set;
}

np_policy_fn *np_policy(const char *name)
{
    if (!strcmp(name, "packed"))
        return np_packed;
    if (!strcmp(name, "spread"))
        return np_spread;
    if (!strcmp(name, "bandwidth"))
        return np_bandwidth;
    return NULL;
}
