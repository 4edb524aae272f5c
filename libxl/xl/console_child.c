/* SPDX-License-Identifier: GPL-2.0-only */
/* The console client of `xl create -c` and `xl restore -c` (console.h). */
#include <poll.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console.h"
#include "xl.h"

int xl_console_child_prepare(struct xl_console_child *cc)
{
    if (pipe(cc->pipe) == 0)
        return 0;
    perror("xl: pipe");
    return -1;
}

void xl_console_child_start(libxl_ctx *c, const char *what, unsigned long done,
                            unsigned long total, void *arg)
{
    struct xl_console_child *cc = arg;
    libxl_ctx *child_ctx = NULL;

    (void)c;
    (void)what;
    (void)total;
    cc->pid = fork();
    if (cc->pid != 0)
        return;
    /* The child talks to xenstore on a context of its own. */
    close(cc->pipe[0]);
    if (libxl_ctx_alloc(&child_ctx, LIBXL_VERSION, 0, logger))
        _exit(1);
    ctx = child_ctx;
    _exit(xl_console_attach((uint32_t)done, 0, LIBXL_CONSOLE_TYPE_PV,
                            cc->pipe[1]));
}

void xl_console_child_abort(struct xl_console_child *cc)
{
    close(cc->pipe[0]);
    close(cc->pipe[1]);
}

void xl_console_child_wait_attached(struct xl_console_child *cc)
{
    struct pollfd p = { .fd = cc->pipe[0], .events = POLLIN };
    char b;

    if (cc->pid <= 0)
        return;
    close(cc->pipe[1]);
    cc->pipe[1] = -1;
    if (poll(&p, 1, 60000) <= 0 || read(cc->pipe[0], &b, 1) != 1)
        fprintf(stderr, "xl: the console did not attach; unpausing anyway\n");
    close(cc->pipe[0]);
}

void xl_console_child_reap(struct xl_console_child *cc)
{
    int st;

    if (cc->pid > 0)
        waitpid(cc->pid, &st, 0);
}
