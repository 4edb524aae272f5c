/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall layer on the host: privcmd's ioctl is replaced (linker
 * --wrap) by a fake hypervisor that checks what reaches it, so bouncing,
 * interface versions, error mapping and argument checks are tested
 * without Xen.  Opening the real devices is tested where they are absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "public/errno.h"
#include "public/sched.h"
#include "xctl_private.h"

int __wrap_ioctl(int fd, unsigned long req, void *arg);
int __real_ioctl(int fd, unsigned long req, void *arg);

/* The fake hypervisor: what it saw and what it answers. */
static struct {
    int calls;
    uint64_t op, arg[5];
    uint8_t seen[256]; /* the argument page's first bytes at the call */
    int answer;        /* >= 0 returned; < 0: -1 with errno = -answer */
    uint16_t reply_domain;
    int batch_err; /* error written into every mmapbatch entry */
} hv;

static int page_aligned(uint64_t a)
{
    return (a & (XCTL_PAGE_SIZE - 1)) == 0;
}

static pthread_mutex_t hv_lock = PTHREAD_MUTEX_INITIALIZER;

static int fake_ioctl(int fd, unsigned long req, void *arg);

/* get_cpu_policy gives two leaves and one MSR (ENOBUFS, the counts
 * given back, when there is less room); set_cpu_policy's refusal names
 * MSR 0x10a; get_vcpu_msrs gives 3 as the size and then one MSR. */
static void fake_policy_msrs(struct xen_domctl *d)
{
    static const xen_cpuid_leaf_t l[2] = { { 0, ~0u, 0xd, 1, 2, 3 },
                                           { 1, ~0u, 4, 5, 6, 7 } };
    static const xen_msr_entry_t m = { 0xce, 0, 0 };
    struct xen_domctl_cpu_policy *cp = &d->u.cpu_policy;
    struct xen_domctl_vcpu_msrs *vm = &d->u.vcpu_msrs;
    uint64_t lh, mh, h;

    switch (d->cmd) {
    case XEN_DOMCTL_get_cpu_policy:
        memcpy(&lh, &cp->leaves, 8);
        memcpy(&mh, &cp->msrs, 8);
        if (cp->nr_leaves < 2 || cp->nr_msrs < 1) {
            cp->nr_leaves = 2;
            cp->nr_msrs = 1;
            hv.answer = -XEN_ENOBUFS;
            return;
        }
        memcpy((void *)(uintptr_t)lh, l, sizeof(l));
        memcpy((void *)(uintptr_t)mh, &m, sizeof(m));
        cp->nr_leaves = 2;
        cp->nr_msrs = 1;
        break;
    case XEN_DOMCTL_set_cpu_policy:
        memcpy(&lh, &cp->leaves, 8);
        memcpy(hv.seen, (void *)(uintptr_t)lh, 24);
        if (hv.answer == -XEN_ERANGE)
            cp->err_msr = 0x10a;
        break;
    case XEN_DOMCTL_get_vcpu_msrs:
        memcpy(&h, &vm->msrs, 8);
        if (!h) {
            vm->msr_count = 3;
        } else {
            struct xen_domctl_vcpu_msr one = { 0x48, 0, 1 };
            memcpy((void *)(uintptr_t)h, &one, sizeof(one));
            vm->msr_count = 1;
        }
        break;
    }
}

