/* SPDX-License-Identifier: LGPL-2.1-only */
/* Checks of the MSR and policy records' bodies (save_records.h). */
#include "save_records.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int refuse(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;

    if (why && whylen) {
        va_start(ap, fmt);
        vsnprintf(why, whylen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int libxl__sr_check_vcpu_msrs(const uint8_t *body, uint32_t len,
                              struct xs_vcpu_msrs *head,
                              const struct xen_domctl_vcpu_msr **msrs,
                              char *why, size_t whylen)
{
    const size_t esz = sizeof(struct xen_domctl_vcpu_msr);
    struct xen_domctl_vcpu_msr m, o;

    if (len < sizeof(*head))
        return refuse(why, whylen, "%u bytes, shorter than its head", len);
    memcpy(head, body, sizeof(*head));
    if (head->count > XS_VCPU_MSRS_MAX)
        return refuse(why, whylen, "%u MSRs for vCPU %u (at most %u)",
                      head->count, head->vcpu, XS_VCPU_MSRS_MAX);
    if (len != sizeof(*head) + head->count * esz)
        return refuse(why, whylen, "%u bytes for %u MSRs", len, head->count);
    for (uint32_t i = 0; i < head->count; i++) {
        memcpy(&m, body + sizeof(*head) + i * esz, esz);
        if (m.reserved)
            return refuse(why, whylen, "MSR %#x has its reserved field set",
                          m.index);
        for (uint32_t j = 0; j < i; j++) {
            memcpy(&o, body + sizeof(*head) + j * esz, esz);
            if (o.index == m.index)
                return refuse(why, whylen, "MSR %#x twice", m.index);
        }
    }
    *msrs = (const struct xen_domctl_vcpu_msr *)(body + sizeof(*head));
    return (int)head->count;
}

int libxl__sr_check_cpuid_policy(const uint8_t *body, uint32_t len, char *why,
                                 size_t whylen)
{
    const size_t esz = sizeof(xen_cpuid_leaf_t);
    xen_cpuid_leaf_t l, o;
    uint32_t n = len / esz;

    if (len % esz)
        return refuse(why, whylen, "%u bytes, not whole %zu-byte leaves", len,
                      esz);
    if (!n || n > XS_POLICY_MAX_LEAVES)
        return refuse(why, whylen, "%u leaves (1-%u)", n, XS_POLICY_MAX_LEAVES);
    for (uint32_t i = 0; i < n; i++) {
        memcpy(&l, body + i * esz, esz);
        for (uint32_t j = 0; j < i; j++) {
            memcpy(&o, body + j * esz, esz);
            if (o.leaf == l.leaf && o.subleaf == l.subleaf)
                return refuse(why, whylen, "leaf %#x subleaf %#x twice", l.leaf,
                              l.subleaf);
        }
    }
    return (int)n;
}

int libxl__sr_check_msr_policy(const uint8_t *body, uint32_t len, char *why,
                               size_t whylen)
{
    const size_t esz = sizeof(xen_msr_entry_t);
    xen_msr_entry_t m, o;
    uint32_t n = len / esz;

    if (len % esz)
        return refuse(why, whylen, "%u bytes, not whole %zu-byte entries", len,
                      esz);
    if (n > XS_POLICY_MAX_MSRS)
        return refuse(why, whylen, "%u MSRs (at most %u)", n,
                      XS_POLICY_MAX_MSRS);
    for (uint32_t i = 0; i < n; i++) {
        memcpy(&m, body + i * esz, esz);
        if (m.flags)
            return refuse(why, whylen, "MSR %#x has flags %#x", m.idx, m.flags);
        for (uint32_t j = 0; j < i; j++) {
            memcpy(&o, body + j * esz, esz);
            if (o.idx == m.idx)
                return refuse(why, whylen, "MSR %#x twice", m.idx);
        }
    }
    return (int)n;
}
