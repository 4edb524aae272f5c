/* SPDX-License-Identifier: LGPL-2.1-only */
/* The restore-side build (pvrestore.h). */
#include "pvrestore.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "public/domctl.h"
#include "pvbuild_private.h"
#include "xctl.h"

#define PTE_FRAME     (((1ULL << 40) - 1) << 12)
#define L4_XEN_FIRST  256
#define L4_XEN_LAST   271
#define PFN_MASK      ((1ULL << 52) - 1)
#define NO_MFN        (~0ULL)
#define PVR_BATCH_MAX 1024 /* pages per call, as the stream's records */

struct pr_vcpu {
    int have_basic, have_ext;
    vcpu_guest_context_t basic;
    struct xen_domctl_ext_vcpucontext ext;
    uint64_t xsave_mask;
    void *xsave;
    size_t xsave_len;
    struct xen_domctl_vcpu_msr *msrs;
    unsigned nr_msrs;
};

struct pvrestore {
    struct pvb b; /* xc, cfg, err, p2m (pfn -> new mfn), total_pages */
    struct pvbuild_config cfg;
    uint8_t *types; /* type >> 28 per pfn; 0xf (XTAB) until seen */
    uint64_t *p2m_pfns, n_p2m_pfns;
    uint8_t shinfo[4096];
    int have_shinfo, have_tsc;
    struct xen_domctl_tsc_info tsc;
    unsigned max_vcpu_id;
    struct pr_vcpu *vcpus;
    xen_cpuid_leaf_t *leaves; /* the CPUID policy until it is set */
    unsigned nr_leaves;
    int have_policy, policy_set;
};

