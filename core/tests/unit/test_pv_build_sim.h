/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test support for the PV domain builder: a simulated machine memory whose
 * frames are allocated on first use (filled with 0xAA so unwritten bytes
 * show), a shuffled pfn -> mfn assignment with machine frame numbers far
 * from the pfns, an M2P table, and a page-table walker that translates
 * guest virtual addresses the way the MMU does.  Also the printk and
 * strlcpy the builder's files need on the host.
 */
#ifndef TEST_PV_BUILD_SIM_H
#define TEST_PV_BUILD_SIM_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <xenith/printk.h>
#include <xenith/asm/pv/build.h>

/* ---- host stand-ins for hypervisor library functions ---- */

static char last_msg[512];

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
    va_end(ap);
    if (getenv("PV_BUILD_VERBOSE"))
        fputs(last_msg, stderr);
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (size) {
        size_t c = n < size - 1 ? n : size - 1;

        memcpy(dst, src, c);
        dst[c] = 0;
    }
    return n;
}

/* ---- simulated memory ---- */

#define SIM_MFN_BASE 0x40000ULL /* Machine frames start here. */
#define SIM_PAGE     4096ULL
#define SIM_L4_MARK  0x0bad000000000067ULL /* What init_l4 writes. */

struct sim {
    uint64_t nr;      /* Frames (= pfns of the domain). */
    uint8_t **frame;  /* Indexed by mfn - SIM_MFN_BASE; NULL until used. */
    uint64_t *p2m;    /* The test's pfn -> mfn assignment. */
    uint64_t *m2p;    /* What set_m2p recorded, ~0 if nothing. */
    long maps;        /* Outstanding map() calls. */
    uint64_t bad_pfn; /* pfn_to_mfn fails for this pfn (~0: none). */
    unsigned int init_l4_calls;
    uint64_t l4_mfn_seen;
};

static __attribute__((unused)) void sim_init(struct sim *s, uint64_t nr)
{
    uint64_t i, seed = 0x9e3779b97f4a7c15ULL;

    memset(s, 0, sizeof(*s));
    s->nr = nr;
    s->frame = calloc(nr, sizeof(*s->frame));
    s->p2m = malloc(nr * sizeof(*s->p2m));
    s->m2p = malloc(nr * sizeof(*s->m2p));
    assert_non_null(s->frame);
    assert_non_null(s->p2m);
    assert_non_null(s->m2p);
    for (i = 0; i < nr; i++) {
        s->p2m[i] = SIM_MFN_BASE + i;
        s->m2p[i] = ~0ULL;
    }
    /* Fisher-Yates with a fixed generator: deterministic but scattered. */
    for (i = nr - 1; i > 0; i--) {
        uint64_t j, t;

        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        j = (seed >> 17) % (i + 1);
        t = s->p2m[i], s->p2m[i] = s->p2m[j], s->p2m[j] = t;
    }
    s->bad_pfn = ~0ULL;
}

static __attribute__((unused)) void sim_fini(struct sim *s)
{
    uint64_t i;

    for (i = 0; i < s->nr; i++)
        free(s->frame[i]);
    free(s->frame);
    free(s->p2m);
    free(s->m2p);
}

/* The frame mfn, allocated on first use; NULL if mfn is not RAM. */
static __attribute__((unused)) uint8_t *sim_frame(struct sim *s, uint64_t mfn)
{
    uint64_t i = mfn - SIM_MFN_BASE;

    if (mfn < SIM_MFN_BASE || i >= s->nr)
        return NULL;
    if (!s->frame[i]) {
        s->frame[i] = malloc(SIM_PAGE);
        assert_non_null(s->frame[i]);
        memset(s->frame[i], 0xaa, SIM_PAGE);
    }
    return s->frame[i];
}

static __attribute__((unused)) bool sim_touched(struct sim *s, uint64_t mfn)
{
    return s->frame[mfn - SIM_MFN_BASE] != NULL;
}

static __attribute__((unused)) void *sim_map(void *ctx, uint64_t mfn)
{
    struct sim *s = ctx;
    void *p = sim_frame(s, mfn);

    if (p)
        s->maps++;
    return p;
}

static __attribute__((unused)) void sim_unmap(void *ctx, void *va)
{
    struct sim *s = ctx;

    assert_non_null(va);
    s->maps--;
}

