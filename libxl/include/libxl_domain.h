/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl: domain lifecycle: create, destroy, shutdown, reboot, pause, unpause,
 * rename (lib/domain*.c).  Included by libxl.h. */
#ifndef LIBXL_DOMAIN_H
#define LIBXL_DOMAIN_H

#include "libxl.h"

#endif