static int err(struct pvrestore *r, int e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int err(struct pvrestore *r, int e, const char *fmt, ...)
{
    va_list ap;

    if (r->b.err && r->b.errlen && !r->b.err[0]) {
        va_start(ap, fmt);
        vsnprintf(r->b.err, r->b.errlen, fmt, ap);
        va_end(ap);
    }
    errno = -e;
    return e;
}

struct pvrestore *pvrestore_new(struct xctl *xc,
                                const struct pvbuild_config *cfg,
                                uint64_t p2m_size, unsigned max_vcpu_id,
                                char *errbuf, size_t errlen)
{
    struct pvrestore *r = calloc(1, sizeof(*r));

    if (errbuf && errlen)
        errbuf[0] = 0;
    if (!r)
        goto nomem;
    r->cfg = *cfg;
    r->b.xc = xc;
    r->b.cfg = &r->cfg;
    r->b.err = errbuf;
    r->b.errlen = errlen;
    r->b.total_pages = p2m_size;
    r->max_vcpu_id = max_vcpu_id;
    if (!p2m_size || p2m_size > (1ULL << 28) || max_vcpu_id >= 4096) {
        err(r, -EINVAL, "stream describes %llu pfns and %u vCPUs: not sane",
            (unsigned long long)p2m_size, max_vcpu_id + 1);
        free(r);
        return NULL;
    }
    r->b.p2m = malloc(p2m_size * sizeof(*r->b.p2m));
    r->types = malloc(p2m_size);
    r->vcpus = calloc(max_vcpu_id + 1, sizeof(*r->vcpus));
    if (!r->b.p2m || !r->types || !r->vcpus) {
        pvrestore_free(r);
        goto nomem;
    }
    memset(r->b.p2m, 0xff, p2m_size * sizeof(*r->b.p2m));
    memset(r->types, 0xf, p2m_size);
    if (xctl_domain_set_address_size(xc, cfg->domid, 64) < 0) {
        err(r, -errno, "cannot make domain %u a 64-bit guest: %s", cfg->domid,
            strerror(errno));
        pvrestore_free(r);
        return NULL;
    }
    return r;
nomem:
    if (errbuf && errlen)
        snprintf(errbuf, errlen, "out of memory");
    errno = ENOMEM;
    return NULL;
}

void pvrestore_free(struct pvrestore *r)
{
    if (!r)
        return;
    if (r->vcpus)
        for (unsigned v = 0; v <= r->max_vcpu_id; v++) {
            free(r->vcpus[v].xsave);
            free(r->vcpus[v].msrs);
        }
    free(r->vcpus);
    free(r->leaves);
    free(r->types);
    free(r->b.p2m);
    free(r->p2m_pfns);
    free(r);
}

static int has_data(unsigned t)
{
    return t != 0xf && t != 0xe && t != 0xd; /* XTAB, XALLOC, BROKEN */
}

/* pfns seen for the first time get memory. */
static int populate(struct pvrestore *r, unsigned n, const uint64_t *ent)
{
    xen_pfn_t ext[PVR_BATCH_MAX];
    uint64_t pfn[PVR_BATCH_MAX];
    unsigned k = 0;
    long rc;

    for (unsigned i = 0; i < n; i++) {
        uint64_t p = ent[i] & PFN_MASK;
        unsigned t = (unsigned)(ent[i] >> 60);
        if (t == 0xf || t == 0xd || r->b.p2m[p] != NO_MFN)
            continue;
        r->b.p2m[p] = 0; /* claimed: a repeat in this batch is skipped */
        pfn[k] = p;
        ext[k++] = p;
    }
    if (!k)
        return 0;
    rc = xctl_populate_physmap(r->b.xc, r->cfg.domid, k, 0, 0, ext);
    if (rc < 0 || (unsigned)rc != k) {
        for (unsigned i = 0; i < k; i++)
            r->b.p2m[pfn[i]] = NO_MFN;
        return err(r, rc < 0 ? (int)rc : -ENOMEM,
                   "cannot populate %u pages of domain %u (not enough free "
                   "memory, or above its maximum?)",
                   k, r->cfg.domid);
    }
    for (unsigned i = 0; i < k; i++)
        r->b.p2m[pfn[i]] = ext[i];
    return 0;
}

/* pfns in a page table become this domain's frames. */
static int localise(struct pvrestore *r, unsigned t, uint64_t *pt, uint64_t pfn)
{
    unsigned lvl = t & 7;

    for (unsigned i = 0; i < 512; i++) {
        uint64_t pte = pt[i], p;
        if (lvl == 4 && i >= L4_XEN_FIRST && i <= L4_XEN_LAST)
            continue;
        if (!(pte & 1))
            continue;
        p = (pte & PTE_FRAME) >> 12;
        if (p >= r->b.total_pages || r->b.p2m[p] == NO_MFN) {
            /* A frame not (yet) present: populate it now; the stream
             * brings its data later, as live rounds may. */
            uint64_t e = p | (0ULL << 60);
            if (p >= r->b.total_pages)
                return err(r, -EINVAL,
                           "L%u table at pfn %#llx maps pfn %#llx beyond "
                           "the guest's %#llx",
                           lvl, (unsigned long long)pfn, (unsigned long long)p,
                           (unsigned long long)r->b.total_pages);
            if (populate(r, 1, &e) < 0)
                return -errno;
        }
        pt[i] = (pte & ~PTE_FRAME) | (r->b.p2m[p] << 12);
    }
    return 0;
}

int pvrestore_pages(struct pvrestore *r, unsigned n, const uint64_t *ent,
                    const uint8_t *data, size_t data_len)
{
    xen_pfn_t mfns[PVR_BATCH_MAX];
    uint8_t *map;
    unsigned nd = 0, k = 0;
    int rc;

    if (n > PVR_BATCH_MAX)
        return err(r, -EINVAL, "a batch of %u pages is too large", n);
    for (unsigned i = 0; i < n; i++) {
        uint64_t p = ent[i] & PFN_MASK;
        unsigned t = (unsigned)(ent[i] >> 60);
        if (p >= r->b.total_pages)
            return err(r, -EINVAL, "pfn %#llx beyond the guest's %#llx",
                       (unsigned long long)p,
                       (unsigned long long)r->b.total_pages);
        if (t >= 5 && t <= 8)
            return err(r, -EINVAL, "pfn %#llx has unknown type %#x",
                       (unsigned long long)p, t);
        nd += has_data(t);
    }
    if ((size_t)nd * 4096 != data_len)
        return err(r, -EINVAL, "a batch with %u pages carries %zu bytes", nd,
                   data_len);
    if ((rc = populate(r, n, ent)) < 0)
        return rc;
    for (unsigned i = 0; i < n; i++) {
        uint64_t p = ent[i] & PFN_MASK;
        unsigned t = (unsigned)(ent[i] >> 60);
        r->types[p] = (uint8_t)t;
        if (has_data(t))
            mfns[k++] = r->b.p2m[p];
    }
    if (!nd)
        return 0;
    map = xctl_map_foreign(r->b.xc, r->cfg.domid, PROT_READ | PROT_WRITE, mfns,
                           NULL, nd);
    if (!map)
        return err(r, -errno, "cannot map %u pages of domain %u: %s", nd,
                   r->cfg.domid, strerror(errno));
    k = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned t = (unsigned)(ent[i] >> 60);
        uint8_t *dst;
        if (!has_data(t))
            continue;
        dst = map + (size_t)k * 4096;
        memcpy(dst, data + (size_t)k * 4096, 4096);
        if ((t & 7) &&
            (rc = localise(r, t, (uint64_t *)dst, ent[i] & PFN_MASK)) < 0) {
            xctl_unmap(map, nd);
            return rc;
        }
        k++;
    }
    xctl_unmap(map, nd);
    return 0;
}

