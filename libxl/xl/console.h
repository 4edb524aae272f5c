/* SPDX-License-Identifier: GPL-2.0-only */
/* xl's console client (xl/cmd_console.c), also used by `xl create -c`. */
#ifndef XL_CONSOLE_H
#define XL_CONSOLE_H

#include <stdint.h>

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

#endif
