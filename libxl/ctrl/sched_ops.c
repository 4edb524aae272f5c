/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Information and tuning calls (xctl_sched.h): xen_version, readconsole,
 * debug_keys, scheduler_op (domctl and sysctl), cpupool_op, cputopoinfo
 * and numainfo.  Memory the hypervisor writes goes through bounce
 * buffers from xctl_buffer_alloc.
 */
#include <errno.h>
#include <string.h>

#include "public/version.h"
#include "xctl_private.h"
#include "xctl_sched.h"

long xctl_xen_version(struct xctl *xc, unsigned cmd, void *arg, size_t len)
{
    void *b = NULL;
    long rc;

    if (!xc || (len && !arg))
        return xctl__fail(EINVAL);
    if (len) {
        b = xctl_buffer_alloc(xc, len);
        if (!b)
            return xctl__fail(errno);
        memcpy(b, arg, len);
    }
    rc = xctl__call(xc, __HYPERVISOR_xen_version, cmd, (uintptr_t)b, 0, 0, 0);
    if (len) {
        if (rc >= 0)
            memcpy(arg, b, len);
        xctl_buffer_free(xc, b, len);
    }
    if (rc < 0)
        return xctl__fail((int)-rc);
    return rc;
}

int xctl_readconsole(struct xctl *xc, char *buf, uint32_t *count, int clear,
                     int incremental, uint32_t *index)
{
    struct xen_sysctl s = { 0 };
    char *b;
    int rc;

    if (!buf || !count || !*count || (incremental && !index))
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, *count);
    if (!b)
        return xctl__fail(errno);
    s.cmd = XEN_SYSCTL_readconsole;
    s.u.readconsole.clear = !!clear;
    s.u.readconsole.incremental = !!incremental;
    s.u.readconsole.index = incremental ? *index : 0;
    s.u.readconsole.count = *count;
    set_xen_guest_handle(s.u.readconsole.buffer, b);
    rc = xctl_sysctl(xc, &s);
    if (rc >= 0) {
        *count = s.u.readconsole.count;
        memcpy(buf, b, *count);
        if (incremental)
            *index = s.u.readconsole.index;
        rc = 0;
    }
    xctl_buffer_free(xc, b, s.u.readconsole.count ? s.u.readconsole.count : 1);
    return rc;
}

int xctl_debug_keys(struct xctl *xc, const char *keys)
{
    struct xen_sysctl s = { 0 };
    size_t n = keys ? strlen(keys) : 0;
    char *b;
    int rc;

    if (!n)
        return xctl__fail(EINVAL);
    b = xctl_buffer_alloc(xc, n);
    if (!b)
        return xctl__fail(errno);
    memcpy(b, keys, n);
    s.cmd = XEN_SYSCTL_debug_keys;
    set_xen_guest_handle(s.u.debug_keys.keys, b);
    s.u.debug_keys.nr_keys = (uint32_t)n;
    rc = xctl_sysctl(xc, &s);
    xctl_buffer_free(xc, b, n);
    return rc < 0 ? rc : 0;
}

int xctl_sched_id(struct xctl *xc, uint32_t *sched_id)
{
    struct xen_sysctl s = { 0 };
    int rc;

    s.cmd = XEN_SYSCTL_sched_id;
    rc = xctl_sysctl(xc, &s);
    if (rc < 0)
        return rc;
    *sched_id = s.u.sched_id.sched_id;
    return 0;
}

static int sched_domctl(struct xctl *xc, uint32_t domid, uint32_t cmd,
                        struct xen_domctl_sched_credit *p)
{
    struct xen_domctl d = { 0 };
    int rc;

    d.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    d.u.scheduler_op.cmd = cmd;
    d.u.scheduler_op.u.credit = *p;
    rc = xctl__domctl(xc, XEN_DOMCTL_scheduler_op, domid, &d);
    if (rc < 0)
        return rc;
    *p = d.u.scheduler_op.u.credit;
    return 0;
}

int xctl_sched_credit_domain_get(struct xctl *xc, uint32_t domid,
                                 struct xen_domctl_sched_credit *p)
{
    *p = (struct xen_domctl_sched_credit){ 0 };
    return sched_domctl(xc, domid, XEN_DOMCTL_SCHEDOP_getinfo, p);
}

