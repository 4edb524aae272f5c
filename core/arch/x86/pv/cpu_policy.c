/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID policies for the toolstack, in Xen 4.17's serialised form (an
 * array of {leaf, subleaf, a, b, c, d} and one of {msr, flags, value}):
 *   sysctl get_cpu_policy     the PV default (also "host" and "PV max",
 *                             which are the same policy here); with no
 *                             buffers, the largest sizes
 *   sysctl get_cpu_featureset the feature words of that policy
 *   domctl get_cpu_policy     a domain's policy
 *   domctl set_cpu_policy     a new policy for a domain that has not run:
 *                             every leaf must exist in the layout
 *                             (-ERANGE, err_leaf/err_subleaf), feature
 *                             bits must be a subset of the default
 *                             (-EINVAL), maximum leaves may only shrink;
 *                             MSR entries must be of the policy's MSRs
 *                             (-ERANGE, err_msr), flags 0, and their
 *                             values within the default's (-EINVAL)
 * A domain's policy is what its forced-emulation CPUID answers from.
 *
 * The sysctl argument layouts below are Xen 4.17's (public/sysctl.h has
 * no declaration for them yet).
 */
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xenith/arch_domctl.h>
#include <xenith/domain.h>
#include <xenith/errno.h>
#include <xenith/guest_access.h>
#include <xenith/lib.h>
#include <xenith/mm.h>
#include <xenith/asm/pv/emul.h>

#define NO_SUBLEAF 0xffffffffU
#define POLICY_MAX_LEAVES                                           \
    (PV_CPUID_NR_BASIC + PV_CPUID_NR_CACHE + PV_CPUID_NR_FEAT + 2 + \
     PV_CPUID_NR_XSTATE + 2 + PV_CPUID_NR_EXTD)
#define POLICY_NR_MSRS 2

const struct pv_cpuid_policy *pv_default_policy(void);

struct out {
    uint64_t buf;
    uint32_t n, max;
};

static int emit(struct out *o, uint32_t leaf, uint32_t sub,
                const struct pv_cpuid_regs *r)
{
    xen_cpuid_leaf_t l = { leaf, sub, r->a, r->b, r->c, r->d };

    if (o->n == o->max)
        return -ENOBUFS;
    if (copy_to_guest(o->buf + o->n * sizeof(l), &l, sizeof(l)))
        return -EFAULT;
    o->n++;
    return 0;
}

/* Serialise p into the guest's array (Xen's leaf order). */
static int serialise(const struct pv_cpuid_policy *p, struct out *o)
{
    static const struct pv_cpuid_regs zero;
    uint32_t max = p->basic[0].a < PV_CPUID_NR_BASIC ? p->basic[0].a
                                                     : PV_CPUID_NR_BASIC - 1;
    uint64_t xstates;
    int rc = 0;

    for (uint32_t l = 0; l <= max && !rc; l++) {
        switch (l) {
        case 4:
            for (uint32_t s = 0; s < PV_CPUID_NR_CACHE && !rc; s++) {
                rc = emit(o, l, s, &p->cache[s]);
                if (!(p->cache[s].a & 0x1f))
                    break;
            }
            break;
        case 7:
            for (uint32_t s = 0;
                 s <= p->feat[0].a && s < PV_CPUID_NR_FEAT && !rc; s++)
                rc = emit(o, l, s, &p->feat[s]);
            break;
        case 0xb:
            rc = emit(o, l, 0, &zero); /* no topology leaf for PV */
            break;
        case 0xd:
            xstates = ((uint64_t)p->xstate[0].d << 32 | p->xstate[0].a) |
                      ((uint64_t)p->xstate[1].d << 32 | p->xstate[1].c);
            rc = emit(o, l, 0, &p->xstate[0]);
            if (!rc)
                rc = emit(o, l, 1, &p->xstate[1]);
            xstates >>= 2;
            for (uint32_t s = 2; xstates && s < PV_CPUID_NR_XSTATE && !rc;
                 s++, xstates >>= 1)
                rc = emit(o, l, s, &p->xstate[s]);
            break;
        default:
            rc = emit(o, l, NO_SUBLEAF, &p->basic[l]);
            break;
        }
    }
    if (!rc)
        rc = emit(o, 0x40000000, NO_SUBLEAF, &zero);
    if (!rc)
        rc = emit(o, 0x40000100, NO_SUBLEAF, &zero);
    max = (p->extd[0].a & 0xffff) < PV_CPUID_NR_EXTD ? (p->extd[0].a & 0xffff)
                                                     : PV_CPUID_NR_EXTD - 1;
    for (uint32_t l = 0; l <= max && !rc; l++)
        rc = emit(o, 0x80000000 | l, NO_SUBLEAF, &p->extd[l]);
    return rc;
}

