/* SPDX-License-Identifier: GPL-2.0-only */
/* xl's console client (xl/cmd_console.c), also used by `xl create -c`. */
#ifndef XL_CONSOLE_H
#define XL_CONSOLE_H

#include <stdint.h>
#include <sys/types.h>

#include "libxl.h"

/*
 * Connects the terminal to console num of domid (the pty xenconsoled
 * publishes in xenstore, waited for up to a minute), in raw mode, until
 * Ctrl-] is typed or the domain goes away.  When notify_fd >= 0 a zero
 * byte is written to it once the pty is open (xl create -c unpauses the
 * guest then), and it is closed.  Returns the exit status.
 */
int xl_console_attach(uint32_t domid, int num, libxl_console_type type,
                      int notify_fd);

/*
 * `xl create -c` / `xl restore -c` (xl/console_child.c): prepare makes the
 * pipe (0, or -1 said on stderr); start is the libxl progress callback that
 * forks the console client once the console exists; abort closes the pipe
 * when creation failed; wait_attached waits (up to a minute) for the client
 * to attach before the guest is unpaused; reap waits for it to end.
 */
struct xl_console_child {
    int pipe[2];
    pid_t pid;
};
#define XL_CONSOLE_CHILD_INIT \
    {                         \
        { -1, -1 }, -1        \
    }
int xl_console_child_prepare(struct xl_console_child *cc);
void xl_console_child_start(libxl_ctx *c, const char *what, unsigned long done,
                            unsigned long total, void *arg);
void xl_console_child_abort(struct xl_console_child *cc);
void xl_console_child_wait_attached(struct xl_console_child *cc);
void xl_console_child_reap(struct xl_console_child *cc);

#endif
