/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One guest's console: the shared ring (struct xencons_interface) mapped
 * through grant reference GNTTAB_RESERVED_CONSOLE, or by foreign mapping of
 * the frame in console/ring-ref when grant mapping fails; the event channel
 * in console/port bound here; a pty whose name goes into console/tty (what
 * `xl console` opens); output relayed ring -> buffer -> pty (and the log),
 * input pty -> ring.
 *
 * Rate limit (as Xen's): at most RATE_EVENTS ring events are handled per
 * RATE_PERIOD_MS; past that the port stays masked until the period ends,
 * so a guest flooding its console cannot take the daemon for itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>

#include "public/grant_table.h"
#include "public/io/console.h"
#include "xctl.h"
#include "xenconsoled.h"
#include "xenstore.h"

#define RATE_EVENTS    30
#define RATE_PERIOD_MS 200

struct console {
    struct console_env env;
    uint32_t domid;
    char *dompath; /* /local/domain/N */
    char *xspath;  /* /local/domain/N/console */

    volatile struct xencons_interface *intf;
    bool via_grant;
    long long ring_ref; /* the frame mapped; -1: none or the grant */

    struct xctl_evtchn *evtchn;
    int remote_port, local_port;
    unsigned events;      /* in this rate period */
    long long period_end; /* ms, CLOCK_MONOTONIC */

    int master_fd, slave_fd;
    struct outbuf out;
    struct logfile log;
    bool dead;
};

static inline void full_barrier(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static char *xs_get(struct console *c, const char *dir, const char *key)
{
    char path[256];
    unsigned len;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    return xs_read(c->env.xs, XBT_NULL, path, &len);
}

struct console *console_new(const struct console_env *env, uint32_t domid)
{
    struct console *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->env = *env;
    c->domid = domid;
    c->ring_ref = -1;
    c->remote_port = c->local_port = -1;
    c->master_fd = c->slave_fd = -1;
    c->out.discard = xcd_opts.discard;
    logfile_init(&c->log, xcd_opts.ts_guest, xcd_opts.replace_escape);
    c->dompath = xs_get_domain_path(env->xs, domid);
    if (!c->dompath || asprintf(&c->xspath, "%s/console", c->dompath) < 0) {
        free(c->dompath);
        free(c);
        return NULL;
    }
    return c;
}

uint32_t console_domid(const struct console *c)
{
    return c->domid;
}

const char *console_xspath(const struct console *c)
{
    return c->xspath;
}

bool console_is_dead(const struct console *c)
{
    return c->dead;
}

static void unmap_ring(struct console *c)
{
    if (!c->intf)
        return;
    if (c->via_grant)
        xctl_gnttab_unmap(c->env.gt, (void *)c->intf);
    else
        xctl_unmap((void *)c->intf, 1);
    c->intf = NULL;
    c->ring_ref = -1;
}

static void unbind_port(struct console *c)
{
    if (c->evtchn)
        xctl_evtchn_close(c->evtchn);
    c->evtchn = NULL;
    c->local_port = c->remote_port = -1;
}

static void close_tty(struct console *c)
{
    if (c->master_fd >= 0)
        close(c->master_fd);
    if (c->slave_fd >= 0)
        close(c->slave_fd);
    c->master_fd = c->slave_fd = -1;
}

/*
 * A pty for the console.  The slave stays open here as well, so the master
 * never reports a hang-up while no client is attached.
 */
static int open_tty(struct console *c)
{
    struct termios t;
    char path[256], *lim;
    const char *name;

    c->master_fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (c->master_fd < 0 || grantpt(c->master_fd) || unlockpt(c->master_fd))
        goto fail;
    name = ptsname(c->master_fd);
    if (!name)
        goto fail;
    c->slave_fd = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (c->slave_fd < 0 || tcgetattr(c->slave_fd, &t))
        goto fail;
    cfmakeraw(&t);
    if (tcsetattr(c->slave_fd, TCSANOW, &t))
        goto fail;
    if (fcntl(c->master_fd, F_SETFL, O_NONBLOCK))
        goto fail;

    lim = xs_get(c, c->xspath, "limit");
    if (lim) {
        c->out.max = strtoul(lim, NULL, 0);
        free(lim);
    }
    snprintf(path, sizeof(path), "%s/tty", c->xspath);
    if (!xs_write(c->env.xs, XBT_NULL, path, name, strlen(name)))
        goto fail;
    xcd_log(LOG_DEBUG, "domain %u: console on %s", c->domid, name);
    return 0;
fail : {
    int err = errno ? errno : EIO;
    xcd_log(LOG_ERR, "domain %u: cannot set up the console pty: %s", c->domid,
            strerror(err));
    close_tty(c);
    return -err;
}
}

static void open_log(struct console *c)
{
    char path[4096], *name;
    int rc;

    if (!xcd_opts.log_guest || c->log.fd >= 0)
        return;
    name = xs_get(c, c->dompath, "name");
    if (!name || !*name || strchr(name, '/')) {
        free(name);
        return;
    }
    snprintf(path, sizeof(path), "%s/guest-%s.log", xcd_opts.log_dir, name);
    free(name);
    rc = logfile_open(&c->log, path);
    if (rc)
        xcd_log(LOG_ERR, "domain %u: cannot open %s: %s", c->domid, path,
                strerror(-rc));
}

static void notify(struct console *c)
{
    if (c->evtchn && c->local_port >= 0)
        xctl_evtchn_notify(c->evtchn, (uint32_t)c->local_port);
}

/* Guest output: ring -> buffer (and the log). */
static void ring_to_buffer(struct console *c)
{
    volatile struct xencons_interface *in = c->intf;
    XENCONS_RING_IDX cons, prod, n, i;
    char tmp[sizeof(in->out)];

    if (!in || c->dead || !outbuf_accepts(&c->out))
        return;
    cons = in->out_cons;
    prod = in->out_prod;
    full_barrier();
    n = prod - cons;
    if (!n || n > sizeof(in->out))
        return; /* empty, or indices the guest broke: leave them */
    if (!c->out.discard && c->out.max &&
        n > c->out.max - outbuf_pending(&c->out))
        n = (XENCONS_RING_IDX)(c->out.max - outbuf_pending(&c->out));
    for (i = 0; i < n; i++)
        tmp[i] = in->out[MASK_XENCONS_IDX(cons + i, in->out)];
    full_barrier();
    in->out_cons = cons + n;
    notify(c);
    if (outbuf_append(&c->out, tmp, n)) {
        xcd_log(LOG_ERR, "domain %u: out of memory for console output",
                c->domid);
        return;
    }
    if (logfile_write(&c->log, tmp, n))
        xcd_log(LOG_ERR, "domain %u: writing %s failed", c->domid,
                c->log.path ? c->log.path : "the log");
}

/* Room in the guest's input ring. */
static size_t ring_in_space(struct console *c)
{
    XENCONS_RING_IDX used;

    if (!c->intf || c->dead)
        return 0;
    used = c->intf->in_prod - c->intf->in_cons;
    full_barrier();
    return used > sizeof(c->intf->in) ? 0 : sizeof(c->intf->in) - used;
}

static void reopen_tty(struct console *c)
{
    xcd_log(LOG_DEBUG, "domain %u: console pty broke; opening a new one",
            c->domid);
    close_tty(c);
    open_tty(c);
}

/* Guest input: pty -> ring. */
static void tty_to_ring(struct console *c)
{
    volatile struct xencons_interface *in = c->intf;
    size_t space = ring_in_space(c), i;
    char buf[sizeof(in->in)];
    XENCONS_RING_IDX prod;
    ssize_t n;

    if (!space)
        return;
    n = read(c->master_fd, buf, space);
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR)
            reopen_tty(c);
        return;
    }
    prod = in->in_prod;
    for (i = 0; i < (size_t)n; i++)
        in->in[MASK_XENCONS_IDX(prod + i, in->in)] = buf[i];
    full_barrier();
    in->in_prod = prod + (XENCONS_RING_IDX)n;
    notify(c);
}

