/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The restore-side build: a PV domain (created, max_vcpus and max_mem
 * set, still paused) filled from a save stream's pieces instead of a
 * kernel.  Pages arrive in batches with their types (pfns in page tables
 * become this domain's frames as they are written, memory is populated
 * as pfns first appear); at the end the guest's own p2m is rewritten,
 * page tables pinned, start_info given the new store and console frames
 * and event channels, shared_info restored, the console and store grants
 * seeded and every vCPU's context and MSRs set.  The domain's CPUID and
 * MSR policy, which come before the pages, are set as they arrive.
 */
#ifndef PVRESTORE_H
#define PVRESTORE_H

#include "pvbuild.h"

struct pvrestore;
struct xen_domctl_ext_vcpucontext;
struct xen_domctl_tsc_info;
struct xen_domctl_vcpu_msr;

/* Fails (NULL, one line in err) only for lack of memory or a bad size. */
struct pvrestore *pvrestore_new(struct xctl *xc,
                                const struct pvbuild_config *cfg,
                                uint64_t p2m_size, unsigned max_vcpu_id,
                                char *err, size_t errlen);
void pvrestore_free(struct pvrestore *r);

/* The calls below return 0 or a negative errno with one line in err. */

/* n entries (pfn | type << 60) and the data of those that carry some. */
int pvrestore_pages(struct pvrestore *r, unsigned n, const uint64_t *ent,
                    const uint8_t *data, size_t data_len);
/* The pfns of the guest's p2m pages. */
int pvrestore_p2m_frames(struct pvrestore *r, const uint64_t *pfns, uint64_t n);
int pvrestore_vcpu(struct pvrestore *r, unsigned vcpu,
                   const vcpu_guest_context_t *ctxt);
int pvrestore_vcpu_ext(struct pvrestore *r, unsigned vcpu,
                       const struct xen_domctl_ext_vcpucontext *ext);
int pvrestore_vcpu_xsave(struct pvrestore *r, unsigned vcpu, uint64_t mask,
                         const void *area, size_t len);
int pvrestore_shared_info(struct pvrestore *r, const void *page);
int pvrestore_tsc(struct pvrestore *r, const struct xen_domctl_tsc_info *tsc);
/* The vCPU's MSRs (set with its context at the end). */
int pvrestore_vcpu_msrs(struct pvrestore *r, unsigned vcpu,
                        const struct xen_domctl_vcpu_msr *msrs, unsigned n);
/* The domain's CPUID leaves, then its MSR policy: the MSR policy sets
 * both at once (the domain has not run yet); a CPUID policy without one
 * is set at the end.  -EINVAL: the hypervisor refused it (this host
 * cannot offer the guest what it saw). */
int pvrestore_cpuid_policy(struct pvrestore *r, const xen_cpuid_leaf_t *leaves,
                           unsigned n);
int pvrestore_msr_policy(struct pvrestore *r, const xen_msr_entry_t *msrs,
                         unsigned n);
/* Everything after the pages; out: the store and console frames. */
int pvrestore_finish(struct pvrestore *r, struct pvbuild_result *out);

#endif
