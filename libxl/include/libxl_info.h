/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl: information and tuning: list, info, vCPUs, memory, schedulers,
 * cpupools (lib/info*.c, lib/sched*.c, lib/cpupool*.c).  Included by libxl.h.
 */
#ifndef LIBXL_INFO_H
#define LIBXL_INFO_H

#include "libxl.h"

#endif
