/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore.c - the xenstore-* command-line tools in one binary, which
 * picks the command from its name (xenstore-read) or from its first
 * argument (xenstore read).  Every command exits 0 on success and 1 with
 * one message on stderr on failure (2 for usage errors).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "xenstore.h"

static const char *prog;
static struct xs_handle *xsh;
static bool opt_prefix, opt_raw, opt_full, opt_perms, opt_tidy, opt_upto,
    opt_recurse;
static long opt_nevents = -1;

static int usage(const char *args)
{
    fprintf(stderr, "usage: %s [-h] [-s] %s\n", prog, args);
    return 2;
}

static int fail(const char *what, const char *path)
{
    fprintf(stderr, "%s: %s %s: %s\n", prog, what, path, strerror(errno));
    return 1;
}

static int cmd_read(int argc, char **argv, xs_transaction_t t)
{
    for (int i = 0; i < argc; i++) {
        unsigned int len;
        char *v = xs_read(xsh, t, argv[i], &len);

        if (!v)
            return fail("couldn't read", argv[i]);
        if (opt_prefix)
            printf("%s: ", argv[i]);
        print_escaped(stdout, v, len, opt_raw);
        putchar('\n');
        free(v);
    }
    return 0;
}

static int cmd_write(int argc, char **argv, xs_transaction_t t)
{
    if (argc % 2)
        return usage("key value [key value...]");
    for (int i = 0; i < argc; i += 2) {
        unsigned int len =
            opt_raw ? (unsigned int)strlen(argv[i + 1]) : unescape(argv[i + 1]);

        if (!xs_write(xsh, t, argv[i], argv[i + 1], len))
            return fail("couldn't write", argv[i]);
    }
    return 0;
}

/* Remove path; with -t also remove parents left empty. */
static int cmd_rm(int argc, char **argv, xs_transaction_t t)
{
    for (int i = 0; i < argc; i++) {
        char *p = strdup(argv[i]), *slash;

        if (!xs_rm(xsh, t, p)) {
            free(p);
            return fail("couldn't remove", argv[i]);
        }
        while (opt_tidy && (slash = strrchr(p, '/')) && slash != p) {
            unsigned int n = 1, len = 1;
            char **d, *v;

            *slash = '\0';
            d = xs_directory(xsh, t, p, &n);
            v = xs_read(xsh, t, p, &len);
            free(d);
            free(v);
            if (!d || n || !v || len || !xs_rm(xsh, t, p))
                break;
        }
        free(p);
    }
    return 0;
}

static int cmd_exists(int argc, char **argv, xs_transaction_t t)
{
    for (int i = 0; i < argc; i++) {
        unsigned int len;
        char *v = xs_read(xsh, t, argv[i], &len);

        if (!v)
            return 1;
        free(v);
    }
    return 0;
}

static int cmd_list(int argc, char **argv, xs_transaction_t t)
{
    for (int i = 0; i < argc; i++) {
        unsigned int n;
        char **d = xs_directory(xsh, t, argv[i], &n);

        if (!d)
            return fail("couldn't list", argv[i]);
        for (unsigned int j = 0; j < n; j++)
            printf(opt_prefix ? "%s/%s\n" : "%.0s%s\n", argv[i], d[j]);
        free(d);
    }
    return 0;
}

static void print_perms(const char *path, xs_transaction_t t)
{
    unsigned int n;
    struct xs_permissions *p = xs_get_permissions(xsh, t, path, &n);
    char buf[32];

    fputs("  (", stdout);
    for (unsigned int i = 0; p && i < n; i++)
        if (xs_perm_to_string(&p[i], buf, sizeof(buf)))
            printf("%s%s", i ? "," : "", buf);
    fputs(")", stdout);
    free(p);
}

