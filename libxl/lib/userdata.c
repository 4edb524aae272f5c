/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The domain's stored configuration, where Xen keeps it:
 * /var/lib/xen/userdata-d.<domid>.<uuid>.libxl-json (xl list -l reads it).
 * Written to a temporary file and renamed, so readers never see half.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device.h"
#include "xctl.h"

#ifndef LIBXL_USERDATA_DIR
#define LIBXL_USERDATA_DIR "/var/lib/xen"
#endif

char *libxl__userdata_path(libxl__gc *gc, uint32_t domid,
                           const libxl_uuid *uuid, const char *what)
{
    return GCSPRINTF("%s/userdata-d.%" PRIu32 "." LIBXL_UUID_FMT ".%s",
                     LIBXL_USERDATA_DIR, domid, LIBXL_UUID_BYTES(*uuid), what);
}

/* The uuid of a running domain (its handle). */
static int domain_uuid(libxl__gc *gc, uint32_t domid, libxl_uuid *uuid)
{
    struct xen_domctl_getdomaininfo info;
    struct xctl *xc = libxl__xc(CTX);

    if (!xc)
        return ERROR_FAIL;
    if (xctl_domain_getinfo(xc, domid, &info) < 0 || info.domain != domid)
        return ERROR_DOMAIN_NOTFOUND;
    memcpy(uuid, info.handle, sizeof(*uuid));
    return 0;
}

int libxl__userdata_store_config(libxl__gc *gc, uint32_t domid,
                                 libxl_domain_config *cfg)
{
    char *json = libxl_domain_config_to_json(CTX, cfg);
    char *path =
        libxl__userdata_path(gc, domid, &cfg->c_info.uuid, "libxl-json");
    char *tmp = GCSPRINTF("%s.tmp", path);
    size_t len;
    FILE *f;

    if (!json) {
        LOGD(ERROR, domid, "cannot convert the configuration to JSON");
        return ERROR_FAIL;
    }
    libxl__gc_adopt(gc, json);
    mkdir(LIBXL_USERDATA_DIR, 0755);
    f = fopen(tmp, "w");
    if (!f) {
        LOGED(ERROR, domid, "cannot write %s (xl list -l needs it)", tmp);
        return ERROR_FAIL;
    }
    len = strlen(json);
    if (fwrite(json, 1, len, f) != len || fputc('\n', f) == EOF ||
        fclose(f) != 0 || rename(tmp, path) != 0) {
        LOGED(ERROR, domid, "cannot write %s", path);
        unlink(tmp);
        return ERROR_FAIL;
    }
    return 0;
}

char *libxl__userdata_load_json(libxl__gc *gc, uint32_t domid)
{
    libxl_uuid uuid;
    char *path, *buf;
    struct stat st;
    ssize_t n;
    int fd;

    if (domain_uuid(gc, domid, &uuid))
        return NULL;
    path = libxl__userdata_path(gc, domid, &uuid, "libxl-json");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) < 0 || st.st_size <= 0) {
        close(fd);
        return NULL;
    }
    buf = libxl__zalloc(gc, (size_t)st.st_size + 1);
    n = read(fd, buf, (size_t)st.st_size);
    close(fd);
    return n == st.st_size ? buf : NULL;
}

/* The stored JSON says "run_hotplug_scripts": "False" when xl.conf turned
 * them off. */
bool libxl__userdata_run_hotplug(libxl__gc *gc, uint32_t domid)
{
    char *json = libxl__userdata_load_json(gc, domid);

    return !json || !strstr(json, "\"run_hotplug_scripts\": \"False\"");
}