static __attribute__((unused)) uint64_t sim_pfn_to_mfn(void *ctx, uint64_t pfn)
{
    struct sim *s = ctx;

    if (pfn >= s->nr || pfn == s->bad_pfn)
        return PV_BUILD_INVALID_MFN;
    return s->p2m[pfn];
}

static __attribute__((unused)) void sim_set_m2p(void *ctx, uint64_t mfn,
                                                uint64_t pfn)
{
    struct sim *s = ctx;

    assert_true(mfn >= SIM_MFN_BASE && mfn - SIM_MFN_BASE < s->nr);
    s->m2p[mfn - SIM_MFN_BASE] = pfn;
}

/* The hypervisor's part of the L4: a recognisable mark in 256-271. */
static __attribute__((unused)) void sim_init_l4(void *ctx, uint64_t *l4,
                                                uint64_t l4_mfn)
{
    struct sim *s = ctx;
    unsigned int i;

    for (i = 256; i < 272; i++) {
        assert_int_equal(l4[i], 0);
        l4[i] = SIM_L4_MARK;
    }
    s->init_l4_calls++;
    s->l4_mfn_seen = l4_mfn;
}

static __attribute__((unused)) struct pv_build_mem sim_mem(struct sim *s)
{
    struct pv_build_mem m = {
        .ctx = s,
        .map = sim_map,
        .unmap = sim_unmap,
        .pfn_to_mfn = sim_pfn_to_mfn,
        .set_m2p = sim_set_m2p,
        .init_l4 = sim_init_l4,
    };
    return m;
}

/* ---- the MMU ---- */

#define PTE_P    1ULL
#define PTE_RW   2ULL
#define PTE_US   4ULL
#define PTE_PS   0x80ULL
#define PTE_NX   (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

struct walk {
    uint64_t mfn;      /* Leaf frame. */
    bool rw, us, nx;   /* Effective rights over all four levels. */
    uint64_t table[4]; /* Frames of the L4, L3, L2, L1 used. */
    uint64_t leaf_pte;
};

/* Translate va under the L4 at l4_mfn; false if not mapped. */
static __attribute__((unused)) bool sim_walk(struct sim *s, uint64_t l4_mfn,
                                             uint64_t va, struct walk *w)
{
    uint64_t table = l4_mfn, e = 0;
    int level;

    w->rw = w->us = true;
    w->nx = false;
    for (level = 4; level >= 1; level--) {
        const uint64_t *t = (const uint64_t *)sim_frame(s, table);
        unsigned int idx = (va >> (12 + 9 * (level - 1))) & 511;

        if (!t)
            return false;
        w->table[4 - level] = table;
        e = t[idx];
        if (!(e & PTE_P))
            return false;
        assert_false(e & (level > 1 ? PTE_PS : 0)); /* No superpages. */
        w->rw = w->rw && (e & PTE_RW);
        w->us = w->us && (e & PTE_US);
        w->nx = w->nx || (e & PTE_NX);
        table = (e & PTE_ADDR) >> 12;
    }
    w->mfn = table;
    w->leaf_pte = e;
    return true;
}

/* Read len bytes of guest virtual memory; fails the test if unmapped. */
static __attribute__((unused)) void sim_read(struct sim *s, uint64_t l4_mfn,
                                             uint64_t va, void *dst, size_t len)
{
    uint8_t *d = dst;

    while (len) {
        struct walk w;
        size_t off = va & (SIM_PAGE - 1), n = SIM_PAGE - off;

        if (n > len)
            n = len;
        assert_true(sim_walk(s, l4_mfn, va, &w));
        memcpy(d, sim_frame(s, w.mfn) + off, n);
        d += n;
        va += n;
        len -= n;
    }
}

static __attribute__((unused)) uint64_t sim_read64(struct sim *s,
                                                   uint64_t l4_mfn, uint64_t va)
{
    uint64_t v;

    sim_read(s, l4_mfn, va, &v, sizeof(v));
    return v;
}

/* ---- checks shared by the tests ---- */

/* Collects pv_build_for_each_pt_frame()'s report. */
struct pt_list {
    uint64_t pfn[4096];
    unsigned int level[4096];
    bool mapped[4096];
    unsigned int n;
};

static __attribute__((unused)) void pt_collect(void *ctx, uint64_t pfn,
                                               unsigned int level, bool mapped)
{
    struct pt_list *p = ctx;

    assert_true(p->n < 4096);
    p->pfn[p->n] = pfn;
    p->level[p->n] = level;
    p->mapped[p->n] = mapped;
    p->n++;
}