int pvrestore_p2m_frames(struct pvrestore *r, const uint64_t *pfns, uint64_t n)
{
    if (n != (r->b.total_pages + 511) / 512)
        return err(r, -EINVAL, "%llu p2m frames for %llu pfns",
                   (unsigned long long)n, (unsigned long long)r->b.total_pages);
    free(r->p2m_pfns);
    if (!(r->p2m_pfns = malloc(n * 8)))
        return err(r, -ENOMEM, "out of memory");
    memcpy(r->p2m_pfns, pfns, n * 8);
    r->n_p2m_pfns = n;
    return 0;
}

static struct pr_vcpu *vcpu(struct pvrestore *r, unsigned v)
{
    if (v > r->max_vcpu_id) {
        err(r, -EINVAL, "vCPU %u beyond the guest's %u", v, r->max_vcpu_id + 1);
        return NULL;
    }
    return &r->vcpus[v];
}

int pvrestore_vcpu(struct pvrestore *r, unsigned v,
                   const vcpu_guest_context_t *ctxt)
{
    struct pr_vcpu *c = vcpu(r, v);

    if (!c)
        return -EINVAL;
    c->basic = *ctxt;
    c->have_basic = 1;
    return 0;
}

int pvrestore_vcpu_ext(struct pvrestore *r, unsigned v,
                       const struct xen_domctl_ext_vcpucontext *ext)
{
    struct pr_vcpu *c = vcpu(r, v);

    if (!c)
        return -EINVAL;
    c->ext = *ext;
    c->have_ext = 1;
    return 0;
}

int pvrestore_vcpu_xsave(struct pvrestore *r, unsigned v, uint64_t mask,
                         const void *area, size_t len)
{
    struct pr_vcpu *c = vcpu(r, v);

    if (!c)
        return -EINVAL;
    free(c->xsave);
    if (!(c->xsave = malloc(len ? len : 1)))
        return err(r, -ENOMEM, "out of memory");
    memcpy(c->xsave, area, len);
    c->xsave_len = len;
    c->xsave_mask = mask;
    return 0;
}

int pvrestore_shared_info(struct pvrestore *r, const void *page)
{
    memcpy(r->shinfo, page, sizeof(r->shinfo));
    r->have_shinfo = 1;
    return 0;
}

int pvrestore_tsc(struct pvrestore *r, const struct xen_domctl_tsc_info *tsc)
{
    r->tsc = *tsc;
    r->have_tsc = 1;
    return 0;
}

int pvrestore_vcpu_msrs(struct pvrestore *r, unsigned v,
                        const struct xen_domctl_vcpu_msr *msrs, unsigned n)
{
    struct pr_vcpu *c = vcpu(r, v);

    if (!c)
        return -EINVAL;
    if (c->msrs)
        return err(r, -EINVAL, "vCPU %u's MSRs twice", v);
    if (!(c->msrs = malloc((n ? n : 1) * sizeof(*msrs))))
        return err(r, -ENOMEM, "out of memory");
    memcpy(c->msrs, msrs, n * sizeof(*msrs));
    c->nr_msrs = n;
    return 0;
}