/* PLATFORM_INFO and ARCH_CAPABILITIES: both 0 for PV guests here. */
static const uint32_t policy_msrs[POLICY_NR_MSRS] = { 0xce, 0x10a };

static int serialise_msrs(uint64_t buf, uint32_t *n)
{
    const uint32_t *msrs = policy_msrs;

    if (!buf)
        return 0;
    if (*n < POLICY_NR_MSRS)
        return -ENOBUFS;
    for (unsigned int i = 0; i < POLICY_NR_MSRS; i++) {
        xen_msr_entry_t e = { msrs[i], 0, 0 };

        if (copy_to_guest(buf + i * sizeof(e), &e, sizeof(e)))
            return -EFAULT;
    }
    *n = POLICY_NR_MSRS;
    return 0;
}

static long get_policy(const struct pv_cpuid_policy *p, uint64_t leaves,
                       uint32_t *nr_leaves, uint64_t msrs, uint32_t *nr_msrs)
{
    struct out o = { leaves, 0, *nr_leaves };
    int rc;

    if (!p)
        return -EOPNOTSUPP;
    if (leaves) {
        if ((rc = serialise(p, &o)))
            return rc;
        *nr_leaves = o.n;
    }
    if (msrs && (rc = serialise_msrs(msrs, nr_msrs)))
        return rc;
    if (!msrs)
        *nr_msrs = 0;
    return 0;
}

long arch_sysctl_cpu_policy(uint32_t cmd, void *arg)
{
    const struct pv_cpuid_policy *p = pv_default_policy();

    if (cmd == XEN_SYSCTL_get_cpu_policy) {
        struct xen_sysctl_cpu_policy *cp = arg;
        uint64_t leaves = (uintptr_t)cp->leaves.p;
        uint64_t msrs = (uintptr_t)cp->msrs.p;

        if (cp->index > XEN_SYSCTL_cpu_policy_hvm_default)
            return -EINVAL;
        if (cp->index == XEN_SYSCTL_cpu_policy_hvm_max ||
            cp->index == XEN_SYSCTL_cpu_policy_hvm_default)
            return -EOPNOTSUPP; /* no HVM guests */
        if (!leaves && !msrs) {
            cp->nr_leaves = POLICY_MAX_LEAVES;
            cp->nr_msrs = POLICY_NR_MSRS;
            return 0;
        }
        return get_policy(p, leaves, &cp->nr_leaves, msrs, &cp->nr_msrs);
    } else {
        struct xen_sysctl_cpu_featureset *fs = arg;
        uint64_t features = (uintptr_t)fs->features.p;
        uint32_t words[8];

        if (!p)
            return -EOPNOTSUPP;
        /* Xen's order: 1d, 1c, e1d, e1c, Da1, 7b0, 7c0, e7d. */
        words[0] = p->basic[1].d;
        words[1] = p->basic[1].c;
        words[2] = p->extd[1].d;
        words[3] = p->extd[1].c;
        words[4] = p->xstate[1].a;
        words[5] = p->feat[0].b;
        words[6] = p->feat[0].c;
        words[7] = p->extd[7].d;
        if (features &&
            copy_to_guest(features, words,
                          (fs->nr_features < 8 ? fs->nr_features : 8) * 4))
            return -EFAULT;
        if (fs->nr_features < 8) {
            fs->nr_features = 8;
            return -ENOBUFS;
        }
        fs->nr_features = 8;
        return 0;
    }
}

/* Store one serialised leaf into p; false if it has no place. */
static bool place(struct pv_cpuid_policy *p, const xen_cpuid_leaf_t *l)
{
    struct pv_cpuid_regs r = { l->a, l->b, l->c, l->d };

    if (l->leaf < PV_CPUID_NR_BASIC) {
        switch (l->leaf) {
        case 4:
            if (l->subleaf >= PV_CPUID_NR_CACHE)
                return false;
            p->cache[l->subleaf] = r;
            return true;
        case 7:
            if (l->subleaf >= PV_CPUID_NR_FEAT)
                return false;
            p->feat[l->subleaf] = r;
            return true;
        case 0xb:
            return l->subleaf < 2; /* no topology: ignored */
        case 0xd:
            if (l->subleaf >= PV_CPUID_NR_XSTATE)
                return false;
            p->xstate[l->subleaf] = r;
            return true;
        default:
            if (l->subleaf != NO_SUBLEAF)
                return false;
            p->basic[l->leaf] = r;
            return true;
        }
    }
    if (l->leaf == 0x40000000 || l->leaf == 0x40000100)
        return l->subleaf == NO_SUBLEAF;
    if (l->leaf >= 0x80000000 && l->leaf < 0x80000000 + PV_CPUID_NR_EXTD)
        return l->subleaf == NO_SUBLEAF &&
               (p->extd[l->leaf & 0xffff] = r, true);
    return false;
}

