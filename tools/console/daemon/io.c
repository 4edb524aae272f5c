/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsoled's loop: the domain list kept in step with the hypervisor's
 * (enumerated at start and whenever xenstore fires @introduceDomain or
 * @releaseDomain), a watch on each domain's console directory, the
 * hypervisor's log (VIRQ_CON_RING, sysctl readconsole) when asked, and
 * poll() over every descriptor.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "xctl.h"
#include "xenconsoled.h"
#include "xenstore.h"

#define MAX_DOMAINS 4096

static struct console_env env;
static struct console **cons;
static unsigned nr_cons, cap_cons;

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct console *find_console(uint32_t domid)
{
    unsigned i;

    for (i = 0; i < nr_cons; i++)
        if (console_domid(cons[i]) == domid)
            return cons[i];
    return NULL;
}

static void watch_token(char *buf, size_t len, uint32_t domid)
{
    snprintf(buf, len, "dom%u", domid);
}

static void add_console(uint32_t domid)
{
    struct console *c;
    char tok[16];

    if (nr_cons == cap_cons) {
        unsigned cap = cap_cons ? 2 * cap_cons : 16;
        struct console **n = realloc(cons, cap * sizeof(*n));

        if (!n)
            return;
        cons = n;
        cap_cons = cap;
    }
    c = console_new(&env, domid);
    if (!c) {
        xcd_log(LOG_ERR, "domain %u: cannot track its console: %s", domid,
                strerror(errno));
        return;
    }
    watch_token(tok, sizeof(tok), domid);
    /* The watch fires once at once, which sets the console up. */
    if (!xs_watch(env.xs, console_xspath(c), tok)) {
        xcd_log(LOG_ERR, "domain %u: cannot watch %s: %s", domid,
                console_xspath(c), strerror(errno));
        console_free(c);
        return;
    }
    cons[nr_cons++] = c;
    xcd_log(LOG_DEBUG, "domain %u: new", domid);
}

static void remove_console(unsigned i)
{
    struct console *c = cons[i];
    char tok[16];

    watch_token(tok, sizeof(tok), console_domid(c));
    xs_unwatch(env.xs, console_xspath(c), tok);
    if (!console_is_dead(c))
        console_shutdown(c); /* keeps what is left in the ring */
    xcd_log(LOG_DEBUG, "domain %u: gone", console_domid(c));
    console_free(c);
    cons[i] = cons[--nr_cons];
}

/* Brings the console list in step with the hypervisor's domains. */
static void enum_domains(void)
{
    static struct xen_domctl_getdomaininfo info[64];
    static uint8_t seen[MAX_DOMAINS];
    uint32_t next = 1;
    unsigned i;
    int n;

    memset(seen, 0, sizeof(seen));
    for (;;) {
        n = xctl_domain_getinfolist(env.xc, next, 64, info);
        if (n < 0) {
            xcd_log(LOG_ERR, "cannot list domains: %s", strerror(-n));
            return;
        }
        for (i = 0; i < (unsigned)n; i++) {
            uint32_t d = info[i].domain;
            struct console *c = find_console(d);

            if (d >= MAX_DOMAINS)
                continue;
            if (info[i].flags & XEN_DOMINF_dying) {
                if (c && !console_is_dead(c))
                    console_shutdown(c);
                continue;
            }
            seen[d] = 1;
            if (!c)
                add_console(d);
        }
        if (n < 64)
            break;
        next = info[n - 1].domain + 1;
    }
    for (i = 0; i < nr_cons;) {
        uint32_t d = console_domid(cons[i]);

        if (d < MAX_DOMAINS && !seen[d])
            remove_console(i);
        else
            i++;
    }
}

static void handle_xs(void)
{
    char **v;
    unsigned domid;
    struct console *c;

    while ((v = xs_check_watch(env.xs))) {
        if (!strcmp(v[XS_WATCH_TOKEN], "domlist"))
            enum_domains();
        else if (sscanf(v[XS_WATCH_TOKEN], "dom%u", &domid) == 1 &&
                 (c = find_console(domid)))
            console_setup(c);
        free(v);
    }
}

/* ---- the hypervisor's log --------------------------------------------- */

static struct logfile hv_log;
static struct xctl_evtchn *hv_evtchn;
static uint32_t hv_index;

static void read_hv_log(void)
{
    enum { CHUNK = 16384 };
    static char *buf;
    struct xen_sysctl s;
    int rc;

    if (!buf && !(buf = xctl_buffer_alloc(env.xc, CHUNK))) {
        xcd_log(LOG_ERR, "no hypercall buffer for the hypervisor log");
        return;
    }
    do {
        memset(&s, 0, sizeof(s));
        s.cmd = XEN_SYSCTL_readconsole;
        s.u.readconsole.incremental = 1;
        s.u.readconsole.index = hv_index;
        s.u.readconsole.count = CHUNK;
        set_xen_guest_handle(s.u.readconsole.buffer, buf);
        rc = xctl_sysctl(env.xc, &s);
        if (rc) {
            xcd_log(LOG_ERR, "cannot read the hypervisor's log: %s",
                    strerror(-rc));
            return;
        }
        hv_index = s.u.readconsole.index;
        if (logfile_write(&hv_log, buf, s.u.readconsole.count))
            xcd_log(LOG_ERR, "writing %s failed", hv_log.path);
    } while (s.u.readconsole.count == CHUNK);
}