/* Print the subtree below path, one node a line, indented by depth. */
static int ls_tree(const char *path, int depth, xs_transaction_t t)
{
    unsigned int n;
    char **d = xs_directory(xsh, t, path, &n);

    if (!d)
        return depth ? 0 : fail("couldn't list", path);
    for (unsigned int i = 0; i < n; i++) {
        char *child;
        unsigned int len;
        char *v;

        if (asprintf(&child, "%s%s%s", path, strcmp(path, "/") ? "/" : "",
                     d[i]) < 0)
            break;
        v = xs_read(xsh, t, child, &len);
        if (opt_full)
            printf("%s = \"", child);
        else
            printf("%*s%s = \"", depth, "", d[i]);
        if (v)
            print_escaped(stdout, v, len, opt_raw);
        putchar('"');
        if (opt_perms)
            print_perms(child, t);
        putchar('\n');
        free(v);
        ls_tree(child, depth + 1, t);
        free(child);
    }
    free(d);
    return 0;
}

static int cmd_ls(int argc, char **argv, xs_transaction_t t)
{
    if (argc == 0)
        return ls_tree("/", 0, t);
    for (int i = 0; i < argc; i++)
        if (ls_tree(argv[i], 0, t))
            return 1;
    return 0;
}

/* Parse "r1" style modes; the first names the owner. */
static int parse_modes(int argc, char **argv, struct xs_permissions *p)
{
    for (int i = 0; i < argc; i++) {
        char buf[32];

        snprintf(buf, sizeof(buf), "%s", argv[i]);
        if (!xs_strings_to_perms(&p[i], 1, buf)) {
            fprintf(stderr, "%s: invalid mode '%s'\n", prog, argv[i]);
            return -1;
        }
    }
    return 0;
}

static int chmod_tree(const char *path, struct xs_permissions *p, int n,
                      xs_transaction_t t)
{
    unsigned int nc;
    char **d;

    if (!xs_set_permissions(xsh, t, path, p, (unsigned int)n))
        return fail("couldn't set permissions on", path);
    if (!opt_recurse)
        return 0;
    d = xs_directory(xsh, t, path, &nc);
    for (unsigned int i = 0; d && i < nc; i++) {
        char *child;
        int r;

        if (asprintf(&child, "%s%s%s", path, strcmp(path, "/") ? "/" : "",
                     d[i]) < 0)
            break;
        r = chmod_tree(child, p, n, t);
        free(child);
        if (r) {
            free(d);
            return r;
        }
    }
    free(d);
    return 0;
}

static int cmd_chmod(int argc, char **argv, xs_transaction_t t)
{
    struct xs_permissions p[XENSTORE_PAYLOAD_MAX / 3];
    char *path;

    if (argc < 2 || argc - 1 > (int)(sizeof(p) / sizeof(p[0])))
        return usage("[-r] [-u] key mode [mode...]");
    if (parse_modes(argc - 1, argv + 1, p))
        return 2;
    path = strdup(argv[0]);
    /* -u: apply to every existing prefix of the path as well. */
    for (char *s = path + 1; opt_upto && (s = strchr(s, '/')); s++) {
        *s = '\0';
        if (!xs_set_permissions(xsh, t, path, p, (unsigned int)argc - 1)) {
            free(path);
            return fail("couldn't set permissions on", argv[0]);
        }
        *s = '/';
    }
    free(path);
    return chmod_tree(argv[0], p, argc - 1, t);
}

static int cmd_watch(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!xs_watch(xsh, argv[i], argv[i]))
            return fail("couldn't watch", argv[i]);
    for (long seen = 0; opt_nevents < 0 || seen < opt_nevents; seen++) {
        unsigned int n;
        char **v = xs_read_watch(xsh, &n);

        if (!v)
            return fail("lost the connection while watching", argv[0]);
        printf("%s\n", v[XS_WATCH_PATH]);
        fflush(stdout);
        free(v);
    }
    return 0;
}

