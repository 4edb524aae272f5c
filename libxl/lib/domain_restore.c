/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_domain_create_restore: a PV domain rebuilt from a save stream
 * (docs/save-format.md).  The header and the first records (the
 * configuration, PV_INFO) are checked before anything is created; the
 * domain is then made as libxl_domain_create_new makes it, filled by the
 * restore-side builder as the records arrive, and finished (xenstore,
 * console, devices, the stored configuration) once the END record's
 * checksum holds.  Any failure destroys what was created.
 */
#include "pvrestore.h" /* before public/xen.h: its console_* macros */

#include <inttypes.h>
#include <stdio.h>
#include <sys/time.h>

#include "ao.h"
#include "remus.h"
#include "create.h"
#include "save_codec.h"
#include "save_records.h"
#include "stream.h"
#include "xctl.h"

#undef console_mfn
#undef console_evtchn

struct restore_op {
    libxl_domain_config *cfg;
    uint32_t *domid;
    int fd;
    char *suffix; /* appended to the guest's name while it is restored */
    libxl_asyncprogress_how console_how;
    bool has_console_how;
    int checkpointed, ack_fd; /* Remus's backup */
    int *failed_over;
};

static int bad(libxl__gc *gc, struct libxl__stream *s)
{
    LOG(ERROR, "%s", s->err);
    return ERROR_INVAL;
}

/* Header, DOMAIN_CONFIG, PV_INFO: nothing exists yet. */
static int read_head(libxl__gc *gc, struct libxl__stream *s,
                     libxl_domain_config *cfg, struct xs_pv_info *pi)
{
    struct xs_header h;
    const uint8_t *body;
    uint32_t type, len;

    if (libxl__stream_read_header(s, &h) ||
        libxl__stream_read_record(s, &type, &body, &len))
        return bad(gc, s);
    if (type != XS_REC_DOMAIN_CONFIG || !len || body[len - 1]) {
        LOG(ERROR,
            "%s: corrupted: it does not begin with the domain's "
            "configuration",
            s->what);
        return ERROR_INVAL;
    }
    if (!cfg->c_info.name) {
        int rc = libxl_domain_config_from_json(CTX, cfg, (const char *)body);
        if (rc || !cfg->c_info.name) {
            LOG(ERROR,
                "%s: its domain configuration is not valid JSON of a "
                "domain",
                s->what);
            return ERROR_INVAL;
        }
    }
    if (libxl__stream_read_record(s, &type, &body, &len))
        return bad(gc, s);
    if (type != XS_REC_PV_INFO || len != sizeof(*pi)) {
        LOG(ERROR, "%s: corrupted: no PV_INFO record after the configuration",
            s->what);
        return ERROR_INVAL;
    }
    memcpy(pi, body, sizeof(*pi));
    if (pi->guest_width != 8 || pi->pt_levels != 4) {
        LOG(ERROR,
            "%s: a %u-bit guest with %u-level page tables; only 64-bit PV "
            "guests are restored here",
            s->what, pi->guest_width * 8, pi->pt_levels);
        return ERROR_INVAL;
    }
    return 0;
}

static int restore_pages(void *r, unsigned n, const uint64_t *ent,
                         const uint8_t *data, size_t len)
{
    return pvrestore_pages(r, n, ent, data, len);
}

/* Remus: what the backup holds back until a checkpoint is complete. */
struct ckpt {
    int ack_fd;
    uint64_t done;   /* checkpoints applied */
    int failed_over; /* 1: the stream broke off after one */
    struct pvrestore *r;
    uint8_t *pages; /* batches: u32 n, u32 bytes, entries, data */
    size_t plen, pcap;
    uint8_t *state, *next; /* records: u32 type, u32 len, body (8-padded) */
    size_t slen, scap, nlen, ncap;
};

static int buf_add(uint8_t **b, size_t *len, size_t *cap, const void *x,
                   size_t xlen, const void *y, size_t ylen)
{
    size_t need = *len + xlen + ylen + 8;

    if (need > *cap) {
        size_t c = *cap ? *cap : 65536;
        uint8_t *nb;
        while (c < need)
            c *= 2;
        if (!(nb = realloc(*b, c)))
            return -ENOMEM;
        *b = nb;
        *cap = c;
    }
    memcpy(*b + *len, x, xlen);
    if (ylen)
        memcpy(*b + *len + xlen, y, ylen);
    *len += (xlen + ylen + 7) & ~(size_t)7;
    return 0;
}

