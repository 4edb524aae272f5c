/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * domain.c - per-domain records: privilege, target and node accounting.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "domain.h"
#include "util.h"

#define DOM_HASH 256

static struct domain *domains[DOM_HASH];

struct domain *domain_find(uint32_t domid)
{
    struct domain *d = domains[domid % DOM_HASH];

    while (d && d->domid != domid)
        d = d->next;
    return d;
}

struct domain *domain_get(uint32_t domid)
{
    struct domain *d = domain_find(domid);

    if (d)
        return d;
    d = xzalloc(sizeof(*d));
    d->domid = domid;
    d->next = domains[domid % DOM_HASH];
    domains[domid % DOM_HASH] = d;
    return d;
}

bool domain_is_priv(uint32_t domid)
{
    return domid == cfg.dom0_domid || domid == cfg.priv_domid;
}

void domain_ident(const struct domain *d, struct ident *out)
{
    out->domid = d->domid;
    out->priv = domain_is_priv(d->domid);
    out->has_target = d->has_target;
    out->target = d->target;
}

void domain_acct_nodes(uint32_t owner, long delta)
{
    domain_get(owner)->nodes += delta;
}

int domain_check_nodes(const struct ident *who, uint32_t owner, long extra)
{
    struct domain *d;

    if (who->priv || extra <= 0)
        return 0;
    d = domain_find(owner);
    if ((d ? d->nodes : 0) + extra > (long)cfg.nodes_per_domain)
        return ENOSPC;
    return 0;
}

void domain_path(uint32_t domid, char *buf, unsigned int cap)
{
    snprintf(buf, cap, "/local/domain/%u", domid);
}

/* Forget every record (tests and fuzzing reset the whole store). */
void domain_reset_all(void)
{
    for (unsigned int i = 0; i < DOM_HASH; i++) {
        while (domains[i]) {
            struct domain *d = domains[i];

            domains[i] = d->next;
            free(d);
        }
    }
}

void domain_for_each_introduced(void (*fn)(struct domain *, bool *), bool *arg)
{
    for (unsigned int i = 0; i < DOM_HASH; i++)
        for (struct domain *d = domains[i]; d; d = d->next)
            if (d->introduced && d->domid != cfg.dom0_domid)
                fn(d, arg);
}