int pvrestore_cpuid_policy(struct pvrestore *r, const xen_cpuid_leaf_t *leaves,
                           unsigned n)
{
    if (r->have_policy)
        return err(r, -EINVAL, "a second CPUID policy");
    if (!(r->leaves = malloc((n ? n : 1) * sizeof(*leaves))))
        return err(r, -ENOMEM, "out of memory");
    memcpy(r->leaves, leaves, n * sizeof(*leaves));
    r->nr_leaves = n;
    r->have_policy = 1;
    return 0;
}

static int set_policy(struct pvrestore *r, const xen_msr_entry_t *msrs,
                      unsigned n)
{
    uint32_t nl = r->nr_leaves, nm = n, e[3];
    xen_msr_entry_t none;

    if (xctl_cpu_policy(r->b.xc, r->cfg.domid, r->leaves, &nl,
                        n ? (xen_msr_entry_t *)msrs : &none, &nm, 1, e) < 0) {
        int en = errno;
        if (en == ERANGE && e[2] != ~0u)
            return err(r, -en,
                       "the hypervisor does not know MSR %#x of the guest's "
                       "MSR policy",
                       e[2]);
        if (en == ERANGE)
            return err(r, -en,
                       "the hypervisor does not know CPUID leaf %#x subleaf "
                       "%#x of the guest's policy",
                       e[0], e[1]);
        if (en == EINVAL)
            return err(r, -en,
                       "this host cannot give the guest the CPU it saw: the "
                       "hypervisor refused its CPUID/MSR policy (a feature "
                       "or value it had is not offered here)");
        return err(r, -en, "the hypervisor refused the CPUID/MSR policy: %s",
                   strerror(en));
    }
    r->policy_set = 1;
    free(r->leaves);
    r->leaves = NULL;
    return 0;
}

int pvrestore_msr_policy(struct pvrestore *r, const xen_msr_entry_t *msrs,
                         unsigned n)
{
    if (!r->have_policy || r->policy_set)
        return err(r, -EINVAL, "an MSR policy %s",
                   r->policy_set ? "twice" : "before the CPUID policy");
    return set_policy(r, msrs, n);
}

/* ---- the end of the stream -------------------------------------------- */

static int present(struct pvrestore *r, uint64_t pfn, const char *what,
                   int want_notab, uint64_t *mfn)
{
    if (pfn >= r->b.total_pages || r->b.p2m[pfn] == NO_MFN ||
        !has_data(r->types[pfn]))
        return err(r, -EINVAL, "%s pfn %#llx is not in the stream", what,
                   (unsigned long long)pfn);
    if (want_notab && r->types[pfn] != 0)
        return err(r, -EINVAL, "%s pfn %#llx is a page table", what,
                   (unsigned long long)pfn);
    *mfn = r->b.p2m[pfn];
    return 0;
}

static int write_guest_p2m(struct pvrestore *r)
{
    xen_pfn_t *mfns;
    uint64_t *p2m, i;
    int rc = 0;

    if (!r->n_p2m_pfns)
        return err(r, -EINVAL, "the stream has no P2M_FRAMES record");
    if (!(mfns = malloc(r->n_p2m_pfns * sizeof(*mfns))))
        return err(r, -ENOMEM, "out of memory");
    for (i = 0; i < r->n_p2m_pfns && !rc; i++) {
        uint64_t m;
        rc = present(r, r->p2m_pfns[i], "p2m frame", 1, &m);
        mfns[i] = m;
    }
    if (rc) {
        free(mfns);
        return rc;
    }
    p2m = xctl_map_foreign(r->b.xc, r->cfg.domid, PROT_READ | PROT_WRITE, mfns,
                           NULL, (unsigned)r->n_p2m_pfns);
    free(mfns);
    if (!p2m)
        return err(r, -errno, "cannot map the guest's p2m: %s",
                   strerror(errno));
    for (i = 0; i < r->n_p2m_pfns * 512; i++)
        p2m[i] = i < r->b.total_pages ? r->b.p2m[i] : NO_MFN;
    xctl_unmap(p2m, (unsigned)r->n_p2m_pfns);
    return 0;
}

