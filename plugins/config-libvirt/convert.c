/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * A libvirt domain definition into xl.cfg text (see convert.h and
 * config-libvirt.7 for what maps to what).  The XML is read with libxml2
 * without network access and without expanding entities; every element
 * that has no xl.cfg equivalent is named in one warning with its line.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "convert.h"

/* ---- a growing string ---------------------------------------------------- */

struct buf {
    char *s;
    size_t n, cap;
    bool oom;
};

static void bvprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void bvprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list aq;
    int need;

    if (b->oom)
        return;
    va_copy(aq, ap);
    need = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (need < 0) {
        b->oom = true;
        return;
    }
    if (b->n + (size_t)need + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *s;

        while (b->n + (size_t)need + 1 > cap)
            cap *= 2;
        s = realloc(b->s, cap);
        if (!s) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    vsnprintf(b->s + b->n, (size_t)need + 1, fmt, ap);
    b->n += (size_t)need;
}

static void bprintf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void bprintf(struct buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    bvprintf(b, fmt, ap);
    va_end(ap);
}

/* s as an xl.cfg string literal, quotes included. */
static void bquote(struct buf *b, const char *s)
{
    bprintf(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            bprintf(b, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            bprintf(b, "\\x%02x", c);
        else
            bprintf(b, "%c", c);
    }
    bprintf(b, "\"");
}

/* ---- the conversion's state ---------------------------------------------- */

#define MAX_DEVS 256

struct conv {
    const char *source;
    struct buf msgs;
    /* what is written, in this order */
    char *name, *uuid, *type, *kernel, *ramdisk, *cmdline, *bootloader,
        *bootloader_args, *cpus, *cpus_soft, *boot;
    const char *on_poweroff, *on_reboot, *on_crash;
    uint64_t max_mib, cur_mib;
    bool have_max, have_cur;
    unsigned long max_vcpus, cur_vcpus;
    long weight, cap;
    unsigned long period, quota;
    bool have_period, have_quota;
    int cputune_line;
    char *disks[MAX_DEVS], *vifs[MAX_DEVS], *pcis[MAX_DEVS];
    int n_disks, n_vifs, n_pcis;
    bool oom;
};

static long line_of(const xmlNode *n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? l : 0;
}

static void msg(struct conv *c, const xmlNode *n, const char *kind,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void msg(struct conv *c, const xmlNode *n, const char *kind,
                const char *fmt, ...)
{
    va_list ap;

    bprintf(&c->msgs, "%s:%ld: %s: ", c->source, line_of(n), kind);
    va_start(ap, fmt);
    bvprintf(&c->msgs, fmt, ap);
    va_end(ap);
    bprintf(&c->msgs, "\n");
}

#define WARN(c, n, ...) msg(c, n, "warning", __VA_ARGS__)
#define NOTE(c, n, ...) msg(c, n, "note", __VA_ARGS__)

/* "<parent>/<child>" or "<child>" for the messages. */
static const char *ename(const xmlNode *n, char *out, size_t size)
{
    const xmlNode *p = n->parent;

    if (p && p->type == XML_ELEMENT_NODE && p->parent &&
        p->parent->type == XML_ELEMENT_NODE)
        snprintf(out, size, "<%s>/<%s>", (const char *)p->name,
                 (const char *)n->name);
    else
        snprintf(out, size, "<%s>", (const char *)n->name);
    return out;
}

static void unmapped(struct conv *c, const xmlNode *n, const char *why)
{
    char e[160];

    WARN(c, n, "%s %s; left out", ename(n, e, sizeof(e)),
         why ? why : "has no xl.cfg equivalent");
}

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* An attribute's value (malloc'd by libxml2: xmlFree it), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The element's text, trimmed, malloc'd (never NULL unless out of memory). */
static char *text(struct conv *c, const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = t ? (const char *)t : "";
    size_t len;
    char *r;

    while (isspace((unsigned char)*s))
        s++;
    len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    r = strndup(s, len);
    if (!r)
        c->oom = true;
    xmlFree(t);
    return r;
}

static char *dup(struct conv *c, const char *s)
{
    char *r = strdup(s);

    if (!r)
        c->oom = true;
    return r;
}

static void set(struct conv *c, char **field, char *value)
{
    free(*field);
    *field = value;
}

static char *aprintf(struct conv *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *aprintf(struct conv *c, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0) {
        s = NULL;
        c->oom = true;
    }
    va_end(ap);
    return s;
}

/* An unsigned decimal (or 0x hex with hex) number, the whole string. */
static bool number(const char *s, bool hex, unsigned long long max,
                   unsigned long long *out)
{
    char *ep;
    unsigned long long v;

    if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return false;
    errno = 0;
    v = strtoull(s, &ep, hex ? 0 : 10);
    if (errno || *ep || v > max)
        return false;
    *out = v;
    return true;
}

/* ---- memory -------------------------------------------------------------- */

static const struct {
    const char *name;
    uint64_t scale;
} units[] = {
    { "b", 1ULL },
    { "bytes", 1ULL },
    { "KB", 1000ULL },
    { "k", 1ULL << 10 },
    { "KiB", 1ULL << 10 },
    { "MB", 1000000ULL },
    { "M", 1ULL << 20 },
    { "MiB", 1ULL << 20 },
    { "GB", 1000000000ULL },
    { "G", 1ULL << 30 },
    { "GiB", 1ULL << 30 },
    { "TB", 1000000000000ULL },
    { "T", 1ULL << 40 },
    { "TiB", 1ULL << 40 },
    { "PB", 1000000000000000ULL },
    { "P", 1ULL << 50 },
    { "PiB", 1ULL << 50 },
    { "EB", 1000000000000000000ULL },
    { "E", 1ULL << 60 },
    { "EiB", 1ULL << 60 },
};

/* <memory unit='U'>N</memory> in MiB, rounded up (as libvirt's Xen
 * driver rounds to whole MiB). */
static bool memory_mib(struct conv *c, const xmlNode *n, uint64_t *mib)
{
    char *u = attr(n, "unit"), *t = text(c, n), e[160];
    uint64_t scale = 1024;
    unsigned long long v = 0;
    bool ok = true;

    if (u) {
        size_t i;

        for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
            if (!strcmp(u, units[i].name))
                break;
        if (i == sizeof(units) / sizeof(units[0])) {
            WARN(c, n, "%s: unknown unit '%s'; left out",
                 ename(n, e, sizeof(e)), u);
            ok = false;
        } else
            scale = units[i].scale;
    }
    if (ok && (!t || !number(t, false, ULLONG_MAX, &v) || v == 0 ||
               v > UINT64_MAX / scale)) {
        WARN(c, n, "%s: '%s' is not a size; left out", ename(n, e, sizeof(e)),
             t ? t : "");
        ok = false;
    }
    if (ok) {
        uint64_t bytes = v * scale;
        *mib = bytes / (1ULL << 20) + (bytes % (1ULL << 20) ? 1 : 0);
    }
    xmlFree(u);
    free(t);
    return ok;
}

/* ---- cpu and node lists -------------------------------------------------- */

/* libvirt's "1-4,^3,6": the same syntax as an xl cpu list. */
static bool cpu_list_ok(const char *s)
{
    bool item = false;

    for (; *s; s++) {
        if (*s == ',') {
            if (!item)
                return false;
            item = false;
        } else if (isdigit((unsigned char)*s))
            item = true;
        else if (*s != '-' && *s != '^')
            return false;
    }
    return item;
}

/* libvirt's nodeset "0-1,^3" as an xl cpu list: "nodes:0-1,^nodes:3". */
static char *nodes_list(struct conv *c, const char *nodeset)
{
    struct buf b = { 0 };
    char *copy, *tok, *save = NULL;

    if (!cpu_list_ok(nodeset))
        return NULL;
    copy = dup(c, nodeset);
    if (!copy)
        return NULL;
    for (tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        bool neg = *tok == '^';

        bprintf(&b, "%s%snodes:%s", b.n ? "," : "", neg ? "^" : "", tok + neg);
    }
    free(copy);
    if (b.oom) {
        free(b.s);
        c->oom = true;
        return NULL;
    }
    return b.s;
}

/* ---- top-level elements -------------------------------------------------- */

static void do_vcpu(struct conv *c, const xmlNode *n)
{
    char *t = text(c, n), *cur = attr(n, "current"),
         *placement = attr(n, "placement"), *cpuset = attr(n, "cpuset");
    unsigned long long v, cv;

    if (!t || !number(t, false, 4096, &v) || v == 0) {
        WARN(c, n, "<vcpu>: '%s' is not a vCPU count; left out", t ? t : "");
        goto out;
    }
    c->max_vcpus = (unsigned long)v;
    if (cur) {
        if (number(cur, false, v, &cv) && cv > 0)
            c->cur_vcpus = (unsigned long)cv;
        else
            WARN(c, n,
                 "<vcpu current='%s'>: not a count from 1 to %llu; left "
                 "out",
                 cur, v);
    }
    if (placement && !strcmp(placement, "auto")) {
        /* libxl's automatic NUMA placement does what libvirt's would. */
    } else if (placement && strcmp(placement, "static")) {
        WARN(c, n, "<vcpu placement='%s'>: unknown placement; left out",
             placement);
    } else if (cpuset) {
        if (cpu_list_ok(cpuset))
            set(c, &c->cpus, dup(c, cpuset));
        else
            WARN(c, n, "<vcpu cpuset='%s'>: not a cpu list; left out", cpuset);
    }
out:
    free(t);
    xmlFree(cur);
    xmlFree(placement);
    xmlFree(cpuset);
}

static void do_cputune(struct conv *c, const xmlNode *n)
{
    c->cputune_line = (int)line_of(n);
    for (const xmlNode *k = n->children; k; k = k->next) {
        unsigned long long v;
        char *t;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (!is(k, "shares") && !is(k, "period") && !is(k, "quota")) {
            unmapped(c, k, NULL);
            continue;
        }
        t = text(c, k);
        if (!t) {
            continue;
        } else if (is(k, "shares")) {
            /* libvirt's Xen driver gives shares as the credit weight. */
            if (number(t, false, 65535, &v) && v > 0)
                c->weight = (long)v;
            else
                WARN(c, k,
                     "<cputune>/<shares>: %s is outside the credit "
                     "scheduler's weights (1-65535); left out",
                     t);
        } else if (is(k, "period")) {
            if (number(t, false, 1000000, &v) && v >= 1000) {
                c->period = (unsigned long)v;
                c->have_period = true;
            } else
                WARN(c, k,
                     "<cputune>/<period>: %s is not 1000-1000000 us; "
                     "left out",
                     t);
        } else if (!strcmp(t, "-1") || !strcmp(t, "0")) {
            /* quota -1 (or 0): no limit */
        } else if (number(t, false, 18446744073709551ULL, &v) && v >= 1000) {
            c->quota = (unsigned long)v;
            c->have_quota = true;
        } else {
            WARN(c, k,
                 "<cputune>/<quota>: %s is not -1 or 1000-18446744073709551 "
                 "us; left out",
                 t);
        }
        free(t);
    }
}

static void do_numatune(struct conv *c, const xmlNode *n)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        char *mode, *nodeset, *placement, *list;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (!is(k, "memory")) {
            unmapped(c, k, NULL);
            continue;
        }
        mode = attr(k, "mode");
        nodeset = attr(k, "nodeset");
        placement = attr(k, "placement");
        if (mode && strcmp(mode, "strict") && strcmp(mode, "preferred") &&
            strcmp(mode, "interleave") && strcmp(mode, "restrictive")) {
            WARN(c, k, "<numatune>/<memory mode='%s'>: unknown mode; left out",
                 mode);
        } else if (!nodeset) {
            /* placement='auto': libxl's automatic placement, the default */
            if (placement && strcmp(placement, "auto"))
                WARN(c, k,
                     "<numatune>/<memory placement='%s'> without nodeset; "
                     "left out",
                     placement);
        } else if (!(list = nodes_list(c, nodeset))) {
            if (!c->oom)
                WARN(c, k,
                     "<numatune>/<memory nodeset='%s'>: not a node list; "
                     "left out",
                     nodeset);
        } else if ((!mode || !strcmp(mode, "strict") ||
                    !strcmp(mode, "restrictive")) &&
                   !c->cpus) {
            /* Memory from those nodes only: the vCPUs run there (hard
             * affinity), which the guest's memory follows. */
            set(c, &c->cpus, list);
        } else {
            /* Preferred, or the vCPUs are pinned already: soft affinity,
             * which the guest's memory follows too. */
            set(c, &c->cpus_soft, list);
        }
        xmlFree(mode);
        xmlFree(nodeset);
        xmlFree(placement);
    }
}

