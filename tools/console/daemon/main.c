/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled: the console backend for guests' PV consoles (see
 * man/xenconsoled.8).  Options as Xen's xenconsoled.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "xenconsoled.h"

#ifndef XEN_LOG_DIR
#define XEN_LOG_DIR "/var/log/xen"
#endif
#ifndef XEN_RUN_DIR
#define XEN_RUN_DIR "/var/run/xen"
#endif

struct xcd_opts xcd_opts = { .discard = true };
volatile int xcd_stop, xcd_reopen_logs;

void xcd_log(int prio, const char *fmt, ...)
{
    va_list ap;

    if (prio == LOG_DEBUG && !xcd_opts.verbose)
        return;
    va_start(ap, fmt);
    if (xcd_opts.interactive || xcd_opts.verbose) {
        va_list aq;

        va_copy(aq, ap);
        fputs("xenconsoled: ", stderr);
        vfprintf(stderr, fmt, aq);
        fputc('\n', stderr);
        va_end(aq);
    }
    vsyslog(prio, fmt, ap);
    va_end(ap);
}

static void usage(FILE *f, const char *name)
{
    fprintf(
        f,
        "Usage: %s [-h] [-V] [-v] [-i] [--log=none|guest|hv|all]\n"
        "       [--log-dir=DIR] [--pid-file=PATH]\n"
        "       [-t, --timestamp=none|guest|hv|all]\n"
        "       [-o, --overflow-data=discard|keep] [--replace-escape]\n"
        "  -i, --interactive   stay in the foreground, log to stderr\n"
        "  -v, --verbose       log debug messages too\n"
        "  --log=WHAT          write guest consoles to DIR/guest-NAME.log,\n"
        "                      the hypervisor's to DIR/hypervisor.log\n"
        "  --log-dir=DIR       default " XEN_LOG_DIR "/console\n"
        "  --pid-file=PATH     default " XEN_RUN_DIR "/xenconsoled.pid\n"
        "  -t, --timestamp     prefix log lines with [YYYY-mm-dd HH:MM:SS]\n"
        "  -o, --overflow-data past a console's limit (console/limit),\n"
        "                      discard old output or keep the guest waiting\n"
        "  --replace-escape    write ESC as '.' in the logs\n",
        name);
}

static int pick(const char *arg, bool *guest, bool *hv)
{
    if (!strcmp(arg, "all"))
        *guest = *hv = true;
    else if (!strcmp(arg, "guest"))
        *guest = true, *hv = false;
    else if (!strcmp(arg, "hv"))
        *guest = false, *hv = true;
    else if (!strcmp(arg, "none"))
        *guest = *hv = false;
    else
        return -1;
    return 0;
}

static void on_term(int sig)
{
    (void)sig;
    xcd_stop = 1;
}

static void on_hup(int sig)
{
    (void)sig;
    xcd_reopen_logs = 1;
}

/* A pid file locked for the daemon's life: a second daemon fails here. */
static int write_pid_file(const char *path)
{
    char buf[32];
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644), n;

    if (fd < 0 || lockf(fd, F_TLOCK, 0)) {
        fprintf(stderr, "xenconsoled: %s: %s%s\n", path, strerror(errno),
                fd >= 0 ? " (is another xenconsoled running?)" : "");
        return -1;
    }
    n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) || write(fd, buf, (size_t)n) != n) {
        fprintf(stderr, "xenconsoled: writing %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0; /* fd stays open: it holds the lock */
}

/* The classic double fork; the parent returns only when the pid file is
 * written, so `xenconsoled && xl create` finds it running. */
static int daemonize(void)
{
    int p[2], fd;
    char ok = 0;
    pid_t pid;

    if (pipe(p))
        return -1;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid > 0) {
        close(p[1]);
        exit(read(p[0], &ok, 1) == 1 && ok ? 0 : 1);
    }
    close(p[0]);
    setsid();
    pid = fork();
    if (pid < 0)
        exit(1);
    if (pid > 0)
        _exit(0);
    umask(022);
    if (chdir("/"))
        exit(1);
    fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        if (!xcd_opts.verbose)
            dup2(fd, 2);
        if (fd > 2)
            close(fd);
    }
    if (xcd_opts.pid_file && write_pid_file(xcd_opts.pid_file))
        exit(1);
    ok = 1;
    if (write(p[1], &ok, 1) != 1)
        exit(1);
    close(p[1]);
    return 0;
}

