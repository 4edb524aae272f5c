/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_domain_suspend: a PV domain written as a save stream
 * (docs/save-format.md).  The guest suspends itself (xenstore
 * control/shutdown = suspend, then SCHEDOP_shutdown(suspend)); its p2m is
 * read through the frame lists it publishes in shared_info; every page
 * goes out with its type, page tables with machine frames replaced by
 * pfns; then each online vCPU's context (frames as pfns) and MSRs,
 * shared_info, and the END record with the stream's checksum.  The
 * domain's CPUID and MSR policy go before the pages, so that a host that
 * cannot give the guest the CPU it saw refuses the stream early.
 *
 * Live (LIBXL_SUSPEND_LIVE): log-dirty mode first, every page sent while
 * the guest runs, then rounds of the pages dirtied meanwhile until the
 * count stops falling, is small, or SR_MAX_ROUNDS passed; then the guest
 * is suspended and the last dirty pages, the vCPUs and shared_info sent.
 */
#include <inttypes.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ao.h"
#include "device.h"
#include "public/sched.h"
#include "remus.h"
#include "save_codec.h"
#include "save_private.h"
#include "save_records.h"
#include "stream.h"
#include "xctl.h"
#include "xs.h"

struct sr_rev {
    uint64_t mfn, pfn;
};

struct save {
    libxl__gc *gc;
    struct xctl *xc;
    uint32_t domid;
    struct libxl__stream s;
    struct xen_domctl_getdomaininfo info;
    uint64_t p2m_size, p2m_frames;
    uint64_t *p2m;           /* pfn -> mfn */
    uint64_t *p2m_frame_pfn; /* the guest's p2m pages, as pfns */
    struct sr_rev *rev;      /* mfn -> pfn, sorted by mfn */
    uint64_t nr_rev;
    uint8_t *resend; /* live: pages to send again at the end */
    uint64_t sent_pages, sent_bytes;
    unsigned rounds;
    int live, final, remus;
    struct libxl__save_codec *codec; /* NULL: PAGE_DATA records */
};