/* Pages of a checkpoint not yet complete: held. */
static int buffer_pages(void *arg, unsigned n, const uint64_t *ent,
                        const uint8_t *data, size_t len)
{
    struct ckpt *ck = arg;
    uint32_t h[2] = { n, (uint32_t)len };
    int rc;

    if (!ck->done) /* nothing to keep safe yet */
        return pvrestore_pages(ck->r, n, ent, data, len);
    if ((rc = buf_add(&ck->pages, &ck->plen, &ck->pcap, h, 8, ent,
                      (size_t)n * 8)))
        return rc;
    return buf_add(&ck->pages, &ck->plen, &ck->pcap, data, len, NULL, 0);
}

static int is_state(uint32_t type)
{
    switch (type) {
    case XS_REC_VCPU_BASIC:
    case XS_REC_VCPU_EXTENDED:
    case XS_REC_VCPU_XSAVE:
    case XS_REC_VCPU_MSRS:
    case XS_REC_SHARED_INFO:
    case XS_REC_TSC_INFO:
    case XS_REC_XENSTORE:
        return 1;
    }
    return 0;
}

/* One record acted on: 0, 1 at END, or an error. */
static int one_record(libxl__gc *gc, struct libxl__stream *s,
                      struct pvrestore *r, uint32_t domid,
                      struct libxl__save_codec **codec, struct ckpt *ck,
                      uint32_t type, const uint8_t *b, uint32_t len)
{
    int rc = 0;

    switch (type) {
    case XS_REC_END:
        return 1;
    case XS_REC_PAGE_DATA: {
        uint32_t n;
        if (len < 8)
            goto short_rec;
        memcpy(&n, b, 4);
        if ((uint64_t)n * 8 + 8 > len || n > XS_PAGES_MAX)
            goto short_rec;
        rc = ck ? buffer_pages(ck, n, (const uint64_t *)(b + 8),
                               b + 8 + (size_t)n * 8, len - 8 - (size_t)n * 8)
                : pvrestore_pages(r, n, (const uint64_t *)(b + 8),
                                  b + 8 + (size_t)n * 8,
                                  len - 8 - (size_t)n * 8);
        break;
    }
    case XS_REC_P2M_FRAMES:
        if (len < 16 || (len - 16) % 8)
            goto short_rec;
        rc =
            pvrestore_p2m_frames(r, (const uint64_t *)(b + 16), (len - 16) / 8);
        break;
    case XS_REC_VCPU_BASIC:
        if (len != 8 + sizeof(vcpu_guest_context_t))
            goto short_rec;
        {
            vcpu_guest_context_t c;
            memcpy(&c, b + 8, sizeof(c));
            rc = pvrestore_vcpu(r, *(const uint32_t *)b, &c);
        }
        break;
    case XS_REC_VCPU_EXTENDED:
        if (len != 8 + sizeof(struct xen_domctl_ext_vcpucontext))
            goto short_rec;
        {
            struct xen_domctl_ext_vcpucontext e;
            memcpy(&e, b + 8, sizeof(e));
            rc = pvrestore_vcpu_ext(r, *(const uint32_t *)b, &e);
        }
        break;
    case XS_REC_VCPU_XSAVE:
        if (len < 16)
            goto short_rec;
        rc = pvrestore_vcpu_xsave(r, *(const uint32_t *)b,
                                  *(const uint64_t *)(b + 8), b + 16, len - 16);
        break;
    case XS_REC_SHARED_INFO:
        if (len != 4096)
            goto short_rec;
        rc = pvrestore_shared_info(r, b);
        break;
    case XS_REC_TSC_INFO:
        if (len != sizeof(struct xen_domctl_tsc_info))
            goto short_rec;
        {
            struct xen_domctl_tsc_info t;
            memcpy(&t, b, sizeof(t));
            rc = pvrestore_tsc(r, &t);
        }
        break;
    case XS_REC_VCPU_MSRS: {
        struct xs_vcpu_msrs h;
        const struct xen_domctl_vcpu_msr *m;
        char why[160];
        int n = libxl__sr_check_vcpu_msrs(b, len, &h, &m, why, sizeof(why));
        if (n < 0) {
            LOGD(ERROR, domid, "%s: corrupted: %s record: %s", s->what,
                 libxl__stream_rec_name(type), why);
            return ERROR_INVAL;
        }
        rc = pvrestore_vcpu_msrs(r, h.vcpu, m, (unsigned)n);
        break;
    }
    case XS_REC_CPUID_POLICY:
    case XS_REC_MSR_POLICY: {
        char why[160];
        int n = type == XS_REC_CPUID_POLICY
                    ? libxl__sr_check_cpuid_policy(b, len, why, sizeof(why))
                    : libxl__sr_check_msr_policy(b, len, why, sizeof(why));
        if (n < 0) {
            LOGD(ERROR, domid, "%s: corrupted: %s record: %s", s->what,
                 libxl__stream_rec_name(type), why);
            return ERROR_INVAL;
        }
        /* The bodies are 8-byte aligned (stream.c's buffer). */
        rc = type == XS_REC_CPUID_POLICY
                 ? pvrestore_cpuid_policy(r, (const xen_cpuid_leaf_t *)b,
                                          (unsigned)n)
                 : pvrestore_msr_policy(r, (const xen_msr_entry_t *)b,
                                        (unsigned)n);
        break;
    }
    case XS_REC_XENSTORE:
    case XS_REC_CHECKPOINT:
        break;
    case XS_REC_CODEC:
    case XS_REC_CODEC_PAGES:
        rc = ck ? libxl__save_codec_read(gc, codec, s->what, type, b, len,
                                         buffer_pages, ck)
                : libxl__save_codec_read(gc, codec, s->what, type, b, len,
                                         restore_pages, r);
        if (rc == ERROR_INVAL)
            return rc; /* said why */
        break;
    default:
        LOG(ERROR, "%s: corrupted: a second %s record", s->what,
            libxl__stream_rec_name(type));
        return ERROR_INVAL;
    }
    return rc < 0 ? ERROR_FAIL : 0;
short_rec:
    LOGD(ERROR, domid, "%s: corrupted: %s record of %u bytes", s->what,
         libxl__stream_rec_name(type), len);
    return ERROR_INVAL;
}

