/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvbuild-smoke: one PV guest end to end through the hypercall layer and
 * the builder, in dom0 (tests/system/cases/toolstack-pvbuild):
 *
 *   pvbuild-smoke --kernel K [--ramdisk R] [--cmdline C] [--mem MiB]
 *                 [--vcpus N] [--timeout S]
 *     creates a PV domain as Xen 4.17's libxl does, allocates its store
 *     and console channels, builds it, introduces it to xenstored,
 *     unpauses it, prints every console line as "guest: LINE", waits for
 *     its shutdown, checks it powered off, destroys it and checks the
 *     hypervisor's free memory comes back.  Lines "smoke: ..." report each
 *     step; exit status 0 only when all passed.
 *   pvbuild-smoke --bare
 *     only createdomain, as a toolstack does first: the domain has no
 *     vCPUs yet (getdomaininfo's max_vcpu_id is XEN_INVALID_MAX_VCPU_ID)
 *     and stays so; prints its domid and leaves it for the caller to
 *     destroy.  Other toolstacks must cope with such a domain beside
 *     theirs (tests/system/cases/toolstack-async).
 *   pvbuild-smoke --extract-elf IMAGE OUT
 *     writes the ELF kernel inside IMAGE (a bzImage, decompressed) to OUT.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "public/io/console.h"
#include "public/sched.h"
#include "pvbuild_private.h"
#include "xctl.h"
#include "xenstore.h"

#define LIBXL_MAXMEM_CONSTANT_KB 1024 /* libxl's slack above the target */
#define PAGES_SLACK              8

static int failed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int failed(const char *fmt, ...)
{
    va_list ap;

    printf("smoke: FAIL ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return 1;
}

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int extract_elf(const char *in, const char *out)
{
    struct pvb_kernel k;
    char err[300];
    FILE *f;

    if (pvb_kernel_open(&k, in, err, sizeof(err)) < 0) {
        fprintf(stderr, "pvbuild-smoke: %s\n", err);
        return 1;
    }
    f = fopen(out, "w");
    if (!f || fwrite(k.elf, 1, k.elf_len, f) != k.elf_len || fclose(f)) {
        fprintf(stderr, "pvbuild-smoke: %s: %s\n", out, strerror(errno));
        return 1;
    }
    printf("extracted %zu bytes of ELF (%s) to %s\n", k.elf_len, k.guest_os,
           out);
    pvb_kernel_free(&k);
    return 0;
}

struct opts {
    const char *kernel, *ramdisk, *cmdline;
    unsigned mem_mb, vcpus, timeout;
    bool bare; /* --bare: createdomain only */
};

static int create(struct xctl *xc, const struct opts *o, uint32_t *domid)
{
    struct xen_domctl_createdomain cfg;
    struct xen_sysctl_physinfo pi;
    unsigned i;
    int rc;

    memset(&cfg, 0, sizeof(cfg));
    if ((rc = xctl_physinfo(xc, &pi)) < 0)
        return failed("physinfo: %s", strerror(-rc));
    /* As Xen 4.17's libxl for a PV guest with default settings. */
    cfg.flags = 0;
    cfg.max_vcpus = o->vcpus;
    cfg.max_evtchn_port = 1023;
    cfg.max_grant_frames = -1;
    cfg.max_maptrack_frames = -1;
    cfg.grant_opts = XEN_DOMCTL_GRANT_version(
        pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2 ? 2 : 1);
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    for (i = 0; i < sizeof(cfg.handle); i++)
        cfg.handle[i] = (uint8_t)rand();
    *domid = 0;
    if ((rc = xctl_domain_create(xc, domid, &cfg)) < 0)
        return failed("createdomain: %s", strerror(-rc));
    if (o->bare) {
        printf("%u\n", *domid);
        return 0;
    }
    if ((rc = xctl_domain_max_vcpus(xc, *domid, o->vcpus)) < 0)
        return failed("max_vcpus %u: %s", o->vcpus, strerror(-rc));
    if ((rc = xctl_domain_setmaxmem(xc, *domid,
                                    (uint64_t)o->mem_mb * 1024 +
                                        LIBXL_MAXMEM_CONSTANT_KB)) < 0)
        return failed("setmaxmem: %s", strerror(-rc));
    if ((rc = xctl_domain_set_address_size(xc, *domid, 64)) < 0)
        return failed("set_address_size 64: %s", strerror(-rc));
    printf("smoke: created domain %u\n", *domid);
    return 0;
}

static bool xs_put(struct xs_handle *xs, uint32_t domid, const char *rel,
                   const char *val, struct xs_permissions *perms,
                   unsigned nperms)
{
    char path[96];

    snprintf(path, sizeof(path), "/local/domain/%u%s%s", domid, *rel ? "/" : "",
             rel);
    if (val ? !xs_write(xs, XBT_NULL, path, val, (unsigned)strlen(val))
            : !xs_mkdir(xs, XBT_NULL, path))
        return false;
    return !perms || xs_set_permissions(xs, XBT_NULL, path, perms, nperms);
}

/* The entries libxl writes for a PV guest that the guest itself reads or
 * writes (name, domid, vCPU availability, its control directory), then
 * the introduction that connects its store ring. */
static int introduce(uint32_t domid, const struct pvbuild_result *r,
                     uint32_t store_port, unsigned vcpus)
{
    struct xs_handle *xs = xs_open(0);
    struct xs_permissions ro[2] = { { 0, XS_PERM_NONE },
                                    { domid, XS_PERM_READ } };
    struct xs_permissions rw[1] = { { domid, XS_PERM_NONE } };
    char id[16], cpu[32];
    bool ok;
    unsigned i;

    if (!xs)
        return failed("cannot connect to xenstored: %s", strerror(errno));
    snprintf(id, sizeof(id), "%u", domid);
    ok = xs_put(xs, domid, "", NULL, ro, 2) &&
         xs_put(xs, domid, "name", "smoke", NULL, 0) &&
         xs_put(xs, domid, "domid", id, NULL, 0) &&
         xs_put(xs, domid, "control", NULL, ro, 2) &&
         xs_put(xs, domid, "control/shutdown", "", rw, 1) &&
         xs_put(xs, domid, "data", NULL, rw, 1);
    for (i = 0; ok && i < vcpus; i++) {
        snprintf(cpu, sizeof(cpu), "cpu/%u/availability", i);
        ok = xs_put(xs, domid, cpu, "online", NULL, 0);
    }
    for (i = 0; ok && i < 5; i++) {
        static const char *const feat[] = {
            "feature-poweroff", "feature-reboot", "feature-suspend", "sysrq",
            "platform-feature-multiprocessor-suspend"
        };
        snprintf(cpu, sizeof(cpu), "control/%s", feat[i]);
        ok = xs_put(xs, domid, cpu, "", rw, 1);
    }
    ok = ok && xs_introduce_domain(xs, domid, r->store_mfn, store_port);
    xs_close(xs);
    if (!ok)
        return failed("xenstore: introducing domain %u: %s", domid,
                      strerror(errno));
    printf("smoke: introduced to xenstored\n");
    return 0;
}

/* Prints complete console lines as "guest: ..."; keeps the partial one. */
static void drain(struct xencons_interface *c, char *line, size_t *n)
{
    XENCONS_RING_IDX cons = c->out_cons, prod;

    prod = __atomic_load_n(&c->out_prod, __ATOMIC_ACQUIRE);
    while (cons != prod) {
        char ch = c->out[MASK_XENCONS_IDX(cons++, c->out)];
        if (ch == '\r')
            continue;
        if (ch == '\n' || *n == 1023) {
            line[*n] = 0;
            printf("guest: %s\n", line);
            *n = 0;
            if (ch == '\n')
                continue;
        }
        line[(*n)++] = ch;
    }
    __atomic_store_n(&c->out_cons, cons, __ATOMIC_RELEASE);
    fflush(stdout);
}

/* Follows the console until the domain shuts down; the reason or -1. */
static int follow(struct xctl *xc, uint32_t domid, uint64_t console_mfn,
                  uint32_t console_port, unsigned timeout)
{
    xen_pfn_t mfn = console_mfn;
    struct xencons_interface *c;
    struct xctl_evtchn *e;
    int port, reason = -1;
    char line[1024];
    size_t n = 0;
    double end = now_ms() + timeout * 1000.0;

    c = xctl_map_foreign(xc, domid, PROT_READ | PROT_WRITE, &mfn, NULL, 1);
    if (!c)
        return failed("mapping the console ring: %s", strerror(errno)), -1;
    e = xctl_evtchn_open();
    port = e ? xctl_evtchn_bind_interdomain(e, domid, console_port) : -errno;
    if (port < 0) {
        xctl_unmap(c, 1);
        xctl_evtchn_close(e);
        return failed("binding the console channel: %s", strerror(-port)), -1;
    }
    while (now_ms() < end) {
        struct pollfd p = { xctl_evtchn_fd(e), POLLIN, 0 };
        struct xen_domctl_getdomaininfo info;
        int pend;

        poll(&p, 1, 200);
        while ((pend = xctl_evtchn_pending(e)) >= 0)
            xctl_evtchn_unmask(e, (uint32_t)pend);
        drain(c, line, &n);
        xctl_evtchn_notify(e, (uint32_t)port);
        if (xctl_domain_getinfo(xc, domid, &info) < 0) {
            failed("domain %u vanished", domid);
            break;
        }
        if (info.flags & XEN_DOMINF_shutdown) {
            drain(c, line, &n);
            reason = (int)((info.flags >> XEN_DOMINF_shutdownshift) &
                           XEN_DOMINF_shutdownmask);
            break;
        }
    }
    if (n) {
        line[n] = 0;
        printf("guest: %s\n", line);
    }
    if (reason < 0 && now_ms() >= end)
        failed("no shutdown within %u s", timeout);
    xctl_evtchn_unbind(e, (uint32_t)port);
    xctl_evtchn_close(e);
    xctl_unmap(c, 1);
    return reason;
}

/* The hypervisor's free pages plus dom0's own: dom0's kernel may balloon
 * a few pages in or out meanwhile, which is no leak of the guest's. */
static uint64_t free_pages(struct xctl *xc)
{
    struct xen_domctl_getdomaininfo d0;
    struct xen_sysctl_physinfo pi;

    if (xctl_physinfo(xc, &pi) < 0 || xctl_domain_getinfo(xc, 0, &d0) < 0)
        return 0;
    return pi.free_pages + d0.tot_pages;
}

static int smoke(struct xctl *xc, const struct opts *o)
{
    struct pvbuild_config cfg;
    struct pvbuild_result r;
    uint64_t free0 = free_pages(xc), free1 = 0;
    char err[300];
    uint32_t domid;
    int store, cons, rc, reason, i, gone = 0;
    double t0;

    if (create(xc, o, &domid))
        return 1;
    store = xctl_evtchn_alloc_unbound(xc, domid, 0);
    cons = xctl_evtchn_alloc_unbound(xc, domid, 0);
    if (store < 0 || cons < 0) {
        xctl_domain_destroy(xc, domid);
        return failed("alloc_unbound: %s",
                      strerror(-(store < 0 ? store : cons)));
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.domid = domid;
    cfg.kernel = o->kernel;
    cfg.ramdisk = o->ramdisk;
    cfg.cmdline = o->cmdline;
    cfg.mem_kb = (uint64_t)o->mem_mb * 1024;
    cfg.nr_vcpus = o->vcpus;
    cfg.store_evtchn = (uint32_t)store;
    cfg.console_evtchn = (uint32_t)cons;
    t0 = now_ms();
    rc = pvbuild(xc, &cfg, &r, err, sizeof(err));
    if (rc < 0) {
        xctl_domain_destroy(xc, domid);
        return failed("pvbuild: %s", err);
    }
    printf("smoke: built %s kernel, entry %#llx, store mfn %#llx, console "
           "mfn %#llx\n",
           r.guest_os, (unsigned long long)r.entry,
           (unsigned long long)r.store_mfn, (unsigned long long)r.console_mfn);
    printf("smoke: build time %.1f ms\n", now_ms() - t0);
    if (introduce(domid, &r, (uint32_t)store, o->vcpus) ||
        xctl_domain_unpause(xc, domid) < 0) {
        xctl_domain_destroy(xc, domid);
        return failed("starting domain %u", domid);
    }
    printf("smoke: unpaused\n");
    fflush(stdout);
    reason = follow(xc, domid, r.console_mfn, (uint32_t)cons, o->timeout);
    if (reason >= 0)
        printf("smoke: shut down, reason %s\n",
               reason == SHUTDOWN_poweroff ? "poweroff"
               : reason == SHUTDOWN_crash  ? "crash"
               : reason == SHUTDOWN_reboot ? "reboot"
                                           : "other");
    if ((rc = xctl_domain_destroy(xc, domid)) < 0)
        return failed("destroy: %s", strerror(-rc));
    /* Gone, and its memory back: the hypervisor's own allocator may keep
     * a few pages of the domain's bookkeeping cached (Xen 4.17 does), so
     * up to PAGES_SLACK pages short still passes; the guest had
     * thousands. */
    for (i = 0; i < 200; i++) {
        struct xen_domctl_getdomaininfo info;
        gone = xctl_domain_getinfo(xc, domid, &info) == -ESRCH;
        free1 = free_pages(xc);
        if (gone && free1 + PAGES_SLACK >= free0)
            break;
        usleep(100 * 1000);
    }
    if (!gone)
        return failed("domain %u still exists 20 s after destroy", domid);
    if (free1 + PAGES_SLACK < free0)
        return failed("%llu pages not freed after destroy",
                      (unsigned long long)(free0 - free1));
    printf("smoke: destroyed, free memory back (%lld pages difference)\n",
           (long long)(free1 - free0));
    if (reason != SHUTDOWN_poweroff)
        return failed("guest did not power off");
    printf("smoke: PASS\n");
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        { "kernel", 1, NULL, 'k' },
        { "ramdisk", 1, NULL, 'r' },
        { "cmdline", 1, NULL, 'c' },
        { "mem", 1, NULL, 'm' },
        { "vcpus", 1, NULL, 'v' },
        { "timeout", 1, NULL, 't' },
        { "extract-elf", 0, NULL, 'x' },
        { "bare", 0, NULL, 'b' },
        { NULL, 0, NULL, 0 },
    };
    struct opts o = { NULL, NULL, NULL, 128, 2, 300, false };
    struct xctl *xc;
    int c, extract = 0, rc;

    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'k':
            o.kernel = optarg;
            break;
        case 'r':
            o.ramdisk = optarg;
            break;
        case 'c':
            o.cmdline = optarg;
            break;
        case 'm':
            o.mem_mb = (unsigned)atoi(optarg);
            break;
        case 'v':
            o.vcpus = (unsigned)atoi(optarg);
            break;
        case 't':
            o.timeout = (unsigned)atoi(optarg);
            break;
        case 'x':
            extract = 1;
            break;
        case 'b':
            o.bare = true;
            break;
        default:
            return 2;
        }
    }
    if (extract) {
        if (argc - optind != 2) {
            fprintf(stderr, "usage: pvbuild-smoke --extract-elf IMAGE OUT\n");
            return 2;
        }
        return extract_elf(argv[optind], argv[optind + 1]);
    }
    if (o.bare) {
        uint32_t domid;

        if (!(xc = xctl_open()))
            return failed("cannot open /dev/xen/privcmd: %s", strerror(errno));
        rc = create(xc, &o, &domid);
        xctl_close(xc);
        return rc;
    }
    if (!o.kernel || !o.mem_mb || !o.vcpus) {
        fprintf(stderr, "usage: pvbuild-smoke --kernel K [--ramdisk R] "
                        "[--cmdline C] [--mem MiB] [--vcpus N]\n");
        return 2;
    }
    xc = xctl_open();
    if (!xc)
        return failed("cannot open /dev/xen/privcmd: %s", strerror(errno));
    rc = smoke(xc, &o);
    xctl_close(xc);
    return rc;
}
