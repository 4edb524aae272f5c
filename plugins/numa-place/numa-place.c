/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * numa-place: NUMA placement policies (packed, spread, bandwidth; see
 * policy.h and numa-place.7), chosen per host in the .conf and per guest
 * by numa_policy= in its xl.cfg, through libxl's placement hook.
 */
#include <stdio.h>
#include <string.h>

#include "libxl.h"
#include "policy.h"

struct np_conf {
    const char *policy; /* the host's default */
    int hard;           /* the affinity set: hard (1) or soft (0) */
};

static struct np_conf conf_of(libxl_plugin_ctx *pc)
{
    const char *aff = pc->get(pc, "affinity");
    const char *policy = pc->get(pc, "policy");
    struct np_conf c = { policy ? policy : "packed",
                         aff && !strcmp(aff, "hard") };
    return c;
}

static int np_init(libxl_plugin_ctx *pc)
{
    const char *aff = pc->get(pc, "affinity");
    struct np_conf c = conf_of(pc);

    if (!np_policy(c.policy)) {
        pc->log(pc, LIBXL_LOG_ERROR,
                "%s: policy: no policy named %s (packed, spread or "
                "bandwidth)",
                pc->conf, c.policy);
        return ERROR_INVAL;
    }
    if (aff && strcmp(aff, "hard") && strcmp(aff, "soft")) {
        pc->log(pc, LIBXL_LOG_ERROR,
                "%s: affinity must be \"hard\" or \"soft\", not \"%s\"",
                pc->conf, aff);
        return ERROR_INVAL;
    }
    return 0;
}

static int np_place(libxl_plugin_ctx *pc, const libxl_plugin_guest *guest,
                    const libxl_plugin_numa_topology *topo,
                    libxl_plugin_placement *out)
{
    struct np_conf c = conf_of(pc);
    const char *name = guest->numa_policy ? guest->numa_policy : c.policy;
    np_policy_fn *fn = np_policy(name);
    libxl_plugin_bitmap *aff =
        c.hard ? &out->hard_affinity : &out->soft_affinity;
    struct np_topo t = { .nr_nodes = topo->nr_nodes, .dist = topo->distance };
    char nodes[256] = "";
    size_t n = 0;
    uint64_t set;

    if (!fn) {
        pc->log(pc, LIBXL_LOG_ERROR,
                "guest %s: numa_policy \"%s\" is not a policy of numa-place "
                "(packed, spread or bandwidth)",
                guest->name, name);
        return ERROR_INVAL;
    }
    if (topo->nr_nodes > NP_MAX_NODES) {
        pc->log(pc, LIBXL_LOG_ERROR, "the host has %u NUMA nodes, more than %d",
                topo->nr_nodes, NP_MAX_NODES);
        return ERROR_INVAL;
    }
    for (unsigned i = 0; i < t.nr_nodes; i++) {
        t.node[i].free_kb = topo->nodes[i].free_memkb;
        t.node[i].nr_cpus = topo->nodes[i].nr_cpus;
        t.node[i].nr_vcpus = topo->nodes[i].nr_vcpus;
    }
    set = fn(&t, guest->max_memkb);
    if (!set) {
        pc->log(pc, LIBXL_LOG_WARNING,
                "guest %s: policy %s: no set of nodes has %llu MiB free; not "
                "placed, performance might be affected",
                guest->name, name, (unsigned long long)guest->max_memkb >> 10);
        return 0;
    }
    for (unsigned i = 0; i < t.nr_nodes; i++) {
        if (!(set >> i & 1))
            continue;
        libxl_plugin_bitmap_set(&out->nodes, i);
        for (uint32_t k = 0; k < topo->nodes[i].nr_cpus; k++)
            libxl_plugin_bitmap_set(aff, topo->nodes[i].cpus[k]);
        if (n < sizeof(nodes))
            n += (size_t)snprintf(nodes + n, sizeof(nodes) - n, "%s%u",
                                  n ? "," : "", i);
    }
    pc->log(pc, LIBXL_LOG_INFO, "guest %s: policy %s: node%s %s (%s affinity)",
            guest->name, name, strchr(nodes, ',') ? "s" : "", nodes,
            c.hard ? "hard" : "soft");
    return 0;
}

static const libxl_plugin_placement_ops np_ops = { .place = np_place };

static const char *const np_keys[] = { "policy", "affinity", NULL };

LIBXL_PLUGIN_DEFINE = {
    .abi_version = LIBXL_PLUGIN_ABI_VERSION,
    .name = "numa-place",
    .description = "NUMA placement policies: packed, spread, bandwidth",
    .keys = np_keys,
    .init = np_init,
    .placement = &np_ops,
};