static int rev_cmp(const void *a, const void *b)
{
    const struct sr_rev *x = a, *y = b;
    return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

static int mfn_to_pfn(const struct save *sv, uint64_t mfn, uint64_t *pfn)
{
    struct sr_rev k = { .mfn = mfn }, *r;

    r = bsearch(&k, sv->rev, sv->nr_rev, sizeof(k), rev_cmp);
    if (!r)
        return -1;
    *pfn = r->pfn;
    return 0;
}

/* ---- suspending ------------------------------------------------------- */

static int suspended(struct save *sv, int *gone)
{
    struct xen_domctl_getdomaininfo i;

    *gone = 0;
    if (xctl_domain_getinfo(sv->xc, sv->domid, &i) < 0) {
        *gone = 1;
        return 0;
    }
    if (!(i.flags & XEN_DOMINF_shutdown))
        return 0;
    if (((i.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) !=
        SHUTDOWN_suspend) {
        *gone = 1;
        return 0;
    }
    return 1;
}

static int suspend_guest(struct save *sv)
{
    libxl__gc *gc = sv->gc;
    char *path =
        GCSPRINTF("%s/control/shutdown", libxl__xs_dompath(gc, sv->domid));
    struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
    int gone, i;

    if (suspended(sv, &gone))
        return 0;
    if (libxl__xs_write(gc, XBT_NULL, path, "suspend"))
        return ERROR_FAIL;
    for (i = 0; i < 6000; i++) {
        if (suspended(sv, &gone))
            return 0;
        if (gone) {
            LOGD(ERROR, sv->domid,
                 "the guest shut down or vanished instead of suspending");
            return ERROR_FAIL;
        }
        nanosleep(&ten_ms, NULL);
    }
    libxl__xs_rm(gc, XBT_NULL, path);
    LOGD(ERROR, sv->domid,
         "the guest did not suspend within 60 s (no PV suspend support?)");
    return ERROR_GUEST_TIMEDOUT;
}

/* ---- the p2m ---------------------------------------------------------- */

static void *map_ro(struct save *sv, const xen_pfn_t *mfns, unsigned n)
{
    return xctl_map_foreign(sv->xc, sv->domid, PROT_READ, mfns, NULL, n);
}

static int read_p2m(struct save *sv)
{
    libxl__gc *gc = sv->gc;
    struct shared_info *si;
    uint64_t fll_mfn, *fll = NULL, *fl = NULL, *p2m = NULL, max_pfn;
    xen_pfn_t m;
    uint64_t n_fl, i, j;
    int rc = ERROR_FAIL;

    if (xctl_domain_getinfo(sv->xc, sv->domid, &sv->info) < 0)
        return ERROR_DOMAIN_NOTFOUND;
    if (sv->info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID) {
        LOGD(ERROR, sv->domid,
             "the domain has no vCPUs yet (its creation has not finished)");
        return ERROR_FAIL;
    }
    m = sv->info.shared_info_frame;
    if (!(si = map_ro(sv, &m, 1))) {
        LOGED(ERROR, sv->domid, "cannot map shared_info");
        return ERROR_FAIL;
    }
    fll_mfn = si->arch.pfn_to_mfn_frame_list_list;
    max_pfn = si->arch.max_pfn;
    xctl_unmap(si, 1);
    if (!fll_mfn || fll_mfn == ~0ULL || !max_pfn || max_pfn > (1ULL << 36)) {
        LOGD(ERROR, sv->domid,
             "the guest publishes no p2m frame list (max_pfn %#" PRIx64
             ", list %#" PRIx64 ")",
             max_pfn, fll_mfn);
        return ERROR_FAIL;
    }
    sv->p2m_size = max_pfn;
    sv->p2m_frames = (max_pfn + 511) / 512;
    n_fl = (sv->p2m_frames + 511) / 512;
    if (n_fl > 512) {
        LOGD(ERROR, sv->domid, "p2m of %" PRIu64 " pfns is too large", max_pfn);
        return ERROR_FAIL;
    }
    m = fll_mfn;
    if (!(fll = map_ro(sv, &m, 1)))
        goto map_fail;
    if (!(fl = map_ro(sv, fll, (unsigned)n_fl)))
        goto map_fail;
    free(sv->p2m);
    sv->p2m = malloc(sv->p2m_frames * 4096);
    sv->p2m_frame_pfn = realloc(sv->p2m_frame_pfn, sv->p2m_frames * 8);
    if (!sv->p2m || !sv->p2m_frame_pfn)
        goto out;
    if (!(p2m = map_ro(sv, fl, (unsigned)sv->p2m_frames)))
        goto map_fail;
    memcpy(sv->p2m, p2m, sv->p2m_frames * 4096);
    /* The reverse map, then the p2m's own pages as pfns. */
    free(sv->rev);
    sv->rev = malloc(sv->p2m_size * sizeof(*sv->rev));
    if (!sv->rev)
        goto out;
    for (i = j = 0; i < sv->p2m_size; i++)
        if (!SR_MFN_INVALID(sv->p2m[i]))
            sv->rev[j++] = (struct sr_rev){ sv->p2m[i], i };
    sv->nr_rev = j;
    qsort(sv->rev, j, sizeof(*sv->rev), rev_cmp);
    for (i = 0; i < sv->p2m_frames; i++)
        if (mfn_to_pfn(sv, fl[i], &sv->p2m_frame_pfn[i])) {
            LOGD(ERROR, sv->domid,
                 "p2m frame %" PRIu64 " (mfn %#" PRIx64 ") is not the guest's",
                 i, fl[i]);
            goto out;
        }
    rc = 0;
    goto out;
map_fail:
    LOGED(ERROR, sv->domid, "cannot map the guest's p2m frame lists");
out:
    if (p2m)
        xctl_unmap(p2m, (unsigned)sv->p2m_frames);
    if (fl)
        xctl_unmap(fl, (unsigned)n_fl);
    if (fll)
        xctl_unmap(fll, 1);
    return rc;
}

/* ---- pages ------------------------------------------------------------ */

static int has_data(uint32_t type)
{
    return type != XEN_DOMCTL_PFINFO_XTAB && type != XEN_DOMCTL_PFINFO_XALLOC &&
           type != XEN_DOMCTL_PFINFO_BROKEN;
}

/* Machine frames in a page table become pfns; 1 when one is not the
 * guest's (live rounds send it again later). */
static int canonicalise(struct save *sv, uint32_t type, uint64_t *pt,
                        uint64_t pfn)
{
    unsigned lvl = (type & XEN_DOMCTL_PFINFO_LTABTYPE_MASK) >>
                   XEN_DOMCTL_PFINFO_LTAB_SHIFT;
    libxl__gc *gc = sv->gc;

    for (unsigned i = 0; i < 512; i++) {
        uint64_t pte = pt[i], p;
        if (lvl == 4 && i >= SR_L4_XEN_FIRST && i <= SR_L4_XEN_LAST) {
            pt[i] = 0;
            continue;
        }
        if (!(pte & 1))
            continue;
        if (mfn_to_pfn(sv, (pte & SR_PTE_FRAME_MASK) >> 12, &p)) {
            if (sv->live && !sv->final)
                return 1;
            LOGD(ERROR, sv->domid,
                 "L%u table at pfn %#" PRIx64 " maps frame %#" PRIx64
                 " (entry %u), which is not the guest's",
                 lvl, pfn, (uint64_t)((pte & SR_PTE_FRAME_MASK) >> 12), i);
            return -1;
        }
        pt[i] = (pte & ~SR_PTE_FRAME_MASK) | (p << 12);
    }
    return 0;
}

/* One PAGE_DATA record of n pfns. */
static int send_batch(struct save *sv, const uint64_t *pfns, unsigned n,
                      uint64_t *ent, xen_pfn_t *mfns, uint8_t *data)
{
    libxl__gc *gc = sv->gc;
    unsigned i, nq = 0, nd = 0, k, nout;
    xen_pfn_t q[XS_PAGES_MAX];
    int errs[XS_PAGES_MAX];
    uint32_t types[XS_PAGES_MAX];
    uint8_t *map = NULL;
    uint32_t hdr[2] = { n, 0 };

    for (i = 0; i < n; i++) {
        uint64_t m = sv->p2m[pfns[i]];
        types[i] = XEN_DOMCTL_PFINFO_XTAB;
        if (!SR_MFN_INVALID(m))
            q[nq++] = m;
    }
    if (nq && xctl_getpageframeinfo3(sv->xc, sv->domid, nq, q) < 0) {
        LOGED(ERROR, sv->domid, "cannot read page types");
        return ERROR_FAIL;
    }
    for (i = k = 0; i < n; i++) {
        if (SR_MFN_INVALID(sv->p2m[pfns[i]]))
            continue;
        types[i] = (uint32_t)(q[k++] & XEN_DOMCTL_PFINFO_LTAB_MASK);
        if (has_data(types[i]))
            mfns[nd++] = sv->p2m[pfns[i]];
    }
    if (nd) {
        map = xctl_map_foreign(sv->xc, sv->domid, PROT_READ, mfns, errs, nd);
        if (!map) {
            LOGED(ERROR, sv->domid, "cannot map %u pages", nd);
            return ERROR_FAIL;
        }
    }
    /* k: the page's slot in the mapping; nout: its slot in the record.
     * While the guest runs, a page that cannot be read or put in pfn
     * terms yet (a table still mapping a frame that is not the guest's,
     * as Linux's shared_info mapping) goes without data, as "no page
     * here", and again in a later round. */
    for (i = k = nout = 0; i < n; i++) {
        uint32_t t = types[i];
        if (has_data(t)) {
            uint8_t *dst = data + (size_t)nout * 4096;
            int c = 0;
            if (errs[k]) {
                if (!(sv->live && !sv->final)) {
                    LOGD(ERROR, sv->domid, "cannot map pfn %#" PRIx64, pfns[i]);
                    xctl_unmap(map, nd);
                    return ERROR_FAIL;
                }
                c = 1;
            } else {
                memcpy(dst, map + (size_t)k * 4096, 4096);
                if (t & XEN_DOMCTL_PFINFO_LTABTYPE_MASK)
                    c = canonicalise(sv, t, (uint64_t *)dst, pfns[i]);
            }
            if (c < 0) {
                xctl_unmap(map, nd);
                return ERROR_FAIL;
            }
            k++;
            if (c > 0) {
                sv->resend[pfns[i]] = 1;
                t = XEN_DOMCTL_PFINFO_XTAB;
            } else {
                nout++;
            }
        }
        ent[i] = pfns[i] | ((uint64_t)(t >> 28) << XS_TYPE_SHIFT);
    }
    if (map)
        xctl_unmap(map, nd);
    if (sv->codec) {
        int rc = libxl__save_codec_write_pages(gc, sv->codec, &sv->s, ent, n,
                                               data, nd);
        sv->sent_pages += rc ? 0 : nd;
        return rc;
    }
    memmove(ent + 1, ent, (size_t)n * 8); /* room for the count */
    memcpy(ent, hdr, 8);
    if (libxl__stream_write_record(&sv->s, XS_REC_PAGE_DATA, ent,
                                   ((size_t)n + 1) * 8, data,
                                   (size_t)nout * 4096)) {
        LOGD(ERROR, sv->domid, "%s", sv->s.err);
        return ERROR_FAIL;
    }
    sv->sent_pages += nout;
    return 0;
}

/* Sends the pfns whose bit is set in map (all when map is NULL). */
static int send_pages(struct save *sv, const uint8_t *map)
{
    uint64_t pfns[XS_PAGES_MAX];
    uint64_t *ent = malloc((XS_PAGES_MAX + 1) * 8);
    xen_pfn_t *mfns = malloc(XS_PAGES_MAX * sizeof(*mfns));
    uint8_t *data = malloc((size_t)XS_PAGES_MAX * 4096);
    unsigned n = 0;
    int rc = ERROR_NOMEM;

    if (!ent || !mfns || !data)
        goto out;
    rc = 0;
    for (uint64_t pfn = 0; pfn < sv->p2m_size && !rc; pfn++) {
        if (map && !(map[pfn / 8] & (1u << (pfn % 8))))
            continue;
        pfns[n++] = pfn;
        if (n == XS_PAGES_MAX) {
            rc = send_batch(sv, pfns, n, ent, mfns, data);
            n = 0;
        }
    }
    if (!rc && n)
        rc = send_batch(sv, pfns, n, ent, mfns, data);
out:
    free(ent);
    free(mfns);
    free(data);
    return rc;
}

/* ---- vCPUs, shared info ----------------------------------------------- */

static int pfn_of(struct save *sv, uint64_t mfn, uint64_t *pfn,
                  const char *what, unsigned vcpu)
{
    libxl__gc *gc = sv->gc;

    if (!mfn_to_pfn(sv, mfn, pfn))
        return 0;
    LOGD(ERROR, sv->domid, "vCPU %u: %s frame %#" PRIx64 " is not the guest's",
         vcpu, what, mfn);
    return ERROR_FAIL;
}

/* The MSRs the hypervisor keeps for the vCPU (Xen's list); only those
 * whose value is not 0 are listed, and no record goes when none is. */
static int send_vcpu_msrs(struct save *sv, unsigned v)
{
    libxl__gc *gc = sv->gc;
    struct xs_vcpu_msrs h = { .vcpu = v };
    struct xen_domctl_vcpu_msr m[XS_VCPU_MSRS_MAX];
    uint32_t n = 0;

    if (xctl_vcpu_msrs(sv->xc, sv->domid, v, NULL, &n, 0) < 0) {
        LOGED(ERROR, sv->domid, "cannot ask how many MSRs vCPU %u has", v);
        return ERROR_FAIL;
    }
    if (n > XS_VCPU_MSRS_MAX) {
        LOGD(ERROR, sv->domid, "vCPU %u may have %u MSRs, more than %u", v, n,
             XS_VCPU_MSRS_MAX);
        return ERROR_FAIL;
    }
    if (n && xctl_vcpu_msrs(sv->xc, sv->domid, v, m, &n, 0) < 0) {
        LOGED(ERROR, sv->domid, "cannot read vCPU %u's MSRs", v);
        return ERROR_FAIL;
    }
    LOGD(DEBUG, sv->domid, "vCPU %u: %u MSRs not 0", v, n);
    if (!n)
        return 0;
    h.count = n;
    if (libxl__stream_write_record(&sv->s, XS_REC_VCPU_MSRS, &h, sizeof(h), m,
                                   (size_t)n * sizeof(m[0]))) {
        LOGD(ERROR, sv->domid, "%s", sv->s.err);
        return ERROR_FAIL;
    }
    return 0;
}

/* The domain's CPUID leaves and MSR policy, as the hypervisor serialises
 * them. */
static int send_policy(struct save *sv)
{
    libxl__gc *gc = sv->gc;
    xen_cpuid_leaf_t *leaves =
        libxl__zalloc(gc, XS_POLICY_MAX_LEAVES * sizeof(*leaves));
    xen_msr_entry_t msrs[XS_POLICY_MAX_MSRS];
    uint32_t nl = XS_POLICY_MAX_LEAVES, nm = XS_POLICY_MAX_MSRS;

    if (xctl_cpu_policy(sv->xc, sv->domid, leaves, &nl, msrs, &nm, 0, NULL) <
        0) {
        LOGED(ERROR, sv->domid, "cannot read the domain's CPUID/MSR policy");
        return ERROR_FAIL;
    }
    LOGD(DEBUG, sv->domid, "CPUID policy of %u leaves, MSR policy of %u", nl,
         nm);
    if (libxl__stream_write_record(&sv->s, XS_REC_CPUID_POLICY, leaves,
                                   (size_t)nl * sizeof(*leaves), NULL, 0) ||
        libxl__stream_write_record(&sv->s, XS_REC_MSR_POLICY, msrs,
                                   (size_t)nm * sizeof(*msrs), NULL, 0)) {
        LOGD(ERROR, sv->domid, "%s", sv->s.err);
        return ERROR_FAIL;
    }
    return 0;
}

static int send_vcpu(struct save *sv, unsigned v)
{
    libxl__gc *gc = sv->gc;
    struct {
        uint32_t vcpu, pad;
        vcpu_guest_context_t c;
    } b = { .vcpu = v };
    struct {
        uint32_t vcpu, pad;
        struct xen_domctl_ext_vcpucontext e;
    } x = { .vcpu = v };
    struct xen_domctl_getvcpuinfo vi;
    uint64_t p, mask = 0;
    long size;
    int rc;

    if (xctl_vcpu_getinfo(sv->xc, sv->domid, v, &vi) < 0 || !vi.online)
        return 0;
    if (xctl_vcpu_getcontext(sv->xc, sv->domid, v, &b.c) < 0) {
        LOGED(ERROR, sv->domid, "cannot read vCPU %u's context", v);
        return ERROR_FAIL;
    }
    for (unsigned i = 0; i < (b.c.gdt_ents + 511) / 512 && i < 16; i++) {
        if ((rc = pfn_of(sv, b.c.gdt_frames[i], &p, "GDT", v)))
            return rc;
        b.c.gdt_frames[i] = p;
    }
    if ((rc = pfn_of(sv, b.c.ctrlreg[3] >> 12, &p, "CR3", v)))
        return rc;
    b.c.ctrlreg[3] = p << 12;
    if (b.c.ctrlreg[1]) {
        if ((rc = pfn_of(sv, b.c.ctrlreg[1] >> 12, &p, "user CR3", v)))
            return rc;
        b.c.ctrlreg[1] = p << 12;
    }
    /* vCPU 0 suspended with its start_info frame in rdx. */
    if (v == 0) {
        if ((rc = pfn_of(sv, b.c.user_regs.rdx, &p, "start_info", v)))
            return rc;
        b.c.user_regs.rdx = p;
    }
    if (libxl__stream_write_record(&sv->s, XS_REC_VCPU_BASIC, &b, sizeof(b),
                                   NULL, 0))
        goto wfail;
    if (xctl_vcpu_ext_context(sv->xc, sv->domid, v, &x.e, 0) < 0) {
        LOGED(ERROR, sv->domid, "cannot read vCPU %u's extended context", v);
        return ERROR_FAIL;
    }
    if (libxl__stream_write_record(&sv->s, XS_REC_VCPU_EXTENDED, &x, sizeof(x),
                                   NULL, 0))
        goto wfail;
    if ((rc = send_vcpu_msrs(sv, v)))
        return rc;
    size = xctl_vcpu_extstate(sv->xc, sv->domid, v, &mask, NULL, 0, 0);
    if (size > 0) {
        uint8_t *area = malloc((size_t)size + 16);
        uint32_t *h = (uint32_t *)area;
        if (!area)
            return ERROR_NOMEM;
        size = xctl_vcpu_extstate(sv->xc, sv->domid, v, &mask, area + 16,
                                  (size_t)size, 0);
        if (size < 0) {
            free(area);
            LOGED(ERROR, sv->domid, "cannot read vCPU %u's XSAVE state", v);
            return ERROR_FAIL;
        }
        h[0] = v;
        h[1] = 0;
        memcpy(area + 8, &mask, 8);
        rc = libxl__stream_write_record(&sv->s, XS_REC_VCPU_XSAVE, area,
                                        (size_t)size + 16, NULL, 0);
        free(area);
        if (rc)
            goto wfail;
    }
    return 0;
wfail:
    LOGD(ERROR, sv->domid, "%s", sv->s.err);
    return ERROR_FAIL;
}

static int send_state(struct save *sv)
{
    libxl__gc *gc = sv->gc;
    struct xen_domctl_tsc_info tsc;
    struct xs_xenstore xs = { 0 };
    xen_pfn_t m = sv->info.shared_info_frame;
    void *page;
    int rc;

    for (unsigned v = 0; v <= sv->info.max_vcpu_id; v++)
        if ((rc = send_vcpu(sv, v)))
            return rc;
    if (xctl_tsc_info(sv->xc, sv->domid, &tsc, 0) < 0) {
        LOGED(ERROR, sv->domid, "cannot read the TSC settings");
        return ERROR_FAIL;
    }
    if (libxl__stream_write_record(&sv->s, XS_REC_TSC_INFO, &tsc, sizeof(tsc),
                                   NULL, 0))
        goto wfail;
    xs.store_domid = (uint32_t)atoi(
        libxl__xs_read(gc, XBT_NULL, "/tool/xenstored/domid") ?: "0");
    xs.console_domid = (uint32_t)atoi(
        libxl__xs_read(gc, XBT_NULL, "/tool/xenconsoled/domid") ?: "0");
    xs.store_pfn = xs.console_pfn = ~0ULL;
    {
        const char *d = libxl__xs_dompath(gc, sv->domid);
        const char *sr =
            libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/store/ring-ref", d));
        const char *cr =
            libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/console/ring-ref", d));
        uint64_t p;
        if (sr && !mfn_to_pfn(sv, strtoull(sr, NULL, 10), &p))
            xs.store_pfn = p;
        if (cr && !mfn_to_pfn(sv, strtoull(cr, NULL, 10), &p))
            xs.console_pfn = p;
    }
    if (libxl__stream_write_record(&sv->s, XS_REC_XENSTORE, &xs, sizeof(xs),
                                   NULL, 0))
        goto wfail;
    if (!(page = map_ro(sv, &m, 1))) {
        LOGED(ERROR, sv->domid, "cannot map shared_info");
        return ERROR_FAIL;
    }
    rc = libxl__stream_write_record(&sv->s, XS_REC_SHARED_INFO, page, 4096,
                                    NULL, 0);
    xctl_unmap(page, 1);
    if (rc)
        goto wfail;
    return 0;
wfail:
    LOGD(ERROR, sv->domid, "%s", sv->s.err);
    return ERROR_FAIL;
}

static int send_head(struct save *sv, const char *config_json)
{
    libxl__gc *gc = sv->gc;
    struct xs_pv_info pi = { .guest_width = 8,
                             .pt_levels = 4,
                             .p2m_size = sv->p2m_size,
                             .max_vcpu_id = sv->info.max_vcpu_id,
                             .nr_pages = sv->info.tot_pages };
    uint64_t range[2] = { 0, sv->p2m_size - 1 };

    if (libxl__stream_write_header(&sv->s,
                                   (sv->live ? XS_FLAG_LIVE : 0) |
                                       (sv->remus ? XS_FLAG_CHECKPOINTED : 0) |
                                       (sv->codec ? XS_FLAG_CODEC : 0)) ||
        libxl__stream_write_record(&sv->s, XS_REC_DOMAIN_CONFIG, config_json,
                                   strlen(config_json) + 1, NULL, 0) ||
        libxl__stream_write_record(&sv->s, XS_REC_PV_INFO, &pi, sizeof(pi),
                                   NULL, 0) ||
        libxl__stream_write_record(&sv->s, XS_REC_P2M_FRAMES, range,
                                   sizeof(range), sv->p2m_frame_pfn,
                                   sv->p2m_frames * 8) ||
        (sv->codec && libxl__save_codec_write_head(sv->codec, &sv->s))) {
        LOGD(ERROR, sv->domid, "%s", sv->s.err);
        return ERROR_FAIL;
    }
    return send_policy(sv);
}

/* ---- live rounds ------------------------------------------------------ */

static int dirty_bitmap(struct save *sv, uint8_t *map, uint64_t *count)
{
    libxl__gc *gc = sv->gc;
    long rc = xctl_shadow_op(sv->xc, sv->domid, XEN_DOMCTL_SHADOW_OP_CLEAN, 0,
                             map, sv->p2m_size, NULL);
    uint64_t n = 0;

    if (rc < 0) {
        LOGED(ERROR, sv->domid, "cannot read the dirty bitmap");
        return ERROR_FAIL;
    }
    for (uint64_t p = 0; p < sv->p2m_size; p++) {
        if (sv->resend[p]) {
            map[p / 8] |= (uint8_t)(1u << (p % 8));
            sv->resend[p] = 0;
        }
        n += (map[p / 8] >> (p % 8)) & 1;
    }
    *count = n;
    return 0;
}

static int live_rounds(struct save *sv, const libxl_asyncprogress_how *ph)
{
    libxl__gc *gc = sv->gc;
    uint64_t bytes = (sv->p2m_size + 63) / 64 * 8, count, last = ~0ULL;
    uint8_t *map = libxl__zalloc(gc, bytes);
    int rc;

    if (xctl_shadow_op(sv->xc, sv->domid, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY,
                       0, NULL, 0, NULL) < 0) {
        if (errno == EOPNOTSUPP) {
            /* A hypervisor without log-dirty mode for PV guests (Xen
             * built without shadow paging): no pre-copy. */
            LOGD(WARNING, sv->domid,
                 "the hypervisor has no log-dirty mode for PV guests; the "
                 "guest stops for the whole transfer");
            return 1;
        }
        LOGED(ERROR, sv->domid, "cannot turn log-dirty mode on");
        return ERROR_FAIL;
    }
    /* Round 1: everything. */
    if ((rc = send_pages(sv, NULL)))
        return rc;
    sv->rounds = 1;
    if (ph && ph->callback)
        ph->callback(CTX, "round", 1, sv->sent_pages, ph->for_callback);
    for (unsigned round = 2; round <= SR_MAX_ROUNDS; round++) {
        if ((rc = dirty_bitmap(sv, map, &count)))
            return rc;
        if (count <= SR_DIRTY_THRESHOLD || count >= last) {
            /* Not sent: these go with the final round. */
            for (uint64_t p = 0; p < sv->p2m_size; p++)
                if ((map[p / 8] >> (p % 8)) & 1)
                    sv->resend[p] = 1;
            break;
        }
        if ((rc = send_pages(sv, map)))
            return rc;
        sv->rounds = round;
        if (ph && ph->callback)
            ph->callback(CTX, "round", round, count, ph->for_callback);
        last = count;
    }
    return 0;
}

/* ---- the whole save --------------------------------------------------- */

struct save_op {
    uint32_t domid;
    int fd, flags;
    char *config_json;
    char *codec;
    libxl_asyncprogress_how progress;
    libxl_domain_suspend_stats *stats;
    /* Remus (libxl_domain_remus_start): checkpoints after the migration. */
    int remus, ack_fd;
    uint32_t interval_ms;
    libxl_domain_remus_stats *rstats;
    libxl_asyncprogress_how ck_progress;
};

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* After a suspend: the p2m again; pages the guest gave back or took
 * meanwhile go too. */
static int reread_p2m(struct save *sv)
{
    libxl__gc *gc = sv->gc;
    uint64_t *old = sv->p2m, old_size = sv->p2m_size;
    int rc;

    sv->p2m = NULL;
    if ((rc = read_p2m(sv))) {
        free(old);
        return rc;
    }
    if (sv->p2m_size != old_size) {
        LOGD(ERROR, sv->domid,
             "the guest's p2m changed size (%" PRIu64 " -> %" PRIu64 " pfns)",
             old_size, sv->p2m_size);
        free(old);
        return ERROR_FAIL;
    }
    for (uint64_t p = 0; p < sv->p2m_size; p++)
        if (old[p] != sv->p2m[p])
            sv->resend[p] = 1;
    free(old);
    return 0;
}

/*
 * Remus: the guest is suspended, its pages and state sent.  Each pass
 * closes a checkpoint (CHECKPOINT record, flushed), resumes the guest
 * with its suspend cancelled, waits for the backup's acknowledgement and
 * the rest of the interval, suspends the guest again and sends the pages
 * it dirtied and its state.  Ends when the guest shuts down (END goes to
 * the backup) or on a failure (the guest is left running).
 */
static int checkpoints(struct save *sv, struct save_op *op, double t_stop)
{
    libxl__gc *gc = sv->gc;
    uint64_t bytes = (sv->p2m_size + 63) / 64 * 8, count, n = 0, off;
    uint8_t *map = libxl__zalloc(gc, bytes);
    libxl_domain_remus_stats *st = op->rstats;
    double interval = op->interval_ms ? op->interval_ms : 200, t_start, t;
    int rc, gone;

    sv->final = 1;
    off = 0; /* checkpoint 1: the whole migration */
    for (;;) {
        n++;
        if (libxl__stream_write_record(&sv->s, XS_REC_CHECKPOINT, &n, sizeof(n),
                                       NULL, 0) ||
            libxl__stream_flush(&sv->s)) {
            LOGD(ERROR, sv->domid, "%s", sv->s.err);
            libxl_domain_resume(CTX, sv->domid, 1, NULL);
            return ERROR_FAIL;
        }
        if ((rc = libxl_domain_resume(CTX, sv->domid, 1, NULL)))
            return rc;
        t = now_ms();
        if (n > 1 && st) {
            st->bytes += sv->s.off - off;
            st->pause_ms += t - t_stop;
            if (t - t_stop > st->max_pause_ms)
                st->max_pause_ms = t - t_stop;
        }
        t_start = t_stop;
        if (op->ack_fd >= 0 && libxl__remus_read_ack(gc, op->ack_fd, n))
            return ERROR_FAIL;
        if (st)
            st->checkpoints = n;
        if (op->ck_progress.callback)
            op->ck_progress.callback(CTX, "checkpoint", (unsigned long)n,
                                     (unsigned long)(sv->s.off - off),
                                     op->ck_progress.for_callback);
        off = sv->s.off;
        t = now_ms() - t_start;
        if (t < interval) {
            long long ns = (long long)((interval - t) * 1e6);
            struct timespec ts = { (time_t)(ns / 1000000000LL),
                                   (long)(ns % 1000000000LL) };
            nanosleep(&ts, NULL);
        }
        t_stop = now_ms();
        rc = suspend_guest(sv);
        if (rc && !suspended(sv, &gone) && gone &&
            !xctl_domain_getinfo(sv->xc, sv->domid, &sv->info)) {
            /* Shut down, not crashed or destroyed: the backup lets go. */
            LOGD(INFO, sv->domid, "the guest shut down; Remus ends");
            if (libxl__stream_write_end(&sv->s))
                return ERROR_FAIL;
            return 0;
        }
        if (rc)
            return rc;
        if ((rc = reread_p2m(sv)) || (rc = dirty_bitmap(sv, map, &count)) ||
            (rc = send_pages(sv, map)) || (rc = send_state(sv))) {
            libxl_domain_resume(CTX, sv->domid, 1, NULL);
            return rc;
        }
    }
}

static int save_work(libxl__gc *gc, void *arg)
{
    struct save_op *op = arg;
    struct save sv = { .gc = gc, .domid = op->domid };
    uint64_t bytes, count;
    uint8_t *map;
    double t0 = now_ms(), t_stop = 0;
    const char *json = op->config_json;
    int rc;

    libxl__ao_set_domid(op->domid);
    if (!(sv.xc = libxl__xc(CTX)) || !libxl__xs(CTX)) {
        rc = ERROR_FAIL;
        goto out;
    }
    if (xctl_domain_getinfo(sv.xc, op->domid, &sv.info) < 0) {
        LOGD(ERROR, op->domid, "no such domain");
        rc = ERROR_DOMAIN_NOTFOUND;
        goto out;
    }
    if (sv.info.flags & XEN_DOMINF_hvm_guest) {
        LOGD(ERROR, op->domid, "only PV guests can be saved here");
        rc = ERROR_NI;
        goto out;
    }
    if (!json && !(json = libxl__userdata_load_json(gc, op->domid))) {
        LOGD(ERROR, op->domid, "no stored configuration for the domain");
        rc = ERROR_FAIL;
        goto out;
    }
    libxl__stream_init(&sv.s, op->fd,
                       (op->flags & LIBXL_SUSPEND_LIVE) ? "migration stream"
                                                        : "save stream");
    sv.live = !!(op->flags & LIBXL_SUSPEND_LIVE);
    sv.remus = op->remus;
    if ((rc = libxl__save_codec_open_write(gc, op->domid, op->codec, sv.live,
                                           &sv.codec)))
        goto out;
    if (!sv.live) {
        t_stop = now_ms();
        if ((rc = suspend_guest(&sv)))
            goto out;
    }
    if ((rc = read_p2m(&sv)))
        goto out;
    sv.resend = libxl__zalloc(gc, sv.p2m_size);
    if ((rc = send_head(&sv, json)))
        goto out;
    if (sv.live && (rc = live_rounds(&sv, &op->progress)) > 0 && op->remus) {
        LOGD(ERROR, sv.domid,
             "Remus needs the hypervisor's log-dirty mode for PV guests");
        rc = ERROR_NI;
        goto out;
    } else if (rc > 0) {
        sv.live = 0; /* stop and copy */
        t_stop = now_ms();
        if ((rc = suspend_guest(&sv)) || (rc = read_p2m(&sv)) ||
            (rc = send_pages(&sv, NULL)))
            goto out;
    } else if (rc < 0) {
        goto out;
    } else if (sv.live) {
        t_stop = now_ms();
        if ((rc = suspend_guest(&sv)))
            goto out;
        sv.final = 1;
        bytes = (sv.p2m_size + 63) / 64 * 8;
        map = libxl__zalloc(gc, bytes);
        if ((rc = reread_p2m(&sv)) || (rc = dirty_bitmap(&sv, map, &count)) ||
            (rc = send_pages(&sv, map)))
            goto out;
        if (!op->remus)
            xctl_shadow_op(sv.xc, sv.domid, XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL,
                           0, NULL);
    } else if ((rc = send_pages(&sv, NULL))) {
        goto out;
    }
    if ((rc = send_state(&sv)))
        goto out;
    if (op->remus) {
        if (op->stats) {
            op->stats->pages = sv.sent_pages;
            op->stats->bytes = sv.s.off;
            op->stats->total_ms = now_ms() - t0;
            op->stats->stopped_ms = now_ms() - t_stop;
            op->stats->rounds = sv.rounds + 1;
        }
        rc = checkpoints(&sv, op, t_stop);
        goto out;
    }
    if (libxl__stream_write_end(&sv.s)) {
        LOGD(ERROR, op->domid, "%s", sv.s.err);
        rc = ERROR_FAIL;
        goto out;
    }
    if (op->stats) {
        op->stats->pages = sv.sent_pages;
        op->stats->bytes = sv.s.off;
        op->stats->total_ms = now_ms() - t0;
        op->stats->stopped_ms = now_ms() - t_stop;
        op->stats->rounds = sv.rounds + 1;
    }
    rc = 0;
out:
    if (rc && sv.live && sv.xc)
        xctl_shadow_op(sv.xc, sv.domid, XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0,
                       NULL);
    libxl__save_codec_close(sv.codec);
    libxl__stream_dispose(&sv.s);
    free(sv.p2m);
    free(sv.p2m_frame_pfn);
    free(sv.rev);
    free(op->config_json);
    free(op->codec);
    free(op);
    return rc;
}

int libxl_domain_suspend_config(libxl_ctx *ctx, uint32_t domid, int fd,
                                int flags, const char *config_json,
                                libxl_domain_suspend_stats *stats,
                                const libxl_asyncop_how *ao_how,
                                const libxl_asyncprogress_how *progress)
{
    return libxl_domain_suspend_codec(ctx, domid, fd, flags, config_json, NULL,
                                      stats, ao_how, progress);
}

/* A save operation with its own copies of the strings; NULL: no memory. */
static struct save_op *save_op_new(uint32_t domid, int fd, int flags,
                                   const char *config_json, const char *codec)
{
    struct save_op *op = calloc(1, sizeof(*op));

    if (!op)
        return NULL;
    op->domid = domid;
    op->fd = fd;
    op->flags = flags;
    if ((config_json && !(op->config_json = strdup(config_json))) ||
        (codec && !(op->codec = strdup(codec)))) {
        free(op->config_json);
        free(op);
        return NULL;
    }
    return op;
}

int libxl_domain_suspend_codec(libxl_ctx *ctx, uint32_t domid, int fd,
                               int flags, const char *config_json,
                               const char *codec,
                               libxl_domain_suspend_stats *stats,
                               const libxl_asyncop_how *ao_how,
                               const libxl_asyncprogress_how *progress)
{
    struct save_op *op = save_op_new(domid, fd, flags, config_json, codec);

    if (!op)
        return ERROR_NOMEM;
    op->stats = stats;
    if (progress)
        op->progress = *progress;
    return libxl__ao_run(ctx, ao_how, save_work, op);
}

int libxl__remus_start(libxl_ctx *ctx, uint32_t domid, int send_fd, int recv_fd,
                       const char *config_json, const char *codec,
                       const libxl_domain_remus_info *info,
                       libxl_domain_remus_stats *stats,
                       const libxl_asyncop_how *ao_how,
                       const libxl_asyncprogress_how *progress)
{
    struct save_op *op =
        save_op_new(domid, send_fd, LIBXL_SUSPEND_LIVE, config_json, codec);

    if (!op)
        return ERROR_NOMEM;
    op->remus = 1;
    op->ack_fd = info->blackhole ? -1 : recv_fd;
    op->interval_ms = info->interval_ms;
    op->rstats = stats;
    op->stats = stats ? &stats->migration : NULL;
    if (progress)
        op->ck_progress = *progress;
    return libxl__ao_run(ctx, ao_how, save_work, op);
}

int libxl_domain_suspend(libxl_ctx *ctx, uint32_t domid, int fd, int flags,
                         const libxl_asyncop_how *ao_how)
{
    return libxl_domain_suspend_config(ctx, domid, fd, flags, NULL, NULL,
                                       ao_how, NULL);
}

int libxl_domain_resume(libxl_ctx *ctx, uint32_t domid, int suspend_cancel,
                        const libxl_asyncop_how *ao_how)
{
    GC_INIT(ctx);
    struct xctl *xc = libxl__xc(ctx);
    vcpu_guest_context_t *c;
    int rc = ERROR_FAIL;

    (void)ao_how;
    if (!xc)
        goto out;
    if (suspend_cancel) {
        /* The guest sees SCHEDOP_shutdown return 1: cancelled, it
         * carries on in the same domain. */
        c = libxl__zalloc(gc, sizeof(*c));
        if (xctl_vcpu_getcontext(xc, domid, 0, c) < 0) {
            LOGED(ERROR, domid, "cannot read vCPU 0's context to resume");
            goto out;
        }
        c->user_regs.rax = 1;
        if (xctl_vcpu_setcontext(xc, domid, 0, c) < 0) {
            LOGED(ERROR, domid, "cannot set vCPU 0's context to resume");
            goto out;
        }
    }
    if (xctl_domain_resume(xc, domid) < 0) {
        LOGED(ERROR, domid, "the hypervisor refused to resume the domain");
        goto out;
    }
    rc = 0;
out:
    GC_FREE;
    return rc;
}
