/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * socket.c - the unix socket transport and systemd socket activation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "config.h"
#include "conn.h"
#include "log.h"
#include "socket.h"
#include "util.h"

bool socket_owned;

static ssize_t sock_read(struct conn *c, void *buf, size_t len)
{
    ssize_t n = recv(c->fd, buf, len, MSG_DONTWAIT);

    if (n > 0)
        return n;
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    return -1;
}

static ssize_t sock_write(struct conn *c, const void *buf, size_t len)
{
    ssize_t n = send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

    if (n >= 0)
        return n;
    return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

static void sock_destroy(struct conn *c)
{
    close(c->fd);
}

static const struct conn_transport sock_tp = {
    .kind = "socket",
    .read = sock_read,
    .write = sock_write,
    .destroy = sock_destroy,
};

void socket_accept(int lfd)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd < 0) {
        if (errno != EAGAIN && errno != EINTR)
            log_warn("accept: %m");
        return;
    }
    conn_new(&sock_tp, fd, NULL, 0);
}

/* systemd passes sockets from fd 3 when LISTEN_PID is us. */
static int inherited(void)
{
    const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
    unsigned long p, n;

    if (!pid || !fds || !parse_uint(pid, ~0ul, &p) ||
        !parse_uint(fds, 64, &n) || p != (unsigned long)getpid() || n < 1)
        return -1;
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    fcntl(3, F_SETFD, FD_CLOEXEC);
    fcntl(3, F_SETFL, fcntl(3, F_GETFL) | O_NONBLOCK);
    return 3;
}

int socket_listen(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = inherited();
    char *dir, *slash;

    if (fd >= 0)
        return fd;
    if (strlen(path) >= sizeof(sa.sun_path)) {
        log_warn("socket path too long: %s", path);
        return -1;
    }
    dir = xstrdup(path);
    slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755);
    }
    free(dir);
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    unlink(path);
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        chmod(path, 0600) < 0 || listen(fd, 128) < 0) {
        log_warn("cannot listen on %s: %m", path);
        close(fd);
        return -1;
    }
    socket_owned = true;
    return fd;
}

/*
 * systemd's readiness protocol (Type=notify): one datagram "READY=1" to
 * the socket named by NOTIFY_SOCKET, a path or, after '@', an abstract
 * name.  Nothing to do when the variable is unset (not run by systemd).
 */
void socket_notify_ready(void)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    const char *path = getenv("NOTIFY_SOCKET");
    char msg[64];
    socklen_t len;
    size_t n;
    int fd;

    if (!path || (path[0] != '/' && path[0] != '@'))
        return;
    n = strlen(path);
    if (n >= sizeof(sa.sun_path)) {
        log_warn("NOTIFY_SOCKET too long: %s", path);
        return;
    }
    memcpy(sa.sun_path, path, n);
    if (path[0] == '@')
        sa.sun_path[0] = '\0';
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        log_warn("cannot tell systemd that xenstored is ready: %m");
        return;
    }
    snprintf(msg, sizeof(msg), "READY=1\nMAINPID=%ld", (long)getpid());
    if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa,
               len) < 0)
        log_warn("cannot tell systemd that xenstored is ready: %m");
    close(fd);
    unsetenv("NOTIFY_SOCKET");
}