/* The fake hypervisor serialises its callers (its record is shared). */
int __wrap_ioctl(int fd, unsigned long req, void *arg)
{
    int rc, e;

    pthread_mutex_lock(&hv_lock);
    rc = fake_ioctl(fd, req, arg);
    e = errno;
    pthread_mutex_unlock(&hv_lock);
    errno = e;
    return rc;
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
    if (req == XCTL_IOCTL_PRIVCMD_HYPERCALL) {
        struct xctl_privcmd_hypercall *h = arg;
        hv.calls++;
        hv.op = h->op;
        memcpy(hv.arg, h->arg, sizeof(hv.arg));
        if (h->op == __HYPERVISOR_domctl || h->op == __HYPERVISOR_sysctl) {
            struct xen_domctl *d = (void *)(uintptr_t)h->arg[0];
            assert_true(page_aligned(h->arg[0]));
            memcpy(hv.seen, d,
                   sizeof(hv.seen) < sizeof(*d) ? sizeof(hv.seen) : sizeof(*d));
            if (h->op == __HYPERVISOR_domctl &&
                d->cmd == XEN_DOMCTL_getdomaininfo)
                d->u.getdomaininfo.domain = hv.reply_domain;
            if (h->op == __HYPERVISOR_domctl &&
                d->cmd == XEN_DOMCTL_createdomain)
                d->domain = hv.reply_domain;
            if (h->op == __HYPERVISOR_domctl)
                fake_policy_msrs(d);
        } else if (h->op == __HYPERVISOR_sched_op ||
                   h->op == __HYPERVISOR_event_channel_op ||
                   h->op == __HYPERVISOR_memory_op) {
            void *a = (void *)(uintptr_t)h->arg[1];
            assert_true(page_aligned(h->arg[1]));
            memcpy(hv.seen, a, 64);
            if (h->op == __HYPERVISOR_event_channel_op)
                ((struct evtchn_alloc_unbound *)a)->port = 7;
        }
        if (hv.answer < 0) {
            errno = -hv.answer;
            return -1;
        }
        return hv.answer;
    }
    if (req == XCTL_IOCTL_PRIVCMD_MMAPBATCH_V2) {
        struct xctl_privcmd_mmapbatch_v2 *b = arg;
        unsigned i;
        hv.calls++;
        for (i = 0; i < b->num; i++)
            b->err[i] = i == b->num - 1 ? hv.batch_err : 0;
        return 0;
    }
    return __real_ioctl(fd, req, arg);
}

/* A handle on /dev/zero: its mmap behaves like privcmd's for the test. */
static int setup(void **state)
{
    struct xctl *xc = calloc(1, sizeof(*xc));

    assert_non_null(xc);
    xc->fd = open("/dev/zero", O_RDWR);
    xc->buf_fd = -1;
    pthread_mutex_init(&xc->lock, NULL);
    assert_true(xc->fd >= 0);
    memset(&hv, 0, sizeof(hv));
    *state = xc;
    return 0;
}

static int teardown(void **state)
{
    xctl_close(*state);
    return 0;
}

static void test_open_without_xen(void **state)
{
    if (access("/dev/xen/privcmd", F_OK) == 0)
        skip();
    errno = 0;
    assert_null(xctl_open());
    assert_int_equal(errno, ENOENT);
    if (access("/dev/xen/evtchn", F_OK) != 0) {
        assert_null(xctl_evtchn_open());
        assert_int_equal(errno, ENOENT);
    }
    if (access("/dev/xen/gntdev", F_OK) != 0) {
        assert_null(xctl_gnttab_open());
        assert_int_equal(errno, ENOENT);
    }
}

static void test_buffer(void **state)
{
    struct xctl *xc = *state;
    uint8_t *p = xctl_buffer_alloc(xc, 5000);
    pid_t pid;
    int st;

    assert_non_null(p);
    assert_true(page_aligned((uintptr_t)p));
    assert_int_equal(p[0] | p[4999] | p[8191], 0);
    p[8191] = 1; /* two whole pages */
    /* Kept out of children: touching it there faults. */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        p[0] = 1;
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    xctl_buffer_free(xc, p, 5000);
    errno = 0;
    assert_null(xctl_buffer_alloc(xc, 0));
    assert_int_equal(errno, EINVAL);
    assert_null(xctl_buffer_alloc(NULL, 16));
}

static void test_buffer_reuse(void **state)
{
    struct xctl *xc = *state;
    uint8_t *p = xctl_buffer_alloc(xc, 100), *q;

    assert_non_null(p);
    memset(p, 0xab, 100);
    xctl_buffer_free(xc, p, 100);
    q = xctl_buffer_alloc(xc, 64);
    assert_ptr_equal(p, q);            /* the freed page again ... */
    assert_int_equal(q[0] | q[99], 0); /* ... cleared */
    xctl_buffer_free(xc, q, 64);
}

static void *hammer(void *arg)
{
    struct xctl *xc = arg;
    long bad = 0;
    int i;

    for (i = 0; i < 2000; i++)
        if (xctl_domain_max_vcpus(xc, 1, 2) != 0)
            bad++;
    return (void *)bad;
}

/* Several threads on one handle: every call succeeds and the buffer
 * cache stays within its bound. */
static void test_threads(void **state)
{
    struct xctl *xc = *state;
    pthread_t t[4];
    void *bad;
    int i;

    hv.answer = 0;
    for (i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, hammer, xc), 0);
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(t[i], &bad), 0);
        assert_null(bad);
    }
    assert_true(xc->n_cached >= 1 && xc->n_cached <= XCTL_BUF_CACHE);
}