static void do_os(struct conv *c, const xmlNode *n)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        char *t;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "type")) {
            t = text(c, k);
            if (!t)
                continue;
            if (!strcmp(t, "hvm"))
                set(c, &c->type, dup(c, "hvm"));
            else if (!strcmp(t, "xen") || !strcmp(t, "linux"))
                set(c, &c->type, dup(c, "pv"));
            else if (!strcmp(t, "xenpvh"))
                set(c, &c->type, dup(c, "pvh"));
            else
                WARN(c, k,
                     "<os>/<type>%s</type>: not a Xen guest type (xen, "
                     "linux, hvm, xenpvh); left out",
                     t);
            free(t);
        } else if (is(k, "kernel")) {
            set(c, &c->kernel, text(c, k));
        } else if (is(k, "initrd")) {
            set(c, &c->ramdisk, text(c, k));
        } else if (is(k, "cmdline")) {
            set(c, &c->cmdline, text(c, k));
        } else if (is(k, "boot")) {
            char *dev = attr(k, "dev");
            const char *l = !dev                      ? NULL
                            : !strcmp(dev, "hd")      ? "c"
                            : !strcmp(dev, "cdrom")   ? "d"
                            : !strcmp(dev, "network") ? "n"
                            : !strcmp(dev, "fd")      ? "a"
                                                      : NULL;

            if (!l)
                WARN(c, k, "<os>/<boot dev='%s'>: unknown device; left out",
                     dev ? dev : "");
            else if (!c->boot)
                c->boot = dup(c, l);
            else if (!strchr(c->boot, *l))
                set(c, &c->boot, aprintf(c, "%s%s", c->boot, l));
            xmlFree(dev);
        } else {
            unmapped(c, k, NULL);
        }
    }
}

