/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Disk specifications, xl-disk-configuration(5):
 *
 *   [KEY=VALUE,]... [TARGET],[FORMAT],VDEV[:DEVTYPE],[ACCESS]
 *
 * read token by token (a token ends at ','; blanks before one are
 * skipped): KEY=VALUE parameters (format vdev access devtype backend
 * backendtype specification script colo-host colo-port colo-export
 * active-disk hidden-disk), flags (cdrom direct-io-safe discard no-discard
 * colo no-colo trusted untrusted), target=... which takes the rest of the
 * spec, the old prefixes (phy: file: tap: tap2: tapdisk: aio: ioemu:, and
 * raw: qcow: qcow2: vhd: naming the format, iscsi: nbd: enbd: drbd:
 * naming a block script), and positional parameters filling target,
 * format (not after an old prefix), vdev and access in turn.  This is the
 * order and precedence Xen 4.17's parser has.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

struct dpc {
    XLU_Config *cfg;
    const XLU_Pos *pos;
    const char *spec; /* the spec being read */
    libxl_device_disk *disk;
    bool had_depr_prefix, access_set;
    int err;
};

/* Reports about the text at tok (inside dpc->spec, or NULL). */
static void disk_err(struct dpc *d, const char *tok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void disk_err(struct dpc *d, const char *tok, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    XLU_Pos p;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!d->err) {
        if (d->pos && d->pos->line > 0) {
            p = *d->pos;
            /* +1 for the opening quote of the string in the file */
            if (tok && d->spec)
                p.col += 1 + (int)(tok - d->spec);
            xlu_cfg_error(d->cfg, &p, "invalid disk spec \"%s\": %s",
                          d->spec ? d->spec : "", msg);
        } else {
            xlu_cfg_error(d->cfg, d->pos, "invalid disk spec \"%s\": %s",
                          d->spec ? d->spec : "", msg);
        }
    }
    d->err = EINVAL;
}

static void savestring(struct dpc *d, const char *tok, const char *what,
                       char **field, const char *val)
{
    char *v;

    if (*field && **field) {
        disk_err(d, tok, "%s given twice", what);
        return;
    }
    v = strdup(val);
    if (!v) {
        d->err = ENOMEM;
        return;
    }
    free(*field);
    *field = v;
}

static void setformat(struct dpc *d, const char *tok, const char *s)
{
    libxl_disk_format f;

    if (!strcmp(s, "") || !strcmp(s, "raw"))
        f = LIBXL_DISK_FORMAT_RAW;
    else if (!strcmp(s, "qcow"))
        f = LIBXL_DISK_FORMAT_QCOW;
    else if (!strcmp(s, "qcow2"))
        f = LIBXL_DISK_FORMAT_QCOW2;
    else if (!strcmp(s, "vhd"))
        f = LIBXL_DISK_FORMAT_VHD;
    else if (!strcmp(s, "empty"))
        f = LIBXL_DISK_FORMAT_EMPTY;
    else if (!strcmp(s, "qed"))
        f = LIBXL_DISK_FORMAT_QED;
    else {
        disk_err(d, tok,
                 "unknown format '%s' (raw, qcow, qcow2, vhd, qed, empty)", s);
        return;
    }
    if (d->disk->format != LIBXL_DISK_FORMAT_UNKNOWN && d->disk->format != f) {
        disk_err(d, tok, "format given twice");
        return;
    }
    d->disk->format = f;
}

static void setaccess(struct dpc *d, const char *tok, const char *s)
{
    if (!strcmp(s, "r") || !strcmp(s, "ro"))
        d->disk->readwrite = 0;
    else if (!strcmp(s, "rw") || !strcmp(s, "w") || !strcmp(s, ""))
        d->disk->readwrite = 1;
    else
        disk_err(d, tok, "unknown access '%s' (r, ro, w, rw)", s);
}

static void setbackendtype(struct dpc *d, const char *tok, const char *s)
{
    libxl_disk_backend b;

    if (!strcmp(s, "phy"))
        b = LIBXL_DISK_BACKEND_PHY;
    else if (!strcmp(s, "tap"))
        b = LIBXL_DISK_BACKEND_TAP;
    else if (!strcmp(s, "qdisk"))
        b = LIBXL_DISK_BACKEND_QDISK;
    else if (!strcmp(s, "standalone"))
        b = LIBXL_DISK_BACKEND_STANDALONE;
    else {
        disk_err(d, tok,
                 "unknown backendtype '%s' (phy, tap, qdisk, standalone)", s);
        return;
    }
    if (d->disk->backend != LIBXL_DISK_BACKEND_UNKNOWN &&
        d->disk->backend != b) {
        disk_err(d, tok, "backendtype given twice");
        return;
    }
    d->disk->backend = b;
}