int xctl_sched_credit_domain_set(struct xctl *xc, uint32_t domid,
                                 const struct xen_domctl_sched_credit *p)
{
    struct xen_domctl_sched_credit c = *p;

    return sched_domctl(xc, domid, XEN_DOMCTL_SCHEDOP_putinfo, &c);
}

static int sched_sysctl(struct xctl *xc, uint32_t poolid, uint32_t cmd,
                        struct xen_sysctl_credit_schedule *p)
{
    struct xen_sysctl s = { 0 };
    int rc;

    s.cmd = XEN_SYSCTL_scheduler_op;
    s.u.scheduler_op.cpupool_id = poolid;
    s.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    s.u.scheduler_op.cmd = cmd;
    s.u.scheduler_op.u.sched_credit = *p;
    rc = xctl_sysctl(xc, &s);
    if (rc < 0)
        return rc;
    *p = s.u.scheduler_op.u.sched_credit;
    return 0;
}

int xctl_sched_credit_params_get(struct xctl *xc, uint32_t poolid,
                                 struct xen_sysctl_credit_schedule *p)
{
    *p = (struct xen_sysctl_credit_schedule){ 0 };
    return sched_sysctl(xc, poolid, XEN_SYSCTL_SCHEDOP_getinfo, p);
}

int xctl_sched_credit_params_set(struct xctl *xc, uint32_t poolid,
                                 struct xen_sysctl_credit_schedule *p)
{
    return sched_sysctl(xc, poolid, XEN_SYSCTL_SCHEDOP_putinfo, p);
}

/* ---- cpupools ------------------------------------------------------------ */

static int cpupool_op(struct xctl *xc, struct xen_sysctl_cpupool_op *op,
                      uint8_t *cpumap, unsigned nr_bits)
{
    struct xen_sysctl s = { 0 };
    size_t len = (nr_bits + 7) / 8;
    uint8_t *b = NULL;
    int rc;

    if (cpumap) {
        b = xctl_buffer_alloc(xc, len);
        if (!b)
            return xctl__fail(errno);
        set_xen_guest_handle(op->cpumap.bitmap, b);
        op->cpumap.nr_bits = nr_bits;
    }
    /* The hypervisor answers -EAGAIN while it moves vCPUs off a CPU:
     * the operation is repeated until it is done. */
    do {
        s.cmd = XEN_SYSCTL_cpupool_op;
        s.u.cpupool_op = *op;
        rc = xctl_sysctl(xc, &s);
    } while (rc == -EAGAIN);
    if (rc >= 0) {
        *op = s.u.cpupool_op;
        if (cpumap)
            memcpy(cpumap, b, len);
    }
    xctl_buffer_free(xc, b, len);
    return rc < 0 ? rc : 0;
}

int xctl_cpupool_create(struct xctl *xc, uint32_t *poolid, uint32_t sched_id)
{
    struct xen_sysctl_cpupool_op op = { 0 };
    int rc;

    op.op = XEN_SYSCTL_CPUPOOL_OP_CREATE;
    op.cpupool_id = *poolid;
    op.sched_id = sched_id;
    rc = cpupool_op(xc, &op, NULL, 0);
    if (!rc)
        *poolid = op.cpupool_id;
    return rc;
}

int xctl_cpupool_destroy(struct xctl *xc, uint32_t poolid)
{
    struct xen_sysctl_cpupool_op op = { 0 };

    op.op = XEN_SYSCTL_CPUPOOL_OP_DESTROY;
    op.cpupool_id = poolid;
    return cpupool_op(xc, &op, NULL, 0);
}

int xctl_cpupool_info(struct xctl *xc, uint32_t poolid,
                      struct xctl_cpupool_info *info, uint8_t *cpumap,
                      unsigned nr_bits)
{
    struct xen_sysctl_cpupool_op op = { 0 };
    int rc;

    op.op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    op.cpupool_id = poolid;
    rc = cpupool_op(xc, &op, cpumap, nr_bits);
    if (rc)
        return rc;
    info->poolid = op.cpupool_id;
    info->sched_id = op.sched_id;
    info->n_dom = op.n_dom;
    return 0;
}