static const char *action(const char *a)
{
    static const char *const ok[] = { "destroy",          "restart",
                                      "preserve",         "rename-restart",
                                      "coredump-destroy", "coredump-restart" };

    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (!strcmp(a, ok[i]))
            return ok[i];
    return NULL;
}

static void do_action(struct conv *c, const xmlNode *n, const char **field)
{
    char *t = text(c, n);
    const char *a = t ? action(t) : NULL;

    if (a)
        *field = a;
    else if (t)
        WARN(c, n, "<%s>%s</%s>: no such action in xl.cfg; left out",
             (const char *)n->name, t, (const char *)n->name);
    free(t);
}

/* ---- devices ------------------------------------------------------------- */

/* A value written into a disk/vif spec: no separators. */
static bool spec_value_ok(const char *s)
{
    return *s && !strpbrk(s, ",= \t\n\"'");
}

static void add_dev(struct conv *c, char **v, int *n, char *spec,
                    const xmlNode *at)
{
    if (!spec)
        return;
    if (*n >= MAX_DEVS) {
        WARN(c, at, "<%s>: more than %d of them; left out",
             (const char *)at->name, MAX_DEVS);
        free(spec);
        return;
    }
    v[(*n)++] = spec;
}

static void do_disk(struct conv *c, const xmlNode *n)
{
    char *type = attr(n, "type"), *device = attr(n, "device");
    char *src = NULL, *dev = NULL, *fmt = NULL, e[160];
    const char *format = "raw";
    bool ro = false, skip = false;

    if (device && strcmp(device, "disk") && strcmp(device, "cdrom")) {
        WARN(c, n, "<disk device='%s'>: xl has disks and cdroms only; left out",
             device);
        goto out;
    }
    if (type && strcmp(type, "file") && strcmp(type, "block")) {
        WARN(c, n,
             "<disk type='%s'>: xl reads files and block devices only; "
             "left out",
             type);
        goto out;
    }
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "source")) {
            xmlFree(src);
            src = attr(k, type && !strcmp(type, "block") ? "dev" : "file");
        } else if (is(k, "target")) {
            xmlFree(dev);
            dev = attr(k, "dev");
        } else if (is(k, "driver")) {
            xmlFree(fmt);
            fmt = attr(k, "type");
        } else if (is(k, "readonly")) {
            ro = true;
        } else {
            unmapped(c, k, NULL);
        }
    }
    if (fmt) {
        if (!strcmp(fmt, "raw") || !strcmp(fmt, "aio"))
            format = "raw";
        else if (!strcmp(fmt, "qcow2"))
            format = "qcow2";
        else if (!strcmp(fmt, "qcow"))
            format = "qcow";
        else if (!strcmp(fmt, "vhd"))
            format = "vhd";
        else {
            WARN(c, n,
                 "<disk>: driver type '%s' is not one of xl's formats "
                 "(raw, qcow, qcow2, vhd); disk left out",
                 fmt);
            skip = true;
        }
    }
    if (!dev || !spec_value_ok(dev)) {
        WARN(c, n, "%s without a usable <target dev=...>; left out",
             ename(n, e, sizeof(e)));
        skip = true;
    }
    if (!src && !(device && !strcmp(device, "cdrom"))) {
        WARN(c, n, "<disk> without a <source %s=...>; left out",
             type && !strcmp(type, "block") ? "dev" : "file");
        skip = true;
    }
    if (!skip)
        add_dev(
            c, c->disks, &c->n_disks,
            aprintf(c, "format=%s, vdev=%s, access=%s%s, target=%s", format,
                    dev, ro ? "ro" : "rw",
                    device && !strcmp(device, "cdrom") ? ", devtype=cdrom" : "",
                    src ? src : ""),
            n);
