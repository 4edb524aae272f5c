/*
 * main.c - xenstored: start-up, the poll loop and signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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

static void main_loop(int lfd)
{
    struct pollfd *pfd = NULL;
    struct conn **who = NULL;
    size_t cap = 0;

    for (;;) {
        size_t n = 0, want = 3;
        struct conn *c;
        int timeout;

        for (c = conn_list; c; c = c->next)
            want++;
        if (want > cap) {
            cap = want * 2;
            pfd = xrealloc(pfd, cap * sizeof(*pfd));
            who = xrealloc(who, cap * sizeof(*who));
        }
        pfd[n++] = (struct pollfd){ sigpipe_fds[0], POLLIN, 0 };
        pfd[n++] = (struct pollfd){ lfd, POLLIN, 0 };
        pfd[n++] = (struct pollfd){ ring_evtchn_fd(), POLLIN, 0 };
        timeout = -1;
        for (c = conn_list; c; c = c->next) {
            if (conn_has_buffered_input(c))
                timeout = 0;
            if (c->fd < 0)
                continue;
            who[n] = c;
            pfd[n++] =
                (struct pollfd){ c->fd,
                                 (short)((conn_wants_input(c) ? POLLIN : 0) |
                                         (c->out_head ? POLLOUT : 0)),
                                 0 };
        }
        if (poll(pfd, n, timeout) < 0 && errno != EINTR)
            log_fatal("poll: %m");
        if ((pfd[0].revents & POLLIN) && !handle_signals())
            break;
        if (pfd[1].revents & POLLIN)
            socket_accept(lfd);
        if (pfd[2].revents & POLLIN)
            ring_handle_events();
        for (size_t i = 3; i < n; i++) {
            if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
                conn_handle_input(who[i]);
        }
        reap_and_flush();
    }
    free(pfd);
    free(who);
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
    log_info("xenstored running, socket %s", cfg.socket_path);
    main_loop(lfd);
    log_info("xenstored exiting");
    if (socket_owned)
        unlink(cfg.socket_path);
    log_close();
    return 0;
}