static void test_domctl_bounced(void **state)
{
    struct xctl *xc = *state;
    struct xen_domctl d = { 0 };

    d.cmd = XEN_DOMCTL_max_vcpus;
    d.domain = 3;
    d.u.max_vcpus.max = 2;
    hv.answer = 0;
    assert_int_equal(xctl_domctl(xc, &d), 0);
    assert_int_equal(hv.op, __HYPERVISOR_domctl);
    /* Not the caller's stack: a buffer of its own. */
    assert_true(hv.arg[0] != (uintptr_t)&d);
    assert_int_equal(((struct xen_domctl *)hv.seen)->interface_version,
                     XEN_DOMCTL_INTERFACE_VERSION);
    assert_int_equal(((struct xen_domctl *)hv.seen)->u.max_vcpus.max, 2);
    assert_int_equal(d.interface_version, XEN_DOMCTL_INTERFACE_VERSION);
}

static void test_errno_mapping(void **state)
{
    struct xctl *xc = *state;

    hv.answer = -XEN_ESRCH;
    errno = 0;
    assert_int_equal(xctl_domain_pause(xc, 9), -ESRCH);
    assert_int_equal(errno, ESRCH);
    hv.answer = -XEN_EOPNOTSUPP;
    assert_int_equal(xctl_domain_unpause(xc, 9), -EOPNOTSUPP);
    hv.answer = -4095; /* no such number in the ABI */
    assert_int_equal(xctl_domain_unpause(xc, 9), -EIO);
    assert_int_equal(xctl__errno_from_xen(XEN_EAGAIN), EAGAIN);
    assert_int_equal(xctl__errno_from_xen(XEN_ENOSYS), ENOSYS);
}

static void test_getinfo_exact(void **state)
{
    struct xctl *xc = *state;
    struct xen_domctl_getdomaininfo info;

    hv.answer = 0;
    hv.reply_domain = 5; /* asked 4, the hypervisor answers the next one */
    assert_int_equal(xctl_domain_getinfo(xc, 4, &info), -ESRCH);
    assert_int_equal(xctl_domain_getinfo(xc, 5, &info), 0);
    assert_int_equal(info.domain, 5);
    assert_int_equal(xctl_domain_getinfo(xc, 5, NULL), -EINVAL);
}

static void test_create(void **state)
{
    struct xctl *xc = *state;
    struct xen_domctl_createdomain cfg = { 0 };
    uint32_t domid = 0;

    cfg.max_vcpus = 2;
    cfg.max_grant_frames = 64;
    hv.reply_domain = 12;
    assert_int_equal(xctl_domain_create(xc, &domid, &cfg), 0);
    assert_int_equal(domid, 12);
    assert_int_equal(((struct xen_domctl *)hv.seen)->cmd,
                     XEN_DOMCTL_createdomain);
    assert_int_equal(((struct xen_domctl *)hv.seen)->u.createdomain.max_vcpus,
                     2);
    assert_int_equal(xctl_domain_create(xc, NULL, &cfg), -EINVAL);
}

static void test_shutdown(void **state)
{
    struct xctl *xc = *state;
    struct sched_remote_shutdown *a = (void *)hv.seen;

    assert_int_equal(xctl_domain_shutdown(xc, 6, SHUTDOWN_reboot), 0);
    assert_int_equal(hv.op, __HYPERVISOR_sched_op);
    assert_int_equal(hv.arg[0], SCHEDOP_remote_shutdown);
    assert_int_equal(a->domain_id, 6);
    assert_int_equal(a->reason, SHUTDOWN_reboot);
    hv.calls = 0;
    assert_int_equal(xctl_domain_shutdown(xc, 6, 99), -EINVAL);
    assert_int_equal(hv.calls, 0);
}

static void test_alloc_unbound(void **state)
{
    struct xctl *xc = *state;
    struct evtchn_alloc_unbound *a = (void *)hv.seen;

    assert_int_equal(xctl_evtchn_alloc_unbound(xc, 4, 0), 7);
    assert_int_equal(hv.arg[0], EVTCHNOP_alloc_unbound);
    assert_int_equal(a->dom, 4);
    assert_int_equal(a->remote_dom, 0);
    hv.answer = -XEN_ENOSPC;
    assert_int_equal(xctl_evtchn_alloc_unbound(xc, 4, 0), -ENOSPC);
}

static void test_memory_op(void **state)
{
    struct xctl *xc = *state;
    uint16_t dom = 3;

    hv.answer = 1234;
    assert_int_equal(xctl_memory_op(xc, XENMEM_maximum_gpfn, &dom, 2), 1234);
    assert_int_equal(hv.arg[0], XENMEM_maximum_gpfn);
    assert_int_equal(*(uint16_t *)hv.seen, 3);
    assert_int_equal(xctl_memory_op(xc, 0, NULL, 8), -EINVAL);
}

