/* SPDX-License-Identifier: LGPL-2.1-only */
/* NUMA placement of a new domain (see placement.h). */
#include <inttypes.h>

#include "placement.h"
#include "plugin_call.h"
#include "plugin_private.h"
#include "xctl_sched.h"
#include "xctl.h"

static uint64_t sum_free(const libxl__numa_topo *t, uint64_t set)
{
    uint64_t s = 0;
    for (int i = 0; i < t->nr_nodes; i++)
        if (set & (1ull << i))
            s += t->free_kb[i];
    return s;
}

static int sum_int(const libxl__numa_topo *t, const int *v, uint64_t set)
{
    int s = 0;
    for (int i = 0; i < t->nr_nodes; i++)
        if (set & (1ull << i))
            s += v[i];
    return s;
}

/* The next set with as many bits, in increasing order (Gosper). */
static uint64_t next_same_popcount(uint64_t x)
{
    uint64_t c = x & -x, r = x + c;
    return r ? (((r ^ x) >> 2) / c) | r : 0;
}

/* Is a better than b (both fit, same number of nodes)? */
static bool better(const libxl__numa_topo *t, uint64_t a, uint64_t b)
{
    int va = sum_int(t, t->vcpus, a), vb = sum_int(t, t->vcpus, b);
    uint64_t fa, fb;

    if (va != vb)
        return va < vb;
    fa = sum_free(t, a);
    fb = sum_free(t, b);
    if (fa != fb)
        return fa > fb;
    return a < b;
}

uint64_t libxl__numa_choose(const libxl__numa_topo *t, uint64_t need_kb,
                            int min_cpus)
{
    int n = t->nr_nodes;
    uint64_t all = n >= 64 ? ~0ull : (1ull << n) - 1;
    unsigned long budget = 1ul << 20; /* combinations examined at most */

    for (int k = 1; k <= n; k++) {
        uint64_t best = 0;

        for (uint64_t s = (k == 64 ? ~0ull : (1ull << k) - 1);
             s && (s & ~all) == 0 && budget; s = next_same_popcount(s)) {
            budget--;
            if (sum_free(t, s) < need_kb || sum_int(t, t->cpus, s) < min_cpus)
                continue;
            if (!best || better(t, s, best))
                best = s;
            if (s == all)
                break;
        }
        if (best)
            return best;
    }
    return 0;
}

/* ---- the machine's topology ----------------------------------------- */

struct topo_raw {
    int nr_cpus;
    uint32_t *cpu_node; /* node of each pCPU, XEN_INVALID_NODE_ID if none */
    unsigned nr_nodes;
    struct xen_sysctl_meminfo *mem; /* per node */
    uint32_t *dist;                 /* nr_nodes * nr_nodes */
};

static int read_topology(libxl__gc *gc, struct xctl *xc, libxl__numa_topo *t,
                         struct topo_raw *raw)
{
    unsigned nn = 0, nc = 0;
    struct xen_sysctl_cputopo *ct;

    if (xctl_numainfo(xc, &nn, NULL, NULL) < 0 ||
        xctl_cputopoinfo(xc, &nc, NULL) < 0)
        return ERROR_FAIL;
    if (!nn || nn > LIBXL__MAX_NODES || !nc)
        return ERROR_FAIL;
    raw->mem = libxl__zalloc(gc, nn * sizeof(*raw->mem));
    raw->dist = libxl__zalloc(gc, nn * nn * sizeof(*raw->dist));
    ct = libxl__zalloc(gc, nc * sizeof(*ct));
    if (xctl_numainfo(xc, &nn, raw->mem, raw->dist) < 0 ||
        xctl_cputopoinfo(xc, &nc, ct) < 0)
        return ERROR_FAIL;
    memset(t, 0, sizeof(*t));
    t->nr_nodes = (int)nn;
    raw->nr_nodes = nn;
    for (unsigned i = 0; i < nn; i++)
        t->free_kb[i] = raw->mem[i].memsize == XEN_INVALID_MEM_SZ
                            ? 0
                            : raw->mem[i].memfree >> 10;
    raw->nr_cpus = (int)nc;
    raw->cpu_node = libxl__zalloc(gc, nc * sizeof(uint32_t));
    for (unsigned i = 0; i < nc; i++) {
        raw->cpu_node[i] = ct[i].node;
        if (ct[i].node < nn)
            t->cpus[ct[i].node]++;
    }
    return 0;
}

/* Counts, per node, the online vCPUs of other domains whose hard affinity
 * includes one of its pCPUs. */