static void raise_fd_limit(void)
{
    struct rlimit r;

    /* Each guest takes a pty pair and an event channel handle. */
    if (!getrlimit(RLIMIT_NOFILE, &r) && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

int main(int argc, char **argv)
{
    static const struct option lopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "verbose", no_argument, NULL, 'v' },
        { "interactive", no_argument, NULL, 'i' },
        { "log", required_argument, NULL, 'l' },
        { "log-dir", required_argument, NULL, 'r' },
        { "pid-file", required_argument, NULL, 'p' },
        { "timestamp", required_argument, NULL, 't' },
        { "overflow-data", required_argument, NULL, 'o' },
        { "replace-escape", no_argument, NULL, 'e' },
        { NULL, 0, NULL, 0 },
    };
    struct sigaction sa;
    bool pid_given = false;
    const char *opt = "";
    int c, rc;

    while ((c = getopt_long(argc, argv, "hVvit:o:", lopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout, argv[0]);
            return 0;
        case 'V':
            printf("xenconsoled (Xenith) %s\n", XENITH_VERSION);
            return 0;
        case 'v':
            xcd_opts.verbose = true;
            break;
        case 'i':
            xcd_opts.interactive = true;
            break;
        case 'l':
            opt = "--log";
            if (pick(optarg, &xcd_opts.log_guest, &xcd_opts.log_hv))
                goto bad;
            break;
        case 'r':
            xcd_opts.log_dir = optarg;
            break;
        case 'p':
            xcd_opts.pid_file = optarg;
            pid_given = true;
            break;
        case 't':
            opt = "--timestamp";
            if (pick(optarg, &xcd_opts.ts_guest, &xcd_opts.ts_hv))
                goto bad;
            break;
        case 'o':
            opt = "--overflow-data";
            if (!strcmp(optarg, "keep"))
                xcd_opts.discard = false;
            else if (!strcmp(optarg, "discard"))
                xcd_opts.discard = true;
            else
                goto bad;
            break;
        case 'e':
            xcd_opts.replace_escape = true;
            break;
        default:
            fprintf(stderr, "Try `%s --help' for more information\n", argv[0]);
            return 1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
                argv[optind]);
        return 1;
    }
    if (!xcd_opts.log_dir)
        xcd_opts.log_dir = XEN_LOG_DIR "/console";
    if (!pid_given && !xcd_opts.interactive)
        xcd_opts.pid_file = XEN_RUN_DIR "/xenconsoled.pid";
    if (geteuid()) {
        fprintf(stderr, "%s requires root to run.\n", argv[0]);
        return 1;
    }
    if ((xcd_opts.log_guest || xcd_opts.log_hv) &&
        mkdir(xcd_opts.log_dir, 0755) && errno != EEXIST) {
        fprintf(stderr, "%s: cannot create %s: %s\n", argv[0], xcd_opts.log_dir,
                strerror(errno));
        return 1;
    }

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    raise_fd_limit();
    openlog("xenconsoled", LOG_CONS | LOG_PID, LOG_DAEMON);

    if (!xcd_opts.interactive) {
        if (daemonize())
            return 1;
    } else if (xcd_opts.pid_file && write_pid_file(xcd_opts.pid_file)) {
        return 1;
    }
    rc = xcd_run();
    if (xcd_opts.pid_file)
        unlink(xcd_opts.pid_file);
    closelog();
    return rc;
bad:
    fprintf(stderr, "%s: %s=%s: not a value it takes; see --help\n", argv[0],
            opt, optarg);
    return 1;
}