static void test_map_foreign(void **state)
{
    struct xctl *xc = *state;
    xen_pfn_t gfns[3] = { 1, 2, 3 };
    int errs[3];
    void *p;

    hv.batch_err = 0;
    p = xctl_map_foreign(xc, 1, PROT_READ, gfns, NULL, 3);
    assert_non_null(p);
    assert_int_equal(xctl_unmap(p, 3), 0);
    /* One bad frame: the whole call fails without errs[] ... */
    hv.batch_err = -EINVAL;
    errno = 0;
    assert_null(xctl_map_foreign(xc, 1, PROT_READ, gfns, NULL, 3));
    assert_int_equal(errno, EINVAL);
    /* ... and is reported per frame with it. */
    p = xctl_map_foreign(xc, 1, PROT_READ, gfns, errs, 3);
    assert_non_null(p);
    assert_int_equal(errs[0], 0);
    assert_int_equal(errs[2], -EINVAL);
    xctl_unmap(p, 3);
    assert_null(xctl_map_foreign(xc, 1, PROT_READ, gfns, NULL, 0));
    assert_int_equal(xctl_unmap(NULL, 1), -EINVAL);
}

/* The policy and vCPU MSR calls bounce their arrays and give back what
 * the hypervisor wrote, and its err_* on a refusal. */
static void test_policy_and_msrs(void **state)
{
    struct xctl *xc = *state;
    xen_cpuid_leaf_t l[4];
    xen_msr_entry_t m[2];
    struct xen_domctl_vcpu_msr vm[3];
    uint32_t nl = 4, nm = 2, n = 0, e[3];

    hv.answer = 0;
    assert_int_equal(xctl_cpu_policy(xc, 3, l, &nl, m, &nm, 0, NULL), 0);
    assert_int_equal(nl, 2);
    assert_int_equal(nm, 1);
    assert_int_equal(l[1].leaf, 1);
    assert_int_equal(l[1].d, 7);
    assert_int_equal(m[0].idx, 0xce);
    nl = 1;
    assert_int_equal(xctl_cpu_policy(xc, 3, l, &nl, m, &nm, 0, NULL), -ENOBUFS);
    assert_int_equal(errno, ENOBUFS);
    hv.answer = -XEN_ERANGE;
    nl = 2;
    nm = 1;
    assert_int_equal(xctl_cpu_policy(xc, 3, l, &nl, m, &nm, 1, e), -ERANGE);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(e[2], 0x10a);
    assert_int_equal(e[0], ~0u); /* not set by the hypervisor */
    assert_int_equal(((xen_cpuid_leaf_t *)hv.seen)->a, 0xd);
    hv.answer = 0;
    assert_int_equal(xctl_vcpu_msrs(xc, 3, 1, NULL, &n, 0), 0);
    assert_int_equal(n, 3);
    assert_int_equal(xctl_vcpu_msrs(xc, 3, 1, vm, &n, 0), 0);
    assert_int_equal(n, 1);
    assert_int_equal(vm[0].index, 0x48);
    assert_int_equal(vm[0].value, 1);
    assert_int_equal(xctl_vcpu_msrs(xc, 3, 1, NULL, NULL, 0), -EINVAL);
    n = 2;
    assert_int_equal(xctl_vcpu_msrs(xc, 3, 1, NULL, &n, 1), -EINVAL);
}

static void test_null_handles(void **state)
{
    assert_int_equal(xctl_hypercall(NULL, 0, 0, 0, 0, 0, 0), -EINVAL);
    assert_int_equal(xctl_domctl(NULL, NULL), -EINVAL);
    assert_int_equal(xctl_evtchn_pending(NULL), -EINVAL);
    assert_int_equal(xctl_evtchn_notify(NULL, 1), -EINVAL);
    assert_int_equal(xctl_gnttab_unmap(NULL, NULL), -EINVAL);
    assert_null(xctl_map_resource(NULL, 0, 0, 0, 0, 1, PROT_READ));
    assert_int_equal(xctl_vcpu_setaffinity(*state, 1, 0, NULL, NULL, 8),
                     -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_without_xen),
        cmocka_unit_test_setup_teardown(test_buffer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buffer_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domctl_bounced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errno_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_getinfo_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shutdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_unbound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_op, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_foreign, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_and_msrs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_null_handles, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
