/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ring.c - the shared-ring transport (Linux /dev/xen devices).
 *
 * Each introduced domain has a struct ring: the mapped store page and
 * the local port of the bound event channel.  Requests are read from the
 * req ring and replies written to the rsp ring; the peer is notified
 * after every pass of the main loop that moved data.  A domain that
 * corrupts its ring indexes gets XENSTORE_ERROR_RINGIDX in the page's
 * error field and is no longer served.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/grant_table.h>

#include "conn.h"
#include "domain.h"
#include "dominfo.h"
#include "log.h"
#include "ring.h"
#include "util.h"

/* Linux evtchn, gntdev, privcmd and xenbus_backend ioctl structures. */
struct evtchn_bind_interdomain {
    unsigned int remote_domain, remote_port;
};
struct evtchn_port_arg {
    unsigned int port;
};
struct gntdev_grant_ref {
    uint32_t domid, ref;
};
struct gntdev_map {
    uint32_t count, pad;
    uint64_t index;
    struct gntdev_grant_ref refs[1];
};
struct gntdev_unmap {
    uint64_t index;
    uint32_t count, pad;
};
struct privcmd_mmapbatch_v2 {
    unsigned int num;
    uint16_t dom;
    uint64_t addr;
    const uint64_t *arr;
    int *err;
};

#define EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct evtchn_bind_interdomain))
struct evtchn_bind_virq {
    unsigned int virq;
};
#define EVTCHN_BIND_VIRQ \
    _IOC(_IOC_NONE, 'E', 0, sizeof(struct evtchn_bind_virq))
#define VIRQ_DOM_EXC  3
#define EVTCHN_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(struct evtchn_port_arg))
#define EVTCHN_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct evtchn_port_arg))
#define GNTDEV_MAP    _IOC(_IOC_NONE, 'G', 0, sizeof(struct gntdev_map))
#define GNTDEV_UNMAP  _IOC(_IOC_NONE, 'G', 1, sizeof(struct gntdev_unmap))
#define PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))
#define XENBUS_BACKEND_EVTCHN _IOC(_IOC_NONE, 'B', 0, 0)

#define PAGE 4096

enum map_kind { MAP_GNTDEV, MAP_PRIVCMD, MAP_XENBUS };

struct ring {
    struct xenstore_domain_interface *intf;
    enum map_kind kind;
    uint64_t gnt_index;
    uint32_t local_port;
    bool kick;
};

static int evtchn_fd = -1;
static int virq_port = -1;

int ring_init(void)
{
    struct evtchn_bind_virq v = { VIRQ_DOM_EXC };

    evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (evtchn_fd < 0)
        return -1;
    /* Only one process may bind it: without it, dead domains need RELEASE. */
    virq_port = ioctl(evtchn_fd, EVTCHN_BIND_VIRQ, &v);
    if (virq_port < 0)
        log_warn("cannot bind VIRQ_DOM_EXC (%m): domains that die are "
                 "noticed only on RELEASE");
    return 0;
}

int ring_evtchn_fd(void)
{
    return evtchn_fd;
}

static void ring_fail(struct conn *c, uint32_t code)
{
    struct ring *r = c->tpdata;

    r->intf->error = code;
    r->kick = true;
    log_warn("domain %u: ring error %u; no longer served", c->dom->domid, code);
    c->dead = true;
}

/*
 * Everything the peer has produced, up to len bytes, across the ring's
 * wrap: a short count means the ring is empty (the connection then
 * waits for the next event), so it must never stop at the wrap point.
 */
static ssize_t ring_read(struct conn *c, void *buf, size_t len)
{
    struct ring *r = c->tpdata;
    volatile struct xenstore_domain_interface *in = r->intf;
    XENSTORE_RING_IDX cons = in->req_cons, prod = in->req_prod;
    size_t avail, done = 0;

    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    avail = (XENSTORE_RING_IDX)(prod - cons);
    if (avail > XENSTORE_RING_SIZE) {
        ring_fail(c, XENSTORE_ERROR_RINGIDX);
        return -1;
    }
    if (avail > len)
        avail = len;
    while (done < avail) {
        size_t off = MASK_XENSTORE_IDX(cons + (XENSTORE_RING_IDX)done);
        size_t n = avail - done;

        if (n > XENSTORE_RING_SIZE - off)
            n = XENSTORE_RING_SIZE - off;
        memcpy((char *)buf + done, (const char *)in->req + off, n);
        done += n;
    }
    if (done == 0)
        return 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    in->req_cons = cons + (XENSTORE_RING_IDX)done;
    r->kick = true;
    return (ssize_t)done;
}

