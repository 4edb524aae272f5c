/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-init-dom0: gives domain 0 its place in xenstore once xenstored runs
 * (xen-init-dom0.service).  Writes /local/domain/0/domid ("0") and
 * /local/domain/0/name ("Domain-0"), makes sure domain 0 has a UUID (the
 * one given as the only argument, else a random one when the hypervisor
 * holds none) and records it as /local/domain/0/vm -> /vm/<uuid> with
 * /vm/<uuid>/uuid and /vm/<uuid>/name, as Xen 4.17's xen-init-dom0 does.
 *
 * Running it again is harmless: a domain 0 that already has its name and
 * id is left as it is ("Dom0 is already set up", exit status 0).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xctl.h"
#include "xenstore.h"

#define DOM0_PATH "/local/domain/0"
#define DOM0_NAME "Domain-0"

static int parse_uuid(const char *s, uint8_t out[16])
{
    unsigned i = 0;

    while (*s && i < 32) {
        int v;

        if (*s == '-' && (i == 8 || i == 12 || i == 16 || i == 20)) {
            s++;
            continue;
        }
        if (*s >= '0' && *s <= '9')
            v = *s - '0';
        else if (*s >= 'a' && *s <= 'f')
            v = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'F')
            v = *s - 'A' + 10;
        else
            return -1;
        if (i % 2 == 0)
            out[i / 2] = (uint8_t)(v << 4);
        else
            out[i / 2] |= (uint8_t)v;
        i++;
        s++;
    }
    return i == 32 && !*s ? 0 : -1;
}

static void format_uuid(const uint8_t u[16], char out[37])
{
    snprintf(out, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
             u[11], u[12], u[13], u[14], u[15]);
}

/* A random (version 4) UUID from the kernel's generator. */
static int random_uuid(uint8_t u[16])
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0)
        return -1;
    n = read(fd, u, 16);
    close(fd);
    if (n != 16)
        return -1;
    u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
    u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
    return 0;
}

static int is_zero(const uint8_t u[16])
{
    for (int i = 0; i < 16; i++)
        if (u[i])
            return 0;
    return 1;
}

static int write_node(struct xs_handle *xs, xs_transaction_t t,
                      const char *path, const char *value)
{
    if (xs_write(xs, t, path, value, strlen(value)))
        return 0;
    fprintf(stderr, "xen-init-dom0: cannot write %s: %s\n", path,
            strerror(errno));
    return -1;
}

int main(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    struct xs_handle *xs;
    struct xctl *xc;
    uint8_t uuid[16] = { 0 }, wanted[16];
    char uuid_str[37], vm[64], path[128];
    char *name, *domid;
    xs_transaction_t t;
    int rc = 1;

    if (argc > 2 ||
        (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))) {
        fprintf(stderr, "usage: %s [UUID]\n", argv[0]);
        return argc > 2 ? 2 : 0;
    }
    if (argc == 2 && argv[1][0] && parse_uuid(argv[1], wanted)) {
        fprintf(stderr, "xen-init-dom0: '%s' is not a UUID\n", argv[1]);
        return 2;
    }
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xen-init-dom0: cannot connect to xenstored: %s\n",
                strerror(errno));
        return 1;
    }
    name = xs_read(xs, XBT_NULL, DOM0_PATH "/name", NULL);
    domid = xs_read(xs, XBT_NULL, DOM0_PATH "/domid", NULL);
    if (name && domid) {
        printf("Dom0 is already set up\n");
        rc = 0;
        goto out_xs;
    }

    xc = xctl_open();
    if (!xc) {
        fprintf(stderr,
                "xen-init-dom0: cannot open the hypercall interface: "
                "%s\n",
                strerror(errno));
        goto out_xs;
    }
    if (xctl_domain_getinfo(xc, 0, &info) < 0) {
        fprintf(stderr,
                "xen-init-dom0: cannot read domain 0's information: "
                "%s\n",
                strerror(errno));
        goto out_xc;
    }
    memcpy(uuid, info.handle, sizeof(uuid));
    if (is_zero(uuid)) {
        if (argc == 2 && argv[1][0])
            memcpy(uuid, wanted, sizeof(uuid));
        else if (random_uuid(uuid)) {
            fprintf(stderr, "xen-init-dom0: no random numbers: %s\n",
                    strerror(errno));
            goto out_xc;
        }
        if (xctl_domain_sethandle(xc, 0, uuid) < 0) {
            fprintf(stderr, "xen-init-dom0: cannot set domain 0's UUID: %s\n",
                    strerror(errno));
            goto out_xc;
        }
    }
    format_uuid(uuid, uuid_str);
    snprintf(vm, sizeof(vm), "/vm/%s", uuid_str);

    for (;;) {
        t = xs_transaction_start(xs);
        if (t == XBT_NULL) {
            fprintf(stderr, "xen-init-dom0: cannot start a transaction: %s\n",
                    strerror(errno));
            goto out_xc;
        }
        if (write_node(xs, t, DOM0_PATH "/domid", "0") ||
            write_node(xs, t, DOM0_PATH "/name", DOM0_NAME) ||
            write_node(xs, t, DOM0_PATH "/vm", vm)) {
            xs_transaction_end(xs, t, true);
            goto out_xc;
        }
        snprintf(path, sizeof(path), "%s/uuid", vm);
        if (write_node(xs, t, path, uuid_str)) {
            xs_transaction_end(xs, t, true);
            goto out_xc;
        }
        snprintf(path, sizeof(path), "%s/name", vm);
        if (write_node(xs, t, path, DOM0_NAME)) {
            xs_transaction_end(xs, t, true);
            goto out_xc;
        }
        if (xs_transaction_end(xs, t, false))
            break;
        if (errno != EAGAIN) {
            fprintf(stderr, "xen-init-dom0: cannot commit: %s\n",
                    strerror(errno));
            goto out_xc;
        }
    }
    printf("Done setting up Dom0 (%s)\n", uuid_str);
    rc = 0;
out_xc:
    xctl_close(xc);
out_xs:
    free(name);
    free(domid);
    xs_close(xs);
    return rc;
}