/* CHECKPOINT: the held pages go into the domain, the held state becomes
 * the state a failover resumes, the primary is told. */
static int commit(libxl__gc *gc, struct ckpt *ck, uint32_t domid,
                  const uint8_t *b, uint32_t len)
{
    uint64_t n;
    uint8_t *t;
    size_t tc;

    if (len != 8 || (memcpy(&n, b, 8), n != ck->done + 1)) {
        LOGD(ERROR, domid,
             "Remus: corrupted: checkpoint %" PRIu64
             " is not the one after %" PRIu64,
             len == 8 ? n : 0, ck->done);
        return ERROR_INVAL;
    }
    for (size_t o = 0; o < ck->plen;) {
        uint32_t h[2];
        memcpy(h, ck->pages + o, 8);
        if (pvrestore_pages(ck->r, h[0], (const uint64_t *)(ck->pages + o + 8),
                            ck->pages + o + 8 + (size_t)h[0] * 8, h[1]) < 0)
            return ERROR_FAIL;
        o += 8 + (size_t)h[0] * 8 + (((size_t)h[1] + 7) & ~(size_t)7);
    }
    ck->plen = 0;
    t = ck->state;
    ck->state = ck->next;
    ck->next = t;
    tc = ck->scap;
    ck->scap = ck->ncap;
    ck->ncap = tc;
    ck->slen = ck->nlen;
    ck->nlen = 0;
    ck->done = n;
    if (ck->ack_fd >= 0 && libxl__remus_write_ack(ck->ack_fd, n)) {
        LOGED(ERROR, domid, "Remus: cannot acknowledge checkpoint %" PRIu64, n);
        return ERROR_FAIL;
    }
    return 0;
}

static int records_codec(libxl__gc *gc, struct libxl__stream *s,
                         struct pvrestore *r, uint32_t domid,
                         struct libxl__save_codec **codec, struct ckpt *ck)
{
    const uint8_t *b;
    uint32_t type, len;
    int rc;

