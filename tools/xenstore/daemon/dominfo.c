/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dominfo.c - domain state from the hypervisor (Xen 4.17's domctl
 * interface, version 0x15) and the reaction to VIRQ_DOM_EXC.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/ioctl.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conn.h"
#include "domain.h"
#include "dominfo.h"
#include "log.h"
#include "watch.h"

#define HYPERVISOR_domctl        36
#define XEN_DOMCTL_INTERFACE     0x15
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMINF_dying         (1u << 0)
#define XEN_DOMINF_shutdown      (1u << 2)

/* The leading fields of struct xen_domctl and its getdomaininfo member. */
struct domctl {
    uint32_t cmd;
    uint32_t interface_version;
    uint16_t domain;
    uint16_t pad[3];
    union {
        struct {
            uint16_t domain; /* OUT: the domain described */
            uint16_t pad;
            uint32_t flags; /* XEN_DOMINF_* */
        } info;
        uint8_t raw[128];
    } u;
};
_Static_assert(offsetof(struct domctl, u) == 16, "domctl union offset");
_Static_assert(sizeof(struct domctl) == 144, "domctl size");

struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
#define PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

static int privcmd_fd = -1;
static struct domctl *buf; /* Locked: Xen reads and writes it directly. */

static int setup(void)
{
    void *p;

    if (privcmd_fd >= 0)
        return 0;
    privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (privcmd_fd < 0)
        return errno;
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p == MAP_FAILED || mlock(p, 4096) < 0) {
        close(privcmd_fd);
        privcmd_fd = -1;
        return ENOMEM;
    }
    buf = p;
    return 0;
}

int dominfo_get(uint32_t domid, struct dominfo *out)
{
    struct privcmd_hypercall hc = { .op = HYPERVISOR_domctl };
    int err = setup();

    if (err)
        return err;
    memset(buf, 0, sizeof(*buf));
    buf->cmd = XEN_DOMCTL_getdomaininfo;
    buf->interface_version = XEN_DOMCTL_INTERFACE;
    buf->domain = (uint16_t)domid;
    hc.arg[0] = (uint64_t)(uintptr_t)buf;
    memset(out, 0, sizeof(*out));
    if (ioctl(privcmd_fd, PRIVCMD_HYPERCALL, &hc) < 0)
        return errno == ESRCH ? 0 : errno;
    /* Xen describes the first domain at or above the one asked for. */
    if (buf->u.info.domain != domid)
        return 0;
    out->exists = true;
    out->dying = buf->u.info.flags & XEN_DOMINF_dying;
    out->shutdown = buf->u.info.flags & XEN_DOMINF_shutdown;
    return 0;
}

static void check_one(struct domain *d, bool *fire)
{
    struct dominfo info;
    int err = dominfo_get(d->domid, &info);

    if (err) {
        log_warn("cannot ask Xen about domain %u: %s", d->domid, strerror(err));
        return;
    }
    if (!info.exists || info.dying) {
        log_info("domain %u is gone", d->domid);
        d->introduced = false;
        d->has_target = false;
        if (d->conn)
            d->conn->dead = true;
        *fire = true;
    } else if (info.shutdown && !d->shutdown_seen) {
        d->shutdown_seen = true;
        *fire = true;
    }
}

void domains_check(void)
{
    bool fire = false;

    domain_for_each_introduced(check_one, &fire);
    if (fire)
        watch_fire("@releaseDomain", NULL, 0);
}