static ssize_t ring_write(struct conn *c, const void *buf, size_t len)
{
    struct ring *r = c->tpdata;
    volatile struct xenstore_domain_interface *in = r->intf;
    XENSTORE_RING_IDX cons = in->rsp_cons, prod = in->rsp_prod;
    size_t used, off, n;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    used = (XENSTORE_RING_IDX)(prod - cons);
    if (used > XENSTORE_RING_SIZE) {
        ring_fail(c, XENSTORE_ERROR_RINGIDX);
        return -1;
    }
    off = MASK_XENSTORE_IDX(prod);
    n = XENSTORE_RING_SIZE - used;
    n = n < XENSTORE_RING_SIZE - off ? n : XENSTORE_RING_SIZE - off;
    n = n < len ? n : len;
    if (n == 0)
        return 0;
    memcpy((char *)in->rsp + off, buf, n);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    in->rsp_prod = prod + (XENSTORE_RING_IDX)n;
    r->kick = true;
    return (ssize_t)n;
}

static int gntdev_fd = -1;

static void unmap(struct ring *r)
{
    struct gntdev_unmap um = { .index = r->gnt_index, .count = 1 };

    munmap(r->intf, PAGE);
    if (r->kind == MAP_GNTDEV)
        ioctl(gntdev_fd, GNTDEV_UNMAP, &um);
}

static void ring_destroy(struct conn *c)
{
    struct ring *r = c->tpdata;
    struct evtchn_port_arg p;

    if (!r)
        return; /* Handed over to a new connection (reconnect). */
    p.port = r->local_port;
    ioctl(evtchn_fd, EVTCHN_UNBIND, &p);
    unmap(r);
    if (c->dom->conn == c)
        c->dom->conn = NULL;
    free(r);
}

static const struct conn_transport ring_tp = {
    .kind = "ring",
    .read = ring_read,
    .write = ring_write,
    .destroy = ring_destroy,
};

/* Map the store page by its reserved grant reference. */
static void *map_grant(uint32_t domid, struct ring *r)
{
    struct gntdev_map m = { .count = 1 };
    void *p;

    if (gntdev_fd < 0)
        gntdev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    if (gntdev_fd < 0)
        return NULL;
    m.refs[0].domid = domid;
    m.refs[0].ref = GNTTAB_RESERVED_XENSTORE;
    if (ioctl(gntdev_fd, GNTDEV_MAP, &m) < 0)
        return NULL;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gntdev_fd,
             (off_t)m.index);
    if (p == MAP_FAILED) {
        struct gntdev_unmap um = { .index = m.index, .count = 1 };

        ioctl(gntdev_fd, GNTDEV_UNMAP, &um);
        return NULL;
    }
    r->kind = MAP_GNTDEV;
    r->gnt_index = m.index;
    return p;
}

/* Map the store page by frame number (privileged foreign mapping). */
static void *map_foreign(uint32_t domid, unsigned long mfn, struct ring *r)
{
    int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC), err = 0;
    uint64_t frame = mfn;
    struct privcmd_mmapbatch_v2 b = {
        .num = 1, .dom = (uint16_t)domid, .arr = &frame, .err = &err
    };
    void *p;

    if (fd < 0)
        return NULL;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p != MAP_FAILED) {
        b.addr = (uint64_t)(uintptr_t)p;
        if (ioctl(fd, PRIVCMD_MMAPBATCH_V2, &b) < 0 || err) {
            munmap(p, PAGE);
            p = MAP_FAILED;
        }
    }
    close(fd);
    r->kind = MAP_PRIVCMD;
    return p == MAP_FAILED ? NULL : p;
}

/* Bind the event channel and start serving the mapped ring. */
static int attach(struct domain *d, struct ring *r, uint32_t remote_port)
{
    struct evtchn_bind_interdomain b = { d->domid, remote_port };
    int port = ioctl(evtchn_fd, EVTCHN_BIND_INTERDOMAIN, &b);

    if (port < 0) {
        int err = errno;

        unmap(r);
        free(r);
        return err;
    }
    r->local_port = (uint32_t)port;
    r->intf->server_features =
        XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR;
    r->intf->error = XENSTORE_ERROR_NONE;
    d->conn = conn_new(&ring_tp, -1, r, d->domid);
    d->remote_port = remote_port;
    d->introduced = true;
    r->kick = true;
    return 0;
}

