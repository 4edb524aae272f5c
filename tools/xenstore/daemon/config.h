/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config.h - xenstored settings from /etc/xen/xenstored.conf and the
 * command line (options override the file).
 */
#ifndef XSD_CONFIG_H
#define XSD_CONFIG_H

#include <stdbool.h>

struct xsd_config {
    /* Quotas (the per-domain ones bind unprivileged domains only). */
    unsigned long nodes_per_domain; /* -E, nodes owned */
    unsigned long entry_size;       /* -S, bytes of one node */
    unsigned long watches;          /* -W, per connection */
    unsigned long transactions;     /* -t, open per connection */
    unsigned long perms_per_node;   /* -A */
    unsigned long path_max;         /* -M, relative path length */
    unsigned long trans_nodes;      /* -Q transaction-nodes= */
    unsigned long outstanding;      /* -Q outstanding= */
    unsigned long memory;           /* -Q memory=, queued bytes */
    /* Daemon. */
    char *socket_path;
    char *pid_file;
    char *trace_file;
    char *config_file;
    bool no_fork, output_pid, no_domain_init, internal_db;
    unsigned long priv_domid;
    unsigned long dom0_domid;
};

extern struct xsd_config cfg;

void config_defaults(void);
/* Read a "key = value" file; a missing file is fine unless required. */
int config_load(const char *path, bool required);
/* Apply one "what=nb" quota setting (-Q and the file); 0 or -1. */
int config_set_quota(const char *arg);
/* Parse argv; returns 0, 1 for "exit successfully" (help), -1 on error. */
int config_parse_args(int argc, char **argv);

#endif
