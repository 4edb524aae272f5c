/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The PV domain builder: loads a kernel (ELF with Xen notes, or a bzImage
 * whose payload is gzip, xz, lzma or zstd) and a ramdisk into a domain that
 * exists (created, max_vcpus and max_mem set, still paused), and makes it
 * ready to run: memory populated, p2m, page tables pinned, start_info,
 * shared info, hypercall page, console and store rings, grant table
 * entries for the console and store backends, vCPU 0's context.
 * Unpausing it is the caller's job.
 */
#ifndef PVBUILD_H
#define PVBUILD_H

#include <stddef.h>
#include <stdint.h>

/* The public header's shorthands console_mfn / console_evtchn (for
 * start_info.console.domU) would rename the fields below: drop them. */
#include "public/xen.h"
#undef console_mfn
#undef console_evtchn

struct xctl;

struct pvbuild_config {
    uint32_t domid;
    const char *kernel;  /* path */
    const char *ramdisk; /* path or NULL */
    const char *cmdline; /* or NULL */
    uint64_t mem_kb;     /* memory to populate at start */
    unsigned nr_vcpus;   /* max vCPUs (the guest brings up all but 0) */
    /* Event channels the caller allocated (alloc_unbound towards the
     * store and console backend domains). */
    uint32_t store_evtchn, console_evtchn;
    uint32_t store_domid, console_domid;
};

struct pvbuild_result {
    uint64_t store_mfn, console_mfn; /* for xs_introduce_domain, xenstore */
    uint64_t store_gfn, console_gfn;
    uint64_t virt_base, entry;
    char guest_os[32]; /* from the kernel's notes: "linux" */
};

/*
 * Builds cfg->domid.  Returns 0, or a negative errno with one line in err
 * saying what failed ("kernel /boot/x: not an ELF or bzImage file").
 * The domain is left for the caller to destroy on failure.
 */
int pvbuild(struct xctl *xc, const struct pvbuild_config *cfg,
            struct pvbuild_result *out, char *err, size_t errlen);

#endif