    for (;;) {
        if (libxl__stream_read_record(s, &type, &b, &len)) {
            if (ck && ck->done)
                goto failover;
            return bad(gc, s);
        }
        if (ck && type == XS_REC_CHECKPOINT) {
            if ((rc = commit(gc, ck, domid, b, len)))
                return rc;
            continue;
        }
        if (ck && is_state(type)) {
            uint32_t h[2] = { type, len };
            if (buf_add(&ck->next, &ck->nlen, &ck->ncap, h, 8, b, len))
                return ERROR_NOMEM;
            continue;
        }
        if (ck && type == XS_REC_END && ck->done) {
            LOGD(INFO, domid,
                 "Remus: the primary ended the replication (its guest shut "
                 "down); the backup copy goes");
            ck->failed_over = -1;
            return ERROR_FAIL;
        }
        rc = one_record(gc, s, r, domid, codec, ck, type, b, len);
        if (rc)
            return rc > 0 ? 0 : rc;
    }
failover:
    LOGD(INFO, domid,
         "Remus: the stream broke off (%s); resuming from checkpoint "
         "%" PRIu64,
         s->err, ck->done);
    for (size_t o = 0; o < ck->slen;) {
        uint32_t h[2];
        memcpy(h, ck->state + o, 8);
        if ((rc = one_record(gc, s, r, domid, codec, NULL, h[0],
                             ck->state + o + 8, h[1])))
            return rc > 0 ? ERROR_FAIL : rc;
        o += 8 + (((size_t)h[1] + 7) & ~(size_t)7);
    }
    ck->failed_over = 1;
    return 0;
}

/* The records after PV_INFO; the page codec, if any, lives as long. */
static int records(libxl__gc *gc, struct libxl__stream *s, struct pvrestore *r,
                   uint32_t domid, struct ckpt *ck)
{
    struct libxl__save_codec *codec = NULL;
    int rc;

    if (ck)
        ck->r = r;
    rc = records_codec(gc, s, r, domid, &codec, ck);
    libxl__save_codec_close(codec);
    return rc;
}

/* The stored configuration carries the guest's own name, which the domain
 * takes once renamed (xl migrate-receive). */
static int store_config(libxl__gc *gc, uint32_t domid, libxl_domain_config *cfg,
                        char *name)
{
    char *tmp = cfg->c_info.name;
    int rc;

    if (name)
        cfg->c_info.name = name;
    rc = libxl__userdata_store_config(gc, domid, cfg);
    cfg->c_info.name = tmp;
    return rc;
}

