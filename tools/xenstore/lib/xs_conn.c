/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xs_conn.c - libxenstore's connection: opening, framing, the reader
 * thread and the event queue.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "xs_internal.h"

XS_API const char *xs_daemon_rundir(void)
{
    const char *s = getenv("XENSTORED_RUNDIR");

    return s && *s ? s : "/run/xenstored";
}

XS_API const char *xs_daemon_socket(void)
{
    static __thread char buf[256];
    const char *s = getenv("XENSTORED_PATH");

    if (s && *s)
        return s;
    if (getenv("XENSTORED_RUNDIR")) {
        snprintf(buf, sizeof(buf), "%s/socket", xs_daemon_rundir());
        return buf;
    }
    return "/run/xenstored/socket";
}

XS_API const char *xs_daemon_socket_ro(void);
XS_API const char *xs_daemon_socket_ro(void)
{
    return xs_daemon_socket();
}

static int open_socket(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;

        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* A socket path connects; anything else is opened as the xenbus device. */
static int open_path(const char *path)
{
    struct stat st;

    if (stat(path, &st) < 0)
        return -1;
    if (S_ISSOCK(st.st_mode))
        return open_socket(path);
    return open(path, O_RDWR | O_CLOEXEC);
}

XS_API struct xs_handle *xs_open(unsigned long flags)
{
    struct xs_handle *h;
    int fd = open_path(xs_daemon_socket());

    if (fd < 0 && !(flags & XS_OPEN_SOCKETONLY))
        fd = open_path("/dev/xen/xenbus");
    if (fd < 0)
        return NULL;
    h = calloc(1, sizeof(*h));
    if (!h || pipe2(h->event_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        free(h);
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    h->fd = fd;
    h->flags = flags;
    pthread_mutex_init(&h->req_lock, NULL);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    return h;
}

void xs_msg_free(struct xs_msg *m)
{
    if (m) {
        free(m->body);
        free(m);
    }
}

static void free_list(struct xs_msg *m)
{
    while (m) {
        struct xs_msg *next = m->next;

        xs_msg_free(m);
        m = next;
    }
}

XS_API void xs_close(struct xs_handle *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->closing = true;
    pthread_mutex_unlock(&h->lock);
    shutdown(h->fd, SHUT_RDWR);
    if (h->have_thread)
        pthread_join(h->thread, NULL);
    close(h->fd);
    close(h->event_pipe[0]);
    close(h->event_pipe[1]);
    xs_msg_free(h->reply);
    free_list(h->events);
    pthread_mutex_destroy(&h->req_lock);
    pthread_mutex_destroy(&h->lock);
    pthread_cond_destroy(&h->cond);
    free(h);
}

static bool read_all(struct xs_handle *h, void *buf, size_t len)
{
    char *p = buf;

    while (len) {
        size_t have = h->rend - h->rstart;
        ssize_t n;

        if (have) {
            size_t k = have < len ? have : len;

            memcpy(p, h->rbuf + h->rstart, k);
            h->rstart += (unsigned int)k;
            p += k;
            len -= k;
            continue;
        }
        n = read(h->fd, h->rbuf, sizeof(h->rbuf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        h->rstart = 0;
        h->rend = (unsigned int)n;
    }
    return true;
}

static struct xs_msg *read_msg(struct xs_handle *h)
{
    struct xs_msg *m = calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    if (!read_all(h, &m->hdr, sizeof(m->hdr)) ||
        m->hdr.len > XENSTORE_PAYLOAD_MAX ||
        !(m->body = malloc(m->hdr.len + 1)) ||
        !read_all(h, m->body, m->hdr.len)) {
        xs_msg_free(m);
        return NULL;
    }
    m->body[m->hdr.len] = '\0';
    return m;
}

/* File one message read from the socket; called with h->lock held. */
static void file_msg(struct xs_handle *h, struct xs_msg *m)
{
    if (m->hdr.type == XS_WATCH_EVENT) {
        char c = 1;

        if (h->events_tail)
            h->events_tail->next = m;
        else
            h->events = m;
        h->events_tail = m;
        if (write(h->event_pipe[1], &c, 1) < 0) {
            /* Pipe full: it is readable already. */
        }
    } else {
        xs_msg_free(h->reply);
        h->reply = m;
    }
    pthread_cond_broadcast(&h->cond);
}

/* Read one message as the current reader; h->lock held on entry/exit. */
static bool read_one(struct xs_handle *h)
{
    struct xs_msg *m;

    h->reading = true;
    pthread_mutex_unlock(&h->lock);
    m = read_msg(h);
    pthread_mutex_lock(&h->lock);
    h->reading = false;
    if (!m) {
        h->broken = true;
        pthread_cond_broadcast(&h->cond);
        return false;
    }
    file_msg(h, m);
    return true;
}

static void *reader(void *arg)
{
    struct xs_handle *h = arg;

    pthread_mutex_lock(&h->lock);
    while (!h->closing && !h->broken) {
        if (h->reading) {
            pthread_cond_wait(&h->cond, &h->lock);
            continue;
        }
        read_one(h);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

bool xs_start_reader(struct xs_handle *h)
{
    bool ok = true;

    pthread_mutex_lock(&h->lock);
    if (!h->have_thread) {
        ok = pthread_create(&h->thread, NULL, reader, h) == 0;
        h->have_thread = ok;
    }
    pthread_mutex_unlock(&h->lock);
    return ok;
}

static void drain_pipe_byte(struct xs_handle *h)
{
    char c;

    if (read(h->event_pipe[0], &c, 1) < 0) {
        /* Nothing to drain. */
    }
}

struct xs_msg *xs_next_event(struct xs_handle *h, bool block)
{
    struct xs_msg *m = NULL;

    pthread_mutex_lock(&h->lock);
    for (;;) {
        if (h->events) {
            m = h->events;
            h->events = m->next;
            if (!h->events)
                h->events_tail = NULL;
            drain_pipe_byte(h);
            break;
        }
        if (h->broken || !block) {
            errno = h->broken ? EPIPE : EAGAIN;
            break;
        }
        if (h->reading || h->have_thread)
            pthread_cond_wait(&h->cond, &h->lock);
        else
            read_one(h);
    }
    pthread_mutex_unlock(&h->lock);
    return m;
}

static bool write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static bool send_request(struct xs_handle *h, const struct xsd_sockmsg *hdr,
                         const struct iovec *iov, unsigned int n)
{
    char buf[sizeof(*hdr) + XENSTORE_PAYLOAD_MAX];
    size_t off = sizeof(*hdr);

    memcpy(buf, hdr, sizeof(*hdr));
    for (unsigned int i = 0; i < n; i++) {
        memcpy(buf + off, iov[i].iov_base, iov[i].iov_len);
        off += iov[i].iov_len;
    }
    return write_all(h->fd, buf, off);
}

/* Wait for the reply to the request just sent. */
static struct xs_msg *await_reply(struct xs_handle *h)
{
    struct xs_msg *m = NULL;

    pthread_mutex_lock(&h->lock);
    while (!h->reply && !h->broken) {
        if (h->reading || h->have_thread)
            pthread_cond_wait(&h->cond, &h->lock);
        else
            read_one(h);
    }
    m = h->reply;
    h->reply = NULL;
    pthread_mutex_unlock(&h->lock);
    return m;
}

void *xs_request(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                 const struct iovec *iov, unsigned int n, unsigned int *len)
{
    struct xsd_sockmsg hdr = { type, 0, t, 0 };
    struct xs_msg *m;
    void *body;

    for (unsigned int i = 0; i < n; i++)
        hdr.len += (uint32_t)iov[i].iov_len;
    if (hdr.len > XENSTORE_PAYLOAD_MAX) {
        errno = E2BIG;
        return NULL;
    }
    pthread_mutex_lock(&h->req_lock);
    hdr.req_id = ++h->next_req;
    if (!send_request(h, &hdr, iov, n)) {
        pthread_mutex_unlock(&h->req_lock);
        errno = EPIPE;
        return NULL;
    }
    m = await_reply(h);
    pthread_mutex_unlock(&h->req_lock);
    if (!m) {
        errno = EPIPE;
        return NULL;
    }
    if (m->hdr.type == XS_ERROR) {
        errno = xs_wire_errnum(m->body);
        xs_msg_free(m);
        return NULL;
    }
    body = m->body;
    if (len)
        *len = m->hdr.len;
    free(m);
    return body;
}