static int cmd_control(int argc, char **argv)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    unsigned int len = 0;
    char *r;

    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]) + 1;

        if (len + n > sizeof(buf))
            return usage("command [arg...]");
        memcpy(buf + len, argv[i], n);
        len += (unsigned int)n;
    }
    r = xs_control_command(xsh, argv[0], len ? buf : NULL, len);
    if (!r)
        return fail("control command failed:", argv[0]);
    fputs(r, stdout);
    if (*r && r[strlen(r) - 1] != '\n')
        putchar('\n');
    free(r);
    return 0;
}

typedef int (*txn_cmd)(int, char **, xs_transaction_t);

struct command {
    const char *name;
    const char *opts;
    const char *args;
    int min_args;
    txn_cmd fn;
};

static const struct command commands[] = {
    { "read", "psR", "[-p] [-R] key...", 1, cmd_read },
    { "write", "sR", "[-R] key value...", 2, cmd_write },
    { "rm", "st", "[-t] key...", 1, cmd_rm },
    { "exists", "s", "key...", 1, cmd_exists },
    { "list", "ps", "[-p] key...", 1, cmd_list },
    { "ls", "fps", "[-f] [-p] [path]", 0, cmd_ls },
    { "chmod", "sur", "[-u] [-r] key mode...", 2, cmd_chmod },
    { "watch", "sn:", "[-n NR] key...", 1, NULL },
    { "control", "s", "command [arg...]", 1, NULL },
};

static void set_option(int c)
{
    switch (c) {
    case 'p':
        opt_prefix = opt_perms = true;
        break;
    case 'R':
        opt_raw = true;
        break;
    case 'f':
        opt_full = true;
        break;
    case 't':
        opt_tidy = true;
        break;
    case 'u':
        opt_upto = true;
        break;
    case 'r':
        opt_recurse = true;
        break;
    case 'n':
        opt_nevents = strtol(optarg, NULL, 10);
        break;
    default: /* -s: we always try the socket first. */
        break;
    }
}

/* Run a command inside a transaction, retrying on conflict. */
static int run_in_txn(const struct command *cmd, int argc, char **argv)
{
    for (;;) {
        xs_transaction_t t = xs_transaction_start(xsh);
        int r;

        if (t == XBT_NULL)
            return fail("couldn't start a transaction", "");
        r = cmd->fn(argc, argv, t);
        if (!xs_transaction_end(xsh, t, r != 0)) {
            if (errno == EAGAIN && r == 0)
                continue;
            return r ? r : fail("couldn't commit", "");
        }
        return r;
    }
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    const struct command *cmd = NULL;
    char optstr[16];
    int c, r;

    base = base ? base + 1 : argv[0];
    if (!strncmp(base, "xenstore-", 9)) {
        base += 9;
    } else if (argc > 1) {
        base = argv[1];
        argv++;
        argc--;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(base, commands[i].name))
            cmd = &commands[i];
    prog = argv[0];
    if (!cmd) {
        fprintf(stderr, "usage: xenstore COMMAND [args]; commands: read "
                        "write rm exists list ls chmod watch control\n");
        return 2;
    }
    snprintf(optstr, sizeof(optstr), "+h%s", cmd->opts);
    while ((c = getopt(argc, argv, optstr)) != -1) {
        if (c == 'h' || c == '?')
            return usage(cmd->args);
        set_option(c);
    }
    if (argc - optind < cmd->min_args)
        return usage(cmd->args);
    xsh = xs_open(0);
    if (!xsh) {
        fprintf(stderr, "%s: cannot connect to xenstored (%s): %s\n", prog,
                xs_daemon_socket(), strerror(errno));
        return 1;
    }
    if (!strcmp(cmd->name, "watch"))
        r = cmd_watch(argc - optind, argv + optind);
    else if (!strcmp(cmd->name, "control"))
        r = cmd_control(argc - optind, argv + optind);
    else if (!strcmp(cmd->name, "exists") || !strcmp(cmd->name, "read") ||
             !strcmp(cmd->name, "list"))
        r = cmd->fn(argc - optind, argv + optind, XBT_NULL);
    else
        r = run_in_txn(cmd, argc - optind, argv + optind);
    xs_close(xsh);
    return r;
}