static int restore_work(libxl__gc *gc, void *arg)
{
    struct restore_op *op = arg;
    libxl_domain_config *cfg = op->cfg;
    libxl__create_state st = { 0 };
    struct libxl__stream s;
    struct xs_pv_info pi;
    struct pvrestore *r = NULL;
    struct pvbuild_result res;
    struct timeval tv;
    struct xctl *xc;
    char err[320] = "";
    char *name = NULL; /* the guest's own name, when op->suffix is given */
    struct ckpt ck = { .ack_fd = op->ack_fd };
    int rc;

    *op->domid = ~0u;
    libxl__stream_init(&s, op->fd, "saved domain");
    if (!(xc = libxl__xc(CTX)) || !libxl__xs(CTX)) {
        rc = ERROR_FAIL;
        goto out;
    }
    if ((rc = read_head(gc, &s, cfg, &pi)))
        goto out;
    if (op->suffix) {
        name = cfg->c_info.name;
        cfg->c_info.name = strdup(GCSPRINTF("%s%s", name, op->suffix));
    }
    if ((rc = libxl__create_setdefault(gc, cfg)) ||
        (rc = libxl__create_validate(gc, cfg)))
        goto out;
    st.uuid = GCSPRINTF(LIBXL_UUID_FMT, LIBXL_UUID_BYTES(cfg->c_info.uuid));
    gettimeofday(&tv, NULL);
    st.start_time =
        GCSPRINTF("%jd.%02d", (intmax_t)tv.tv_sec, (int)(tv.tv_usec / 10000));
    if ((rc = libxl__create_make_domain(gc, xc, cfg, &st.domid))) {
        if (st.domid)
            goto fail;
        goto out;
    }
    *op->domid = st.domid;
    libxl__ao_set_domid(st.domid);
    if ((rc = libxl__create_prepare(gc, xc, cfg, &st)))
        goto fail;
    {
        struct pvbuild_config pc = {
            .domid = st.domid,
            .mem_kb = cfg->b_info.target_memkb,
            .nr_vcpus = (unsigned)cfg->b_info.max_vcpus,
            .store_evtchn = st.store_port,
            .console_evtchn = st.console_port,
            .store_domid = st.store_domid,
            .console_domid = st.console_domid,
        };
        r = pvrestore_new(xc, &pc, pi.p2m_size, pi.max_vcpu_id, err,
                          sizeof(err));
    }
    if (!r) {
        LOGD(ERROR, st.domid, "%s", err);
        rc = ERROR_FAIL;
        goto fail;
    }
    if ((rc = records(gc, &s, r, st.domid, op->checkpointed ? &ck : NULL))) {
        if (op->failed_over && ck.failed_over < 0)
            *op->failed_over = -1;
        if (err[0])
            LOGD(ERROR, st.domid, "%s: %s", s.what, err);
        goto fail;
    }
    if (pvrestore_finish(r, &res) < 0) {
        LOGD(ERROR, st.domid, "%s: %s", s.what, err);
        rc = ERROR_FAIL;
        goto fail;
    }
    st.store_ring = res.store_mfn;
    st.console_ring = res.console_mfn;
    if ((rc = libxl__create_finish_build(gc, xc, cfg, &st)) ||
        (rc = libxl__create_add_devices(gc, cfg, st.domid)) ||
        (rc = store_config(gc, st.domid, cfg, name)))
        goto fail;
    pvrestore_free(r);
    r = NULL;
    if (op->failed_over)
        *op->failed_over = ck.failed_over;
    if (op->has_console_how && op->console_how.callback)
        op->console_how.callback(CTX, "console", st.domid, 0,
                                 op->console_how.for_callback);
    rc = 0;
    goto out;
fail:
    LOG(ERROR, "guest %s not restored; removing domain %" PRIu32,
        cfg->c_info.name, st.domid);
    libxl__create_undo(gc, xc, &st);
    *op->domid = ~0u;
out:
    if (name) { /* the caller gets the guest's own name back */
        free(cfg->c_info.name);
        cfg->c_info.name = name;
    }
    pvrestore_free(r);
    libxl__stream_dispose(&s);
    free(ck.pages);
    free(ck.state);
    free(ck.next);
    free(op->suffix);
    free(op);
    return rc;
}

int libxl_domain_create_restore(libxl_ctx *ctx, libxl_domain_config *d_config,
                                uint32_t *domid, int restore_fd,
                                const libxl_asyncop_how *ao_how,
                                const libxl_asyncprogress_how *aop_console_how)
{
    return libxl_domain_create_restore_renamed(ctx, d_config, domid, restore_fd,
                                               NULL, ao_how, aop_console_how);
}

int libxl_domain_create_restore_renamed(
    libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t *domid,
    int restore_fd, const char *name_suffix, const libxl_asyncop_how *ao_how,
    const libxl_asyncprogress_how *aop_console_how)
{
    struct restore_op *op = calloc(1, sizeof(*op));

    if (!op)
        return ERROR_NOMEM;
    if (name_suffix && !(op->suffix = strdup(name_suffix))) {
        free(op);
        return ERROR_NOMEM;
    }
    op->cfg = d_config;
    op->domid = domid;
    op->fd = restore_fd;
    if (aop_console_how) {
        op->console_how = *aop_console_how;
        op->has_console_how = true;
    }
    return libxl__ao_run(ctx, ao_how, restore_work, op);
}

int libxl_domain_create_restore_checkpointed(
    libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t *domid,
    int restore_fd, int ack_fd, const char *name_suffix, int *failed_over,
    const libxl_asyncop_how *ao_how)
{
    struct restore_op *op = calloc(1, sizeof(*op));

    if (!op)
        return ERROR_NOMEM;
    if (name_suffix && !(op->suffix = strdup(name_suffix))) {
        free(op);
        return ERROR_NOMEM;
    }
    op->cfg = d_config;
    op->domid = domid;
    op->fd = restore_fd;
    op->checkpointed = 1;
    op->ack_fd = ack_fd;
    op->failed_over = failed_over;
    if (failed_over)
        *failed_over = 0;
    return libxl__ao_run(ctx, ao_how, restore_work, op);
}
