/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Grant entries the backends rely on before the guest has run: entry 0
 * lets the console backend map the console ring, entry 1 the store
 * backend the xenstore ring (GNTTAB_RESERVED_CONSOLE/XENSTORE).  The
 * grant table's first frame is reached as Xen's tools reach it: through
 * XENMEM_acquire_resource, or where that is not supported through
 * GNTTABOP_setup_table and a foreign mapping.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "public/grant_table.h"
#include "pvbuild_private.h"
#include "xctl.h"

static void pvb_grant(struct pvb *b, grant_entry_v1_t *t, unsigned ref,
                      uint32_t backend, uint64_t pfn)
{
    if (backend == b->cfg->domid)
        return;
    t[ref].domid = (domid_t)backend;
    t[ref].frame = (uint32_t)b->p2m[pfn];
    __atomic_store_n(&t[ref].flags, GTF_permit_access, __ATOMIC_RELEASE);
}

static void pvb_grants(struct pvb *b, grant_entry_v1_t *t)
{
    pvb_grant(b, t, GNTTAB_RESERVED_CONSOLE, b->cfg->console_domid,
              b->console_pfn);
    pvb_grant(b, t, GNTTAB_RESERVED_XENSTORE, b->cfg->store_domid,
              b->xenstore_pfn);
}

int pvb_seed_grants(struct pvb *b)
{
    grant_entry_v1_t *t;
    xen_pfn_t frame;
    int rc;

    t = xctl_map_resource(b->xc, b->cfg->domid, XENMEM_resource_grant_table,
                          XENMEM_resource_grant_table_id_shared, 0, 1,
                          PROT_READ | PROT_WRITE);
    if (t) {
        pvb_grants(b, t);
        xctl_unmap(t, 1);
        if (getenv("PVBUILD_TRACE"))
            fprintf(stderr, "pvbuild: grants seeded via acquire_resource\n");
        return 0;
    }
    if (errno != EOPNOTSUPP)
        return pvb_error(b, -errno,
                         "cannot map domain %u's grant table "
                         "(acquire_resource): %s",
                         b->cfg->domid, strerror(errno));
    rc = xctl_gnttab_setup_table(b->xc, b->cfg->domid, 1, &frame);
    if (rc < 0)
        return pvb_error(b, rc, "cannot set up domain %u's grant table: %s",
                         b->cfg->domid, strerror(-rc));
    t = xctl_map_foreign(b->xc, b->cfg->domid, PROT_READ | PROT_WRITE, &frame,
                         NULL, 1);
    if (!t)
        return pvb_error(b, -errno, "cannot map domain %u's grant table: %s",
                         b->cfg->domid, strerror(errno));
    pvb_grants(b, t);
    xctl_unmap(t, 1);
    if (getenv("PVBUILD_TRACE"))
        fprintf(stderr, "pvbuild: grants seeded via setup_table\n");
    return 0;
}