static bool subset(uint32_t new, uint32_t max)
{
    return !(new & ~max);
}

/* Feature bits only from the default, maximum leaves only lower. */
static bool compatible(const struct pv_cpuid_policy *n,
                       const struct pv_cpuid_policy *m)
{
    return n->basic[0].a <= m->basic[0].a && n->extd[0].a <= m->extd[0].a &&
           subset(n->basic[1].c, m->basic[1].c) &&
           subset(n->basic[1].d, m->basic[1].d) &&
           subset(n->feat[0].b, m->feat[0].b) &&
           subset(n->feat[0].c, m->feat[0].c) &&
           subset(n->feat[0].d, m->feat[0].d) &&
           subset(n->feat[1].a, m->feat[1].a) &&
           subset(n->xstate[1].a, m->xstate[1].a) &&
           subset(n->extd[1].c, m->extd[1].c) &&
           subset(n->extd[1].d, m->extd[1].d) &&
           subset(n->extd[7].d, m->extd[7].d);
}

/* The MSR half of a new policy: every entry one of the policy's MSRs
 * with a value the default allows (0: no bit of either is offered). */
static long check_msrs(struct xen_domctl_cpu_policy *cp)
{
    uint64_t buf;

    memcpy(&buf, &cp->msrs, sizeof(buf));
    if (cp->nr_msrs > POLICY_NR_MSRS)
        return -E2BIG;
    for (uint32_t i = 0; i < cp->nr_msrs; i++) {
        xen_msr_entry_t e;
        unsigned int k;

        if (copy_from_guest(&e, buf + i * sizeof(e), sizeof(e)))
            return -EFAULT;
        for (k = 0; k < POLICY_NR_MSRS && policy_msrs[k] != e.idx; k++)
            ;
        if (k == POLICY_NR_MSRS) {
            cp->err_msr = e.idx;
            return -ERANGE;
        }
        if (e.flags || e.val)
            return -EINVAL;
    }
    return 0;
}

static long set_policy(struct domain *d, struct xen_domctl_cpu_policy *cp)
{
    const struct pv_cpuid_policy *def = pv_default_policy();
    struct pv_cpuid_policy *n;
    uint64_t buf;
    long rc = 0;

    memcpy(&buf, &cp->leaves, sizeof(buf));
    if (!def)
        return -EOPNOTSUPP;
    if (cp->nr_leaves > POLICY_MAX_LEAVES)
        return -E2BIG;
    if (d->vcpu[0] && d->vcpu[0]->up)
        return -EBUSY; /* only before the domain first runs */
    if ((rc = check_msrs(cp)))
        return rc;
    if (!(n = xmalloc(struct pv_cpuid_policy)))
        return -ENOMEM;
    *n = *def;
    for (uint32_t i = 0; i < cp->nr_leaves && !rc; i++) {
        xen_cpuid_leaf_t l;

        if (copy_from_guest(&l, buf + i * sizeof(l), sizeof(l)))
            rc = -EFAULT;
        else if (!place(n, &l)) {
            cp->err_leaf = l.leaf;
            cp->err_subleaf = l.subleaf;
            rc = -ERANGE;
        }
    }
    if (!rc && !compatible(n, def))
        rc = -EINVAL;
    if (rc) {
        xfree(n);
        return rc;
    }
    xfree(d->pv.cpuid);
    d->pv.cpuid = n;
    return 0;
}

long pv_domctl_cpu_policy(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_cpu_policy *cp = &op->u.cpu_policy;
    uint64_t leaves, msrs;

    if (op->cmd == XEN_DOMCTL_set_cpu_policy)
        return set_policy(d, cp);
    memcpy(&leaves, &cp->leaves, sizeof(leaves));
    memcpy(&msrs, &cp->msrs, sizeof(msrs));
    return get_policy(d->pv.cpuid ? d->pv.cpuid : pv_default_policy(), leaves,
                      &cp->nr_leaves, msrs, &cp->nr_msrs);
}
