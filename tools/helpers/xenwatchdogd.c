/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenwatchdogd: arms a hypervisor watchdog for domain 0 and keeps
 * resetting it (see man/xenwatchdogd.8).
 *
 *   xenwatchdogd [-F] TIMEOUT [INTERVAL]
 *
 * SCHEDOP_watchdog with id 0 creates a watchdog that shuts domain 0 down
 * (reason "watchdog") unless it is set again within TIMEOUT seconds; the
 * daemon sets it every INTERVAL seconds (default TIMEOUT / 2).  SIGTERM
 * and SIGINT disarm it (timeout 0) and exit; SIGUSR1 exits leaving it
 * armed, so that a stuck shutdown still ends in the watchdog's reboot.
 * Without -F the daemon forks into the background once the watchdog is
 * armed, as Xen's xenwatchdogd does.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "public/sched.h"
#include "public/xen.h"
#include "xctl.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static long watchdog_op(struct xctl *xc, sched_watchdog_t *buf, uint32_t id,
                        uint32_t timeout)
{
    buf->id = id;
    buf->timeout = timeout;
    return xctl_hypercall(xc, __HYPERVISOR_sched_op, SCHEDOP_watchdog,
                          (uint64_t)(uintptr_t)buf, 0, 0, 0);
}

static int parse_seconds(const char *s, unsigned long *out)
{
    char *end;

    errno = 0;
    *out = strtoul(s, &end, 10);
    return errno || end == s || *end || *out == 0 || *out > 86400 ? -1 : 0;
}

static void usage(FILE *f, const char *prog)
{
    fprintf(f, "usage: %s [-F] TIMEOUT [INTERVAL]\n", prog);
}

int main(int argc, char **argv)
{
    unsigned long timeout, interval;
    struct sigaction sa = { .sa_handler = on_signal };
    sched_watchdog_t *buf;
    struct xctl *xc;
    int foreground = 0, opt;
    uint32_t id;
    long rc;

    while ((opt = getopt(argc, argv, "Fh")) != -1) {
        switch (opt) {
        case 'F':
            foreground = 1;
            break;
        case 'h':
            usage(stdout, argv[0]);
            return 0;
        default:
            usage(stderr, argv[0]);
            return 2;
        }
    }
    if (optind >= argc || argc - optind > 2 ||
        parse_seconds(argv[optind], &timeout)) {
        usage(stderr, argv[0]);
        return 2;
    }
    interval = timeout / 2 ? timeout / 2 : 1;
    if (argc - optind == 2 &&
        (parse_seconds(argv[optind + 1], &interval) || interval >= timeout)) {
        fprintf(stderr, "%s: INTERVAL must be between 1 and TIMEOUT - 1\n",
                argv[0]);
        return 2;
    }

    openlog("xenwatchdogd", LOG_PID, LOG_DAEMON);
    xc = xctl_open();
    if (!xc) {
        fprintf(stderr, "%s: cannot open the hypercall interface: %s\n",
                argv[0], strerror(errno));
        return 1;
    }
    buf = xctl_buffer_alloc(xc, sizeof(*buf));
    if (!buf) {
        fprintf(stderr, "%s: cannot allocate a hypercall buffer: %s\n", argv[0],
                strerror(errno));
        return 1;
    }
    rc = watchdog_op(xc, buf, 0, (uint32_t)timeout);
    if (rc <= 0) {
        fprintf(stderr, "%s: cannot arm the watchdog: %s\n", argv[0],
                strerror(rc < 0 ? errno : EIO));
        return 1;
    }
    id = (uint32_t)rc;

    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    if (!foreground) {
        if (daemon(0, 0) < 0) {
            fprintf(stderr, "%s: cannot go into the background: %s\n", argv[0],
                    strerror(errno));
            watchdog_op(xc, buf, id, 0);
            return 1;
        }
        /* Hypercall buffers are kept out of children: the child opens the
         * interface again for buffers of its own. */
        xctl_close(xc);
        xc = xctl_open();
        buf = xc ? xctl_buffer_alloc(xc, sizeof(*buf)) : NULL;
        if (!buf) {
            syslog(LOG_ERR,
                   "cannot reopen the hypercall interface: %m; "
                   "watchdog %u stays armed",
                   id);
            return 1;
        }
    }
    syslog(LOG_INFO, "watchdog %u armed: timeout %lus, reset every %lus", id,
           timeout, interval);

    while (!stop_signal) {
        sleep((unsigned)interval);
        if (stop_signal)
            break;
        if (watchdog_op(xc, buf, id, (uint32_t)timeout) < 0)
            syslog(LOG_ERR, "cannot reset watchdog %u: %m", id);
    }
    if (stop_signal == SIGUSR1) {
        syslog(LOG_NOTICE, "exiting with watchdog %u still armed (%lus)", id,
               timeout);
    } else if (watchdog_op(xc, buf, id, 0) < 0) {
        syslog(LOG_ERR, "cannot disarm watchdog %u: %m", id);
        return 1;
    } else {
        syslog(LOG_INFO, "watchdog %u disarmed", id);
    }
    xctl_buffer_free(xc, buf, sizeof(*buf));
    xctl_close(xc);
    return 0;
}
