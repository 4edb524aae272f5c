/* SPDX-License-Identifier: LGPL-2.1-only */
/* NUMA placement of a new domain (see placement.h). */
#include <inttypes.h>

#include "placement.h"
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
};

static int read_topology(libxl__gc *gc, struct xctl *xc, libxl__numa_topo *t,
                         struct topo_raw *raw)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_numainfo };
    xen_sysctl_meminfo_t *mi = NULL;
    xen_sysctl_cputopo_t *ct = NULL;
    unsigned nn, nc;
    int rc = ERROR_FAIL;

    if (xctl_sysctl(xc, &s) < 0)
        return ERROR_FAIL;
    nn = s.u.numainfo.num_nodes;
    memset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_cputopoinfo;
    if (xctl_sysctl(xc, &s) < 0)
        return ERROR_FAIL;
    nc = s.u.cputopoinfo.num_cpus;
    if (!nn || nn > LIBXL__MAX_NODES || !nc)
        return ERROR_FAIL;
    mi = xctl_buffer_alloc(xc, nn * sizeof(*mi));
    ct = xctl_buffer_alloc(xc, nc * sizeof(*ct));
    if (!mi || !ct)
        goto out;
    memset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_numainfo;
    s.u.numainfo.num_nodes = nn;
    set_xen_guest_handle(s.u.numainfo.meminfo, mi);
    if (xctl_sysctl(xc, &s) < 0)
        goto out;
    memset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_cputopoinfo;
    s.u.cputopoinfo.num_cpus = nc;
    set_xen_guest_handle(s.u.cputopoinfo.cputopo, ct);
    if (xctl_sysctl(xc, &s) < 0)
        goto out;
    memset(t, 0, sizeof(*t));
    t->nr_nodes = (int)nn;
    for (unsigned i = 0; i < nn; i++)
        t->free_kb[i] =
            mi[i].memsize == XEN_INVALID_MEM_SZ ? 0 : mi[i].memfree >> 10;
    raw->nr_cpus = (int)nc;
    raw->cpu_node = libxl__zalloc(gc, nc * sizeof(uint32_t));
    for (unsigned i = 0; i < nc; i++) {
        raw->cpu_node[i] = ct[i].node;
        if (ct[i].node < nn)
            t->cpus[ct[i].node]++;
    }
    rc = 0;
out:
    if (mi)
        xctl_buffer_free(xc, mi, nn * sizeof(*mi));
    if (ct)
        xctl_buffer_free(xc, ct, nc * sizeof(*ct));
    return rc;
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
            if (info[d].domain == self)
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

int libxl__domain_place(libxl__gc *gc, uint32_t domid, libxl_domain_config *cfg)
{
    libxl_domain_build_info *b = &cfg->b_info;
    struct xctl *xc = libxl__xc(CTX);
    libxl__numa_topo t;
    struct topo_raw raw;
    uint64_t nodes, need_kb = b->max_memkb;
    uint8_t *soft;

    if (has_affinity(b) || !libxl_defbool_val(b->numa_placement))
        return 0;
    if (!xc || read_topology(gc, xc, &t, &raw)) {
        LOGD(WARNING, domid,
             "NUMA placement skipped: the topology is not "
             "available");
        return 0;
    }
    if (t.nr_nodes <= 1)
        return 0;
    count_vcpus(gc, xc, domid, &t, &raw);
    nodes = libxl__numa_choose(&t, need_kb, b->max_vcpus);
    if (!nodes) {
        LOGD(WARNING, domid,
             "NUMA placement failed: no set of nodes has %" PRIu64
             " MiB free and %d pCPUs; performance might be affected",
             need_kb >> 10, b->max_vcpus);
        return 0;
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
