/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * main.c - xenstored: start-up, the poll loop and signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "conn.h"
#include "db.h"
#include "log.h"
#include "ring.h"
#include "socket.h"
#include "util.h"

static int sigpipe_fds[2];

static void on_signal(int sig)
{
    unsigned char c = (unsigned char)sig;
    int saved = errno;

    if (write(sigpipe_fds[1], &c, 1) < 0) {
        /* The pipe is full: a wakeup is already pending. */
    }
    errno = saved;
}

static void setup_signals(void)
{
    struct sigaction sa = { .sa_handler = on_signal };

    if (pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK) < 0)
        log_fatal("pipe: %m");
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Returns false when the daemon should exit. */
static bool handle_signals(void)
{
    unsigned char c;
    bool run = true;

    while (read(sigpipe_fds[0], &c, 1) == 1) {
        if (c == SIGHUP) {
            log_reopen();
            log_info("SIGHUP: logs reopened");
        } else {
            run = false;
        }
    }
    return run;
}

static void daemonise(void)
{
    pid_t pid = fork();

    if (pid < 0)
        log_fatal("fork: %m");
    if (pid > 0)
        _exit(0);
    setsid();
    pid = fork();
    if (pid < 0)
        log_fatal("fork: %m");
    if (pid > 0)
        _exit(0);
    if (chdir("/") < 0)
        log_fatal("chdir: %m");
    int fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2)
            close(fd);
    }
}

static void write_pid_file(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f)
        log_fatal("cannot write pid file %s: %m", path);
    fprintf(f, "%ld\n", (long)getpid());
    fclose(f);
}

static void reap_and_flush(void)
{
    struct conn *c, *next;

    for (c = conn_list; c; c = c->next) {
        if (c->dead)
            continue;
        conn_flush(c);
        /* Requests held back by back-pressure may go on now. */
        if (conn_has_buffered_input(c)) {
            conn_handle_input(c);
            conn_flush(c);
        }
    }
    ring_kick_all();
    for (c = conn_list; c; c = next) {
        next = c->next;
        if (c->dead)
            conn_free(c);
    }
}

/* epoll data for the daemon's own descriptors (connections use theirs). */
static char mark_signal, mark_listen, mark_ring;

static void ep_add(int ep, int fd, uint32_t events, void *ptr)
{
    struct epoll_event ev = { .events = events, .data.ptr = ptr };

    if (fd >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
        log_fatal("epoll_ctl: %m");
}

/*
 * Register new socket connections and keep each one's events in step
 * with its state: readable while it may send requests, writable while
 * output is queued.  Returns true if some connection has buffered input
 * it may act on now.
 */
static bool update_interest(int ep)
{
    bool pending = false;

    for (struct conn *c = conn_list; c; c = c->next) {
        uint32_t want;
        struct epoll_event ev;

        pending |= conn_has_buffered_input(c);
        if (c->fd < 0)
            continue;
        want =
            (conn_wants_input(c) ? EPOLLIN : 0) | (c->out_head ? EPOLLOUT : 0);
        if (c->ev_registered && want == c->ev_mask)
            continue;
        ev.events = want;
        ev.data.ptr = c;
        if (epoll_ctl(ep, c->ev_registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
                      c->fd, &ev) < 0)
            c->dead = true;
        c->ev_registered = true;
        c->ev_mask = want;
    }
    return pending;
}

static void main_loop(int lfd)
{
    struct epoll_event evs[64];
    int ep = epoll_create1(EPOLL_CLOEXEC);

    if (ep < 0)
        log_fatal("epoll_create1: %m");
    ep_add(ep, sigpipe_fds[0], EPOLLIN, &mark_signal);
    ep_add(ep, lfd, EPOLLIN, &mark_listen);
    ep_add(ep, ring_evtchn_fd(), EPOLLIN, &mark_ring);
    for (;;) {
        int n =
            epoll_wait(ep, evs, ARRAY_SIZE(evs), update_interest(ep) ? 0 : -1);
        bool stop = false;

        if (n < 0 && errno != EINTR)
            log_fatal("epoll_wait: %m");
        for (int i = 0; i < n; i++) {
            void *p = evs[i].data.ptr;

            if (p == &mark_signal)
                stop |= !handle_signals();
            else if (p == &mark_listen)
                socket_accept(lfd);
            else if (p == &mark_ring)
                ring_handle_events();
            else if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                conn_handle_input(p);
        }
        reap_and_flush();
        if (stop)
            break;
    }
    close(ep);
}

int main(int argc, char **argv)
{
    int lfd, r;

    config_defaults();
    r = config_parse_args(argc, argv);
    if (r)
        return r > 0 ? 0 : 2;
    log_open(!cfg.no_fork, cfg.trace_file);
    db_init();
    lfd = socket_listen(cfg.socket_path);
    if (lfd < 0)
        log_fatal("no listening socket");
    if (ring_init() == 0 && !cfg.no_domain_init && ring_attach_dom0())
        log_warn("dom0's xenbus ring is not connected");
    if (!cfg.no_fork)
        daemonise();
    if (cfg.pid_file)
        write_pid_file(cfg.pid_file);
    if (cfg.output_pid) {
        printf("%ld\n", (long)getpid());
        fflush(stdout);
    }
    setup_signals();
    socket_notify_ready();
    log_info("xenstored running, socket %s", cfg.socket_path);
    main_loop(lfd);
    log_info("xenstored exiting");
    if (socket_owned)
        unlink(cfg.socket_path);
    log_close();
    return 0;
}
