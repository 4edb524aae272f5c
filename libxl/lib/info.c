/* SPDX-License-Identifier: LGPL-2.1-only */
/* Domain lists and names: libxl_list_domain, libxl_domain_info,
 * libxl_list_vm, name <-> id, the start time. */
#include <stdio.h>

#include "ops_private.h"
#include "xs.h"

char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid)
{
    char *name;
    GC_INIT(ctx);

    name =
        libxl__xs_read(gc, XBT_NULL, GCSPRINTF("/local/domain/%u/name", domid));
    name = name ? strdup(name) : NULL;
    GC_FREE;
    return name;
}

int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid)
{
    struct xen_domctl_getdomaininfo *d;
    unsigned n;
    int rc = ERROR_INVAL;
    GC_INIT(ctx);

    if (!name)
        goto out;
    d = libxl__ops_getinfolist(gc, &n);
    if (!d) {
        rc = ERROR_NOMEM;
        goto out;
    }
    for (unsigned i = 0; i < n; i++) {
        char *s = libxl__xs_read(
            gc, XBT_NULL, GCSPRINTF("/local/domain/%u/name", d[i].domain));
        if (s && !strcmp(s, name)) {
            *domid = d[i].domain;
            rc = 0;
            break;
        }
    }
out:
    GC_FREE;
    return rc;
}

int libxl_domain_qualifier_to_domid(libxl_ctx *ctx, const char *name,
                                    uint32_t *domid)
{
    size_t i;

    if (!name || !*name)
        return ERROR_INVAL;
    for (i = 0; name[i]; i++)
        if (name[i] < '0' || name[i] > '9')
            return libxl_name_to_domid(ctx, name, domid);
    *domid = (uint32_t)strtoul(name, NULL, 10);
    return 0;
}

int libxl_domain_info(libxl_ctx *ctx, libxl_dominfo *info_r, uint32_t domid)
{
    struct xen_domctl_getdomaininfo d;
    int rc;
    GC_INIT(ctx);

    rc = libxl__ops_getinfo(gc, domid, &d);
    if (!rc && info_r) {
        libxl_dominfo_dispose(info_r);
        libxl_dominfo_init(info_r);
        libxl__ops_info_to_dominfo(&d, info_r);
    }
    GC_FREE;
    return rc;
}

libxl_dominfo *libxl_list_domain(libxl_ctx *ctx, int *nb_domain_out)
{
    struct xen_domctl_getdomaininfo *d;
    libxl_dominfo *list = NULL;
    unsigned n;
    GC_INIT(ctx);

    d = libxl__ops_getinfolist(gc, &n);
    if (!d)
        goto out;
    list = calloc(n ? n : 1, sizeof(*list));
    if (!list) {
        LOG(ERROR, "out of memory listing %u domains", n);
        goto out;
    }
    for (unsigned i = 0; i < n; i++) {
        libxl_dominfo_init(&list[i]);
        libxl__ops_info_to_dominfo(&d[i], &list[i]);
    }
    *nb_domain_out = (int)n;
out:
    GC_FREE;
    return list;
}

void libxl_dominfo_list_free(libxl_dominfo *list, int nb_domain)
{
    for (int i = 0; list && i < nb_domain; i++)
        libxl_dominfo_dispose(&list[i]);
    free(list);
}

libxl_vminfo *libxl_list_vm(libxl_ctx *ctx, int *nb_vm_out)
{
    libxl_dominfo *info;
    libxl_vminfo *vms;
    int n;

    info = libxl_list_domain(ctx, &n);
    if (!info)
        return NULL;
    vms = calloc(n ? n : 1, sizeof(*vms));
    if (vms) {
        for (int i = 0; i < n; i++) {
            libxl_vminfo_init(&vms[i]);
            vms[i].uuid = info[i].uuid;
            vms[i].domid = info[i].domid;
        }
        *nb_vm_out = n;
    }
    libxl_dominfo_list_free(info, n);
    return vms;
}

void libxl_vminfo_list_free(libxl_vminfo *list, int nb_vm)
{
    for (int i = 0; list && i < nb_vm; i++)
        libxl_vminfo_dispose(&list[i]);
    free(list);
}

uint32_t libxl_vm_get_start_time(libxl_ctx *ctx, uint32_t domid)
{
    char *vm, *t = NULL;
    uint32_t ret = (uint32_t)-1;
    GC_INIT(ctx);

    vm = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("/local/domain/%u/vm", domid));
    if (vm)
        t = libxl__xs_read(gc, XBT_NULL, GCSPRINTF("%s/start_time", vm));
    if (t)
        ret = (uint32_t)strtoul(t, NULL, 10);
    else
        LOGD(ERROR, domid,
             "cannot get the domain's start time "
             "(no /vm/UUID/start_time in xenstore)");
    GC_FREE;
    return ret;
}