static int cpupool_cpu(struct xctl *xc, uint32_t cmd, uint32_t poolid,
                       uint32_t cpu)
{
    struct xen_sysctl_cpupool_op op = { 0 };

    op.op = cmd;
    op.cpupool_id = poolid;
    op.cpu = cpu;
    return cpupool_op(xc, &op, NULL, 0);
}

int xctl_cpupool_addcpu(struct xctl *xc, uint32_t poolid, uint32_t cpu)
{
    return cpupool_cpu(xc, XEN_SYSCTL_CPUPOOL_OP_ADDCPU, poolid, cpu);
}

/* A CPU still busy with a vCPU that cannot move yet is -EADDRINUSE; Xen's
 * toolstack tries that five times. */
#define RMCPU_BUSY_TRIES 5

int xctl_cpupool_rmcpu(struct xctl *xc, uint32_t poolid, uint32_t cpu)
{
    int rc = -EADDRINUSE;

    for (int i = 0; i < RMCPU_BUSY_TRIES && rc == -EADDRINUSE; i++)
        rc = cpupool_cpu(xc, XEN_SYSCTL_CPUPOOL_OP_RMCPU, poolid, cpu);
    return rc;
}

int xctl_cpupool_movedomain(struct xctl *xc, uint32_t poolid, uint32_t domid)
{
    struct xen_sysctl_cpupool_op op = { 0 };

    op.op = XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN;
    op.cpupool_id = poolid;
    op.domid = domid;
    return cpupool_op(xc, &op, NULL, 0);
}

int xctl_cpupool_freeinfo(struct xctl *xc, uint8_t *cpumap, unsigned nr_bits)
{
    struct xen_sysctl_cpupool_op op = { 0 };

    op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
    return cpupool_op(xc, &op, cpumap, nr_bits);
}

/* ---- topology ----------------------------------------------------------- */

int xctl_cputopoinfo(struct xctl *xc, unsigned *num,
                     struct xen_sysctl_cputopo *out)
{
    struct xen_sysctl s = { 0 };
    size_t len = *num * sizeof(*out);
    void *b = NULL;
    int rc;

    if (len) {
        b = xctl_buffer_alloc(xc, len);
        if (!b)
            return xctl__fail(errno);
        set_xen_guest_handle(s.u.cputopoinfo.cputopo, b);
    }
    s.cmd = XEN_SYSCTL_cputopoinfo;
    s.u.cputopoinfo.num_cpus = *num;
    rc = xctl_sysctl(xc, &s);
    if (rc >= 0) {
        if (len) {
            unsigned n = s.u.cputopoinfo.num_cpus < *num
                             ? s.u.cputopoinfo.num_cpus
                             : *num;
            memcpy(out, b, n * sizeof(*out));
        }
        *num = s.u.cputopoinfo.num_cpus;
        rc = 0;
    }
    xctl_buffer_free(xc, b, len);
    return rc;
}

int xctl_numainfo(struct xctl *xc, unsigned *num,
                  struct xen_sysctl_meminfo *mem, uint32_t *dist)
{
    struct xen_sysctl s = { 0 };
    unsigned n = *num;
    size_t mlen = n * sizeof(*mem), dlen = (size_t)n * n * sizeof(*dist);
    void *mb = NULL, *db = NULL;
    int rc;

    if (n) {
        mb = xctl_buffer_alloc(xc, mlen);
        db = mb ? xctl_buffer_alloc(xc, dlen) : NULL;
        if (!db) {
            int e = errno;
            xctl_buffer_free(xc, mb, mlen);
            return xctl__fail(e);
        }
        set_xen_guest_handle(s.u.numainfo.meminfo, mb);
        set_xen_guest_handle(s.u.numainfo.distance, db);
    }
    s.cmd = XEN_SYSCTL_numainfo;
    s.u.numainfo.num_nodes = n;
    rc = xctl_sysctl(xc, &s);
    if (rc >= 0) {
        if (n && s.u.numainfo.num_nodes <= n) {
            memcpy(mem, mb, s.u.numainfo.num_nodes * sizeof(*mem));
            /* The matrix is laid out with the caller's row length. */
            memcpy(dist, db, dlen);
        }
        *num = s.u.numainfo.num_nodes;
        rc = 0;
    }
    xctl_buffer_free(xc, mb, mlen);
    xctl_buffer_free(xc, db, dlen);
    return rc;
}