int ring_attach(struct domain *d, unsigned long mfn, uint32_t port)
{
    struct ring *r;

    if (evtchn_fd < 0)
        return ENODEV;
    r = xzalloc(sizeof(*r));
    r->intf = map_grant(d->domid, r);
    if (!r->intf)
        r->intf = map_foreign(d->domid, mfn, r);
    if (!r->intf) {
        int err = errno ? errno : EIO;

        free(r);
        log_warn("domain %u: cannot map store page: %s", d->domid,
                 strerror(err));
        return err;
    }
    d->mfn = mfn;
    return attach(d, r, port);
}

/* Dom0's event channel port: /proc/xen/xsd_port or the backend ioctl. */
static int dom0_port(void)
{
    char buf[24];
    unsigned long v;
    int fd = open("/proc/xen/xsd_port", O_RDONLY | O_CLOEXEC), n = -1;

    if (fd >= 0) {
        n = (int)read(fd, buf, sizeof(buf) - 1);
        close(fd);
    }
    if (n > 0) {
        buf[n] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        if (parse_uint(buf, UINT32_MAX, &v))
            return (int)v;
    }
    fd = open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = ioctl(fd, XENBUS_BACKEND_EVTCHN, 0);
    close(fd);
    return n;
}

int ring_attach_dom0(void)
{
    static const char *const pages[] = { "/dev/xen/xenbus_backend",
                                         "/proc/xen/xsd_kva" };
    struct domain *d = domain_get(0);
    int port = dom0_port();
    struct ring *r;

    if (port <= 0 || evtchn_fd < 0)
        return ENODEV;
    r = xzalloc(sizeof(*r));
    r->kind = MAP_XENBUS;
    for (size_t i = 0; i < ARRAY_SIZE(pages) && !r->intf; i++) {
        int fd = open(pages[i], O_RDWR | O_CLOEXEC);
        void *p;

        if (fd < 0)
            continue;
        p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);
        if (p != MAP_FAILED)
            r->intf = p;
    }
    if (!r->intf) {
        free(r);
        return ENODEV;
    }
    log_info("dom0 ring on local event channel %d", port);
    return attach(d, r, (uint32_t)port);
}

/* A guest asked to reconnect: forget its state and reset the ring. */
static void reconnect(struct conn *c)
{
    struct ring *r = c->tpdata;
    struct domain *d = c->dom;

    c->dead = true;
    c->tpdata = NULL;
    r->intf->req_cons = r->intf->req_prod = 0;
    r->intf->rsp_cons = r->intf->rsp_prod = 0;
    r->intf->connection = XENSTORE_CONNECTED;
    r->kick = true;
    d->conn = conn_new(&ring_tp, -1, r, d->domid);
}

void ring_handle_events(void)
{
    uint32_t ports[64];
    ssize_t n = read(evtchn_fd, ports, sizeof(ports));

    /* Unmask what fired; every ring is looked at below anyway. */
    if (n > 0 && write(evtchn_fd, ports, (size_t)n) < 0)
        log_warn("evtchn unmask: %m");
    for (ssize_t i = 0; i < n / (ssize_t)sizeof(ports[0]); i++)
        if (virq_port >= 0 && ports[i] == (uint32_t)virq_port)
            domains_check();
    for (struct conn *c = conn_list; c; c = c->next) {
        struct ring *r = c->tpdata;

        if (c->tp != &ring_tp || c->dead)
            continue;
        if (r->intf->connection == XENSTORE_RECONNECT) {
            reconnect(c);
            continue;
        }
        conn_handle_input(c);
    }
}

void ring_kick_all(void)
{
    for (struct conn *c = conn_list; c; c = c->next) {
        struct ring *r = c->tpdata;
        struct evtchn_port_arg p;

        if (c->tp != &ring_tp || !r || !r->kick)
            continue;
        /* Input may have been held back while replies were queued. */
        if (!c->dead)
            conn_handle_input(c);
        if (!c->dead)
            conn_flush(c);
        r->kick = false;
        p.port = r->local_port;
        ioctl(evtchn_fd, EVTCHN_NOTIFY, &p);
    }
}