out:
    xmlFree(type);
    xmlFree(device);
    xmlFree(src);
    xmlFree(dev);
    xmlFree(fmt);
}

static void do_interface(struct conv *c, const xmlNode *n)
{
    char *type = attr(n, "type"), *bridge = NULL, *mac = NULL, *script = NULL,
         *model = NULL, *vifname = NULL, *ip = NULL;
    struct buf b = { 0 };
    bool skip = false;

    if (!type || (strcmp(type, "bridge") && strcmp(type, "ethernet"))) {
        WARN(c, n,
             "<interface type='%s'>: xl connects a vif to a bridge "
             "(type='bridge') or runs its script (type='ethernet'); left "
             "out",
             type ? type : "");
        goto out;
    }
    for (const xmlNode *k = n->children; k; k = k->next) {
        char **field = NULL;
        const char *an = NULL;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "source") && !strcmp(type, "bridge"))
            field = &bridge, an = "bridge";
        else if (is(k, "mac"))
            field = &mac, an = "address";
        else if (is(k, "script"))
            field = &script, an = "path";
        else if (is(k, "model"))
            field = &model, an = "type";
        else if (is(k, "target"))
            field = &vifname, an = "dev";
        else if (is(k, "ip"))
            field = &ip, an = "address";
        if (!field) {
            unmapped(c, k, NULL);
            continue;
        }
        xmlFree(*field);
        *field = attr(k, an);
        if (*field && !spec_value_ok(*field)) {
            WARN(c, k,
                 "<interface>/<%s %s='%s'>: cannot be written in a vif "
                 "spec; interface left out",
                 (const char *)k->name, an, *field);
            skip = true;
        }
    }
    if (skip)
        goto out;
    if (mac)
        bprintf(&b, "mac=%s", mac);
    if (bridge)
        bprintf(&b, "%sbridge=%s", b.n ? ", " : "", bridge);
    if (script)
        bprintf(&b, "%sscript=%s", b.n ? ", " : "", script);
    if (vifname)
        bprintf(&b, "%svifname=%s", b.n ? ", " : "", vifname);
    if (ip)
        bprintf(&b, "%sip=%s", b.n ? ", " : "", ip);
    /* netfront is the PV device itself; another model is an emulated one */
    if (model && !strcmp(model, "netfront"))
        bprintf(&b, "%stype=vif", b.n ? ", " : "");
    else if (model)
        bprintf(&b, "%smodel=%s", b.n ? ", " : "", model);
    if (b.oom) {
        c->oom = true;
        free(b.s);
    } else {
        add_dev(c, c->vifs, &c->n_vifs, b.s ? b.s : dup(c, ""), n);
    }
