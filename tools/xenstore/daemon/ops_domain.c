/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ops_domain.c - INTRODUCE, RELEASE, RESUME, IS_DOMAIN_INTRODUCED and
 * SET_TARGET (privileged callers only; see the table in dispatch.c).
 */
#include <errno.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "log.h"
#include "ring.h"
#include "util.h"
#include "watch.h"

static int parse_domid(const char *s, uint32_t *out)
{
    unsigned long v;

    if (!parse_uint(s, 0x7fef, &v))
        return EINVAL;
    *out = (uint32_t)v;
    return 0;
}

/*
 * INTRODUCE <domid> <mfn> <port>: map the domain's store page, bind its
 * event channel and serve its ring; fires @introduceDomain.  Introducing
 * an already introduced domain with the same page and port succeeds.
 * Errors: EINVAL, EEXIST (different page), or the mapping's errno.
 */
int op_introduce(struct request *rq, struct reply *rp)
{
    const char *argv[3];
    unsigned long mfn, port;
    struct domain *d;
    uint32_t domid;
    int err;

    if (req_args(rq, argv, 3) || parse_domid(argv[0], &domid) ||
        !parse_uint(argv[1], ~0ul, &mfn) ||
        !parse_uint(argv[2], UINT32_MAX, &port))
        return EINVAL;
    d = domain_find(domid);
    if (d && d->introduced)
        return d->mfn == mfn && d->remote_port == port ? reply_ok(rp) : EEXIST;
    err = ring_attach(domain_get(domid), mfn, (uint32_t)port);
    if (err)
        return err;
    log_info("introduced domain %u", domid);
    watch_fire("@introduceDomain", NULL, 0);
    return reply_ok(rp);
}

/*
 * RELEASE <domid>: stop serving the domain's ring; fires @releaseDomain.
 * Errors: EINVAL, ENOENT (not introduced).
 */
int op_release(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    struct domain *d;
    uint32_t domid;

    if (!arg || parse_domid(arg, &domid))
        return EINVAL;
    d = domain_find(domid);
    if (!d || !d->introduced)
        return ENOENT;
    d->introduced = false;
    if (d->conn && d->conn != rq->conn)
        d->conn->dead = true;
    d->has_target = false;
    log_info("released domain %u", domid);
    watch_fire("@releaseDomain", NULL, 0);
    return reply_ok(rp);
}

/* RESUME <domid>: the domain came back from suspend.  Errors: EINVAL,
 * ENOENT. */
int op_resume(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    struct domain *d;
    uint32_t domid;

    if (!arg || parse_domid(arg, &domid))
        return EINVAL;
    d = domain_find(domid);
    if (!d || !d->introduced)
        return ENOENT;
    d->shutdown_seen = false;
    return reply_ok(rp);
}

/* IS_DOMAIN_INTRODUCED <domid>: "T" or "F".  Errors: EINVAL. */
int op_is_domain_introduced(struct request *rq, struct reply *rp)
{
    const char *arg = req_onearg(rq);
    struct domain *d;
    uint32_t domid;

    if (!arg || parse_domid(arg, &domid))
        return EINVAL;
    d = domain_find(domid);
    return reply_str(rp, domid == 0 || (d && d->introduced) ? "T" : "F");
}

/*
 * SET_TARGET <domid> <target>: domid (a device model) gets target's
 * rights.  Errors: EINVAL.
 */
int op_set_target(struct request *rq, struct reply *rp)
{
    const char *argv[2];
    uint32_t domid, target;
    struct domain *d;

    if (req_args(rq, argv, 2) || parse_domid(argv[0], &domid) ||
        parse_domid(argv[1], &target) || domid == target)
        return EINVAL;
    d = domain_get(domid);
    d->has_target = true;
    d->target = target;
    return reply_ok(rp);
}
