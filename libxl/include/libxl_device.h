/* SPDX-License-Identifier: LGPL-2.1-only */
/* libxl: devices: vif, vbd, console add/remove/list (lib/device*.c).  Included
 * by libxl.h. */
#ifndef LIBXL_DEVICE_H
#define LIBXL_DEVICE_H

#include "libxl.h"

#endif
