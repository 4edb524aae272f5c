/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * harness.c - start/stop a private xenstored and raw socket helpers.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char sock_path[108];

static void die(const char *msg)
{
    fprintf(stderr, "harness: %s: %s\n", msg, strerror(errno));
    exit(99);
}

static bool try_connect(void)
{
    int fd = raw_connect();

    if (fd < 0)
        return false;
    close(fd);
    return true;
}

pid_t harness_start(bool asan, const char *const *extra)
{
    const char *bin = getenv(asan ? "XSD_ASAN_BIN" : "XSD_BIN");
    const char *argv[32] = { NULL };
    int n = 0;
    pid_t pid;

    if (!bin)
        bin = getenv("XSD_BIN");
    if (!bin) {
        errno = EINVAL;
        die("XSD_BIN is not set");
    }
    snprintf(sock_path, sizeof(sock_path), "/tmp/xsd-test-%d-%ld.sock",
             (int)getpid(), (long)time(NULL) % 100000);
    setenv("XENSTORED_PATH", sock_path, 1);
    argv[n++] = bin;
    argv[n++] = "-N";
    argv[n++] = "-D";
    argv[n++] = "-c";
    argv[n++] = "/dev/null";
    argv[n++] = "-s";
    argv[n++] = sock_path;
    for (int i = 0; extra && extra[i] && n < 30; i++)
        argv[n++] = extra[i];
    pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    for (int i = 0; i < 500; i++) {
        if (try_connect())
            return pid;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    errno = ETIMEDOUT;
    die("daemon did not start");
    return -1;
}

bool harness_alive(pid_t pid)
{
    int status;

    return waitpid(pid, &status, WNOHANG) == 0;
}

int harness_stop(pid_t pid)
{
    int status;

    kill(pid, SIGTERM);
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    unlink(sock_path);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return -1;
}

struct xs_handle *harness_open(void)
{
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);

    if (!h)
        die("xs_open");
    return h;
}

struct xs_handle *harness_open_as(unsigned int domid)
{
    struct xs_handle *h = harness_open();
    char buf[16];
    char *r;

    snprintf(buf, sizeof(buf), "%u", domid);
    r = xs_control_command(h, "restrict", buf, (unsigned int)strlen(buf) + 1);
    if (!r)
        die("restrict");
    free(r);
    return h;
}

int raw_connect(void)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    strcpy(sa.sun_path, sock_path);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

int raw_send(int fd, uint32_t type, uint32_t req, uint32_t tx,
             const void *payload, uint32_t len)
{
    struct xsd_sockmsg h = { type, req, tx, len };
    char buf[sizeof(h) + 65536];
    size_t n = sizeof(h) + (len < 65536 ? len : 65536);

    memcpy(buf, &h, sizeof(h));
    if (len)
        memcpy(buf + sizeof(h), payload, n - sizeof(h));
    return send(fd, buf, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
}

static int read_exact(int fd, void *buf, size_t len, int timeout_ms)
{
    char *p = buf;

    while (len) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        ssize_t n;

        if (poll(&pfd, 1, timeout_ms) <= 0)
            return -2;
        n = recv(fd, p, len, 0);
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int raw_recv(int fd, struct xsd_sockmsg *h, char *payload, int timeout_ms)
{
    int r = read_exact(fd, h, sizeof(*h), timeout_ms);

    if (r)
        return r;
    if (h->len > XENSTORE_PAYLOAD_MAX)
        return -1;
    r = read_exact(fd, payload, h->len, timeout_ms);
    payload[r ? 0 : h->len] = '\0';
    return r;
}

int raw_call(int fd, uint32_t type, uint32_t tx, const void *payload,
             uint32_t len, struct xsd_sockmsg *h, char *reply)
{
    static uint32_t req = 1000;
    int r;

    if (raw_send(fd, type, ++req, tx, payload, len))
        return -1;
    do {
        r = raw_recv(fd, h, reply, 5000);
    } while (r == 0 && h->type == XS_WATCH_EVENT);
    return r;
}

long harness_rss_kb(pid_t pid)
{
    char path[64], line[256];
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "VmRSS: %ld", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}