static void buffer_to_tty(struct console *c)
{
    ssize_t n =
        write(c->master_fd, outbuf_head(&c->out), outbuf_pending(&c->out));

    if (n > 0)
        outbuf_consume(&c->out, (size_t)n);
    else if (n < 0 && errno != EAGAIN && errno != EINTR)
        reopen_tty(c);
}

static int map_ring(struct console *c, long long ring_ref)
{
    xen_pfn_t pfn = (xen_pfn_t)ring_ref;
    void *p;

    /* A new frame (the guest rebooted in place, or was restored). */
    if (c->intf && !c->via_grant && ring_ref != c->ring_ref)
        unmap_ring(c);
    if (c->intf)
        return 0;
    if (c->env.gt) {
        p = xctl_gnttab_map(c->env.gt, c->domid, GNTTAB_RESERVED_CONSOLE,
                            PROT_READ | PROT_WRITE);
        if (p) {
            c->intf = p;
            c->via_grant = true;
            return 0;
        }
        xcd_log(LOG_DEBUG,
                "domain %u: grant %u not mapped (%s); mapping frame %#llx",
                c->domid, GNTTAB_RESERVED_CONSOLE, strerror(errno),
                (unsigned long long)ring_ref);
    }
    p = xctl_map_foreign(c->env.xc, c->domid, PROT_READ | PROT_WRITE, &pfn,
                         NULL, 1);
    if (!p) {
        int err = errno;
        xcd_log(LOG_ERR, "domain %u: cannot map console frame %#llx: %s",
                c->domid, (unsigned long long)ring_ref, strerror(err));
        return -err;
    }
    c->intf = p;
    c->via_grant = false;
    c->ring_ref = ring_ref;
    return 0;
}