static int pin_tables(struct pvrestore *r)
{
    static const unsigned cmd[5] = { 0, MMUEXT_PIN_L1_TABLE,
                                     MMUEXT_PIN_L2_TABLE, MMUEXT_PIN_L3_TABLE,
                                     MMUEXT_PIN_L4_TABLE };
    struct mmuext_op ops[256];
    unsigned n = 0;
    int rc;

    for (uint64_t p = 0; p < r->b.total_pages; p++) {
        unsigned t = r->types[p];
        if (!(t & 8) || t >= 0xd || !(t & 7))
            continue; /* LPINTAB: bit 31 of the type, bit 3 here */
        ops[n].cmd = cmd[t & 7];
        ops[n].arg1.mfn = r->b.p2m[p];
        if (++n == 256 || p + 1 == r->b.total_pages) {
            if ((rc = xctl_mmuext_op(r->b.xc, r->cfg.domid, ops, n)) < 0)
                return err(r, rc,
                           "the hypervisor refused to pin the guest's "
                           "page tables: %s",
                           strerror(-rc));
            n = 0;
        }
    }
    if (n && (rc = xctl_mmuext_op(r->b.xc, r->cfg.domid, ops, n)) < 0)
        return err(r, rc,
                   "the hypervisor refused to pin the guest's page tables: %s",
                   strerror(-rc));
    return 0;
}

static int fix_start_info(struct pvrestore *r, vcpu_guest_context_t *c0,
                          struct pvbuild_result *out)
{
    struct xen_domctl_getdomaininfo info;
    struct start_info *si;
    uint64_t si_mfn, store, cons;
    xen_pfn_t m;
    int rc;

    if ((rc = present(r, c0->user_regs.rdx, "start_info", 1, &si_mfn)))
        return rc;
    if (xctl_domain_getinfo(r->b.xc, r->cfg.domid, &info) < 0)
        return err(r, -errno, "domain %u: getdomaininfo failed", r->cfg.domid);
    m = si_mfn;
    si = xctl_map_foreign(r->b.xc, r->cfg.domid, PROT_READ | PROT_WRITE, &m,
                          NULL, 1);
    if (!si)
        return err(r, -errno, "cannot map start_info: %s", strerror(errno));
    /* The suspended guest left pfns for its rings. */
    if ((rc = present(r, si->store_mfn, "xenstore ring", 1, &store)) ||
        (rc = present(r, si->console.domU.mfn, "console ring", 1, &cons))) {
        xctl_unmap(si, 1);
        return rc;
    }
    out->store_gfn = si->store_mfn;
    out->console_gfn = si->console.domU.mfn;
    out->store_mfn = store;
    out->console_mfn = cons;
    si->store_mfn = store;
    si->store_evtchn = r->cfg.store_evtchn;
    si->console.domU.mfn = cons;
    si->console.domU.evtchn = r->cfg.console_evtchn;
    si->nr_pages = r->b.total_pages;
    si->shared_info = (uint64_t)info.shared_info_frame << 12;
    si->flags = 0;
    xctl_unmap(si, 1);
    c0->user_regs.rdx = si_mfn;
    r->b.xenstore_pfn = out->store_gfn;
    r->b.console_pfn = out->console_gfn;
    r->b.shared_info_mfn = info.shared_info_frame;
    return 0;
}