static void count_vcpus(libxl__gc *gc, struct xctl *xc, uint32_t self,
                        libxl__numa_topo *t, const struct topo_raw *raw)
{
    struct xen_domctl_getdomaininfo info[64];
    unsigned nbytes = ((unsigned)raw->nr_cpus + 7) / 8;
    uint8_t *hard = libxl__zalloc(gc, nbytes);
    uint32_t next = 0;
    int n;

    while ((n = xctl_domain_getinfolist(xc, next, 64, info)) > 0) {
        for (int d = 0; d < n; d++) {
            next = info[d].domain + 1u;
            /* Another creation between createdomain and max_vcpus has
             * no vCPUs yet (max_vcpu_id is XEN_INVALID_MAX_VCPU_ID). */
            if (info[d].domain == self ||
                info[d].max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
                continue;
            for (unsigned v = 0; v <= info[d].max_vcpu_id; v++) {
                struct xen_domctl_getvcpuinfo vi;
                bool on[LIBXL__MAX_NODES] = { false };

                if (xctl_vcpu_getinfo(xc, info[d].domain, v, &vi) < 0 ||
                    !vi.online ||
                    xctl_vcpu_getaffinity(xc, info[d].domain, v, hard, NULL,
                                          (unsigned)raw->nr_cpus) < 0)
                    continue;
                for (int c = 0; c < raw->nr_cpus; c++)
                    if ((hard[c / 8] >> (c % 8)) & 1 &&
                        raw->cpu_node[c] < (uint32_t)t->nr_nodes)
                        on[raw->cpu_node[c]] = true;
                for (int i = 0; i < t->nr_nodes; i++)
                    t->vcpus[i] += on[i];
            }
        }
        if (n < 64)
            break;
    }
}

static bool has_affinity(const libxl_domain_build_info *b)
{
    return b->cpumap.size || b->nodemap.size || b->num_vcpu_hard_affinity ||
           b->num_vcpu_soft_affinity;
}

/* ---- a placement plugin ---------------------------------------------- */

static libxl_plugin_bitmap plugin_bitmap(libxl__gc *gc, uint32_t nr_bits)
{
    libxl_plugin_bitmap b = { nr_bits, libxl__zalloc(gc, (nr_bits + 7) / 8) };
    return b;
}

static bool bitmap_empty(const libxl_plugin_bitmap *b)
{
    for (uint32_t i = 0; i < (b->nr_bits + 7) / 8; i++)
        if (b->map[i])
            return false;
    return true;
}

static libxl_plugin_numa_topology plugin_topology(libxl__gc *gc,
                                                  const libxl__numa_topo *t,
                                                  const struct topo_raw *raw)
{
    libxl_plugin_numa_topology topo = { .nr_nodes = raw->nr_nodes,
                                        .distance = raw->dist,
                                        .nr_cpus = (uint32_t)raw->nr_cpus };
    libxl_plugin_numa_node *nodes =
        libxl__zalloc(gc, raw->nr_nodes * sizeof(*nodes));

    for (unsigned i = 0; i < raw->nr_nodes; i++) {
        uint32_t *cpus = libxl__zalloc(gc, (size_t)raw->nr_cpus * 4 + 4);

        if (raw->mem[i].memsize != XEN_INVALID_MEM_SZ) {
            nodes[i].size_memkb = raw->mem[i].memsize >> 10;
            nodes[i].free_memkb = raw->mem[i].memfree >> 10;
        }
        for (int c = 0; c < raw->nr_cpus; c++)
            if (raw->cpu_node[c] == i)
                cpus[nodes[i].nr_cpus++] = (uint32_t)c;
        nodes[i].cpus = cpus;
        nodes[i].nr_vcpus = (uint32_t)t->vcpus[i];
    }
    topo.nodes = nodes;
    return topo;
}

/* What the plugin chose: the node affinity, then each vCPU's affinity. */
static int apply_placement(libxl__gc *gc, struct xctl *xc, uint32_t domid,
                           int nr_vcpus, const libxl_plugin_placement *out)
{
    const libxl_plugin_bitmap *h = &out->hard_affinity,
                              *s = &out->soft_affinity;
    bool has_h = !bitmap_empty(h), has_s = !bitmap_empty(s);

    if (!bitmap_empty(&out->nodes) &&
        xctl_domain_setnodeaffinity(xc, domid, out->nodes.map,
                                    out->nodes.nr_bits) < 0) {
        LOGED(ERROR, domid, "cannot set the node affinity the plugin chose");
        return ERROR_FAIL;
    }
    if (!has_h && !has_s)
        return 0;
    for (int v = 0; v < nr_vcpus; v++)
        if (xctl_vcpu_setaffinity(xc, domid, (unsigned)v, has_h ? h->map : NULL,
                                  has_s ? s->map : NULL, h->nr_bits) < 0) {
            LOGED(ERROR, domid,
                  "cannot set the affinity of vCPU %d the plugin chose", v);
            return ERROR_FAIL;
        }
    return 0;
}

/* 0: placed by pl; 1: pl failed with on_error = "continue" (the built-in
 * placement follows); an error otherwise. */
static int plugin_place(libxl__gc *gc, struct xctl *xc, uint32_t domid,
                        const libxl_domain_config *cfg,
                        const libxl__numa_topo *t, const struct topo_raw *raw,
                        libxl__plugin *pl)
{
    libxl_plugin_numa_topology topo = plugin_topology(gc, t, raw);
    libxl_plugin_placement out = {
        .nodes = plugin_bitmap(gc, raw->nr_nodes),
        .hard_affinity = plugin_bitmap(gc, (uint32_t)raw->nr_cpus),
        .soft_affinity = plugin_bitmap(gc, (uint32_t)raw->nr_cpus),
    };
    libxl_plugin_guest g;
    int rc;

    libxl__plugin_guest_of(gc, domid, cfg, &g);
    rc = pl->desc->placement->place(&pl->pc, &g, &topo, &out);
    if (rc) {
        rc = libxl__plugin_hook_failed(gc, pl, LIBXL_PLUGIN_HOOK_PLACEMENT, rc);
        return rc ? rc : 1;
    }
    rc = apply_placement(gc, xc, domid, cfg->b_info.max_vcpus, &out);
    if (!rc)
        LOGD(DETAIL, domid, "NUMA placement by plugin %s", pl->name);
    return rc;
}

int libxl__domain_place(libxl__gc *gc, uint32_t domid, libxl_domain_config *cfg)
{
    libxl_domain_build_info *b = &cfg->b_info;
    struct xctl *xc = libxl__xc(CTX);
    libxl__numa_topo t;
    struct topo_raw raw;
    uint64_t nodes, need_kb = b->max_memkb;
    uint8_t *soft;
    libxl__plugin *pl;
    int rc;

    if (has_affinity(b) || !libxl_defbool_val(b->numa_placement))
        return 0;
    if (!xc || read_topology(gc, xc, &t, &raw)) {
        LOGD(WARNING, domid,
             "NUMA placement skipped: the topology is not "
             "available");
        return 0;
    }
    if ((rc = libxl__plugin_find(gc, LIBXL_PLUGIN_HOOK_PLACEMENT, &pl)))
        return rc;
    count_vcpus(gc, xc, domid, &t, &raw);
    if (pl && (rc = plugin_place(gc, xc, domid, cfg, &t, &raw, pl)) != 1)
        return rc;
    if (b->numa_policy)
        LOGD(WARNING, domid,
             "numa_policy=\"%s\" ignored: no placement plugin is enabled "
             "in /etc/xen/plugins.d; the built-in placement applies",
             b->numa_policy);
    if (t.nr_nodes <= 1)
        return 0;
    nodes = libxl__numa_choose(&t, need_kb, b->max_vcpus);
    if (!nodes) {
        LOGD(WARNING, domid,
             "NUMA placement failed: no set of nodes has %" PRIu64
             " MiB free and %d pCPUs; performance might be affected",
             need_kb >> 10, b->max_vcpus);
        return 0;
    }
    /* As libxl 4.17: the node affinity too, so the memory comes from
     * the chosen nodes. */
    {
        uint8_t map[8];

        for (unsigned i = 0; i < sizeof(map); i++)
            map[i] = (uint8_t)(nodes >> (8 * i));
        if (xctl_domain_setnodeaffinity(xc, domid, map, raw.nr_nodes) < 0) {
            LOGED(ERROR, domid, "cannot set the node affinity 0x%" PRIx64,
                  nodes);
            return ERROR_FAIL;
        }
    }
    soft = libxl__zalloc(gc, ((unsigned)raw.nr_cpus + 7) / 8);
    for (int c = 0; c < raw.nr_cpus; c++)
        if (raw.cpu_node[c] < 64 && (nodes >> raw.cpu_node[c]) & 1)
            soft[c / 8] |= (uint8_t)(1u << (c % 8));
    for (int v = 0; v < b->max_vcpus; v++)
        if (xctl_vcpu_setaffinity(xc, domid, (unsigned)v, NULL, soft,
                                  (unsigned)raw.nr_cpus) < 0) {
            LOGED(ERROR, domid, "cannot set the soft affinity of vCPU %d", v);
            return ERROR_FAIL;
        }
    LOGD(DETAIL, domid, "NUMA placement: nodes 0x%" PRIx64, nodes);
    return 0;
}