/*
 * Check the whole built image against the layout like an MMU would see
 * it: the initial mapping pfn by pfn (page tables read-only, the rest
 * writable, all user, no NX), nothing mapped just outside it, the L4's
 * hypervisor slots, the p2m contents through its virtual mapping, the M2P,
 * and that the tables the walk used are exactly the reported ones.
 */
static __attribute__((unused)) void check_image(struct sim *s,
                                                const struct pv_build_layout *l,
                                                const struct pv_build_result *r)
{
    struct pt_list *pts = calloc(1, sizeof(*pts));
    uint64_t va, pfn, l4 = r->l4_mfn, end;
    const uint64_t *l4t;
    unsigned int i, j;
    struct walk w;

    assert_non_null(pts);
    assert_int_equal(s->maps, 0);
    assert_int_equal(s->init_l4_calls, 1);
    assert_int_equal(s->l4_mfn_seen, l4);
    assert_int_equal(l4, s->p2m[l->pt_pfn]);
    assert_int_equal(r->cr3, l4 << 12);
    pv_build_for_each_pt_frame(l, pt_collect, pts);
    assert_int_equal(pts->level[0], 4);
    assert_int_equal(pts->pfn[0], l->pt_pfn);

    for (va = l->v_start; va < l->v_end; va += SIM_PAGE) {
        bool is_pt;

        pfn = (va - l->v_start) >> 12;
        assert_true(sim_walk(s, l4, va, &w));
        assert_int_equal(w.mfn, s->p2m[pfn]);
        is_pt = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_pages;
        assert_int_equal(w.rw, !is_pt);
        assert_true(w.us);
        assert_false(w.nx);
        /* Every table used is a reported, mapped page-table frame. */
        for (i = 0; i < 4; i++) {
            for (j = 0; j < pts->n; j++)
                if (s->p2m[pts->pfn[j]] == w.table[i])
                    break;
            assert_true(j < pts->n);
            assert_int_equal(pts->level[j], 4 - i);
            assert_true(pts->mapped[j]);
        }
    }
    assert_false(sim_walk(s, l4, l->v_start - SIM_PAGE, &w));
    assert_false(sim_walk(s, l4, l->v_end, &w));

    /* Reported mapped tables are exactly the run at pt_pfn. */
    for (i = 0, j = 0; i < pts->n; i++)
        if (pts->mapped[i]) {
            assert_int_equal(pts->pfn[i], l->pt_pfn + j);
            j++;
        }
    assert_int_equal(j, l->nr_pt_pages);

    /* L4: hypervisor slots as init_l4 left them, guest slots only where
     * the layout maps something. */
    l4t = (const uint64_t *)sim_frame(s, l4);
    for (i = 0; i < 512; i++) {
        bool used =
            i == ((l->v_start >> 39) & 511) ||
            (l->p2m_separate && i >= ((l->vphysmap_start >> 39) & 511) &&
             i <= (((l->vphysmap_end - 1) >> 39) & 511));

        if (i >= 256 && i < 272)
            assert_int_equal(l4t[i], SIM_L4_MARK);
        else
            assert_int_equal(!!(l4t[i] & PTE_P), used);
    }

    /* The p2m through the guest's own mapping, and the M2P. */
    for (pfn = 0; pfn < l->nr_pages; pfn++) {
        assert_int_equal(s->m2p[s->p2m[pfn] - SIM_MFN_BASE], pfn);
        if (pfn % 509 == 0 || pfn == l->nr_pages - 1)
            assert_int_equal(sim_read64(s, l4, l->vphysmap_start + pfn * 8),
                             s->p2m[pfn]);
    }
    end = (l->vphysmap_end + SIM_PAGE - 1) & ~(SIM_PAGE - 1);
    for (va = l->vphysmap_start; va < end; va += SIM_PAGE) {
        assert_true(sim_walk(s, l4, va, &w));
        assert_true(w.rw);
    }
    for (va = l->vphysmap_end; va < end; va += 8)
        assert_int_equal(sim_read64(s, l4, va), ~0ULL);
    if (l->p2m_separate) {
        assert_false(sim_walk(s, l4, end, &w));
        assert_false(sim_walk(s, l4, l->vphysmap_start - SIM_PAGE, &w));
    }
    free(pts);
}

#endif /* TEST_PV_BUILD_SIM_H */