static void setspecification(struct dpc *d, const char *tok, const char *s)
{
    libxl_disk_specification sp;

    if (!strcmp(s, "xen"))
        sp = LIBXL_DISK_SPECIFICATION_XEN;
    else if (!strcmp(s, "virtio"))
        sp = LIBXL_DISK_SPECIFICATION_VIRTIO;
    else {
        disk_err(d, tok, "unknown specification '%s' (xen, virtio)", s);
        return;
    }
    d->disk->specification = sp;
}

/* "VDEV:DEVTYPE": true when there was a colon (and the vdev is stored). */
static bool vdev_and_devtype(struct dpc *d, const char *tok, char *s)
{
    char *colon = strrchr(s, ':');

    if (!colon)
        return false;
    *colon++ = '\0';
    savestring(d, tok, "vdev", &d->disk->vdev, s);
    if (!strcmp(colon, "cdrom"))
        d->disk->is_cdrom = 1;
    else if (!strcmp(colon, "disk"))
        d->disk->is_cdrom = 0;
    else
        disk_err(d, tok, "unknown device type '%s' (disk, cdrom)", colon);
    return true;
}

static void positional(struct dpc *d, const char *tok, char *s)
{
    libxl_device_disk *disk = d->disk;

    if (!disk->pdev_path) {
        savestring(d, tok, "target", &disk->pdev_path, s);
    } else if (!d->had_depr_prefix &&
               disk->format == LIBXL_DISK_FORMAT_UNKNOWN) {
        if (!*disk->pdev_path && vdev_and_devtype(d, tok, s))
            disk->format = LIBXL_DISK_FORMAT_EMPTY;
        else
            setformat(d, tok, s);
    } else if (!disk->vdev) {
        if (!vdev_and_devtype(d, tok, s))
            savestring(d, tok, "vdev", &disk->vdev, s);
    } else if (!d->access_set) {
        d->access_set = true;
        setaccess(d, tok, s);
    } else {
        disk_err(d, tok,
                 "too many positional parameters at '%s' (they are "
                 "target,format,vdev,access)",
                 s);
    }
}

static const char *const flag_words[] = {
    "cdrom",   "direct-io-safe", "discard",   "no-discard", "colo",
    "no-colo", "trusted",        "untrusted", NULL,
};

static void flag(struct dpc *d, int which)
{
    libxl_device_disk *disk = d->disk;

    switch (which) {
    case 0:
        disk->is_cdrom = 1;
        break;
    case 1:
        disk->direct_io_safe = true;
        break;
    case 2:
    case 3:
        libxl_defbool_set(&disk->discard_enable, which == 2);
        break;
    case 4:
    case 5:
        libxl_defbool_set(&disk->colo_enable, which == 4);
        break;
    default:
        libxl_defbool_set(&disk->trusted, which == 6);
        break;
    }
}

/* KEY=VALUE with a known key: true when handled. */
static bool keyvalue(struct dpc *d, const char *tok, const char *key, char *val)
{
    libxl_device_disk *disk = d->disk;

    if (!strcmp(key, "format")) {
        setformat(d, tok, val);
    } else if (!strcmp(key, "devtype")) {
        if (!strcmp(val, "cdrom"))
            disk->is_cdrom = 1;
        else if (!strcmp(val, "disk"))
            disk->is_cdrom = 0;
        else
            disk_err(d, tok, "unknown devtype '%s' (disk, cdrom)", val);
    } else if (!strcmp(key, "access")) {
        setaccess(d, tok, val);
    } else if (!strcmp(key, "backend")) {
        savestring(d, tok, "backend", &disk->backend_domname, val);
    } else if (!strcmp(key, "backendtype")) {
        setbackendtype(d, tok, val);
    } else if (!strcmp(key, "specification")) {
        setspecification(d, tok, val);
    } else if (!strcmp(key, "vdev")) {
        savestring(d, tok, "vdev", &disk->vdev, val);
    } else if (!strcmp(key, "script")) {
        savestring(d, tok, "script", &disk->script, val);
    } else if (!strcmp(key, "colo-host")) {
        savestring(d, tok, "colo-host", &disk->colo_host, val);
    } else if (!strcmp(key, "colo-port")) {
        char *ep;
        long p = strtol(val, &ep, 10);
        if (ep == val || *ep || p <= 0 || p > 65535)
            disk_err(d, tok, "colo-port must be a port number, not '%s'", val);
        else
            disk->colo_port = (int)p;
    } else if (!strcmp(key, "colo-export")) {
        savestring(d, tok, "colo-export", &disk->colo_export, val);
    } else if (!strcmp(key, "active-disk")) {
        savestring(d, tok, "active-disk", &disk->active_disk, val);
    } else if (!strcmp(key, "hidden-disk")) {
        savestring(d, tok, "hidden-disk", &disk->hidden_disk, val);
    } else {
        return false;
    }
    return true;
}

