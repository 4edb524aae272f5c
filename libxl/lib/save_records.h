/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The bodies of the save stream's MSR and policy records (version 3,
 * docs/save-format.md), checked before anything acts on them:
 *   VCPU_MSRS     u32 vCPU, u32 count, count xen_domctl_vcpu_msr
 *   CPUID_POLICY  xen_cpuid_leaf_t entries
 *   MSR_POLICY    xen_msr_entry_t entries
 * Each check returns the number of entries, or -1 with one line in why
 * (the record named by the caller).
 */
#ifndef LIBXL_SAVE_RECORDS_H
#define LIBXL_SAVE_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "public/domctl.h"

#define XS_VCPU_MSRS_MAX     64  /* MSRs of one vCPU in a record */
#define XS_POLICY_MAX_LEAVES 512 /* CPUID leaves in a record */
#define XS_POLICY_MAX_MSRS   64  /* MSR entries in a record */

struct xs_vcpu_msrs {
    uint32_t vcpu;
    uint32_t count;
    /* then count struct xen_domctl_vcpu_msr */
};

int libxl__sr_check_vcpu_msrs(const uint8_t *body, uint32_t len,
                              struct xs_vcpu_msrs *head,
                              const struct xen_domctl_vcpu_msr **msrs,
                              char *why, size_t whylen);
int libxl__sr_check_cpuid_policy(const uint8_t *body, uint32_t len, char *why,
                                 size_t whylen);
int libxl__sr_check_msr_policy(const uint8_t *body, uint32_t len, char *why,
                               size_t whylen);

#endif
