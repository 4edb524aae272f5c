/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * options.c - xenstored's command line, compatible with Xen 4.17's
 * xenstored where the options apply.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "util.h"

static const struct option longopts[] = {
    { "no-domain-init", no_argument, NULL, 'D' },
    { "entry-nb", required_argument, NULL, 'E' },
    { "pid-file", required_argument, NULL, 'F' },
    { "help", no_argument, NULL, 'H' },
    { "no-fork", no_argument, NULL, 'N' },
    { "output-pid", no_argument, NULL, 'P' },
    { "entry-size", required_argument, NULL, 'S' },
    { "trace-file", required_argument, NULL, 'T' },
    { "transaction", required_argument, NULL, 't' },
    { "perm-nb", required_argument, NULL, 'A' },
    { "path-max", required_argument, NULL, 'M' },
    { "quota", required_argument, NULL, 'Q' },
    { "internal-db", optional_argument, NULL, 'I' },
    { "verbose", no_argument, NULL, 'V' },
    { "watch-nb", required_argument, NULL, 'W' },
    { "priv-domid", required_argument, NULL, 'p' },
    { "socket", required_argument, NULL, 's' },
    { "config", required_argument, NULL, 'c' },
    { NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
    fputs("usage: xenstored [options]\n"
          "  -c, --config FILE        settings file "
          "(default /etc/xen/xenstored.conf)\n"
          "  -s, --socket PATH        unix socket "
          "(default /run/xenstored/socket)\n"
          "  -D, --no-domain-init     do not connect dom0's ring\n"
          "  -F, --pid-file FILE      write the daemon's pid to FILE\n"
          "  -N, --no-fork            stay in the foreground, log to stderr\n"
          "  -P, --output-pid         print the daemon's pid on stdout\n"
          "  -T, --trace-file FILE    access log of every request\n"
          "  -E, --entry-nb NB        nodes per domain\n"
          "  -S, --entry-size BYTES   bytes per node\n"
          "  -W, --watch-nb NB        watches per connection\n"
          "  -t, --transaction NB     open transactions per connection\n"
          "  -A, --perm-nb NB         permission entries per node\n"
          "  -M, --path-max CHARS     relative path length\n"
          "  -Q, --quota WHAT=NB      transaction-nodes, outstanding, "
          "memory,\n"
          "                           nodes, entry-size, watches, "
          "transactions,\n"
          "                           permissions, path-max\n"
          "  -p, --priv-domid DOMID   a second privileged domain\n"
          "  -I, --internal-db[=on]   keep the store in memory (the only "
          "mode)\n"
          "  -V, --verbose            verbose logging\n"
          "  -H, --help               this text\n",
          f);
}

static int set_num(const char *what, const char *arg)
{
    char buf[256];

    snprintf(buf, sizeof(buf), "%s=%s", what, arg);
    if (config_set_quota(buf)) {
        fprintf(stderr, "xenstored: invalid value '%s' for %s\n", arg, what);
        return -1;
    }
    return 0;
}

/* Options needing an argument that is a quota. */
static const char *quota_for(int opt)
{
    switch (opt) {
    case 'E':
        return "nodes";
    case 'S':
        return "entry-size";
    case 'W':
        return "watches";
    case 't':
        return "transactions";
    case 'A':
        return "permissions";
    case 'M':
        return "path-max";
    default:
        return NULL;
    }
}

/* First pass: only find --config, so options can override the file. */
static const char *find_config(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) &&
            i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(argv[i], "--config=", 9))
            return argv[i] + 9;
    }
    return NULL;
}

static int one_option(int opt, const char *arg)
{
    unsigned long v;

    if (quota_for(opt))
        return set_num(quota_for(opt), arg);
    switch (opt) {
    case 'D':
        cfg.no_domain_init = true;
        return 0;
    case 'F':
        cfg.pid_file = xstrdup(arg);
        return 0;
    case 'N':
        cfg.no_fork = true;
        return 0;
    case 'P':
        cfg.output_pid = true;
        return 0;
    case 'T':
        cfg.trace_file = xstrdup(arg);
        return 0;
    case 'Q':
        if (config_set_quota(arg) == 0)
            return 0;
        fprintf(stderr, "xenstored: invalid quota '%s'\n", arg);
        return -1;
    case 'I':
        if (!arg || !strcmp(arg, "on"))
            return 0;
        fprintf(stderr, "xenstored: only the internal database exists\n");
        return -1;
    case 'V':
        log_verbose = true;
        return 0;
    case 'p':
        if (!parse_uint(arg, 0x7fef, &v))
            return -1;
        cfg.priv_domid = v;
        return 0;
    case 's':
        free(cfg.socket_path);
        cfg.socket_path = xstrdup(arg);
        return 0;
    case 'c':
        return 0;
    default:
        return -1;
    }
}

int config_parse_args(int argc, char **argv)
{
    const char *file = find_config(argc, argv);
    const char *env = getenv("XENSTORED_PATH");
    int opt;

    if (config_load(file ? file : cfg.config_file, file != NULL))
        return -1;
    if (env && *env) {
        free(cfg.socket_path);
        cfg.socket_path = xstrdup(env);
    }
    while ((opt = getopt_long(argc, argv, "c:s:DE:F:HI::NPS:t:A:M:Q:T:VW:p:",
                              longopts, NULL)) != -1) {
        if (opt == 'H') {
            usage(stdout);
            return 1;
        }
        if (one_option(opt, optarg)) {
            usage(stderr);
            return -1;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "xenstored: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    return 0;
}
