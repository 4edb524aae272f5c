/* SPDX-License-Identifier: LGPL-2.1-only */
/* The PV build, step by step in the order of Xen 4.17's tools. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pvbuild_private.h"
#include "xctl.h"

int pvb_error(struct pvb *b, int err, const char *fmt, ...)
{
    va_list ap;

    if (b->err && b->errlen && !b->err[0]) { /* the first cause counts */
        va_start(ap, fmt);
        vsnprintf(b->err, b->errlen, fmt, ap);
        va_end(ap);
    }
    errno = -err;
    return err;
}

/* PVBUILD_TRACE=1 in the environment: each step's time on stderr, for
 * finding where a slow build spends it. */
static void pvb_trace(const char *step)
{
    static __thread double last;
    struct timespec t;
    double now;

    if (!getenv("PVBUILD_TRACE"))
        return;
    clock_gettime(CLOCK_MONOTONIC, &t);
    now = t.tv_sec * 1e3 + t.tv_nsec / 1e6;
    if (step)
        fprintf(stderr, "pvbuild: %-10s %8.1f ms\n", step, now - last);
    last = now;
}

static int pvb_check_config(struct pvb *b, const struct pvbuild_config *cfg)
{
    if (!cfg->kernel)
        return pvb_error(b, -EINVAL, "no kernel given");
    if (cfg->domid == 0 || cfg->domid >= DOMID_FIRST_RESERVED)
        return pvb_error(b, -EINVAL, "cannot build domain %u", cfg->domid);
    if (cfg->mem_kb < 4096 || cfg->mem_kb % 4)
        return pvb_error(b, -EINVAL,
                         "memory %llu KiB: at least 4 MiB in whole pages is "
                         "needed",
                         (unsigned long long)cfg->mem_kb);
    if (!cfg->nr_vcpus)
        return pvb_error(b, -EINVAL, "no vCPUs");
    return 0;
}

static int pvb_load_inputs(struct pvb *b)
{
    char why[256] = "";
    int rc;

    pvb_trace(NULL);
    rc = pvb_kernel_open(&b->k, b->cfg->kernel, why, sizeof(why));
    if (rc < 0)
        return pvb_error(b, rc, "%s", why);
    if (b->cfg->ramdisk) {
        rc = pvb_read_file(b->cfg->ramdisk, &b->ramdisk, &b->ramdisk_len, why,
                           sizeof(why));
        if (rc < 0)
            return pvb_error(b, rc, "ramdisk %s", why);
    }
    pvb_trace("read");
    return 0;
}

static int pvb_boot(struct pvb *b)
{
    struct xen_domctl_getdomaininfo info;
    int rc;

    rc = xctl_domain_set_address_size(b->xc, b->cfg->domid, 64);
    if (rc < 0)
        return pvb_error(b, rc, "cannot make domain %u a 64-bit guest: %s",
                         b->cfg->domid, strerror(-rc));
    if ((rc = pvb_populate(b)) < 0)
        return rc;
    pvb_trace("populate");
    if ((rc = pvb_layout(b)) < 0)
        return rc;
    pvb_trace("load");
    rc = xctl_domain_getinfo(b->xc, b->cfg->domid, &info);
    if (rc < 0)
        return pvb_error(b, rc, "domain %u: getdomaininfo failed: %s",
                         b->cfg->domid, strerror(-rc));
    b->shared_info_mfn = info.shared_info_frame;
    if ((rc = pvb_write_p2m(b)) < 0 || (rc = pvb_write_pgtables(b)) < 0 ||
        (rc = pvb_start_info(b)) < 0 || (rc = pvb_hypercall_page(b)) < 0 ||
        (rc = pvb_pin(b)) < 0 || (rc = pvb_shared_info(b)) < 0 ||
        (rc = pvb_vcpu0(b)) < 0)
        return rc;
    rc = pvb_seed_grants(b);
    pvb_trace("boot");
    return rc;
}

int pvbuild(struct xctl *xc, const struct pvbuild_config *cfg,
            struct pvbuild_result *out, char *err, size_t errlen)
{
    struct pvb *b = calloc(1, sizeof(*b));
    int rc;

    if (err && errlen)
        err[0] = 0;
    if (!b) {
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        errno = ENOMEM;
        return -ENOMEM;
    }
    b->xc = xc;
    b->cfg = cfg;
    b->err = err;
    b->errlen = errlen;
    if (!xc || !cfg || !out)
        rc = pvb_error(b, -EINVAL, "pvbuild: no handle, config or result");
    else if ((rc = pvb_check_config(b, cfg)) == 0 &&
             (rc = pvb_load_inputs(b)) == 0) {
        b->total_pages = cfg->mem_kb / 4;
        rc = pvb_boot(b);
    }
    if (rc == 0) {
        memset(out, 0, sizeof(*out));
        out->store_mfn = b->p2m[b->xenstore_pfn];
        out->console_mfn = b->p2m[b->console_pfn];
        out->store_gfn = b->xenstore_pfn;
        out->console_gfn = b->console_pfn;
        out->virt_base = b->k.virt_base;
        out->entry = b->k.entry;
        snprintf(out->guest_os, sizeof(out->guest_os), "%s", b->k.guest_os);
    }
    pvb_kernel_free(&b->k);
    free(b->ramdisk);
    free(b->p2m);
    free(b);
    if (rc < 0)
        errno = -rc;
    return rc;
}