static bool is_lower_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* An old "prefix:" at s: its length (with the colon), else 0. */
static size_t depr_prefix(struct dpc *d, const char *s)
{
    static const char *const plain[] = { "tapdisk", "tap2", "tap", "aio",
                                         "ioemu",   "file", "phy", NULL };
    static const char *const formats[] = { "raw", "qcow2", "qcow", "vhd",
                                           NULL };
    static const char *const scripts[] = { "iscsi", "enbd", "nbd", "drbd",
                                           NULL };
    size_t n = 0;

    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    while (is_lower_alnum(s[n]))
        n++;
    if (s[n] != ':')
        return 0;
    for (int i = 0; plain[i]; i++)
        if (strlen(plain[i]) == n && !strncmp(s, plain[i], n))
            return n + 1;
    for (int i = 0; formats[i]; i++)
        if (strlen(formats[i]) == n && !strncmp(s, formats[i], n)) {
            char f[8];
            memcpy(f, s, n);
            f[n] = '\0';
            setformat(d, s, f);
            return n + 1;
        }
    for (int i = 0; scripts[i]; i++)
        if (strlen(scripts[i]) == n && !strncmp(s, scripts[i], n)) {
            char sc[16];
            snprintf(sc, sizeof(sc), "block-%.*s", (int)n, s);
            savestring(d, s, "script", &d->disk->script, sc);
            return n + 1;
        }
    /* "word:" followed by something that cannot continue a vdev:devtype */
    if (!is_lower_alnum(s[n + 1])) {
        disk_err(d, s,
                 "unknown prefix '%.*s:' (phy:, file:, tap:, aio:, "
                 "raw:, qcow2:, vhd:, ...; or use KEY=VALUE)",
                 (int)n, s);
        return n + 1;
    }
    return 0;
}

static void parse_one(struct dpc *d)
{
    const char *p = d->spec;

    while (*p && !d->err) {
        const char *tok, *end, *eq;
        size_t n, len;
        char *s;

        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        tok = p;
        n = depr_prefix(d, p);
        if (n) {
            d->had_depr_prefix = true;
            p += n;
            continue;
        }
        if (!strncmp(p, "target=", 7)) {
            /* the rest of the spec, less one trailing comma */
            len = strlen(p + 7);
            if (len && p[7 + len - 1] == ',')
                len--;
            s = strndup(p + 7, len);
            if (!s) {
                d->err = ENOMEM;
                return;
            }
            savestring(d, tok, "target", &d->disk->pdev_path, s);
            free(s);
            return;
        }
        end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        s = strndup(p, (size_t)(end - p));
        if (!s) {
            d->err = ENOMEM;
            return;
        }
        p = *end ? end + 1 : end;
        eq = strchr(s, '=');
        if (eq) {
            char *key = s;
            s[eq - s] = '\0';
            bool keyok = key[0] >= 'a' && key[0] <= 'z';
            for (char *k = key; *k && keyok; k++)
                keyok = is_lower_alnum(*k) || *k == '-';
            if (!keyok)
                disk_err(d, tok, "bad syntax at '%s=%s'", key,
                         s + strlen(key) + 1);
            else if (!keyvalue(d, tok, key, s + strlen(key) + 1))
                disk_err(d, tok, "unknown parameter '%s'", key);
        } else {
            int i;
            for (i = 0; flag_words[i] && strcmp(flag_words[i], s); i++)
                ;
            if (flag_words[i])
                flag(d, i);
            else
                positional(d, tok, s);
        }
        free(s);
    }
}

int xlu_disk_parse_at(XLU_Config *cfg, const XLU_Pos *pos, int nspecs,
                      const char *const *specs, libxl_device_disk *disk)
{
    struct dpc d = { .cfg = cfg, .pos = pos, .disk = disk };

    disk->readwrite = 1;
    for (int i = 0; i < nspecs && !d.err; i++) {
        d.spec = specs[i];
        parse_one(&d);
    }
    if (d.err)
        return d.err;
    if (nspecs == 1)
        d.spec = specs[0];
    if (disk->format == LIBXL_DISK_FORMAT_UNKNOWN)
        disk->format = LIBXL_DISK_FORMAT_RAW;
    if (disk->is_cdrom) {
        disk->removable = 1;
        disk->readwrite = 0;
        if (!disk->pdev_path || !*disk->pdev_path)
            disk->format = LIBXL_DISK_FORMAT_EMPTY;
    }
    if (!disk->vdev) {
        disk_err(&d, NULL,
                 "no vdev given (the guest's name for the disk, "
                 "e.g. xvda)");
        return d.err;
    }
    if (!disk->pdev_path && !disk->removable) {
        disk_err(&d, NULL,
                 "no target given (and the device is not a removable cdrom)");
        return d.err;
    }
    return 0;
}

int xlu_disk_parse(XLU_Config *cfg, int nspecs, const char *const *specs,
                   libxl_device_disk *disk)
{
    return xlu_disk_parse_at(cfg, NULL, nspecs, specs, disk);
}
