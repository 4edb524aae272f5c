/* SPDX-License-Identifier: GPL-2.0-only */
/* The domain monitor `xl create` leaves behind (xl/monitor.c). */
#ifndef XL_MONITOR_H
#define XL_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "libxl.h"

/*
 * Watches domid until it is gone, applying cfg's on_poweroff / on_reboot /
 * on_crash / on_watchdog actions when it shuts down: destroy, restart
 * (destroy, then create it again from cfg), rename-restart (keep the old
 * one renamed NAME-<UTC time>, start a new one), preserve (leave it).
 * Unless foreground, it becomes a daemon logging to
 * /var/log/xen/xl-NAME.log (the previous logs rotated to .1 ... .10) and
 * returns 0 in the calling process at once; the daemon never returns.
 * In the foreground it returns when the domain is gone: 0, or 1 when
 * watching or restarting failed.
 */
int xl_monitor_domain(uint32_t domid, libxl_domain_config *cfg,
                      bool foreground);

#endif
