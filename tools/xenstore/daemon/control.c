/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * control.c - XS_CONTROL commands (privileged callers only).
 *
 *   help                  list the commands
 *   check                 verify the tree's internal consistency
 *   log on|off            verbose syslog logging
 *   logfile <file>        open an access log (SIGHUP reopens it)
 *   quota                 show the quotas
 *   quota <what> <nb>     set one quota (names as for --quota)
 *   memreport             node, connection and transaction counts
 *   stats                 transaction commits and conflicts
 *   print <text>          write text to the log
 *   restrict <domid>      make this connection act as an unprivileged
 *                         domain (dropping privilege is always allowed)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "conn.h"
#include "db.h"
#include "dispatch.h"
#include "domain.h"
#include "log.h"
#include "txn.h"
#include "util.h"

static unsigned long checked;

static int check_node(const struct node *n)
{
    checked++;
    if (db_lookup(n->path) != n || n->nperms == 0)
        return EIO;
    for (unsigned int i = 0; i < n->nchildren; i++) {
        const struct node *c = n->children[i];

        if (c->parent != n || !path_is_below(c->path, n->path) || check_node(c))
            return EIO;
    }
    return 0;
}

static int ctl_check(struct reply *rp)
{
    char buf[64];

    checked = 0;
    if (check_node(db_root()) || checked != db_node_count())
        return EIO;
    snprintf(buf, sizeof(buf), "OK %lu nodes", checked);
    return reply_str(rp, buf);
}

static int ctl_quota(const char **argv, unsigned int argc, struct reply *rp)
{
    char buf[512];

    if (argc == 3) {
        snprintf(buf, sizeof(buf), "%s=%s", argv[1], argv[2]);
        return config_set_quota(buf) ? EINVAL : reply_ok(rp);
    }
    if (argc != 1)
        return EINVAL;
    snprintf(buf, sizeof(buf),
             "nodes %lu\nentry-size %lu\nwatches %lu\ntransactions %lu\n"
             "permissions %lu\npath-max %lu\ntransaction-nodes %lu\n"
             "outstanding %lu\nmemory %lu\n",
             cfg.nodes_per_domain, cfg.entry_size, cfg.watches,
             cfg.transactions, cfg.perms_per_node, cfg.path_max,
             cfg.trans_nodes, cfg.outstanding, cfg.memory);
    return reply_str(rp, buf);
}

static int ctl_memreport(struct reply *rp)
{
    unsigned long conns = 0, txns = 0, watches = 0, queued = 0;
    char buf[200];

    for (struct conn *c = conn_list; c; c = c->next) {
        conns++;
        txns += c->ntxns;
        watches += c->nwatches;
        queued += c->out_bytes;
    }
    snprintf(buf, sizeof(buf),
             "nodes %lu\nconnections %lu\ntransactions %lu\nwatches %lu\n"
             "queued-bytes %lu\n",
             db_node_count(), conns, txns, watches, queued);
    return reply_str(rp, buf);
}

static int ctl_restrict(struct request *rq, const char *arg, struct reply *rp)
{
    unsigned long domid;

    if (!parse_uint(arg, 0x7fef, &domid) || domain_is_priv((uint32_t)domid))
        return EINVAL;
    rq->conn->dom = domain_get((uint32_t)domid);
    return reply_ok(rp);
}

/* CONTROL <command> [<arg>...].  Errors: EINVAL (unknown command or bad
 * arguments), EIO (check found damage). */
int op_control(struct request *rq, struct reply *rp)
{
    const char *argv[8];
    unsigned int argc = 0, off = 0;
    char buf[96];

    while (off < rq->len && argc < ARRAY_SIZE(argv)) {
        const char *nul = memchr(rq->body + off, '\0', rq->len - off);

        if (!nul)
            return EINVAL;
        argv[argc++] = rq->body + off;
        off = (unsigned int)(nul - rq->body) + 1;
    }
    if (argc == 0 || off != rq->len)
        return EINVAL;
    if (!strcmp(argv[0], "help"))
        return reply_str(rp, "help check log logfile quota memreport stats "
                             "print restrict\n");
    if (!strcmp(argv[0], "check") && argc == 1)
        return ctl_check(rp);
    if (!strcmp(argv[0], "log") && argc == 2) {
        log_verbose = !strcmp(argv[1], "on");
        return reply_ok(rp);
    }
    if (!strcmp(argv[0], "logfile") && argc == 2) {
        log_set_access(argv[1]);
        return log_access_enabled() ? reply_ok(rp) : EIO;
    }
    if (!strcmp(argv[0], "quota"))
        return ctl_quota(argv, argc, rp);
    if (!strcmp(argv[0], "memreport") && argc == 1)
        return ctl_memreport(rp);
    if (!strcmp(argv[0], "stats") && argc == 1) {
        snprintf(buf, sizeof(buf), "commits %lu\nconflicts %lu\n", txn_commits,
                 txn_conflicts);
        return reply_str(rp, buf);
    }
    if (!strcmp(argv[0], "print") && argc == 2) {
        log_warn("control: %s", argv[1]);
        return reply_ok(rp);
    }
    if (!strcmp(argv[0], "restrict") && argc == 2)
        return ctl_restrict(rq, argv[1], rp);
    return EINVAL;
}