static int write_shared_info(struct pvrestore *r)
{
    const struct shared_info *old = (const void *)r->shinfo;
    struct shared_info *si;
    xen_pfn_t m = r->b.shared_info_mfn;

    if (!r->have_shinfo)
        return err(r, -EINVAL, "the stream has no SHARED_INFO record");
    si = xctl_map_foreign(r->b.xc, r->cfg.domid, PROT_READ | PROT_WRITE, &m,
                          NULL, 1);
    if (!si)
        return err(r, -errno, "cannot map shared_info: %s", strerror(errno));
    memcpy(si->vcpu_info, old->vcpu_info, sizeof(si->vcpu_info));
    si->arch = old->arch;
    si->arch.pfn_to_mfn_frame_list_list = 0; /* the guest sets it anew */
    memset(si->evtchn_pending, 0, sizeof(si->evtchn_pending));
    for (unsigned i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        si->vcpu_info[i].evtchn_pending_sel = 0;
    memset(si->evtchn_mask, 0xff, sizeof(si->evtchn_mask));
    xctl_unmap(si, 1);
    return 0;
}

static int frame(struct pvrestore *r, uint64_t *v, unsigned shift,
                 const char *what, unsigned vcpu)
{
    uint64_t pfn = *v >> shift, m;

    if (pfn >= r->b.total_pages || r->b.p2m[pfn] == NO_MFN)
        return err(r, -EINVAL, "vCPU %u: %s pfn %#llx is not the guest's", vcpu,
                   what, (unsigned long long)pfn);
    m = r->b.p2m[pfn];
    *v = (*v & ((1ULL << shift) - 1)) | (m << shift);
    return 0;
}

static int set_vcpus(struct pvrestore *r, vcpu_guest_context_t *c0)
{
    int rc;

    for (unsigned v = 0; v <= r->max_vcpu_id; v++) {
        struct pr_vcpu *c = &r->vcpus[v];
        vcpu_guest_context_t *g = v ? &c->basic : c0;
        if (!c->have_basic)
            continue;
        for (unsigned i = 0; i < (g->gdt_ents + 511) / 512 && i < 16; i++)
            if ((rc = frame(r, &g->gdt_frames[i], 0, "GDT", v)))
                return rc;
        if ((rc = frame(r, &g->ctrlreg[3], 12, "CR3", v)) ||
            (g->ctrlreg[1] &&
             (rc = frame(r, &g->ctrlreg[1], 12, "user CR3", v))))
            return rc;
        if (xctl_vcpu_setcontext(r->b.xc, r->cfg.domid, v, g) < 0)
            return err(r, -errno,
                       "the hypervisor refused vCPU %u's context: %s", v,
                       strerror(errno));
        if (c->have_ext &&
            xctl_vcpu_ext_context(r->b.xc, r->cfg.domid, v, &c->ext, 1) < 0)
            return err(r, -errno,
                       "the hypervisor refused vCPU %u's extended context: %s",
                       v, strerror(errno));
        if (c->xsave &&
            xctl_vcpu_extstate(r->b.xc, r->cfg.domid, v, &c->xsave_mask,
                               c->xsave, c->xsave_len, 1) < 0)
            return err(r, -errno,
                       "the hypervisor refused vCPU %u's XSAVE state: %s", v,
                       strerror(errno));
        if (c->nr_msrs) {
            uint32_t n = c->nr_msrs;
            if (xctl_vcpu_msrs(r->b.xc, r->cfg.domid, v, c->msrs, &n, 1) < 0)
                return err(r, -errno,
                           "the hypervisor refused vCPU %u's MSRs: %s", v,
                           strerror(errno));
        }
    }
    return 0;
}

int pvrestore_finish(struct pvrestore *r, struct pvbuild_result *out)
{
    vcpu_guest_context_t c0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!r->vcpus[0].have_basic)
        return err(r, -EINVAL, "the stream has no context for vCPU 0");
    c0 = r->vcpus[0].basic;
    if (r->have_policy && !r->policy_set && (rc = set_policy(r, NULL, 0)) < 0)
        return rc;
    if (r->have_tsc && xctl_tsc_info(r->b.xc, r->cfg.domid, &r->tsc, 1) < 0)
        return err(r, -errno, "the hypervisor refused the TSC settings: %s",
                   strerror(errno));
    if ((rc = write_guest_p2m(r)) < 0 || (rc = pin_tables(r)) < 0 ||
        (rc = fix_start_info(r, &c0, out)) < 0 ||
        (rc = write_shared_info(r)) < 0 || (rc = pvb_seed_grants(&r->b)) < 0 ||
        (rc = set_vcpus(r, &c0)) < 0)
        return rc;
    snprintf(out->guest_os, sizeof(out->guest_os), "linux");
    return 0;
}
