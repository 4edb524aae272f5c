/* SPDX-License-Identifier: GPL-2.0-only */
/* xl shutdown and xl reboot share their body (xl/xl_shutdown.c). */
#ifndef XL_SHUTDOWN_H
#define XL_SHUTDOWN_H

#include <stdbool.h>

int xl_shutdown_or_reboot(bool reboot, int argc, char **argv);

#endif
