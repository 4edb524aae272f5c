/* SPDX-License-Identifier: GPL-2.0-only */
/* What xl restore and xl migrate-receive share (xl/cmd_restore.c). */
#ifndef XL_RESTORE_H
#define XL_RESTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "xl.h"

struct xl_restore_opts {
    bool console, paused, foreground, monitor;
};

/* cfg initialised, and parsed from config_file when given (the
 * "Parsing config from" line first).  0 or -1 after a message. */
int xl_restore_config(const char *config_file, libxl_domain_config *cfg);
/* The domain restored from fd, console, unpause, monitor as o says.
 * Returns the exit status; *domid_r (may be NULL) the new domain. */
int xl_restore_and_run(int fd, libxl_domain_config *cfg,
                       const struct xl_restore_opts *o, uint32_t *domid_r);

#endif