out:
    xmlFree(type);
    xmlFree(bridge);
    xmlFree(mac);
    xmlFree(script);
    xmlFree(model);
    xmlFree(vifname);
    xmlFree(ip);
}

static void do_hostdev(struct conv *c, const xmlNode *n)
{
    char *mode = attr(n, "mode"), *type = attr(n, "type");
    const xmlNode *addr = NULL;
    static const char *const names[] = { "domain", "bus", "slot", "function" };
    static const unsigned long long max[] = { 0xffff, 0xff, 0x1f, 7 };
    unsigned long long v[4] = { 0 };

    if (!mode || strcmp(mode, "subsystem") || !type || strcmp(type, "pci")) {
        WARN(c, n,
             "<hostdev mode='%s' type='%s'>: xl passes through PCI devices "
             "only; left out",
             mode ? mode : "", type ? type : "");
        goto out;
    }
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (!is(k, "source")) {
            unmapped(c, k, NULL);
            continue;
        }
        for (const xmlNode *a = k->children; a; a = a->next)
            if (is(a, "address"))
                addr = a;
    }
    if (!addr) {
        WARN(c, n, "<hostdev> without <source>/<address>; left out");
        goto out;
    }
    for (int i = 0; i < 4; i++) {
        char *s = attr(addr, names[i]);
        bool ok = s ? number(s, true, max[i], &v[i]) : i == 0;

        if (!ok)
            WARN(c, addr,
                 "<hostdev>/<source>/<address %s='%s'>: not a PCI %s; "
                 "left out",
                 names[i], s ? s : "", names[i]);
        xmlFree(s);
        if (!ok)
            goto out;
    }
    add_dev(c, c->pcis, &c->n_pcis,
            aprintf(c, "%04llx:%02llx:%02llx.%llx", v[0], v[1], v[2], v[3]), n);
