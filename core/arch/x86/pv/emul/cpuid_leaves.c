/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The static content of a PV policy's basic and extended leaves: the
 * host's leaves with the guest's feature words written in and the fields a
 * guest must not see cleared (Xen 4.17's recalculate_misc() and
 * recalculate_cpuid_policy()).
 */
#include <xenith/lib.h>
#include "cpuid_private.h"

#define MAX_BASIC      0xdu  /* Highest basic leaf a guest sees. */
#define MAX_EXTD_INTEL 0x8u  /* ... extended leaf on Intel. */
#define MAX_EXTD_AMD   0x21u /* ... extended leaf on AMD and Hygon. */

static bool is_amd_like(const struct pv_cpuid_policy *p)
{
    return p->vendor == PV_VENDOR_AMD || p->vendor == PV_VENDOR_HYGON;
}

/* Leaf 4 (Intel deterministic cache parameters). */
static void policy_cache(struct pv_cpuid_policy *p,
                         const struct pv_cpuid_host *h)
{
    struct pv_cpuid_regs r;
    unsigned int i, type;

    if (p->vendor != PV_VENDOR_INTEL)
        return;
    for (i = 0; i < PV_CPUID_NR_CACHE; i++) {
        r = pv_cpuid_raw(h, 4, i);
        type = r.a & 0x1f;
        if (type < 1 || type > 3)
            break;          /* The first invalid subleaf ends the list. */
        r.a &= 0xffffc3ffu; /* Sharing fields are topology: cleared. */
        r.d &= 0x7u;
        p->cache[i] = r;
    }
}

void pv_cpuid_policy_basic(struct pv_cpuid_policy *p,
                           const struct pv_cpuid_host *h, const uint32_t *fs)
{
    struct pv_cpuid_regs r = pv_cpuid_raw(h, 0, 0);
    uint32_t max = r.a < MAX_BASIC ? r.a : MAX_BASIC;

    p->basic[0] = r;
    p->basic[0].a = max;

    r = pv_cpuid_raw(h, 1, 0);
    p->basic[1].a = r.a & 0x0fff0fffu; /* No processor type. */
    p->basic[1].b = r.b & 0x00ffffffu; /* The APIC ID is per vCPU. */
    p->basic[1].c = fs[FS_1C];
    p->basic[1].d = fs[FS_1D];

    if (p->vendor == PV_VENDOR_INTEL && max >= 2) {
        p->basic[2] = pv_cpuid_raw(h, 2, 0);
        p->basic[2].a = (p->basic[2].a & ~0xffu) | 1; /* One query. */
    }
    policy_cache(p, h);

    /* Leaf 7: the feature words; subleaves up to the host's, at most 2. */
    if (max >= 7) {
        r = pv_cpuid_raw(h, 7, 0);
        p->feat[0].a = r.a < PV_CPUID_NR_FEAT - 1 ? r.a : PV_CPUID_NR_FEAT - 1;
        p->feat[0].b = fs[FS_7B0];
        p->feat[0].c = fs[FS_7C0];
        p->feat[0].d = fs[FS_7D0];
        p->feat[1].a = fs[FS_7A1];
        p->feat[1].b = fs[FS_7B1];
        p->feat[1].c = fs[FS_7C1];
        p->feat[1].d = fs[FS_7D1];
        p->feat[2].d = fs[FS_7D2];
    }
    /*
     * Leaves 3 (serial number), 5 (MONITOR), 6 (power), 8, 9 (DCA), 0xa
     * (no vPMU), 0xb (topology) and 0xc stay empty.
     */
}

/* Leaves 0x80000000 and 0x80000001. */
static void policy_extd_low(struct pv_cpuid_policy *p,
                            const struct pv_cpuid_host *h, const uint32_t *fs,
                            uint32_t max)
{
    struct pv_cpuid_regs r = pv_cpuid_raw(h, 0x80000000, 0);

    p->extd[0] = r;
    p->extd[0].a = 0x80000000u | max;
    r = pv_cpuid_raw(h, 0x80000001, 0);
    p->extd[1] = r;
    p->extd[1].c = fs[FS_E1C];
    p->extd[1].d = fs[FS_E1D] & ~CPUID_COMMON_1D;
    if (p->vendor == PV_VENDOR_INTEL) {
        p->extd[0].b = p->extd[0].c = p->extd[0].d = 0;
        p->extd[1].a = p->extd[1].b = 0;
    } else if (is_amd_like(p)) {
        p->extd[0].b = p->basic[0].b;
        p->extd[0].c = p->basic[0].c;
        p->extd[0].d = p->basic[0].d;
        p->extd[1].a = p->basic[1].a;
        p->extd[1].b &= 0xff00ffffu;
        p->extd[1].d |= p->basic[1].d & CPUID_COMMON_1D;
    }
}

void pv_cpuid_policy_extd(struct pv_cpuid_policy *p,
                          const struct pv_cpuid_host *h, const uint32_t *fs)
{
    uint32_t hmax = pv_cpuid_raw(h, 0x80000000, 0).a;
    uint32_t lim = is_amd_like(p) ? MAX_EXTD_AMD : MAX_EXTD_INTEL;
    uint32_t max = hmax >= 0x80000000u ? hmax & 0xffff : 0;
    struct pv_cpuid_regs r;
    unsigned int i;

    /* LFENCE_DISPATCH lives in 0x80000021: the range grows to show it. */
    if (fs[FS_E21A] & (1u << 2) && max < MAX_EXTD_AMD)
        max = MAX_EXTD_AMD;
    if (max > lim)
        max = lim;
    policy_extd_low(p, h, fs, max);
    for (i = 2; i <= max; i++) {
        r = pv_cpuid_raw(h, 0x80000000u + i, 0);
        switch (i) {
        case 2:
        case 3:
        case 4:    /* Brand string. */
        case 0x1a: /* Performance hints. */
            break;
        case 5:
            if (p->vendor == PV_VENDOR_INTEL)
                r.a = r.b = r.c = r.d = 0;
            break;
        case 6:
            if (p->vendor == PV_VENDOR_INTEL)
                r.a = r.b = r.d = 0;
            break;
        case 7: /* Power management: only the feature word. */
            r.a = r.b = r.c = 0;
            r.d = fs[FS_E7D];
            break;
        case 8: {
            uint32_t phys = r.a & 0xff;

            r.a = (phys < 36 ? 36 : phys) | (48u << 8);
            r.b = fs[FS_E8B];
            r.c = is_amd_like(p) ? r.c & 0x3f0ffu : 0;
            r.d = 0;
            break;
        }
        case 0x21:
            r.a = fs[FS_E21A];
            r.b = 0;
            r.c = fs[FS_E21C];
            r.d = 0;
            break;
        default: /* SVM, topology, IBS, LWP, SEV, 1G TLB ...: hidden. */
            r.a = r.b = r.c = r.d = 0;
            break;
        }
        p->extd[i] = r;
    }
}
