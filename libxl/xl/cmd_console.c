/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl console [-t pv|serial] [-n N] DOMAIN: the guest's console on this
 * terminal, as Xen's xenconsole client: raw mode, Ctrl-] leaves.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "xl.h"

#define ESCAPE_CHAR 0x1d /* Ctrl-] */

static struct termios saved;
static bool raw_set;

static void raw_mode(void)
{
    struct termios t;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) < 0)
        return;
    t = saved;
    cfmakeraw(&t);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0)
        raw_set = true;
}

static void restore_mode(void)
{
    if (raw_set)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    raw_set = false;
}

static bool write_all(int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

/* The pty, once xenconsoled has published it; NULL after a minute or if
 * the domain is gone. */
static char *wait_tty(uint32_t domid, int num, libxl_console_type type)
{
    time_t end = time(NULL) + 60;
    char *tty = NULL;
    int rc;

    while ((rc = libxl_console_get_tty(ctx, domid, num, type, &tty)) ==
               ERROR_NOTFOUND &&
           time(NULL) < end)
        usleep(100000);
    if (rc == ERROR_NOTFOUND)
        fprintf(stderr,
                "xl: domain %u has no console pty after 60 s; is "
                "xenconsoled running?\n",
                domid);
    else if (rc == ERROR_DOMAIN_NOTFOUND)
        fprintf(stderr, "xl: domain %u does not exist\n", domid);
    return rc ? NULL : tty;
}

/* Copies between the terminal and the pty until Ctrl-], EOF on the pty or
 * the domain's end. */
static int shuttle(uint32_t domid, int pty)
{
    char buf[4096];

    for (;;) {
        struct pollfd p[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
                               { .fd = pty, .events = POLLIN } };
        int n = poll(p, 2, 1000);
        char *tty = NULL;

        if (n < 0 && errno != EINTR)
            return 1;
        if (n == 0) {
            /* Is the domain still there? */
            int rc = libxl_console_get_tty(ctx, domid, 0, LIBXL_CONSOLE_TYPE_PV,
                                           &tty);
            free(tty);
            if (rc == ERROR_DOMAIN_NOTFOUND)
                return 0;
            continue;
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = read(pty, buf, sizeof(buf));
            if (r <= 0 && !(r < 0 && (errno == EINTR || errno == EAGAIN)))
                return 0;
            if (r > 0 && !write_all(STDOUT_FILENO, buf, (size_t)r))
                return 1;
        }
        if (p[0].revents & (POLLIN | POLLHUP)) {
            ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));
            char *esc;
            if (r == 0) {
                /* Input ended: keep showing output until the domain
                 * goes, as xenconsole does. */
                p[0].fd = -1;
                for (;;) {
                    struct pollfd q = { .fd = pty, .events = POLLIN };
                    char *t2 = NULL;
                    if (poll(&q, 1, 1000) > 0) {
                        r = read(pty, buf, sizeof(buf));
                        if (r <= 0 || !write_all(STDOUT_FILENO, buf, (size_t)r))
                            return 0;
                    } else if (libxl_console_get_tty(
                                   ctx, domid, 0, LIBXL_CONSOLE_TYPE_PV, &t2) ==
                               ERROR_DOMAIN_NOTFOUND) {
                        return 0;
                    } else {
                        free(t2);
                    }
                }
            }
            if (r < 0)
                continue;
            esc = memchr(buf, ESCAPE_CHAR, (size_t)r);
            if (esc) {
                write_all(pty, buf, (size_t)(esc - buf));
                return 0;
            }
            if (!write_all(pty, buf, (size_t)r))
                return 1;
        }
    }
}

int xl_console_attach(uint32_t domid, int num, libxl_console_type type,
                      int notify_fd)
{
    char *tty = wait_tty(domid, num, type);
    int pty, rc;

    if (!tty) {
        if (notify_fd >= 0)
            close(notify_fd);
        return EXIT_FAILURE;
    }
    pty = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (pty < 0) {
        fprintf(stderr, "xl: cannot open console pty %s of domain %u: %s\n",
                tty, domid, strerror(errno));
        free(tty);
        if (notify_fd >= 0)
            close(notify_fd);
        return EXIT_FAILURE;
    }
    free(tty);
    if (notify_fd >= 0) {
        write_all(notify_fd, "", 1);
        close(notify_fd);
    }
    raw_mode();
    rc = shuttle(domid, pty);
    restore_mode();
    close(pty);
    return rc;
}

static int console_main(int argc, char **argv)
{
    libxl_console_type type = LIBXL_CONSOLE_TYPE_PV;
    int opt, num = 0;
    long domid;

    while ((opt = xl_getopt(argc, argv, "n:t:", NULL, "console", 1)) != -1) {
        switch (opt) {
        case XL_OPT_EXIT:
            return xl_opt_status;
        case 't':
            if (!strcmp(optarg, "pv"))
                type = LIBXL_CONSOLE_TYPE_PV;
            else if (!strcmp(optarg, "serial"))
                type = LIBXL_CONSOLE_TYPE_SERIAL;
            else {
                fprintf(stderr, "console type supported are: pv, serial\n");
                return EXIT_FAILURE;
            }
            break;
        case 'n':
            num = atoi(optarg);
            break;
        }
    }
    domid = xl_find_domain(argv[optind]);
    if (domid < 0)
        return EXIT_FAILURE;
    if (xl_console_attach((uint32_t)domid, num, type, -1) == 0)
        return EXIT_SUCCESS;
    fprintf(stderr, "Unable to attach console\n");
    return EXIT_FAILURE;
}

XL_COMMAND(console, .fn = console_main, .summary = "Attach to domain's console",
           .usage = "[options] <Domain>",
           .options = "-t <type>       console type, pv or serial\n"
                      "-n <number>     console number\n");