out:
    xmlFree(mode);
    xmlFree(type);
}

static void do_devices(struct conv *c, const xmlNode *n)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "disk"))
            do_disk(c, k);
        else if (is(k, "interface"))
            do_interface(c, k);
        else if (is(k, "hostdev"))
            do_hostdev(c, k);
        else if (is(k, "console") || is(k, "serial"))
            NOTE(c, k,
                 "<%s> ignored: xl gives the guest its console (xl "
                 "console)",
                 (const char *)k->name);
        else
            unmapped(c, k, NULL);
    }
}

static void do_domain(struct conv *c, const xmlNode *root)
{
    char *dtype = attr(root, "type");

    if (!dtype || strcmp(dtype, "xen"))
        WARN(c, root,
             "<domain type='%s'>: not a Xen guest; converted as one (xl "
             "creates Xen guests)",
             dtype ? dtype : "");
    xmlFree(dtype);
    for (const xmlNode *k = root->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "name"))
            set(c, &c->name, text(c, k));
        else if (is(k, "uuid"))
            set(c, &c->uuid, text(c, k));
        else if (is(k, "memory"))
            c->have_max = memory_mib(c, k, &c->max_mib) || c->have_max;
        else if (is(k, "currentMemory"))
            c->have_cur = memory_mib(c, k, &c->cur_mib) || c->have_cur;
        else if (is(k, "vcpu"))
            do_vcpu(c, k);
        else if (is(k, "cputune"))
            do_cputune(c, k);
        else if (is(k, "numatune"))
            do_numatune(c, k);
        else if (is(k, "os"))
            do_os(c, k);
        else if (is(k, "bootloader"))
            set(c, &c->bootloader, text(c, k));
        else if (is(k, "bootloader_args"))
            set(c, &c->bootloader_args, text(c, k));
        else if (is(k, "on_poweroff"))
            do_action(c, k, &c->on_poweroff);
        else if (is(k, "on_reboot"))
            do_action(c, k, &c->on_reboot);
        else if (is(k, "on_crash"))
            do_action(c, k, &c->on_crash);
        else if (is(k, "devices"))
            do_devices(c, k);
        else
            unmapped(c, k, NULL);
    }
}

