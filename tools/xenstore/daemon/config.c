/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config.c - defaults, /etc/xen/xenstored.conf and command-line options.
 *
 * The file holds "key = value" lines; '#' starts a comment.  Keys:
 *   quota-nodes, quota-entry-size, quota-watches, quota-transactions,
 *   quota-permissions, quota-path-max, quota-transaction-nodes,
 *   quota-outstanding, quota-memory, socket, pid-file, access-log,
 *   priv-domid.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "util.h"
#include "wire.h"

struct xsd_config cfg;

void config_defaults(void)
{
    free(cfg.socket_path);
    memset(&cfg, 0, sizeof(cfg));
    cfg.nodes_per_domain = 1000;
    cfg.entry_size = 2048;
    cfg.watches = 128;
    cfg.transactions = 10;
    cfg.perms_per_node = 5;
    cfg.path_max = XENSTORE_REL_PATH_MAX;
    cfg.trans_nodes = 1024;
    cfg.outstanding = 20;
    cfg.memory = 2 * 1024 * 1024 + 512 * 1024;
    cfg.socket_path = xstrdup("/run/xenstored/socket");
    cfg.config_file = "/etc/xen/xenstored.conf";
    cfg.internal_db = true;
}

struct quota_name {
    const char *name;
    unsigned long *val;
};

static struct quota_name quotas[] = {
    { "nodes", &cfg.nodes_per_domain },
    { "entry-size", &cfg.entry_size },
    { "watches", &cfg.watches },
    { "transactions", &cfg.transactions },
    { "permissions", &cfg.perms_per_node },
    { "path-max", &cfg.path_max },
    { "transaction-nodes", &cfg.trans_nodes },
    { "outstanding", &cfg.outstanding },
    { "memory", &cfg.memory },
};

int config_set_quota(const char *arg)
{
    const char *eq = strchr(arg, '=');
    unsigned long v;

    if (!eq || !parse_uint(eq + 1, 1ul << 40, &v))
        return -1;
    for (size_t i = 0; i < ARRAY_SIZE(quotas); i++) {
        size_t n = strlen(quotas[i].name);

        if ((size_t)(eq - arg) == n && !strncmp(arg, quotas[i].name, n)) {
            /* At least one outstanding request, or nothing is served. */
            if (quotas[i].val == &cfg.outstanding && v == 0)
                return -1;
            *quotas[i].val = v;
            return 0;
        }
    }
    return -1;
}

static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && strchr(" \t\r\n", e[-1]))
        *--e = '\0';
    return s;
}

static int apply_key(const char *key, const char *val)
{
    char buf[256];
    unsigned long v;

    if (!strncmp(key, "quota-", 6)) {
        snprintf(buf, sizeof(buf), "%s=%s", key + 6, val);
        return config_set_quota(buf);
    }
    if (!strcmp(key, "socket")) {
        free(cfg.socket_path);
        cfg.socket_path = xstrdup(val);
    } else if (!strcmp(key, "pid-file")) {
        cfg.pid_file = xstrdup(val);
    } else if (!strcmp(key, "access-log")) {
        cfg.trace_file = xstrdup(val);
    } else if (!strcmp(key, "priv-domid") && parse_uint(val, 0x7fef, &v)) {
        cfg.priv_domid = v;
    } else {
        return -1;
    }
    return 0;
}

int config_load(const char *path, bool required)
{
    FILE *f = fopen(path, "r");
    char line[512];
    int lineno = 0;

    if (!f) {
        if (!required && errno == ENOENT)
            return 0;
        fprintf(stderr, "xenstored: cannot open %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        char *s = trim(line), *eq;

        lineno++;
        if ((eq = strchr(s, '#')))
            *eq = '\0';
        s = trim(s);
        if (!*s)
            continue;
        eq = strchr(s, '=');
        if (eq)
            *eq = '\0';
        if (!eq || apply_key(trim(s), trim(eq + 1))) {
            fprintf(stderr, "xenstored: %s:%d: invalid setting\n", path,
                    lineno);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}