static int open_hv_log(void)
{
    char path[4096];
    int rc;

    logfile_init(&hv_log, xcd_opts.ts_hv, xcd_opts.replace_escape);
    snprintf(path, sizeof(path), "%s/hypervisor.log", xcd_opts.log_dir);
    rc = logfile_open(&hv_log, path);
    if (rc) {
        xcd_log(LOG_ERR, "cannot open %s: %s", path, strerror(-rc));
        return rc;
    }
    hv_evtchn = xctl_evtchn_open();
    if (!hv_evtchn) {
        xcd_log(LOG_ERR, "cannot open /dev/xen/evtchn: %s", strerror(errno));
        return -errno;
    }
    rc = xctl_evtchn_bind_virq(hv_evtchn, VIRQ_CON_RING);
    if (rc < 0) {
        xcd_log(LOG_ERR, "cannot bind VIRQ_CON_RING: %s", strerror(-rc));
        return rc;
    }
    read_hv_log(); /* what the hypervisor said before we started */
    return 0;
}

static void handle_hv_event(void)
{
    int port;

    while ((port = xctl_evtchn_pending(hv_evtchn)) >= 0) {
        read_hv_log();
        xctl_evtchn_unmask(hv_evtchn, (uint32_t)port);
    }
}

/* ---- the loop ----------------------------------------------------------- */

static void reopen_logs(void)
{
    unsigned i;

    for (i = 0; i < nr_cons; i++)
        console_reopen_log(cons[i]);
    if (hv_log.path && logfile_reopen(&hv_log))
        xcd_log(LOG_ERR, "cannot reopen %s", hv_log.path);
}

static void teardown(void)
{
    while (nr_cons)
        remove_console(nr_cons - 1);
    free(cons);
    cons = NULL;
    cap_cons = 0;
    logfile_close(&hv_log);
    xctl_evtchn_close(hv_evtchn);
    xctl_gnttab_close(env.gt);
    xctl_close(env.xc);
    xs_close(env.xs);
}

int xcd_run(void)
{
    struct pollfd *pfd = NULL;
    size_t cap = 0;
    int rc = 1;

    env.xs = xs_open(0);
    if (!env.xs) {
        xcd_log(LOG_ERR, "cannot connect to xenstored: %s; is it running?",
                strerror(errno));
        return 1;
    }
    env.xc = xctl_open();
    if (!env.xc) {
        xcd_log(LOG_ERR, "cannot open /dev/xen/privcmd: %s", strerror(errno));
        goto out;
    }
    env.gt = xctl_gnttab_open();
    if (!env.gt)
        xcd_log(LOG_DEBUG, "no /dev/xen/gntdev (%s): rings by foreign mapping",
                strerror(errno));
    if (xcd_opts.log_hv && open_hv_log())
        goto out;
    if (!xs_watch(env.xs, "@introduceDomain", "domlist") ||
        !xs_watch(env.xs, "@releaseDomain", "domlist")) {
        xcd_log(LOG_ERR, "cannot watch the domain list: %s", strerror(errno));
        goto out;
    }
    enum_domains();

    while (!xcd_stop) {
        long long now = now_ms(), wake = -1;
        size_t need = 2 + 2 * (size_t)nr_cons, n = 0, i;
        int r;

        if (xcd_reopen_logs) {
            xcd_reopen_logs = 0;
            reopen_logs();
        }
        if (need > cap) {
            struct pollfd *p = realloc(pfd, need * sizeof(*p));

            if (!p) {
                xcd_log(LOG_ERR, "out of memory");
                goto out;
            }
            pfd = p;
            cap = need;
        }
        pfd[n].fd = xs_fileno(env.xs);
        pfd[n++].events = POLLIN;
        pfd[n].fd = hv_evtchn ? xctl_evtchn_fd(hv_evtchn) : -1;
        pfd[n++].events = POLLIN;
        for (i = 0; i < nr_cons; i++)
            n += (size_t)console_pollfds(cons[i], &pfd[n], now, &wake);
        r = poll(pfd, n,
                 wake < 0 ? -1 : (int)(wake - now > 0 ? wake - now : 1));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            xcd_log(LOG_ERR, "poll failed: %s", strerror(errno));
            goto out;
        }
        now = now_ms();
        /* Consoles first: the xenstore handling below may remove some. */
        for (i = 0; i < nr_cons; i++)
            console_handle(cons[i], &pfd[2 + 2 * i], now);
        if (pfd[1].fd >= 0 && (pfd[1].revents & POLLIN))
            handle_hv_event();
        if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
            xcd_log(LOG_ERR, "lost the connection to xenstored");
            goto out;
        }
        if (pfd[0].revents & POLLIN)
            handle_xs();
    }
    rc = 0;
    xcd_log(LOG_INFO, "stopping");
out:
    free(pfd);
    teardown();
    return rc;
}