/* ---- writing xl.cfg --------------------------------------------------------
 */

static void key_str(struct buf *b, const char *key, const char *v)
{
    if (!v)
        return;
    bprintf(b, "%s = ", key);
    bquote(b, v);
    bprintf(b, "\n");
}

static void key_list(struct buf *b, const char *key, char *const *v, int n)
{
    if (!n)
        return;
    bprintf(b, "%s = [", key);
    for (int i = 0; i < n; i++) {
        bprintf(b, "%s", i ? ",\n" : "\n");
        bprintf(b, "    ");
        bquote(b, v[i]);
    }
    bprintf(b, ",\n]\n");
}

static void write_cfg(struct conv *c, struct buf *b)
{
    bprintf(b, "# Converted from the libvirt domain definition %s\n",
            c->source);
    key_str(b, "name", c->name);
    key_str(b, "uuid", c->uuid);
    key_str(b, "type", c->type ? c->type : "pv");
    if (c->have_cur || c->have_max) {
        uint64_t cur = c->have_cur ? c->cur_mib : c->max_mib;

        bprintf(b, "memory = %llu\n", (unsigned long long)cur);
        if (c->have_max && c->max_mib != cur)
            bprintf(b, "maxmem = %llu\n", (unsigned long long)c->max_mib);
    }
    if (c->max_vcpus) {
        bprintf(b, "vcpus = %lu\n", c->cur_vcpus ? c->cur_vcpus : c->max_vcpus);
        if (c->cur_vcpus && c->cur_vcpus != c->max_vcpus)
            bprintf(b, "maxvcpus = %lu\n", c->max_vcpus);
    }
    key_str(b, "cpus", c->cpus);
    key_str(b, "cpus_soft", c->cpus_soft);
    if (c->weight > 0)
        bprintf(b, "cpu_weight = %ld\n", c->weight);
    if (c->cap > 0)
        bprintf(b, "cap = %ld\n", c->cap);
    key_str(b, "kernel", c->kernel);
    key_str(b, "ramdisk", c->ramdisk);
    key_str(b, "cmdline", c->cmdline);
    key_str(b, "bootloader", c->bootloader);
    key_str(b, "bootloader_args", c->bootloader_args);
    key_str(b, "boot", c->boot);
    key_str(b, "on_poweroff", c->on_poweroff);
    key_str(b, "on_reboot", c->on_reboot);
    key_str(b, "on_crash", c->on_crash);
    key_list(b, "disk", c->disks, c->n_disks);
    key_list(b, "vif", c->vifs, c->n_vifs);
    key_list(b, "pci", c->pcis, c->n_pcis);
}

/* period/quota: the guest's share of a CPU per vCPU, as a credit cap in
 * percent of one CPU for the whole guest. */
static void cap_from_quota(struct conv *c, const xmlNode *root)
{
    unsigned long period = c->have_period ? c->period : 100000;
    unsigned long long pct;
    unsigned long vcpus = c->max_vcpus ? c->max_vcpus : 1;

    if (!c->have_quota || c->quota >= period)
        return; /* each vCPU may use its whole CPU: no cap */
    pct = ((unsigned long long)c->quota * 100 * vcpus + period - 1) / period;
    if (pct > 65535) {
        bprintf(&c->msgs,
                "%s:%d: warning: <cputune>: quota %lu per period %lu gives a "
                "cap of %llu%%, above the credit scheduler's 65535; left "
                "out\n",
                c->source, c->cputune_line, c->quota, period, pct);
        return;
    }
    c->cap = (long)pct;
}