static int bind_port(struct console *c, int remote_port)
{
    int rc;

    if (c->evtchn && remote_port == c->remote_port)
        return 0;
    unbind_port(c);
    c->evtchn = xctl_evtchn_open();
    if (!c->evtchn) {
        rc = -errno;
        xcd_log(LOG_ERR, "cannot open /dev/xen/evtchn: %s", strerror(-rc));
        return rc;
    }
    rc = xctl_evtchn_bind_interdomain(c->evtchn, c->domid,
                                      (uint32_t)remote_port);
    if (rc < 0) {
        xcd_log(LOG_ERR, "domain %u: cannot bind console port %d: %s", c->domid,
                remote_port, strerror(-rc));
        unbind_port(c);
        return rc;
    }
    c->local_port = rc;
    c->remote_port = remote_port;
    return 0;
}

int console_setup(struct console *c)
{
    char *ref = NULL, *port = NULL, *type = NULL, *end;
    long long ring_ref;
    long remote_port;
    int rc = -ENOENT;

    if (c->dead)
        return 0;
    ref = xs_get(c, c->xspath, "ring-ref");
    port = xs_get(c, c->xspath, "port");
    if (!ref || !port)
        goto out; /* not written yet: the watch fires again */
    type = xs_get(c, c->xspath, "type");
    if (type && strcmp(type, "xenconsoled")) {
        rc = 0; /* another backend's console (a device model's) */
        goto out;
    }
    ring_ref = strtoll(ref, &end, 0);
    remote_port = strtol(port, &end, 0);
    if (ring_ref < 0 || remote_port < 0 || *end) {
        rc = -EINVAL;
        goto out;
    }
    rc = map_ring(c, ring_ref);
    if (!rc)
        rc = bind_port(c, (int)remote_port);
    if (!rc && c->master_fd < 0)
        rc = open_tty(c);
    if (rc)
        goto out;
    open_log(c);
    /* What the guest wrote before the port was bound. */
    ring_to_buffer(c);
out:
    free(ref);
    free(port);
    free(type);
    return rc;
}

int console_pollfds(struct console *c, struct pollfd *pfd, long long now_ms,
                    long long *wake_ms)
{
    pfd[0].fd = pfd[1].fd = -1;
    pfd[0].events = pfd[1].events = 0;
    pfd[0].revents = pfd[1].revents = 0;
    if (c->dead)
        return 2;
    if (c->evtchn) {
        if (now_ms >= c->period_end) {
            if (c->events >= RATE_EVENTS)
                xctl_evtchn_unmask(c->evtchn, (uint32_t)c->local_port);
            c->events = 0;
            c->period_end = now_ms + RATE_PERIOD_MS;
        }
        if (c->events >= RATE_EVENTS) {
            if (*wake_ms < 0 || c->period_end < *wake_ms)
                *wake_ms = c->period_end;
        } else if (outbuf_accepts(&c->out)) {
            pfd[0].fd = xctl_evtchn_fd(c->evtchn);
            pfd[0].events = POLLIN;
        }
    }
    if (c->master_fd >= 0) {
        if (ring_in_space(c))
            pfd[1].events |= POLLIN;
        if (outbuf_pending(&c->out))
            pfd[1].events |= POLLOUT;
        if (pfd[1].events)
            pfd[1].fd = c->master_fd;
    }
    return 2;
}

void console_handle(struct console *c, const struct pollfd *pfd,
                    long long now_ms)
{
    int port;

    if (c->dead)
        return;
    if (pfd[0].fd >= 0 && (pfd[0].revents & POLLIN)) {
        while ((port = xctl_evtchn_pending(c->evtchn)) >= 0) {
            if (port != c->local_port)
                continue;
            c->events++;
            ring_to_buffer(c);
            if (c->events < RATE_EVENTS)
                xctl_evtchn_unmask(c->evtchn, (uint32_t)port);
        }
    }
    if (pfd[1].fd >= 0) {
        if (pfd[1].revents & (POLLERR | POLLHUP | POLLNVAL)) {
            reopen_tty(c);
            return;
        }
        if (pfd[1].revents & POLLIN)
            tty_to_ring(c);
        if (pfd[1].revents & POLLOUT) {
            buffer_to_tty(c);
            /* Output held back by the limit can move now. */
            ring_to_buffer(c);
        }
    }
    (void)now_ms;
}

void console_shutdown(struct console *c)
{
    /* The last lines a guest writes before it dies (its shutdown
     * messages) are still in the ring, which stays mapped until here. */
    if (!c->dead)
        ring_to_buffer(c);
    c->dead = true;
    unmap_ring(c);
    unbind_port(c);
}

void console_reopen_log(struct console *c)
{
    int rc = logfile_reopen(&c->log);

    if (rc)
        xcd_log(LOG_ERR, "domain %u: cannot reopen its log: %s", c->domid,
                strerror(-rc));
}

void console_free(struct console *c)
{
    if (!c)
        return;
    console_shutdown(c);
    close_tty(c);
    logfile_close(&c->log);
    outbuf_free(&c->out);
    free(c->xspath);
    free(c->dompath);
    free(c);
}