/* ---- probe and parse -------------------------------------------------------
 */

static const char *skip_prolog(const char *p, const char *end)
{
    if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
            const char *q = p + 4;

            while (end - q >= 3 && memcmp(q, "-->", 3))
                q++;
            if (end - q < 3)
                return end;
            p = q + 3;
        } else if (end - p >= 2 &&
                   (!memcmp(p, "<?", 2) || !memcmp(p, "<!", 2))) {
            const char *q = memchr(p, '>', (size_t)(end - p));

            if (!q)
                return end;
            p = q + 1;
        } else {
            return p;
        }
    }
}

int lv_probe(const char *data, size_t len)
{
    const char *end = data + len, *p = skip_prolog(data, end);

    return end - p > 7 && !memcmp(p, "<domain", 7) &&
           (isspace((unsigned char)p[7]) || p[7] == '>' || p[7] == '/');
}

struct xerr {
    bool set;
    int line, col;
    char msg[256];
};

static void xml_error(void *ud, xmlErrorPtr e)
{
    struct xerr *x = ud;
    size_t n;

    if (x->set || !e || e->level < XML_ERR_ERROR)
        return;
    x->set = true;
    x->line = e->line;
    x->col = e->int2;
    snprintf(x->msg, sizeof(x->msg), "%s", e->message ? e->message : "error");
    n = strlen(x->msg);
    while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
        x->msg[--n] = 0;
    /* one line: libxml2 puts the offending bytes on a second one */
    for (char *p = x->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

static void conv_free(struct conv *c)
{
    free(c->name);
    free(c->uuid);
    free(c->type);
    free(c->kernel);
    free(c->ramdisk);
    free(c->cmdline);
    free(c->bootloader);
    free(c->bootloader_args);
    free(c->cpus);
    free(c->cpus_soft);
    free(c->boot);
    for (int i = 0; i < c->n_disks; i++)
        free(c->disks[i]);
    for (int i = 0; i < c->n_vifs; i++)
        free(c->vifs[i]);
    for (int i = 0; i < c->n_pcis; i++)
        free(c->pcis[i]);
}

static int fail(char **msgs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(char **msgs, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vasprintf(msgs, fmt, ap);
    va_end(ap);
    if (r < 0) {
        *msgs = NULL;
        return -2;
    }
    return -1;
}

int lv_convert(const char *source, const char *data, size_t len, char **cfg,
               char **msgs)
{
    struct conv c = { .source = source, .weight = -1, .cap = -1 };
    struct xerr xe = { 0 };
    struct buf out = { 0 };
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    xmlNodePtr root;
    int rc = 0;

    *cfg = NULL;
    *msgs = NULL;
    if (len > INT_MAX)
        return fail(msgs, "%s: too large for a domain definition", source);
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return -2;
    xmlSetStructuredErrorFunc(&xe, xml_error);
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
    if (!doc || xe.set) {
        xmlFreeDoc(doc);
        if (xe.set)
            return fail(msgs, "%s:%d:%d: malformed XML: %s", source, xe.line,
                        xe.col, xe.msg);
        return fail(msgs, "%s: malformed XML", source);
    }
    root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "domain")) {
        rc = fail(msgs, "%s:%ld: the root element is <%s>, not <domain>",
                  source, root ? line_of(root) : 1L,
                  root ? (const char *)root->name : "");
        goto out;
    }
    do_domain(&c, root);
    cap_from_quota(&c, root);
    if (c.oom || c.msgs.oom) {
        rc = -2;
        goto out;
    }
    if (!c.name || !*c.name) {
        rc = fail(msgs, "%s:%ld: <domain> has no <name>, which xl needs",
                  source, line_of(root));
        goto out;
    }
    write_cfg(&c, &out);
    if (out.oom || !out.s) {
        rc = -2;
        goto out;
    }
    *cfg = out.s;
    out.s = NULL;
    *msgs = c.msgs.s;
    c.msgs.s = NULL;
out:
    free(out.s);
    free(c.msgs.s);
    conv_free(&c);
    xmlFreeDoc(doc);
    return rc;
}
